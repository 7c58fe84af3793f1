"""Fixtures for the voice-out tests: one throwaway PulseAudio server and one small-grammar recogniser."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest

from tests.support.pulse import pulse_available, virtual_audio

PHRASES = (
    "turn on the kitchen lights", "turn off the kitchen lights", "turn on the bedroom lights",
    "set a timer for ten minutes", "set a timer for two minutes", "set a timer for twenty minutes",
    "play some music",
)
"""What the recogniser may hear: each spoken phrase has near neighbours, so a wrong hearing shows."""


@pytest.fixture(scope="session")
def pulse():
    reason = pulse_available()
    if reason:
        pytest.skip(reason)
    with virtual_audio() as audio:
        yield audio


@pytest.fixture(scope="session")
def recognise(tmp_path_factory):
    """A function: WAV path -> the phrase PocketSphinx heard (JSGF grammar of PHRASES), or ""."""
    from pocketsphinx import Decoder

    gram = tmp_path_factory.mktemp("grammar") / "phrases.gram"
    gram.write_text("#JSGF V1.0;\ngrammar phrases;\npublic <phrase> = " + " | ".join(PHRASES) + ";\n")
    decoder = Decoder(jsgf=str(gram), samprate=16000, loglevel="FATAL")

    def run(path: Path) -> str:
        samples, rate = read_wav(path)
        pcm = to_16k(samples, rate)
        decoder.start_utt()
        decoder.process_raw(pcm.tobytes(), full_utt=True)
        decoder.end_utt()
        hyp = decoder.hyp()
        return hyp.hypstr if hyp is not None else ""

    return run


def read_wav(path: Path):
    import numpy as np

    with wave.open(str(path), "rb") as wav:
        assert wav.getnchannels() == 1 and wav.getsampwidth() == 2
        return np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2"), wav.getframerate()


def to_16k(samples, rate: int):
    import numpy as np

    if rate == 16000:
        return samples.astype(np.int16)
    n = int(len(samples) * 16000 / rate)
    return np.interp(np.linspace(0, len(samples) - 1, n), np.arange(len(samples)), samples).astype(np.int16)


def speech_span(samples, rate: int, threshold: int = 500) -> tuple[float, float] | None:
    """Seconds of the first and last sample louder than *threshold*, or None if all is quieter."""
    import numpy as np

    loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > threshold)
    if not len(loud):
        return None
    return loud[0] / rate, loud[-1] / rate
