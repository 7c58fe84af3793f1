"""The echo gate on a simulated room (tests/voice_out/_room.py): OS¹'s real espeak-ng voice comes back
through a room impulse response; people speaking (espeak-ng and flite voices) start at known moments.

The live version — through PulseAudio, with a loopback as the room and with PulseAudio's own echo
canceller — is tests/voice_in/test_talkover.py.
"""

from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pytest
from os1.voice.bargein import PREROLL_S, BargeIn
from os1.voice.echo import LEARN_S, TalkDetector

from ._room import RATE, load, resample, scene

pytestmark = pytest.mark.skipif(not (shutil.which("espeak-ng") and shutil.which("flite")),
                                reason="needs espeak-ng and flite (apt-get install espeak-ng flite)")

REPLY = ("Here is a long reply about the weather. Tomorrow will be sunny with a light breeze from the west. "
         "In the afternoon a few clouds may gather over the hills, but no rain is expected at all.")
PEOPLE = {"en-us": "what time is it", "en-gb+m3": "what is on my calendar today", "slt": "read my email"}


@pytest.fixture(scope="module")
def voices(tmp_path_factory) -> dict[str, tuple[np.ndarray, int]]:
    """OS¹'s reply (its default voice, 22050 Hz) and three people (16 kHz)."""
    d = tmp_path_factory.mktemp("echo")
    subprocess.run(["espeak-ng", "-v", "en-us+f3", "-w", str(d / "os1.wav"), REPLY], check=True, timeout=60)
    out = {"os1": load(d / "os1.wav")}
    for voice, text in PEOPLE.items():
        path = d / f"{voice}.wav"
        if voice == "slt":
            subprocess.run(["flite", "-voice", "slt", "-t", text, "-o", str(path)], check=True, timeout=60)
        else:
            subprocess.run(["espeak-ng", "-v", voice, "-w", str(path), text], check=True, timeout=60)
        out[voice] = load(path)
    return out


def _run(detector: TalkDetector, sc, in_latency: float = 0.01):  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(9)
    detector.idle((rng.standard_normal(RATE) * 10 ** (-65 / 20) * 32767).astype("<i2").tobytes())
    detector.start_turn()
    for pcm, at in sc.blocks(in_latency):
        onset = detector.feed(pcm, at)
        if onset is not None:
            return onset
    return None


@pytest.mark.parametrize("echo_db", [-60, -46, -36])
@pytest.mark.parametrize("rt60", [0.3, 0.7])
@pytest.mark.parametrize("delay", [0.02, 0.15])
def test_os1_does_not_interrupt_itself(voices, echo_db, rt60, delay):
    reply, rate = voices["os1"]
    for seed in range(2):
        sc = scene(reply, rate, echo_db=echo_db, rt60=rt60, delay=delay, seed=seed)
        assert _run(TalkDetector(sc.played), sc) is None, (echo_db, rt60, delay, seed)


def test_os1_turning_its_volume_up_mid_reply_is_not_a_person(voices):
    """The coupling is learned at the start of the turn; a louder OS¹ (volume 2×) later is followed."""
    reply, rate = voices["os1"]
    half = len(reply) // 2
    louder = np.concatenate([reply[:half], reply[half:] * 2])
    sc = scene(louder, rate, echo_db=-40, rt60=0.4)
    assert _run(TalkDetector(sc.played), sc) is None


@pytest.mark.parametrize("voice", sorted(PEOPLE))
@pytest.mark.parametrize("echo_db", [-60, -46, -40])
def test_a_person_talking_over_os1_is_heard_at_once(voices, voice, echo_db):
    """Person at -26 dBFS, OS¹'s echo 14 dB or more below: the onset is found within 150 ms."""
    reply, rate = voices["os1"]
    person = resample(*voices[voice])
    for talk_at in (1.2, 3.1):
        sc = scene(reply, rate, echo_db=echo_db, rt60=0.5, delay=0.08, person=person, person_db=-26,
                   talk_at=talk_at)
        onset = _run(TalkDetector(sc.played), sc)
        assert onset is not None, (voice, echo_db, talk_at)
        assert sc.talk_at - 0.03 <= onset.at <= sc.talk_at + 0.1, (onset, sc.talk_at)
        assert onset.heard_at - sc.talk_at <= 0.15, (onset, sc.talk_at)


def test_nobody_interrupts_while_the_coupling_is_learned(voices):
    reply, rate = voices["os1"]
    person = resample(*voices["en-us"])
    sc = scene(reply, rate, echo_db=-50, person=person, person_db=-26, talk_at=0.1)
    onset = _run(TalkDetector(sc.played), sc)
    assert onset is None or onset.at >= LEARN_S  # heard later in the same words, or not at all


def test_a_person_much_quieter_than_the_echo_is_not_heard_and_not_mistaken(voices):
    """The limit of a gate without echo cancellation, stated: OS¹'s echo 6 dB above the person hides
    them. It must not misfire either."""
    reply, rate = voices["os1"]
    sc = scene(reply, rate, echo_db=-20, rt60=0.5, person=resample(*voices["slt"]), person_db=-26, talk_at=2.0)
    onset = _run(TalkDetector(sc.played), sc)
    assert onset is None or onset.at >= sc.talk_at - 0.03


def test_bargein_hands_over_the_words_from_just_before_the_onset(voices):
    reply, rate = voices["os1"]
    person = resample(*voices["en-gb+m3"])
    sc = scene(reply, rate, echo_db=-46, person=person, person_db=-26, talk_at=2.0)
    barge = BargeIn(None, sc.played)
    barge.idle(b"\0\0" * 1600)
    barge.begin()
    hit = None
    for pcm, at in sc.blocks():
        hit = barge.feed(pcm, at)
        if hit is not None:
            break
    assert hit is not None and hit.word == ""
    got = np.frombuffer(b"".join(hit.audio), "<i2")
    assert PREROLL_S * RATE <= len(got) <= (PREROLL_S + 0.25) * RATE
    assert np.abs(got).max() > 10 ** (-30 / 20) * 32768  # the person's first syllable is in it


def test_without_a_speaker_record_only_words_interrupt():
    barge = BargeIn(None, None)
    assert barge.talk is None
    assert barge.feed(b"\x00\x40" * 480, 1.0) is None


def test_played_energy_comes_from_what_the_player_handed_over():
    import time

    from os1.voice.tts._playback import History

    history = History()
    loud = np.full(512, 16384, np.int16)
    t0 = time.monotonic()
    history.add(loud, 22050, 0.25)
    history.add(loud // 4, 22050, 0.0156)
    t1 = time.monotonic()
    assert history.energy(t0 - 1, t1 + 1) == 0.25
    assert history.energy(t1 + 1, t1 + 2) == 0.0
    assert history.energy(t0 - 2, t0 - 1) == 0.0


def test_a_silent_microphone_and_odd_block_sizes_are_fine(voices):
    reply, rate = voices["os1"]
    sc = scene(reply, rate, echo_db=-40)
    detector = TalkDetector(sc.played)
    detector.start_turn()
    assert detector.feed(b"", 1.0) is None
    assert detector.feed(b"\0", 1.0) is None  # half a sample waits for the rest
    for at in np.arange(0.0, 3.0, 0.007):
        assert detector.feed(b"\0\0" * 112, float(at)) is None
