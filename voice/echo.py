"""Telling a person's voice from OS¹'s own while OS¹ speaks: an echo gate with double-talk detection.

Through real loudspeakers the microphone hears OS¹'s reply, delayed by the devices (10-300 ms) and
smeared by the room. OS¹ knows what it played (the speaker keeps the level of every block it handed
to the device), so for each 20 ms microphone frame it predicts how loud its own echo can be there —

    echo ≤ coupling × (loudest block played in the last ``WINDOW_S``) + noise floor

— and calls the frame *talk* when the microphone is ``MARGIN_DB`` louder than that. A person has
started to speak when most of the last few frames are talk (``ONSET``). The coupling (how much of
the loudspeaker reaches the microphone) is learned at the start of every speaking turn, when OS¹ is
the only one talking, and kept from turn to turn. No alignment between the two clocks is needed
beyond the window, so it works through PulseAudio, PipeWire or ALSA, with or without a system echo
canceller (with one — ``module-echo-cancel`` — the coupling learned is small and a softer voice
interrupts).

Pure: no threads, no devices. ``feed(pcm, at)`` returns True once per onset.
"""

from __future__ import annotations

import collections
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

__all__ = ["TalkDetector", "Onset", "FRAME_S", "WINDOW_S", "MARGIN_DB", "LEARN_S"]

RATE = 16000
"""Microphone sample rate, Hz."""
FRAME_S = 0.02
"""Seconds per analysis frame."""
WINDOW_S = 0.4
"""How far back a frame may hear OS¹ (device latency plus the room's reverberation), seconds."""
LEARN_S = 0.5
"""Seconds at the start of each speaking turn spent learning the coupling; nobody interrupts sooner."""
MARGIN_DB = 5.0
"""How much louder than OS¹'s predicted echo (plus the noise floor) a frame must be to count as talk, dB."""
ONSET = (3, 4)
"""A person is talking when this many of the last this-many frames are talk (60 ms of 80 ms)."""
AUDIBLE = 1e-6
"""Played energy (mean square, full scale 1) below which OS¹ counts as silent (-60 dBFS)."""
TAIL_DECAY = 10 ** (-60 / 10 * FRAME_S / 1.2)
"""Per-frame fall of the predicted echo once OS¹'s loud blocks leave the window: 60 dB in 1.2 s,
slower than the reverberation of any room a laptop is used in."""
MIN_TALK = 10 ** (-55 / 10)
"""Nothing quieter than -55 dBFS is a person talking to OS¹, however clean the line: an echo
canceller's output is near digital silence, where its leftovers would stand out against the floor."""
TELLING = 0.05
"""The coupling is learned only from frames whose played energy is within 13 dB of the turn's peak."""
QUIET_NOISE = 1e-7
"""Starting noise floor, mean square (-70 dBFS); it follows the microphone down and slowly up."""

NOISE_RISE = 1.014
"""Per-frame factor by which the noise floor creeps up towards a louder microphone (3 dB a second)."""

PlayedEnergy = Callable[[float, float], float]
"""``(start, end) -> mean square`` of the loudest block OS¹ handed to its output device between two
``time.monotonic()`` instants (0.0 if none): :meth:`os1.voice.tts.Speaker.played_energy`."""


@dataclass(frozen=True)
class Onset:
    """A person started talking over OS¹."""

    at: float
    """``time.monotonic()`` of the first talk frame of the onset."""
    heard_at: float
    """``time.monotonic()`` of the frame that decided it (``at`` plus at least two frames)."""
    level_db: float
    """Microphone level of the deciding frame, dBFS."""
    over_echo_db: float
    """How far above the predicted echo and noise it was, dB."""


