"""The film database: the shipped films plus the person's imported ones, as an indexed SQLite cache.

Nothing is read at import time. The first query builds ``films-<stamp>.sqlite3`` in the cache
directory from ``data/films.jsonl.xz`` (and the imported films, if any) unless an up-to-date one
is there; it is written to a temporary file and moved into place, so a crash never leaves half a
database. Queries then go through indexes; near-miss titles are found with rapidfuzz over the
title keys, which are loaded on the first near-miss.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._titles import name_key, title_key

if TYPE_CHECKING:
    import sqlite3  # imported when the database is first used, not at start-up

__all__ = ["Film", "FilmStore", "popularity", "read_jsonl", "USER_FILE"]

USER_FILE = "imported-films.jsonl"
"""The person's imported films, in the skill's data directory (the shipped file is never changed)."""
SCHEMA_VERSION = "3"
_SCHEMA = """
CREATE TABLE films (id INTEGER PRIMARY KEY, title TEXT NOT NULL, year INTEGER NOT NULL, key TEXT NOT NULL,
                    cast_json TEXT NOT NULL, genres_json TEXT NOT NULL, summary TEXT NOT NULL, href TEXT NOT NULL,
                    pop REAL NOT NULL, origin TEXT NOT NULL);
CREATE TABLE people (film_id INTEGER NOT NULL, key TEXT NOT NULL, name TEXT NOT NULL);
CREATE TABLE genres (film_id INTEGER NOT NULL, genre TEXT NOT NULL);
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
"""
_INDEXES = """
CREATE INDEX films_key ON films (key);
CREATE INDEX films_year ON films (year, pop);
CREATE INDEX people_key ON people (key);
CREATE INDEX genres_genre ON genres (genre, film_id);
"""
Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` while a database is built."""


@dataclass(frozen=True)
class Film:
    """One film as the database holds it."""

    id: int
    title: str
    year: int
    cast: tuple[str, ...]
    """Actors in the order the source lists them."""
    genres: tuple[str, ...]
    summary: str
    """A short summary (the Wikipedia lead paragraph), or "" when there is none."""
    href: str
    """The Wikipedia page name, or ""."""
    pop: float
    """How well known the film probably is (a proxy: cast size, summary length, recency)."""
    origin: str
    """``shipped`` or ``imported``."""

    @property
    def label(self) -> str:
        """Title and year, as said when telling films apart: "Her (2013)"."""
        return f"{self.title} ({self.year})"


def popularity(film: dict[str, Any]) -> float:
    """A well-known-ness proxy: more cast, a longer summary and recency all count."""
    return round(min(len(film.get("c", ())), 10) + min(len(film.get("s", "")), 2000) / 250
                 + (int(film["y"]) - 1900) / 25, 3)


def read_jsonl(data: bytes) -> Iterator[dict[str, Any]]:
    """Films from compact JSON lines."""
    for line in data.decode("utf-8").splitlines():
        if line.strip():
            yield json.loads(line)


