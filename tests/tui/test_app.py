"""The dashboard driven headlessly by Textual's pilot, with the real assistant and real skills."""

from __future__ import annotations

import pytest
from os1.tui.app import Os1App
from os1.tui.screens import HelpScreen, TurnDetails
from os1.tui.widgets import PanelBox, PromptInput, StatusLine, TurnEntry

from ._skills import CrashSkill, NotesSkill, NudgeSkill
from .conftest import conversation, say, wait_for

pytestmark = pytest.mark.asyncio


async def test_type_a_request_and_see_the_answer_with_the_installed_skills(make_app) -> None:
    app = make_app(discover=True, user=None)  # the installed persona skill is discovered
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "What should I call you?" in conversation(app))
        assert app.focused is app.query_one(PromptInput)
        await say(pilot, "Theodore")  # the answer to the opening question
        await wait_for(pilot, lambda: "Hi Theodore" in conversation(app))
        await say(pilot, "what time is it")
        await wait_for(pilot, lambda: "It's 9:30 AM." in conversation(app))
        last = list(app.query(TurnEntry))[-1].text
        assert last.startswith("you › what time is it\nSamantha › It's 9:30 AM.")
        assert "persona.time" in last  # which skill answered
        assert app.query_one(PromptInput).value == ""
        assert not app.query_one(StatusLine).busy


async def test_a_follow_up_question_and_its_answer(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "Theodore" in conversation(app))
        await say(pilot, "call yourself Ava")
        await wait_for(pilot, lambda: "call me Ava?" in conversation(app))
        prompt = app.query_one(PromptInput)
        assert prompt.placeholder == "Answer yes or no"
        await say(pilot, "yes")
        await wait_for(pilot, lambda: conversation(app).count("Ava") >= 3)
        last = list(app.query(TurnEntry))[-1]
        assert last.text.startswith("you › yes\nAva › ")  # her new name from this turn on
        assert last.exchange is not None and last.exchange.turn.skill == "persona"
        assert last.exchange.turn.question is None
        assert prompt.placeholder.startswith("Type to OS¹")


async def test_a_plugin_panel_shows_what_the_skill_sent(make_app) -> None:
    app = make_app(NotesSkill)
    async with app.run_test(size=(100, 30)) as pilot:
        box = app.query_one(PanelBox)
        assert (box.skill, box.panel.name) == ("notes", "notes")
        assert str(box.border_title) == "Sticky notes" and str(box.render()) == "nothing yet"
        await say(pilot, "show my notes")
        await wait_for(pilot, lambda: "You have two notes." in conversation(app))
        assert str(box.render()) == "buy oranges\ncall Amy"
        assert str(box.border_subtitle) == "2 notes"
        assert not box.has_class("-empty")
        assert len(app.query(PanelBox)) == 1  # data for an undeclared panel is not shown anywhere
        await say(pilot, "break my notes")  # not in the panel format: the old content stays
        await wait_for(pilot, lambda: "not in the panel format" in conversation(app))
        assert str(box.render()) == "buy oranges\ncall Amy"


async def test_a_crashing_skill_is_reported_and_the_app_stays_up(make_app) -> None:
    app = make_app(CrashSkill)
    async with app.run_test(size=(80, 24)) as pilot:
        await say(pilot, "crash now")
        await wait_for(pilot, lambda: "ran into a problem" in conversation(app))
        entry = list(app.query(TurnEntry))[-1]
        assert "Sorry, the Crashy skill ran into a problem" in entry.text
        assert "crashy failed (error)" in entry.text
        assert entry.has_class("-failed")
        assert app.is_running
        await say(pilot, "what time is it")
        await wait_for(pilot, lambda: "It's 9:30 AM." in conversation(app))
        await pilot.press("f6")
        await wait_for(pilot, lambda: isinstance(app.screen, TurnDetails))
        await pilot.press("left")
        text = str(app.screen.query_one("#details-text").render())
        assert "crashy failed (error): RuntimeError: boom" in text


