"""What the email skill changes: deleting, archiving, marking, replying, corrections and undo.

A mixin of :class:`~._skill.EmailSkill` (kept apart so each module stays readable). Every change
here can be undone except emptying the trash, which is asked about first and says so.
"""

from __future__ import annotations

from typing import Any

from os1.events import IntentMatch, Response
from os1.skill import Answer, intent

from ._config import MailError
from ._index import Row
from ._send import compose_reply, deliver, tidy_dictation
from ._speech import panel, plural
from ._triage import LABELS

__all__ = ["Actions"]

_IT = "(it|that|this) [one|email|message]"


class Actions:
    """Intents that change the mailbox or what OS¹ remembers about senders."""

    # provided by EmailSkill
    mailbox: Any
    _guard: Any
    _current: Any
    _from: Any
    _refresh: Any
    _revert_calendar: Any

    def _need_current(self, ctx: Any) -> Row:
        row = self._current(ctx)
        if row is None:
            raise MailError("Which message? Ask me what's important, or to read your email, first.")
        return row

    # -- moving -----------------------------------------------------------------------------------
    def _move(self, ctx: Any, rows: list[Row], to: str, label: str, done: str) -> Response:
        moved, problem = self.mailbox().move(rows, to, label)
        text = done.replace("{n}", plural(moved, "message")) + (" Say “undo” to put it back." if moved else "")
        if problem:
            text += f" I stopped after {moved}: {problem}"
        return ctx.reply(text, data=panel(self.mailbox().index.counts()))

    @intent("delete", f"delete {_IT}", "(trash|bin) (it|that|this)", "delete (the|this|that) (email|message)", help="delete, archive or undo",
            examples=["delete that", "archive the newsletters", "undo"], contextual=True)
    def delete(self, match: IntentMatch, ctx: Any) -> Response | str:
        def work() -> Response:
            row = self._need_current(ctx)
            if row.folder == "Trash":
                return ctx.reply("It's already in Trash. Say “empty the trash” to delete it for good.")
            return self._move(ctx, [row], "Trash", "deleting a message", f"Moved {row.who}'s message to Trash.")
        return self._guard(work)

    @intent("delete_pile", "delete (the|all the|all|all my|my) {pile}", "(trash|bin) (the|all the) {pile}")
    def delete_pile(self, match: IntentMatch, ctx: Any) -> Response | str:
        def work() -> Response:
            pile = match.slots["pile"]
            self._refresh(force=False)
            rows = self.mailbox().index.query("folder='INBOX' AND category=?", (pile,), limit=100_000)
            if not rows:
                return ctx.reply(f"There's nothing in {LABELS[pile]} to delete.")
            return ctx.confirm(f"Move {plural(len(rows), 'message')} in {LABELS[pile]} to Trash? You can undo it.",
                               then=self.on_delete_pile, data={"pile": pile, "ids": [r.id for r in rows]})
        return self._guard(work)

    def on_delete_pile(self, answer: Answer, ctx: Any) -> Response | str:
        if not answer.yes:
            return ctx.reply("Okay, I've left them alone.")
        pile = answer.data["pile"]

        def work() -> Response:
            index = self.mailbox().index
            rows = [r for r in (index.get(i) for i in answer.data["ids"]) if r is not None and r.folder == "INBOX"]
            return self._move(ctx, rows, "Trash", f"deleting the {LABELS[pile]}", "Moved {n} to Trash.")
        return self._guard(work)

    @intent("archive", f"archive {_IT}", "file (it|that|this) [away]", contextual=True)
    def archive(self, match: IntentMatch, ctx: Any) -> Response | str:
        def work() -> Response:
            row = self._need_current(ctx)
            return self._move(ctx, [row], "Archive", "archiving a message", f"Archived {row.who}'s message.")
        return self._guard(work)

    @intent("archive_pile", "archive (the|all the|all|all my|my) {pile}")
    def archive_pile(self, match: IntentMatch, ctx: Any) -> Response | str:
        def work() -> Response:
            pile = match.slots["pile"]
            self._refresh(force=False)
            rows = self.mailbox().index.query("folder='INBOX' AND category=?", (pile,), limit=100_000)
            if not rows:
                return ctx.reply(f"There's nothing in {LABELS[pile]} to archive.")
            return self._move(ctx, rows, "Archive", f"archiving the {LABELS[pile]}", "Archived {n}.")
        return self._guard(work)

    @intent("move_to", "move (it|that|this) to [the] {folder}", "put (it|that|this) in [the] {folder}", contextual=True)
    def move_to(self, match: IntentMatch, ctx: Any) -> Response | str:
        def work() -> Response:
            row, folder = self._need_current(ctx), match.slots["folder"]
            if row.folder == folder:
                return ctx.reply(f"It's already in {folder.lower()}.")
            if folder == "Junk" and row.sender:  # a move teaches triage, like the person's own mail program
                self.mailbox().correct(row.sender, row.name, "marking a sender as junk", verdict="junk")
            elif row.category == "junk" and folder == "INBOX" and row.sender:
                self.mailbox().correct(row.sender, row.name, "marking a sender as not junk", verdict="not_junk")
            return self._move(ctx, [row], folder, f"moving a message to {folder}", f"Moved it to {folder}.")
        return self._guard(work)

    @intent("empty_trash", "empty [the|my] trash", "delete everything in [the|my] trash [for good]")
    def empty_trash(self, match: IntentMatch, ctx: Any) -> Response | str:
        def work() -> Response:
            count = len(self.mailbox().index.query("folder='Trash'", limit=1_000_000))
            return ctx.confirm(f"Delete everything in Trash for good{f' ({count} messages I moved there, and any others)' if count else ''}? "
                               "This can't be undone.", then=self.on_empty)
        return self._guard(work)

    def on_empty(self, answer: Answer, ctx: Any) -> Response | str:
        if not answer.yes:
            return ctx.reply("Okay, Trash stays as it is.")
        return self._guard(lambda: ctx.reply(f"Done: {plural(self.mailbox().empty('Trash'), 'message')} "
                                             "deleted for good."))

    # -- marking ----------------------------------------------------------------------------------
    @intent("mark_read", "mark (it|that|this) [as] read", "mark (the|all the|all) {pile} [as] read")
    def mark_read(self, match: IntentMatch, ctx: Any) -> Response | str:
        return self._guard(lambda: self._mark(match, ctx, True))

    @intent("mark_unread", "mark (it|that|this) [as] (unread|not read|new)", "keep (it|that) unread")
    def mark_unread(self, match: IntentMatch, ctx: Any) -> Response | str:
        return self._guard(lambda: self._mark(match, ctx, False))

    def _mark(self, match: IntentMatch, ctx: Any, seen: bool) -> Response:
        pile = match.slots.get("pile")
        if pile:
            self._refresh(force=False)
            rows = self.mailbox().index.query("folder='INBOX' AND category=? AND seen=?", (pile, int(not seen)),
                                              limit=100_000)
        else:
            rows = [self._need_current(ctx)]
        word = "read" if seen else "unread"
        self.mailbox().set_seen(rows, seen, f"marking {plural(len(rows), 'message')} as {word}")
        return ctx.reply(f"Marked {plural(len(rows), 'message') if pile else 'it'} as {word}.")

    # -- replying ---------------------------------------------------------------------------------
    @intent("reply_to", "reply to {sender:text} (saying|and say|to say) {body:text}",
            "write back to {sender:text} (saying|and say) {body:text}",
            help="reply to email", examples=["reply to Amy saying I'll be there at eight"])
    def reply_to(self, match: IntentMatch, ctx: Any) -> Response | str:
        def work() -> Response:
            self._refresh(force=False)
            rows = self._from(match.slot_text["sender"], "'INBOX','Archive'")
            if not rows:
                return ctx.reply(f"I don't see any email from {match.slot_text['sender'].title()} to reply to.")
            return self._draft(ctx, rows[0], match.slot_text["body"])
        return self._guard(work)

    @intent("reply_current", "reply [to (it|that|this|them|him|her)] (saying|and say) {body:text}",
            "answer (it|that|them|him|her) (saying|and say) {body:text}", contextual=True)
    def reply_current(self, match: IntentMatch, ctx: Any) -> Response | str:
        return self._guard(lambda: self._draft(ctx, self._need_current(ctx), match.slot_text["body"]))

    def _draft(self, ctx: Any, row: Row, words: str) -> Response:
        body = tidy_dictation(words)
        compose_reply(self.mailbox().fetch(row, 256 * 1024), body, self.mailbox().config)  # fails early if it can't
        return ctx.confirm(f"Here's your reply to {row.who}: “{body}” Shall I send it?", then=self.on_reply,
                           data={"row": row.id, "body": body})

    def on_reply(self, answer: Answer, ctx: Any) -> Response | str:
        def work() -> Response:
            box = self.mailbox()
            row = box.index.get(int(answer.data["row"]))
            if row is None:
                return ctx.reply("That message is gone from your mailbox, so I can't reply to it.")
            msg = compose_reply(box.fetch(row, 256 * 1024), answer.data["body"], box.config)
            if not answer.yes:
                box.save("Drafts", msg.as_bytes(), "D")
                return ctx.reply("Okay, I didn't send it. It's saved in your drafts.")
            deliver(msg, box)
            box.index.bump_people({row.sender: (row.name, 1, 1)})
            return ctx.reply(f"Sent to {row.who}.")
        return self._guard(work)

    # -- corrections and undo -----------------------------------------------------------------------
    def _correct(self, ctx: Any, label: str, said: str, **fields: Any) -> Response:
        row = self._need_current(ctx)
        if not row.sender:
            return ctx.reply("That message has no sender address, so I can't remember that about them.")
        changed = self.mailbox().correct(row.sender, row.name, label, **fields)
        now = self.mailbox().index.get(row.id) or row
        return ctx.reply(f"{said.replace('{who}', row.who)} I've re-sorted {plural(changed, 'message')} from them; this "
                         f"one is now {LABELS[now.category]}.", data=panel(None, [], now))

    @intent("said_not_junk", "(that|it|this) is not (junk|spam)", "(that|it|this) (was not|is not) junk mail",
            "not junk", contextual=True)
    def said_not_junk(self, match: IntentMatch, ctx: Any) -> Response | str:
        return self._guard(lambda: self._correct(ctx, "a junk correction", "Got it: {who} isn't junk.",
                                                 verdict="not_junk"))

    @intent("said_junk", "(that|it|this) is (junk|spam)", "mark (it|that|this) as (junk|spam)", contextual=True)
    def said_junk(self, match: IntentMatch, ctx: Any) -> Response | str:
        return self._guard(lambda: self._correct(ctx, "a junk correction", "Okay, mail from {who} is junk.",
                                                 verdict="junk"))

    @intent("said_newsletter", "(that|it|this) is a (newsletter|notification)", contextual=True)
    def said_newsletter(self, match: IntentMatch, ctx: Any) -> Response | str:
        return self._guard(lambda: self._correct(ctx, "a newsletter correction",
                                                 "Okay, I'll file {who} with newsletters.", verdict="bulk"))

    @intent("said_not_newsletter", "(that|it|this) is not a (newsletter|notification)", contextual=True)
    def said_not_newsletter(self, match: IntentMatch, ctx: Any) -> Response | str:
        return self._guard(lambda: self._correct(ctx, "a newsletter correction",
                                                 "Okay, {who} isn't a newsletter.", verdict="not_bulk"))

    @intent("is_important", "(that|it|this) is important", "(that|this) (one|sender) matters", contextual=True)
    def is_important(self, match: IntentMatch, ctx: Any) -> Response | str:
        return self._guard(lambda: self._correct(ctx, "marking a sender as important",
                                                 "Noted: {who} is important to you.", important=1))

    @intent("sender_important", "{sender:text} is (important|very important)",
            "mark {sender:text} as important", "(email|mail) from {sender:text} is important")
    def sender_important(self, match: IntentMatch, ctx: Any) -> Response | str:
        def work() -> Response:
            said = match.slot_text["sender"]
            self._refresh(force=False)
            rows = [r for r in self._from(said, "'INBOX','Archive','Trash'") if r.sender]
            if not rows:
                return ctx.reply(f"I don't know anyone called {said.title()} in your email yet.")
            changed = self.mailbox().correct(rows[0].sender, rows[0].name, "marking a sender as important",
                                             important=1)
            return ctx.reply(f"Noted: {rows[0].who} is important to you. I've re-sorted "
                             f"{plural(changed, 'message')} from them.")
        return self._guard(work)

    @intent("why", "why (is|was) (that|it|this) [one] (important|urgent|junk|here|there)", "why that one", contextual=True)
    def why(self, match: IntentMatch, ctx: Any) -> Response | str:
        def work() -> Response:
            row = self._need_current(ctx)
            return ctx.reply(f"It's {LABELS[row.category]}: it's {row.reason}.")
        return self._guard(work)

    @intent("undo", "undo [that|it|the last (change|thing)]", "put (it|them) back",
            "undo (that|the) (delete|archive|email change)", "put (it|them) back in [my] inbox", contextual=True)
    def undo(self, match: IntentMatch, ctx: Any) -> Response | str:
        def work() -> Response:
            label = self.mailbox().undo(calendar=self._revert_calendar(ctx))
            return ctx.reply(f"Undone: {label}." if label else "There's nothing to undo.",
                             data=panel(self.mailbox().index.counts()))
        return self._guard(work)
