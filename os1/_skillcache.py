"""The skill index cache: what every installed skill understands, without importing the skills.

To understand one request OS¹ needs every skill's templates, but only the skill that answers has to
run. The first start imports every skill as usual, compiles their templates and keeps them in
``<cache>/skill-index.pickle``; later starts read that file and import a skill only when it answers
(or greets, at the start of a conversation).

The file is used only while everything it was made from is unchanged, checked with ``stat`` calls
and no imports:

- the directories on ``sys.path`` that hold distributions (their modification time changes when a
  plugin is installed, upgraded or removed, and when OS¹ itself is);
- every file and directory of each skill's package and of OS¹'s own package (an edited skill);
- Python's version and the ``disabled_skills`` setting.

A skill whose class cannot be kept (it failed to import, its templates do not compile, its lists hold
values that do not survive a round trip through pickle) is imported at every start, as without the
cache. When a skill imported later fails, or is not what the cache says, the assistant imports
every skill and answers as if there had been no cache (:meth:`os1.assistant.Assistant._retrying`),
and the file is rebuilt. A damaged or stale file is rebuilt and logged, never shown.

The file is a pickle, read only from OS¹'s own cache directory: it is trusted as much as the
bytecode Python caches next to the code.
"""

from __future__ import annotations

import io
import logging
import os
import pickle
import re
import stat
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from importlib import import_module
from pathlib import Path
from typing import Any

from .registry import GROUP, LoadProblem, SkillInfo, SkillMeta, StaleSkill, discover, given, load_class, origin_of
from .skill import Skill
from .templates import Alt, Compiled, Node, Seq, compile_template

__all__ = ["FILE_NAME", "SkillIndexCache"]

FILE_NAME = "skill-index.pickle"
FORMAT = 1
"""Bumped when what the file holds changes shape."""
RACY_NS = 2_000_000_000
"""A file changed less than this long (ns) before the index was built may change again unnoticed
within the file system's timestamp granularity, so such an index is not saved."""
MAX_ENTRIES = 5000
"""A skill package bigger than this (files and directories) is imported at every start instead."""
log = logging.getLogger("os1.skillcache")

