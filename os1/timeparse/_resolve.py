"""Turn the fields of one point in time (from :mod:`._point`) into times, given now."""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Any

from ._calendar import add_grain, holiday, last_weekday, localize, nth_weekday, truncate, week_start
from ._types import Interval, TimeExpr, TimePoint

__all__ = ["resolve", "ImpossibleDate", "PARTS"]

PARTS = {"morning": (0, 12), "afternoon": (12, 19), "evening": (18, 24), "night": (18, 24),
         "lunch": (12, 14), "after lunch": (13, 17), "after school": (15, 21), "after work": (17, 21)}
"""Parts of the day as (first hour, end hour), the corpus's conventions."""
_MONTH_NAMES = list(calendar.month_name)


class ImpossibleDate(ValueError):
    """A date that does not exist ("February 30th"); the message says why, for the person."""


def _day(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        last = calendar.monthrange(year, month)[1] if 1 <= month <= 12 and 1 <= year <= 9999 else 0
        raise ImpossibleDate(f"{_MONTH_NAMES[month]} has only {last} days, so there is no "
                             f"{_MONTH_NAMES[month]} {day}.") from None


def _month_shift(today: date, shift: int) -> tuple[int, int]:
    total = today.year * 12 + today.month - 1 + shift
    return total // 12, total % 12 + 1


def _weekday_date(spec: dict[str, Any], today: date) -> date:
    wd, mode = spec["weekday"], spec.get("wd_mode", "")
    ahead = (wd - today.weekday()) % 7
    if mode == "this":
        return today + timedelta(days=ahead)
    if mode == "next":
        return week_start(today) + timedelta(days=7 + wd)
    if mode == "last":
        return today - timedelta(days=(today.weekday() - wd) % 7 or 7)
    if mode == "afternext":
        return today + timedelta(days=(ahead or 7) + 7)
    if mode.startswith("week"):
        return week_start(today) + timedelta(days=7 * int(mode[4:]) + wd)
    if ahead == 0 and spec.get("hour") is not None:
        return today
    return today + timedelta(days=ahead or 7)


def _nth_in(spec: dict[str, Any], today: date) -> tuple[date, str] | tuple[datetime, datetime] | None:
    n, kind = spec["nth"]
    if "month" in spec:
        year, month = spec.get("year", today.year), spec["month"]
    elif "month_shift" in spec:
        year, month = _month_shift(today, spec["month_shift"])
    else:
        year, month = spec.get("year", today.year + spec.get("year_shift", 0)), None
    if kind == "week" or kind == "weekend":
        first = date(year, month or 1, 1)
        last = date(year, month or 12, calendar.monthrange(year, month or 12)[1])
        if kind == "weekend":
            fri = last_weekday(year, month or 12, 5) - timedelta(days=1) if n < 0 else \
                nth_weekday(year, month or 1, 5, n) - timedelta(days=1)  # type: ignore[operator]
            return datetime.combine(fri, time(18)), datetime.combine(fri + timedelta(days=3), time())
        mondays = [first + timedelta(days=(7 - first.weekday()) % 7 + 7 * k) for k in range(60)]
        full = [m for m in mondays if m + timedelta(days=6) <= last]
        pick = full[n - 1] if n > 0 else full[n]
        return pick, "week"
    if month is None:
        return None
    if kind == "day":
        size = calendar.monthrange(year, month)[1]
        return _day(year, month, n if n > 0 else size + 1 + n), "day"
    found = nth_weekday(year, month, kind, n) if n > 0 else last_weekday(year, month, kind) - timedelta(days=7 * (-n - 1))
    if found is None:
        raise ImpossibleDate(f"{_MONTH_NAMES[month]} {year} has no {n}th {calendar.day_name[kind]}.")
    if "year" not in spec and "month_shift" not in spec and found < today:
        return _nth_in({**spec, "year": year + 1}, today)
    return found, "day"


def _holiday_date(spec: dict[str, Any], today: date) -> date | None:
    name = spec["holiday"]
    if "year" in spec:
        return holiday(name, spec["year"])
    year = today.year + spec.get("year_shift", 0)
    found = holiday(name, year)
    if found is None or "year_shift" in spec:
        return found
    if spec.get("hol_shift") == -1:
        return found if found < today else holiday(name, year - 1)
    return found if found >= today else holiday(name, year + 1)


def _date_fields(spec: dict[str, Any], today: date) -> tuple[date, str] | None:
    """The day (or month, quarter, year) the date fields name, with its grain."""
    if "year" in spec and "month" in spec and "day" in spec:
        return _day(spec["year"], spec["month"], spec["day"]), "day"
    if "month" in spec and "day" in spec:
        wd = spec.get("weekday")
        for year in range(today.year, today.year + 12):
            found = _day(year, spec["month"], spec["day"]) if spec["month"] != 2 or spec["day"] < 29 \
                else (date(year, 2, 29) if calendar.isleap(year) else None)
            if spec["month"] == 2 and spec["day"] > 28:
                _day(year, 2, spec["day"])
            if found and (found >= today or wd is not None) and (wd is None or found.weekday() == wd):
                return found, "day"
        return None
    if "day" in spec:
        year, month = _month_shift(today, spec.get("month_shift", 0))
        if spec["day"] > 31:
            raise ImpossibleDate(f"No month has a {spec['day']}th day.")
        for k in range(0, 48):
            y, m = _month_shift(date(year, month, 1), k)
            if spec["day"] <= calendar.monthrange(y, m)[1]:
                found = date(y, m, spec["day"])
                ok_wd = spec.get("weekday") is None or found.weekday() == spec["weekday"]
                if ok_wd and (found >= today or "month_shift" in spec):
                    return found, "day"
        return None
    if "quarter" in spec:
        return date(spec.get("year", today.year), 3 * spec["quarter"] - 2, 1), "quarter"
    if "month" in spec:
        year = spec.get("year", today.year)
        rel = spec.get("month_rel")
        if "year" not in spec and (spec["month"] < today.month if rel is None else spec["month"] <= today.month):
            year += 1 if rel != -1 else 0
        if rel == -1 and "year" not in spec and spec["month"] >= today.month:
            year -= 1
        return date(year, spec["month"], 1), "month"
    if "year" in spec:
        return date(spec["year"], 1, 1), "year"
    if "year_shift" in spec:
        return date(today.year + spec["year_shift"], 1, 1), "year"
    return None


def _day_of(spec: dict[str, Any], today: date) -> tuple[date, str] | tuple[datetime, datetime] | None:
    if "nth" in spec:
        return _nth_in(spec, today)
    if "holiday" in spec:
        found = _holiday_date(spec, today)
        return (found, "day") if found else None
    fields = _date_fields(spec, today)
    if fields:
        return fields
    if "weekday" in spec:
        return _weekday_date(spec, today), "day"
    if "day_offset" in spec:
        return today + timedelta(days=spec["day_offset"]), "day"
    return None


def _hour24(spec: dict[str, Any], dated: bool) -> tuple[int, bool]:
    """The hour on a 24-hour clock, and whether am/pm was a guess."""
    hour, part = spec["hour"], spec.get("part")
    if spec.get("ampm") == "pm":
        return hour % 12 + 12, False
    if spec.get("ampm") == "am":
        return hour % 12, False
    if spec.get("h24") or hour > 12 or hour == 0:
        return hour, False
    if part == "morning":
        return hour % 12, False
    if part in ("afternoon", "evening", "night", "after lunch", "after school", "after work"):
        return (hour + 12 if hour < 12 else (0 if part in ("evening", "night") else 12)), False
    if part == "lunch":
        return (hour + 12 if hour < 6 else hour), False
    if dated:
        return (hour + 12 if 1 <= hour <= 6 else hour), True
    return hour, True


def _time_point(spec: dict[str, Any], day: date | None, now: datetime) -> tuple[datetime, str, bool]:
    dated = day is not None
    hour, guessed = _hour24(spec, dated)
    minute, second = spec.get("minute", 0), spec.get("second", 0)
    grain = "second" if "second" in spec else ("minute" if minute or spec.get("colon") else "hour")
    midnight = spec.get("midnight") or (hour == 0 and spec.get("part") in ("evening", "night"))
    if day is not None:
        moment = datetime.combine(day + timedelta(days=1 if midnight else 0), time(hour, minute, second))
        return moment, grain, guessed
    options = [hour] if not guessed else [hour, hour + 12]
    if guessed and hour < 6 and now.hour >= 6:
        options = [hour + 12]
    candidates = [datetime.combine(now.date() + timedelta(days=k), time(h % 24, minute, second))
                  for k in (0, 1) for h in options]
    future = [c for c in candidates if c >= now.replace(microsecond=0) - timedelta(seconds=0)]
    return min(future), grain, guessed


def _edge(spec: dict[str, Any], start: date, grain: str) -> tuple[datetime, datetime, str]:
    """Part of a week, month or year: "the end of the month", "early March"."""
    edge = spec["edge"]
    s = datetime.combine(start, time())
    if grain == "week":
        return (s, s + timedelta(days=3), "day") if edge == "beginning" else (s + timedelta(days=4), s + timedelta(days=7), "day")
    if grain == "month":
        nxt = add_grain(s, "month")
        bounds = {"beginning": (1, 11), "early": (1, 11), "mid": (11, 21)}
        if edge in bounds:
            a, b = bounds[edge]
            return s.replace(day=a), s.replace(day=b), "day"
        return s.replace(day=21), nxt, "day"
    if grain == "day":
        return s, s + timedelta(days=1), "day"
    if edge in ("beginning", "early"):
        return s, s.replace(month=4), "month"
    return s.replace(month=9), add_grain(s, "year"), "month"


def _period(spec: dict[str, Any], today: date) -> tuple[datetime, datetime, str] | tuple[date, str]:
    unit, shift = spec["period"], spec.get("period_shift", 0)
    if unit == "weekend":
        fri = week_start(today) + timedelta(days=4 + 7 * shift)
        start = datetime.combine(fri, time(18))
        return start, start + timedelta(hours=54), "hour"
    if unit == "day":
        return today + timedelta(days=shift), "day"
    base = truncate(datetime.combine(today, time()), unit)
    return add_grain(base, unit, shift).date(), unit


def _named_span(spec: dict[str, Any], today: date) -> tuple[datetime, datetime, str] | None:
    """ "all week", "the rest of the month", "the end of next week", "early March"."""
    if "span" in spec:
        start = week_start(today) if spec["span"] == "all week" else today
        ends = {"week": week_start(today) + timedelta(days=7), "year": date(today.year + 1, 1, 1),
                "month": add_grain(datetime.combine(today.replace(day=1), time()), "month").date(),
                "day": today + timedelta(days=1)}
        end = ends[spec["span"].split()[-1]]
        return datetime.combine(start, time()), datetime.combine(end, time()), "day"
    if "period" in spec:
        base = _period(spec, today)
        start_d, grain = (base[0].date(), "week") if isinstance(base[0], datetime) else base  # type: ignore[misc]
    else:
        found = _date_fields(spec, today)
        if found is None:
            return None
        start_d, grain = found
    return _edge(spec, start_d, grain)


def resolve(spec: dict[str, Any], now: datetime, zone: tzinfo) -> TimeExpr | None:
    """The time *spec* names, seen from *now* (aware) in *zone*.

    Raises:
        ImpossibleDate: the date does not exist.
    """
    local = now.astimezone(zone)
    naive_now, today = local.replace(tzinfo=None), local.date()
    if spec.get("now") and len(spec) == 1:
        return TimePoint(local.replace(microsecond=0), "second")

    def aware(moment: datetime) -> datetime:
        if "tz" in spec:
            utc = moment - timedelta(minutes=spec["tz"])
            return utc.replace(tzinfo=timezone.utc).astimezone(zone)
        return localize(moment, zone)

    if "span" in spec or "edge" in spec:
        named = _named_span(spec, today)
        return Interval(aware(named[0]), aware(named[1]), named[2]) if named else None
    found: Any = _day_of(spec, today)
    if found is None and "period" in spec:
        found = _period(spec, today)
    if found is not None and isinstance(found[1], datetime):
        return Interval(aware(found[0]), aware(found[1]), "hour")
    if found is not None and len(found) == 3:
        return Interval(aware(found[0]), aware(found[1]), found[2])
    day, grain = found if found else (None, None)
    if spec.get("hour") is not None:
        if grain not in (None, "day"):
            return None
        moment, tgrain, guessed = _time_point(spec, day, naive_now)
        return TimePoint(aware(moment), tgrain, guessed)
    if "part" in spec:
        first, last = PARTS[spec["part"]]
        if spec.get("part_mod") == "early":
            last = 9 if spec["part"] == "morning" else first + 3
        elif spec.get("part_mod") == "late":
            first = 21 if spec["part"] in ("night", "evening") else last - 3
        base = datetime.combine(day or today, time())
        return Interval(aware(base + timedelta(hours=first)), aware(base + timedelta(hours=last)), "hour")
    if day is None:
        return None
    return TimePoint(aware(datetime.combine(day, time())), grain)
