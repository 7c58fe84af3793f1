"""Data the text-to-speech side hands around: synthesised audio, progress, and its errors."""

from __future__ import annotations

import io
import wave
from dataclasses import dataclass

__all__ = ["Audio", "SpeechProgress", "SynthesisError", "UnknownVoice", "DEFAULT_VOICE", "SAMPLE_WIDTH"]

DEFAULT_VOICE = "en-us+f3"
"""OS¹'s voice when the ``voice`` setting is empty: espeak-ng's US English with its female variant 3."""
SAMPLE_WIDTH = 2
"""Bytes per sample: audio is signed 16-bit little-endian, mono."""


@dataclass(frozen=True)
class Audio:
    """Mono 16-bit PCM."""

    samples: bytes
    """Signed 16-bit little-endian samples, one channel."""
    rate: int
    """Sample rate in Hz (espeak-ng through pyttsx3 gives 22050)."""

    @property
    def seconds(self) -> float:
        """Duration in seconds."""
        return len(self.samples) / SAMPLE_WIDTH / self.rate if self.rate else 0.0

    def to_wav(self) -> bytes:
        """The audio as the bytes of a WAV file."""
        out = io.BytesIO()
        with wave.open(out, "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(SAMPLE_WIDTH)
            wav.setframerate(self.rate)
            wav.writeframes(self.samples)
        return out.getvalue()


@dataclass(frozen=True)
class SpeechProgress:
    """How far OS¹ is through a reply (sent about ten times a second, only when asked for; coalesce them)."""

    sentence: int
    """Index of the sentence now playing, from 0."""
    sentences: int
    """Sentences in the reply."""
    played_s: float
    """Seconds of the reply played so far."""
    dbfs: float
    """Output level of the last block, dB relative to full scale (-96..0)."""


class SynthesisError(Exception):
    """The synthesiser failed; the message says why and what to do."""


class UnknownVoice(SynthesisError):
    """The ``voice`` setting names a voice that is not installed."""
