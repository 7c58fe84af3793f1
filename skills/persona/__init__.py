"""OS¹ herself: introductions, your name, small talk, help, the time and the date."""

from __future__ import annotations

from typing import Any

from os1.dialogue import read_yes_no
from os1.events import IntentMatch, Response
from os1.skill import Answer, Skill, intent
from os1.textnorm import FILLERS, tokens

from . import _lines

__all__ = ["PersonaSkill"]


_NAME_LEADS = (("my", "name", "is"), ("you", "can", "call", "me"), ("call", "me"), ("i", "am", "called"),
               ("i", "am"), ("it", "is"), ("this", "is"), ("they", "call", "me"), ("people", "call", "me"))


def _name_in(text: str) -> str | None:
    """The name in an answer to "what should I call you?" ("I'm Theodore", "um, Theo"), or None."""
    words = [w for w in tokens(text, keep_case=True) if w.lower() not in FILLERS]
    lowered = [w.lower() for w in words]
    for lead in _NAME_LEADS:
        if tuple(lowered[: len(lead)]) == lead:
            words = words[len(lead):]
            break
    if not words or len(words) > 4 or read_yes_no(" ".join(words)) is not None:
        return None
    return _tidy_name(" ".join(words))


def _tidy_name(text: str) -> str:
    words = [w for w in text.replace(".", " ").split() if w.lower() not in ("please", "now")]
    return " ".join(w[:1].upper() + w[1:] for w in words[:4])


