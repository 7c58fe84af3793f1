"""Calendar invitations (iTIP, RFC 5546) for whatever part of OS¹ receives them.

Nothing here knows about mail: the email skill hands over the text of a ``text/calendar`` part and
a :class:`~._store.CalendarStore` (see :func:`~._store.open_calendar`), and gets back plain data.
Reading is a pure function; accepting and withdrawing change the calendar by the invitation's UID,
so accepting twice changes nothing and an updated invitation replaces the older version. Every
change comes with a JSON-able undo step for :func:`revert` (the same steps the scheduling skill's
own "undo" uses).
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from . import _speak as say
from ._agenda import Agenda
from ._model import Event, Occurrence, _aware, _sequence, from_component, from_json, to_component, to_json
from ._store import CalendarStore

__all__ = ["Invitation", "InvitationError", "Standing", "Change", "read_invitation", "standing", "accept",
           "withdraw", "revert", "reply_ics", "event_words", "clash_words"]

_ANSWERS = {"REPLY": "an answer to a meeting invitation", "COUNTER": "a proposal of a new time for a meeting",
            "REFRESH": "a request for the latest version of a meeting", "DECLINECOUNTER": "a refusal of a new time",
            "ADD": "extra dates for a meeting"}
"""iTIP methods that are not something to put in the calendar, as said."""
_STAMP = datetime(2000, 1, 1, tzinfo=timezone.utc)
"""A DTSTAMP for components that are only written to be read back."""


class InvitationError(Exception):
    """An invitation that cannot be used as it is; the message is a sentence to say."""


@dataclass(frozen=True)
class Invitation:
    """A calendar invitation as read from its iCalendar text."""

    method: str
    """iTIP method, upper case: REQUEST (an invitation or its update), CANCEL, PUBLISH (also for none)."""
    uid: str
    """The event's UID (derived from its contents when the sender gave none, so it stays the same)."""
    title: str
    event: Event | None
    """What goes in the calendar, with the UID; None only for a cancellation that gives no time."""
    sequence: int
    """The sender's revision number (SEQUENCE); a later one updates an earlier one."""
    organizer: str
    """The organiser's address, lower case, without ``mailto:`` ("" when none)."""
    organizer_name: str
    attendees: tuple[str, ...]
    """Attendee addresses, lower case."""
    ics: str
    """The iCalendar text as received (an answer to the organiser is built from it)."""
    occurrence: datetime | None = None
    """For a cancellation of one meeting of a repeating series: that meeting's start (RECURRENCE-ID)."""

    @property
    def cancelled(self) -> bool:
        """The organiser called the meeting off (METHOD:CANCEL or STATUS:CANCELLED)."""
        return self.method == "CANCEL"

    @property
    def who(self) -> str:
        """The organiser as said: their name, else their address, else "someone"."""
        return self.organizer_name or self.organizer or "someone"


@dataclass(frozen=True)
class Standing:
    """Where an invitation stands against the calendar."""

    current: Event | None
    """The calendar's event with the invitation's UID; None when it is not in the calendar."""
    up_to_date: bool
    """The calendar already holds the invitation as it is now (title, times, rule, place)."""
    outdated: bool
    """The invitation is older than the version in the calendar (a lower SEQUENCE): accepting it changes nothing."""
    clashes: tuple[Occurrence, ...]
    """Other timed events overlapping the invitation's first occurrence."""


@dataclass(frozen=True)
class Change:
    """What accepting or withdrawing did to the calendar."""

    kind: str
    """``added``, ``updated``, ``unchanged``, ``outdated``, ``removed`` or ``skipped`` (one meeting of a series)."""
    event: Event
    """The event as it is now in the calendar (for ``removed``: as it was)."""
    undo: dict[str, Any] | None
    """A JSON-able step that :func:`revert` takes back; None when nothing changed."""
    previous: Event | None = None
    """For ``updated``: the version it replaced."""


