"""Times and lengths as OS¹ says them: "tomorrow at 3 pm", "on Friday at noon", "an hour and a half"."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from ._model import Occurrence

__all__ = ["clock", "day_words", "when", "length", "agenda_lines", "join"]


def clock(moment: datetime) -> str:
    """ "3 pm", "9:30 am", "noon", "midnight"."""
    if moment.hour == 12 and moment.minute == 0:
        return "noon"
    if moment.hour == 0 and moment.minute == 0:
        return "midnight"
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    return f"{hour} {suffix}" if moment.minute == 0 else f"{hour}:{moment.minute:02d} {suffix}"


def day_words(day: datetime, now: datetime) -> str:
    """ "today", "tomorrow", "on Friday", "on Friday 27 November", "on Monday 3 January 2028"."""
    delta = (day.date() - now.date()).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    if 1 < delta < 7:
        return f"on {day:%A}"
    text = f"on {day:%A} {day.day} {day:%B}"
    return text if day.year == now.year else f"{text} {day.year}"


def when(moment: datetime, now: datetime, all_day: bool = False) -> str:
    """A moment as said: "tomorrow at 3 pm"; an all-day event just its day."""
    moment = moment.astimezone(now.tzinfo)
    return day_words(moment, now) if all_day else f"{day_words(moment, now)} at {clock(moment)}"


def length(seconds: float) -> str:
    """ "10 minutes", "an hour and a half", "2 hours and 5 minutes", "45 seconds"."""
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} second{'s' * (seconds != 1)}"
    hours, rest = divmod(seconds // 60, 60)
    if seconds % 60 and seconds < 600:
        return f"{seconds // 60} minute{'s' * (seconds >= 120)} and {seconds % 60} seconds"
    if hours == 1 and rest == 30:
        return "an hour and a half"
    parts = []
    if hours:
        parts.append("an hour" if hours == 1 else f"{hours} hours")
    if rest:
        parts.append(f"{rest} minute{'s' * (rest != 1)}")
    return " and ".join(parts)


def join(items: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def agenda_lines(occurrences: Sequence[Occurrence], now: datetime, with_day: bool) -> list[str]:
    """One phrase per occurrence: "Standup at 9 am", "Amy's birthday (all day)"."""
    out = []
    for occ in occurrences:
        start = occ.start.astimezone(now.tzinfo)
        if occ.event.all_day:
            text = f"{occ.title} (all day)"
        else:
            text = f"{occ.title} at {clock(start)}"
        if with_day:
            text = f"{day_words(start, now).removeprefix('on ')}: {text}"
        out.append(text)
    return out


def span(start: datetime, end: datetime, now: datetime) -> str:
    """ "from noon to 2 pm", "all day"."""
    if end - start >= timedelta(hours=23):
        return "all day"
    return f"from {clock(start.astimezone(now.tzinfo))} to {clock(end.astimezone(now.tzinfo))}"


def alarm_panel(alarms: Sequence[Any], now: datetime) -> dict[str, Any]:
    """The dashboard's "Reminders and timers" panel: a summary and one line per pending alarm."""
    marks = {"timer": "⏱", "alarm": "⏰", "reminder": "•"}
    lines = [f"{marks.get(a.kind, '•')} {when(a.when, now)} — {a.text}" for a in alarms]
    summary = f"{len(lines)} pending" if lines else "Nothing set"
    return {"summary": summary, "lines": lines, "items": [a.id for a in alarms]}
