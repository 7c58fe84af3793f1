"""Reminders, wake-up alarms and timers: set, list, cancel, snooze; firing and missed ones."""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import datetime, time, timedelta
from typing import Any

from os1.events import IntentMatch, Response
from os1.skill import intent
from os1.timeparse import Recurrence, TimePoint, parse_duration

from . import _speak as say
from ._alarms import Alarm, AlarmBook
from ._store import StoreError, friendly
from ._when import read_when, reminder_time, wake_time

__all__ = ["AlarmIntents", "fired_text", "missed_text"]


def fired_text(alarm: Alarm, now: datetime) -> str:
    """What OS¹ says when *alarm* goes off."""
    if alarm.kind == "timer":
        return f"Time's up: your timer for {alarm.text} is done."
    if alarm.kind == "alarm":
        return f"It's {say.clock(alarm.when.astimezone(now.tzinfo))}. Time to wake up."
    return f"Reminder: {alarm.text}."


def missed_text(missed: list[Alarm], now: datetime) -> str:
    """One sentence about alarms that went off while OS¹ was not running."""
    parts = []
    for alarm in missed[:6]:
        at = say.when(alarm.when, now)
        if alarm.kind == "timer":
            parts.append(f"your timer for {alarm.text} ended {at}")
        elif alarm.kind == "alarm":
            parts.append(f"your wake-up alarm was {at}")
        else:
            parts.append(f"a reminder {at} to {alarm.text}")
    more = f", and {len(missed) - 6} more" if len(missed) > 6 else ""
    return f"While I wasn't running, {say.join(parts)}{more}."


