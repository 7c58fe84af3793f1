"""English commands, spoken by espeak-ng and flite voices with noise, through the PocketSphinx pipeline."""

from __future__ import annotations

import numpy as np
import pytest
from os1.voice.pipeline import Pipeline

from os1.events import ListenState, PartialTranscript, Transcript, Turn

from ._skills import TimerSkill
from ._speech import mix_noise, read, write

pytestmark = pytest.mark.timeout(120)


def noisy(say, tmp_path, text, voice, snr, seed=0):
    clean = read(say(text, voice))
    pad = np.zeros(16000, np.float32)
    return write(tmp_path / f"n{seed}.wav", mix_noise(np.concatenate([pad, clean, pad]), snr, seed))


@pytest.fixture
def pipeline(make_assistant, sphinx):
    events = []
    assistant = make_assistant(TimerSkill)
    p = Pipeline(assistant, sphinx, events.append, wake=False)
    p.events = events
    return p


CASES = [
    ("espeak:en-us", "tell me a joke", 12, "joke", {}),
    ("espeak:en-us", "set a timer for twenty minutes", 12, "set_timer", {"minutes": 20}),
    ("espeak:en-us+f3", "what is your name", 18, "my_name", {}),
    ("espeak:en-gb", "thank you very much", 18, "thanks", {}),
    ("flite:slt", "what is the date today", 24, "date", {}),
    ("flite:rms", "i feel really tired", 24, "mood", {"mood": "tired"}),
]


@pytest.mark.parametrize("voice,text,snr,intent,slots", CASES, ids=[f"{c[0]}-{c[1][:14]}-{c[2]}dB" for c in CASES])
def test_command_reaches_intent_and_slots(pipeline, say, tmp_path, voice, text, snr, intent, slots):
    from .conftest import run_file

    heard = run_file(pipeline, noisy(say, tmp_path, text, voice, snr))
    turns = [h.turn for h in heard if h.turn is not None]
    assert len(turns) == 1, [(h.final.text, h.reason) for h in heard]
    assert turns[0].intent == intent
    assert turns[0].slots == slots
    assert turns[0].utterance.source == "voice"
    assert turns[0].timings.transcribe_ms is not None and turns[0].timings.transcribe_ms > 0
    kinds = [type(e) for e in pipeline.events]
    assert PartialTranscript in kinds and Transcript in kinds and Turn in kinds
    assert kinds.index(PartialTranscript) < kinds.index(Transcript) < kinds.index(Turn)


def test_complete_command_ends_without_a_long_pause(pipeline, say, tmp_path):
    from .conftest import run_file

    heard = run_file(pipeline, noisy(say, tmp_path, "what can you do", "espeak:en-us", 18))
    got = [h for h in heard if h.turn is not None]
    assert got and got[0].turn.intent == "help"
    # the end of speech was decided a short pause after the last loud frame, not after a second
    assert got[0].end_s - got[0].speech_end_s < 0.35


def test_wake_word_then_confirmation_without_wake_word(make_assistant, sphinx, say, tmp_path):
    from .conftest import run_file

    events = []
    assistant = make_assistant(TimerSkill)
    p = Pipeline(assistant, sphinx, events.append, wake=True)
    first = run_file(p, noisy(say, tmp_path, "samantha cancel all timers", "espeak:en-us", 18, seed=1))
    asked = [h.turn for h in first if h.turn is not None]
    assert asked and asked[0].intent == "cancel_timers" and asked[0].question is not None
    assert p.state == "listening"  # the answer needs no wake word
    assert p.grammar().name == "confirm"  # only the expected answers
    answer = run_file(p, noisy(say, tmp_path, "yes", "espeak:en-us", 18, seed=2))
    replies = [h.turn.reply for h in answer if h.turn is not None]
    assert replies == ["All timers cancelled."], [(h.final.text, h.reason, h.final.confidence) for h in answer]
    assert p.state == "wake" and p.grammar().name == "commands"
    assert any(isinstance(e, ListenState) and e.state == "listening" for e in events)


def test_stop_said_after_an_interruption_is_silent_and_keeps_listening(make_assistant, sphinx, say, tmp_path):
    """A barge-in hands "stop" to the recogniser: nothing is said back, and OS¹ still listens."""
    from .conftest import run_file

    p = Pipeline(make_assistant(TimerSkill), sphinx, wake=True)
    p.listen()
    heard = [h.turn for h in run_file(p, noisy(say, tmp_path, "stop", "espeak:en-us", 18, seed=4)) if h.turn]
    assert [t.intent for t in heard] == ["hush"] and heard[0].speech == ""
    assert p.state == "listening"


