"""The email skill: what a person can say about their mail, and what OS¹ does about it."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from typing import Any

from os1.events import IntentMatch, Response
from os1.skill import Panel, Skill, intent

from ._config import MailError, load_config
from ._index import Index, Row
from ._invitations import InvitationIntents
from ._mailbox import Mailbox
from ._message import parse_message
from ._skill_actions import Actions
from ._speech import brief, counts_sentence, join_and, panel, plural, read_aloud
from ._triage import LABELS

__all__ = ["EmailSkill"]

_PILES = [("urgent", "urgent"), ("urgent ones", "urgent"), ("urgent emails", "urgent"), ("junk", "junk"),
          ("spam", "junk"), ("junk mail", "junk"), ("newsletters", "bulk"), ("notifications", "bulk"),
          ("newsletters and notifications", "bulk"), ("ones that need a reply", "reply"),
          ("ones i need to reply to", "reply"), ("emails that need a reply", "reply"),
          ("information ones", "info"), ("fyi ones", "info"), ("for information ones", "info")]
_FOLDERS = [("junk", "Junk"), ("spam", "Junk"), ("the inbox", "INBOX"), ("inbox", "INBOX"),
            ("archive", "Archive"), ("the archive", "Archive"), ("trash", "Trash"), ("the trash", "Trash")]
_MAIL = "(email|emails|mail|messages|e mail|e mails)"


class EmailSkill(InvitationIntents, Actions, Skill):
    """Triage, read, file and answer email."""

    name = "email"
    title = "Email"
    description = "go through your email and tell you what matters"
    lists = {"pile": _PILES, "folder": _FOLDERS}
    timeout = 60.0
    panels = (Panel("email", "Mail"),)

    def __init__(self, env: Any) -> None:
        super().__init__(env)
        self._mailbox: Mailbox | None = None
        self._open_lock = threading.Lock()
        self._calendars: dict[str, Any] = {}
        """The person's calendar stores, opened when an invitation is first acted on."""

    # -- plumbing ---------------------------------------------------------------------------------
    def mailbox(self) -> Mailbox:
        """The person's mailbox, opened on first use (nothing is touched at construction)."""
        with self._open_lock:
            if self._mailbox is None:
                config = load_config(self.env.settings, self.env.data_dir)
                self._mailbox = Mailbox(config, Index(self.env.data_dir / "index.sqlite3"))
            return self._mailbox

    def greet(self, ctx: Any) -> Response | None:
        """At the start of a conversation: urgent unread mail, from the index only (no network)."""
        if not (self.env.data_dir / "index.sqlite3").exists():
            return None
        try:
            urgent = self.mailbox().index.counts(unread_only=True).get("urgent", 0)
        except MailError:
            return None
        return ctx.reply(f"You have {plural(urgent, 'urgent email')} waiting.") if urgent else None

    def close(self) -> None:
        if self._mailbox is not None:
            self._mailbox.index.close()

    def _refresh(self, force: bool) -> tuple[str, int]:
        """(a problem to mention or "", new messages) after bringing the index up to date if needed."""
        box = self.mailbox()
        stale = time.time() - float(box.index.meta("refreshed", "0") or 0) > box.config.refresh_seconds
        if not (force or stale):
            return "", 0
        report = box.refresh()
        note = report.error
        if report.unreadable:
            note += (" " if note else "") + (f"{plural(len(report.unreadable), 'message')} had problems "
                                             f"({report.unreadable[0]}), but I triaged them anyway.")
        return note, report.new

    def _guard(self, work: Any) -> Response | str:
        try:
            return work()
        except MailError as exc:
            self.env.log.warning("email: %s", exc)
            return str(exc)
        except OSError as exc:  # the Maildir's files: permissions, a full disk, a vanished directory
            self.env.log.exception("email: mailbox files")
            where = f" ({exc.filename})" if exc.filename else ""
            return (f"I couldn't use your mail files{where}: {exc.strerror or exc}. Check the maildir setting "
                    f"under [skills.email] and the folder's permissions.")

    def _queue(self, ctx: Any, rows: Sequence[Row]) -> None:
        ctx.session["queue"] = [r.id for r in rows]
        ctx.session["pos"] = 0
        if rows:
            ctx.session["current"] = rows[0].id

    def _current(self, ctx: Any) -> Row | None:
        row_id = ctx.session.get("current")
        return self.mailbox().index.get(int(row_id)) if row_id else None

    # -- what is there --------------------------------------------------------------------------
    @intent("check", f"do i have [any] [new] {_MAIL}", "(is there|have i got) [any] (email|mail) [for me]",
            f"(is there|are there|have i got) [any] new {_MAIL}", f"(check|refresh) my {_MAIL}", "check my inbox",
            f"any new {_MAIL}",
            help="tell you about new email", examples=["do I have new email?"])
    def check(self, match: IntentMatch, ctx: Any) -> Response | str:
        return self._guard(lambda: self._check(ctx))

    def _check(self, ctx: Any) -> Response:
        note, new = self._refresh(force=True)
        index = self.mailbox().index
        unread = index.counts(unread_only=True)
        rows = index.pile(("urgent", "reply"), limit=3)
        if new:
            text = f"You have {plural(new, 'new message')}. Unread now: {counts_sentence(unread) or 'none'}."
        elif sum(unread.values()):
            text = f"Nothing new since I last looked. Still unread: {counts_sentence(unread)}."
        else:
            text = "No new email. Your inbox is all read."
        if rows:
            text += f" The most pressing is from {brief(rows[0])}."
            self._queue(ctx, rows)
        return ctx.reply(f"{text} {note}".strip(), data=panel(unread, rows))

    @intent("important", "what is important", "what is (urgent|important) [in my (email|inbox|mail)]",
            "(is there|do i have) anything (important|urgent) [in my (email|inbox|mail)]",
            "what (email|mail) (matters|needs me)", help="tell you what matters in your email",
            examples=["what's important?"])
    def important(self, match: IntentMatch, ctx: Any) -> Response | str:
        return self._guard(lambda: self._important(ctx))

    def _important(self, ctx: Any) -> Response:
        note, _ = self._refresh(force=False)
        rows = self.mailbox().index.pile(("urgent", "reply"), limit=20)
        if not rows:
            return ctx.reply(f"Nothing needs you right now. {note}".strip(), data=panel({}, []))
        counts = self.mailbox().index.counts(unread_only=True)
        urgent, rest = counts.get("urgent", 0), counts.get("reply", 0)
        parts = [f"{brief(r)}: {LABELS[r.category]}, {r.reason}" for r in rows[:3]]
        if urgent:
            lead = f"{plural(urgent, 'urgent message')}" + (f" and {rest} more that need a reply." if rest else ".")
        else:
            lead = f"{plural(rest, 'message')} that need{'s' if rest == 1 else ''} a reply."
        more = " Say “read it” to hear the first." if rows else ""
        self._queue(ctx, rows)
        display = lead + "\n" + "\n".join(f"• {p}" for p in parts)
        return ctx.reply(f"{lead} First, {parts[0]}.{more} {note}".strip(), display=display,
                         data=panel(None, rows))

    @intent("summary", "(summarise|summarize) my (inbox|email|mail)", "give me a summary of my (inbox|email|mail)",
            "what is in my inbox", help="summarise your inbox", examples=["summarise my inbox"])
    def summary(self, match: IntentMatch, ctx: Any) -> Response | str:
        return self._guard(lambda: self._summary(ctx))

    def _summary(self, ctx: Any) -> Response:
        note, _ = self._refresh(force=False)
        index = self.mailbox().index
        total, unread = index.counts(), index.counts(unread_only=True)
        if not sum(total.values()):
            return ctx.reply(f"Your inbox is empty. {note}".strip(), data=panel(total))
        top = index.pile(("urgent", "reply"), limit=3)
        text = (f"Your inbox has {plural(sum(total.values()), 'message')}; {sum(unread.values())} unread: "
                f"{counts_sentence(unread) or 'none'}.")
        if top:
            text += " Worth your time: " + join_and([brief(r) for r in top]) + "."
        return ctx.reply(f"{text} {note}".strip(), data=panel(total, top))

    # -- reading ----------------------------------------------------------------------------------
    @intent("read_from", f"read [me] [my] [the] {_MAIL} from {{sender:text}}",
            "read [me] the (email|message) from {sender:text}",
            f"(is there|do i have) [any] {_MAIL} from {{sender:text}}",
            help="read your email aloud", examples=["read my email from Amy"])
    def read_from(self, match: IntentMatch, ctx: Any) -> Response | str:
        def work() -> Response | str:
            self._refresh(force=False)
            rows = self._from(match.slot_text["sender"])
            if not rows:
                return ctx.reply(f"I don't see any email from {match.slot_text['sender'].title()}.")
            self._queue(ctx, rows)
            return self._read(rows[0], ctx, prefix=f"{plural(len(rows), 'message')} from {rows[0].who}. "
                              if len(rows) > 1 else "", listed=rows)
        return self._guard(work)

    def _from(self, who: str, folders: str = "'INBOX'") -> list[Row]:
        words = [w for w in who.lower().split() if w not in ("the", "my")]
        if not words:
            return []
        clause = " AND ".join("(lower(name) LIKE ? OR lower(name) LIKE ? OR sender LIKE ? OR sender LIKE ?)"
                              for _ in words)
        args = [a for w in words for a in (f"{w}%", f"% {w}%", f"{w}%", f"%.{w}%")]
        return self.mailbox().index.query(f"folder IN ({folders}) AND {clause}", args, limit=50)

    @intent("read_pile", "read [me] [my] [the] {pile}", "what are [my] [the] {pile}")
    def read_pile(self, match: IntentMatch, ctx: Any) -> Response | str:
        def work() -> Response | str:
            self._refresh(force=False)
            pile = match.slots["pile"]
            rows = self.mailbox().index.query("folder='INBOX' AND category=?", (pile,), limit=50)
            if not rows:
                return ctx.reply(f"There's nothing in {LABELS[pile]}.")
            self._queue(ctx, rows)
            return self._read(rows[0], ctx, prefix=f"{plural(len(rows), 'message')} in {LABELS[pile]}. ",
                              listed=rows)
        return self._guard(work)

    @intent("read_it", "read (it|that|this) [one|email|message] [to me]", "read [me] my (email|mail)",
            "read [me] the (first|top) one", "open it")
    def read_it(self, match: IntentMatch, ctx: Any) -> Response | str:
        def work() -> Response | str:
            row = self._current(ctx)
            if row is None:
                self._refresh(force=False)
                rows = self.mailbox().index.pile(("urgent", "reply", "info", "bulk", "junk"), limit=50)
                if not rows:
                    return ctx.reply("You have no unread email.")
                self._queue(ctx, rows)
                row = rows[0]
            return self._read(row, ctx)
        return self._guard(work)

    @intent("next", "next [one|email|message]", "(skip|skip it|skip that)", "read the next (one|email|message)",
            "what is the next (email|message)", contextual=True)
    def next(self, match: IntentMatch, ctx: Any) -> Response | str:
        def work() -> Response | str:
            queue, pos = ctx.session.get("queue") or [], int(ctx.session.get("pos", 0)) + 1
            index = self.mailbox().index
            while pos < len(queue):
                row = index.get(int(queue[pos]))
                if row is not None and row.folder == "INBOX":
                    ctx.session["pos"], ctx.session["current"] = pos, row.id
                    return self._read(row, ctx)
                pos += 1
            return ctx.reply("That was the last one." if queue else "Ask me what's important first.")
        return self._guard(work)

    @intent("again", "read it again", "(repeat|repeat that|say that again|read that again)", "again", contextual=True)
    def again(self, match: IntentMatch, ctx: Any) -> Response | str:
        def work() -> Response | str:
            row = self._current(ctx)
            return self._read(row, ctx) if row else ctx.reply("I haven't read you anything yet.")
        return self._guard(work)

    def _read(self, row: Row, ctx: Any, prefix: str = "", listed: Sequence[Row] = ()) -> Response:
        box = self.mailbox()
        ctx.session["current"] = row.id
        raw = box.fetch(row)
        said, shown = read_aloud(row, parse_message(raw, limit=0), ctx.now)
        if not row.seen:
            box.set_seen([row], True, "")
            row = box.index.get(row.id) or row
        if row.invitation:
            return self._read_invitation(ctx, row, raw, prefix + said, prefix + shown, panel(None, listed, row))
        return ctx.reply(prefix + said, display=prefix + shown, data=panel(None, listed, row))