def _address(value: Any) -> tuple[str, str]:
    """(address, name) of an ORGANIZER or ATTENDEE value."""
    text = str(value or "").strip()
    address = text[7:] if text.lower().startswith("mailto:") else text
    name = str(getattr(value, "params", {}).get("CN", "") or "").strip().strip('"')
    return (address.lower() if "@" in address else ""), name


def _as_list(value: Any) -> list[Any]:
    return [] if value is None else value if isinstance(value, list) else [value]


def _parse(ics: str) -> Any:
    from icalendar import Calendar

    try:
        found = Calendar.from_ical(ics)
    except Exception:  # icalendar raises ValueError, KeyError, IndexError ... on bad input
        found = None
    if isinstance(found, list):
        found = found[0] if found else None
    if found is None or getattr(found, "name", "") not in ("VCALENDAR", "VEVENT"):
        raise InvitationError("The invitation in that email is damaged: I can't read its calendar part, "
                              "so I can't put it in your calendar. Ask the sender to send it again.")
    return found


def _derived_uid(comp: Any) -> str:
    key = "|".join(str(comp.get(p, "")) for p in ("SUMMARY", "DTSTART", "ORGANIZER", "LOCATION"))
    return f"{hashlib.sha1(key.encode('utf-8', 'replace')).hexdigest()[:20]}@os1-invitation"


def _settle(event: Event, zone: tzinfo) -> Event:
    """Times in an IANA zone or UTC as sent; any other (a sender's own VTIMEZONE) in the person's zone."""
    if isinstance(event.start.tzinfo, ZoneInfo) or event.start.tzinfo is timezone.utc:
        return event
    return dataclasses.replace(event, start=event.start.astimezone(zone), end=event.end.astimezone(zone),
                               exdates=tuple(d.astimezone(zone) for d in event.exdates))


def read_invitation(ics: str, zone: tzinfo, fallback_title: str = "") -> Invitation:
    """Read the iCalendar text of an invitation, its update or its cancellation.

    Args:
        ics: the text of a ``text/calendar`` part.
        zone: the person's zone (for floating times, all-day dates and senders' own time zones).
        fallback_title: what to call it when it has no SUMMARY (the email's subject).

    Raises:
        InvitationError: it is damaged, holds no event, gives no start, or is not an invitation
            (an answer to one, a counter-proposal); the message says so in a sentence.
    """
    from icalendar import Calendar

    cal = _parse(ics)
    method = str(cal.get("METHOD", "") or "").strip().upper() or "PUBLISH"
    comps = [cal] if cal.name == "VEVENT" else list(cal.walk("VEVENT"))
    if not comps:
        raise InvitationError("The calendar part of that email has no event in it, so there's nothing to add.")
    master = next((c for c in comps if c.get("RECURRENCE-ID") is None), None)
    title = (" ".join(str(comps[0].get("SUMMARY") or "").split()) or fallback_title.strip() or "a meeting")[:200]
    organizer, organizer_name = _address(comps[0].get("ORGANIZER"))
    if method in _ANSWERS:
        raise InvitationError(f"That's {_ANSWERS[method]} (“{title}”) from {organizer_name or organizer or 'someone'}, "
                              f"not an invitation, so there's nothing to add to your calendar.")
    if str(comps[0].get("STATUS", "")).upper() == "CANCELLED":
        method = "CANCEL"
    if master is None and method != "CANCEL":
        raise InvitationError(f"That invitation changes one meeting of the repeating “{title}”; I can't apply "
                              f"changes to single meetings of a series yet.")
    comp = copy.deepcopy(master if master is not None else comps[0])
    occurrence = None
    if master is None:  # the cancellation of one meeting of a series
        try:
            occurrence = _aware(comp.decoded("RECURRENCE-ID"), zone)[0]
        except Exception:
            raise InvitationError(f"That cancellation of one “{title}” meeting doesn't say which one I can read, "
                                  f"so I've left your calendar alone.") from None
    uid = str(comp.get("UID") or "").strip() or _derived_uid(comp)
    event = None
    if comp.get("DTSTART") is None:
        if method != "CANCEL":
            raise InvitationError(f"The invitation for “{title}” doesn't say when it starts, so I can't put it "
                                  f"in your calendar. Ask {organizer_name or organizer or 'the sender'} for the time.")
    else:
        comp.pop("STATUS", None)
        comp.pop("RECURRENCE-ID", None)
        try:
            event = from_component(comp, zone)
            if event is not None:  # as the calendar will hold it (and it must be writable as it is)
                event = _settle(dataclasses.replace(event, uid=uid, title=title), zone)
                event = from_component(Calendar.from_ical(to_component(event, _STAMP).to_ical()), zone)
        except Exception:  # a malformed date, duration or rule
            raise InvitationError(f"The invitation for “{title}” has a date, time or repeat rule I can't read, so "
                                  f"I can't put it in your calendar.") from None
    sequence = event.sequence if event is not None else _sequence(comp.get("SEQUENCE"))
    attendees = tuple(a for a, _ in map(_address, _as_list(comp.get("ATTENDEE"))) if a)
    return Invitation(method, uid, title, event, sequence, organizer, organizer_name, attendees, ics, occurrence)


