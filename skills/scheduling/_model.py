"""Calendar events as OS¹ sees them, and their iCalendar (VEVENT) form."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from os1.timeparse._calendar import localize

__all__ = ["Event", "Occurrence", "from_component", "to_component", "new_uid", "to_json", "from_json"]


@dataclass(frozen=True)
class Event:
    """One calendar entry (a repeating one is one Event with an RRULE)."""

    uid: str
    title: str
    start: datetime
    """First start (aware)."""
    end: datetime
    """Exclusive end of the first occurrence (aware)."""
    all_day: bool = False
    rrule: str = ""
    """RFC 5545 RRULE value ("FREQ=WEEKLY;BYDAY=MO"), empty for a one-off event."""
    exdates: tuple[datetime, ...] = ()
    """Starts of occurrences that were cancelled."""
    recurrence_id: datetime | None = None
    """For a changed occurrence of a repeating event: the start it replaces."""
    location: str = ""
    href: str = field(default="", compare=False)
    """Where a CalDAV server keeps it (empty for the file store)."""
    sequence: int = field(default=0, compare=False)
    """The organiser's revision (SEQUENCE) of an accepted invitation; 0 for the person's own events."""

    @property
    def length(self) -> timedelta:
        return self.end - self.start


@dataclass(frozen=True)
class Occurrence:
    """One concrete time an event happens."""

    event: Event
    start: datetime
    end: datetime

    @property
    def title(self) -> str:
        return self.event.title


def new_uid() -> str:
    return f"{uuid.uuid4()}@os1"


def _aware(value: Any, zone: tzinfo) -> tuple[datetime, bool]:
    """An iCalendar DATE or DATE-TIME as an aware datetime, and whether it was a DATE."""
    if isinstance(value, datetime):
        return (value if value.tzinfo else localize(value, zone)), False
    if isinstance(value, date):
        return localize(datetime.combine(value, time()), zone), True
    raise ValueError(f"not a date: {value!r}")


def _dates(prop: Any, zone: tzinfo) -> list[datetime]:
    out: list[datetime] = []
    for item in prop if isinstance(prop, list) else [prop]:
        for dt in getattr(item, "dts", []):
            out.append(_aware(dt.dt, zone)[0])
    return out


def from_component(comp: Any, zone: tzinfo) -> Event | None:
    """The Event a VEVENT describes, or None when it has no usable start or is cancelled.

    Raises:
        ValueError: a property that cannot be read (the caller skips the event and counts it).
    """
    if str(comp.get("STATUS", "")).upper() == "CANCELLED" or comp.get("DTSTART") is None:
        return None
    start, all_day = _aware(comp.decoded("DTSTART"), zone)
    if comp.get("DTEND") is not None:
        end = _aware(comp.decoded("DTEND"), zone)[0]
    elif comp.get("DURATION") is not None:
        end = start + comp.decoded("DURATION")
    else:
        end = start + (timedelta(days=1) if all_day else timedelta(0))
    if end < start:
        end = start
    rrule = comp.get("RRULE")
    rid = comp.get("RECURRENCE-ID")
    return Event(
        uid=str(comp.get("UID") or new_uid()),
        title=str(comp.get("SUMMARY") or "untitled event").strip()[:200] or "untitled event",
        start=start, end=end, all_day=all_day,
        rrule=rrule.to_ical().decode("ascii", "replace") if rrule is not None else "",
        exdates=tuple(_dates(comp.get("EXDATE"), zone)) if comp.get("EXDATE") is not None else (),
        recurrence_id=_aware(rid.dt, zone)[0] if rid is not None else None,
        location=str(comp.get("LOCATION") or ""),
        sequence=_sequence(comp.get("SEQUENCE")),
    )


def _sequence(value: Any) -> int:
    """A SEQUENCE value as a number (0 when absent or unreadable: it only orders invitation updates)."""
    try:
        return max(0, int(str(value if value is not None else 0).strip() or 0))
    except ValueError:
        return 0


def to_component(event: Event, stamp: datetime) -> Any:
    """A VEVENT for *event* (icalendar ``Event``)."""
    from icalendar import Event as VEvent
    from icalendar import vRecur

    comp = VEvent()
    comp.add("UID", event.uid)
    comp.add("DTSTAMP", stamp)
    comp.add("SUMMARY", event.title)
    if event.all_day:
        comp.add("DTSTART", event.start.date())
        comp.add("DTEND", event.end.date())
    else:
        comp.add("DTSTART", event.start)
        comp.add("DTEND", event.end)
    if event.rrule:
        comp.add("RRULE", vRecur.from_ical(event.rrule))
    for ex in event.exdates:
        comp.add("EXDATE", ex)
    if event.recurrence_id is not None:
        comp.add("RECURRENCE-ID", event.recurrence_id)
    if event.location:
        comp.add("LOCATION", event.location)
    if event.sequence:
        comp.add("SEQUENCE", event.sequence)
    return comp


def to_json(event: Event) -> dict[str, Any]:
    """A JSON-able dict of *event* (for undo, kept in the conversation)."""
    return {"uid": event.uid, "title": event.title, "start": event.start.isoformat(),
            "end": event.end.isoformat(), "all_day": event.all_day, "rrule": event.rrule,
            "exdates": [d.isoformat() for d in event.exdates], "location": event.location,
            "recurrence_id": event.recurrence_id.isoformat() if event.recurrence_id else None,
            "href": event.href, "sequence": event.sequence}


def from_json(data: dict[str, Any]) -> Event:
    """The Event :func:`to_json` made *data* from."""
    rid = data.get("recurrence_id")
    return Event(data["uid"], data["title"], datetime.fromisoformat(data["start"]),
                 datetime.fromisoformat(data["end"]), data.get("all_day", False), data.get("rrule", ""),
                 tuple(datetime.fromisoformat(d) for d in data.get("exdates", ())),
                 datetime.fromisoformat(rid) if rid else None, data.get("location", ""), data.get("href", ""),
                 int(data.get("sequence", 0)))
