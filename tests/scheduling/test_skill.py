"""The scheduling skill end to end in-process (os1.testing), on the local calendar file."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from os1.skills.scheduling import SchedulingSkill

from os1.testing import Case, SkillHarness

NOW = "2026-11-23T10:00"  # a Monday
TZ = {"timezone": "Europe/London"}


@pytest.fixture
def harness(tmp_path: Path):
    with SkillHarness([SchedulingSkill], home=tmp_path, now=NOW, settings=TZ) as h:
        yield h


def _calendar(tmp_path: Path) -> Path:
    return tmp_path / "data" / "skills" / "scheduling" / "calendar.ics"


def test_calendar_conversation(harness: SkillHarness, tmp_path: Path) -> None:
    harness.check([
        Case("What's on tomorrow?", intent="agenda", reply_contains=["Nothing's planned"]),
        Case("Add lunch with Amy on Friday at noon", intent="add", reply_contains=["Lunch with Amy", "Friday at noon"]),
        Case("Move it to one o'clock", intent="move", reply_contains=["Moved Lunch with Amy to Friday at 1 pm"]),
        Case("undo", intent="undo", reply_contains=["back on Friday at noon"]),
        Case("Add dentist appointment on Tuesday at 3pm", intent="add", reply_contains=["tomorrow at 3 pm"]),
        Case("Add team meeting on Friday at 12:30", intent="add", asks=True, reply_contains=["overlaps", "Lunch with Amy"]),
        Case("yes", reply_contains=["Added Team meeting"]),
        Case("Am I free Thursday afternoon?", intent="free", reply_contains=["Yes, you're free"]),
        Case("Am I free Friday afternoon?", intent="free", reply_contains=["Not completely", "Lunch with Amy", "free from 1:30 pm to 7 pm"]),
        Case("When is my next meeting?", intent="next", reply_contains=["Dentist appointment, tomorrow at 3 pm"]),
        Case("When is my next team meeting?", intent="next", reply_contains=["Team meeting, on Friday at 12:30 pm"]),
        Case("What's on this week?", intent="agenda", reply_contains=["3 things this week", "Dentist appointment at 3 pm"]),
        Case("Cancel my dentist appointment", intent="cancel", reply_contains=["cancelled Dentist appointment", "undo"]),
        Case("What's on tomorrow?", reply_contains=["Nothing's planned"]),
        Case("undo", reply_contains=["back in your calendar"]),
        Case("What's on tomorrow?", reply_contains=["Dentist appointment at 3 pm"]),
    ])
    text = _calendar(tmp_path).read_text(encoding="utf-8")
    assert text.count("BEGIN:VEVENT") == 3 and "SUMMARY:Lunch with Amy" in text
    assert _calendar(tmp_path).with_name("calendar.ics.bak").exists()


def test_ambiguous_cancel_asks_which(harness: SkillHarness) -> None:
    harness.check([
        Case("add yoga on tuesday at 6pm", reply_contains=["Added Yoga"]),
        Case("add yoga on thursday at 6pm", reply_contains=["Added Yoga"]),
        Case("cancel yoga", intent="cancel", asks=True, reply_contains=["Which one"]),
        Case("the second one", reply_contains=["cancelled Yoga"]),
        Case("what's on thursday", reply_contains=["Nothing's planned"]),
        Case("what's on tuesday", reply_contains=["Yoga at 6 pm"]),
    ])


def test_repeating_events(harness: SkillHarness) -> None:
    harness.check([
        Case("add standup every monday at nine", intent="add", reply_contains=["Standup (repeating)", "30 November at 9 am"]),
        Case("what's on next monday", reply_contains=["Standup at 9 am"]),
        Case("cancel standup", asks=True, reply_contains=["repeats", "just the one"]),
        Case("just that one", reply_contains=["the others stay"]),
        Case("what's on next monday", reply_contains=["Nothing's planned"]),
        Case("what's on monday 7 december", reply_contains=["Standup at 9 am"]),
    ])


def test_bad_times_get_clear_answers(harness: SkillHarness) -> None:
    harness.check([
        Case("add party on February 30th at 8pm", reply_contains=["February has only 28 days", "Which day"]),
        Case("add party", intent="add", asks=True, reply_contains=["When is Party?"]),
        Case("tomorrow at 8pm", reply_contains=["Added Party, tomorrow at 8 pm"]),
        Case("add picnic on saturday afternoon", asks=True, reply_contains=["What time"]),
        Case("2pm", reply_contains=["Added Picnic, on Saturday at 2 pm"]),
        Case("move my rocket launch to 3pm", reply_contains=["can't find “rocket launch”"]),
        Case("move my party to Thursday", intent="move", reply_contains=["Moved Party to Thursday at 8 pm"]),
        Case("when am i free on thursday", intent="free", reply_contains=["Not completely", "from 8 am to 8 pm"]),
        Case("what's on the 31st of April", reply_contains=["April has only 30 days"]),
        Case("what's on the week after the moon landing", intent="-"),
        Case("add lunch at the end", intent="add", reply_contains=["couldn't find a time in “at the end”"]),
        Case("remind me to call mum at the beginning", intent="remind", reply_contains=["couldn't find a time"]),
        Case("set a timer for minutes", intent="timer", reply_contains=["couldn't tell how long"]),
        Case("add room 5 review on friday at 2pm", intent="add", reply_contains=["Added Room 5 review, on Friday at 2 pm"]),
    ])


def test_reminders_timers_and_alarms(harness: SkillHarness) -> None:
    harness.check([
        Case("Remind me to call Catherine in twenty minutes", intent="remind",
             reply_contains=["remind you to call Catherine today at 10:20 am"]),
        Case("Wake me up at seven", intent="wake", reply_contains=["wake you tomorrow at 7 am"]),
        Case("Set a timer for ten minutes", intent="timer", reply_contains=["Timer set for 10 minutes"]),
        Case("how long is left on the timer", intent="time_left", reply_contains=["10 minutes left"]),
        Case("what reminders do i have", intent="alarms", reply_contains=["call Catherine", "wake-up alarm"]),
        Case("remind me to water my plants", asks=True, reply_contains=["When should I remind you to water your plants"]),
        Case("tomorrow", reply_contains=["tomorrow at 9 am"]),
    ])
    zone = harness.zone
    turns = harness.assistant.poll(datetime(2026, 11, 23, 10, 10, 30, tzinfo=zone))
    assert [t.reply for t in turns] == ["Time's up: your timer for 10 minutes is done."]
    assert harness.assistant.poll(datetime(2026, 11, 23, 10, 11, tzinfo=zone)) == []  # said once
    turns = harness.assistant.poll(datetime(2026, 11, 23, 10, 20, 1, tzinfo=zone))
    assert [t.reply for t in turns] == ["Reminder: call Catherine."]
    harness.check([
        Case("snooze", intent="snooze", now="2026-11-23T10:21", reply_contains=["Snoozed for 9 minutes", "10:30 am"]),
        Case("cancel the timer", intent="cancel_alarm", reply_contains=["don't have a timer"]),
        Case("cancel my alarm", intent="cancel_alarm", reply_contains=["Cancelled your wake-up alarm"]),
        Case("undo", reply_contains=["back"]),
    ])
    turns = harness.assistant.poll(datetime(2026, 11, 23, 10, 30, 5, tzinfo=zone))
    assert [t.reply for t in turns] == ["Reminder: call Catherine."]


def test_missed_reminders_are_summarised_at_next_start(tmp_path: Path) -> None:
    with SkillHarness([SchedulingSkill], home=tmp_path, now=NOW, settings=TZ) as h:
        h.check([Case("remind me to buy milk at 4pm", reply_contains=["today at 4 pm"]),
                 Case("wake me up at seven", reply_contains=["tomorrow at 7 am"]),
                 Case("add breakfast with Amy tomorrow at 9", reply_contains=["tomorrow at 9 am"])])
    # OS¹ was not running overnight; it starts again the next morning
    with SkillHarness([SchedulingSkill], home=tmp_path, now="2026-11-24T08:00", settings=TZ) as h:
        opening = h.start()
        assert opening is not None
        assert "While I wasn't running" in opening.reply
        assert "a reminder yesterday at 4 pm to buy milk" in opening.reply
        assert "wake-up alarm was today at 7 am" in opening.reply
        assert "Next today: Breakfast with Amy at 9 am" in opening.reply
        assert h.assistant.poll(datetime(2026, 11, 24, 8, 0, 1, tzinfo=h.zone)) == []  # not said twice
        assert h.start() is not None and "While I wasn't running" not in h.start().reply  # type: ignore[union-attr]


def test_reminder_across_daylight_saving_change(tmp_path: Path) -> None:
    with SkillHarness([SchedulingSkill], home=tmp_path, now="2027-03-27T12:00", settings=TZ) as h:
        h.check([Case("remind me to stretch in 24 hours", reply_contains=["tomorrow at 1 pm"]),
                 Case("remind me to run tomorrow at noon", reply_contains=["tomorrow at noon"])])
        zone = h.zone
        assert h.assistant.poll(datetime(2027, 3, 28, 12, 0, 30, tzinfo=zone))[0].reply == "Reminder: run."
        assert h.assistant.poll(datetime(2027, 3, 28, 12, 59, tzinfo=zone)) == []
        assert h.assistant.poll(datetime(2027, 3, 28, 13, 0, 30, tzinfo=zone))[0].reply == "Reminder: stretch."


def test_unreadable_calendar_is_left_alone(tmp_path: Path) -> None:
    path = _calendar(tmp_path)
    path.parent.mkdir(parents=True)
    junk = b"BEGIN:VCALENDAR\r\nthis is not\x00 icalendar at all\r\n"
    path.write_bytes(junk)
    with SkillHarness([SchedulingSkill], home=tmp_path, now=NOW, settings=TZ) as h:
        h.check([
            Case("what's on tomorrow", reply_contains=["couldn't read your calendar file", "haven't changed it"]),
            Case("add lunch tomorrow at noon", reply_contains=["couldn't read your calendar file"]),
        ])
    assert path.read_bytes() == junk


def test_failed_write_leaves_the_calendar_whole(tmp_path: Path) -> None:
    # A real failure, not a mock: the file name is so long that the temporary file beside it
    # cannot be created (ENAMETOOLONG), while the calendar itself stays readable.
    path = tmp_path / ("c" * 240 + ".ics")
    settings = {**TZ, "skills": {"scheduling": {"ics_path": str(path)}}}
    path.write_bytes(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:a@b\r\n"
                     b"DTSTAMP:20261101T000000Z\r\nDTSTART:20261124T150000Z\r\nDTEND:20261124T160000Z\r\n"
                     b"SUMMARY:Dentist\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    before = path.read_bytes()
    with SkillHarness([SchedulingSkill], home=tmp_path / "home", now=NOW, settings=settings) as h:
        h.check([
            Case("what's on tomorrow", reply_contains=["Dentist at 3 pm"]),
            Case("add lunch tomorrow at noon", reply_contains=["couldn't save your calendar file", "unchanged"]),
            Case("cancel dentist", reply_contains=["couldn't save your calendar file"]),
            Case("what's on tomorrow", reply_contains=["one thing", "Dentist at 3 pm"]),
        ])
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
