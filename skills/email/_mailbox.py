"""The mailbox as the skill uses it: store + index + settings, with every change undoable.

Deleting moves to Trash; archiving moves to Archive; corrections change what is remembered about
a sender. Each records how to undo itself in the index. Only :meth:`Mailbox.empty` removes mail
for good, and only the skill's explicit "empty the trash" (after a yes) calls it.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ._config import MailConfig, MailError
from ._index import Index, Row
from ._refresh import Report, Store, open_store, refresh, retriage

__all__ = ["Mailbox"]


class Mailbox:
    """One person's mail: where it is (*config*) and what OS¹ knows about it (*index*)."""

    def __init__(self, config: MailConfig, index: Index) -> None:
        self.config = config
        self.index = index
        self._lock = threading.RLock()

    @contextlib.contextmanager
    def store(self) -> Iterator[Store]:
        """The mailbox, opened for one piece of work and closed after it."""
        with self._lock:
            store = open_store(self.config)
            try:
                yield store
            finally:
                store.close()

    def refresh(self) -> Report:
        """Bring the index up to date (see :func:`._refresh.refresh`).

        Raises:
            MailError: no mailbox is set up yet, or it cannot be opened; the message says what to do.
        """
        c = self.config
        if not c.uses_imap and not c.mbox_import and not c.maildir.is_dir():
            raise MailError(f"I don't have any mail to look at yet: there is no mailbox at {c.maildir}. To use your "
                            f"account, set imap_host, imap_user and password_command under [skills.email] in "
                            f"settings.toml, or point maildir at a Maildir folder.")
        with self.store() as store:
            return refresh(store, self.index, self.config)

    def fetch(self, row: Row, limit: int = 4 * 1024 * 1024) -> bytes:
        """The message of *row* (at most *limit* bytes: enough to read any text part aloud)."""
        with self.store() as store:
            return store.fetch(row.folder, row.key, limit)

    def fetch_many(self, rows: Sequence[Row], limit: int = 256 * 1024) -> list[bytes]:
        """The messages of *rows* through one connection; b"" for one that is gone."""
        out = []
        with self.store() as store:
            for row in rows:
                try:
                    out.append(store.fetch(row.folder, row.key, limit))
                except (MailError, OSError):
                    out.append(b"")
        return out

    def move(self, rows: Sequence[Row], to: str, label: str) -> tuple[int, str]:
        """Move *rows* to folder *to*; returns (how many moved, the first problem or "").

        What was moved before a failure stays moved and is undoable.
        """
        steps: list[dict[str, Any]] = []
        problem = ""
        with self.store() as store:
            for row in rows:
                try:
                    key = store.move(row.folder, row.key, to)
                except MailError as exc:
                    problem = str(exc)
                    break
                self.index.update(row.id, folder=to, key=key)
                steps.append({"op": "move", "row": row.id, "folder": to, "key": key, "back": row.folder})
        if steps:
            self.index.push_undo(label, steps)
        return len(steps), problem

    def set_seen(self, rows: Sequence[Row], seen: bool, label: str) -> None:
        steps = []
        with self.store() as store:
            for row in rows:
                if row.seen == seen:
                    continue
                store.set_seen(row.folder, row.key, seen)
                self.index.update(row.id, seen=int(seen))
                steps.append({"op": "seen", "row": row.id, "seen": row.seen})
        if steps and label:
            self.index.push_undo(label, steps)

    def correct(self, address: str, name: str, label: str, **fields: Any) -> int:
        """Remember something about a sender (``verdict="junk"``, ``important=1``) and re-triage their mail."""
        before = self.index.person(address)
        self.index.set_person(address, name, **fields)
        old = {k: getattr(before, k) for k in fields}
        old = {k: int(v) if isinstance(v, bool) else v for k, v in old.items()}
        self.index.push_undo(label, [{"op": "person", "address": address, "fields": old}])
        return retriage(self.index, address)

    def save(self, folder: str, data: bytes, flags: str) -> None:
        with self.store() as store:
            store.append(folder, data, flags)

    def undo(self, calendar: Callable[[dict[str, Any]], object] | None = None) -> str | None:
        """Undo the last change; returns what it was ("deleting the junk"), or None if there is none.

        Args:
            calendar: takes back a calendar change made from the mailbox (an accepted invitation);
                its steps are ``{"op": "calendar", "step": ...}``. If it raises, the change stays
                on the undo list.
        """
        last = self.index.last_undo()
        if last is None:
            return None
        undo_id, label, steps = last
        mail = any(step["op"] != "calendar" for step in steps)
        with self.store() if mail else contextlib.nullcontext() as store:
            for step in reversed(steps):
                if step["op"] == "calendar":
                    if calendar is None:
                        raise MailError(f"I can't undo {label} from here: your calendar isn't available.")
                    calendar(step["step"])
                else:
                    self._undo_step(store, step)
        self.index.drop_undo(undo_id)
        return label

    def _undo_step(self, store: Store, step: dict[str, Any]) -> None:
        if step["op"] == "move":
            key = store.move(step["folder"], step["key"], step["back"])
            self.index.update(step["row"], folder=step["back"], key=key)
        elif step["op"] == "seen":
            row = self.index.get(step["row"])
            if row is not None:
                store.set_seen(row.folder, row.key, bool(step["seen"]))
                self.index.update(row.id, seen=int(step["seen"]))
        elif step["op"] == "person":
            self.index.set_person(step["address"], **step["fields"])
            retriage(self.index, step["address"])

    def empty(self, folder: str) -> int:
        """Delete everything in *folder* for good; only after the person explicitly asked and said yes."""
        with self.store() as store:
            count = store.expunge(folder)
        self.index.forget(folder, [r.key for r in self.index.query("folder=?", (folder,), limit=1_000_000)])
        return count
