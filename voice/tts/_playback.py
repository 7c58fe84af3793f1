"""Playing synthesised speech through sounddevice, so it can be cut at once, metered and echoed back.

The audio callback only copies samples out of a buffer that the speaker's thread fills; stopping sets
a flag that the next callback (every few milliseconds) answers with ``CallbackAbort``, which drops
what the device still holds instead of draining it.
"""

from __future__ import annotations

import collections
import math
import threading
import time
from typing import TYPE_CHECKING, Any

from .types import Audio

if TYPE_CHECKING:
    import numpy as np

__all__ = ["Player", "PlaybackError", "output_problem", "device_arg", "History"]

LATENCY = "low"
"""PortAudio output latency hint; through PulseAudio it gave ~9 ms of device buffer here."""


class PlaybackError(Exception):
    """The output device could not be opened; the message says what to do."""


def device_arg(setting: str) -> int | str | None:
    """The sounddevice ``device`` argument for the ``output_device`` setting."""
    setting = setting.strip()
    if not setting:
        return None
    return int(setting) if setting.isdigit() else setting


def _import_sounddevice() -> Any:
    try:
        import sounddevice
    except ImportError:
        raise ImportError("Speech output needs sounddevice: pip install sounddevice") from None
    except OSError as exc:  # the PortAudio library itself is missing
        raise ImportError(f"Speech output needs PortAudio ({exc}): apt-get install libportaudio2") from None
    return sounddevice


def output_problem(setting: str, rate: int = 22050) -> str | None:
    """None when the configured output device can take mono 16-bit audio, else why not (for a person)."""
    try:
        sd = _import_sounddevice()
    except ImportError as exc:
        return str(exc)
    device = device_arg(setting)
    try:
        sd.check_output_settings(device=device, channels=1, dtype="int16", samplerate=rate)
    except ValueError as exc:
        return (f"The output device {setting!r} was not found ({exc}). `os1 devices` lists the devices; "
                f"change the output_device setting.")
    except Exception as exc:  # PortAudioError: no device at all, or one that refuses this format
        if device is None:
            try:
                if not any(d["max_output_channels"] > 0 for d in sd.query_devices()):
                    return ("There is no audio output device (no sound card, and no PulseAudio or PipeWire "
                            "server running).")
            except Exception:
                return f"Audio output is not available ({exc})."
        return f"The output device {setting or 'default'!r} cannot play speech ({exc})."
    return None


class History:
    """The last few seconds handed to the device, for echo handling on the microphone side."""

    def __init__(self, keep_s: float = 5.0) -> None:
        self._blocks: collections.deque[tuple[float, Any]] = collections.deque()
        self._energy: collections.deque[tuple[float, float]] = collections.deque()
        """(time handed to the device, mean square with full scale 1) of every block kept."""
        self._lock = threading.Lock()
        self._keep = keep_s
        self.rate = 22050
        self.last_time = 0.0
        """``time.monotonic()`` when the latest block was handed to the device (0 before any)."""

    def add(self, block: np.ndarray, rate: int, energy: float) -> None:
        now = time.monotonic()
        with self._lock:
            if rate != self.rate:
                self._blocks.clear()
                self.rate = rate
            self._blocks.append((now, block.copy()))
            self._energy.append((now, energy))
            self.last_time = now
            while self._blocks and now - self._blocks[0][0] > self._keep:
                self._blocks.popleft()
                self._energy.popleft()

    def energy(self, start: float, end: float) -> float:
        """Mean square (full scale 1) of the loudest block handed to the device between two
        ``time.monotonic()`` instants; 0.0 when nothing was."""
        with self._lock:
            loudest = 0.0
            for t, e in reversed(self._energy):
                if t < start:
                    break
                if t <= end and e > loudest:
                    loudest = e
            return loudest

    def recent(self, seconds: float) -> tuple[Audio, float]:
        import numpy as np

        with self._lock:
            blocks = [b for t, b in self._blocks if self.last_time - t <= seconds]
            data = np.concatenate(blocks)[-int(seconds * self.rate):] if blocks else np.zeros(0, np.int16)
            return Audio(data.astype("<i2").tobytes(), self.rate), self.last_time


