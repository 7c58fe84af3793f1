"""Pure queries over events: what happens between two times, conflicts, free slots, matches."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from datetime import datetime, time, timedelta, timezone

from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrulestr

from os1.timeparse._calendar import localize

from ._model import Event, Occurrence

__all__ = ["Agenda", "STOP_WORDS", "MAX_PER_EVENT"]

MAX_PER_EVENT = 1000
"""Occurrences of one repeating event a single query will list."""
MAX_STEPS = 50_000
"""Steps of one rule a single query will take (a daily rule with a COUNT, 20 years old, takes 7,300)."""

STOP_WORDS = frozenset("my the a an with to at on for of appointment meeting event thing".split())
_PERIOD = {"DAILY": timedelta(days=1), "WEEKLY": timedelta(weeks=1)}
_FAST_FORWARD = {**_PERIOD, "HOURLY": timedelta(hours=1), "MINUTELY": timedelta(minutes=1),
                 "SECONDLY": timedelta(seconds=1)}


_SIMPLE = frozenset(("FREQ", "INTERVAL", "UNTIL", "BYDAY", "WKST"))
_WEEKDAYS = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}


def _until(text: str, zone: object) -> datetime | None:
    """An RRULE UNTIL (date or UTC date-time) as an aware datetime, None when absent or unreadable."""
    if not text:
        return None
    try:
        if len(text) == 8:
            return localize(datetime.strptime(text, "%Y%m%d") + timedelta(days=1) - timedelta(seconds=1), zone)  # type: ignore[arg-type]
        moment = datetime.strptime(text.rstrip("Z"), "%Y%m%dT%H%M%S")
        return moment.replace(tzinfo=timezone.utc) if text.endswith("Z") else localize(moment, zone)  # type: ignore[arg-type]
    except ValueError:
        return None


def _skip_months(first: datetime, text: str, parts: dict[str, str], start: datetime) -> tuple[datetime, str]:
    """Move a monthly or yearly rule's start to just before *start* (dateutil walks every month from
    DTSTART otherwise). The day and month DTSTART implied are written into the rule first."""
    months = {"MONTHLY": 1, "YEARLY": 12}.get(parts.get("FREQ", ""), 0) * _interval(parts)
    if not months or "COUNT" in parts or "BYSETPOS" in parts or first >= start:
        return first, text
    jump = ((start.year - first.year) * 12 + start.month - first.month) // months - 1
    if jump <= 0:
        return first, text
    if not {"BYMONTHDAY", "BYDAY", "BYYEARDAY", "BYWEEKNO"} & set(parts):
        text += f";BYMONTHDAY={first.day}"
    if parts["FREQ"] == "YEARLY" and not {"BYMONTH", "BYYEARDAY", "BYWEEKNO"} & set(parts):
        text += f";BYMONTH={first.month}"
    naive = first.replace(tzinfo=None, day=1) + relativedelta(months=jump * months)
    return localize(naive, first.tzinfo), text


def _interval(parts: dict[str, str]) -> int:
    """The rule's INTERVAL (1 if absent), or 0 when it is not a whole number."""
    text = parts.get("INTERVAL", "1") or "1"
    return int(text) if text.isdigit() else 0


def _rule_parts(rule: str) -> dict[str, str]:
    return dict(p.split("=", 1) for p in rule.split(";") if "=" in p)