def _find(events: list[Event], uid: str) -> Event | None:
    return next((e for e in events if e.uid == uid and e.recurrence_id is None), None)


def _same(a: Event, b: Event) -> bool:
    def rule(text: str) -> frozenset[str]:
        return frozenset(p.upper() for p in text.split(";") if p)

    return (a.title, a.start, a.end, a.all_day, rule(a.rrule), a.location, frozenset(a.exdates)) == \
        (b.title, b.start, b.end, b.all_day, rule(b.rrule), b.location, frozenset(b.exdates))


def standing(store: CalendarStore, invitation: Invitation) -> Standing:
    """Whether the invitation is in the calendar already, and what it would overlap.

    Raises:
        StoreError: the calendar cannot be read (the message says why).
    """
    events = store.events()
    current = _find(events, invitation.uid)
    event = invitation.event
    up_to_date = current is not None and event is not None and _same(current, event)
    outdated = current is not None and not up_to_date and current.sequence > invitation.sequence
    clashes: tuple[Occurrence, ...] = ()
    if event is not None and not event.all_day and not invitation.cancelled and not outdated:
        clashes = tuple(Agenda(events).conflicts(event.start, event.end, ignore=invitation.uid))
    return Standing(current, up_to_date, outdated, clashes)


def accept(store: CalendarStore, invitation: Invitation) -> Change:
    """Put the invitation's event in the calendar, by its UID.

    A second accept of the same invitation changes nothing (``unchanged``), nor does an older
    version of one already accepted (``outdated``, by SEQUENCE); a newer version replaces the one in
    the calendar (``updated``).

    Raises:
        InvitationError: it is a cancellation.
        StoreError: the calendar could not be read or written (nothing was changed).
    """
    event = invitation.event
    if invitation.cancelled or event is None:
        raise InvitationError(f"{invitation.who} has cancelled “{invitation.title}”, so there's nothing to accept.")
    current = _find(store.events(), invitation.uid)
    if current is None:
        store.add(event)
        return Change("added", event, {"op": "add", "uid": event.uid, "title": event.title})
    if _same(current, event):
        return Change("unchanged", current, None)
    if current.sequence > invitation.sequence:
        return Change("outdated", current, None)
    store.replace(event)
    return Change("updated", event, {"op": "replace", "event": to_json(current), "title": current.title}, current)


def withdraw(store: CalendarStore, uid: str, occurrence: datetime | None = None) -> Change | None:
    """Take the event with *uid* out of the calendar; None when it is not there.

    Args:
        occurrence: only this meeting of a repeating event (it becomes an EXDATE, kind ``skipped``).

    Raises:
        StoreError: the calendar could not be read or written (nothing was changed).
    """
    current = _find(store.events(), uid)
    if current is None:
        return None
    if occurrence is not None and not current.rrule and current.start != occurrence:
        return None  # it names a meeting this event does not have
    if occurrence is not None and current.rrule:
        if occurrence in current.exdates:
            return None
        skipped = dataclasses.replace(current, exdates=(*current.exdates, occurrence))
        store.replace(skipped)
        return Change("skipped", skipped, {"op": "replace", "event": to_json(current), "title": current.title}, current)
    gone = store.remove(uid)
    return Change("removed", current, {"op": "remove", "events": [to_json(e) for e in gone], "title": current.title})


