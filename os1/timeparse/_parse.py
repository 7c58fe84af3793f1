"""The whole phrase: relative times, ranges, open ends and repeats around single points."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any

from ._calendar import add_grain, localize, truncate
from ._duration import duration_at
from ._lex import UNIT_WORDS, WEEKDAYS, lex, numbers_at
from ._point import read_point
from ._recur import recurrence
from ._resolve import resolve
from ._types import Duration, Interval, OpenInterval, TimeExpr, TimePoint

__all__ = ["parse", "parse_duration", "shift"]

_LEAD = frozenset("um uh er please just about approximately around roughly some sometime sometimes anytime "
                  "any time".split())
_RANGE_SEPS = ("-", "to", "till", "til", "until", "untill", "thru", "through", "and")


def shift(moment: datetime, length: Duration, sign: int = 1) -> datetime:
    """*moment* moved by *length*: months and days on the wall clock, the rest as elapsed time."""
    zone = moment.tzinfo
    out = moment
    if length.months or length.days:
        from dateutil.relativedelta import relativedelta

        naive = moment.replace(tzinfo=None) + sign * relativedelta(months=length.months, days=length.days)
        out = localize(naive, zone)
    if length.seconds:
        out = (out.astimezone(timezone.utc) + timedelta(seconds=sign * length.seconds)).astimezone(zone)
    return out


def parse_duration(text: str) -> Duration | None:
    """A length of time said as *text* ("for an hour and a half" → 5400 s), or None."""
    toks = [t for t in lex(text) if t not in _LEAD]
    if toks[:1] == ["for"]:
        toks = toks[1:]
    found = duration_at(toks, 0)
    return found[1] if found and found[0] == len(toks) else None


def _point(toks: Sequence[str], now: datetime, zone: tzinfo) -> TimeExpr | None:
    spec = read_point(toks)
    return resolve(spec, now, zone) if spec else None


def _relative(toks: list[str], now: datetime, zone: tzinfo) -> TimeExpr | None:
    """ "in 20 minutes", "3 days ago", "2 weeks from now", "a year from christmas", "3 fridays from now"."""
    if toks[:1] == ["in"] or toks[:1] == ["within"]:
        toks = [toks[0]] + [t for t in toks[1:3] if t not in _LEAD] + toks[3:]
        found = duration_at(toks, 1)
        if found is None and len(toks) >= 2 and toks[1].endswith(":00") and toks[1][:-3].isdigit():
            found = (2, Duration(seconds=3600 * int(toks[1][:-3]), grain="hour"))  # "in 1h"
        if found is None and len(toks) == 2 and toks[1].isdigit() and len(toks[1]) <= 2:
            found = (2, Duration(seconds=60 * int(toks[1]), grain="minute"))  # "in 15": minutes
        if found is None:
            return None
        end, length = found
        target = shift(now, length)
        if toks[0] == "within" and end == len(toks):
            return Interval(now, truncate(target.replace(tzinfo=None), "day").replace(tzinfo=zone), "second")
        if end == len(toks):
            return TimePoint(target.replace(microsecond=0), "second")
        rest = _point(toks[end:], target, zone)
        if isinstance(rest, TimePoint) and rest.grain in ("hour", "minute"):
            day = target.date() if length.grain in ("day", "week") else target.replace(day=1).date()
            spec = read_point(toks[end:]) or {}
            return resolve({**spec, "year": day.year, "month": day.month, "day": day.day}, now, zone)
        return None
    for k in range(1, len(toks)):
        tail = toks[k:]
        sign = 0
        if tail in (["from", "now"], ["hence"], ["later"], ["from", "right", "now"], ["from", "today"]):
            sign = 1
        elif tail in (["ago"], ["back"], ["earlier"]):
            sign = -1
        if sign:
            nums = numbers_at(toks, 0)
            if nums and nums[-1][0] == k - 1 and toks[k - 1] in WEEKDAYS:
                count, wd = nums[-1][1], WEEKDAYS[toks[k - 1]]
                start = now.date()
                ahead = (wd - start.weekday()) % 7 or 7 if sign > 0 else -((start.weekday() - wd) % 7 or 7)
                day = start + timedelta(days=ahead + sign * 7 * (count - 1))
                return TimePoint(localize(datetime.combine(day, datetime.min.time()), zone), "day")
            found = duration_at(toks, 0)
            if found and found[0] == k:
                base = now if tail != ["from", "today"] else localize(truncate(now.replace(tzinfo=None), "day"), zone)
                return TimePoint(shift(base, found[1], sign).replace(microsecond=0), "second")
    found = duration_at(toks, 0)
    if found and toks[found[0] : found[0] + 1] in (["from"], ["after"], ["before"]):
        anchor = _point(toks[found[0] + 1 :], now, zone)
        if isinstance(anchor, TimePoint):
            sign = -1 if toks[found[0]] == "before" else 1
            return TimePoint(shift(anchor.start, found[1], sign), anchor.grain)
    return None


def _next_n(toks: list[str], now: datetime, zone: tzinfo) -> TimeExpr | None:
    """ "next 3 days", "last two weeks", "past 2 days", "next few hours"."""
    if len(toks) < 3 or toks[0] not in ("next", "last", "past", "previous", "coming", "upcoming"):
        return None
    found = duration_at(toks, 1)
    if found is None or found[0] != len(toks) or toks[1] in ("a", "an"):
        return None
    unit = UNIT_WORDS.get(toks[-1])
    if unit is None or unit == "fortnight":
        return None
    nums = numbers_at(toks, 1)
    count = nums[-1][1] if nums else 3
    base = truncate(now.replace(tzinfo=None), unit)
    if toks[0] in ("next", "coming", "upcoming"):
        start, end = add_grain(base, unit, 1), add_grain(base, unit, 1 + count)
    else:
        start, end = add_grain(base, unit, -count), base
    return Interval(localize(start, zone), localize(end, zone), unit)


def _merge(left: dict[str, Any], right: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Share what one end of a range says and the other leaves out ("July 13-15", "3-4pm")."""
    date_keys = ("year", "month", "weekday", "wd_mode", "day_offset", "month_shift", "tz")
    for key in date_keys:
        if key in left and key not in right:
            if key not in ("month", "year") or "day" in right:  # "July 13-15": 15 is in July too
                right = {**right, key: left[key]}
        elif key in right and key not in left:
            left = {**left, key: right[key]}
    if "ampm" in right and "ampm" not in left and "hour" in left:
        lh, rh = left["hour"] % 12, right["hour"] % 12
        if lh <= rh or right["ampm"] == "am":
            left = {**left, "ampm": right["ampm"]}
    if "part" in right and "part" not in left and "hour" in left:
        left = {**left, "part": right["part"]}
    return left, right


