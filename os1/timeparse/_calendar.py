"""Calendar arithmetic on wall-clock times: grains, weeks, DST-safe localising, feast days."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta, timezone, tzinfo

from dateutil.easter import EASTER_ORTHODOX, easter
from dateutil.relativedelta import relativedelta

__all__ = ["add_grain", "truncate", "localize", "week_start", "nth_weekday", "last_weekday",
           "holiday", "HOLIDAYS"]

_STEP = {"second": relativedelta(seconds=1), "minute": relativedelta(minutes=1),
         "hour": relativedelta(hours=1), "day": relativedelta(days=1), "week": relativedelta(weeks=1),
         "month": relativedelta(months=1), "quarter": relativedelta(months=3),
         "year": relativedelta(years=1)}


def add_grain(moment: datetime, grain: str, count: int = 1) -> datetime:
    """*moment* plus *count* units of *grain*; days and longer move the wall clock (DST-safe)."""
    if grain in ("second", "minute", "hour"):
        zone = moment.tzinfo
        if zone is None:
            return moment + _STEP[grain] * count
        moved = moment.astimezone(timezone.utc) + _STEP[grain] * count
        return moved.astimezone(zone)
    naive = moment.replace(tzinfo=None) + _STEP[grain] * count
    return localize(naive, moment.tzinfo) if moment.tzinfo else naive


def truncate(moment: datetime, grain: str) -> datetime:
    """The start of the *grain* containing *moment* (naive in, naive out)."""
    if grain == "second":
        return moment.replace(microsecond=0)
    if grain == "minute":
        return moment.replace(second=0, microsecond=0)
    if grain == "hour":
        return moment.replace(minute=0, second=0, microsecond=0)
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    if grain == "day":
        return day
    if grain == "week":
        return day - timedelta(days=day.weekday())
    if grain == "month":
        return day.replace(day=1)
    if grain == "quarter":
        return day.replace(day=1, month=(day.month - 1) // 3 * 3 + 1)
    return day.replace(day=1, month=1)


def localize(naive: datetime, zone: tzinfo | None) -> datetime:
    """Attach *zone* to a wall-clock time; a time skipped by DST moves forward past the gap,
    a repeated one takes its first occurrence."""
    if zone is None:
        return naive
    aware = naive.replace(tzinfo=zone, fold=0)
    return aware.astimezone(timezone.utc).astimezone(zone)


def week_start(day: date) -> date:
    """The Monday of *day*'s week (ISO weeks, as the corpus counts them)."""
    return day - timedelta(days=day.weekday())


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date | None:
    """The *n*-th (1-based) *weekday* (0 = Monday) of a month, or None when there is none."""
    first = date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    day = 1 + offset + 7 * (n - 1)
    return date(year, month, day) if day <= calendar.monthrange(year, month)[1] else None


def last_weekday(year: int, month: int, weekday: int) -> date:
    """The last *weekday* of a month."""
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _easter_offset(days: int, orthodox: bool = False):  # noqa: ANN202 - tiny factory
    return lambda y: easter(y, EASTER_ORTHODOX if orthodox else 3) + timedelta(days=days)


def _fixed(month: int, day: int):  # noqa: ANN202
    return lambda y: date(y, month, day)


def _nth(month: int, weekday: int, n: int):  # noqa: ANN202
    return lambda y: nth_weekday(y, month, weekday, n) if n > 0 else last_weekday(y, month, weekday)


HOLIDAYS = {
    "christmas": _fixed(12, 25), "christmas day": _fixed(12, 25), "xmas": _fixed(12, 25),
    "xmas day": _fixed(12, 25), "christmas eve": _fixed(12, 24), "boxing day": _fixed(12, 26),
    "new years eve": _fixed(12, 31), "new year eve": _fixed(12, 31),
    "new years day": _fixed(1, 1), "new year day": _fixed(1, 1),
    "new years": _fixed(1, 1),
    "valentines day": _fixed(2, 14), "valentine day": _fixed(2, 14), "valentines": _fixed(2, 14),
    "halloween": _fixed(10, 31), "independence day": _fixed(7, 4),
    "st patricks day": _fixed(3, 17), "st patrick day": _fixed(3, 17), "saint patricks day": _fixed(3, 17),
    "saint patrick day": _fixed(3, 17), "st paddys day": _fixed(3, 17), "st paddy day": _fixed(3, 17),
    "saint paddys day": _fixed(3, 17), "saint paddy day": _fixed(3, 17),
    "world vegan day": _fixed(11, 1), "earth day": _fixed(4, 22),
    "thanksgiving": _nth(11, 3, 4), "thanksgiving day": _nth(11, 3, 4),
    "black friday": lambda y: nth_weekday(y, 11, 3, 4) + timedelta(days=1),  # type: ignore[operator]
    "mothers day": _nth(5, 6, 2), "mother day": _nth(5, 6, 2), "fathers day": _nth(6, 6, 3),
    "father day": _nth(6, 6, 3), "memorial day": _nth(5, 0, -1), "labor day": _nth(9, 0, 1),
    "labour day": _nth(9, 0, 1),
    "mlk day": _nth(1, 0, 3), "mlk jr day": _nth(1, 0, 3), "martin luther king day": _nth(1, 0, 3),
    "martin luther kings day": _nth(1, 0, 3), "martin luther king jr day": _nth(1, 0, 3),
    "civil rights day": _nth(1, 0, 3),
    "boss day": lambda y: _boss(y), "bosss day": lambda y: _boss(y), "boss": lambda y: _boss(y),
    "easter": _easter_offset(0), "easter sunday": _easter_offset(0), "easter monday": _easter_offset(1),
    "easter mon": _easter_offset(1), "good friday": _easter_offset(-2), "maundy thursday": _easter_offset(-3),
    "covenant thu": _easter_offset(-3), "covenant thursday": _easter_offset(-3),
    "thu of mysteries": _easter_offset(-3), "palm sunday": _easter_offset(-7),
    "branch sunday": _easter_offset(-7), "pentecost": _easter_offset(49), "whit sunday": _easter_offset(49),
    "white sunday": _easter_offset(49), "whit monday": _easter_offset(50),
    "monday of the holy spirit": _easter_offset(50), "trinity sunday": _easter_offset(56),
    "ascension day": _easter_offset(39), "ash wednesday": _easter_offset(-46),
    "pancake day": _easter_offset(-47), "mardi gras": _easter_offset(-47), "shrove tuesday": _easter_offset(-47),
    "orthodox easter": _easter_offset(0, True), "orthodox good friday": _easter_offset(-2, True),
    "orthodox great friday": _easter_offset(-2, True), "clean monday": _easter_offset(-48, True),
    "orthodox shrove monday": _easter_offset(-48, True), "lazarus saturday": _easter_offset(-8, True),
}
"""Feast days by name (possessives dropped): a function of the year giving the date."""


def _boss(year: int) -> date:
    day = date(year, 10, 16)
    if day.weekday() == 5:
        return day - timedelta(days=1)
    if day.weekday() == 6:
        return day + timedelta(days=1)
    return day


def holiday(name: str, year: int) -> date | None:
    """The date of feast *name* in *year*, or None for a name OS¹ does not know."""
    rule = HOLIDAYS.get(name)
    return rule(year) if rule else None
