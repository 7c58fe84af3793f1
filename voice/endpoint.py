"""Where speech starts and ends: an energy detector over an adaptive noise floor.

The floor is a low percentile of the frame levels over the last few seconds (minimum statistics),
so it follows a fan switching on within a second or two and is not pulled up by speech.

The end of an utterance comes after a short pause when what was heard so far is already a complete
command (the grammar says so), and after a longer one otherwise — so "what time is it" is answered
a quarter of a second after the last word, while "set a timer for twenty ... five minutes" may
pause in the middle. Utterances are capped in length. Pure: fed frames, returns decisions.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

__all__ = ["EndpointConfig", "Endpointer", "level_db", "FRAME_S", "FRAME_BYTES"]

FRAME_S = 0.03
"""Seconds per analysis frame."""
FRAME_BYTES = int(16000 * FRAME_S) * 2
"""Bytes per frame of 16 kHz 16-bit mono."""


def level_db(pcm: bytes) -> float:
    """RMS level of 16-bit PCM in dB relative to full scale, -96..0."""
    a = np.frombuffer(pcm, "<i2").astype(np.float32)
    if a.size == 0:
        return -96.0
    rms = float(np.sqrt(np.mean(a * a))) / 32768.0
    return max(-96.0, 20.0 * np.log10(rms)) if rms > 0 else -96.0


@dataclass(frozen=True)
class EndpointConfig:
    """Tuning of the end-of-speech decision."""

    margin_db: float = 9.0
    """dB above the noise floor that counts as speech."""
    min_level_db: float = -55.0
    """dBFS below which nothing counts as speech."""
    start_s: float = 0.09
    """Seconds of speech that start an utterance."""
    short_hang_s: float = 0.21
    """Seconds of pause that end a complete command."""
    long_hang_s: float = 0.72
    """Seconds of pause that end anything else."""
    max_s: float = 8.0
    """Seconds after which an utterance is cut off."""
    preroll_s: float = 0.3
    """Seconds before the detected start that are given to the recogniser too."""
    floor_window_s: float = 3.0
    """Seconds of history the noise floor is estimated from."""
    floor_percentile: float = 10.0
    """Which percentile of that history is the floor."""


class Endpointer:
    """Feed 30 ms frames; :meth:`push` returns ``start``, ``end``, ``cap`` or None."""

    def __init__(self, config: EndpointConfig | None = None) -> None:
        config = config or EndpointConfig()
        self.config = config
        self.floor: float | None = None
        self._levels: deque[float] = deque(maxlen=max(10, int(config.floor_window_s / FRAME_S)))
        self.in_speech = False
        self._run = 0  # consecutive speech frames (before start) or silent frames (after)
        self._frames = 0  # frames since the start
        self.last_speech_frame = 0
        self.speech_frames = 0
        self._was_speech = False

    def reset(self) -> None:
        self.in_speech = False
        self._run = 0
        self._frames = 0
        self.speech_frames = 0

    def is_speech(self, frame: bytes) -> bool:
        """Whether *frame* is loud enough to be speech against the current floor (no state change)."""
        c = self.config
        return level_db(frame) > max((self.floor if self.floor is not None else -96.0) + c.margin_db, c.min_level_db)

    def push(self, frame: bytes, complete: bool = False) -> str | None:
        """Judge one frame; *complete* says the words so far are already a whole command."""
        c = self.config
        level = level_db(frame)
        self._levels.append(level)
        self.floor = float(np.percentile(np.fromiter(self._levels, float), c.floor_percentile))
        speech = self.is_speech(frame)
        pair, self._was_speech = speech and self._was_speech, speech
        if not self.in_speech:
            self._run = self._run + 1 if speech else 0
            if self._run * FRAME_S >= c.start_s:
                self.in_speech = True
                self._frames = self._run
                self.speech_frames = self._run
                self.last_speech_frame = self._run
                self._run = 0
                return "start"
            return None
        self._frames += 1
        if pair:  # two loud frames in a row: a lone noise spike does not end a pause
            self._run = 0
            self.speech_frames += 1
            self.last_speech_frame = self._frames
        elif not speech:
            self._run += 1
        if self._frames * FRAME_S >= c.max_s:
            self.reset()
            return "cap"
        hang = c.short_hang_s if complete else c.long_hang_s
        if self._run * FRAME_S >= hang:
            self.reset()
            return "end"
        return None
