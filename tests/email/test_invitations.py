"""Meeting invitations by mail, end to end: both skills in one assistant, a real Maildir, the
scheduling skill's real calendar file, and real SMTP (aiosmtpd) for the answers to the organiser."""

from __future__ import annotations

import email
from datetime import datetime, timezone

import pytest
from conftest import free_port
from invites import ANNA, UID, calendar_file, events_in, harness, ics, invitation_mail
from support import AMY, files, mail, maildir_with

from os1.testing import Case


def _smtp(smtp) -> dict:
    return {"smtp_host": "127.0.0.1", "smtp_port": smtp.port, "smtp_starttls": False}


def _calendar_part(raw: bytes) -> str:
    msg = email.message_from_bytes(raw)
    part = next(p for p in msg.walk() if p.get_content_type() == "text/calendar")
    assert part.get_param("method") == "REPLY"
    return part.get_payload(decode=True).decode("utf-8")


def test_ask_about_accept_and_answer_the_organiser(tmp_path, smtp) -> None:
    root = tmp_path / "Maildir"
    maildir_with(root, [invitation_mail(ics()), mail(AMY, "Dinner on Friday?", "Are you free on Friday?")])
    home = tmp_path / "home"
    with harness(home, maildir=str(root), **_smtp(smtp)) as h:
        h.check([
            Case("Do I have any invitations?", intent="invitations", skill="email",
                 reply_contains=["1 invitation", "Design review on Tuesday from 3 pm to 4 pm, in Room 4, from Anna Lee",
                                 "accept it"]),
            Case("What's the invitation from Anna about?", intent="invitation_from",
                 reply_contains=["Anna Lee invites you to Design review", "You're free then"]),
            Case("Accept it", intent="accept_invitation", asks=True,
                 reply_contains=["Added Design review to your calendar", "Shall I tell Anna Lee you're coming?"]),
            Case("yes", reply_contains=["told Anna Lee you're coming"]),
            Case("What's on Tuesday?", skill="scheduling", intent="agenda", reply_contains=["Design review at 3 pm"]),
        ])
        assert events_in(home) == 1
        # the answer went to the organiser as an iTIP REPLY, and a copy is in Sent
        assert len(smtp.messages) == 1
        _, rcpts, raw = smtp.messages[0]
        assert rcpts == [ANNA[1]]
        reply = _calendar_part(raw)
        assert "METHOD:REPLY" in reply and f"UID:{UID}" in reply and "PARTSTAT=ACCEPTED" in reply
        assert b"Subject: Accepted: Design review" in raw
        assert sum(b"Subject: Accepted: Design review" in p.read_bytes() for p in files(root, "Sent")) == 1


def test_accepting_twice_does_not_duplicate_and_undo_takes_it_out(tmp_path) -> None:
    root = tmp_path / "Maildir"
    maildir_with(root, [invitation_mail(ics())])
    home = tmp_path / "home"
    with harness(home, maildir=str(root)) as h:  # no smtp_host: nothing to offer to send
        h.check([
            Case("Read my email from Anna", intent="read_from",
                 reply_contains=["It's a meeting invitation", "on Tuesday from 3 pm to 4 pm", "accept it"]),
            Case("Accept it", asks=False, reply_contains=["Added Design review"]),
            Case("Add that to my calendar", intent="accept_invitation", skill="email",
                 reply_contains=["already in your calendar"]),
            Case("Accept the invitation from Anna", intent="accept_from", reply_contains=["already in your calendar"]),
            Case("Do I have any invitations?", reply_contains=["(already in your calendar)"]),
        ])
        text = calendar_file(home).read_text(encoding="utf-8")
        assert text.count("BEGIN:VEVENT") == 1 and f"UID:{UID}" in text
        h.check([Case("undo", intent="undo", skill="email", reply_contains=["Undone: adding Design review"])])
        assert events_in(home) == 0
        h.check([Case("What's on Tuesday?", reply_contains=["Nothing's planned"])])


