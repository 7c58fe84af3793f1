"""The per-turn context a skill handler receives."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .events import Question, Response

if TYPE_CHECKING:
    from .memory import Memory

__all__ = ["Context", "QUESTION_TTL"]

QUESTION_TTL = 300.0
"""Seconds a follow-up question stays open."""


class Context:
    """Everything a handler may use: the clock, its settings and data, memory, and ways to answer.

    Attributes:
        now: the time of this turn (aware).
        tz: the person's time zone.
        settings: this skill's settings section.
        data_dir: this skill's data directory (created on first access).
        log: this skill's logger.
        memory: what OS¹ remembers about the person (name, facts).
        session: a JSON-able dict this skill keeps between turns of one conversation
            (the film being talked about, the message being read); it expires with the
            conversation.
    """

    def __init__(
        self,
        skill: str,
        now: datetime,
        settings: Mapping[str, Any],
        data_dir: Path,
        memory: Memory,
        session: dict[str, Any],
        assistant_name: str = "Samantha",
        skills_help: Sequence[tuple[str, str, Sequence[str]]] = (),
    ) -> None:
        self.skill = skill
        self.now = now
        self.tz: tzinfo = now.tzinfo  # type: ignore[assignment]
        self.settings = settings
        self._data_dir = data_dir
        self.memory = memory
        self.session = session
        self.assistant_name = assistant_name
        self.skills_help = skills_help
        self.log = logging.getLogger(f"os1.skill.{skill}")

    @property
    def data_dir(self) -> Path:
        self._data_dir.mkdir(parents=True, exist_ok=True)
        return self._data_dir

    @property
    def user_name(self) -> str | None:
        """The person's name, if they told it."""
        return self.memory.get("user.name")

    def reply(self, text: str, display: str | None = None, data: Mapping[str, Any] | None = None) -> Response:
        """An answer, spoken as *text*; *display* is a longer version to show; *data* fills panels."""
        return Response(text, display, dict(data or {}))

    def _ask(self, kind: str, text: str, then: Any, options: Sequence[str], data: Mapping[str, Any] | None) -> Response:
        method = then if isinstance(then, str) else getattr(then, "__name__", "")
        if not method.isidentifier() or getattr(then, "__self__", None) is None and not isinstance(then, str):
            raise ValueError(f"then= must be a method of the skill (or its name), not {then!r}")
        question = Question(kind, text, self.skill, method, tuple(options), dict(data or {}),
                            self.now.timestamp() + QUESTION_TTL)
        return Response(text, None, {}, question)

    def confirm(self, text: str, then: Any, data: Mapping[str, Any] | None = None) -> Response:
        """Ask a yes/no question; ``then(answer, ctx)`` gets an Answer with ``yes`` set."""
        return self._ask("confirm", text, then, (), data)

    def choose(self, text: str, options: Sequence[str], then: Any, data: Mapping[str, Any] | None = None) -> Response:
        """Ask the person to pick one of *options*; ``then`` gets an Answer with ``choice`` set."""
        return self._ask("choice", text, then, options, data)

    def ask(self, text: str, then: Any, data: Mapping[str, Any] | None = None) -> Response:
        """Ask for a free answer; ``then`` gets an Answer with the text."""
        return self._ask("free", text, then, (), data)
