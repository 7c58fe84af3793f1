"""The skill API: what a skill author writes.

A skill is a class. Each intent is a method carrying templates::

    from os1.skill import Skill, intent

    class CoinSkill(Skill):
        title = "Coin"
        description = "flips a coin"

        @intent("flip", "flip a coin", "heads or tails", help="flip a coin")
        def flip(self, match, ctx):
            return ctx.reply("Heads.")

Register the class under the entry-point group ``os1.skills`` and OS¹ finds it. Decorators only
attach metadata; the base class collects it once per class.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from .events import IntentMatch, Response

__all__ = ["Skill", "SkillEnv", "IntentSpec", "Answer", "Panel", "intent"]


@dataclass(frozen=True)
class IntentSpec:
    """An intent as declared by ``@intent``."""

    name: str
    templates: tuple[str, ...]
    help: str = ""
    """What a person can do with it, for "what can you do" ("set a timer")."""
    examples: tuple[str, ...] = ()
    """Sentences to show as examples; the first template's first sentence if empty."""
    method: str = ""
    """The handler method's name (filled in by the base class)."""
    contextual: bool = False
    """Only considered while this skill is in the conversation ("delete that", "next", "undo")."""


@dataclass(frozen=True)
class Panel:
    """A dashboard panel a skill fills with the ``data`` of its responses."""

    name: str
    title: str
    """Heading shown above the panel."""


@dataclass(frozen=True)
class Answer:
    """The person's answer to a question a skill asked."""

    text: str
    """The answer as said."""
    yes: bool | None = None
    """For a confirmation: True for yes, False for no."""
    choice: int | None = None
    """For a choice: the index of the chosen option."""
    data: dict[str, Any] = field(default_factory=dict)
    """What the skill attached to the question."""


@dataclass(frozen=True)
class SkillEnv:
    """What a skill gets when it is created: its own settings, data directory and logger."""

    name: str
    settings: Mapping[str, Any]
    """This skill's section of the settings file (``[skills.NAME]``)."""
    data_dir: Path
    """A directory for this skill's files (created on first use by the skill)."""
    log: logging.Logger
    services: Mapping[str, Any] = field(default_factory=dict)
    """Shared services by name (``memory``)."""


def intent(
    name: str, *templates: str, help: str = "", examples: Sequence[str] = (), contextual: bool = False
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Mark a method as the handler of intent *name*, understood through *templates*.

    The handler is called as ``method(match, ctx)`` with an
    :class:`~os1.events.IntentMatch` and a :class:`~os1.context.Context`, and returns a
    :class:`~os1.events.Response` (``ctx.reply(...)``) or a plain string.

    A *contextual* intent ("delete that", "next", "undo") is only considered while its skill is
    part of the conversation (it answered within the last ten minutes); when several skills are,
    the one spoken to most recently wins a tie.
    """
    if not templates:
        raise ValueError(f"intent {name!r} needs at least one template")

    def mark(func: Callable[..., Any]) -> Callable[..., Any]:
        spec = IntentSpec(name, tuple(templates), help, tuple(examples), func.__name__, contextual)
        func._os1_intent = spec  # type: ignore[attr-defined]
        return func

    return mark


class Skill:
    """Base class of every skill.

    Class attributes a skill may set: ``title`` and ``description`` (for help and ``os1 skills
    list``), ``lists`` (slot lists by name: phrases or (phrase, value) pairs), ``rules`` (named
    templates for ``<name>``), ``timeout`` (seconds a handler may run), ``panels``.
    """

    name: ClassVar[str] = ""
    """Set from the entry-point name when loaded."""
    title: ClassVar[str] = ""
    description: ClassVar[str] = ""
    lists: ClassVar[Mapping[str, Sequence[str | tuple[str, Any]]]] = {}
    rules: ClassVar[Mapping[str, str]] = {}
    timeout: ClassVar[float | None] = None
    """Seconds a handler may run before OS¹ answers for it; None for the ``skill_timeout`` setting."""
    panels: ClassVar[Sequence[Panel]] = ()
    intents: ClassVar[tuple[IntentSpec, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        found: dict[str, IntentSpec] = {}
        for klass in reversed(cls.__mro__):
            for attr, value in vars(klass).items():
                spec = getattr(value, "_os1_intent", None)
                if isinstance(spec, IntentSpec):
                    found[spec.name] = IntentSpec(
                        spec.name, spec.templates, spec.help, spec.examples, attr, spec.contextual
                    )
        cls.intents = tuple(found.values())

    def __init__(self, env: SkillEnv) -> None:
        self.env = env

    def start(self) -> None:
        """Optional: open files or connections. Called once, before the first turn."""

    def close(self) -> None:
        """Optional: release what :meth:`start` opened."""

    def greet(self, ctx: Any) -> Response | str | None:
        """Optional: something to say when a conversation starts (an introduction, missed reminders).

        Only skills that override this are started at the beginning of a session.
        """
        return None

    def due(self, ctx: Any) -> Sequence[Response | str]:
        """Optional: things to say now without being asked (reminders, timers).

        Front ends call :meth:`os1.assistant.Assistant.poll` about once a second; it calls this for
        every started skill that overrides it. Keep it fast: no network, no heavy work.
        """
        return ()


Handler = Callable[[IntentMatch, Any], "Response | str"]
