"""``os1 prepare``: build now what OS¹ otherwise builds on first use (``scripts/setup.sh`` runs it).

- the skill index cache, so that ``os1 ask`` imports only the skill that answers;
- the film database (about 30 MB in the cache directory; a few seconds to build), so that the first
  film question is answered at once.

Each part that fails is reported in one line and the others are still built; the exit status is 1
then. Nothing here is needed: OS¹ builds both on first use.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

from ._cli_common import fail
from .app import setup_logging
from .paths import resolve_paths
from .settings import Settings, SettingsError, load_settings


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--quiet", "-q", action="store_true", help="print only problems")


def run(args: argparse.Namespace) -> int:
    paths = resolve_paths(args.home)
    try:
        settings = load_settings(paths)
    except SettingsError as exc:
        return fail(str(exc))
    setup_logging(paths, args.verbose)
    say: Callable[[str], None] = (lambda text: None) if args.quiet else print
    ok = _skill_index(settings, say)
    return 0 if _films(settings, say) and ok else 1


def _skill_index(settings: Settings, say: Callable[[str], None]) -> bool:
    from ._skillcache import SkillIndexCache

    assert settings.paths is not None
    if not settings.skill_cache:
        say("skill index: not used (skill_cache is off)")
        return True
    cache = SkillIndexCache(settings.paths.cache, settings.disabled_skills)
    cache.settle()
    found, problems = cache.rebuild()
    for problem in problems:
        print(f"os1: {problem.sentence()}", file=sys.stderr)
    if not cache.path.exists():
        print(f"os1: the skill index could not be saved in {cache.path} (see {settings.paths.log_file}); "
              "OS¹ imports every skill at start-up instead", file=sys.stderr)
        return False
    say(f"skill index: {len(found)} skills ({cache.path})")
    return True


def _films(settings: Settings, say: Callable[[str], None]) -> bool:
    assert settings.paths is not None
    if "films" in settings.disabled_skills:
        say("film database: not built (the films skill is disabled)")
        return True
    start = time.perf_counter()
    try:
        from os1.skills.films import store_for

        store = store_for(settings.paths.skill_data("films"), settings.paths.cache / "films")
        try:
            path = store.db_path()
            store.connection()
        finally:
            store.close()
    except Exception as exc:  # reported in one line; the first film question builds it instead
        print(f"os1: the film database could not be built ({type(exc).__name__}: {exc}); "
              "the first film question will build it", file=sys.stderr)
        return False
    took = time.perf_counter() - start
    say(f"film database: {'built in ' + format(took, '.1f') + ' s' if store.built_ms is not None else 'ready'} ({path})")
    return True
