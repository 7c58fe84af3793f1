"""Where the calendar lives: a local iCalendar file (the default) or a CalDAV server.

Both stores answer the same four calls; a failure raises :class:`StoreError` with a sentence a
person can act on, and never leaves the calendar half-written.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timezone, tzinfo
from pathlib import Path
from typing import Any, Protocol

from os1.fileio import atomic_write

from ._model import Event, from_component, to_component

__all__ = ["CalendarStore", "StoreError", "IcsStore", "MAX_ICS_BYTES", "friendly", "open_calendar", "calendar_key",
           "calendar_for"]

MAX_ICS_BYTES = 64 * 1024 * 1024
"""Calendar files larger than this are refused rather than read."""
log = logging.getLogger("os1.skill.scheduling")


class StoreError(Exception):
    """The calendar could not be read or changed; the message says what to do."""


def friendly(func: Callable[..., Any]) -> Callable[..., Any]:
    """Let a handler answer a StoreError with its sentence instead of failing the turn."""

    @functools.wraps(func)
    def handler(self: Any, first: Any, ctx: Any) -> Any:
        try:
            return func(self, first, ctx)
        except StoreError as exc:
            return ctx.reply(str(exc))

    return handler


class CalendarStore(Protocol):
    """A calendar OS¹ can read and change."""

    def events(self) -> list[Event]:
        """Every event (repeating ones once, with their rule)."""
        ...

    def add(self, event: Event) -> None:
        """Save a new event."""
        ...

    def replace(self, event: Event) -> None:
        """Save a changed event (found by UID)."""
        ...

    def remove(self, uid: str) -> list[Event]:
        """Delete the event with *uid* (and its changed occurrences); return what was removed."""
        ...


def calendar_key(settings: Mapping[str, Any], data_dir: Path) -> str:
    """Which calendar *settings* name: ``caldav:URL:NAME`` or ``ics:PATH`` (stores are kept per key)."""
    if settings.get("caldav_url"):
        return f"caldav:{settings['caldav_url']}:{settings.get('calendar_name', '')}"
    path = Path(str(settings["ics_path"])).expanduser() if settings.get("ics_path") else data_dir / "calendar.ics"
    return f"ics:{path}"


def open_calendar(settings: Mapping[str, Any], data_dir: Path, zone: tzinfo) -> CalendarStore:
    """The calendar ``[skills.scheduling]`` describes: CalDAV when ``caldav_url`` is set, else the .ics file.

    Nothing is read or contacted until the store is first used. Several stores may be open on the
    same calendar (the scheduling skill's and the email skill's): a file store notices the other's
    writes by the file's time stamp, a CalDAV store by a mark file in *data_dir*.

    Args:
        settings: the ``[skills.scheduling]`` section.
        data_dir: the scheduling skill's data directory (``<data>/skills/scheduling``).
        zone: the person's zone, for floating times and all-day dates.
    """
    key = calendar_key(settings, data_dir)
    if key.startswith("caldav:"):
        from ._caldav import CaldavStore

        return CaldavStore(settings, zone, mark=data_dir / "caldav.changed")
    return IcsStore(Path(key.removeprefix("ics:")), zone)


def calendar_for(settings: Any, zone: tzinfo) -> CalendarStore:
    """The person's calendar, for any part of OS¹ (the email skill accepting an invitation).

    Args:
        settings: OS¹'s loaded :class:`~os1.settings.Settings` (a skill has them as
            ``env.services["assistant"].settings``); its ``[skills.scheduling]`` section and data
            directory say where the calendar is, whether or not the scheduling skill is loaded.
        zone: the person's zone.
    """
    if settings.paths is None:
        raise StoreError("I don't know where your calendar is kept (OS¹ was started without a data directory).")
    return open_calendar(settings.for_skill("scheduling"), settings.paths.skill_data("scheduling"), zone)


def _stamp() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


class IcsStore:
    """An iCalendar file, rewritten atomically with the previous version kept as ``.bak``.

    Args:
        path: the ``.ics`` file (created on the first save).
        zone: the zone for floating times and all-day dates.
    """

    def __init__(self, path: Path, zone: tzinfo) -> None:
        self.path = path
        self.zone = zone
        self.skipped = 0
        """Events in the file that could not be read (left in the file untouched)."""
        self.generation = 0
        """Goes up each time the events are read afresh (callers cache what they build on them)."""
        self._cal: Any = None
        self._seen: tuple[float, int] | None = None
        self._events: list[Event] = []
        self._raw: bytes | None = None
        """The file as last read or written (for appending without re-serialising everything)."""

    def _load(self) -> Any:
        from icalendar import Calendar

        try:
            info = self.path.stat()
        except FileNotFoundError:
            if self._cal is None:
                self._cal = _empty()
                self._events, self._seen = [], None
            return self._cal
        key = (info.st_mtime, info.st_size)
        if self._cal is not None and key == self._seen:
            return self._cal
        if info.st_size > MAX_ICS_BYTES:
            raise StoreError(f"Your calendar file {self.path} is {info.st_size // 2**20} MB, too big to read "
                             f"safely. I haven't changed it.")
        try:
            raw = self.path.read_bytes()
            cal = Calendar.from_ical(raw)
        except Exception as exc:  # icalendar raises ValueError, KeyError, IndexError on bad input
            log.warning("could not read %s: %s", self.path, exc)
            raise StoreError(f"I couldn't read your calendar file {self.path} (it isn't valid iCalendar: "
                             f"{str(exc)[:80]}). I haven't changed it; fix it, or move it aside to start "
                             f"a new one. The previous version, if any, is {self.path.name}.bak.") from None
        if isinstance(cal, list):
            cal = cal[0]
        if getattr(cal, "name", "") != "VCALENDAR":
            raise StoreError(f"Your calendar file {self.path} holds a {getattr(cal, 'name', '?')}, not a "
                             f"calendar (VCALENDAR). I haven't changed it; move it aside to start a new one.")
        self._cal, self._seen, self._raw = cal, key, raw
        self._events, self.skipped = [], 0
        self.generation += 1
        for comp in cal.walk("VEVENT"):
            try:
                event = from_component(comp, self.zone)
            except Exception as exc:  # a malformed property: skip this event, keep it in the file
                self.skipped += 1
                log.warning("skipped an unreadable event in %s: %s", self.path, exc)
                continue
            if event is not None:
                self._events.append(event)
        return cal

    def events(self) -> list[Event]:
        self._load()
        return list(self._events)

    def _save(self, cal: Any, appended: Any = None) -> None:
        try:
            data = self._appended(appended) if appended is not None else None
            if data is None:
                cal.add_missing_timezones()  # a VTIMEZONE for each TZID, so other programs read the times right
                data = cal.to_ical()
        except Exception as exc:
            raise StoreError(f"I couldn't write the calendar ({exc}); it is unchanged.") from None
        try:
            atomic_write(self.path, data, backup=True)
        except OSError as exc:
            raise StoreError(f"I couldn't save your calendar file {self.path} ({exc.strerror}). "
                             f"It is unchanged; check the disk and the folder's permissions.") from None
        info = self.path.stat()
        self._cal, self._seen, self._raw = cal, (info.st_mtime, info.st_size), data
        self.generation += 1  # the events list below is updated in place, without re-reading

    def _appended(self, comp: Any) -> bytes | None:
        """The file with *comp* added before its last END:VCALENDAR, or None to write it all afresh.

        Re-serialising a 5,000-event calendar takes about a second; appending takes milliseconds.
        """
        raw, end = self._raw, b"END:VCALENDAR"
        if not raw or raw.count(b"BEGIN:VCALENDAR") != 1 or raw.rstrip()[-len(end):] != end:
            return None
        tzid = comp.get("DTSTART").params.get("TZID") if comp.get("DTSTART") is not None else None
        if tzid and f"TZID:{tzid}".encode() not in raw:
            return None  # the zone needs its VTIMEZONE: write the whole file
        cut = raw.rstrip().rfind(end)
        newline = b"\r\n" if b"\r\n" in raw[:200] else b"\n"
        return raw[:cut] + comp.to_ical() + end + newline

    def add(self, event: Event) -> None:
        cal = self._load()
        comp = to_component(event, _stamp())
        cal.add_component(comp)
        try:
            self._save(cal, appended=comp)
        except StoreError:
            cal.subcomponents.remove(comp)
            raise
        self._events.append(event)

    def replace(self, event: Event) -> None:
        cal = self._load()
        kept = [c for c in cal.subcomponents
                if not (c.name == "VEVENT" and str(c.get("UID")) == event.uid and c.get("RECURRENCE-ID") is None)]
        if len(kept) == len(cal.subcomponents):
            raise StoreError(f"“{event.title}” is no longer in your calendar, so I couldn't change it.")
        old = list(cal.subcomponents)
        cal.subcomponents[:] = kept
        cal.add_component(to_component(event, _stamp()))
        try:
            self._save(cal)
        except StoreError:
            cal.subcomponents[:] = old
            raise
        self._events = [e for e in self._events if not (e.uid == event.uid and e.recurrence_id is None)] + [event]

    def remove(self, uid: str) -> list[Event]:
        cal = self._load()
        gone = [e for e in self._events if e.uid == uid]
        kept = [c for c in cal.subcomponents if not (c.name == "VEVENT" and str(c.get("UID")) == uid)]
        if not gone:
            raise StoreError("That event is no longer in your calendar.")
        old = list(cal.subcomponents)
        cal.subcomponents[:] = kept
        try:
            self._save(cal)
        except StoreError:
            cal.subcomponents[:] = old
            raise
        self._events = [e for e in self._events if e.uid != uid]
        return gone


def _empty() -> Any:
    from icalendar import Calendar

    cal = Calendar()
    cal.add("PRODID", "-//OS1//scheduling//EN")
    cal.add("VERSION", "2.0")
    return cal