class AlarmIntents:
    """The reminder and timer half of the scheduling skill (mixed into SchedulingSkill)."""

    def _book(self, ctx: Any) -> AlarmBook: ...

    def _put(self, alarm: Alarm, ctx: Any, said: str) -> Response:
        try:
            self._book(ctx).put(alarm)
        except StoreError as exc:
            return ctx.reply(str(exc))
        ctx.session["last_alarm"] = alarm.id
        ctx.session["undo"] = {"op": "alarm_add", "id": alarm.id, "title": alarm.text}
        return ctx.reply(said, data={"alarms": say.alarm_panel(self._book(ctx).pending(), ctx.now)})

    @intent("remind", "remind me to {task:text} {when:datetime}", "remind me {when:datetime} to {task:text}",
            "remind me (about|of) {task:text} {when:datetime}", "remind me to {task:text}",
            help="remind you of things", examples=["remind me to call Catherine in twenty minutes"])
    @friendly
    def remind(self, match: IntentMatch, ctx: Any) -> Response:
        task = _second_person(match.slot_text["task"])
        if "when" not in match.slot_text:
            return ctx.ask(f"When should I remind you to {task}?", then=self.on_remind_time, data={"task": task})
        return self._remind_at(task, match.slot_text["when"], ctx)

    @friendly
    def on_remind_time(self, answer: Any, ctx: Any) -> Response:
        return self._remind_at(answer.data["task"], answer.text, ctx)

    def _remind_at(self, task: str, when_text: str, ctx: Any) -> Response:
        reading = read_when(when_text, ctx.now)
        if reading.expr is None:
            return ctx.reply(reading.problem)
        hour, minute = (int(x) for x in str(ctx.settings.get("morning", "09:00")).split(":"))
        due = reminder_time(reading.expr, ctx.now, time(hour, minute))
        if due is None or due <= ctx.now:
            return ctx.ask(f"“{when_text}” has already passed. When should I remind you?",
                           then=self.on_remind_time, data={"task": task})
        rrule = reading.expr.rrule if isinstance(reading.expr, Recurrence) else ""
        alarm = Alarm.new("reminder", task, due, rrule)
        every = " and again each time after that" if rrule else ""
        return self._put(alarm, ctx, f"Okay, I'll remind you to {alarm.text} {say.when(due, ctx.now)}{every}.")

    @intent("wake", "wake me [up] [at] {when:datetime}", "set [an|my] alarm (for|at) {when:datetime}",
            "set [an|my] alarm {when:datetime}", help="wake you up", examples=["wake me up at seven"])
    @friendly
    def wake(self, match: IntentMatch, ctx: Any) -> Response:
        reading = read_when(match.slot_text["when"], ctx.now)
        if reading.expr is None:
            return ctx.reply(reading.problem)
        expr = reading.expr
        if not isinstance(expr, TimePoint) or expr.grain not in ("hour", "minute", "second"):
            return ctx.reply("What time should I wake you? Say something like “wake me up at 7”.")
        due = wake_time(expr, ctx.now)
        return self._put(Alarm.new("alarm", "wake up", due), ctx,
                         f"Okay, I'll wake you {say.when(due, ctx.now)}.")

    @intent("timer", "set a timer for {length:duration}", "set a {length:duration} timer",
            "(start|create) a timer for {length:duration}", "timer for {length:duration}",
            "{length:duration} timer", "set [a] timer {length:duration}",
            help="set timers", examples=["set a timer for ten minutes"])
    @friendly
    def timer(self, match: IntentMatch, ctx: Any) -> Response:
        said = match.slot_text["length"]
        length = parse_duration(said)
        if length is None or length.total_seconds <= 0:
            return ctx.reply(f"I couldn't tell how long “{said}” is. Try “set a timer for ten minutes”.")
        if length.total_seconds > 7 * 86400:
            return ctx.reply("That's longer than a week; a reminder would suit it better.")
        name = say.length(length.total_seconds)
        due = ctx.now + timedelta(seconds=length.total_seconds)
        alarm = Alarm.new("timer", name, due, seconds=length.total_seconds)
        return self._put(alarm, ctx, f"Timer set for {name}.")

    @intent("time_left", "how (long|much time) is left [on (the|my) timer]", "how long (until|till) (the|my) timer [goes off]",
            "how long is left", "how is my timer [doing]")
    @friendly
    def time_left(self, match: IntentMatch, ctx: Any) -> Response:
        timers = self._book(ctx).pending("timer")
        if not timers:
            return ctx.reply("You don't have a timer running.")
        parts = [f"{say.length((t.when - ctx.now).total_seconds())} left on your timer for {t.text}" for t in timers[:3]]
        return ctx.reply(say.join(parts).capitalize() + ".")

    @intent("alarms", "what (reminders|alarms|timers) do i have", "(list|show) [me] my (reminders|alarms|timers)",
            "what are my (reminders|alarms|timers)")
    @friendly
    def list_alarms(self, match: IntentMatch, ctx: Any) -> Response:
        pending = self._book(ctx).pending()
        if not pending:
            return ctx.reply("You have no reminders, alarms or timers set.", data={"alarms": say.alarm_panel([], ctx.now)})
        parts = [f"{_name(a)} {say.when(a.when, ctx.now)}" for a in pending[:8]]
        return ctx.reply(f"You have {say.join(parts)}.", data={"alarms": say.alarm_panel(pending, ctx.now)})

    @intent("cancel_alarm", "(cancel|stop|delete|remove|turn off) (the|my) (timer|alarm|reminder)",
            "(cancel|delete|remove) [the|my] reminder (to|about) {task:text}",
            "(cancel|delete|remove|stop) all [of] [the|my] (timers|alarms|reminders)")
    @friendly
    def cancel_alarm(self, match: IntentMatch, ctx: Any) -> Response:
        words = match.text.split()
        kind = next((k for k in ("timer", "alarm", "reminder") if k in words or k + "s" in words), "reminder")
        pending = self._book(ctx).pending("alarm" if kind == "alarm" else kind)
        if "task" in match.slot_text:
            wanted = set(match.slot_text["task"].lower().split())
            pending = [a for a in pending if wanted & set(a.text.lower().split())]
        if not pending:
            return ctx.reply(f"You don't have a {kind} set.")
        chosen = pending if "all" in words else pending[:1]
        book = self._book(ctx)
        try:
            rest = [a for a in book.all() if a.id not in {c.id for c in chosen}]
            book.write([*rest, *(replace(c, state="cancelled") for c in chosen)])
        except StoreError as exc:
            return ctx.reply(str(exc))
        ctx.session["undo"] = {"op": "alarm_restore", "alarms": [asdict(c) for c in chosen], "title": kind}
        what = f"{len(chosen)} {kind}s" if len(chosen) > 1 else f"your {_name(chosen[0]).removesuffix(' ending')}"
        return ctx.reply(f"Cancelled {what}. Say “undo” to bring it back.")

    @intent("snooze", "snooze [it|that]", "snooze [it|that] for {length:duration}", "remind me again in {length:duration}",
            help="snooze a reminder", examples=["snooze"])
    @friendly
    def snooze(self, match: IntentMatch, ctx: Any) -> Response:
        book = self._book(ctx)
        fired = [a for a in book.all() if a.fired and a.state in ("done", "missed")]
        last = ctx.session.get("last_fired")
        recent = [a for a in fired if a.id == last] or sorted(fired, key=lambda a: a.fired)[-1:]
        if not recent:
            return ctx.reply("There's nothing to snooze right now.")
        said = match.slot_text.get("length")
        length = parse_duration(said) if said else None
        seconds = length.total_seconds if length else 60 * float(ctx.settings.get("snooze_minutes", 9))
        due = ctx.now + timedelta(seconds=seconds)
        again = replace(recent[0], due=due.isoformat(), state="pending", fired="")
        return self._put(again, ctx, f"Snoozed for {say.length(seconds)}. I'll remind you at {say.clock(due)}.")

    def _undo_alarm(self, step: dict[str, Any], ctx: Any) -> str:
        book = self._book(ctx)
        if step["op"] == "alarm_add":
            alarm = book.get(step["id"])
            if alarm is not None:
                book.put(replace(alarm, state="cancelled"))
            return "Undone: I won't remind you of that."
        if step["op"] == "alarm_restore":
            for data in step["alarms"]:
                book.put(Alarm(**data))
            return f"Undone: your {step['title']} is back."
        return "There's nothing for me to undo."


def _name(alarm: Alarm) -> str:
    if alarm.kind == "timer":
        return f"timer for {alarm.text} ending"
    if alarm.kind == "alarm":
        return "wake-up alarm"
    return f"reminder to {alarm.text}"


def _second_person(task: str) -> str:
    swaps = {"my": "your", "me": "you", "i": "you", "mine": "yours", "myself": "yourself"}
    return " ".join(swaps.get(w.lower(), w) for w in task.split())
