"""Scheduling benchmark: parsing speed, the duckling corpus share, "what's on this week?" over
5,000 events (repeating ones included), and a free-slot search over a month.

Reproduce with::

    .venv/bin/python benchmarks/bench_scheduling.py
"""

from __future__ import annotations

import json
import random
import statistics
import tempfile
import time
import warnings
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from os1.timeparse import parse
from os1.timeparse._corpus import DEFAULT_CORPUS, evaluate

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)
ASSISTANT_PHRASES = ["tomorrow at three", "next tuesday afternoon", "in twenty minutes", "the fifth of March at 9:30",
                     "every monday at nine", "noon", "half past seven tonight", "this weekend", "friday at noon",
                     "one o'clock", "thursday afternoon", "in an hour and a half"]


def _stats(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"median {statistics.median(ordered) * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms (n={len(ordered)})"


def bench_parse() -> None:
    phrases = list(ASSISTANT_PHRASES)
    if DEFAULT_CORPUS.exists():
        phrases += [c["text"] for c in json.loads(DEFAULT_CORPUS.read_text())["cases"]]
    rounds = []
    for _ in range(5):
        start = time.perf_counter()
        for text in phrases:
            try:
                parse(text, NOW)
            except ValueError:
                pass
        rounds.append(time.perf_counter() - start)
    best = statistics.median(rounds)
    print(f"parse: {len(phrases) / best:,.0f} phrases/s ({best / len(phrases) * 1e6:.0f} µs per phrase, "
          f"{len(phrases)} phrases, median of 5 rounds)")
    if DEFAULT_CORPUS.exists():
        report = evaluate()
        print(f"duckling corpus: {report.right}/{report.total} = {report.share:.1%} right; "
              f"{report.negatives_rejected}/{report.negatives} non-time phrases rejected")


def _calendar_file(path: Path, count: int = 5000, repeating: int = 500) -> None:
    from icalendar import Calendar, Event

    rng = random.Random(8)
    cal = Calendar()
    cal.add("PRODID", "-//OS1//bench//EN")
    cal.add("VERSION", "2.0")
    base = datetime(2025, 1, 1, tzinfo=LONDON)
    for i in range(count):
        ev = Event()
        ev.add("UID", f"bench-{i}@os1")
        ev.add("DTSTAMP", base)
        ev.add("SUMMARY", f"Event {i}")
        start = base + timedelta(days=rng.randrange(0, 730), hours=rng.randrange(7, 20))
        if i < repeating:
            start = base + timedelta(days=rng.randrange(0, 300), hours=rng.randrange(7, 20))
            freq = ("DAILY", "WEEKLY", "WEEKLY", "MONTHLY")[i % 4]
            ev.add("RRULE", {"FREQ": [freq]})
        ev.add("DTSTART", start)
        ev.add("DTEND", start + timedelta(minutes=rng.choice((30, 60, 90))))
        cal.add_component(ev)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(cal.to_ical())


def bench_calendar() -> None:
    from os1.skills.scheduling import SchedulingSkill
    from os1.skills.scheduling._agenda import Agenda
    from os1.skills.scheduling._store import IcsStore

    from os1.testing import SkillHarness

    with tempfile.TemporaryDirectory() as home:
        path = Path(home) / "data" / "skills" / "scheduling" / "calendar.ics"
        _calendar_file(path)
        start = time.perf_counter()
        events = IcsStore(path, LONDON).events()
        print(f"load 5,000 events (500 repeating) from .ics: {(time.perf_counter() - start) * 1000:.0f} ms (once per file change)")
        agenda = Agenda(events)
        week = NOW - timedelta(days=NOW.weekday())
        samples = []
        for _ in range(50):
            t0 = time.perf_counter()
            agenda.between(week, week + timedelta(days=7))
            samples.append(time.perf_counter() - t0)
        print(f"agenda query, one week: {_stats(samples)}")
        with SkillHarness([SchedulingSkill], home=home, now="2026-11-23T10:00",
                          settings={"timezone": "Europe/London"}) as h:
            h.ask("what's on this week?")  # first turn reads the file
            samples = []
            for _ in range(30):
                t0 = time.perf_counter()
                turn = h.ask("what's on this week?")
                samples.append(time.perf_counter() - t0)
            print(f"“what's on this week?” whole turn ({turn.data['total']} occurrences): {_stats(samples)}")
            samples = []
            for i in range(5):
                t0 = time.perf_counter()
                turn = h.ask(f"add bench meeting {i} on friday at {i + 1}pm")
                if turn.question:  # a clash with one of the 5,000: confirm it
                    turn = h.ask("yes")
                samples.append(time.perf_counter() - t0)
                assert turn.reply.startswith("Added"), turn.reply
            print(f"“add …” to the 5,000-event file (check clashes, write with backup): {_stats(samples)}")
        month = NOW.replace(day=1, hour=0, minute=0)
        samples = []
        for _ in range(30):
            t0 = time.perf_counter()
            agenda.free_slots(month, month + timedelta(days=30), timedelta(minutes=30))
            samples.append(time.perf_counter() - t0)
        print(f"free-slot search over a month: {_stats(samples)}")


if __name__ == "__main__":
    warnings.simplefilter("ignore")
    bench_parse()
    bench_calendar()
    print("reproduce: .venv/bin/python benchmarks/bench_scheduling.py")