async def test_history_with_up_and_down(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await say(pilot, "hello")
        await say(pilot, "what time is it")
        await wait_for(pilot, lambda: "9:30" in conversation(app))
        prompt = app.query_one(PromptInput)
        await pilot.press(*"draft")
        await pilot.press("up")
        assert prompt.value == "what time is it"
        await pilot.press("up", "up")
        assert prompt.value == "hello"
        await pilot.press("down")
        assert prompt.value == "what time is it"
        await pilot.press("down")
        assert prompt.value == "draft"


async def test_latency_and_why_view_and_help(make_app) -> None:
    app = make_app(NotesSkill)
    async with app.run_test(size=(80, 24)) as pilot:
        await say(pilot, "show my notes please")
        await wait_for(pilot, lambda: "notes.show" in conversation(app))
        await say(pilot, "xyzzy plugh")
        await wait_for(pilot, lambda: len(app.exchanges) >= 3)
        await pilot.press("f6")
        await wait_for(pilot, lambda: isinstance(app.screen, TurnDetails))
        text = str(app.screen.query_one("#details-text").render())
        assert "end of speech → transcript  — (typed)" in text
        assert "understood as: nothing" in text
        await pilot.press("left")
        text = str(app.screen.query_one("#details-text").render())
        assert "heard: “show my notes please” (typed)" in text
        assert "understood as: notes.show (match" in text
        assert "intent → reply ready" in text
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, TurnDetails))
        await pilot.click(TurnEntry)  # clicking a turn opens its view (the first turn is the opening)
        await wait_for(pilot, lambda: isinstance(app.screen, TurnDetails))
        assert app.screen.index == 0
        await pilot.press("escape", "f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        help_text = str(app.screen.query_one("#help-text").render())
        for piece in ("F2", "push to talk", "mute", "stop speaking", "Ctrl+Q", "Notes", "“show my notes”",
                      "text only: voice turned off (--text)"):
            assert piece in help_text
        await pilot.press("escape")
        await pilot.press("ctrl+q")
    assert app.return_code == 0


async def test_text_only_says_why_in_the_status_line(make_app, monkeypatch) -> None:
    """With the default voice factory and no voice package importable, the status line says so."""
    import sys

    from os1.tui._voice import default_voice

    monkeypatch.setitem(sys.modules, "os1.voice.session", None)  # importing it raises ImportError
    app: Os1App = make_app(voice=default_voice)
    async with app.run_test(size=(80, 24)) as pilot:
        status = app.query_one(StatusLine)
        await wait_for(pilot, lambda: status.state == "off")
        assert status.words == "text only: no microphone support installed"
        assert "text only: no microphone support installed" in str(status.render())
        assert app.voice is None
        await pilot.press("f2")  # push-to-talk without a microphone: a notice, no crash
        await pilot.pause(0.05)
        assert app.is_running and status.state == "off"


async def test_unprompted_turns_from_polling_appear(make_app) -> None:
    app = make_app(NudgeSkill, poll=0.1)  # Assistant.poll every 0.1 s instead of every second
    async with app.run_test(size=(80, 24)) as pilot:
        await say(pilot, "nudge me")
        await wait_for(pilot, lambda: "Time to stretch." in conversation(app))
        entry = list(app.query(TurnEntry))[-1]
        assert entry.text.startswith("Samantha › Time to stretch.") and "nudge · unprompted" in entry.text
        assert str(app.query_one(PanelBox).render()) == "nothing due"
        await pilot.pause(0.3)
        assert conversation(app).count("Time to stretch.") == 1



async def test_skills_that_failed_to_load_are_noted_in_the_conversation(make_app) -> None:
    from os1.registry import LoadProblem

    app = make_app()
    app.assistant.problems.append(LoadProblem("units", "os1-skill-units 1.0", "import", "ImportError: no [b]pint[/b]"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: len(app.query(".note")) == 1)
        note = str(app.query_one(".note").render())
        assert note == "note · The units skill (os1-skill-units 1.0) could not be loaded: ImportError: no [b]pint[/b]"