def _merge(shipped: Iterable[dict[str, Any]], imported: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Shipped films with imported ones laid over them: one with the same title and year replaces it."""
    films: list[dict[str, Any]] = [dict(f, o="shipped") for f in shipped]
    imported = list(imported)
    if not imported:
        return films
    where: dict[tuple[str, int], list[int]] = {}
    for i, f in enumerate(films):
        where.setdefault((title_key(f["t"]), int(f["y"])), []).append(i)
    for f in imported:
        slots = where.get((title_key(f["t"]), int(f["y"])))
        if slots:
            same = [i for i in slots if f.get("h") and films[i].get("h") == f.get("h")]
            films[(same or slots)[0]] = dict(f, o="imported")
        else:
            where[(title_key(f["t"]), int(f["y"]))] = [len(films)]
            films.append(dict(f, o="imported"))
    return films


class FilmStore:
    """Read access to the film database, built on first use.

    Args:
        cache_dir: where the SQLite cache lives (rebuildable).
        shipped: the packed films that ship with OS¹.
        manifest: its manifest (count and hash).
        user_file: the person's imported films (may not exist).
    """

    def __init__(self, cache_dir: Path, shipped: Path, manifest: Path, user_file: Path) -> None:
        self.cache_dir, self.shipped, self.manifest, self.user_file = cache_dir, shipped, manifest, user_file
        self._db: sqlite3.Connection | None = None
        self._lock = threading.RLock()
        self._keys: tuple[list[str], list[int]] | None = None
        self._people: list[str] | None = None
        self.built_ms: float | None = None
        """How long the last build took (None when an existing cache was opened)."""

    # -- the cache ----------------------------------------------------------------------------
    def stamp(self) -> str:
        """What the cache must have been built from: shipped hash, imported films' hash, schema."""
        import hashlib

        try:
            shipped = json.loads(self.manifest.read_text(encoding="utf-8"))["sha256"]
        except (OSError, ValueError, KeyError) as exc:
            raise RuntimeError(f"the film database that ships with OS¹ is missing or damaged ({self.manifest}: "
                               f"{exc}); reinstall OS¹ or run python -m os1.skills.films.build") from None
        user = hashlib.sha256(self.user_file.read_bytes()).hexdigest() if self.user_file.exists() else "none"
        return hashlib.sha256(f"{SCHEMA_VERSION}:{shipped}:{user}".encode()).hexdigest()[:16]

    def db_path(self) -> Path:
        return self.cache_dir / f"films-{self.stamp()}.sqlite3"

    def connection(self) -> sqlite3.Connection:
        """The open database, building it first when it is missing or stale."""
        import sqlite3

        with self._lock:
            if self._db is None:
                path = self.db_path()
                if not path.exists():
                    self.build(path)
                try:
                    self._db = _open(path)
                except sqlite3.DatabaseError:  # a damaged cache: it is rebuildable, so rebuild it
                    path.unlink(missing_ok=True)
                    self.build(path)
                    self._db = _open(path)
            return self._db

    def build(self, path: Path | None = None, progress: Progress | None = None) -> Path:
        """Write a fresh database for the current shipped and imported films; returns its path."""
        import lzma
        import tempfile
        import time

        start = time.perf_counter()
        path = path or self.db_path()
        imported = list(read_jsonl(self.user_file.read_bytes())) if self.user_file.exists() else []
        with lzma.open(self.shipped, "rt", encoding="utf-8") as lines:
            shipped = (json.loads(line) for line in lines if line.strip())
            films: Iterable[dict[str, Any]]
            if imported:
                merged = _merge(shipped, imported)
                films, total = merged, len(merged)
            else:  # streamed: the whole file is never held in memory
                films = (dict(f, o="shipped") for f in shipped)
                total = int(json.loads(self.manifest.read_text(encoding="utf-8"))["count"])
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".films-", suffix=".tmp", dir=path.parent)
            os.close(fd)
            try:
                _write_db(Path(tmp), films, total, path.stem.split("-", 1)[-1], progress)
                os.replace(tmp, path)
            except (lzma.LZMAError, EOFError, ValueError) as exc:
                Path(tmp).unlink(missing_ok=True)
                raise RuntimeError(f"the film data that ships with OS¹ is damaged ({self.shipped}: {exc}); "
                                   "reinstall OS¹") from None
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        for old in path.parent.glob("films-*.sqlite3"):
            if old != path:
                old.unlink(missing_ok=True)  # a cache, rebuilt from the shipped and imported films
        self.built_ms = (time.perf_counter() - start) * 1000
        return path

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    # -- queries ------------------------------------------------------------------------------
    def _films(self, sql: str, args: Iterable[Any] = ()) -> list[Film]:
        rows = self.connection().execute(
            "SELECT id, title, year, cast_json, genres_json, summary, href, pop, origin FROM films " + sql, tuple(args))
        return [Film(r[0], r[1], r[2], tuple(json.loads(r[3])), tuple(json.loads(r[4])), r[5], r[6], r[7], r[8])
                for r in rows]

    def get(self, film_id: int) -> Film | None:
        found = self._films("WHERE id = ?", (film_id,))
        return found[0] if found else None

    def by_key(self, key: str) -> list[Film]:
        """Films whose title key is exactly *key*, best known first."""
        return self._films("WHERE key = ? ORDER BY pop DESC", (key,))

    def near(self, key: str, limit: int = 5) -> list[tuple[Film, float]]:
        """Films whose title key is close to *key* (0..100 similarity), best first."""
        from rapidfuzz import fuzz, process

        with self._lock:
            if self._keys is None:
                rows = self.connection().execute("SELECT key, id FROM films ORDER BY length(key)").fetchall()
                self._keys = ([r[0] for r in rows], [r[1] for r in rows])
        keys, ids = self._keys
        cutoff = 90.0 if len(key) <= 5 else 85.0
        lo, hi = _length_window(keys, len(key), cutoff)
        found = process.extract(key, keys[lo:hi], scorer=fuzz.ratio, limit=limit * 3, score_cutoff=cutoff)
        scores = {ids[lo + i]: score for _, score, i in found}
        marks = ",".join("?" * len(scores))
        out = [(film, scores[film.id]) for film in self._films(f"WHERE id IN ({marks})", scores)] if scores else []
        out.sort(key=lambda fs: (-round(fs[1]), -fs[0].pop))
        return out[:limit]

    def with_person(self, name: str) -> tuple[str, list[Film]]:
        """(the name as the data spells it, films it appears in, newest first); near misses allowed."""
        key = name_key(name)
        rows = self.connection().execute("SELECT DISTINCT name FROM people WHERE key = ? LIMIT 1", (key,)).fetchall()
        if not rows:
            from rapidfuzz import fuzz, process

            with self._lock:
                if self._people is None:
                    self._people = [r[0] for r in self.connection().execute(
                        "SELECT DISTINCT key FROM people ORDER BY length(key)")]
            lo, hi = _length_window(self._people, len(key), 85.0)
            best = process.extractOne(key, self._people[lo:hi], scorer=fuzz.ratio, score_cutoff=85.0)
            if best is None:
                return name, []
            key = best[0]
            rows = self.connection().execute("SELECT DISTINCT name FROM people WHERE key = ? LIMIT 1", (key,)).fetchall()
        films = self._films("WHERE id IN (SELECT film_id FROM people WHERE key = ?) ORDER BY year DESC, pop DESC", (key,))
        return rows[0][0], films

    def of(self, year: int | None = None, genre: str | None = None, limit: int = 8) -> tuple[int, list[Film]]:
        """(how many, the best-known few) films of a year and/or genre."""
        where, args = [], []
        if year is not None:
            where.append("year = ?")
            args.append(year)
        if genre is not None:
            where.append("id IN (SELECT film_id FROM genres WHERE genre = ?)")
            args.append(genre)
        clause = "WHERE " + " AND ".join(where) if where else ""
        count = self.connection().execute(f"SELECT count(*) FROM films {clause}", args).fetchone()[0]
        return count, self._films(f"{clause} ORDER BY pop DESC LIMIT ?", [*args, limit])

    def count(self) -> int:
        return int(self.connection().execute("SELECT count(*) FROM films").fetchone()[0])