def test_restart_drops_the_words_so_far_and_waits_for_a_pause(make_assistant, sphinx, say, tmp_path):
    """What a barge-in does when the words said over OS¹ were the wake word: the utterance so far is
    dropped unread, the rest of that word starts nothing, the request after the pause is heard."""
    from os1.voice.audiofile import open_audio, read_blocks

    from .conftest import run_file

    p = Pipeline(make_assistant(TimerSkill), sphinx, wake=True)
    p.listen()
    blocks = list(read_blocks(open_audio(say("what can you do", "espeak:en-us")), 0.03))
    heard = [h for b in blocks[: len(blocks) // 2] for h in p.feed(b)]
    p.restart()
    heard += [h for b in blocks[len(blocks) // 2:] for h in p.feed(b)]
    heard += run_file(p, say("tell me a joke", "espeak:en-us"))
    assert [h.turn.intent for h in heard if h.turn] == ["joke"]


def test_restart_with_replay_hears_the_request_again_from_the_wake_word(make_assistant, sphinx, say, tmp_path):
    """What a barge-in does when the wake word came after something else (the tail of OS¹'s echo, a cough): the
    utterance starts again from the wake word, and the audio clock stays that of the stream."""
    import numpy as np

    from ._speech import read, speech_bounds

    def speech(text: str) -> np.ndarray:
        x = read(say(text, "espeak:en-us"))
        a, b = speech_bounds(x)
        return x[int(a * 16000):int(b * 16000)].astype(np.int16)

    p = Pipeline(make_assistant(TimerSkill), sphinx, wake=True)
    p.listen()
    # a quiet room; the end of OS¹'s own reply reaching the microphone; at once the person
    room = np.zeros(8000, np.int16)
    stream = np.concatenate([room, speech("the evening will be mild"), speech("samantha what can you do"), room])
    blocks = [stream[i:i + 480].tobytes() for i in range(0, len(stream), 480)]
    wake_at = (len(room) + len(speech("the evening will be mild"))) // 480  # the block the wake word begins in
    fed, rest = blocks[:wake_at + 12], blocks[wake_at + 12:]
    heard = [h for b in fed for h in p.feed(b)]
    assert p.endpointer.in_speech and not heard, "the echo began an utterance"
    heard += p.restart(blocks[wake_at:wake_at + 12])
    heard += [h for b in rest for h in p.feed(b)] + p.flush()
    assert [h.turn.intent for h in heard if h.turn] == ["help"], [h.final.text for h in heard]
    total = len(stream) / 16000
    assert abs(p.audio_s - total) <= 0.03, (p.audio_s, total)


def test_no_wake_word_no_turn(make_assistant, sphinx, say, tmp_path):
    from .conftest import run_file

    p = Pipeline(make_assistant(TimerSkill), sphinx, wake=True)
    heard = run_file(p, noisy(say, tmp_path, "tell me a joke", "espeak:en-us", 18, seed=3))
    assert heard, "the speech was detected"
    assert all(h.turn is None for h in heard)


def test_silence_and_noise_only_give_no_turn(pipeline, tmp_path):
    from .conftest import run_file

    quiet = write(tmp_path / "quiet.wav", np.zeros(16000 * 3, np.float32))
    assert run_file(pipeline, quiet) == []
    x = np.zeros(16000 * 4, np.float32)
    x[16000:16000 + 800] = 0.0
    noise = write(tmp_path / "noise.wav", mix_noise(x + 1.0, 0.0, seed=5))  # steady noise, no speech
    assert all(h.turn is None for h in run_file(pipeline, noise))


def test_out_of_grammar_answer_is_refused_while_confirming(make_assistant, sphinx, say, tmp_path):
    from .conftest import run_file

    assistant = make_assistant(TimerSkill)
    p = Pipeline(assistant, sphinx, wake=False)
    run_file(p, noisy(say, tmp_path, "cancel all timers", "espeak:en-us", 24, seed=6))
    assert p.grammar().name == "confirm"
    heard = run_file(p, noisy(say, tmp_path, "what is the date today", "espeak:en-us", 24, seed=7))
    assert heard and all(h.turn is None for h in heard), [(h.final.text, h.reason) for h in heard]
