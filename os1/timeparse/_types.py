"""What a time phrase means, as small frozen dataclasses.

Every value is *aware* (carries the person's time zone). Ends are exclusive: a day runs from its
midnight to the next midnight.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

__all__ = ["GRAINS", "Duration", "TimePoint", "Interval", "OpenInterval", "Recurrence", "TimeExpr"]

GRAINS = ("second", "minute", "hour", "day", "week", "month", "quarter", "year")
"""Units a time can be said in, finest first."""


@dataclass(frozen=True)
class Duration:
    """A length of time as said: calendar parts stay calendar parts ("a month" is not 30 days)."""

    months: int = 0
    """Whole months (a year is 12)."""
    days: int = 0
    """Whole calendar days (a week is 7); added on the wall clock, so a day is 23 h across DST."""
    seconds: float = 0.0
    """Hours, minutes and seconds, in seconds; added as elapsed time."""
    grain: str = "second"
    """The coarsest unit named ("hour" for "an hour and a half")."""

    @property
    def total_seconds(self) -> float:
        """Approximate length in seconds (a month counted as 30 days)."""
        return self.seconds + 86400.0 * (self.days + 30 * self.months)

    def __bool__(self) -> bool:
        return bool(self.months or self.days or self.seconds)


@dataclass(frozen=True)
class TimePoint:
    """One moment, or one whole unit of time ("tomorrow", "next week", "March")."""

    start: datetime
    """The moment, or the start of the unit (aware)."""
    grain: str
    """How precisely it was said: one of GRAINS ("day" for "tomorrow", "minute" for "9:30")."""
    ambiguous: bool = False
    """True when an hour was said without am/pm and OS¹ chose one ("at seven")."""

    @property
    def end(self) -> datetime:
        """The end (exclusive) of the unit the point names; equal to start below a minute."""
        from ._calendar import add_grain

        return add_grain(self.start, self.grain)


@dataclass(frozen=True)
class Interval:
    """A stretch of time ("tomorrow afternoon", "from 9:30 to 11", "this weekend")."""

    start: datetime
    end: datetime
    """Exclusive end (aware)."""
    grain: str
    """The unit the ends were said in (one of GRAINS)."""
    closed: bool = False
    """True when the end was said as a point ("to 11:00"): it is the end of the event, but a
    reader counting "up to and including" (as duckling does) adds one grain."""


@dataclass(frozen=True)
class OpenInterval:
    """Everything before or after a moment ("after 2 pm", "until Friday", "as soon as possible")."""

    at: datetime
    direction: str
    """``after`` or ``before``."""
    grain: str


@dataclass(frozen=True)
class Recurrence:
    """A repeating time ("every Monday at nine"), as an iCalendar RRULE."""

    first: datetime
    """The first occurrence at or after now (aware)."""
    rrule: str
    """RFC 5545 RRULE value without the ``RRULE:`` prefix ("FREQ=WEEKLY;BYDAY=MO")."""
    grain: str
    """How precisely each occurrence was said ("minute", "hour", or "day" for all-day)."""


TimeExpr = TimePoint | Interval | OpenInterval | Recurrence
"""Anything :func:`os1.timeparse.parse` can return."""


def span_of(expr: TimeExpr) -> tuple[datetime, datetime]:
    """(start, exclusive end) of a point or interval; an open interval gets a 365-day horizon."""
    if isinstance(expr, TimePoint):
        return expr.start, max(expr.end, expr.start)
    if isinstance(expr, Interval):
        return expr.start, expr.end
    if isinstance(expr, OpenInterval):
        far = timedelta(days=365)
        return (expr.at, expr.at + far) if expr.direction == "after" else (expr.at - far, expr.at)
    return expr.first, expr.first
