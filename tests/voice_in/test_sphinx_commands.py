"""English commands, spoken by espeak-ng and flite voices with noise, through the PocketSphinx pipeline."""

from __future__ import annotations

import numpy as np
import pytest
from os1.voice.pipeline import Pipeline

from os1.events import ListenState, PartialTranscript, Transcript, Turn

from ._skills import TimerSkill
from ._speech import mix_noise, read, speech_bounds, write

pytestmark = pytest.mark.timeout(120)
RATE = 16000


# -- sounds that are not requests (also used by benchmarks/bench_recognition.py) -------------------
def cough(seed: int = 0) -> np.ndarray:
    """A cough-like burst: two 0.25 s bursts of band-limited noise, sharp attack, fast decay (int16 scale)."""
    rng = np.random.default_rng(seed)
    out = np.zeros(int(0.9 * RATE), np.float32)
    n = int(0.25 * RATE)
    t = np.arange(n)
    envelope = np.minimum(1.0, t / (0.008 * RATE)) * np.exp(-t / (0.07 * RATE))
    for start, gain in ((0.0, 1.0), (0.42, 0.6)):
        white = rng.standard_normal(n + 64)
        band = np.convolve(white, np.ones(4) / 4, "same") - np.convolve(white, np.ones(48) / 48, "same")
        i = int(start * RATE)
        out[i:i + n] += (gain * envelope * band[:n]).astype(np.float32)
    return out / np.abs(out).max() * 16000