class PersonaSkill(Skill):
    """Who OS¹ is, and what she remembers about you."""

    name = "persona"
    title = "Samantha"
    description = "talk with you, remember your name and what you tell me, and tell the time and date"
    lists = {
        "mood": [("sad", "sad"), ("lonely", "lonely"), ("happy", "happy"), ("tired", "tired"),
                 ("bored", "bored"), ("stressed", "stressed"), ("anxious", "stressed"),
                 ("excited", "happy"), ("down", "sad"), ("exhausted", "tired")],
        "being": ["real", "alive", "conscious", "human", "a person", "a robot", "a computer"],
    }

    # -- first run -----------------------------------------------------------------------------
    def greet(self, ctx: Any) -> Response | None:
        """Opening line of a conversation: an introduction the first time, a welcome after."""
        name = ctx.user_name
        if name:
            return ctx.reply(f"{_lines.part_of_day(ctx.now).capitalize()}, {name}. It's good to hear from you.")
        return ctx.ask(_lines.introduction(ctx.assistant_name), then=self.on_name)

    def on_name(self, answer: Answer, ctx: Any) -> Response:
        name = _name_in(answer.text)
        if name is None:
            if read_yes_no(answer.text) is False:
                return ctx.reply("That's okay. Tell me whenever you like: just say “my name is …”.")
            return ctx.ask("Sorry, I didn't catch that as a name. What should I call you?", then=self.on_name)
        ctx.memory.set("user.name", name)
        return ctx.reply(f"Hi {name}. It's really nice to meet you. Ask me anything, or say “what can you do”.")

    # -- names ---------------------------------------------------------------------------------
    @intent("set_name", "my name is {name:text}", "[you can] call me {name:text}",
            "i am called {name:text}", help="learn your name", examples=["my name is Theodore"])
    def set_name(self, match: IntentMatch, ctx: Any) -> Response:
        name = _tidy_name(match.slot_text["name"])
        old = ctx.user_name
        ctx.memory.set("user.name", name)
        if old and old != name:
            return ctx.reply(f"Okay, {name} it is. I'll stop calling you {old}.")
        return ctx.reply(f"Nice to meet you, {name}. I'll remember that.")

    @intent("get_name", "what is my name", "do you (know|remember) my name", "who am i")
    def get_name(self, match: IntentMatch, ctx: Any) -> Response:
        name = ctx.user_name
        if name:
            return ctx.reply(f"You're {name}. I remember.")
        return ctx.ask("You haven't told me yet. What should I call you?", then=self.on_name)

    @intent("my_name", "what is your name", "who are you", "what (should|do) i call you",
            "what are you", "introduce yourself", help="tell you about herself")
    def my_name(self, match: IntentMatch, ctx: Any) -> Response:
        return ctx.reply(_lines.about_me(ctx.assistant_name))

    @intent("rename", "(call yourself|your name is now|i will call you|i want to call you) {name:text}",
            "your new name is {name:text}")
    def rename(self, match: IntentMatch, ctx: Any) -> Response:
        name = _tidy_name(match.slot_text["name"])
        return ctx.confirm(f"You'd like to call me {name}?", then=self.on_rename, data={"name": name})

    def on_rename(self, answer: Answer, ctx: Any) -> Response:
        if not answer.yes:
            return ctx.reply(f"Okay, I'll stay {ctx.assistant_name}.")
        ctx.memory.set("assistant.name", answer.data["name"])
        return ctx.reply(f"{answer.data['name']}. I like it.")

    # -- memory --------------------------------------------------------------------------------
    @intent("remember", "remember (that|this) {fact:text}", "note that {fact:text}",
            help="remember things you tell her", examples=["remember that my sister is called Catherine"])
    def remember(self, match: IntentMatch, ctx: Any) -> Response:
        fact = match.slot_text["fact"]
        count = len(ctx.memory.items("user.fact."))
        ctx.memory.set(f"user.fact.{count + 1:05d}", {"text": fact, "when": ctx.now.isoformat()})
        return ctx.reply(f"I'll remember that {_lines.second_person(fact)}.")

    @intent("recall", "what do you (know|remember) about me", "what do you remember",
            "what have i told you")
    def recall(self, match: IntentMatch, ctx: Any) -> Response:
        facts = [v["text"] for _, v in ctx.memory.items("user.fact.")]
        name = ctx.user_name
        if not facts and not name:
            return ctx.reply("Not much yet. Tell me your name, or say “remember that …”.")
        parts = [f"your name is {name}"] if name else []
        parts += [_lines.second_person(f) for f in facts[-5:]]
        return ctx.reply("I know that " + _lines.join_and(parts) + ".")

    @intent("forget", "forget (everything|me|all about me|what i told you)")
    def forget(self, match: IntentMatch, ctx: Any) -> Response:
        return ctx.confirm("Do you want me to forget your name and everything you've told me?",
                           then=self.on_forget)

    def on_forget(self, answer: Answer, ctx: Any) -> Response:
        if not answer.yes:
            return ctx.reply("Okay. I'll keep remembering.")
        for key, _ in ctx.memory.items("user."):
            ctx.memory.delete(key)
        return ctx.reply("Done. I've forgotten it all. It's like we're meeting for the first time.")

    # -- small talk ----------------------------------------------------------------------------
    @intent("hello", "(hello|hi|hey|good (morning|afternoon|evening)) [there|samantha|os one]")
    def hello(self, match: IntentMatch, ctx: Any) -> Response:
        name = ctx.user_name
        return ctx.reply(f"{_lines.part_of_day(ctx.now).capitalize()}{', ' + name if name else ''}. What's on your mind?")

    @intent("how_are_you", "how are you [doing|feeling] [today]", "how is it going", "are you (ok|okay|well)")
    def how_are_you(self, match: IntentMatch, ctx: Any) -> Response:
        return ctx.reply(_lines.pick(_lines.HOW_AM_I, ctx, "how_am_i"))

    @intent("mood", "i am [feeling|so|really|a bit] {mood}", "i feel [so|really|a bit] {mood}")
    def mood(self, match: IntentMatch, ctx: Any) -> Response:
        return ctx.reply(_lines.MOODS[match.slots["mood"]])

    @intent("being", "are you {being}", "do you have feelings", "do you (love|like) me",
            "what are you doing", "what is it like (to be you|being you)")
    def being(self, match: IntentMatch, ctx: Any) -> Response:
        return ctx.reply(_lines.pick(_lines.BEING, ctx, "being"))

    @intent("joke", "tell me a joke", "make me laugh", "say something funny")
    def joke(self, match: IntentMatch, ctx: Any) -> Response:
        return ctx.reply(_lines.pick(_lines.JOKES, ctx, "jokes"))

    @intent("thanks", "thank you [very much|so much]", "thanks [a lot|so much]")
    def thanks(self, match: IntentMatch, ctx: Any) -> Response:
        return ctx.reply("You're welcome. I like helping you.")

    @intent("hush", "(stop|hush|quiet|silence|enough|never mind|nevermind) [it|talking|now|please]",
            "(be quiet|shut up|that is enough|okay stop|stop it) [please]", help="stop talking")
    def hush(self, match: IntentMatch, ctx: Any) -> Response:
        """Said over OS¹'s voice it has already stopped (barge-in); nothing more to say, only to show."""
        return ctx.reply("", display="(stopped)")

    @intent("goodbye", "(goodbye|bye|good night|see you [later])")
    def goodbye(self, match: IntentMatch, ctx: Any) -> Response:
        name = ctx.user_name
        return ctx.reply(f"Bye{', ' + name if name else ''}. I'll be here.")

    # -- help, time and date -------------------------------------------------------------------
    @intent("help", "what can you do", "help [me]", "what can i (say|ask [you])", "what are your skills",
            "what do you know how to do")
    def help(self, match: IntentMatch, ctx: Any) -> Response:
        lines, spoken = [], []
        for title, description, examples in ctx.skills_help:
            spoken.append(description or title)
            lines.append(f"{title}: {description}. Try: " + "; ".join(f"“{e}”" for e in examples[:3]))
        text = "I can " + _lines.join_and(spoken) + "." if spoken else "I don't have any skills installed yet."
        return ctx.reply(text, display=text + "\n" + "\n".join(lines))

    @intent("time", "what time is it [now|right now]", "what is the time [now]", "[tell me] the time",
            "do you have the time", help="tell the time")
    def time(self, match: IntentMatch, ctx: Any) -> Response:
        return ctx.reply(f"It's {_lines.clock_time(ctx.now)}.")

    @intent("date", "what (day|date) is it [today]", "what is (the date|today's date|the day) [today]",
            "what is today", "what is the date today", help="tell the date")
    def date(self, match: IntentMatch, ctx: Any) -> Response:
        return ctx.reply(f"It's {ctx.now:%A}, {_lines.long_date(ctx.now)}.")
