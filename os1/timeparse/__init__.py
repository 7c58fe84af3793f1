"""Spoken and written dates, times, durations and repeats, as a pure function of (text, now, zone).

::

    >>> from datetime import datetime
    >>> from zoneinfo import ZoneInfo
    >>> now = datetime(2026, 11, 22, 9, 30, tzinfo=ZoneInfo("Europe/London"))
    >>> parse("tomorrow at three", now).start.isoformat()
    '2026-11-23T15:00:00+00:00'
    >>> parse_duration("an hour and a half").seconds
    5400.0
"""

from ._parse import parse, parse_duration, shift
from ._resolve import ImpossibleDate
from ._types import GRAINS, Duration, Interval, OpenInterval, Recurrence, TimeExpr, TimePoint, span_of

__all__ = ["parse", "parse_duration", "shift", "span_of", "ImpossibleDate", "GRAINS", "Duration",
           "Interval", "OpenInterval", "Recurrence", "TimeExpr", "TimePoint"]
