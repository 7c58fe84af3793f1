"""The time parser: what people say to an assistant, DST, bad input, and the duckling corpus."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from os1.timeparse import ImpossibleDate, Interval, OpenInterval, Recurrence, TimePoint, parse, parse_duration
from os1.timeparse._corpus import evaluate
from tests.support.shared import SHARED

DEFAULT_CORPUS = SHARED / "data" / "dates" / "duckling_time_en.json"

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)  # a Monday


def at(text: str, now: datetime = NOW) -> str:
    got = parse(text, now)
    assert isinstance(got, TimePoint), f"{text!r} gave {got!r}"
    return got.start.isoformat(timespec="minutes")


@pytest.mark.parametrize("text, expected", [
    ("tomorrow at three", "2026-11-24T15:00+00:00"),
    ("tomorrow at 3pm", "2026-11-24T15:00+00:00"),
    ("in twenty minutes", "2026-11-23T10:20+00:00"),
    ("in twenty five minutes", "2026-11-23T10:25+00:00"),
    ("in an hour and a half", "2026-11-23T11:30+00:00"),
    ("the fifth of March at 9:30", "2027-03-05T09:30+00:00"),
    ("March 5th at half past nine", "2027-03-05T09:30+00:00"),
    ("noon", "2026-11-23T12:00+00:00"),
    ("half past seven tonight", "2026-11-23T19:30+00:00"),
    ("at seven", "2026-11-23T19:00+00:00"),
    ("a quarter to noon", "2026-11-23T11:45+00:00"),
    ("friday at noon", "2026-11-27T12:00+00:00"),
    ("on friday at 12:30", "2026-11-27T12:30+00:00"),
    ("next tuesday at 10am", "2026-12-01T10:00+00:00"),
    ("at nine fifty nine p m", "2026-11-23T21:59+00:00"),
    ("one o'clock", "2026-11-23T13:00+00:00"),
    ("midnight", "2026-11-24T00:00+00:00"),
    ("the day after tomorrow at 8", "2026-11-25T08:00+00:00"),
    ("3 days from now", "2026-11-26T10:00+00:00"),
    ("christmas", "2026-12-25T00:00+00:00"),
    ("2026-12-01 14:00", "2026-12-01T14:00+00:00"),
])
def test_points(text: str, expected: str) -> None:
    assert at(text) == expected


def test_day_and_week_grains() -> None:
    tomorrow = parse("tomorrow", NOW)
    assert isinstance(tomorrow, TimePoint) and tomorrow.grain == "day"
    assert tomorrow.end.isoformat() == "2026-11-25T00:00:00+00:00"
    week = parse("this week", NOW)
    assert isinstance(week, TimePoint) and week.grain == "week" and week.start.day == 23 and week.end.day == 30


@pytest.mark.parametrize("text, start, end", [
    ("next tuesday afternoon", "2026-12-01T12:00", "2026-12-01T19:00"),
    ("this weekend", "2026-11-27T18:00", "2026-11-30T00:00"),
    ("thursday afternoon", "2026-11-26T12:00", "2026-11-26T19:00"),
    ("from 9:30 to 11 on thursday", "2026-11-26T09:30", "2026-11-26T11:00"),
    ("friday at noon for an hour", "2026-11-27T12:00", "2026-11-27T13:00"),
    ("between 3 and 4pm", "2026-11-23T15:00", "2026-11-23T16:00"),
    ("next 3 days", "2026-11-24T00:00", "2026-11-27T00:00"),
])
def test_intervals(text: str, start: str, end: str) -> None:
    got = parse(text, NOW)
    assert isinstance(got, Interval), got
    assert got.start.isoformat(timespec="minutes")[:16] == start and got.end.isoformat(timespec="minutes")[:16] == end


@pytest.mark.parametrize("text, rule, first", [
    ("every Monday at nine", "FREQ=WEEKLY;BYDAY=MO", "2026-11-30T09:00"),
    ("every weekday at 7am", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "2026-11-24T07:00"),
    ("every day at 8pm", "FREQ=DAILY", "2026-11-23T20:00"),
    ("every other friday at 5", "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", "2026-11-27T17:00"),
    ("every month on the 5th", "FREQ=MONTHLY;BYMONTHDAY=5", "2026-12-05T00:00"),
    ("daily at noon", "FREQ=DAILY", "2026-11-23T12:00"),
])
def test_recurrences(text: str, rule: str, first: str) -> None:
    got = parse(text, NOW)
    assert isinstance(got, Recurrence) and got.rrule == rule
    assert got.first.isoformat(timespec="minutes")[:16] == first


def test_open_intervals() -> None:
    after = parse("after 2 pm", NOW)
    assert isinstance(after, OpenInterval) and after.direction == "after" and after.at.hour == 14
    until = parse("until friday", NOW)
    assert isinstance(until, OpenInterval) and until.direction == "before" and until.at.day == 27


@pytest.mark.parametrize("text, seconds, days", [
    ("for an hour and a half", 5400, 0), ("ten minutes", 600, 0), ("2 hours and 15 minutes", 8100, 0),
    ("half an hour", 1800, 0), ("a couple of days", 0, 2), ("90 seconds", 90, 0), ("a week", 0, 7),
])
def test_durations(text: str, seconds: int, days: int) -> None:
    got = parse_duration(text)
    assert got is not None and got.seconds == seconds and got.days == days


@pytest.mark.parametrize("text", ["the cat sat on the mat", "hello", "call Catherine", "", "25",
                                  "two sixty a m", "ten minutes"])
def test_no_time(text: str) -> None:
    assert parse(text, NOW) is None


@pytest.mark.parametrize("text, message", [
    ("February 30th", "February has only 28 days"), ("the 31st of April", "April has only 30 days"),
    ("february 29 2027", "February has only 28 days"),
])
def test_impossible_dates(text: str, message: str) -> None:
    with pytest.raises(ImpossibleDate, match=message):
        parse(text, NOW)


def test_leap_day_exists_in_leap_years() -> None:
    assert at("february 29 2028") == "2028-02-29T00:00+00:00"


def test_dst_spring_forward() -> None:
    before = datetime(2027, 3, 27, 12, 0, tzinfo=LONDON)  # clocks go forward at 01:00 on the 28th
    assert at("tomorrow at noon", before) == "2027-03-28T12:00+01:00"
    assert at("in 24 hours", before) == "2027-03-28T13:00+01:00"  # elapsed time: one hour later on the clock
    assert at("in 2 days", before) == "2027-03-29T12:00+01:00"  # calendar days keep the wall clock
    assert at("tomorrow at 1:30 am", before) == "2027-03-28T02:30+01:00"  # a skipped time moves past the gap


def test_dst_fall_back_takes_first_occurrence() -> None:
    before = datetime(2026, 10, 24, 12, 0, tzinfo=LONDON)
    assert at("tomorrow at 1:30 am", before) == "2026-10-25T01:30+01:00"
    weekly = parse("every saturday at nine", before)
    assert isinstance(weekly, Recurrence) and weekly.first.isoformat() == "2026-10-31T09:00:00+00:00"  # GMT again


def test_other_zone_and_pure() -> None:
    ny = ZoneInfo("America/New_York")
    now = datetime(2026, 11, 23, 15, 0, tzinfo=LONDON)
    got = parse("tomorrow at 9am", now, ny)
    assert isinstance(got, TimePoint) and got.start.isoformat() == "2026-11-24T09:00:00-05:00"
    assert parse("tomorrow at 9am", now, ny) == got  # same inputs, same answer


def test_duckling_corpus_share() -> None:
    if not DEFAULT_CORPUS.exists():
        pytest.skip(f"the corpus {DEFAULT_CORPUS} is not on this machine")
    report = evaluate(DEFAULT_CORPUS)
    assert report.total == 1008
    assert report.share >= 0.74, f"{report.right}/{report.total}"  # measured 0.76; see docs/readme-scheduling.md
    assert report.negatives_rejected >= 20