def revert(store: CalendarStore, step: dict[str, Any]) -> Event | None:
    """Take back a change described by an undo *step*; returns the event that is back, if any.

    Steps are ``{"op": "add", "uid"}``, ``{"op": "remove", "events": [...]}`` and
    ``{"op": "replace", "event": {...}}`` (events as :func:`~._model.to_json` writes them).

    Raises:
        StoreError: the calendar could not be changed.
        ValueError: an unknown step.
    """
    if step["op"] == "add":
        store.remove(step["uid"])
        return None
    if step["op"] == "remove":
        events = [from_json(data) for data in step["events"]]
        for event in events:
            store.add(event)
        return events[0] if events else None
    if step["op"] == "replace":
        old = from_json(step["event"])
        store.replace(old)
        return old
    raise ValueError(f"not a calendar undo step: {step.get('op')!r}")


def reply_ics(invitation: Invitation, attendee: str, name: str, partstat: str, stamp: datetime) -> str:
    """The iTIP REPLY (RFC 5546 3.2.3) that tells the organiser *attendee*'s answer.

    Args:
        attendee: the person's address.
        name: the person's name (CN), or "".
        partstat: ``ACCEPTED``, ``DECLINED`` or ``TENTATIVE``.
        stamp: now (DTSTAMP).
    """
    from icalendar import Calendar, vCalAddress
    from icalendar import Event as VEvent

    source = _parse(invitation.ics)
    comps = [source] if source.name == "VEVENT" else list(source.walk("VEVENT"))
    original = next((c for c in comps if c.get("RECURRENCE-ID") is None), comps[0])
    cal = Calendar()
    cal.add("PRODID", "-//OS1//scheduling//EN")
    cal.add("VERSION", "2.0")
    cal.add("METHOD", "REPLY")
    if source.name == "VCALENDAR":
        for zone in source.walk("VTIMEZONE"):
            cal.add_component(zone)
    reply = VEvent()
    reply.add("UID", invitation.uid)
    reply.add("DTSTAMP", stamp.astimezone(timezone.utc).replace(microsecond=0))
    for prop in ("DTSTART", "DTEND", "DURATION", "SUMMARY", "ORGANIZER", "SEQUENCE", "RECURRENCE-ID"):
        if original.get(prop) is not None:
            reply[prop] = original[prop]
    if invitation.sequence and reply.get("SEQUENCE") is None:
        reply.add("SEQUENCE", invitation.sequence)
    who = vCalAddress(f"mailto:{attendee}")
    who.params["PARTSTAT"] = partstat
    if name:
        who.params["CN"] = name
    reply.add("ATTENDEE", who)
    cal.add_component(reply)
    return cal.to_ical().decode("utf-8")


def event_words(event: Event, now: datetime) -> str:
    """When an event is, as said: "on Tuesday from 3 pm to 4 pm", "tomorrow (all day)"."""
    start, end = event.start.astimezone(now.tzinfo), event.end.astimezone(now.tzinfo)
    if event.all_day:
        text = f"{say.day_words(start, now)} (all day)"
    elif end == start:
        text = say.when(start, now)
    elif (end - timedelta(microseconds=1)).date() <= start.date():
        text = f"{say.day_words(start, now)} {say.span(start, end, now)}"
    else:
        text = f"from {say.when(start, now)} to {say.when(end, now)}"
    text += ", repeating" if event.rrule else ""
    if "://" in event.location:
        return text + ", online"
    return text + (f", in {event.location}" if event.location else "")


def clash_words(clashes: tuple[Occurrence, ...] | list[Occurrence], now: datetime) -> str:
    """ "Standup from 3 pm to 3:30 pm and Lunch from noon to 1 pm" (the first two)."""
    return say.join([f"{o.title} {say.span(o.start, o.end, now)}" for o in clashes[:2]])
