"""Importing a person's own films: read, check, merge into the imported-films file, rebuild the cache.

The imported films live in ``imported-films.jsonl`` in the skill's data directory, written
atomically with the previous version kept as ``.bak``. A film whose title key and year match one
already there (or one that ships with OS¹) is updated, never duplicated.
"""

from __future__ import annotations

import json
import lzma
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from os1.fileio import atomic_write

from ._store import USER_FILE, read_jsonl
from ._titles import title_key
from .build import BadFilm, clean_film, encode

__all__ = ["ImportFailed", "ImportReport", "import_films", "read_films_file"]

Progress = Callable[[int, int], None]


class ImportFailed(Exception):
    """The file could not be imported; the message says why and what to do."""


@dataclass
class ImportReport:
    """What an import did."""

    read: int = 0
    """Records in the file."""
    added: int = 0
    """Films new to OS¹."""
    updated: int = 0
    """Films that replaced one OS¹ already knew (same title and year)."""
    skipped: list[str] = field(default_factory=list)
    """Why records were left out ("record 7: it has no title")."""
    total: int = 0
    """Films known after the import."""

    def text(self) -> str:
        lines = [f"Imported {self.read - len(self.skipped)} of {self.read} films: {self.added} new, "
                 f"{self.updated} updated. OS¹ now knows {self.total} films."]
        if self.skipped:
            lines.append(f"Skipped {len(self.skipped)}:")
            lines += [f"  {why}" for why in self.skipped[:10]]
            if len(self.skipped) > 10:
                lines.append(f"  ... and {len(self.skipped) - 10} more")
        return "\n".join(lines)


def read_films_file(path: Path) -> list[Any]:
    """The records of a JSON list or JSON Lines file.

    Raises:
        ImportFailed: missing, unreadable, or not JSON; the message names the file and line.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ImportFailed(f"there is no file {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportFailed(f"could not read {path}: {exc}") from None
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ImportFailed(f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
        return list(data)
    records = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ImportFailed(f"{path}, line {number}, is not a JSON object ({exc.msg}); expected a JSON "
                                   "list of films or one film object per line") from None
    if not records:
        raise ImportFailed(f"{path} holds no films")
    return records


def _as_source(record: Any) -> Any:
    """Compact records (``t``, ``y``, ...) in the source format, so one cleaner reads both."""
    if isinstance(record, dict) and "t" in record and "title" not in record:
        return {"title": record.get("t"), "year": record.get("y"), "cast": record.get("c"),
                "genres": record.get("g"), "extract": record.get("s"), "href": record.get("h")}
    return record


def _keys(films: Iterator[dict[str, Any]]) -> set[tuple[str, int]]:
    return {(title_key(f["t"]), int(f["y"])) for f in films}


def import_films(path: Path, data_dir: Path, cache_dir: Path, read_progress: Progress | None = None,
                 build_progress: Progress | None = None) -> ImportReport:
    """Merge the films in *path* into the imported films and rebuild the film database.

    Raises:
        ImportFailed: the file cannot be read, or holds no usable film.
    """
    from . import store_for

    records = read_films_file(path)
    report = ImportReport(read=len(records))
    user_file = data_dir / USER_FILE
    kept: dict[tuple[str, int], dict[str, Any]] = {}
    if user_file.exists():
        for film in read_jsonl(user_file.read_bytes()):
            kept[(title_key(film["t"]), int(film["y"]))] = film
    store = store_for(data_dir, cache_dir)
    known = _keys(read_jsonl(lzma.decompress(store.shipped.read_bytes()))) | set(kept)
    for number, raw in enumerate(records, 1):
        if read_progress:
            read_progress(number, len(records))
        try:
            film = clean_film(_as_source(raw))
        except BadFilm as exc:
            report.skipped.append(f"record {number}: {exc}")
            continue
        key = (title_key(film["t"]), film["y"])
        if key in known:
            report.updated += 1
        else:
            report.added += 1
            known.add(key)
        kept[key] = film
    if not kept or report.added + report.updated == 0:
        raise ImportFailed(f"no film in {path} could be used: " + "; ".join(report.skipped[:3]))
    atomic_write(user_file, encode(kept.values()), backup=True)
    store.build(progress=build_progress)
    report.total = store.count()
    store.close()
    return report