def _as_day(spec: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    """A bare number across from a date is a day of the month ("July 13-15")."""
    if spec.get("bare") and "day" in other and "hour" not in other and 1 <= spec["bare"] <= 31:
        return {k: v for k, v in spec.items() if k not in ("hour", "minute", "h24", "bare")} | {"day": spec["bare"]}
    return spec


def _range(toks: list[str], now: datetime, zone: tzinfo) -> TimeExpr | None:
    """ "from 9:30 to 11", "between 3 and 4pm", "July 13-15", "8am - 1pm", "later than 3:30pm but before 6pm"."""
    words = list(toks)
    whole = read_point(words)
    if whole and "rel_base" in whole and "month" not in whole:
        return None  # "a quarter to noon" is one time, not a range
    seps = _RANGE_SEPS
    if words[:2] == ["later", "than"]:
        words, seps = words[2:], (*_RANGE_SEPS, "before")
    words = [w if w != "but" else "" for w in words]
    words = [w for w in words if w]
    for i, w in enumerate(words):
        if w not in seps or i == 0 or i == len(words) - 1:
            continue
        if w == "and" and "between" not in words[:i]:
            continue
        left_t = [x for x in words[:i] if x not in ("from", "between")]
        right_t = [x for x in words[i + 1 :] if x not in ("before",)]
        left, right = read_point(left_t), read_point(right_t)
        if not left or not right:
            continue
        left, right = _as_day(left, right), _as_day(right, left)
        left, right = _merge(left, right)
        a, b = resolve(left, now, zone), resolve(right, now, zone)
        if not isinstance(a, TimePoint) or not isinstance(b, TimePoint):
            continue
        closed = b.grain in ("hour", "minute", "second")
        end = b.start if closed else b.end
        if end <= a.start and closed:
            end = end + timedelta(hours=12) if b.ambiguous and end + timedelta(hours=12) > a.start else end + timedelta(days=1)
        grain = min(a.grain, b.grain, key=("second", "minute", "hour", "day", "week", "month", "year").index)
        return Interval(a.start, end, grain, closed)
    return None


def _with_length(toks: list[str], now: datetime, zone: tzinfo) -> TimeExpr | None:
    """ "4pm for 30 mins", "from 18th Dec for 10 days", "for 10 days from 18th Dec"."""
    if "for" not in toks:
        return None
    at = toks.index("for")
    found = duration_at(toks, at + 1)
    if found is None:
        return None
    rest = toks[:at] + toks[found[0]:]
    rest = [t for t in rest if t not in ("from", "starting")]
    point = _point(rest, now, zone) if rest else None
    if not isinstance(point, TimePoint):
        return None
    return Interval(point.start, shift(point.start, found[1]), point.grain, closed=True)


def _open(toks: list[str], now: datetime, zone: tzinfo) -> TimeExpr | None:
    """ "after 2 pm", "until Friday", "by 5", "since 2014", "before 11 am", "asap"."""
    if toks in (["asap"], ["as", "soon", "as", "possible"]):
        return OpenInterval(now.replace(microsecond=0), "after", "second")
    head, rest = toks[0], toks[1:]
    if not rest or (head == "after" and rest[0] in ("lunch", "school", "work")):
        return None
    if head in ("after", "since", "from"):
        target = _relative(["in", *rest], now, zone) if head == "after" and duration_at(rest, 0) else _point(rest, now, zone)
        if isinstance(target, TimePoint):
            return OpenInterval(target.start, "after", target.grain)
    if head in ("before", "until", "till", "til", "untill", "through", "thru"):
        target = _point(rest, now, zone)
        if isinstance(target, TimePoint):
            return OpenInterval(target.start, "before", target.grain)
    if head == "by":
        target = _point(rest, now, zone)
        if isinstance(target, (TimePoint, Interval)):
            fine = isinstance(target, TimePoint) and target.grain in ("hour", "minute", "second")
            return Interval(now.replace(microsecond=0), target.start if fine else target.end, "second")
    return None


def parse(text: str, now: datetime, tz: tzinfo | None = None) -> TimeExpr | None:
    """What time *text* means, seen from *now*.

    A pure function of its arguments: no clock, no I/O.

    Args:
        text: the phrase as typed or recognised ("tomorrow at three", "every Monday at nine").
        now: the current time (aware).
        tz: the person's zone; *now*'s zone if None. Wall-clock phrases are read in it.

    Returns:
        A :class:`TimePoint`, :class:`Interval`, :class:`OpenInterval` or :class:`Recurrence`;
        None when the phrase says no time.

    Raises:
        ImpossibleDate: the phrase names a date that does not exist ("February 30th").
    """
    zone = tz or now.tzinfo
    assert zone is not None, "now must be aware"
    now = now.astimezone(zone)
    toks = lex(text)
    while toks and toks[0] in _LEAD:
        toks = toks[1:]
    while toks and toks[-1] in ("ish", "approximately", "please", "sharp", "roughly"):
        toks = toks[:-1]
    if not toks:
        return None
    for rule in (recurrence, _relative, _next_n, _with_length, _range, _open):
        found = rule(toks, now, zone)
        if found is not None:
            return found
    found = _point(toks, now, zone)
    if found is None and toks[0] in ("at", "on", "for", "in", "by"):
        found = _point(toks[1:], now, zone)
    return found
