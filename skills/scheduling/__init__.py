"""Scheduling: the person's calendar (an iCalendar file or CalDAV), reminders, alarms and timers.

Other parts of OS¹ use the calendar through the names exported here, without the skill:
:func:`calendar_for` opens the person's calendar from OS¹'s settings, and :func:`read_invitation`,
:func:`standing`, :func:`accept`, :func:`withdraw`, :func:`revert` and :func:`reply_ics` act on
calendar invitations (the email skill uses them for invitations that arrive by mail).

Settings (``[skills.scheduling]`` in settings.toml)::

    caldav_url = "https://cloud.example.org/remote.php/dav/"   # empty: the local calendar file
    username = "theodore"
    password_command = "pass show calendar"   # or the keyring: service os1-caldav, the user name
    calendar_name = "Personal"                # default: the first calendar
    ics_path = ""                             # default: <data>/skills/scheduling/calendar.ics
    event_minutes = 60                        # length of an event said without one
    snooze_minutes = 9
    morning = "09:00"                         # when "remind me tomorrow" speaks
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from os1.clock import local_zone
from os1.events import Response
from os1.skill import Panel, Skill, SkillEnv

from . import _speak as say
from ._agenda import Agenda
from ._alarm_intents import AlarmIntents, fired_text, missed_text
from ._alarms import AlarmBook
from ._calendar_intents import CalendarIntents
from ._invite import (
    Change,
    Invitation,
    InvitationError,
    Standing,
    accept,
    clash_words,
    event_words,
    read_invitation,
    reply_ics,
    revert,
    standing,
    withdraw,
)
from ._store import CalendarStore, IcsStore, StoreError, calendar_for, calendar_key, open_calendar

__all__ = ["SchedulingSkill", "CalendarStore", "IcsStore", "StoreError", "Agenda", "open_calendar", "calendar_for", "calendar_key",
           "Invitation", "InvitationError", "Standing", "Change", "read_invitation", "standing", "accept", "withdraw",
           "revert", "reply_ics", "event_words", "clash_words"]


class SchedulingSkill(CalendarIntents, AlarmIntents, Skill):
    """Your calendar, reminders, alarms and timers."""

    name = "scheduling"
    title = "Calendar"
    description = "keep your calendar and remind you of things"
    timeout = 20.0
    panels = (Panel("agenda", "Calendar"), Panel("alarms", "Reminders and timers"))

    def __init__(self, env: SkillEnv) -> None:
        super().__init__(env)
        self._stores: dict[str, Any] = {}
        self._books: dict[Path, AlarmBook] = {}
        self._cached: tuple[tuple[int, int | None], Agenda] | None = None

    # -- shared pieces -------------------------------------------------------------------------
    def _store(self, ctx: Any) -> CalendarStore:
        key = calendar_key(ctx.settings, ctx.data_dir)
        if key not in self._stores:
            self._stores[key] = open_calendar(ctx.settings, ctx.data_dir, ctx.tz or local_zone())
        return self._stores[key]

    def _agenda(self, ctx: Any) -> Agenda:
        store = self._store(ctx)
        events = store.events()
        key = (id(store), getattr(store, "generation", None))
        if key[1] is not None and self._cached is not None and self._cached[0] == key:
            return self._cached[1]
        agenda = Agenda(events)
        self._cached = (key, agenda)
        return agenda

    def _book(self, ctx: Any) -> AlarmBook:
        path = ctx.data_dir / "alarms.json"
        if path not in self._books:
            self._books[path] = AlarmBook(path)
        return self._books[path]

    def _default_length(self, ctx: Any) -> timedelta:
        return timedelta(minutes=float(ctx.settings.get("event_minutes", 60)))

    # -- unprompted ----------------------------------------------------------------------------
    def greet(self, ctx: Any) -> Response | None:
        """At the start of a session: reminders missed while OS¹ was not running, and what's next today."""
        try:
            _, missed = self._book(ctx).take_due(ctx.now)
        except StoreError as exc:
            return ctx.reply(str(exc))
        said = [missed_text(missed, ctx.now)] if missed else []
        if missed:
            ctx.session["last_fired"] = missed[-1].id
        try:
            end = ctx.now.replace(hour=23, minute=59, second=59)
            today = [o for o in self._agenda(ctx).between(ctx.now, end) if o.start >= ctx.now]
        except StoreError:
            today = []
        if today:
            first = today[0]
            said.append(f"Next today: {first.title} at {say.clock(first.start.astimezone(ctx.tz))}.")
        return ctx.reply(" ".join(said)) if said else None

    def due(self, ctx: Any) -> list[Response]:
        """Reminders, alarms and timers that are due now (and ones found long overdue, as missed)."""
        try:
            due, missed = self._book(ctx).take_due(ctx.now)
        except StoreError as exc:
            ctx.log.warning("%s", exc)
            return []
        out = [ctx.reply(fired_text(a, ctx.now), data={"alarm": self._book(ctx).to_json(a), "notify": True})
               for a in due]
        if missed:
            out.append(ctx.reply(missed_text(missed, ctx.now)))
        if due or missed:
            ctx.session["last_fired"] = (due or missed)[-1].id
        return out
