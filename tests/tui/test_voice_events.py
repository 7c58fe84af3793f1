"""Voice events through the dashboard's real entry point, ``Os1App.voice_event``.

The voice session (os1.voice.session) calls ``on_event`` from its worker threads; these tests call
that same entry point from a thread with the real event objects. That is the real code path minus
the audio. The keys test uses a small recording stand-in for the session, because the microphone
and speaker cannot run here; it checks what the dashboard asks of the session, nothing more.
"""

from __future__ import annotations

import dataclasses
import threading
from typing import Any

import pytest
from os1.tui._format import level_bar
from os1.tui.app import Os1App
from os1.tui.screens import TurnDetails
from os1.tui.widgets import Conversation, MicMeter, StatusLine, TurnEntry
from os1.voice.tts.types import SpeechProgress

from os1.events import (
    ListenState,
    MicLevel,
    PartialTranscript,
    SpeechStarted,
    SpeechStopped,
    Transcript,
)

from .conftest import conversation, say, wait_for

pytestmark = pytest.mark.asyncio


def from_thread(*events: Any, app: Os1App) -> None:
    """Deliver *events* the way the voice session does: from another thread."""
    worker = threading.Thread(target=lambda: [app.voice_event(e) for e in events])
    worker.start()
    worker.join()


async def test_a_spoken_turn_appears_live_then_final_then_answered(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        status = app.query_one(StatusLine)
        await wait_for(pilot, lambda: status.detail == "voice turned off (--text)")
        from_thread(ListenState("wake", "vosk · vosk-model-small-en-us"), MicLevel(-12.0), app=app)
        await wait_for(pilot, lambda: status.state == "wake")
        assert status.words == "listening for “Samantha”"
        assert "vosk-model-small-en-us" in str(status.render())
        assert str(app.query_one(MicMeter).render()).startswith("mic ████████")

        from_thread(ListenState("listening"), PartialTranscript("what"), PartialTranscript("what time"), app=app)
        await wait_for(pilot, lambda: app.query_one(Conversation).hearing is not None
                       and "what time" in app.query_one(Conversation).hearing.text)
        assert status.words == "listening…"

        heard = Transcript("what time is it", 0.82, ("what time is this",), "vosk", 1.4)
        turn = app.assistant.handle("what time is it", source="voice")
        turn = dataclasses.replace(turn, timings=dataclasses.replace(turn.timings, transcribe_ms=123.0,
                                                                     first_audio_ms=210.0))
        from_thread(heard, ListenState("thinking"), app=app)
        await wait_for(pilot, lambda: "you › what time is it" in conversation(app))
        assert app.query_one(Conversation).hearing is None  # the final replaced the live words
        from_thread(turn, SpeechStarted(turn.reply), app=app)
        await wait_for(pilot, lambda: "It's 9:30 AM." in conversation(app))
        assert conversation(app).count("you › what time is it") == 1  # one entry, filled in
        assert status.state == "speaking"
        from_thread(SpeechStopped("done"), app=app)
        await wait_for(pilot, lambda: status.state == "wake")

        await pilot.press("f6")
        await wait_for(pilot, lambda: isinstance(app.screen, TurnDetails))
        text = str(app.screen.query_one("#details-text").render())
        assert "end of speech → transcript  123 ms" in text
        assert "reply → first audio         210 ms" in text
        assert "heard: “what time is it” (spoken)" in text
        assert "recogniser confidence 0.82 by vosk, 1.4 s of audio" in text
        assert "or: “what time is this”" in text


async def test_levels_and_partials_are_coalesced(make_app, monkeypatch) -> None:
    shown: list[float | None] = []
    real_show = MicMeter.show
    monkeypatch.setattr(MicMeter, "show", lambda self, dbfs: (shown.append(dbfs), real_show(self, dbfs)))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.05)
        shown.clear()
        levels = [MicLevel(-60.0 + (i % 60)) for i in range(3000)] + [MicLevel(-3.0)]
        partials = [PartialTranscript("word " * (i % 20 + 1)) for i in range(500)] + [PartialTranscript("final words")]
        from_thread(*levels, *partials, app=app)
        await wait_for(pilot, lambda: shown and shown[-1] == -3.0)
        await wait_for(pilot, lambda: app.query_one(Conversation).hearing is not None
                       and "final words" in app.query_one(Conversation).hearing.text)
        assert len(shown) < 300, f"{len(shown)} meter updates for 3001 levels: not coalesced"
        assert len(list(app.query(TurnEntry))) <= 2  # the opening and one live line, not 501