def _open(path: Path) -> sqlite3.Connection:
    """A read-only connection to a cache database, checked to be readable."""
    import sqlite3

    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    try:
        db.execute("SELECT v FROM meta WHERE k = 'stamp'").fetchone()
    except sqlite3.DatabaseError:
        db.close()
        raise
    return db


def _length_window(keys: list[str], length: int, cutoff: float) -> tuple[int, int]:
    """The slice of *keys* (sorted by length) that can reach *cutoff* similarity with a key of *length*.

    ``fuzz.ratio`` is at most ``200 * shorter / (shorter + longer)``, so lengths outside this window
    can never score *cutoff*.
    """
    from bisect import bisect_left, bisect_right

    factor = cutoff / (200.0 - cutoff)
    lengths = _Lengths(keys)
    return bisect_left(lengths, int(length * factor)), bisect_right(lengths, int(length / factor) + 1)


class _Lengths:
    """A read-only view of the lengths of a sorted list of strings, for bisect."""

    def __init__(self, keys: list[str]) -> None:
        self.keys = keys

    def __len__(self) -> int:
        return len(self.keys)

    def __getitem__(self, i: int) -> int:
        return len(self.keys[i])


def _write_db(path: Path, films: Iterable[dict[str, Any]], total: int, stamp: str, progress: Progress | None) -> None:
    import sqlite3

    db = sqlite3.connect(path)
    try:
        db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        n = 0
        for n, f in enumerate(films, 1):
            cast, genres = list(f.get("c", ())), list(f.get("g", ()))
            cur = db.execute(
                "INSERT INTO films (title, year, key, cast_json, genres_json, summary, href, pop, origin) "
                "VALUES (?,?,?,?,?,?,?,?,?)",
                (f["t"], int(f["y"]), title_key(f["t"]), json.dumps(cast), json.dumps(genres), f.get("s", ""),
                 f.get("h", ""), popularity(f), f["o"]))
            fid = cur.lastrowid
            db.executemany("INSERT INTO people VALUES (?,?,?)", [(fid, name_key(c), c) for c in cast])
            db.executemany("INSERT INTO genres VALUES (?,?)", [(fid, g.lower()) for g in genres])
            if progress and n % 2000 == 0:
                progress(min(n, total), total)
        if progress:
            progress(n, n)
        db.executescript(_INDEXES)
        db.execute("INSERT INTO meta VALUES ('stamp', ?)", (stamp,))
        db.commit()
    finally:
        db.close()
