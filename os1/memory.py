"""What OS¹ remembers about the person, in SQLite in the data directory.

Keys are dotted names (``user.name``, ``assistant.name``, ``user.fact.3``); values are JSON.
A damaged database is never overwritten: OS¹ says so, names the file, and remembers nothing new
for that session.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

__all__ = ["Memory"]

log = logging.getLogger("os1.memory")


def _loads(raw: str, default: Any) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return default

_SCHEMA = """
CREATE TABLE IF NOT EXISTS facts (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated REAL NOT NULL);
"""


class Memory:
    """A small key-value memory.

    Args:
        path: the database file; None for a memory that lives only as long as the process.

    Attributes:
        problem: a sentence for the person when the file could not be used, else None.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.problem: str | None = None
        self.last_error: str | None = None
        """The last failure to read or write (a locked or full disk), for the log and the "why" view."""
        self._lock = threading.Lock()
        self._db = self._open(path)

    def _open(self, path: Path | None) -> sqlite3.Connection:
        if path is None:
            return self._fresh()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            db.execute("PRAGMA busy_timeout = 3000")
            db.execute("PRAGMA journal_mode = WAL")  # a turn's small writes without an fsync each
            db.execute("PRAGMA synchronous = NORMAL")
            db.executescript(_SCHEMA)
            db.execute("SELECT count(*) FROM facts").fetchone()
            return db
        except (sqlite3.DatabaseError, OSError) as exc:
            self.problem = (
                f"My memory file {path} could not be opened ({exc}). I have left it untouched and "
                f"will not remember anything new until it is fixed or moved aside."
            )
            return self._fresh()

    @staticmethod
    def _fresh() -> sqlite3.Connection:
        db = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        db.executescript(_SCHEMA)
        return db

    def _run(self, sql: str, args: tuple[Any, ...]) -> list[Any]:
        """Run one statement; a busy or failing database is logged and reads as empty."""
        with self._lock:
            try:
                return self._db.execute(sql, args).fetchall()
            except sqlite3.Error as exc:
                log.error("memory database %s: %s (%s)", self.path, exc, sql.split()[0])
                self.last_error = f"My memory file {self.path} could not be used just now ({exc})."
                return []

    def get(self, key: str, default: Any = None) -> Any:
        rows = self._run("SELECT value FROM facts WHERE key = ?", (key,))
        return _loads(rows[0][0], default) if rows else default

    def set(self, key: str, value: Any) -> None:
        """Remember *value* (JSON-able) under *key*; raises TypeError/ValueError if it is not JSON-able."""
        self._run(
            "INSERT INTO facts(key, value, updated) VALUES (?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated = excluded.updated",
            (key, json.dumps(value), time.time()),
        )

    def delete(self, key: str) -> None:
        self._run("DELETE FROM facts WHERE key = ?", (key,))

    def items(self, prefix: str) -> list[tuple[str, Any]]:
        """All (key, value) whose key starts with *prefix*, oldest first."""
        rows = self._run("SELECT key, value FROM facts WHERE key >= ? AND key < ? ORDER BY updated, key",
                         (prefix, prefix + "\uffff"))
        return [(k, _loads(v, None)) for k, v in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()