def clipped(x: np.ndarray, keep: float) -> np.ndarray:
    """The first *keep* (0..1) of the speech in *x*, with 10 ms fades: a word cut off."""
    s0, s1 = (int(b * RATE) for b in speech_bounds(x))
    part = x[s0:s0 + int((s1 - s0) * keep)].copy()
    fade = np.linspace(0.0, 1.0, RATE // 100, dtype=np.float32)
    part[: len(fade)] *= fade
    part[-len(fade):] *= fade[::-1]
    return part


def echo_smeared(x: np.ndarray, leak: np.ndarray) -> np.ndarray:
    """*x* said over a louder *leak* (OS¹'s own voice from the speaker), both smeared by room echo."""
    rng = np.random.default_rng(1)
    tail = rng.standard_normal(int(0.3 * RATE)) * np.exp(-np.arange(int(0.3 * RATE)) / (0.06 * RATE))
    tail[0] = 8.0

    def room(y: np.ndarray) -> np.ndarray:
        wet = np.convolve(y, tail)[: len(y) + len(tail)]
        return wet / np.abs(wet).max() * np.abs(y).max()

    a, b = room(x), room(leak) * 1.4
    n = max(len(a), len(b))
    out = np.zeros(n, np.float32)
    out[: len(b)] += b
    out[: len(a)] += a
    return out / np.abs(out).max() * 20000


def muffled(x: np.ndarray) -> np.ndarray:
    """*x* heard through a wall: low-passed (~500 Hz) and quiet."""
    y = np.convolve(x, np.ones(32) / 32, "same")
    return (y / np.abs(y).max() * 6000).astype(np.float32)


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


# -- free text: real requests pass, fillers, noise and fragments do not ------------------------------
@pytest.fixture
def films_pipeline(make_assistant):
    """With the film skill: dozens of templates that start with a few words and end in free text
    ("who is {title} dedicated to", "film of {year}"), where noise was most often taken for a request.

    A recogniser of its own: PocketSphinx's cepstral mean follows the utterances it has decoded, so
    with a shared one the outcome of a borderline sound would depend on the tests run before.
    """
    from os1.skills.films import FilmSkill
    from os1.voice.sphinx_engine import SphinxRecognizer

    return Pipeline(make_assistant(TimerSkill, FilmSkill), SphinxRecognizer(), wake=False)


def _after_a_request(pipeline, say, tmp_path, sound: np.ndarray, voice: str, snr):
    """What comes of *sound* said after "what can you do" (same voice and room): the recogniser has
    adapted to the voice, as it has in a conversation."""
    from .conftest import run_file

    pad = np.zeros(RATE, np.float32)
    before = mix_noise(np.concatenate([pad, read(say("what can you do", voice)), pad]), snr, 9)
    assert [h.turn.intent for h in run_file(pipeline, write(tmp_path / "before.wav", before)) if h.turn] == ["help"]
    return run_file(pipeline, write(tmp_path / "x.wav", mix_noise(np.concatenate([pad, sound, pad]), snr, 0)))


def _sound(say, what: str, voice: str) -> np.ndarray:
    if what == "cough":
        return cough(5)
    if what.startswith("clipped "):  # the first 45% of the word
        return clipped(read(say(what.split()[1], voice)), 0.45)
    return read(say(what, voice))


NOT_REQUESTS = [
    # (what was heard, voice, SNR dB; what became of it before free text was judged). Each was
    # refused in 5 of 5 syntheses (sox dithers, so every synthesis differs a little) and taken as
    # a request in 5 of 5 before.
    ("remember that and so", "espeak:en-us", 24),  # remembered "and so"
    ("who is and so", "espeak:en-us", 24),  # "I'm not sure what you mean by “who is and so”"
    ("my name is uh", "espeak:en-us", 24),  # "Nice to meet you, Ah"
    ("uh the", "espeak:en-us+f3", 18),  # "and the i'm in"
    ("cough", "espeak:en-us", 24),  # "help"
    ("clipped remember", "espeak:en-us+f3", 24),  # "when did we live"
    ("clipped directed", "espeak:en-us", 12),  # "film with the room": films with "the room"
]


@pytest.mark.parametrize("what,voice,snr", NOT_REQUESTS, ids=[f"{c[0]}-{c[1]}-{c[2]}dB" for c in NOT_REQUESTS])
def test_fillers_noise_and_fragments_are_refused(films_pipeline, say, tmp_path, what, voice, snr):
    heard = _after_a_request(films_pipeline, say, tmp_path, _sound(say, what, voice), voice, snr)
    assert heard, "the sound was taken for speech"
    assert all(h.turn is None and h.reason for h in heard), [(h.final.text, h.final.free_text, h.text) for h in heard]


FREE_TEXT = [
    ("flite:rms", "who directed the matrix", 24, "director", {"title": "the matrix"}),
    ("flite:slt", "tell me about titanic", None, "about", {"title": "titanic"}),
    ("flite:slt", "remember that my sister is called catherine", None, "remember",
     {"fact": "my sister is called catherine"}),
    # the grammar pass reads "who is in the cast of": the open pass heard the shorter template start
    ("flite:rms", "who is in casablanca", None, "cast", {"title": "casablanca"}),
    ("flite:rms", "call me sam", None, "set_name", {"name": "sam"}),
]


@pytest.mark.parametrize("voice,text,snr,intent,slots", FREE_TEXT, ids=[f"{c[0]}-{c[1][:16]}-{c[2]}dB" for c in FREE_TEXT])
def test_free_text_requests_still_pass(films_pipeline, say, tmp_path, voice, text, snr, intent, slots):
    heard = _after_a_request(films_pipeline, say, tmp_path, read(say(text, voice)), voice, snr)
    turns = [h.turn for h in heard if h.turn is not None]
    assert [(t.intent, t.slots) for t in turns] == [(intent, slots)], [(h.final.text, h.reason) for h in heard]


def test_a_complete_command_is_not_read_as_the_start_of_free_text(films_pipeline, say, tmp_path):
    """"what is the date today" begins like "what is {title} about"; it is that command, not a film."""
    heard = _after_a_request(films_pipeline, say, tmp_path, read(say("what is the date today", "espeak:en-us+f3")),
                             "espeak:en-us+f3", 24)
    assert [h.turn.intent for h in heard if h.turn] == ["date"], [(h.final.text, h.text) for h in heard]
