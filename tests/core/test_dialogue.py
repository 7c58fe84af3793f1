"""Multi-turn conversations: confirmations, choices, free answers, ways out, context."""

from __future__ import annotations

from os1.testing import Case, SkillHarness

from .skills_for_tests import ShopSkill

NOW = "2026-11-22T10:00"


def test_confirmation_yes_and_no(tmp_path):
    with SkillHarness([ShopSkill], home=tmp_path, now=NOW) as h:
        h.check([
            Case("buy apples", intent="buy", slots={"fruit": "apples"}, asks=True, reply_contains=["Buy apples?"]),
            Case("yes please", reply_contains=["Bought apples"], asks=False),
            Case("buy some blood oranges", slots={"fruit": "oranges"}, asks=True),
            Case("nope", reply_contains=["not buying"]),
        ])
        assert h.assistant.memory.get("shop.bought") == "apples"


def test_choice_by_ordinal_number_or_name(tmp_path):
    with SkillHarness([ShopSkill], home=tmp_path, now=NOW) as h:
        h.check([
            Case("pick a fruit", asks=True), Case("the second one", reply_contains=["pears"]),
            Case("pick a fruit", asks=True), Case("3", reply_contains=["oranges"]),
            Case("pick a fruit", asks=True), Case("apples", reply_contains=["apples"]),
            Case("pick a fruit", asks=True), Case("the last one", reply_contains=["oranges"]),
        ])


def test_unclear_answer_is_asked_again_and_cancel_gets_out(tmp_path):
    with SkillHarness([ShopSkill], home=tmp_path, now=NOW) as h:
        h.check([
            Case("buy pears", asks=True),
            Case("purple elephants", reply_contains=["yes or a no"], asks=True),
            Case("never mind", reply_contains=["never mind"], asks=False),
            Case("yes", intent="-"),  # nothing pending any more
        ])


def test_a_new_request_drops_the_question(tmp_path):
    with SkillHarness([ShopSkill], home=tmp_path, now=NOW) as h:
        h.check([Case("pick a fruit", asks=True), Case("take a note", intent="note", asks=True),
                 Case("call the plumber", reply_contains=["Noted: call the plumber"])])


def test_questions_expire(tmp_path):
    with SkillHarness([ShopSkill], home=tmp_path, now=NOW) as h:
        h.check([Case("buy apples", asks=True), Case("yes", now="2026-11-22T11:00", intent="-")])


def test_session_context_carries_between_turns_and_expires(tmp_path):
    with SkillHarness([ShopSkill], home=tmp_path, now=NOW) as h:
        h.check([Case("buy pears"), Case("no"),
                 Case("what did i buy last", reply_contains=["pears"]),
                 Case("what did i buy last", now="2026-11-22T12:00", reply_contains=["nothing"])])


def test_contextual_intents_follow_the_conversation(tmp_path):
    from os1.skillcheck import check_assistant

    from .skills_for_tests import CalendarLikeSkill, MailLikeSkill

    with SkillHarness([MailLikeSkill, CalendarLikeSkill], home=tmp_path, now=NOW) as h:
        h.check([
            Case("delete that", intent="-"),  # neither skill is in the conversation yet
            Case("open my mail"), Case("delete that", skill="mail", reply_contains=["email"]),
            Case("open my calendar"), Case("delete it", skill="calendar", reply_contains=["event"]),
            Case("open my mail"), Case("delete that", skill="mail"),
            Case("delete that", now="2026-11-22T11:00", intent="-"),  # the conversation has lapsed
        ])
        report = check_assistant(h.assistant)
        assert report.ok and report.by_context > 0, report.text()


def test_answers_with_the_wake_word_and_polite_words(tmp_path):
    with SkillHarness([ShopSkill], home=tmp_path, now=NOW) as h:
        h.check([
            Case("Samantha, buy apples", intent="buy", asks=True), Case("samantha yes", reply_contains=["Bought"]),
            Case("could you buy pears please", intent="buy", asks=True), Case("samantha cancel that",
                                                                             reply_contains=["never mind"]),
        ])


def test_no_is_not_a_choice(tmp_path):
    from os1.dialogue import read_choice

    assert read_choice("no", ["Casino (1995)", "Heat (1995)"]) is None
    assert read_choice("i", ["Casino (1995)"]) is None
    assert read_choice("heat", ["Casino (1995)", "Heat (1995)"]) == 1


def test_a_stored_question_from_another_version_is_dropped_not_fatal(tmp_path):
    with SkillHarness([ShopSkill], home=tmp_path, now=NOW) as h:
        h.assistant.memory.set("dialogue.question", {"kind": "confirm", "prompt": "?", "skill": "shop",
                                                     "then": "on_buy", "asked": "new field", "expires": 9e9,
                                                     "data": {"fruit": "kiwis"}})
        h.check([Case("yes", reply_contains=["Bought kiwis"])])  # answered, extra field ignored
        h.assistant.memory.set("dialogue.question", ["not", "a", "question"])
        h.assistant.memory.set("dialogue.session.shop", "garbage")
        h.check([Case("buy apples", intent="buy")])


def test_then_must_be_a_method(tmp_path):
    from os1.skill import Skill, intent

    class Lazy(Skill):
        name = "lazy"

        @intent("ask", "ask me something")
        def ask_it(self, match, ctx):
            return ctx.confirm("Sure?", then=lambda answer, ctx: "no")

    with SkillHarness([Lazy], home=tmp_path, now=NOW) as h:
        turn = h.ask("ask me something")
        assert turn.error is not None and "then= must be a method" in turn.error.message
