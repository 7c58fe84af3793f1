"""A simulated room for the echo gate: OS¹'s voice through a loudspeaker, back into the microphone.

The microphone hears the reply delayed by the devices, smeared by a room impulse response
(exponentially decaying noise with a given RT60 — the standard statistical model), at a chosen level,
plus a person who starts talking at a known moment, plus noise. The speaker side is described the way
the real one describes itself: the time each block was handed to the device and its energy. Shared
by tests/voice_out/test_echo.py and benchmarks/bench_bargein.py.
"""

from __future__ import annotations

import bisect
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

RATE = 16000
OUT_BLOCK = 512
"""Frames per output callback at the reply's rate (what PortAudio asked for here)."""
MIC_BLOCK_S = 0.03
"""Seconds per microphone block (the session's Capture uses 30 ms)."""


def load(path: Path) -> tuple[np.ndarray, int]:
    """A WAV file as float samples in -1..1 and its rate."""
    with wave.open(str(path), "rb") as w:
        x = np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(np.float32) / 32768
        return x, w.getframerate()


def resample(x: np.ndarray, rate: int, to: int = RATE) -> np.ndarray:
    if rate == to:
        return x
    n = round(len(x) * to / rate)
    return np.interp(np.linspace(0, len(x) - 1, n), np.arange(len(x)), x).astype(np.float32)


def room_response(rt60: float, seed: int = 0) -> np.ndarray:
    """A direct path then a diffuse tail decaying 60 dB in *rt60* seconds, peak 1."""
    rng = np.random.default_rng(seed)
    n = int(rt60 * RATE)
    t = np.arange(n) / RATE
    tail = rng.standard_normal(n) * np.exp(-6.9 * t / rt60) * 0.3
    tail[:int(0.003 * RATE)] = 0  # first reflections arrive a few ms after the direct sound
    tail[0] = 1.0
    return tail.astype(np.float32)


def level(x: np.ndarray) -> float:
    """dBFS of the speech part (frames above -50 dBFS)."""
    frames = x[: len(x) // 320 * 320].reshape(-1, 320)
    e = (frames ** 2).mean(axis=1)
    loud = e[e > 1e-5]
    return 10 * float(np.log10(loud.mean())) if len(loud) else -100.0


def at_level(x: np.ndarray, db: float) -> np.ndarray:
    return x * np.float32(10 ** ((db - level(x)) / 20))


@dataclass
class Scene:
    """One speaking turn in the room."""

    mic: np.ndarray
    """What the microphone captured, float, from the moment the first reply block was handed over."""
    handed: list[float]
    """Seconds at which each output block was handed to the device."""
    energies: list[float]
    """Mean square of each output block."""
    talk_at: float | None
    """Seconds at which the person's voice reaches the microphone (None: nobody talks)."""

    def played(self, start: float, end: float) -> float:
        i = bisect.bisect_left(self.handed, start)
        j = bisect.bisect_right(self.handed, end)
        return max(self.energies[i:j], default=0.0)

    def blocks(self, in_latency: float = 0.01):
        """(pcm bytes, time stamped on arrival) as the session's Capture would deliver them."""
        n = int(MIC_BLOCK_S * RATE)
        pcm = (np.clip(self.mic, -1, 1) * 32767).astype("<i2")
        for i in range(0, len(pcm) - n + 1, n):
            yield pcm[i:i + n].tobytes(), (i + n) / RATE + in_latency


def scene(reply: np.ndarray, reply_rate: int, *, echo_db: float, delay: float = 0.06, rt60: float = 0.4,
          person: np.ndarray | None = None, person_db: float = -26.0, talk_at: float = 2.0,
          noise_db: float = -65.0, volume: float = 1.0, seed: int = 0) -> Scene:
    """OS¹ plays *reply* (at *volume*); its echo reaches the microphone at *echo_db* dBFS after
    *delay* s; *person* starts talking at *talk_at* s at *person_db* dBFS; noise at *noise_db*."""
    played = reply * np.float32(volume)
    blocks = range(0, len(played), OUT_BLOCK)
    handed = [i / reply_rate for i in blocks]
    energies = [float((played[i:i + OUT_BLOCK] ** 2).mean()) for i in blocks]
    echo = np.convolve(resample(played, reply_rate), room_response(rt60, seed))
    echo = at_level(echo, echo_db + 20 * np.log10(volume))
    total = len(echo) + int((delay + 0.5) * RATE)
    if person is not None:
        total = max(total, int(talk_at * RATE) + len(person) + RATE // 2)
    mic = np.zeros(total, np.float32)
    start = int(delay * RATE)
    mic[start:start + len(echo)] += echo
    talk = None
    if person is not None:
        voice = at_level(person, person_db)
        first = int(np.argmax(np.abs(voice) > 10 ** (-40 / 20)))  # where the voice becomes audible
        begin = int(talk_at * RATE) - first
        mic[begin:begin + len(voice)] += voice
        talk = talk_at
    rng = np.random.default_rng(seed + 1)
    mic += rng.standard_normal(total).astype(np.float32) * np.float32(10 ** (noise_db / 20))
    return Scene(mic, handed, energies, talk)