class Agenda:
    """An index over events for fast range queries (5,000 events: a week in a few ms).

    Args:
        events: every event of the calendar (repeating ones once, with their RRULE).
    """

    def __init__(self, events: Iterable[Event]) -> None:
        self.events = list(events)
        singles = sorted((e for e in self.events if not e.rrule), key=lambda e: e.start)
        self._singles = singles
        self._starts = [e.start for e in singles]
        self._longest = max((e.length for e in singles), default=timedelta(0))
        self._repeating = [e for e in self.events if e.rrule and e.recurrence_id is None]
        self._moved: dict[str, set[datetime]] = {}
        for e in self.events:
            if e.recurrence_id is not None:
                self._moved.setdefault(e.uid, set()).add(e.recurrence_id)

    def _expand(self, event: Event, start: datetime, end: datetime) -> list[Occurrence]:
        parts = _rule_parts(event.rrule)
        if _interval(parts) < 1:
            return []  # an unreadable rule: the event is left out of answers, kept in the file
        plain_days = all(d.strip()[-2:] in _WEEKDAYS and len(d.strip()) == 2 for d in parts.get("BYDAY", "MO").split(","))
        if set(parts) <= _SIMPLE and parts.get("FREQ") in _PERIOD and plain_days:
            return self._expand_simple(event, parts, start, end)
        first = event.start
        period = _FAST_FORWARD.get(parts.get("FREQ", ""))
        if period is not None and "COUNT" not in parts and first < start - event.length:
            step = period * _interval(parts)
            skip = (start - event.length - first) // step
            naive = first.replace(tzinfo=None) + skip * step
            first = localize(naive, first.tzinfo)
        text = re.sub(r"UNTIL=(\d{8})(?=;|$)", r"UNTIL=\1T235959Z", event.rrule)  # dateutil wants UTC
        first, text = _skip_months(first, text, parts, start - event.length)
        try:
            rule = rrulestr(text, dtstart=first, ignoretz=False)
        except (ValueError, TypeError, OverflowError):
            return []  # a rule dateutil cannot read: the event is left out of answers, kept in the file
        skipped = set(event.exdates) | self._moved.get(event.uid, set())
        out: list[Occurrence] = []
        for steps, begin in enumerate(rule):
            if begin >= end or len(out) >= MAX_PER_EVENT or steps > MAX_STEPS:
                break  # a hostile rule (FREQ=SECONDLY;COUNT=10000000 from 1970) cannot stall a turn
            if begin < start - event.length:
                continue
            finish = begin + event.length
            if finish > start or (begin >= start and begin < end):
                if begin not in skipped and begin < end:
                    out.append(Occurrence(event, begin, finish))
        return out

    def _expand_simple(self, event: Event, parts: dict[str, str], start: datetime, end: datetime) -> list[Occurrence]:
        """Daily and weekly rules by date arithmetic on the wall clock (no dateutil: 20x faster)."""
        zone = event.start.tzinfo
        first = event.start.astimezone(zone)
        wall, length = first.replace(tzinfo=None), event.length
        interval = _interval(parts)
        until = _until(parts.get("UNTIL", ""), zone)
        weekly = parts["FREQ"] == "WEEKLY"
        days = {_WEEKDAYS[d.strip()[-2:]] for d in parts.get("BYDAY", "").split(",") if d.strip()[-2:] in _WEEKDAYS}
        days = days or ({first.weekday()} if weekly else set(range(7)))
        week0 = wall.date() - timedelta(days=wall.weekday())
        skipped = set(event.exdates) | self._moved.get(event.uid, set())
        lo = max(wall.date(), (start - length).astimezone(zone).date() - timedelta(days=1))
        hi = end.astimezone(zone).date()
        out, day = [], lo
        while day <= hi:
            if weekly:
                ok = day.weekday() in days and ((day - timedelta(days=day.weekday()) - week0).days // 7) % interval == 0
            else:
                ok = day.weekday() in days and (day - wall.date()).days % interval == 0
            if ok:
                begin = localize(datetime.combine(day, wall.time()), zone)
                if until is not None and begin > until:
                    break
                if begin >= first and begin < end and begin + length > start and begin not in skipped:
                    out.append(Occurrence(event, begin, begin + length))
            day += timedelta(days=1)
        return out

    def between(self, start: datetime, end: datetime) -> list[Occurrence]:
        """Every occurrence overlapping [start, end), by start time."""
        lo = bisect.bisect_left(self._starts, start - self._longest)
        hi = bisect.bisect_left(self._starts, end)
        out = [Occurrence(e, e.start, e.end) for e in self._singles[lo:hi]
               if e.end > start or (e.start >= start and e.start < end)]
        for event in self._repeating:
            if event.start < end:
                out.extend(self._expand(event, start, end))
        out.sort(key=lambda o: (o.start, o.title))
        return out

    def upcoming(self, after: datetime, limit: int = 1, words: Sequence[str] = ()) -> list[Occurrence]:
        """The next *limit* occurrences starting at or after *after* whose titles contain *words*."""
        found: list[Occurrence] = []
        for days in (2, 14, 62, 400):
            found = [o for o in self.between(after, after + timedelta(days=days))
                     if o.start >= after and _has_words(o.title, words)]
            if len(found) >= limit:
                break
        return found[:limit]

    def conflicts(self, start: datetime, end: datetime, ignore: str = "") -> list[Occurrence]:
        """Timed occurrences overlapping [start, end) (all-day events do not block time)."""
        return [o for o in self.between(start, end)
                if not o.event.all_day and o.event.uid != ignore and o.start < end and o.end > start]

    def free_slots(self, start: datetime, end: datetime, minimum: timedelta) -> list[tuple[datetime, datetime]]:
        """Gaps of at least *minimum* between timed occurrences inside [start, end)."""
        gaps, cursor = [], start
        for occ in self.conflicts(start, end):
            if occ.start - cursor >= minimum:
                gaps.append((cursor, occ.start))
            cursor = max(cursor, occ.end)
        if end - cursor >= minimum:
            gaps.append((cursor, end))
        return gaps

    def free_in_hours(self, start: datetime, end: datetime, minimum: timedelta, first: time,
                      last: time) -> list[tuple[datetime, datetime]]:
        """Free gaps inside waking hours (*first* to *last* each day) between *start* and *end*."""
        zone = start.tzinfo
        gaps: list[tuple[datetime, datetime]] = []
        day = start.astimezone(zone).date()
        while day <= end.astimezone(zone).date():
            lo = max(start, localize(datetime.combine(day, first), zone))
            hi = min(end, localize(datetime.combine(day, last), zone))
            if hi - lo >= minimum:
                gaps.extend(self.free_slots(lo, hi, minimum))
            day += timedelta(days=1)
        return gaps

    def matching(self, words: Sequence[str], after: datetime, horizon: timedelta = timedelta(days=400)) -> list[Occurrence]:
        """Occurrences from *after* on (first of each event) whose titles contain *words*."""
        seen: dict[str, Occurrence] = {}
        for occ in self.between(after, after + horizon):
            if _has_words(occ.title, words) and occ.event.uid not in seen:
                seen[occ.event.uid] = occ
        return list(seen.values())


def _has_words(title: str, words: Sequence[str]) -> bool:
    from os1.textnorm import tokens

    have = set(tokens(title))
    have |= {w.rstrip("s") for w in have}
    wanted = [w for w in words if w not in STOP_WORDS]
    return all(w in have or w.rstrip("s") in have for w in wanted)
