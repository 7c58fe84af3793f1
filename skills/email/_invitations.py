"""Meeting invitations in the mail: what they are, and accepting or declining them into the calendar.

How the email skill talks to the calendar: through the scheduling package's public functions
(``os1.skills.scheduling``), imported on first use. :func:`calendar_for` opens the calendar that
``[skills.scheduling]`` describes (the .ics file or CalDAV) from OS¹'s settings, which every skill
gets as ``env.services["assistant"].settings``; ``read_invitation``, ``standing``, ``accept``,
``withdraw``, ``revert`` and ``reply_ics`` do the calendar side, by the invitation's UID. Nothing
here writes iCalendar, and nothing in the scheduling package knows about mail.

A calendar change made here goes on the email undo list (``{"op": "calendar", ...}`` steps), so
"undo" right after "accept it" takes the event out again. Answers to the organiser (iTIP REPLY)
are sent only after a yes, the way replies are; a failed send keeps a draft.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any

from os1.events import IntentMatch, Response
from os1.skill import Answer, intent

from ._config import MailError
from ._index import Row
from ._message import calendar_text
from ._send import compose_rsvp, deliver
from ._speech import join_and, panel, plural

__all__ = ["InvitationIntents"]

_IT = "(it|that|this) [invitation|invite|one|meeting]"
_SUBJECT_LEADS = re.compile(r"^\s*((updated |new )?(invitation|invite)|cancell?ed (event|meeting|invitation)"
                            r"|accepted|declined)\s*:\s*", re.I)


def _title(subject: str) -> str:
    """A subject without "Invitation:" and the like (what to call an event without a SUMMARY)."""
    return _SUBJECT_LEADS.sub("", subject).strip()


class InvitationIntents:
    """Intents about invitations (mixed into EmailSkill)."""

    # provided by EmailSkill
    env: Any
    mailbox: Any
    _guard: Any
    _current: Any
    _queue: Any
    _from: Any
    _refresh: Any
    _calendars: dict[str, Any]

    # -- plumbing ---------------------------------------------------------------------------------
    @staticmethod
    def _scheduling() -> Any:
        """The scheduling package (imported on first use, so mail works without it)."""
        try:
            from .. import scheduling
        except ImportError as exc:
            raise MailError(f"I can't reach your calendar: the scheduling part of OS¹ could not be loaded ({exc}). "
                            f"Reinstall OS¹ (pip install -e .) to fix it.") from None
        return scheduling

    def _calendar(self, ctx: Any) -> Any:
        """The person's calendar store, opened once per calendar setting."""
        settings = getattr(self.env.services.get("assistant"), "settings", None)
        if settings is None or settings.paths is None:
            raise MailError("I can't reach your calendar from here: OS¹'s settings aren't available to the email skill.")
        if "scheduling" in settings.disabled_skills:
            raise MailError("Your calendar is switched off (scheduling is in disabled_skills in settings.toml), so I "
                            "can't put invitations in it.")
        sched = self._scheduling()
        key = sched.calendar_key(settings.for_skill("scheduling"), settings.paths.skill_data("scheduling")) + str(ctx.tz)
        if key not in self._calendars:
            self._calendars[key] = sched.calendar_for(settings, ctx.tz)
        return self._calendars[key]

    def _with_calendar(self, ctx: Any, work: Callable[[Any], Response]) -> Response | str:
        """Run *work(scheduling)*; the calendar's and the invitation's problems are answered in words."""
        def guarded() -> Response:
            sched = self._scheduling()
            try:
                return work(sched)
            except (sched.StoreError, sched.InvitationError) as exc:
                ctx.log.info("email invitation: %s", exc)
                return ctx.reply(str(exc))
        return self._guard(guarded)

    def _invitation(self, sched: Any, ctx: Any, row: Row, raw: bytes | None = None) -> Any:
        """The invitation in *row*'s message (raises InvitationError, in words, when it can't be used)."""
        text = calendar_text(raw if raw is not None else self.mailbox().fetch(row))
        if not text.strip():
            raise sched.InvitationError(f"The invitation in {row.who}'s message is empty or missing, so there's "
                                        f"nothing to put in your calendar.")
        return sched.read_invitation(text, ctx.tz, fallback_title=_title(row.subject))

    def _pick(self, ctx: Any) -> Row:
        """The invitation being talked about: the message last read or listed."""
        row = self._current(ctx)
        if row is None:
            raise MailError("Which invitation? Ask me “do I have any invitations?” first.")
        if not row.invitation:
            raise MailError(f"The message I last told you about, from {row.who} about “{row.subject}”, isn't an "
                            f"invitation. Ask me “do I have any invitations?”.")
        return row

    def _named(self, ctx: Any, sender: str) -> Row:
        self._refresh(force=False)
        rows = [r for r in self._from(sender, "'INBOX','Archive'") if r.invitation]
        if not rows:
            raise MailError(f"I don't see an invitation from {sender.title()}.")
        self._queue(ctx, rows)
        return rows[0]

    @staticmethod
    def _who(row: Row, inv: Any) -> str:
        """Who invites: the organiser by name, else the sender when it is them, else the organiser's address."""
        if inv.organizer_name:
            return inv.organizer_name
        return row.who if not inv.organizer or inv.organizer == row.sender else inv.organizer

    # -- what the invitation is, and how it fits ------------------------------------------------
    def _fit(self, sched: Any, ctx: Any, inv: Any, where: Any) -> str:
        """How a (not cancelled) invitation fits the calendar, and what to say to act on it."""
        if where.up_to_date:
            return "It's already in your calendar."
        if where.outdated:
            return self._outdated(sched, ctx, where)
        if where.current is not None:
            return (f"Your calendar has an older version, {sched.event_words(where.current, ctx.now)}. "
                    f"Say “accept it” to update it, or “decline it”.")
        fit = f"It overlaps with {sched.clash_words(where.clashes, ctx.now)}." if where.clashes else "You're free then."
        return f"{fit} Say “accept it” to add it to your calendar, or “decline it”."

    @staticmethod
    def _outdated(sched: Any, ctx: Any, where: Any) -> str:
        return (f"This is an older version: your calendar has a newer one, {sched.event_words(where.current, ctx.now)}, "
                f"so I'll leave it as it is.")

    def _about(self, sched: Any, ctx: Any, row: Row, raw: bytes | None = None, lead: str = "",
               display: str | None = None, data: dict[str, Any] | None = None) -> Response:
        """What the invitation is and how it fits; for a cancelled meeting still in the calendar, an offer to
        take it out."""
        inv = self._invitation(sched, ctx, row, raw)
        where = sched.standing(self._calendar(ctx), inv)
        who = self._who(row, inv)
        if inv.cancelled:
            event = inv.event if inv.occurrence is not None else where.current or inv.event
            when = f", {sched.event_words(event, ctx.now)}" if event is not None else ""
            said = f"{who} has called off {inv.title}{when}."
            if where.current is None:
                said += " It isn't in your calendar, so there's nothing to take out."
                return ctx.reply(f"{lead}{said}", display=f"{display}\n\n{said}" if display else None, data=data)
            asked = ctx.confirm(f"{lead}{said} It's in your calendar: shall I take it out?",
                                then=self.on_remove_cancelled, data={"row": row.id})
            return dataclasses.replace(asked, data=data or {})
        said = f"{who} invites you to {inv.title}, {sched.event_words(inv.event, ctx.now)}. {self._fit(sched, ctx, inv, where)}"
        return ctx.reply(f"{lead}{said}", display=f"{display}\n\n{said}" if display else None,
                         data=data if data is not None else panel(None, [], row))

    def _read_invitation(self, ctx: Any, row: Row, raw: bytes, said: str, shown: str, data: dict[str, Any]) -> Response:
        """Reading an invitation aloud ends with what and when it is, and how it fits the calendar."""
        try:
            sched = self._scheduling()
            try:
                return self._about(sched, ctx, row, raw, lead=said + " ", display=shown, data=data)
            except (sched.StoreError, sched.InvitationError) as exc:
                problem = str(exc)
        except MailError as exc:
            problem = str(exc)
        return ctx.reply(f"{said} {problem}", display=f"{shown}\n\n{problem}", data=data)

    @intent("invitations", "do i have any (invitations|meeting invitations|invites)",
            "(any|what) (invitations|invites|meeting invitations) [in my (email|inbox|mail)]",
            "(are there|have i got) any [meeting] (invitations|invites)",
            help="act on meeting invitations", examples=["do I have any invitations?"])
    def invitations(self, match: IntentMatch, ctx: Any) -> Response | str:
        return self._guard(lambda: self._list(ctx))

    def _list(self, ctx: Any) -> Response:
        note, _ = self._refresh(force=False)
        rows = self.mailbox().index.query("folder='INBOX' AND invitation != ''", limit=10)
        if not rows:
            return ctx.reply(f"No meeting invitations. {note}".strip())
        self._queue(ctx, rows)
        raws = self.mailbox().fetch_many(rows[:3])
        try:
            sched, store, problem = self._scheduling(), self._calendar(ctx), ""
        except MailError as exc:  # the invitations are still listed, from the index
            sched, store, problem = None, None, str(exc)
        parts, acceptable = [], []
        for row, raw in zip(rows[:3], raws, strict=True):
            line, ok = f"{row.invitation}, from {row.who}", False
            if sched is not None:
                try:
                    line, ok = self._line(sched, ctx, row, raw, store)
                except sched.InvitationError:
                    line += " (one I can't use; ask me what it's about)"
                except sched.StoreError as exc:
                    store, problem = None, f"I couldn't check your calendar: {exc}"
                    line, ok = self._line(sched, ctx, row, raw, None)
            parts.append(line)
            acceptable.append(ok)
        more = f", and {len(rows) - 3} more" if len(rows) > 3 else ""
        hint = "Say “accept it” to add the first to your calendar, or ask me what one is about." if acceptable[0] \
            else "Ask me what one is about."
        text = f"You have {plural(len(rows), 'invitation')}: {join_and(parts)}{more}. {hint}"
        return ctx.reply(" ".join(t for t in (text, problem, note) if t), data=panel(None, rows))

    def _line(self, sched: Any, ctx: Any, row: Row, raw: bytes, store: Any) -> tuple[str, bool]:
        """One invitation in a list (what, when, from whom, whether it's in the calendar when *store* is
        given), and whether "accept it" would add it."""
        inv = self._invitation(sched, ctx, row, raw)
        where = sched.standing(store, inv) if store is not None else None
        who = self._who(row, inv)
        if inv.cancelled:
            return f"a cancellation of {inv.title}, from {who}" + (" (it's in your calendar)" if where and where.current
                                                                   else ""), False
        state = "" if where is None else " (already in your calendar)" if where.up_to_date else \
            " (an older version of one in your calendar)" if where.outdated else ""
        return f"{inv.title} {sched.event_words(inv.event, ctx.now)}, from {who}{state}", not state

    @intent("invitation_from", "what is the (invitation|invite|meeting invitation) from {sender:text} about",
            "(read|tell me about) [me] the (invitation|invite|meeting invitation) from {sender:text}",
            "what does the (invitation|invite) from {sender:text} say",
            help="tell you what an invitation is about", examples=["what's the invitation from Anna about?"])
    def invitation_from(self, match: IntentMatch, ctx: Any) -> Response | str:
        return self._with_calendar(ctx, lambda sched: self._about(sched, ctx, self._named(ctx, match.slot_text["sender"])))

    @intent("invitation_about", "what is (the|that|this) (invitation|invite|meeting) about",
            "tell me about (the|that|this) (invitation|invite)", contextual=True)
    def invitation_about(self, match: IntentMatch, ctx: Any) -> Response | str:
        return self._with_calendar(ctx, lambda sched: self._about(sched, ctx, self._pick(ctx)))

    # -- accepting --------------------------------------------------------------------------------
    @intent("accept_invitation", f"accept {_IT}", "accept the (invitation|invite|meeting)",
            "add (it|that|this) to my (calendar|diary)", "add the (invitation|meeting|event) to my calendar",
            "put (it|that|this) (in|on|into) my calendar", contextual=True)
    def accept_invitation(self, match: IntentMatch, ctx: Any) -> Response | str:
        return self._with_calendar(ctx, lambda sched: self._accept(sched, ctx, self._pick(ctx)))

    @intent("accept_from", "accept the (invitation|invite) from {sender:text}")
    def accept_from(self, match: IntentMatch, ctx: Any) -> Response | str:
        return self._with_calendar(ctx, lambda sched: self._accept(sched, ctx, self._named(ctx, match.slot_text["sender"])))

    def on_accept_anyway(self, answer: Answer, ctx: Any) -> Response | str:
        if not answer.yes:
            return ctx.reply("Okay, I haven't added it.")

        def work(sched: Any) -> Response:
            row = self.mailbox().index.get(int(answer.data["row"]))
            if row is None:
                return ctx.reply("That invitation is gone from your mailbox, so I can't add it.")
            return self._accept(sched, ctx, row, clashes_ok=True)
        return self._with_calendar(ctx, work)

    def _accept(self, sched: Any, ctx: Any, row: Row, clashes_ok: bool = False) -> Response:
        ctx.session["current"] = row.id
        inv = self._invitation(sched, ctx, row)
        if inv.cancelled:
            return self._about(sched, ctx, row)
        store = self._calendar(ctx)
        where = sched.standing(store, inv)
        if where.up_to_date:
            return ctx.reply(f"{inv.title} is already in your calendar, {sched.event_words(where.current, ctx.now)}.")
        if where.outdated:
            return ctx.reply(self._outdated(sched, ctx, where))
        if where.clashes and not clashes_ok:
            return ctx.confirm(f"That overlaps with {sched.clash_words(where.clashes, ctx.now)}. Shall I add "
                               f"{inv.title} anyway?", then=self.on_accept_anyway, data={"row": row.id})
        change = sched.accept(store, inv)
        if change.kind == "updated":
            self._remember(f"updating {inv.title} in your calendar", change)
            said = (f"Updated {inv.title} in your calendar: now {sched.event_words(change.event, ctx.now)} (it was "
                    f"{sched.event_words(change.previous, ctx.now)}). Say “undo” to change it back.")
        else:
            self._remember(f"adding {inv.title} to your calendar", change)
            said = f"Added {inv.title} to your calendar, {sched.event_words(change.event, ctx.now)}. Say “undo” to take it out."
        return self._offer_answer(ctx, row, inv, "ACCEPTED", said)

    # -- declining and cancellations --------------------------------------------------------------
    @intent("decline_invitation", f"decline {_IT}", "decline the (invitation|invite|meeting)",
            "(turn down|say no to) (it|that|the invitation|the invite)", contextual=True)
    def decline_invitation(self, match: IntentMatch, ctx: Any) -> Response | str:
        return self._with_calendar(ctx, lambda sched: self._decline(sched, ctx, self._pick(ctx)))

    @intent("decline_from", "decline the (invitation|invite) from {sender:text}")
    def decline_from(self, match: IntentMatch, ctx: Any) -> Response | str:
        return self._with_calendar(ctx, lambda sched: self._decline(sched, ctx, self._named(ctx, match.slot_text["sender"])))

    def _decline(self, sched: Any, ctx: Any, row: Row) -> Response:
        ctx.session["current"] = row.id
        inv = self._invitation(sched, ctx, row)
        if inv.cancelled:
            return self._about(sched, ctx, row)
        change = sched.withdraw(self._calendar(ctx), inv.uid)
        if change is None:
            said = f"Okay, I haven't put {inv.title} in your calendar."
        else:
            self._remember(f"taking {inv.title} out of your calendar", change)
            said = f"I've taken {inv.title} out of your calendar. Say “undo” to put it back."
        return self._offer_answer(ctx, row, inv, "DECLINED", said)

    def on_remove_cancelled(self, answer: Answer, ctx: Any) -> Response | str:
        if not answer.yes:
            return ctx.reply("Okay, it stays in your calendar.")

        def work(sched: Any) -> Response:
            row = self.mailbox().index.get(int(answer.data["row"]))
            if row is None:
                return ctx.reply("That message is gone from your mailbox, so I can't tell which event it cancels.")
            inv = self._invitation(sched, ctx, row)
            change = sched.withdraw(self._calendar(ctx), inv.uid, inv.occurrence)
            if change is None:
                return ctx.reply(f"{inv.title} is no longer in your calendar.")
            self._remember(f"taking {inv.title} out of your calendar", change)
            one = f" on {sched.event_words(inv.event, ctx.now)}" if change.kind == "skipped" and inv.event else ""
            return ctx.reply(f"I've taken {inv.title}{one} out of your calendar. Say “undo” to put it back.")
        return self._with_calendar(ctx, work)

    def _remember(self, label: str, change: Any) -> None:
        if change.undo is not None:
            self.mailbox().index.push_undo(label, [{"op": "calendar", "step": change.undo}])

    def _revert_calendar(self, ctx: Any) -> Callable[[dict[str, Any]], object]:
        """What the email undo calls for a calendar step."""
        def revert(step: dict[str, Any]) -> None:
            sched = self._scheduling()
            try:
                sched.revert(self._calendar(ctx), step)
            except sched.StoreError as exc:
                raise MailError(f"I couldn't undo that in your calendar: {exc}") from None
        return revert

    # -- answering the organiser ------------------------------------------------------------------
    def _offer_answer(self, ctx: Any, row: Row, inv: Any, partstat: str, said: str) -> Response:
        """*said*, and when the organiser asked for answers and mail can be sent: shall I tell them?"""
        config = self.mailbox().config
        if inv.method != "REQUEST" or not inv.organizer or inv.organizer in config.addresses \
                or not config.smtp_host or not config.addresses:
            return ctx.reply(said)
        who = self._who(row, inv)
        question = f"Shall I tell {who} you're coming?" if partstat == "ACCEPTED" else f"Shall I tell {who} you can't come?"
        return ctx.confirm(f"{said} {question}", then=self.on_answer,
                           data={"row": row.id, "partstat": partstat, "who": who})

    def on_answer(self, answer: Answer, ctx: Any) -> Response | str:
        who = answer.data["who"]
        if not answer.yes:
            return ctx.reply(f"Okay, I haven't answered {who}.")

        def work(sched: Any) -> Response:
            box = self.mailbox()
            row = box.index.get(int(answer.data["row"]))
            if row is None:
                return ctx.reply("That invitation is gone from your mailbox, so I can't answer it.")
            raw = box.fetch(row, 256 * 1024)
            inv = self._invitation(sched, ctx, row, raw)
            me = next((a for a in inv.attendees if a in box.config.addresses), box.config.addresses[0])
            accepted = answer.data["partstat"] == "ACCEPTED"
            ics = sched.reply_ics(inv, me, box.config.name, answer.data["partstat"], ctx.now)
            body = (f"{box.config.name or me} has {'accepted' if accepted else 'declined'} your invitation to "
                    f"{inv.title}.")
            msg = compose_rsvp(raw, (inv.organizer_name, inv.organizer),
                               f"{'Accepted' if accepted else 'Declined'}: {inv.title}", body, ics, box.config)
            deliver(msg, box)
            return ctx.reply(f"Done: I've told {who} you're {'coming' if accepted else 'not coming'}.")
        return self._with_calendar(ctx, work)