def meter(app: Os1App) -> str:
    return str(app.query_one(MicMeter).render())


async def test_speech_progress_shows_the_sentence_and_her_level_then_listening_again(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        status = app.query_one(StatusLine)
        from_thread(ListenState("wake", "vosk · vosk-model-small-en-us"), MicLevel(-60.0), app=app)
        await wait_for(pilot, lambda: status.state == "wake" and meter(app).startswith("mic "))
        # As the session sends them: the state, the start, then progress about ten times a second.
        from_thread(ListenState("speaking", ""), SpeechStarted("One. Two. Three. Four."),
                    SpeechProgress(0, 4, 0.1, -30.0), SpeechProgress(1, 4, 1.2, -6.0), app=app)
        await wait_for(pilot, lambda: status.words == "speaking · 2/4")
        assert "vosk-model-small-en-us" in str(status.render())  # the engine is still named
        assert meter(app) == "OS¹ " + level_bar(-6.0)  # her level, not the microphone's
        from_thread(MicLevel(-60.0), app=app)  # the microphone goes on meanwhile: it waits its turn
        from_thread(SpeechProgress(3, 4, 3.5, -60.0), app=app)
        await wait_for(pilot, lambda: status.words == "speaking · 4/4")
        assert meter(app).startswith("OS¹ ")

        from_thread(MicLevel(-3.0), SpeechStopped("done"), app=app)
        await wait_for(pilot, lambda: status.state == "wake")
        assert status.words == "listening for “Samantha”" and "vosk-model-small-en-us" in str(status.render())
        await wait_for(pilot, lambda: meter(app) == "mic " + level_bar(-3.0))  # the microphone again
        from_thread(SpeechProgress(3, 4, 3.6, -1.0), app=app)  # late: after the stop, dropped
        await pilot.pause(0.2)
        assert status.words == "listening for “Samantha”" and meter(app).startswith("mic ")


async def test_after_speaking_without_a_microphone_the_status_says_so_again(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        status = app.query_one(StatusLine)
        from_thread(ListenState("off", "There is no microphone."), app=app)
        await wait_for(pilot, lambda: status.state == "off")
        # A typed reply is spoken: the session has no pipeline, so it sends nothing after the stop.
        from_thread(ListenState("speaking", ""), SpeechStarted("It's 9:30 AM."),
                    SpeechProgress(0, 1, 0.2, -12.0), app=app)
        await wait_for(pilot, lambda: meter(app).startswith("OS¹ "))
        assert status.words == "speaking…"  # one sentence: no count
        from_thread(SpeechStopped("done"), app=app)
        await wait_for(pilot, lambda: status.state == "off")
        assert status.words == "text only: There is no microphone." and meter(app) == "mic off"


async def test_speaking_before_the_microphone_is_ready_goes_back_to_starting(make_app) -> None:
    """The greeting is spoken while the voice session is still building its grammars: when it ends
    the status must not say “listening for Samantha” (nobody is listening yet; a person who spoke then
    went unheard — an end-to-end run on a loaded machine did exactly that)."""

    class StartingVoice:
        """Stand-in for a VoiceSession whose worker has not opened the microphone yet (no sound card
        here): it has sent no ListenState."""

        def __init__(self, assistant: Any, on_event: Any) -> None:
            pass

        def start(self) -> None:
            pass

        def close(self) -> None:
            pass

    app = make_app(voice=StartingVoice)
    async with app.run_test(size=(80, 24)) as pilot:
        status = app.query_one(StatusLine)
        await wait_for(pilot, lambda: app.voice is not None)
        assert status.state == "starting"
        from_thread(ListenState("speaking", ""), SpeechStarted("Hi."), app=app)
        await wait_for(pilot, lambda: status.state == "speaking")
        from_thread(SpeechStopped("done"), app=app)
        await wait_for(pilot, lambda: status.state != "speaking")
        assert status.state == "starting" and status.words == "starting the microphone…"
        from_thread(ListenState("wake", ""), app=app)
        await wait_for(pilot, lambda: status.state == "wake")


async def test_speech_progress_is_coalesced(make_app, monkeypatch) -> None:
    shown: list[float | None] = []
    real = MicMeter.show_speech
    monkeypatch.setattr(MicMeter, "show_speech", lambda self, dbfs: (shown.append(dbfs), real(self, dbfs)))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        from_thread(ListenState("speaking", ""), SpeechStarted("…"), app=app)
        await wait_for(pilot, lambda: app.status_line.state == "speaking")
        burst = [SpeechProgress(i // 100, 10, i / 100, -60.0 + i % 60) for i in range(1000)]
        from_thread(*burst, SpeechProgress(9, 10, 10.0, -2.0), app=app)
        await wait_for(pilot, lambda: shown and shown[-1] == -2.0)
        assert app.status_line.words == "speaking · 10/10"
        assert len(shown) < 50, f"{len(shown)} meter updates for 1001 progress events: not coalesced"


async def test_keys_drive_the_voice_session(make_app) -> None:
    calls: list[tuple[str, Any]] = []

    class RecordingVoice:
        """Stand-in for os1.voice.session.VoiceSession (no sound card here): records what is asked."""

        def __init__(self, assistant: Any, on_event: Any) -> None:
            self.on_event = on_event

        def start(self) -> None:
            self.on_event(ListenState("wake", "pocketsphinx"))

        def close(self) -> None:
            calls.append(("close", None))

        def set_muted(self, muted: bool) -> None:
            calls.append(("muted", muted))

        def push_to_talk(self) -> None:
            calls.append(("talk", None))

        def stop_speaking(self) -> None:
            calls.append(("stop", None))

        def speak(self, text: str) -> None:
            calls.append(("speak", text))

    app = make_app(voice=RecordingVoice)
    async with app.run_test(size=(80, 24)) as pilot:
        status = app.query_one(StatusLine)
        await wait_for(pilot, lambda: app.voice is not None and status.state == "wake")
        await say(pilot, "what time is it")
        await wait_for(pilot, lambda: ("speak", "It's 9:30 AM.") in calls)  # a typed reply is spoken
        await pilot.press("f2")
        assert ("talk", None) in calls and status.state == "listening"
        await pilot.press("escape")
        assert ("stop", None) in calls
        await pilot.press("f3")
        assert ("muted", True) in calls and status.words == "microphone muted"
        await pilot.press("f3")
        assert ("muted", False) in calls and status.state == "wake"
        from_thread(ListenState("muted"), app=app)  # muted by the session itself (the muted setting)
        await wait_for(pilot, lambda: app.muted)
        await pilot.press("f3")  # so F3 now unmutes
        assert calls.count(("muted", False)) == 2 and not app.muted
        assert ("close", None) not in calls
    assert app.finish_work()
    assert ("close", None) in calls and app.voice is None


async def test_voice_events_and_replies_arrive_while_a_popup_is_open(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "Theodore" in conversation(app))
        await pilot.press("f1")
        await wait_for(pilot, lambda: app.screen is not app.screen_stack[0])
        turn = app.assistant.handle("what time is it", source="voice")
        from_thread(ListenState("listening", "vosk"), MicLevel(-6.0), PartialTranscript("what"),
                    Transcript("what time is it"), turn, app=app)
        status = app.status_line
        await wait_for(pilot, lambda: "It's 9:30 AM." in conversation(app))
        assert status.state == "listening" and app.is_running
        await pilot.press("escape")
        assert list(app.query(TurnEntry))[-1].text.startswith("you › what time is it\nSamantha › It's 9:30 AM.")