class Player:
    """One reply's playback on one output stream."""

    def __init__(self, device: str, history: History | None = None) -> None:
        self._device = device_arg(device)
        self._setting = device
        self._history = history
        self._chunks: collections.deque[Any] = collections.deque()
        self._lock = threading.Lock()
        self._ended = False
        self._aborting = False
        self._finished = threading.Event()
        self._stream: Any = None
        self._sd: Any = None
        self.rate = 0
        """Sample rate of the open stream, Hz."""
        self.played = 0
        """Frames handed to the device so far."""
        self.queued = 0
        """Frames fed so far."""
        self.dbfs = -96.0
        """Level of the last block, dB relative to full scale."""
        self.first_audio: float | None = None
        """``time.monotonic()`` of the first callback that carried speech."""

    def open(self, rate: int) -> None:
        """Open and start the stream at *rate* (or the device's own rate if it refuses *rate*)."""
        sd = self._sd = _import_sounddevice()
        try:
            self._stream = self._make(sd, rate)
        except ValueError as exc:
            raise PlaybackError(f"The output device {self._setting!r} was not found ({exc}). "
                                f"`os1 devices` lists the devices; change the output_device setting.") from None
        except sd.PortAudioError as exc:
            try:  # some hardware devices only take their own rate
                native = int(sd.query_devices(self._device, "output")["default_samplerate"])
                self._stream = self._make(sd, native)
            except Exception:
                reason = output_problem(self._setting, rate) or f"the device refused the stream ({exc})"
                raise PlaybackError(reason) from None
        self._stream.start()

    def _make(self, sd: Any, rate: int) -> Any:
        stream = sd.OutputStream(device=self._device, samplerate=rate, channels=1, dtype="int16",
                                 latency=LATENCY, callback=self._callback, finished_callback=self._finished.set)
        self.rate = rate
        return stream

    def feed(self, audio: Audio) -> None:
        """Queue *audio* after what is already queued."""
        import numpy as np

        data = np.frombuffer(audio.samples, dtype="<i2")
        if audio.rate != self.rate and len(data):
            n = max(1, round(len(data) * self.rate / audio.rate))
            data = np.interp(np.linspace(0, len(data) - 1, n), np.arange(len(data)), data).astype(np.int16)
        with self._lock:
            self._chunks.append(data)
            self.queued += len(data)

    def end(self) -> None:
        """No more audio: the stream stops once the queue has played."""
        with self._lock:
            self._ended = True

    @property
    def aborted(self) -> bool:
        """True once :meth:`abort` was called."""
        return self._aborting

    def buffered_s(self) -> float:
        """Seconds fed but not yet played."""
        return (self.queued - self.played) / self.rate if self.rate else 0.0

    def wait(self, timeout: float | None = None) -> bool:
        """True once the stream has stopped (played out, aborted, or failed)."""
        return self._finished.wait(timeout)

    def abort(self, timeout: float = 0.1) -> None:
        """Cut the sound now; returns when the stream has stopped or after *timeout* seconds."""
        with self._lock:
            self._aborting = True
        if self._stream is None:
            self._finished.set()
            return
        if not self._finished.wait(timeout):
            try:
                self._stream.abort()  # the callback did not come round: stop it from here
            except Exception:
                pass

    def close(self) -> None:
        if self._stream is not None:
            try:
                self._stream.close()
            except Exception:
                pass
            self._stream = None
        self._finished.set()

    def _callback(self, out: Any, frames: int, _time: Any, _status: Any) -> None:
        sd = self._sd
        buf = out[:, 0]
        filled = 0
        with self._lock:
            if self._aborting:
                out.fill(0)
                raise sd.CallbackAbort
            while filled < frames and self._chunks:
                chunk = self._chunks[0]
                take = min(frames - filled, len(chunk))
                buf[filled:filled + take] = chunk[:take]
                filled += take
                if take == len(chunk):
                    self._chunks.popleft()
                else:
                    self._chunks[0] = chunk[take:]
            ended = self._ended and not self._chunks
        buf[filled:] = 0  # waiting for the next sentence: silence
        self.played += filled
        if filled:
            block = buf[:filled]
            if self.first_audio is None:
                self.first_audio = time.monotonic()
            energy = float(((block.astype("float32") / 32768) ** 2).mean())
            self.dbfs = max(-96.0, 10 * math.log10(energy)) if energy > 0 else -96.0
            if self._history is not None:
                self._history.add(block, self.rate, energy)
        if ended:
            raise sd.CallbackStop
