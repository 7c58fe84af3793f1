"""Calendar requests: what's on, am I free, add, move, cancel, next, undo."""

from __future__ import annotations

import dataclasses
from datetime import datetime, time, timedelta
from typing import Any

from os1.events import IntentMatch, Response
from os1.skill import Answer, intent
from os1.textnorm import tokens
from os1.timeparse import Interval, OpenInterval, Recurrence, TimePoint, parse, span_of

from . import _speak as say
from ._agenda import STOP_WORDS, Agenda
from ._invite import revert
from ._model import Event, Occurrence, from_json, new_uid, to_json
from ._store import StoreError, friendly
from ._when import has_day, read_when, span_for, split_title

__all__ = ["CalendarIntents"]

_GENERIC = frozenset("meeting appointment event thing one".split())
SHOWN = 100
"""Occurrences an agenda answer lists on screen and in its data (the count covers them all)."""


class CalendarIntents:
    """The calendar half of the scheduling skill (mixed into SchedulingSkill)."""

    # provided by SchedulingSkill
    def _store(self, ctx: Any) -> Any: ...
    def _agenda(self, ctx: Any) -> Agenda: ...
    def _default_length(self, ctx: Any) -> timedelta: ...

    # -- reading -------------------------------------------------------------------------------
    @intent("agenda", "what is (on|happening|planned) [for|on] {when:datetime}",
            "what is on (my calendar|my schedule|my agenda) [for] {when:datetime}",
            "what do i have [on|going on|planned] {when:datetime}", "what is on [my calendar|my schedule]",
            "do i have anything [on|planned] {when:datetime}", "what am i doing {when:datetime}",
            "what have i got [on] {when:datetime}",
            "what is my (schedule|calendar|agenda) [for|on] {when:datetime}", "what is my (schedule|calendar|agenda)",
            "(show|read) [me] my (calendar|schedule|agenda) [for] {when:datetime}",
            help="tell you what's on", examples=["what's on tomorrow?"])
    @friendly
    def agenda(self, match: IntentMatch, ctx: Any) -> Response:
        text = match.slot_text.get("when", "today")
        reading = read_when(text, ctx.now)
        if reading.expr is None:
            return ctx.reply(reading.problem)
        start, end = span_of(reading.expr)
        if isinstance(reading.expr, TimePoint) and reading.expr.grain in ("hour", "minute", "second"):
            end = start + timedelta(hours=1)
        found = self._agenda(ctx).between(start, end)
        multi_day = end - start > timedelta(days=1)
        lines = say.agenda_lines(found[:12], ctx.now, multi_day)
        data = {"agenda": {"summary": f"{len(found)} event{'s' if len(found) != 1 else ''} {_range_words(text)}",
                           "lines": lines, "items": [_row(o) for o in found[:SHOWN]], "total": len(found)}}
        if not found:
            return ctx.reply(f"Nothing's planned {_range_words(text)}. It's all yours.", data=data)
        more = f", and {len(found) - 12} more" if len(found) > 12 else ""
        count = "one thing" if len(found) == 1 else f"{len(found)} things"
        ctx.session["last_event"] = found[0].event.uid
        spoken = f"You have {count} {_range_words(text)}: {say.join(lines)}{more}."
        listing = "\n".join("  • " + line for line in say.agenda_lines(found[:SHOWN], ctx.now, multi_day))
        if len(found) > SHOWN:
            listing += f"\n  … and {len(found) - SHOWN} more"
        return ctx.reply(spoken, display=f"{spoken}\n{listing}" if len(found) > 1 else None, data=data)

    @intent("free", "am i (free|available|busy) {when:datetime}", "do i have [any] time {when:datetime}",
            "(when|what time) am i free {when:datetime}", "find [me] (a free slot|free time|some time|time) {when:datetime}",
            help="check when you're free", examples=["am I free Thursday afternoon?"])
    @friendly
    def free(self, match: IntentMatch, ctx: Any) -> Response:
        text = match.slot_text["when"]
        reading = read_when(text, ctx.now)
        if reading.expr is None:
            return ctx.reply(reading.problem)
        expr = reading.expr
        start, end = span_of(expr)
        if isinstance(expr, TimePoint) and expr.grain in ("hour", "minute", "second"):
            end = start + self._default_length(ctx)
        agenda = self._agenda(ctx)
        busy = agenda.conflicts(start, end)
        if not busy:
            return ctx.reply(f"Yes, you're free {_range_words(text)}.", data={"agenda": []})
        first, last = (_clock_setting(ctx, key, default) for key, default in (("day_start", "08:00"), ("day_end", "20:00")))
        gaps = agenda.free_in_hours(max(start, ctx.now), end, timedelta(minutes=30), first, last)
        clash = say.join([f"{o.title} {say.span(o.start, o.end, ctx.now)}" for o in busy[:3]])
        free_text = ""
        if gaps:
            several_days = end - start > timedelta(days=1)
            spans = [(f"{say.day_words(a.astimezone(ctx.tz), ctx.now).removeprefix('on ')} " if several_days else "")
                     + say.span(a, b, ctx.now) for a, b in gaps[:3]]
            free_text = " You're free " + say.join(spans) + "."
        return ctx.reply(f"Not completely: you have {clash}.{free_text}", data={"agenda": [_row(o) for o in busy]})

    @intent("next", "when is my next {what:text}", "what is [my] next [meeting|appointment|event] [on my calendar]",
            "when is my {what:text}", "what is next [on my calendar]",
            help="tell you what's next", examples=["when is my next meeting?"])
    @friendly
    def next_event(self, match: IntentMatch, ctx: Any) -> Response:
        what = match.slot_text.get("what", "")
        words = [w for w in tokens(what) if w not in _GENERIC]
        found = self._agenda(ctx).upcoming(ctx.now, 1, words)
        if not found:
            thing = f"“{what}”" if words else "coming up"
            return ctx.reply(f"I can't find anything {thing} in your calendar." if words
                             else "There's nothing coming up in your calendar.")
        occ = found[0]
        ctx.session["last_event"] = occ.event.uid
        return ctx.reply(f"{occ.title}, {say.when(occ.start, ctx.now, occ.event.all_day)}.",
                         data={"agenda": [_row(occ)]})

    # -- adding --------------------------------------------------------------------------------
    @intent("add", "add {title:text} {when:datetime}", "add {title:text} to my calendar {when:datetime}",
            "add {title:text} {when:datetime} to my calendar", "(schedule|book) {title:text} {when:datetime}",
            "put {title:text} (in|on) my calendar {when:datetime}", "add {title:text} [to my calendar]",
            help="add things to your calendar", examples=["add lunch with Amy on Friday at noon"])
    @friendly
    def add(self, match: IntentMatch, ctx: Any) -> Response:
        title = _tidy(match.slot_text["title"])
        if "when" not in match.slot_text:
            return ctx.ask(f"When is {title}?", then=self.on_add_time, data={"title": title})
        title, when_text = split_title(title, match.slot_text["when"], ctx.now)
        return self._add_at(title, when_text, ctx)

    @friendly
    def on_add_time(self, answer: Answer, ctx: Any) -> Response:
        return self._add_at(answer.data["title"], answer.text, ctx)

    def _add_at(self, title: str, when_text: str, ctx: Any) -> Response:
        reading = read_when(when_text, ctx.now)
        if reading.expr is None:
            return ctx.reply(reading.problem)
        span = span_for(reading.expr, self._default_length(ctx))
        if span is None:
            return ctx.ask(f"What time {_range_words(when_text)}?", then=self.on_add_time_in,
                           data={"title": title, "day": when_text})
        start, end, all_day = span
        rrule = reading.expr.rrule if isinstance(reading.expr, Recurrence) else ""
        event = Event(new_uid(), title, start, end, all_day, rrule)
        clashes = [] if all_day else self._agenda(ctx).conflicts(start, end)
        if clashes:
            names = say.join([f"{o.title} {say.span(o.start, o.end, ctx.now)}" for o in clashes[:2]])
            return ctx.confirm(f"That overlaps with {names}. Shall I add {title} anyway?",
                               then=self.on_add_confirm, data={"event": to_json(event)})
        return self._save_new(event, ctx)

    @friendly
    def on_add_time_in(self, answer: Answer, ctx: Any) -> Response:
        return self._add_at(answer.data["title"], f"{answer.text} {answer.data['day']}", ctx)

    @friendly
    def on_add_confirm(self, answer: Answer, ctx: Any) -> Response:
        if not answer.yes:
            return ctx.reply("Okay, I haven't added it.")
        return self._save_new(from_json(answer.data["event"]), ctx)

    def _save_new(self, event: Event, ctx: Any) -> Response:
        try:
            self._store(ctx).add(event)
        except StoreError as exc:
            return ctx.reply(str(exc))
        ctx.session["last_event"] = event.uid
        ctx.session["undo"] = {"op": "add", "uid": event.uid, "title": event.title}
        repeat = " (repeating)" if event.rrule else ""
        at = say.when(event.start, ctx.now, event.all_day)
        if not event.all_day and event.length != self._default_length(ctx):
            at = f"{say.day_words(event.start.astimezone(ctx.tz), ctx.now)} {say.span(event.start, event.end, ctx.now)}"
        return ctx.reply(f"Added {event.title}{repeat}, {at}.",
                         data={"agenda": [_row(Occurrence(event, event.start, event.end))]})

    # -- changing ------------------------------------------------------------------------------
    @intent("move", "(move|reschedule|change|push|postpone) (it|that) to {when:datetime}",
            "(move|reschedule|push|postpone) [my] {what:text} to {when:datetime}",
            "(move|reschedule) [my] {what:text} (for|until) {when:datetime}",
            help="move an event", examples=["move it to one o'clock"])
    @friendly
    def move(self, match: IntentMatch, ctx: Any) -> Response:
        targets = self._targets(match.slot_text.get("what", ""), ctx)
        if isinstance(targets, Response):
            return targets
        data = {"when": match.slot_text["when"], "targets": [_occ_json(o) for o in targets]}
        if len(targets) > 1:
            return ctx.choose("Which one?", [_label(o, ctx.now) for o in targets], then=self.on_move_pick, data=data)
        return self._move(targets[0], match.slot_text["when"], ctx)

    @friendly
    def on_move_pick(self, answer: Answer, ctx: Any) -> Response:
        return self._move(_occ_from(answer.data["targets"][answer.choice or 0]), answer.data["when"], ctx)

    def _move(self, occ: Occurrence, when_text: str, ctx: Any) -> Response:
        if not has_day(when_text):  # "move it to one o'clock": same day, new time
            when_text = f"{when_text} on {occ.start.astimezone(ctx.tz).date().isoformat()}"
        reading = read_when(when_text, ctx.now)
        if reading.expr is None:
            return ctx.reply(reading.problem)
        expr = reading.expr
        if isinstance(expr, TimePoint) and expr.grain == "day":
            local = occ.start.astimezone(ctx.tz)
            expr = parse(f"{local.hour}:{local.minute:02d} on {expr.start.date().isoformat()}", ctx.now)
        if not isinstance(expr, (TimePoint, Interval)) or isinstance(expr, OpenInterval):
            return ctx.reply(f"I couldn't tell when to move {occ.title} to. Try “move it to 3 pm”.")
        delta = expr.start - occ.start
        event = occ.event
        moved = dataclasses.replace(event, start=event.start + delta, end=event.end + delta)
        clashes = self._agenda(ctx).conflicts(occ.start + delta, occ.end + delta, ignore=event.uid)
        data = {"old": to_json(event), "new": to_json(moved)}
        new_when = say.when(occ.start + delta, ctx.now, event.all_day).removeprefix("on ")
        if clashes:
            names = say.join([f"{o.title} {say.span(o.start, o.end, ctx.now)}" for o in clashes[:2]])
            return ctx.confirm(f"Moving {event.title} to {new_when} overlaps with {names}. Move it anyway?",
                               then=self.on_move_confirm, data=data)
        if event.rrule:
            return ctx.confirm(f"{event.title} repeats. Move every one of them by the same amount, "
                               f"starting {new_when}?", then=self.on_move_confirm, data=data)
        return self._replace(from_json(data["old"]), moved, f"Moved {event.title} to {new_when}.", ctx)

    @friendly
    def on_move_confirm(self, answer: Answer, ctx: Any) -> Response:
        if not answer.yes:
            return ctx.reply("Okay, I've left it where it was.")
        new = from_json(answer.data["new"])
        return self._replace(from_json(answer.data["old"]), new,
                             f"Moved {new.title} to {say.when(new.start, ctx.now, new.all_day).removeprefix('on ')}.", ctx)

    def _replace(self, old: Event, new: Event, said: str, ctx: Any) -> Response:
        try:
            self._store(ctx).replace(new)
        except StoreError as exc:
            return ctx.reply(str(exc))
        ctx.session["last_event"] = new.uid
        ctx.session["undo"] = {"op": "replace", "event": to_json(old), "title": old.title}
        return ctx.reply(said + " Say “undo” to change it back.")

    @intent("cancel", "(cancel|delete|remove) [my] {what:text}", "(cancel|delete|remove) (it|that)",
            "(cancel|delete|remove) [my] {what:text} from my calendar",
            help="cancel an event", examples=["cancel my dentist appointment"])
    @friendly
    def cancel(self, match: IntentMatch, ctx: Any) -> Response:
        targets = self._targets(match.slot_text.get("what", ""), ctx)
        if isinstance(targets, Response):
            return targets
        data: dict[str, Any] = {"targets": [_occ_json(o) for o in targets]}
        if len(targets) > 1:
            return ctx.choose("Which one should I cancel?", [_label(o, ctx.now) for o in targets],
                              then=self.on_cancel_pick, data=data)
        return self._cancel_one(targets[0], ctx)

    @friendly
    def on_cancel_pick(self, answer: Answer, ctx: Any) -> Response:
        return self._cancel_one(_occ_from(answer.data["targets"][answer.choice or 0]), ctx)

    def _cancel_one(self, occ: Occurrence, ctx: Any) -> Response:
        if occ.event.rrule:
            return ctx.choose(f"{occ.title} repeats. Cancel just the one {say.when(occ.start, ctx.now)}, "
                              f"or all of them?", ["just that one", "all of them"],
                              then=self.on_cancel_series, data={"target": _occ_json(occ)})
        return self._remove(occ.event, ctx)

    @friendly
    def on_cancel_series(self, answer: Answer, ctx: Any) -> Response:
        occ = _occ_from(answer.data["target"])
        if answer.choice == 1:
            return self._remove(occ.event, ctx)
        event = occ.event
        skipped = dataclasses.replace(event, exdates=(*event.exdates, occ.start))
        return self._replace(event, skipped, f"Cancelled {occ.title} {say.when(occ.start, ctx.now)}; "
                             f"the others stay.", ctx)

    def _remove(self, event: Event, ctx: Any) -> Response:
        try:
            gone = self._store(ctx).remove(event.uid)
        except StoreError as exc:
            return ctx.reply(str(exc))
        ctx.session["undo"] = {"op": "remove", "events": [to_json(e) for e in gone], "title": event.title}
        ctx.session.pop("last_event", None)
        return ctx.reply(f"I've cancelled {event.title}. Say “undo” if that was a mistake.")

    def _targets(self, what: str, ctx: Any) -> list[Occurrence] | Response:
        """Events *what* names ("my dentist appointment"), or the last one talked about for "it"."""
        agenda = self._agenda(ctx)
        words = [w for w in tokens(what) if w not in STOP_WORDS and w not in ("it", "that")]
        if not words:
            uid = ctx.session.get("last_event")
            found = [o for o in agenda.between(ctx.now - timedelta(days=1), ctx.now + timedelta(days=400))
                     if o.event.uid == uid][:1] if uid else []
            if not found:
                return ctx.reply("Which event do you mean? Say its name, like “move my dentist appointment to 3 pm”.")
            return found
        start = ctx.now.replace(hour=0, minute=0, second=0, microsecond=0)
        found = agenda.matching(words, start)
        if not found:
            return ctx.reply(f"I can't find “{what}” in your calendar.")
        return found[:5]

    # -- undo ----------------------------------------------------------------------------------
    @intent("undo", "undo [that|it|the last change]", "put it back", "bring it back", "change it back",
            help="undo the last change", examples=["undo"])
    @friendly
    def undo(self, match: IntentMatch, ctx: Any) -> Response:
        step = ctx.session.pop("undo", None)
        if not step:
            return ctx.reply("There's nothing for me to undo.")
        try:
            return ctx.reply(self._undo_step(step, ctx))
        except StoreError as exc:
            ctx.session["undo"] = step
            return ctx.reply(str(exc))

    def _undo_step(self, step: dict[str, Any], ctx: Any) -> str:
        if step["op"] not in ("add", "remove", "replace"):
            return self._undo_alarm(step, ctx)  # type: ignore[attr-defined]
        back = revert(self._store(ctx), step)
        if step["op"] == "add":
            return f"Undone: {step['title']} is out of your calendar again."
        if step["op"] == "remove":
            ctx.session["last_event"] = step["events"][0]["uid"]
            return f"Undone: {step['title']} is back in your calendar."
        assert back is not None
        return f"Undone: {back.title} is back {say.when(back.start, ctx.now, back.all_day)}."


