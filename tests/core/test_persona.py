"""Samantha herself, through the same harness skill authors use."""

from __future__ import annotations

from os1.skills.persona import PersonaSkill

from os1.skillcheck import check_assistant
from os1.testing import Case, SkillHarness

NOW = "2026-11-22T19:05:00"


def harness(tmp_path):
    PersonaSkill.name = "persona"
    return SkillHarness([PersonaSkill], home=tmp_path, now=NOW)


def test_first_run_introduction_then_welcome_back(tmp_path):
    with harness(tmp_path) as h:
        opening = h.start()
        assert "I'm Samantha" in opening.reply and opening.question is not None
        h.check([Case("It's Theodore", reply_contains=["Hi Theodore"])])
        assert h.start().reply == "Good evening, Theodore. It's good to hear from you."


def test_persona_table(tmp_path):
    with harness(tmp_path) as h:
        h.check([
            Case("what time is it", intent="time", reply_contains=["7:05 PM"]),
            Case("Samantha, what's the date today?", intent="date", reply_contains=["Sunday, November 22nd, 2026"]),
            Case("what day is it", intent="date", reply_contains=["Sunday"]),
            Case("what's my name", intent="get_name", asks=True),
            Case("Theodore", reply_contains=["Theodore"]),
            Case("what is my name", reply_contains=["You're Theodore"]),
            Case("my name is Theo", intent="set_name", reply_contains=["Theo it is", "stop calling you Theodore"]),
            Case("who are you", intent="my_name", reply_contains=["I'm Samantha"]),
            Case("how are you", intent="how_are_you"),
            Case("how are you doing today", intent="how_are_you"),
            Case("i am feeling lonely", intent="mood", slots={"mood": "lonely"}, reply_contains=["right here"]),
            Case("I'm so exhausted", intent="mood", slots={"mood": "tired"}),
            Case("are you conscious", intent="being"),
            Case("tell me a joke", intent="joke"),
            Case("thanks a lot", intent="thanks"),
            Case("hello", intent="hello", reply_contains=["Good evening, Theo"]),
            Case("remember that my sister is called Catherine", intent="remember",
                 reply_contains=["your sister is called Catherine"]),
            Case("what do you know about me", intent="recall", reply_contains=["Theo", "Catherine"]),
            Case("call yourself Ada", intent="rename", asks=True),
            Case("no", reply_contains=["stay Samantha"]),
            Case("forget everything", intent="forget", asks=True),
            Case("yes", reply_contains=["forgotten"]),
            Case("what's my name", reply_contains=["haven't told me"], asks=True),
            Case("cancel", reply_contains=["never mind"]),
            Case("goodbye", intent="goodbye"),
            Case("flibbertigibbet", intent="-", reply_contains=["not sure what you mean"]),
        ])


def test_small_talk_varies(tmp_path):
    with harness(tmp_path) as h:
        replies = {h.ask("tell me a joke").reply for _ in range(3)}
        assert len(replies) == 3


def test_help_is_generated_from_the_installed_skills(tmp_path):
    with SkillHarness([], home=tmp_path, now=NOW, discover=True) as h:
        turn = h.ask("what can you do")
        assert turn.intent == "help"
        for _title, description, examples in h.assistant.skills_help():
            assert description in turn.reply and examples[0] in turn.reply


def test_every_persona_sample_routes_home(tmp_path):
    with harness(tmp_path) as h:
        report = check_assistant(h.assistant)
        assert report.sentences > 100 and report.ok, report.text()


def test_stop_and_its_kin_end_the_speech_and_say_nothing(tmp_path):
    """Said over OS¹'s voice (talk-over barge-in hands the words to the recogniser), "stop" must not
    get "I'm not sure what you mean"; it is answered with silence, shown as "(stopped)"."""
    with harness(tmp_path) as h:
        h.check([Case(text, intent="hush", reply_contains=["(stopped)"]) for text in
                 ("stop", "be quiet", "never mind", "shut up please", "that's enough", "Samantha stop", "stop talking")])
        turn = h.assistant.handle("stop")
        assert turn.speech == "" and turn.reply == "(stopped)"


def test_a_turn_speaks_the_skills_spoken_text_not_its_display(tmp_path):
    with harness(tmp_path) as h:
        turn = h.assistant.handle("what can you do")
        assert turn.intent == "help"
        assert turn.reply.startswith(turn.speech) and len(turn.reply) > len(turn.speech)  # display adds examples
        assert "Try:" not in turn.speech