def test_an_updated_invitation_replaces_the_one_in_the_calendar(tmp_path) -> None:
    root = tmp_path / "Maildir"
    store = maildir_with(root, [invitation_mail(ics())])
    home = tmp_path / "home"
    with harness(home, maildir=str(root)) as h:
        h.check([Case("Do I have any invitations?"), Case("Accept it", reply_contains=["Added"])])
        store.append("INBOX", invitation_mail(ics(sequence=1, start="20261125T100000", end="20261125T110000"),
                                              subject="Updated invitation: Design review",
                                              sent=datetime(2026, 11, 19, 18, 0, tzinfo=timezone.utc)))
        h.check([
            Case("What's the invitation from Anna about?", reply_contains=["older version", "on Tuesday from 3 pm"]),
            Case("Accept it", reply_contains=["Updated Design review", "now on Wednesday from 10 am to 11 am",
                                              "it was on Tuesday from 3 pm to 4 pm"]),
        ])
        assert events_in(home) == 1
        h.check([Case("undo", reply_contains=["Undone: updating Design review"]),
                 Case("What's on Tuesday?", reply_contains=["Design review at 3 pm"]),
                 Case("Accept it", reply_contains=["Updated Design review"]),
                 Case("What's on Wednesday?", reply_contains=["Design review at 10 am"])])
        assert events_in(home) == 1
        # the first invitation, heard again later, is older than what the calendar holds: it changes nothing
        h.check([
            Case("Do I have any invitations?", reply_contains=["(already in your calendar)",
                                                               "(an older version of one in your calendar)"]),
            Case("Next", reply_contains=["older version", "on Wednesday from 10 am to 11 am"]),
            Case("Accept it", reply_contains=["older version"]),
            Case("What's on Wednesday?", reply_contains=["Design review at 10 am"]),
        ])


def test_a_clash_is_pointed_out_before_adding(tmp_path) -> None:
    root = tmp_path / "Maildir"
    maildir_with(root, [invitation_mail(ics())])
    home = tmp_path / "home"
    with harness(home, maildir=str(root)) as h:
        h.check([
            Case("Add standup on Tuesday at 3:30pm", skill="scheduling", reply_contains=["Added Standup"]),
            Case("What's the invitation from Anna about?", reply_contains=["It overlaps with Standup from 3:30 pm"]),
            Case("Accept it", asks=True, reply_contains=["overlaps with Standup from 3:30 pm to 4:30 pm",
                                                         "Shall I add Design review anyway?"]),
            Case("no", reply_contains=["haven't added"]),
        ])
        assert events_in(home) == 0
        h.check([Case("Accept it", asks=True), Case("yes", reply_contains=["Added Design review"])])
        assert events_in(home) == 1
        h.check([Case("What's on Tuesday?", reply_contains=["Design review at 3 pm and Standup at 3:30 pm"])])


def test_decline_answers_the_organiser_and_takes_an_accepted_meeting_out(tmp_path, smtp) -> None:
    root = tmp_path / "Maildir"
    maildir_with(root, [invitation_mail(ics())])
    home = tmp_path / "home"
    with harness(home, maildir=str(root), **_smtp(smtp)) as h:
        h.check([
            Case("Do I have any invitations?"),
            Case("Decline it", intent="decline_invitation", asks=True,
                 reply_contains=["haven't put Design review in your calendar", "Shall I tell Anna Lee you can't come?"]),
            Case("yes", reply_contains=["told Anna Lee you're not coming"]),
        ])
        assert events_in(home) == 0 and "PARTSTAT=DECLINED" in _calendar_part(smtp.messages[0][2])
        h.check([
            Case("Accept it", asks=True), Case("no", reply_contains=["haven't answered Anna Lee"]),
            Case("Decline it", asks=True, reply_contains=["taken Design review out of your calendar", "undo"]),
            Case("no"),
        ])
        assert events_in(home) == 0 and len(smtp.messages) == 1
        h.check([Case("undo", reply_contains=["Undone: taking Design review out"])])
        assert events_in(home) == 1


