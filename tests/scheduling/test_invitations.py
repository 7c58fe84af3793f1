"""Calendar invitations on the scheduling side, without the email skill: reading iTIP, accepting by
UID into the real calendar file and a real CalDAV server (Radicale), cancelling, answering."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from os1.skills.scheduling import (
    Agenda,
    InvitationError,
    SchedulingSkill,
    accept,
    calendar_for,
    event_words,
    open_calendar,
    read_invitation,
    reply_ics,
    revert,
    standing,
    withdraw,
)
from os1.skills.scheduling._model import Event
from os1.skills.scheduling._store import IcsStore

from os1.app import build_assistant
from os1.testing import Case, SkillHarness

from .radicale_server import PASSWORD, USER, Radicale
from .test_ics_files import FILES

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=LONDON)

OUTLOOK = """BEGIN:VCALENDAR\r
METHOD:REQUEST\r
PRODID:Microsoft Exchange Server 2010\r
VERSION:2.0\r
BEGIN:VTIMEZONE\r
TZID:W. Europe Standard Time\r
BEGIN:STANDARD\r
DTSTART:16010101T030000\r
TZOFFSETFROM:+0200\r
TZOFFSETTO:+0100\r
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10\r
END:STANDARD\r
BEGIN:DAYLIGHT\r
DTSTART:16010101T020000\r
TZOFFSETFROM:+0100\r
TZOFFSETTO:+0200\r
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3\r
END:DAYLIGHT\r
END:VTIMEZONE\r
BEGIN:VEVENT\r
ORGANIZER;CN=Anna Lee:mailto:anna@studio.example\r
ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Theo:mailto:Theo@Twombly.example\r
SUMMARY;LANGUAGE=en-US:Design review\r
DTSTART;TZID=W. Europe Standard Time:20261124T160000\r
DTEND;TZID=W. Europe Standard Time:20261124T170000\r
UID:040000008200E00074C5B7101A82E008\r
SEQUENCE:{sequence}\r
LOCATION:Room 4\r
{extra}END:VEVENT\r
END:VCALENDAR\r
"""


def outlook(sequence: int = 0, extra: str = "") -> str:
    return OUTLOOK.replace("{sequence}", str(sequence)).replace("{extra}", extra)


def _simple(method: str = "REQUEST", uid: str = "weekly@studio.example", extra: str = "") -> str:
    return (f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:{method}\r\nBEGIN:VEVENT\r\nUID:{uid}\r\nSUMMARY:Yoga\r\n"
            f"ORGANIZER:mailto:studio@yoga.example\r\n{extra}END:VEVENT\r\nEND:VCALENDAR\r\n")


def test_an_outlook_invitation_is_read_in_the_persons_zone() -> None:
    inv = read_invitation(outlook(), LONDON)
    assert (inv.method, inv.uid, inv.title, inv.sequence) == ("REQUEST", "040000008200E00074C5B7101A82E008",
                                                              "Design review", 0)
    assert (inv.organizer, inv.organizer_name, inv.attendees) == ("anna@studio.example", "Anna Lee",
                                                                  ("theo@twombly.example",))
    assert inv.event is not None and inv.event.uid == inv.uid
    assert inv.event.start == datetime(2026, 11, 24, 15, 0, tzinfo=LONDON)  # 16:00 in Berlin
    assert inv.event.start.tzinfo == LONDON  # the sender's own VTIMEZONE is not kept
    assert event_words(inv.event, NOW) == "on Tuesday from 3 pm to 4 pm, in Room 4"


@pytest.mark.parametrize(("text", "said"), [
    ("", "damaged"),
    ("BEGIN:VCALENDAR\r\nnot a line\r\nEND:VCALENDAR\r\n", "damaged"),
    (outlook()[:400], "damaged"),
    (_simple(), "doesn't say when it starts"),
    (_simple(extra="DTSTART:2026-11-24\r\n"), "repeat rule I can't read"),
    (_simple(extra="DTSTART:20261124T150000\r\nDTSTART:20261125T150000\r\n"), "repeat rule I can't read"),
    ("BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nUID:1\r\nEND:VTODO\r\nEND:VCALENDAR\r\n", "no event in it"),
    (_simple("REPLY", extra="DTSTART:20261124T150000Z\r\n"), "an answer to a meeting invitation"),
    (_simple("COUNTER", extra="DTSTART:20261124T150000Z\r\n"), "a proposal of a new time"),
    (_simple(extra="DTSTART:20261124T150000Z\r\nRECURRENCE-ID:20261124T150000Z\r\n"), "one meeting of the repeating"),
])
def test_what_cannot_be_used_is_said_in_a_sentence(text: str, said: str) -> None:
    with pytest.raises(InvitationError, match=said):
        read_invitation(text, LONDON)


def test_cancellations_and_invitations_without_a_uid() -> None:
    cancel = read_invitation(_simple("CANCEL"), LONDON)  # no time needed to call a meeting off
    assert cancel.cancelled and cancel.event is None and cancel.uid == "weekly@studio.example"
    status = read_invitation(_simple(extra="STATUS:CANCELLED\r\nDTSTART:20261124T150000Z\r\n"), LONDON)
    assert status.cancelled and status.event is not None
    text = _simple(extra="DTSTART:20261124T150000Z\r\n").replace("UID:weekly@studio.example\r\n", "")
    first, again = read_invitation(text, LONDON), read_invitation(text, LONDON)
    assert first.uid == again.uid and first.uid.endswith("@os1-invitation")  # stable, so accepting twice is safe


def test_accept_twice_update_withdraw_and_revert_on_the_calendar_file(tmp_path: Path) -> None:
    path = tmp_path / "calendar.ics"
    store = IcsStore(path, LONDON)
    store.add(Event("standup@os1", "Standup", datetime(2026, 11, 24, 15, 30, tzinfo=LONDON),
                    datetime(2026, 11, 24, 16, 0, tzinfo=LONDON)))
    inv = read_invitation(outlook(), LONDON)
    where = standing(store, inv)
    assert where.current is None and not where.up_to_date and [o.title for o in where.clashes] == ["Standup"]
    first = accept(store, inv)
    assert first.kind == "added" and first.undo == {"op": "add", "uid": inv.uid, "title": "Design review"}
    again = accept(IcsStore(path, LONDON), inv)  # another store on the same file (the email skill's, say)
    assert again.kind == "unchanged" and again.undo is None
    assert path.read_text(encoding="utf-8").count(f"UID:{inv.uid}") == 1
    assert standing(IcsStore(path, LONDON), inv).up_to_date

    moved = read_invitation(outlook(1).replace("20261124T1", "20261126T1"), LONDON)
    change = accept(store, moved)
    assert change.kind == "updated" and change.previous is not None and change.previous.start == inv.event.start
    assert [e.start.day for e in IcsStore(path, LONDON).events() if e.uid == inv.uid] == [26]
    assert standing(store, inv).outdated and accept(store, inv).kind == "outdated"  # the first one, again
    assert [e.start.day for e in IcsStore(path, LONDON).events() if e.uid == inv.uid] == [26]
    revert(store, change.undo)
    assert [e.start.day for e in IcsStore(path, LONDON).events() if e.uid == inv.uid] == [24]

    gone = withdraw(store, inv.uid)
    assert gone is not None and gone.kind == "removed" and withdraw(store, inv.uid) is None
    assert inv.uid not in {e.uid for e in IcsStore(path, LONDON).events()}
    revert(store, gone.undo)
    assert inv.uid in {e.uid for e in IcsStore(path, LONDON).events()}
    revert(store, first.undo)
    assert [e.title for e in IcsStore(path, LONDON).events()] == ["Standup"]
    with pytest.raises(InvitationError):
        accept(store, read_invitation(_simple("CANCEL"), LONDON))


def test_cancelling_one_meeting_of_a_series_skips_only_that_one(tmp_path: Path) -> None:
    store = IcsStore(tmp_path / "calendar.ics", LONDON)
    weekly = "DTSTART;TZID=Europe/London:20261124T180000\r\nDTEND;TZID=Europe/London:20261124T190000\r\n" \
             "RRULE:FREQ=WEEKLY;BYDAY=TU\r\n"
    accept(store, read_invitation(_simple(extra=weekly), LONDON))
    one = read_invitation(_simple("CANCEL", extra="DTSTART;TZID=Europe/London:20261201T180000\r\n"
                                                  "RECURRENCE-ID;TZID=Europe/London:20261201T180000\r\n"), LONDON)
    assert one.cancelled and one.occurrence == datetime(2026, 12, 1, 18, 0, tzinfo=LONDON)
    change = withdraw(store, one.uid, one.occurrence)
    assert change is not None and change.kind == "skipped"
    days = [o.start.day for o in Agenda(IcsStore(store.path, LONDON).events()).between(
        datetime(2026, 11, 23, tzinfo=LONDON), datetime(2026, 12, 14, tzinfo=LONDON))]
    assert days == [24, 8]
    assert withdraw(store, one.uid, one.occurrence) is None  # already skipped
    revert(store, change.undo)
    assert len(Agenda(IcsStore(store.path, LONDON).events()).between(
        datetime(2026, 11, 23, tzinfo=LONDON), datetime(2026, 12, 14, tzinfo=LONDON))) == 3


def test_the_answer_to_the_organiser_is_an_itip_reply() -> None:
    inv = read_invitation(outlook(sequence=2), LONDON)
    text = reply_ics(inv, "theo@twombly.example", "Theodore Twombly", "ACCEPTED", NOW)
    cal = Calendar.from_ical(text)
    assert str(cal["METHOD"]) == "REPLY"
    (event,) = cal.walk("VEVENT")
    assert str(event["UID"]) == inv.uid and int(event["SEQUENCE"]) == 2
    assert str(event["ATTENDEE"]) == "mailto:theo@twombly.example"
    assert event["ATTENDEE"].params["PARTSTAT"] == "ACCEPTED"
    assert str(event["ORGANIZER"]) == "mailto:anna@studio.example"
    assert [z["TZID"] for z in cal.walk("VTIMEZONE")] == ["W. Europe Standard Time"]  # DTSTART's zone travels with it


@pytest.mark.skipif(not FILES, reason="the icalendar / recurring-ical-events test calendars are not installed")
def test_hostile_calendar_files_as_invitations_never_crash(tmp_path: Path) -> None:
    """Every test calendar shipped with icalendar and recurring-ical-events, mailed as an invitation:
    read or refused in a sentence; what is read can be accepted once, and answered."""
    read = 0
    for number, source in enumerate(FILES):
        text = source.read_bytes().decode("utf-8", "replace")
        try:
            inv = read_invitation(text, LONDON)
        except InvitationError as exc:
            assert str(exc).endswith(".")
            continue
        read += 1
        reply_ics(inv, "theo@twombly.example", "", "ACCEPTED", NOW)
        if inv.cancelled or inv.event is None:
            continue
        assert event_words(inv.event, NOW)
        store = IcsStore(tmp_path / f"{number}.ics", LONDON)
        assert standing(store, inv).current is None
        assert accept(store, inv).kind == "added"
        assert accept(IcsStore(store.path, LONDON), inv).kind == "unchanged", source.name
    assert read > 150  # 170 of the 258 files when this was written; the rest are refused in a sentence


def test_the_calendar_opens_from_osones_settings_without_the_scheduling_skill(tmp_path: Path) -> None:
    assistant = build_assistant(home=tmp_path, discover_skills=False, overrides={"timezone": "Europe/London"})
    try:
        store = calendar_for(assistant.settings, LONDON)
        accept(store, read_invitation(outlook(), LONDON))
    finally:
        assistant.close()
    with SkillHarness([SchedulingSkill], home=tmp_path, now="2026-11-20T10:00",
                      settings={"timezone": "Europe/London"}) as h:
        h.check([Case("what's on Tuesday", reply_contains=["Design review at 3 pm"])])


@pytest.mark.timeout(120)
def test_accepting_on_caldav_is_seen_by_the_skill_at_once(tmp_path: Path) -> None:
    root = tmp_path / "radicale"
    root.mkdir()
    server = Radicale(root)
    try:
        server.make_calendar("Personal")
        secret = tmp_path / "secret.txt"
        secret.write_text(PASSWORD + "\n", encoding="utf-8")
        section = {"caldav_url": server.url, "username": USER, "calendar_name": "Personal",
                   "password_command": f"{sys.executable} -c \"print(open({str(secret)!r}).read().strip())\""}
        settings = {"timezone": "Europe/London", "skills": {"scheduling": section}}
        with SkillHarness([SchedulingSkill], home=tmp_path / "home", now="2026-11-20T10:00", settings=settings) as h:
            h.check([Case("what's on Tuesday", reply_contains=["Nothing's planned"])])  # the skill's cache is warm
            other = open_calendar(section, tmp_path / "home" / "data" / "skills" / "scheduling", LONDON)
            inv = read_invitation(outlook(), LONDON)
            assert accept(other, inv).kind == "added"
            assert accept(other, inv).kind == "unchanged"
            h.check([Case("what's on Tuesday", reply_contains=["one thing", "Design review at 3 pm"])])
            assert [e.uid for e in other.events()] == [inv.uid]  # once on the server
            revert(other, withdraw(other, inv.uid).undo)
            h.check([Case("what's on Tuesday", reply_contains=["one thing", "Design review at 3 pm"])])
            assert withdraw(other, inv.uid) is not None
            h.check([Case("what's on Tuesday", reply_contains=["Nothing's planned"])])
    finally:
        server.stop()
