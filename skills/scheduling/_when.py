"""Reading the time slots of a request, with answers for the person when they say no time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from os1.textnorm import tokens
from os1.timeparse import ImpossibleDate, Interval, OpenInterval, Recurrence, TimeExpr, TimePoint, parse
from os1.timeparse._calendar import localize

__all__ = ["Reading", "read_when", "split_title", "span_for", "MOVABLE"]

MOVABLE = frozenset("lunch dinner breakfast lunchtime dinnertime christmas party".split())
"""Words the time slot may take from the end of a title ("team lunch on Friday")."""


@dataclass(frozen=True)
class Reading:
    """A time slot read: the time, or a sentence saying why there is none."""

    expr: TimeExpr | None
    problem: str = ""


def read_when(text: str, now: datetime) -> Reading:
    """Parse *text* at *now*; a problem sentence when it names no time or an impossible date."""
    try:
        expr = parse(text, now)
    except ImpossibleDate as exc:
        return Reading(None, f"{exc} Which day did you mean?")
    if expr is None:
        return Reading(None, f"I couldn't find a time in “{text}”. Try something like “tomorrow at three”.")
    return Reading(expr)


def _reads(words: list[str], now: datetime) -> bool:
    try:
        return parse(" ".join(words), now) is not None
    except ImpossibleDate:
        return True  # a time, though an impossible one: the handler explains


def split_title(title: str, when_text: str, now: datetime) -> tuple[str, str]:
    """Give back to the title words the time slot took but does not need ("team lunch on Friday",
    "room 5 on Friday")."""
    words = when_text.split()
    if not _reads(words, now):
        for k in range(1, len(words)):
            if _reads(words[k:], now):
                return f"{title} {' '.join(words[:k])}", " ".join(words[k:])
    while len(words) > 1 and words[0].lower() in MOVABLE:
        try:
            if parse(" ".join(words[1:]), now) is None:
                break
        except ImpossibleDate:
            break
        title, words = f"{title} {words[0]}", words[1:]
    return title, " ".join(words)


def span_for(expr: TimeExpr, default: timedelta) -> tuple[datetime, datetime, bool] | None:
    """(start, end, all day) for an event at *expr*; None when the time is too vague (an afternoon)."""
    if isinstance(expr, TimePoint):
        if expr.grain == "day":
            return expr.start, expr.end, True
        if expr.grain in ("hour", "minute", "second"):
            return expr.start, expr.start + default, False
        return None
    if isinstance(expr, Interval) and expr.closed:
        return expr.start, expr.end, False
    if isinstance(expr, Recurrence):
        if expr.grain == "day":
            return expr.first, expr.first + timedelta(days=1), True
        return expr.first, expr.first + default, False
    return None


def reminder_time(expr: TimeExpr, now: datetime, morning: time) -> datetime | None:
    """When to speak a reminder said at *expr*: a day alone means *morning* that day."""
    if isinstance(expr, TimePoint):
        if expr.grain in ("hour", "minute", "second"):
            return expr.start
        if expr.grain == "day":
            moment = localize(datetime.combine(expr.start.date(), morning), now.tzinfo)
            return moment if moment > now else None
        return None
    if isinstance(expr, Interval):
        base = localize(datetime.combine(expr.start.date(), morning), now.tzinfo)
        return max(expr.start, min(base, expr.end - timedelta(minutes=1)))
    if isinstance(expr, Recurrence):
        return expr.first
    if isinstance(expr, OpenInterval):
        return None
    return None


def wake_time(expr: TimePoint, now: datetime) -> datetime:
    """An alarm said without am/pm is a morning alarm ("wake me up at seven" at 10 pm → 7 am)."""
    start = expr.start
    if expr.ambiguous and start.hour >= 12:
        naive = start.replace(tzinfo=None) - timedelta(hours=12)
        start = localize(naive, now.tzinfo)
        if start <= now:
            start = localize(naive + timedelta(days=1), now.tzinfo)
    return start


def has_day(text: str) -> bool:
    """True when *text* names a day ("friday at one"), not only a time ("one o'clock")."""
    from os1.timeparse._lex import lex
    from os1.timeparse._point import read_point

    spec: Any = read_point(lex(text)) or {}
    day_keys = {"day", "month", "year", "weekday", "day_offset", "holiday", "nth", "period", "month_shift"}
    return bool(day_keys & set(spec)) or any(w in tokens(text) for w in ("in", "ago", "every"))
