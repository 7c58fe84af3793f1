"""Finding skills (entry-point group ``os1.skills``) and loading them, one failure at a time."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points

from .skill import Skill

__all__ = ["GROUP", "SkillInfo", "LoadProblem", "discover", "load_classes"]

GROUP = "os1.skills"
log = logging.getLogger("os1.registry")


@dataclass(frozen=True)
class SkillInfo:
    """A skill class and where it came from."""

    name: str
    cls: type[Skill]
    origin: str
    """The distribution that provides it ("os1 0.1.0", "os1-skill-units 1.0"), or "built-in"."""


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
    return sorted(entry_points(group=GROUP), key=lambda ep: ep.name)


def _origin(ep: EntryPoint) -> str:
    dist = getattr(ep, "dist", None)
    return f"{dist.name} {dist.version}" if dist is not None else "unknown"


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
        origin = _origin(ep)
        try:
            cls = ep.load()
        except BaseException as exc:  # a plugin may raise anything, even SystemExit
            log.exception("skill %s (%s) failed to import", ep.name, origin)
            problems.append(LoadProblem(ep.name, origin, "import", f"{type(exc).__name__}: {exc}"))
            continue
        if not (isinstance(cls, type) and issubclass(cls, Skill)):
            problems.append(LoadProblem(ep.name, origin, "class", f"{ep.value} is not an os1.skill.Skill subclass"))
            continue
        found.append(SkillInfo(ep.name, cls, origin))
    for cls in extra:
        name = cls.name or cls.__name__.lower().removesuffix("skill")
        found.append(SkillInfo(name, cls, "given"))
    return found, problems