_VALUE = re.compile(r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?((?P<extras>\[.*\])\s*)?$")
"""An entry point's value, ``module:Class`` (the pattern ``importlib.metadata.EntryPoint`` uses)."""


@dataclass(frozen=True)
class _Record:
    """One installed skill (entry point), in discovery order."""

    name: str
    value: str
    """The entry point's ``module:Class``."""
    origin: str
    meta: SkillMeta | None
    """None: the skill is imported at every start (it failed to, or cannot be kept)."""
    compiled: tuple[Compiled, ...] = ()
    failed: bool = False
    """It did not import when the cache was built."""


@dataclass(frozen=True)
class _Stamp:
    """What the records were made from."""

    python: str
    disabled: tuple[str, ...]
    sites: tuple[tuple[str, int], ...]
    """(directory on sys.path holding distributions, its mtime in ns), in sys.path order."""
    files: tuple[tuple[str, int, int], ...]
    """(path, mtime in ns, size in bytes; -1 for a directory) of every file the skills are made of."""


class SkillIndexCache:
    """Skills for an assistant, from the cache file when it is current, else imported (and the file written).

    Args:
        cache_dir: OS¹'s cache directory (``Paths.cache``).
        disabled: skill names not to load.
        extra: skill classes given directly; never cached.
    """

    def __init__(self, cache_dir: Path, disabled: Sequence[str] = (), extra: Iterable[type[Skill]] = ()) -> None:
        self.path = Path(cache_dir) / FILE_NAME
        self.disabled = tuple(disabled)
        self.extra = tuple(extra)

    def load(self) -> tuple[list[SkillInfo], list[LoadProblem]]:
        """The skills and the problems loading them, as :func:`os1.registry.load_classes` gives them."""
        records = self._read()
        if records is None:
            return self.rebuild()
        found: list[SkillInfo] = []
        problems: list[LoadProblem] = []
        for record in records:
            if record.meta is None:
                outcome = _load_now(record)
                if isinstance(outcome, LoadProblem):
                    problems.append(outcome)
                    continue
                if record.failed:
                    log.info("skill %s imports now: the skill index cache will be rebuilt", record.name)
                    self.invalidate()
                found.append(outcome)
            else:
                found.append(SkillInfo(record.name, origin=record.origin, meta=record.meta,
                                       load=_lazy_loader(record), compiled=record.compiled))
        return found + given(self.extra), problems

    def rebuild(self) -> tuple[list[SkillInfo], list[LoadProblem]]:
        """Import every skill as without the cache, and write the cache file from them."""
        started = time.time_ns()
        found: list[SkillInfo] = []
        problems: list[LoadProblem] = []
        records: list[_Record] = []
        roots: list[str] = []
        for ep in discover():
            if ep.name in self.disabled:
                continue
            outcome = load_class(ep.name, origin_of(ep), ep.value, ep.load)
            if isinstance(outcome, LoadProblem):
                problems.append(outcome)
                records.append(_Record(ep.name, ep.value, outcome.origin, None, failed=True))
                roots += _roots(ep.module)
                continue
            record = _record(ep.value, outcome)
            if record.meta is not None:
                outcome = SkillInfo(outcome.name, outcome.cls, outcome.origin, compiled=record.compiled)
            found.append(outcome)
            records.append(record)
            roots += _roots(ep.module) + [r for k in outcome.cls.__mro__[1:] if k not in (Skill, object)
                                          for r in _roots(k.__module__)]
        self._write(records, roots, started)
        return found + given(self.extra), problems

    # -- the file ------------------------------------------------------------------------------
    def _read(self) -> list[_Record] | None:
        """The records, or None when there is no usable file (the reason is logged)."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            log.info("no skill index cache yet (%s): importing every skill", self.path)
            return None
        except OSError as exc:
            log.warning("the skill index cache %s could not be read (%s): importing every skill", self.path, exc)
            return None
        try:
            buffer = io.BytesIO(data)
            version, stamp = pickle.load(buffer)
            if version != FORMAT or not isinstance(stamp, _Stamp):
                log.info("the skill index cache %s is from another version of OS¹: rebuilding it", self.path)
                return None
            stale = _stale(stamp, self.disabled)
            if stale:
                log.info("the skill index cache is out of date (%s): rebuilding it", stale)
                return None
            records = pickle.load(buffer)
            if not (isinstance(records, list) and all(isinstance(r, _Record) for r in records)):
                raise ValueError("unexpected contents")
        except Exception as exc:  # a damaged file can fail to unpickle in any way
            log.warning("the skill index cache %s is damaged (%s: %s): rebuilding it", self.path,
                        type(exc).__name__, exc)
            return None
        return records

    def _write(self, records: list[_Record], roots: list[str], started: int) -> None:
        """Save *records* with the stamp of what they were made from; never raises."""
        try:
            import os1

            files = _snapshot([*os1.__path__, *roots])
            sites = _sites()
            mtime, newest = max([(0, ""), *((m, p) for p, m, _ in files), *((m, p) for p, m in sites)])
            if mtime > started - RACY_NS:
                log.info("skill index cache not saved: %s changed in the last %d s", newest, RACY_NS // 10**9)
                self.path.unlink(missing_ok=True)
                return
            stamp = _Stamp(_python(), self.disabled, sites, files)
            data = pickle.dumps((FORMAT, stamp), pickle.HIGHEST_PROTOCOL) + pickle.dumps(
                records, pickle.HIGHEST_PROTOCOL)
            _replace(self.path, data)
            log.info("skill index cache written: %s (%d skills, %d bytes)", self.path, len(records), len(data))
        except Exception as exc:  # the cache only saves time; without it OS¹ works as before
            log.warning("the skill index cache %s could not be written (%s: %s)", self.path, type(exc).__name__, exc)

    def settle(self, max_wait: float = 3.0) -> float:
        """Wait until nothing the index is made from changed within the last RACY_NS, so that
        :meth:`rebuild` can save it (right after an install, as ``os1 prepare`` runs). Returns the
        seconds waited. Call it before any skill is imported."""
        import os1

        roots = [*os1.__path__]
        for ep in discover():
            if ep.name not in self.disabled:
                roots += _roots(ep.module)
        try:
            newest = max([0, *(m for _, m, _ in _snapshot(roots)), *(m for _, m in _sites())])
        except OSError:
            return 0.0
        wait = min(max_wait, (newest + RACY_NS - time.time_ns()) / 1e9)
        if wait > 0:
            time.sleep(wait)
        return max(wait, 0.0)

    def invalidate(self) -> None:
        """Remove the cache file, so that the next start rebuilds it."""
        try:
            self.path.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("could not remove the skill index cache %s (%s)", self.path, exc)


def _record(value: str, info: SkillInfo) -> _Record:
    """What to keep of a skill that imported; without metadata when it cannot be kept."""
    from .assistant import skill_sources

    meta = SkillMeta.of(info.cls)
    eager = _Record(info.name, value, info.origin, None)
    try:
        compiled = tuple(compile_template(src) for src in skill_sources(info.name, meta))
    except Exception:  # the assistant compiles it again and reports the problem, as without the cache
        return eager
    try:
        again = pickle.loads(pickle.dumps(meta, pickle.HIGHEST_PROTOCOL))
        kept = bool(again == meta)
        pickle.dumps(compiled, pickle.HIGHEST_PROTOCOL)
    except Exception:
        kept = False
    if not kept:
        log.info("skill %s is imported at every start: its lists or intents do not survive pickling", info.name)
        return eager
    nodes: dict[Node, Node] = {}
    return _Record(info.name, value, info.origin, meta, tuple(replace(c, node=_intern(c.node, nodes)) for c in compiled))


def _intern(node: Node, seen: dict[Node, Node]) -> Node:
    """*node* with equal subtrees shared (nodes are immutable): a smaller file that loads faster."""
    if isinstance(node, Seq):
        node = Seq(tuple(_intern(n, seen) for n in node.items))
    elif isinstance(node, Alt):
        node = Alt(tuple(_intern(n, seen) for n in node.options))
    return seen.setdefault(node, node)


def _import_object(value: str) -> Any:
    """What an entry point's value names, imported (as ``EntryPoint.load`` does)."""
    match = _VALUE.match(value)
    if match is None:
        raise ValueError(f"{value!r} is not an entry point value")
    obj: Any = import_module(match.group("module"))
    for attr in filter(None, (match.group("attr") or "").split(".")):
        obj = getattr(obj, attr)
    return obj


def _lazy_loader(record: _Record) -> Any:
    def load() -> type[Skill]:
        try:
            cls = _import_object(record.value)
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # a plugin may raise anything, even SystemExit
            raise StaleSkill(f"skill {record.name} did not import ({type(exc).__name__}: {exc})") from exc
        try:
            same = isinstance(cls, type) and issubclass(cls, Skill) and SkillMeta.of(cls) == record.meta
        except Exception:
            same = False
        if not same:
            raise StaleSkill(f"skill {record.name} is not what the skill index cache says")
        return cls

    return load


def _load_now(record: _Record) -> SkillInfo | LoadProblem:
    """Import a skill the cache does not keep, exactly as without the cache."""
    from importlib.metadata import EntryPoint

    ep = EntryPoint(record.name, record.value, GROUP)
    return load_class(record.name, record.origin, record.value, ep.load)


# -- the stamp -----------------------------------------------------------------------------------
def _python() -> str:
    return f"{sys.implementation.cache_tag} {sys.version}"


def _sites() -> tuple[tuple[str, int], ...]:
    """The sys.path entries that hold distributions (where entry points come from), with their mtimes."""
    out = []
    for entry in sys.path:
        path = os.path.abspath(entry or os.curdir)
        try:
            with os.scandir(path) as it:
                holds = any(e.name.endswith((".dist-info", ".egg-info")) for e in it)
        except NotADirectoryError:
            holds = True  # a zip or an egg may hold distributions
        except OSError:
            continue
        if holds:
            try:
                out.append((path, os.stat(path).st_mtime_ns))
            except OSError:
                continue
    return tuple(out)


def _roots(module: str) -> list[str]:
    """Where *module*'s code lives: its package's directories, or the file of a top-level module."""
    found = sys.modules.get(module)
    spec = getattr(found, "__spec__", None)
    if spec is None:
        try:
            from importlib.util import find_spec

            spec = find_spec(module)
        except Exception:  # not importable: nothing to watch
            return []
    if spec is None:
        return []
    if spec.submodule_search_locations:
        out = list(spec.submodule_search_locations)
    elif spec.origin and os.path.isfile(spec.origin):
        out = [os.path.dirname(spec.origin) if "." in module else spec.origin]
    else:
        return []
    import sysconfig

    stdlib = {os.path.realpath(sysconfig.get_path(k)) for k in ("stdlib", "platstdlib")}
    return [p for p in out if not any(os.path.realpath(p).startswith(s + os.sep) for s in stdlib)]


def _snapshot(roots: Iterable[str]) -> tuple[tuple[str, int, int], ...]:
    """(path, mtime, size) of every directory and file under *roots* (bytecode caches and dot files aside)."""
    out: dict[str, tuple[int, int]] = {}
    stack = [os.path.abspath(r) for r in roots]
    while stack:
        path = stack.pop()
        if path in out:
            continue
        st = os.stat(path)
        if not stat.S_ISDIR(st.st_mode):
            out[path] = (st.st_mtime_ns, st.st_size)
            continue
        out[path] = (st.st_mtime_ns, -1)
        with os.scandir(path) as it:
            for entry in it:
                if entry.name == "__pycache__" or entry.name.startswith("."):
                    continue
                if entry.is_dir():
                    stack.append(entry.path)
                else:
                    est = entry.stat()
                    out[entry.path] = (est.st_mtime_ns, est.st_size)
        if len(out) > MAX_ENTRIES:
            raise OSError(f"more than {MAX_ENTRIES} files under {', '.join(roots)}")
    return tuple(sorted((p, m, s) for p, (m, s) in out.items()))


def _stale(stamp: _Stamp, disabled: tuple[str, ...]) -> str:
    """Why the records no longer hold ("" when they do)."""
    if stamp.python != _python():
        return "another Python"
    if stamp.disabled != disabled:
        return "disabled_skills changed"
    if stamp.sites != _sites():
        return "installed packages changed"
    for path, mtime, size in stamp.files:
        try:
            st = os.stat(path)
        except OSError:
            return f"{path} is gone"
        if st.st_mtime_ns != mtime or (size >= 0 and st.st_size != size):
            return f"{path} changed"
    return ""


def _replace(path: Path, data: bytes) -> None:
    """Write *path* atomically (no fsync: a file torn by a crash is detected as damaged and rebuilt)."""
    from .fileio import atomic_write

    atomic_write(path, data, sync=False)