class TalkDetector:
    """Spots a person starting to talk while OS¹'s voice comes back through the microphone.

    Args:
        played: the speaker's record of what it played (see ``PlayedEnergy``).
        margin_db: see ``MARGIN_DB``; higher is harder to interrupt and safer from self-interruption.
    """

    def __init__(self, played: PlayedEnergy, margin_db: float = MARGIN_DB) -> None:
        self._played = played
        self._margin = 10 ** (margin_db / 10)
        self._frame = int(RATE * FRAME_S)
        self._rest = np.zeros(0, np.float32)
        self._odd = b""
        self._recent: collections.deque[tuple[bool, float]] = collections.deque(maxlen=ONSET[1])
        self.coupling = 0.0
        """Microphone energy per unit of played energy, learned (kept across turns)."""
        self.noise = QUIET_NOISE
        """The microphone's noise floor, mean square."""
        self._turn_coupling = 0.0
        self._heard_s = 0.0
        """Seconds of this turn during which OS¹ was audible (learning ends at ``LEARN_S``)."""
        self._peak = 0.0
        """The loudest block OS¹ played this turn, mean square."""
        self._echo = 0.0
        """The echo predicted for the last frame, mean square (it fades at ``TAIL_DECAY`` per frame)."""
        self.last: Onset | None = None
        self.last_talk = float("-inf")
        """``time.monotonic()`` of the last frame louder than OS¹'s echo could be."""

    def start_turn(self) -> None:
        """OS¹ starts speaking: relearn the coupling (keeping half of what the last turn learned)."""
        self.coupling *= 0.5
        self._turn_coupling = 0.0
        self._heard_s = 0.0
        self._peak = 0.0
        self._echo = 0.0
        self._recent.clear()

    def idle(self, pcm: bytes) -> None:
        """Microphone audio while OS¹ is silent: only the noise floor is learned from it."""
        for energy in self._energies(pcm):
            self._track_noise(energy)

    def feed(self, pcm: bytes, at: float) -> Onset | None:
        """Microphone audio captured while OS¹ speaks; *at* is ``time.monotonic()`` of its last sample.

        Returns the onset when a person has just started talking (once; the frames are then forgotten).
        """
        energies = self._energies(pcm)
        n = len(energies)
        for i, energy in enumerate(energies):
            t = at - (n - 1 - i) * FRAME_S - len(self._rest) / RATE
            onset = self._frame_in(energy, t)
            if onset is not None:
                self._recent.clear()
                self.last = onset
                return onset
        return None

    # -- per frame -------------------------------------------------------------------------------
    def _frame_in(self, energy: float, t: float) -> Onset | None:
        played = self._played(t - WINDOW_S, t)
        if played < AUDIBLE:
            self._track_noise(energy)
            learning = False
        else:
            learning = self._heard_s < LEARN_S
            self._heard_s += FRAME_S
        self._peak = max(self._peak, played)
        # the coupling is read only where OS¹ is clearly loud, or the noise would pass for echo
        telling = played >= max(AUDIBLE, self._peak * TELLING)
        ratio = max(0.0, energy - self.noise) / played if telling else 0.0
        if learning:
            self._turn_coupling = max(self._turn_coupling, ratio)
            self.coupling = max(self.coupling, self._turn_coupling)
            self._recent.append((False, t))
            return None
        # a loud word keeps ringing in the room after it left the window: let the prediction fade, not drop
        self._echo = max(self.coupling * played, self._echo * TAIL_DECAY)
        predicted = self._echo + self.noise
        talk = energy > self._margin * predicted and energy > MIN_TALK
        if not talk and ratio > self.coupling:  # OS¹ got louder (volume up): follow it slowly
            self.coupling += 0.02 * (ratio - self.coupling)
        self._recent.append((talk, t))
        if talk:
            self.last_talk = t
        if talk and sum(k for k, _ in self._recent) >= ONSET[0]:
            first = next(at for k, at in self._recent if k)
            return Onset(first, t, _db(energy), round(10 * np.log10(energy / predicted), 1))
        return None

    def _track_noise(self, energy: float) -> None:
        if energy < self.noise:
            self.noise = max(energy, 1e-10)
        else:  # rises slowly, so speech does not lift it
            self.noise *= NOISE_RISE

    def _energies(self, pcm: bytes) -> list[float]:
        pcm = self._odd + pcm
        whole_samples = len(pcm) // 2 * 2
        self._odd = pcm[whole_samples:]
        samples = np.frombuffer(pcm[:whole_samples], "<i2").astype(np.float32) / 32768.0
        x = np.concatenate([self._rest, samples])
        whole = len(x) // self._frame * self._frame
        self._rest = x[whole:]
        if not whole:
            return []
        frames = x[:whole].reshape(-1, self._frame)
        return [float(e) for e in (frames ** 2).mean(axis=1)]


def _db(energy: float) -> float:
    return round(10 * float(np.log10(max(energy, 1e-10))), 1)
