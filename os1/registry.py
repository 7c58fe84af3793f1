"""Finding skills (entry-point group ``os1.skills``) and loading them, one failure at a time."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .skill import IntentSpec, Panel, Skill

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

    from .templates import Compiled

__all__ = ["GROUP", "SkillMeta", "SkillInfo", "LoadProblem", "StaleSkill", "discover", "given", "load_class",
           "load_classes", "origin_of"]

GROUP = "os1.skills"
log = logging.getLogger("os1.registry")


@dataclass(frozen=True)
class SkillMeta:
    """What OS¹ knows about a skill without running it: its class attributes, as declared.

    The values are the class's own objects, unchecked: a malformed plugin is found out where they
    are used, with the same message whether they came from the class or from the skill index cache.
    """

    title: Any
    description: Any
    intents: tuple[IntentSpec, ...]
    lists: Mapping[str, Sequence[str | tuple[str, Any]]]
    """Slot lists by name."""
    rules: Mapping[str, str]
    """Named templates for ``<name>``."""
    panels: Sequence[Panel]
    greets: bool
    """It overrides :meth:`Skill.greet`, so it is started when a conversation starts."""

    @classmethod
    def of(cls, skill: type[Skill]) -> SkillMeta:
        """The metadata of a skill class."""
        return cls(skill.title, skill.description, skill.intents, skill.lists, skill.rules, skill.panels,
                   skill.greet is not Skill.greet)


class StaleSkill(Exception):
    """A skill known from the skill index cache could not be imported, or is not what the cache says."""


class SkillInfo:
    """A skill and where it came from.

    Either the class is given, or (from the skill index cache) its metadata, its compiled templates
    and a function that imports the class on first use of :attr:`cls`.

    Args:
        name: the entry-point name.
        cls: the skill class.
        origin: the distribution that provides it ("os1 0.1.0", "os1-skill-units 1.0"), or "given".
        meta: the class's metadata, when the class is not imported yet.
        load: imports the class; raises :class:`StaleSkill` when that fails.
        compiled: the skill's templates, already compiled (None: compile them from the metadata).
    """

    def __init__(self, name: str, cls: type[Skill] | None = None, origin: str = "", *,
                 meta: SkillMeta | None = None, load: Callable[[], type[Skill]] | None = None,
                 compiled: Sequence[Compiled] | None = None) -> None:
        if cls is None and (meta is None or load is None):
            raise TypeError("a SkillInfo needs the skill class, or its metadata and a way to import it")
        self.name = name
        self.origin = origin
        self._cls = cls
        self._meta = meta
        self._load = load
        self.compiled: tuple[Compiled, ...] | None = tuple(compiled) if compiled is not None else None
        """The skill's templates already compiled, or None."""

    @property
    def cls(self) -> type[Skill]:
        """The skill class, imported now if it was not yet (which may raise :class:`StaleSkill`)."""
        if self._cls is None:
            assert self._load is not None
            self._cls = self._load()
        return self._cls

    @property
    def loaded(self) -> bool:
        """True when the class has been imported."""
        return self._cls is not None

    @property
    def meta(self) -> SkillMeta:
        """Title, intents, lists, rules, panels: from the class once imported, else from the cache."""
        return SkillMeta.of(self._cls) if self._cls is not None else self._meta  # type: ignore[return-value]

    def __repr__(self) -> str:
        state = self._cls.__qualname__ if self._cls is not None else "not imported"
        return f"SkillInfo({self.name!r}, {state}, {self.origin!r})"


@dataclass(frozen=True)
class LoadProblem:
    """A skill that could not be loaded or started."""

    name: str
    origin: str
    stage: str
    """``import``, ``class`` or ``start``."""
    message: str

    def sentence(self) -> str:
        """What to tell the person."""
        what = {"import": "could not be loaded", "class": "is not a valid skill",
                "start": "failed to start"}[self.stage]
        return f"The {self.name} skill ({self.origin}) {what}: {self.message}"


def discover() -> list[EntryPoint]:
    """Every entry point in the ``os1.skills`` group, sorted by name (built-in skills included)."""
    from importlib.metadata import entry_points  # ~20 ms: only when the skills are looked for

    return sorted(entry_points(group=GROUP), key=lambda ep: ep.name)


def origin_of(ep: EntryPoint) -> str:
    """The distribution that provides *ep*, as "name version"."""
    dist = getattr(ep, "dist", None)
    return f"{dist.name} {dist.version}" if dist is not None else "unknown"


def load_class(name: str, origin: str, value: str, load: Callable[[], Any]) -> SkillInfo | LoadProblem:
    """Import one skill class with *load*; a failure is returned as a LoadProblem, never raised.

    Args:
        name: the entry-point name.
        origin: where it comes from, for messages.
        value: the entry point's ``module:Class``, for messages.
        load: imports and returns the class (``EntryPoint.load``).
    """
    try:
        cls = load()
    except BaseException as exc:  # a plugin may raise anything, even SystemExit
        log.exception("skill %s (%s) failed to import", name, origin)
        return LoadProblem(name, origin, "import", f"{type(exc).__name__}: {exc}")
    if not (isinstance(cls, type) and issubclass(cls, Skill)):
        return LoadProblem(name, origin, "class", f"{value} is not an os1.skill.Skill subclass")
    return SkillInfo(name, cls, origin)


def load_classes(
    eps: Iterable[EntryPoint], disabled: Sequence[str] = (), extra: Iterable[type[Skill]] = ()
) -> tuple[list[SkillInfo], list[LoadProblem]]:
    """Import each entry point's skill class; a failure is recorded, never raised.

    Args:
        eps: entry points from :func:`discover`.
        disabled: skill names to leave out.
        extra: skill classes given directly (tests, ``os1.testing``), named by ``cls.name``.
    """
    found: list[SkillInfo] = []
    problems: list[LoadProblem] = []
    for ep in eps:
        if ep.name in disabled:
            continue
        outcome = load_class(ep.name, origin_of(ep), ep.value, ep.load)
        if isinstance(outcome, LoadProblem):
            problems.append(outcome)
        else:
            found.append(outcome)
    found.extend(given(extra))
    return found, problems


def given(classes: Iterable[type[Skill]]) -> list[SkillInfo]:
    """Skill classes given directly, named by ``cls.name`` (or the class name without "Skill")."""
    return [SkillInfo(cls.name or cls.__name__.lower().removesuffix("skill"), cls, "given") for cls in classes]
