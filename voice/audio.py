"""Audio devices and microphone capture through sounddevice (PortAudio).

The capture callback only copies the block into a queue; everything else happens in a worker.
sounddevice is imported when first needed (PortAudio lists the devices at import).
"""

from __future__ import annotations

import queue
import time
from dataclasses import dataclass
from typing import Any

__all__ = ["AudioUnavailable", "Device", "list_devices", "Capture", "resolve_device"]


class AudioUnavailable(Exception):
    """No audio: PortAudio is missing, there is no device, or it cannot be opened. Says what to do."""


@dataclass(frozen=True)
class Device:
    """One PortAudio device."""

    index: int
    name: str
    inputs: int
    """Input channels (0: not a microphone)."""
    outputs: int
    """Output channels (0: not a speaker)."""
    rate: float
    """Default sample rate, Hz."""
    default_input: bool = False
    default_output: bool = False


def _sd() -> Any:
    try:
        import sounddevice
    except ImportError:
        raise AudioUnavailable("Audio needs sounddevice: `pip install sounddevice`.") from None
    except OSError as exc:  # the PortAudio library itself is missing
        raise AudioUnavailable(f"PortAudio is not installed ({exc}): `apt-get install libportaudio2` "
                               f"(or your system's PortAudio package).") from None
    return sounddevice


def list_devices() -> list[Device]:
    """Every input and output device PortAudio knows."""
    sd = _sd()
    try:
        raw = sd.query_devices()
        default_in, default_out = sd.default.device
    except Exception as exc:  # PortAudio errors come as sd.PortAudioError or OSError
        raise AudioUnavailable(f"Could not list audio devices ({exc}).") from None
    return [Device(i, d["name"], int(d["max_input_channels"]), int(d["max_output_channels"]),
                   float(d["default_samplerate"]), i == default_in, i == default_out)
            for i, d in enumerate(raw)]


def resolve_device(spec: str, kind: str) -> int | None:
    """The device index for a setting (an index or part of a name); None for the system default.

    Raises:
        AudioUnavailable: there is no such device, or no device of that kind at all.
    """
    devices = list_devices()
    usable = [d for d in devices if (d.inputs if kind == "input" else d.outputs) > 0]
    if not usable:
        what = "microphone" if kind == "input" else "speaker"
        raise AudioUnavailable(f"There is no {what} (no audio {kind} device). Check `os1 devices`.")
    spec = spec.strip()
    if not spec:
        return None
    if spec.isdigit():
        if any(d.index == int(spec) for d in usable):
            return int(spec)
    else:
        for d in usable:
            if spec.lower() in d.name.lower():
                return d.index
    raise AudioUnavailable(f"The {kind}_device setting is {spec!r}, but there is no such {kind} device. "
                           f"`os1 devices` lists them; set it with `{kind}_device = \"NAME\"`.")


class Capture:
    """A 16 kHz mono 16-bit microphone stream whose callback only enqueues.

    Args:
        device: a device index, or None for the default.
        out: the queue that receives ``(time.monotonic() on arrival, bytes)`` for every block.
        block_s: seconds per block.
    """

    def __init__(self, device: int | None, out: queue.Queue, block_s: float = 0.03) -> None:  # type: ignore[type-arg]
        self.device = device
        self.out = out
        self.block_s = block_s
        self.dropped = 0
        self._stream: Any = None

    def _callback(self, indata: Any, frames: int, time_info: Any, status: Any) -> None:
        try:
            self.out.put_nowait((time.monotonic(), bytes(indata)))
        except queue.Full:
            self.dropped += 1

    def open(self) -> None:
        sd = _sd()
        try:
            self._stream = sd.RawInputStream(samplerate=16000, channels=1, dtype="int16", device=self.device,
                                             blocksize=int(16000 * self.block_s), callback=self._callback)
            self._stream.start()
        except Exception as exc:
            self._stream = None
            raise AudioUnavailable(f"The microphone could not be opened ({exc}). Check `os1 devices` and "
                                   f"the input_device setting.") from None

    def close(self) -> None:
        if self._stream is not None:
            try:
                self._stream.stop()
                self._stream.close()
            finally:
                self._stream = None