def test_an_answer_that_cannot_be_sent_is_kept_as_a_draft(tmp_path) -> None:
    root = tmp_path / "Maildir"
    maildir_with(root, [invitation_mail(ics())])
    home = tmp_path / "home"
    with harness(home, maildir=str(root), smtp_host="127.0.0.1", smtp_port=free_port(), smtp_starttls=False,
                 timeout=2) as h:
        turns = h.check([
            Case("Do I have any invitations?"), Case("Accept it", asks=True),
            Case("yes", reply_contains=["couldn't send", "draft"]),
        ])
    assert turns[-1].error is None and events_in(home) == 1
    drafts = files(root, "Drafts")
    assert len(drafts) == 1 and b"method=\"REPLY\"" in drafts[0].read_bytes()


BROKEN = [
    ("not iCalendar at all", "BEGIN:VCALENDAR\r\nthis is not a calendar\r\nEND:VCALENDAR\r\n", "damaged"),
    ("cut off half way", ics()[:150], "damaged"),
    ("no DTSTART", ics(start="", end=""), "doesn't say when it starts"),
    ("an unreadable DTSTART", ics(start="2026-11-24 at three"), "repeat rule I can't read"),
    ("a to-do, not an event", "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VTODO\r\nUID:x\r\nSUMMARY:Do it\r\n"
                               "END:VTODO\r\nEND:VCALENDAR\r\n", "no event in it"),
    ("an answer, not an invitation", ics(method="REPLY"), "not an invitation"),
    ("an empty calendar part", "", "empty or missing"),
]


