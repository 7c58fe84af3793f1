"""The agenda index: its fast daily/weekly expansion agrees with dateutil, across DST, with EXDATEs."""

from __future__ import annotations

import random
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from os1.skills.scheduling._agenda import MAX_PER_EVENT, Agenda
from os1.skills.scheduling._model import Event

LONDON = ZoneInfo("Europe/London")
RULES = ["FREQ=DAILY", "FREQ=WEEKLY", "FREQ=DAILY;INTERVAL=3", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
         "FREQ=WEEKLY;BYDAY=SA,SU", "FREQ=WEEKLY;UNTIL=20270301T000000Z", "FREQ=DAILY;UNTIL=20261231T235959Z",
         "FREQ=MONTHLY;BYMONTHDAY=5", "FREQ=WEEKLY;COUNT=5", "FREQ=MONTHLY", "FREQ=YEARLY", "FREQ=DAILY;BYDAY=MO,WE,FR",
         "FREQ=DAILY;INTERVAL=2;BYDAY=TU,SA",
         "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU", "FREQ=MONTHLY;BYDAY=-1FR", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"]


def test_expansion_matches_dateutil() -> None:
    rng = random.Random(8)
    compared = 0
    for i in range(600):
        start = datetime(2022, 1, 1, tzinfo=LONDON) + timedelta(days=rng.randrange(1800), hours=rng.randrange(24))
        rule = rng.choice(RULES)
        skip = start + timedelta(days=7)
        event = Event(str(i), "x", start, start + timedelta(minutes=rng.choice((45, 1500))), rrule=rule, exdates=(skip,))
        query = datetime(2026, 1, 1, tzinfo=LONDON) + timedelta(days=rng.randrange(500))
        until = query + timedelta(days=rng.choice((1, 7, 31)))
        ours = [o.start for o in Agenda([event]).between(query, until)]
        ref = [d for d in rrulestr(rule, dtstart=start).between(query - event.length, until, inc=True)
               if d < until and d + event.length > query and d != skip]
        assert ours == ref, (rule, start, query)
        compared += len(ref)
    assert compared > 500


def test_weekly_event_keeps_its_wall_clock_time_across_dst() -> None:
    start = datetime(2027, 3, 22, 9, 0, tzinfo=LONDON)  # GMT; BST from 28 March
    event = Event("w", "Standup", start, start + timedelta(minutes=15), rrule="FREQ=WEEKLY")
    found = Agenda([event]).between(datetime(2027, 3, 28, tzinfo=LONDON), datetime(2027, 4, 5, tzinfo=LONDON))
    assert [o.start.isoformat() for o in found] == ["2027-03-29T09:00:00+01:00"]


def test_hostile_rule_is_capped_not_stalled() -> None:
    start = datetime(2020, 1, 1, tzinfo=LONDON)
    event = Event("s", "Every second", start, start + timedelta(seconds=1), rrule="FREQ=SECONDLY")
    week = datetime(2026, 11, 23, tzinfo=LONDON)
    t0 = time.perf_counter()
    found = Agenda([event]).between(week, week + timedelta(days=7))
    assert len(found) == MAX_PER_EVENT and time.perf_counter() - t0 < 5
    counted = Event("c", "Counted", start, start + timedelta(seconds=1), rrule="FREQ=SECONDLY;COUNT=900000000")
    garbage = Event("g", "Garbage", start, start, rrule="FREQ=FORTNIGHTLY;BYDAY=XX")
    t0 = time.perf_counter()
    assert Agenda([counted, garbage]).between(week, week + timedelta(days=7)) == []
    assert time.perf_counter() - t0 < 5


def test_free_slots_and_conflicts() -> None:
    day = datetime(2026, 11, 24, tzinfo=LONDON)
    events = [Event("a", "A", day.replace(hour=9), day.replace(hour=10)),
              Event("b", "B", day.replace(hour=9, minute=30), day.replace(hour=11)),
              Event("c", "Birthday", day, day + timedelta(days=1), all_day=True)]
    agenda = Agenda(events)
    assert [o.title for o in agenda.conflicts(day.replace(hour=10), day.replace(hour=12))] == ["B"]
    slots = agenda.free_slots(day.replace(hour=8), day.replace(hour=13), timedelta(minutes=30))
    assert [(a.hour, b.hour) for a, b in slots] == [(8, 9), (11, 13)]
