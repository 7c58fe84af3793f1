"""Meeting invitations as calendar programs send them, for the invitation tests."""

from __future__ import annotations

from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any

import corpus
from os1.skills.email import EmailSkill
from os1.skills.scheduling import SchedulingSkill

from os1.testing import SkillHarness

NOW = "2026-11-20T10:00"  # a Friday; the meeting is on Tuesday 24 November
ANNA = ("Anna Lee", "anna@studio.example")
UID = "design-review-2026@studio.example"


def ics(method: str = "REQUEST", uid: str = UID, start: str = "20261124T150000", end: str = "20261124T160000",
        summary: str = "Design review", sequence: int = 0, extra: str = "", organizer: tuple[str, str] = ANNA) -> str:
    """An invitation's iCalendar text, as Outlook or Google would write it (times in Europe/London)."""
    lines = ["BEGIN:VCALENDAR", "PRODID:-//Studio//Calendar 1.0//EN", "VERSION:2.0", f"METHOD:{method}",
             "BEGIN:VEVENT", f"UID:{uid}", f"SEQUENCE:{sequence}", "DTSTAMP:20261119T120000Z",
             f"SUMMARY:{summary}", "LOCATION:Room 4",
             f"ORGANIZER;CN={organizer[0]}:mailto:{organizer[1]}",
             f"ATTENDEE;CN={corpus.ME_NAME};PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:{corpus.ME}"]
    if start:
        lines.append(f"DTSTART;TZID=Europe/London:{start}")
    if end:
        lines.append(f"DTEND;TZID=Europe/London:{end}")
    lines += [line for line in extra.split("\n") if line]
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(lines) + "\r\n"


def invitation_mail(calendar: str, subject: str = "Invitation: Design review", sender: tuple[str, str] = ANNA,
                    sent: datetime = datetime(2026, 11, 19, 12, 0, tzinfo=timezone.utc),
                    body: str = "Let's go through the new layouts together.") -> bytes:
    """A message with a text part and the invitation as text/calendar (method taken from the ics)."""
    method = next((line.split(":", 1)[1] for line in calendar.splitlines() if line.startswith("METHOD:")), "")
    msg = EmailMessage()
    msg["From"] = f"{sender[0]} <{sender[1]}>"
    msg["To"] = f"{corpus.ME_NAME} <{corpus.ME}>"
    msg["Subject"] = subject
    msg["Date"] = format_datetime(sent)
    msg["Message-ID"] = make_msgid(domain="studio.example")
    msg.set_content(body + "\n")
    msg.add_alternative(calendar, subtype="calendar", params={"method": method} if method else {})
    return msg.as_bytes()


def harness(home: Path, **email: Any) -> SkillHarness:
    """Both skills, as OS¹ runs them: email with Theodore's settings, scheduling on its local file."""
    settings = {"timezone": "Europe/London",
                "skills": {"email": {"addresses": [corpus.ME], "name": corpus.ME_NAME, "refresh_seconds": 0, **email}}}
    return SkillHarness([EmailSkill, SchedulingSkill], home=home, now=NOW, settings=settings)


def calendar_file(home: Path) -> Path:
    return home / "data" / "skills" / "scheduling" / "calendar.ics"


def events_in(home: Path, uid: str = UID) -> int:
    """How many VEVENTs with *uid* the calendar file holds (0 when there is no file)."""
    path = calendar_file(home)
    return path.read_text(encoding="utf-8").count(f"UID:{uid}") if path.exists() else 0
