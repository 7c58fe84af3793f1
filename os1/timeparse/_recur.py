"""Repeating times as RRULEs: "every Monday at nine", "daily at 7", "every other week", "weekdays"."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta, tzinfo

from dateutil.rrule import rrulestr

from ._calendar import localize
from ._lex import WEEKDAYS, numbers_at
from ._point import read_point
from ._resolve import PARTS, _hour24
from ._types import Recurrence

__all__ = ["recurrence"]

_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_FREQ = {"daily": "DAILY", "weekly": "WEEKLY", "monthly": "MONTHLY", "yearly": "YEARLY", "annually": "YEARLY",
         "hourly": "HOURLY", "nightly": "DAILY"}
_UNIT_FREQ = {"day": "DAILY", "days": "DAILY", "week": "WEEKLY", "weeks": "WEEKLY", "month": "MONTHLY",
              "months": "MONTHLY", "year": "YEARLY", "years": "YEARLY", "hour": "HOURLY", "hours": "HOURLY",
              "morning": "DAILY", "afternoon": "DAILY", "evening": "DAILY", "night": "DAILY"}


def _head(toks: Sequence[str]) -> tuple[int, str, int, list[str], str] | None:
    """(end, FREQ, INTERVAL, BYDAY, part) for "every other monday", "daily", "every 2 weeks", "on weekdays"."""
    i = 1 if toks[:1] == ["on"] else 0
    w = toks[i] if i < len(toks) else ""
    if w in _FREQ:
        return i + 1, _FREQ[w], 1, [], ""
    plural_day = w.endswith("s") and w in WEEKDAYS and w[:-1] in WEEKDAYS
    if w in ("weekdays", "weekends") or plural_day:
        if w == "weekdays":
            days = list(_DAYS[:5])
        elif w == "weekends":
            days = ["SA", "SU"]
        else:
            days = [_DAYS[WEEKDAYS[w]]]
        return i + 1, "WEEKLY", 1, days, ""
    if w not in ("every", "each"):
        return None
    j, interval = i + 1, 1
    if j < len(toks) and toks[j] in ("other", "second"):
        interval, j = 2, j + 1
    else:
        nums = numbers_at(toks, j)
        if nums and nums[-1][1] > 1:
            interval, j = nums[-1][1], nums[-1][0]
    days: list[str] = []
    while j < len(toks) and (toks[j] in WEEKDAYS or toks[j] in ("and", ",")):
        if toks[j] in WEEKDAYS:
            days.append(_DAYS[WEEKDAYS[toks[j]]])
        j += 1
    if days:
        return j, "WEEKLY", interval, days, ""
    w = toks[j] if j < len(toks) else ""
    if w in ("weekday", "weekdays"):
        return j + 1, "WEEKLY", 1, list(_DAYS[:5]), ""
    if w in ("weekend", "weekends"):
        return j + 1, "WEEKLY", 1, ["SA", "SU"], ""
    if w in _UNIT_FREQ:
        return j + 1, _UNIT_FREQ[w], interval, [], w if w in PARTS else ""
    return None


def recurrence(toks: list[str], now: datetime, zone: tzinfo) -> Recurrence | None:
    """A repeating time said by *toks*, or None."""
    head = _head(toks)
    if head is None:
        return None
    end, freq, interval, days, part = head
    rest = [t for t in toks[end:] if t not in ("at", "on", "the", "of", "in")]
    spec = read_point(rest) if rest else {}
    if spec is None:
        return None
    if part:
        spec.setdefault("part", part)
    rule = f"FREQ={freq}" + (f";INTERVAL={interval}" if interval > 1 else "")
    if days:
        rule += ";BYDAY=" + ",".join(days)
    if freq == "MONTHLY" and "day" in spec:
        rule += f";BYMONTHDAY={spec['day']}"
    if freq == "YEARLY" and "month" in spec and "day" in spec:
        rule += f";BYMONTH={spec['month']};BYMONTHDAY={spec['day']}"
    if "hour" in spec:
        hour, _ = _hour24(spec, dated=True)
        at, grain = time(hour % 24, spec.get("minute", 0)), "minute"
    elif part:
        at, grain = time({"morning": 9, "afternoon": 14, "evening": 19, "night": 21}[part]), "minute"
    else:
        at, grain = time(0), "day"
    local = now.astimezone(zone).replace(tzinfo=None)
    start = datetime.combine(local.date(), at)
    first = rrulestr(rule, dtstart=start).after(local - timedelta(seconds=1), inc=True)
    if first is None:
        return None
    return Recurrence(localize(first, zone), rule, grain)
