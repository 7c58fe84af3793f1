"""The look, pinned: 80×24 and 120×40 with a fixed clock (update with ``--snapshot-update``).

Turn timings are real measurements, so the assistant's stopwatch is replaced by one that advances
1 ms a reading (only inside os1.assistant) to make the "· 3.0 ms" under each reply deterministic.
"""

from __future__ import annotations

import itertools
import time
import types

import pytest
from os1.tui.widgets import PromptInput
from os1.voice.tts.types import SpeechProgress

from os1.events import ListenState, MicLevel, SpeechStarted

from ._skills import DaySkill
from .conftest import conversation, say, wait_for


@pytest.fixture(autouse=True)
def steady_stopwatch(monkeypatch: pytest.MonkeyPatch) -> None:
    ticks = itertools.count()
    stopwatch = types.SimpleNamespace(**vars(time))  # the real time module, but for perf_counter
    stopwatch.perf_counter = lambda: next(ticks) / 1000
    monkeypatch.setattr("os1.assistant.time", stopwatch)


def drive(*requests: str):
    async def run_before(pilot) -> None:
        app = pilot.app
        app.query_one(PromptInput).cursor_blink = False
        await wait_for(pilot, lambda: "Theodore" in conversation(app))
        for text in requests:
            await say(pilot, text)
        await wait_for(pilot, lambda: len(app.exchanges) == 1 + len(requests))
        await pilot.pause(0.1)
    return run_before


def test_look_at_80x24(make_app, snap_compare) -> None:
    app = make_app()
    assert snap_compare(app, terminal_size=(80, 24), run_before=drive("what time is it"))


def test_look_at_120x40_with_panels(make_app, snap_compare) -> None:
    app = make_app(DaySkill)
    assert snap_compare(app, terminal_size=(120, 40),
                        run_before=drive("what time is it", "show my day", "zork the frobnicator"))


def test_look_light_at_80x24_with_panels(make_app, snap_compare) -> None:
    app = make_app(DaySkill, light=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=drive("show my day"))


def test_help_at_80x24(make_app, snap_compare) -> None:
    app = make_app()
    assert snap_compare(app, terminal_size=(80, 24), run_before=drive("what time is it"), press=["f1"])


def test_why_view_at_80x24(make_app, snap_compare) -> None:
    app = make_app()
    assert snap_compare(app, terminal_size=(80, 24), run_before=drive("call me Theo please"), press=["f6"])


def test_speaking_at_80x24(make_app, snap_compare) -> None:
    app = make_app()
    drive_first = drive("what time is it")

    async def run_before(pilot) -> None:
        await drive_first(pilot)
        for event in (ListenState("wake", "pocketsphinx"), MicLevel(-40.0), ListenState("speaking", ""),
                      SpeechStarted("It's 9:30 AM."), SpeechProgress(1, 3, 1.4, -12.0)):
            app.voice_event(event)
        await wait_for(pilot, lambda: app.status_line.words == "speaking · 2/3")
        await pilot.pause(0.1)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
