"""The triage index: SQLite in the skill's data directory.

It remembers every triaged message (folder, key, sender, subject, date, pile, reason, read flag),
who the person's correspondents are (:class:`~._triage.Person`), what was done that can be undone,
and a few facts about the mailbox. Only the index is written here; mail lives in the store.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._config import MailError
from ._triage import Person

__all__ = ["Index", "Row"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY, folder TEXT NOT NULL, key TEXT NOT NULL, msgid TEXT, sender TEXT, name TEXT,
    subject TEXT, date REAL, category TEXT, reason TEXT, seen INTEGER, invitation TEXT, problems TEXT,
    signals TEXT, UNIQUE (folder, key));
CREATE INDEX IF NOT EXISTS messages_pile ON messages (folder, category, date);
CREATE INDEX IF NOT EXISTS messages_sender ON messages (sender);
CREATE INDEX IF NOT EXISTS messages_unread ON messages (folder, seen, category, date);
CREATE TABLE IF NOT EXISTS people (
    address TEXT PRIMARY KEY, name TEXT, sent INTEGER DEFAULT 0, replied INTEGER DEFAULT 0,
    contact INTEGER DEFAULT 0, important INTEGER DEFAULT 0, verdict TEXT DEFAULT '');
CREATE TABLE IF NOT EXISTS scanned (folder TEXT, key TEXT, msgid TEXT, PRIMARY KEY (folder, key));
CREATE TABLE IF NOT EXISTS undo (id INTEGER PRIMARY KEY, label TEXT, steps TEXT);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""
_COLUMNS = "id, folder, key, msgid, sender, name, subject, date, category, reason, seen, invitation, problems"


@dataclass(frozen=True)
class Row:
    """One triaged message as the index knows it."""

    id: int
    folder: str
    key: str
    msgid: str
    sender: str
    name: str
    subject: str
    date: float
    """Unix seconds."""
    category: str
    reason: str
    seen: bool
    invitation: str
    problems: str

    @property
    def who(self) -> str:
        return self.name or self.sender or "someone unknown"


class Index:
    """The index file; safe to use from the handler threads OS¹ runs skills in."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise MailError(f"The email index {path} is damaged ({exc}). Move it aside and I'll rebuild it "
                            f"from your mailbox; no mail is lost.") from None

    # -- messages -----------------------------------------------------------------------------
    def keys(self, folder: str) -> dict[str, bool]:
        with self._lock:
            return dict(self.db.execute("SELECT key, seen = 1 FROM messages WHERE folder=?", (folder,)))

    def add(self, rows: Iterable[Sequence[Any]]) -> None:
        """Insert rows of (folder, key, msgid, sender, name, subject, date, category, reason, seen,
        invitation, problems, signals JSON) in one transaction."""
        with self._lock:
            self.db.execute("BEGIN")
            self.db.executemany(
                "INSERT OR REPLACE INTO messages (folder, key, msgid, sender, name, subject, date, category, "
                "reason, seen, invitation, problems, signals) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
            self.db.execute("COMMIT")

    def forget(self, folder: str, keys: Iterable[str]) -> None:
        with self._lock:
            self.db.executemany("DELETE FROM messages WHERE folder=? AND key=?", [(folder, k) for k in keys])

    def set_seen_many(self, folder: str, changes: dict[str, bool]) -> None:
        with self._lock:
            self.db.executemany("UPDATE messages SET seen=? WHERE folder=? AND key=?",
                                [(int(s), folder, k) for k, s in changes.items()])

    def query(self, where: str = "1", args: Sequence[Any] = (), order: str = "date DESC",
              limit: int = 1000) -> list[Row]:
        with self._lock:
            rows = self.db.execute(f"SELECT {_COLUMNS} FROM messages WHERE {where} ORDER BY {order} LIMIT ?",
                                   (*args, limit)).fetchall()
        return [Row(r[0], r[1], r[2], r[3] or "", r[4] or "", r[5] or "", r[6] or "", r[7] or 0.0, r[8],
                    r[9], bool(r[10]), r[11] or "", r[12] or "") for r in rows]

    def pile(self, categories: Sequence[str], limit: int, folder: str = "INBOX", unread: bool = True) -> list[Row]:
        """The newest messages of *categories*, taken in that order (most pressing first), from the index."""
        out: list[Row] = []
        for category in categories:
            if len(out) >= limit:
                break
            where = "folder=? AND category=?" + (" AND seen=0" if unread else "")
            out += self.query(where, (folder, category), limit=limit - len(out))
        return out

    def get(self, row_id: int) -> Row | None:
        found = self.query("id=?", (row_id,), limit=1)
        return found[0] if found else None

    def counts(self, folder: str = "INBOX", unread_only: bool = False) -> dict[str, int]:
        extra = " AND seen=0" if unread_only else ""
        with self._lock:
            return dict(self.db.execute(
                f"SELECT category, COUNT(*) FROM messages WHERE folder=?{extra} GROUP BY category", (folder,)))

    def update(self, row_id: int, **fields: Any) -> None:
        names = ", ".join(f"{k}=?" for k in fields)
        with self._lock:
            self.db.execute(f"UPDATE messages SET {names} WHERE id=?", (*fields.values(), row_id))

    def signals_of(self, where: str, args: Sequence[Any]) -> list[tuple[int, str, str, dict[str, Any]]]:
        """(id, sender, name, signals) for re-triage."""
        with self._lock:
            rows = self.db.execute(f"SELECT id, sender, name, signals FROM messages WHERE {where}", args).fetchall()
        return [(i, s or "", n or "", json.loads(sig) if sig else {}) for i, s, n, sig in rows]

    # -- people -------------------------------------------------------------------------------
    def people(self) -> dict[str, Person]:
        with self._lock:
            rows = self.db.execute("SELECT address, name, sent, replied, contact, important, verdict FROM people")
            return {r[0]: Person(r[0], r[1] or "", r[2], r[3], bool(r[4]), bool(r[5]), r[6] or "") for r in rows}

    def person(self, address: str) -> Person:
        return self.people_for([address]).get(address) or Person(address)

    def people_for(self, addresses: Sequence[str]) -> dict[str, Person]:
        with self._lock:
            marks = ",".join("?" * len(addresses)) or "''"
            rows = self.db.execute("SELECT address, name, sent, replied, contact, important, verdict FROM people "
                                   f"WHERE address IN ({marks})", tuple(addresses))
            return {r[0]: Person(r[0], r[1] or "", r[2], r[3], bool(r[4]), bool(r[5]), r[6] or "") for r in rows}

    def bump_people(self, counts: dict[str, tuple[str, int, int]]) -> None:
        """Add (name, sent, replied) counts from newly scanned sent mail."""
        with self._lock:
            self.db.execute("BEGIN")
            for address, (name, sent, replied) in counts.items():
                self.db.execute("INSERT INTO people (address, name) VALUES (?, ?) ON CONFLICT(address) DO "
                                "UPDATE SET name=COALESCE(NULLIF(people.name, ''), excluded.name)", (address, name))
                self.db.execute("UPDATE people SET sent=sent+?, replied=replied+? WHERE address=?",
                                (sent, replied, address))
            self.db.execute("COMMIT")

    def set_person(self, address: str, name: str = "", **fields: Any) -> None:
        with self._lock:
            self.db.execute("INSERT INTO people (address, name) VALUES (?, ?) ON CONFLICT(address) DO NOTHING",
                            (address, name))
            if fields:
                names = ", ".join(f"{k}=?" for k in fields)
                self.db.execute(f"UPDATE people SET {names} WHERE address=?", (*fields.values(), address))

    def scanned(self, folder: str) -> dict[str, str]:
        """Keys of *folder* already looked at (sent mail, junk), with their Message-IDs."""
        with self._lock:
            return dict(self.db.execute("SELECT key, msgid FROM scanned WHERE folder=?", (folder,)))

    def mark_scanned(self, folder: str, items: Iterable[tuple[str, str]]) -> None:
        """Remember (key, Message-ID) pairs of *folder* as looked at."""
        with self._lock:
            self.db.executemany("INSERT OR IGNORE INTO scanned VALUES (?, ?, ?)", [(folder, k, m) for k, m in items])

    def scanned_msgids(self, folder: str, msgids: Sequence[str]) -> set[str]:
        with self._lock:
            marks = ",".join("?" * len(msgids)) or "''"
            return {m for (m,) in self.db.execute(
                f"SELECT msgid FROM scanned WHERE folder=? AND msgid IN ({marks})", (folder, *msgids))}

    # -- undo and facts -------------------------------------------------------------------------
    def push_undo(self, label: str, steps: list[dict[str, Any]]) -> None:
        with self._lock:
            self.db.execute("INSERT INTO undo (label, steps) VALUES (?, ?)", (label, json.dumps(steps)))
            self.db.execute("DELETE FROM undo WHERE id <= (SELECT MAX(id) - 50 FROM undo)")

    def last_undo(self) -> tuple[int, str, list[dict[str, Any]]] | None:
        """The most recent undoable action: (id, label, steps)."""
        with self._lock:
            row = self.db.execute("SELECT id, label, steps FROM undo ORDER BY id DESC LIMIT 1").fetchone()
        return (row[0], row[1], json.loads(row[2])) if row else None

    def drop_undo(self, undo_id: int) -> None:
        with self._lock:
            self.db.execute("DELETE FROM undo WHERE id=?", (undo_id,))

    def meta(self, key: str, default: str = "") -> str:
        with self._lock:
            row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        with self._lock:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def close(self) -> None:
        with self._lock:
            self.db.close()