def _clock_setting(ctx: Any, key: str, default: str) -> time:
    """A "HH:MM" setting as a time (the default when it is missing or malformed)."""
    try:
        hour, minute = (int(x) for x in str(ctx.settings.get(key, default)).split(":"))
        return time(hour, minute)
    except ValueError:
        ctx.log.warning("setting %s = %r is not HH:MM; using %s", key, ctx.settings.get(key), default)
        return time(*(int(x) for x in default.split(":")))


def _tidy(title: str) -> str:
    words = title.split()
    while words and words[0] in ("a", "an", "my"):
        words = words[1:]
    text = " ".join(words) or title
    return text[:1].upper() + text[1:]


def _range_words(text: str) -> str:
    names = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
             "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
             "christmas", "easter"}
    words = " ".join(w.capitalize() if w in names else w for w in text.strip().split())
    return words if words.split()[0] in ("on", "in", "at", "for", "this", "next", "today", "tomorrow",
                                         "tonight", "from", "between") else f"on {words}"


def _row(occ: Occurrence) -> dict[str, Any]:
    return {"title": occ.title, "start": occ.start.isoformat(), "end": occ.end.isoformat(),
            "all_day": occ.event.all_day, "uid": occ.event.uid}


def _occ_json(occ: Occurrence) -> dict[str, Any]:
    return {"event": to_json(occ.event), "start": occ.start.isoformat(), "end": occ.end.isoformat()}


def _occ_from(data: dict[str, Any]) -> Occurrence:
    return Occurrence(from_json(data["event"]), datetime.fromisoformat(data["start"]),
                      datetime.fromisoformat(data["end"]))


def _label(occ: Occurrence, now: datetime) -> str:
    return f"{occ.title} {say.when(occ.start, now, occ.event.all_day)}"
