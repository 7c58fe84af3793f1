"""Reminders, alarms and timers, kept in ``alarms.json`` so they survive restarts."""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from os1.fileio import atomic_write

from ._store import StoreError

__all__ = ["Alarm", "AlarmBook", "MISSED_AFTER"]

MISSED_AFTER = timedelta(minutes=2)
"""An alarm this late when first seen was missed (OS¹ was not running), not just now due."""
log = logging.getLogger("os1.skill.scheduling")


@dataclass(frozen=True)
class Alarm:
    """Something to say at a time."""

    id: str
    kind: str
    """``reminder``, ``alarm`` (wake-up) or ``timer``."""
    text: str
    """What to remind of; for a timer its length as said ("ten minutes")."""
    due: str
    """When to speak, ISO 8601 with offset."""
    state: str = "pending"
    """``pending``, ``done`` (spoken), ``missed`` (OS¹ was not running) or ``cancelled``."""
    rrule: str = ""
    """For a repeating reminder: its RRULE; after each firing ``due`` moves to the next time."""
    seconds: float = 0.0
    """For a timer: its length in seconds."""
    fired: str = ""
    """When it was last spoken or found missed (ISO 8601)."""

    @property
    def when(self) -> datetime:
        return datetime.fromisoformat(self.due)

    @staticmethod
    def new(kind: str, text: str, due: datetime, rrule: str = "", seconds: float = 0.0) -> Alarm:
        return Alarm(uuid.uuid4().hex[:12], kind, text, due.isoformat(), rrule=rrule, seconds=seconds)


class AlarmBook:
    """The alarms file: read when it changes, written atomically with a backup.

    Args:
        path: ``alarms.json`` in the skill's data directory.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._cache: list[Alarm] = []
        self._key: tuple[float, int] | None = None

    def all(self) -> list[Alarm]:
        """Every alarm, as in the file (cached until the file changes)."""
        try:
            info = self.path.stat()
        except FileNotFoundError:
            return []
        key = (info.st_mtime, info.st_size)
        if key == self._key:
            return list(self._cache)
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            alarms = [Alarm(**item) for item in raw["alarms"]]
            for a in alarms:
                a.when  # noqa: B018 - validate the date now, not at firing time
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"I couldn't read your reminders file {self.path} ({type(exc).__name__}). "
                             f"I haven't changed it; move it aside to start afresh (the previous "
                             f"version is {self.path.name}.bak).") from None
        self._cache, self._key = alarms, key
        return list(alarms)

    def write(self, alarms: list[Alarm], now: datetime | None = None) -> None:
        """Replace the file's alarms; with *now*, ones spoken over a week before it are dropped."""
        cutoff = now - timedelta(days=7) if now is not None else None
        kept = [a for a in alarms if cutoff is None or a.state == "pending" or not a.fired
                or datetime.fromisoformat(a.fired) > cutoff]
        data = json.dumps({"version": 1, "alarms": [asdict(a) for a in kept]}, indent=1).encode("utf-8")
        try:
            atomic_write(self.path, data, backup=True)
        except OSError as exc:
            raise StoreError(f"I couldn't save your reminders ({exc.strerror}); nothing changed.") from None
        self._key = None

    def put(self, alarm: Alarm) -> None:
        """Add *alarm*, or replace the one with its id."""
        alarms = [a for a in self.all() if a.id != alarm.id]
        self.write([*alarms, alarm])

    def get(self, alarm_id: str) -> Alarm | None:
        return next((a for a in self.all() if a.id == alarm_id), None)

    def pending(self, kind: str | None = None) -> list[Alarm]:
        """Pending alarms (of *kind*), soonest first."""
        found = [a for a in self.all() if a.state == "pending" and (kind is None or a.kind == kind)]
        return sorted(found, key=lambda a: a.when)

    def take_due(self, now: datetime) -> tuple[list[Alarm], list[Alarm]]:
        """(due now, missed) alarms; both are marked in the file (repeating ones move on)."""
        from dateutil.rrule import rrulestr

        due, missed, changed = [], [], False
        alarms = self.all()
        for i, alarm in enumerate(alarms):
            if alarm.state != "pending" or alarm.when > now:
                continue
            late = now - alarm.when > MISSED_AFTER
            (missed if late else due).append(alarm)
            state = "missed" if late else "done"
            updated = replace(alarm, state=state, fired=now.isoformat())
            if alarm.rrule:
                following = rrulestr(alarm.rrule, dtstart=alarm.when).after(now)
                if following is not None:
                    updated = replace(alarm, due=following.isoformat(), fired=now.isoformat())
            alarms[i] = updated
            changed = True
        if changed:
            self.write(alarms, now)
        return due, missed

    def to_json(self, alarm: Alarm) -> dict[str, Any]:
        return asdict(alarm)