@pytest.mark.parametrize(("what", "calendar", "said"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_invitation_gets_a_sentence_and_changes_nothing(tmp_path, what, calendar, said) -> None:
    root = tmp_path / "Maildir"
    maildir_with(root, [invitation_mail(calendar)])
    home = tmp_path / "home"
    with harness(home, maildir=str(root)) as h:
        turns = h.check([
            Case("Do I have any invitations?", reply_contains=["1 invitation", "Anna Lee"]),
            Case("Read it", reply_contains=[said]),
            Case("Accept it", asks=False, reply_contains=[said]),
            Case("Decline it", asks=False, reply_contains=[said]),
            Case("What's the invitation from Anna about?", reply_contains=[said]),
        ])
    assert all(t.error is None for t in turns)
    assert not calendar_file(home).exists()


def test_a_cancellation_offers_to_take_the_meeting_out_and_is_undoable(tmp_path) -> None:
    root = tmp_path / "Maildir"
    store = maildir_with(root, [invitation_mail(ics())])
    home = tmp_path / "home"
    with harness(home, maildir=str(root)) as h:
        h.check([Case("Do I have any invitations?"), Case("Accept it", reply_contains=["Added"])])
        store.append("INBOX", invitation_mail(ics(method="CANCEL", sequence=1), subject="Canceled: Design review",
                                              body="Sorry, we have to skip this one.",
                                              sent=datetime(2026, 11, 19, 18, 0, tzinfo=timezone.utc)))
        h.check([
            Case("Do I have any invitations?", reply_contains=["a cancellation of Design review, from Anna Lee "
                                                               "(it's in your calendar)"],
                 reply_excludes=["accept it"]),
            Case("Read my email from Anna", asks=True,
                 reply_contains=["It calls off a meeting", "Sorry, we have to skip this one",
                                 "Anna Lee has called off Design review, on Tuesday from 3 pm to 4 pm",
                                 "shall I take it out?"]),
            Case("no", reply_contains=["stays in your calendar"]),
        ])
        assert events_in(home) == 1
        h.check([
            Case("Accept it", asks=True, reply_contains=["called off", "shall I take it out?"]),
            Case("yes", reply_contains=["taken Design review out of your calendar", "undo"]),
            Case("Do I have any invitations?", reply_excludes=["it's in your calendar"]),
        ])
        assert events_in(home) == 0
        h.check([Case("undo", skill="email", reply_contains=["Undone: taking Design review out"])])
        assert events_in(home) == 1
        h.check([Case("What's on Tuesday?", reply_contains=["Design review at 3 pm"])])


def test_a_cancellation_of_a_meeting_not_in_the_calendar_changes_nothing(tmp_path) -> None:
    root = tmp_path / "Maildir"
    maildir_with(root, [invitation_mail(ics(method="CANCEL", sequence=1), subject="Canceled: Design review")])
    home = tmp_path / "home"
    with harness(home, maildir=str(root)) as h:
        h.check([
            Case("Read my email from Anna", asks=False, reply_contains=["called off Design review",
                                                                        "isn't in your calendar"]),
            Case("Accept it", asks=False, reply_contains=["isn't in your calendar"]),
        ])
    assert events_in(home) == 0


def test_accept_needs_an_invitation_to_talk_about(tmp_path) -> None:
    root = tmp_path / "Maildir"
    maildir_with(root, [mail(AMY, "Dinner on Friday?", "Are you free on Friday evening?")])
    with harness(tmp_path / "home", maildir=str(root)) as h:
        h.check([
            Case("Do I have any invitations?", reply_contains=["No meeting invitations"]),
            Case("Read my email from Amy"),
            Case("Accept it", skill="email", reply_contains=["isn't an invitation", "do I have any invitations"]),
            Case("What's the invitation from Paul about?", reply_contains=["don't see an invitation from Paul"]),
        ])


def test_a_disabled_calendar_is_explained(tmp_path) -> None:
    from os1.skills.email import EmailSkill

    from os1.testing import SkillHarness

    root = tmp_path / "Maildir"
    maildir_with(root, [invitation_mail(ics())])
    settings = {"timezone": "Europe/London", "disabled_skills": ["scheduling"],
                "skills": {"email": {"addresses": ["theo@twombly.example"], "maildir": str(root)}}}
    with SkillHarness([EmailSkill], home=tmp_path / "home", now="2026-11-20T10:00", settings=settings) as h:
        h.check([Case("Do I have any invitations?", reply_contains=["1 invitation", "switched off"]),
                 Case("Accept it", reply_contains=["disabled_skills"])])
    assert not calendar_file(tmp_path / "home").exists()


@pytest.mark.timeout(60)
def test_over_imap_accept_and_answer(tmp_path, account, smtp) -> None:
    import imaplib

    conn = imaplib.IMAP4(account.host, account.port)
    conn.login(account.user, account.password)
    conn.append("INBOX", None, None, invitation_mail(ics()))
    conn.logout()
    secret = tmp_path / "secret"
    secret.write_text(account.password + "\n")
    imap = {"imap_host": account.host, "imap_port": account.port, "imap_user": account.user, "imap_ssl": False,
            "password_command": f"cat {secret}", "timeout": 5}
    home = tmp_path / "home"
    with harness(home, **imap, **_smtp(smtp)) as h:
        h.check([
            Case("Do I have any invitations?", reply_contains=["Design review on Tuesday from 3 pm to 4 pm"]),
            Case("Accept it", asks=True, reply_contains=["Added Design review"]),
            Case("yes", reply_contains=["told Anna Lee"]),
            Case("Accept it", reply_contains=["already in your calendar"]),
        ])
    assert events_in(home) == 1 and "PARTSTAT=ACCEPTED" in _calendar_part(smtp.messages[0][2])
    conn = imaplib.IMAP4(account.host, account.port)
    conn.login(account.user, account.password)
    conn.select("Sent", readonly=True)
    _, found = conn.uid("SEARCH", None, "SUBJECT", "\"Accepted: Design review\"")
    conn.logout()
    assert len(found[0].split()) == 1
