"""Build an Assistant: the one factory the CLI, the dashboard and the tests all use."""

from __future__ import annotations

import logging
import logging.handlers
import os
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from .assistant import Assistant
from .clock import local_zone, make_clock
from .memory import Memory
from .paths import Paths, resolve_paths
from .registry import discover, load_classes
from .settings import Settings, load_settings
from .skill import Skill

__all__ = ["build_assistant", "setup_logging"]


def build_assistant(
    home: str | os.PathLike[str] | None = None,
    overrides: dict[str, Any] | None = None,
    skills: Iterable[type[Skill]] = (),
    discover_skills: bool = True,
    now: datetime | None = None,
    settings: Settings | None = None,
    lazy: bool = False,
) -> Assistant:
    """Load settings, find skills, open memory.

    Args:
        home: a directory for all state (``--home``); None for ``$OS1_HOME`` or XDG.
        overrides: settings from command-line flags.
        skills: extra skill classes (tests).
        discover_skills: also load the installed skills (entry-point group ``os1.skills``).
        now: a fixed clock.
        settings: already-loaded settings (then *home* and *overrides* are ignored).
        lazy: take the installed skills' templates from the skill index cache and import a skill
            only when it answers or greets (:mod:`os1._skillcache`; the ``skill_cache`` setting
            can turn it off). For one-shot commands: a front end that shows every skill's panels
            imports them all anyway.

    Raises:
        SettingsError: the settings file is unreadable; the message names it.
    """
    if settings is None:
        settings = load_settings(resolve_paths(home), overrides)
    paths = settings.paths
    assert isinstance(paths, Paths)
    reload = None
    if lazy and discover_skills and settings.skill_cache:
        from ._skillcache import SkillIndexCache

        cache = SkillIndexCache(paths.cache, settings.disabled_skills, skills)
        found, problems = cache.load()
        reload = cache.rebuild
    else:
        found, problems = load_classes(discover() if discover_skills else [], settings.disabled_skills, skills)
    zone = local_zone(settings.timezone)
    if now is not None and now.tzinfo is None:
        now = now.replace(tzinfo=zone)
    return Assistant(settings, found, problems, Memory(paths.memory_db), make_clock(zone, now), reload)


LOG_BYTES = 5_000_000
"""Size at which ``os1.log`` is rotated (kept: ``os1.log.1`` .. ``os1.log.3``)."""
LOG_BACKUPS = 3


def setup_logging(paths: Paths, verbose: bool = False) -> None:
    """Log OS¹'s own loggers to ``<state>/os1.log`` (and stderr with *verbose*); never to the conversation."""
    logger = logging.getLogger("os1")
    logger.setLevel(logging.INFO)
    target = str(paths.log_file)
    if any(getattr(h, "baseFilename", None) == target for h in logger.handlers):
        return
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        paths.state.mkdir(parents=True, exist_ok=True)
        # rotated, so a long-running dashboard on a machine that underruns (each underrun is a line) stays small
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            paths.log_file, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
        handler.setFormatter(formatter)
        logger.addHandler(handler)
    except OSError:
        pass
    if verbose:
        stream = logging.StreamHandler()
        stream.setFormatter(formatter)
        logger.addHandler(stream)
