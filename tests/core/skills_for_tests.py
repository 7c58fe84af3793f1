"""Small skills that exercise the runtime: follow-up questions, failures, hangs."""

from __future__ import annotations

import threading
import time

from os1.skill import Skill, intent

RELEASE = threading.Event()
"""Set by a test to let the hanging handler finish."""


class ShopSkill(Skill):
    """Asks every kind of follow-up question."""

    name = "shop"
    title = "Shop"
    description = "buy fruit"
    lists = {"fruit": ["apples", "pears", ("blood oranges", "oranges")]}

    @intent("buy", "buy [some] {fruit}", help="buy fruit")
    def buy(self, match, ctx):
        ctx.session["last"] = match.slots["fruit"]
        return ctx.confirm(f"Buy {match.slots['fruit']}?", then=self.on_buy, data={"fruit": match.slots["fruit"]})

    def on_buy(self, answer, ctx):
        if answer.yes:
            ctx.memory.set("shop.bought", answer.data["fruit"])
            return ctx.reply(f"Bought {answer.data['fruit']}.")
        return ctx.reply("Okay, not buying anything.")

    @intent("pick", "pick a fruit")
    def pick(self, match, ctx):
        return ctx.choose("Which fruit?", ["apples", "pears", "oranges"], then=self.on_pick)

    def on_pick(self, answer, ctx):
        return ctx.reply(f"You picked {['apples', 'pears', 'oranges'][answer.choice]}.")

    @intent("note", "take a note")
    def note(self, match, ctx):
        return ctx.ask("What should the note say?", then="on_note")

    def on_note(self, answer, ctx):
        return ctx.reply(f"Noted: {answer.text}.")

    @intent("last", "what did i buy last")
    def last(self, match, ctx):
        return ctx.reply(f"You last asked about {ctx.session.get('last', 'nothing')}.")


class CrashSkill(Skill):
    name = "crash"
    title = "Crashy"

    @intent("boom", "make it explode")
    def boom(self, match, ctx):
        raise RuntimeError("kaboom")

    @intent("wrong", "return nonsense")
    def wrong(self, match, ctx):
        return 42


class HangSkill(Skill):
    name = "hang"
    title = "Sleepy"
    timeout = 0.3

    @intent("sleep", "go to sleep")
    def sleep(self, match, ctx):
        RELEASE.wait(30)
        return ctx.reply("Woke up.")


class BadStartSkill(Skill):
    name = "badstart"
    title = "Broken start"

    def start(self):
        raise OSError("database locked")

    @intent("use", "use the broken thing")
    def use(self, match, ctx):
        return ctx.reply("never")


class BadTemplateSkill(Skill):
    name = "badtemplate"

    @intent("oops", "this (is broken")
    def oops(self, match, ctx):
        return "never"


class SlowSkill(Skill):
    name = "slow"

    @intent("slow", "do the slow thing")
    def slow(self, match, ctx):
        time.sleep(0.05)
        return ctx.reply("Done slowly.")


class MailLikeSkill(Skill):
    name = "mail"

    @intent("open", "open my mail")
    def open(self, match, ctx):
        ctx.session["open"] = True
        return ctx.reply("Mail open.")

    @intent("delete", "delete (it|that)", contextual=True)
    def delete(self, match, ctx):
        return ctx.reply("Deleted the email.")


class CalendarLikeSkill(Skill):
    name = "calendar"

    @intent("open", "open my calendar")
    def open(self, match, ctx):
        ctx.session["open"] = True
        return ctx.reply("Calendar open.")

    @intent("delete", "delete (it|that)", contextual=True)
    def delete(self, match, ctx):
        return ctx.reply("Deleted the event.")
