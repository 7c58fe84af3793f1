"""Tiny plugin skills for the dashboard tests: the kind a third party would write."""

from __future__ import annotations

from typing import Any

from os1.skill import Panel, Skill, intent

EVIL = ("[bold red]bold?[/] [@click=app.quit]click me[/] "
        "\x1b]8;;https://evil.example/\x1b\\a link\x1b]8;;\x1b\\ "
        "\x1b[31mred\x1b[0m \x1b]0;new title\x07 [link=https://x.example]x[/link] :warning: \x07\x08end")
"""Rich markup, a Textual action, an OSC 8 hyperlink, ANSI colour, a title change and raw controls."""


class NotesSkill(Skill):
    """A plugin that declares a panel and fills it."""

    name = "notes"
    title = "Notes"
    description = "keeps sticky notes"
    panels = (Panel("notes", "Sticky notes"),)

    @intent("show", "show my notes", help="show your notes")
    def show(self, match: Any, ctx: Any) -> Any:
        return ctx.reply("You have two notes.", data={
            "notes": {"lines": ["buy oranges", "call Amy"], "summary": "2 notes"},
            "nobody-declared-this": {"lines": ["ignored"]},
        })

    @intent("broken", "break my notes")
    def broken(self, match: Any, ctx: Any) -> Any:
        return ctx.reply("That panel data is not in the panel format.", data={"notes": 42})


class CrashSkill(Skill):
    """A plugin whose handler raises."""

    name = "crashy"
    title = "Crashy"

    @intent("crash", "crash now")
    def crash(self, match: Any, ctx: Any) -> Any:
        raise RuntimeError("boom")


class EvilSkill(Skill):
    """A plugin (think: email) whose reply and panel carry markup and escape sequences."""

    name = "evil"
    title = "Evil mail"
    panels = (Panel("inbox", "Inbox"),)

    @intent("read", "read my mail")
    def read(self, match: Any, ctx: Any) -> Any:
        return ctx.reply(f"Subject: {EVIL}", data={
            "inbox": {"lines": [f"From Amy: {EVIL}"], "summary": EVIL},
        })


class DaySkill(Skill):
    """Three panels like the built-in skills will fill (agenda, inbox, film card), for the look."""

    name = "day"
    title = "Day"
    description = "shows your day"
    panels = (Panel("agenda", "Today"), Panel("inbox", "Inbox"), Panel("film", "Film"))

    @intent("day", "show my day", help="show your day")
    def day(self, match: Any, ctx: Any) -> Any:
        return ctx.reply("Here is your day.", data={
            "agenda": {"lines": ["10:00 Letters for Chris", "13:00 Lunch with Amy", "19:30 Dinner, Catherine"],
                       "summary": "next: 10:00"},
            "inbox": {"lines": ["urgent 1 · reply 3 · later 12", "Paul: Proofs for the book",
                                "Amy: Game night?"], "summary": "16 new"},
            "film": {"lines": ["Her (2013)", "Spike Jonze", "Joaquin Phoenix, Scarlett Johansson"]},
        })


class NudgeSkill(Skill):
    """A plugin that speaks unprompted (like a reminder) once it has been asked to."""

    name = "nudge"
    title = "Nudge"
    panels = (Panel("next", "Next reminder"),)

    def start(self) -> None:
        self.armed = False

    @intent("arm", "nudge me")
    def arm(self, match: Any, ctx: Any) -> Any:
        self.armed = True
        return ctx.reply("I'll nudge you.", data={"next": {"lines": ["stretch, now"]}})

    def due(self, ctx: Any) -> Any:
        if not self.armed:
            return ()
        self.armed = False
        return [ctx.reply("Time to stretch.", data={"next": {"lines": ["nothing due"]}})]
