"""Synthetic speech for tests and the benchmark: espeak-ng and flite voices, mixed with noise by numpy."""

from __future__ import annotations

import subprocess
import wave
from pathlib import Path

import numpy as np

VOICES = ("espeak:en-us", "espeak:en-us+f3", "espeak:en-gb", "flite:slt", "flite:rms")


def synth(text: str, voice: str, out: Path) -> Path:
    """Speak *text* with *voice* ("espeak:NAME" or "flite:NAME") into a 16 kHz mono WAV, padded."""
    engine, name = voice.split(":", 1)
    raw = out.with_suffix(".raw.wav")
    if engine == "espeak":
        subprocess.run(["espeak-ng", "-v", name, "-w", str(raw), text], check=True, timeout=60,
                       stdin=subprocess.DEVNULL, capture_output=True)
    else:
        subprocess.run(["flite", "-voice", name, "-t", text, "-o", str(raw)], check=True, timeout=60,
                       stdin=subprocess.DEVNULL, capture_output=True)
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(out), "pad", "0.3", "0.3"],
                   check=True, timeout=60, stdin=subprocess.DEVNULL, capture_output=True)
    raw.unlink()
    return out


def read(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as w:
        return np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(np.float32)


def write(path: Path, samples: np.ndarray, rate: int = 16000) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(np.clip(samples, -32768, 32767).astype("<i2").tobytes())
    return path


def speech_bounds(x: np.ndarray, rate: int = 16000) -> tuple[float, float]:
    """Seconds of the first and last sample louder than -40 dBFS (10 ms frames)."""
    n = rate // 100
    frames = x[: len(x) // n * n].reshape(-1, n)
    loud = np.flatnonzero(np.sqrt((frames ** 2).mean(axis=1)) > 32768 * 10 ** (-40 / 20))
    if not len(loud):
        return 0.0, 0.0
    return loud[0] / 100, (loud[-1] + 1) / 100


def mix_noise(x: np.ndarray, snr_db: float | None, seed: int = 0) -> np.ndarray:
    """*x* plus pink-ish noise at *snr_db* (speech power over noise power, speech frames only)."""
    if snr_db is None:
        return x
    rng = np.random.default_rng(seed)
    white = rng.standard_normal(len(x) + 1)
    noise = np.cumsum(white)  # brown, then mixed with white: a fan/street-like spectrum
    noise = noise - np.convolve(noise, np.ones(400) / 400, mode="same")
    noise = noise[: len(x)] + 0.5 * white[: len(x)]
    s0, s1 = speech_bounds(x)
    speech = x[int(s0 * 16000): int(s1 * 16000)]
    p_s = float((speech ** 2).mean()) if len(speech) else 1.0
    noise *= np.sqrt(p_s / (10 ** (snr_db / 10)) / float((noise ** 2).mean()))
    return x + noise
