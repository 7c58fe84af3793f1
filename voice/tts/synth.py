"""Whole replies to audio without playing them (``os1 say --out``, tests, benchmarks)."""

from __future__ import annotations

from typing import Any

from ._client import SynthWorker
from .text import prepare
from .types import DEFAULT_VOICE, Audio

__all__ = ["synthesize", "list_voices", "SENTENCE_GAP_S"]

SENTENCE_GAP_S = 0.0
"""Extra silence between sentences; espeak-ng already ends each one with a pause."""


def synthesize(text: str, voice: str = "", rate: int = 175, volume: float = 1.0,
               worker: SynthWorker | None = None) -> Audio:
    """All of *text*, prepared for speech and synthesised sentence by sentence, as one Audio.

    Raises:
        UnknownVoice: *voice* is not installed.
        SynthesisError: the synthesiser failed even after a restart.
    """
    own = worker is None
    worker = worker or SynthWorker()
    try:
        parts: list[bytes] = []
        rate_hz = 22050
        for sentence in prepare(text).sentences:
            audio = worker.synth(sentence, voice or DEFAULT_VOICE, rate, volume)
            rate_hz = audio.rate
            parts.append(audio.samples)
            parts.append(b"\0\0" * int(SENTENCE_GAP_S * rate_hz))
        return Audio(b"".join(parts), rate_hz)
    finally:
        if own:
            worker.close()


def list_voices(worker: SynthWorker | None = None) -> dict[str, Any]:
    """The installed voices and espeak-ng variants (see :meth:`SynthWorker.voices`)."""
    own = worker is None
    worker = worker or SynthWorker()
    try:
        return worker.voices()
    finally:
        if own:
            worker.close()
