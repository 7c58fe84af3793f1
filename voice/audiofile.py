"""Read a WAV or FLAC file as 16 kHz mono 16-bit audio, in blocks, with messages a person can act on.

WAV is read with the standard library; FLAC (and other libsndfile formats) needs ``soundfile``.
Files are streamed block by block, so an hour-long file never sits in memory at once.
"""

from __future__ import annotations

import wave
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = ["AudioFileError", "AudioInfo", "RATE", "open_audio", "read_blocks", "resample", "to_mono"]

RATE = 16000
"""Hertz: what every recogniser in OS¹ is fed."""
MIN_RATE, MAX_RATE = 8000, 192000
MAX_CHANNELS = 8


class AudioFileError(Exception):
    """The file cannot be used; the message names the file and what to do."""


@dataclass(frozen=True)
class AudioInfo:
    """What a file holds."""

    path: Path
    rate: int
    """Hertz, as stored."""
    channels: int
    frames: int
    """Samples per channel."""
    format: str
    """``wav`` or ``flac`` (or another libsndfile format)."""

    @property
    def seconds(self) -> float:
        return self.frames / self.rate if self.rate else 0.0


def _check(info: AudioInfo) -> AudioInfo:
    if not MIN_RATE <= info.rate <= MAX_RATE:
        raise AudioFileError(f"{info.path}: sample rate {info.rate} Hz is not supported "
                             f"(use {MIN_RATE}..{MAX_RATE} Hz; 16000 Hz is best). Convert it, e.g. "
                             f"`sox {info.path.name} -r 16000 -c 1 out.wav`.")
    if not 1 <= info.channels <= MAX_CHANNELS:
        raise AudioFileError(f"{info.path}: {info.channels} channels are not supported (1..{MAX_CHANNELS}); "
                             f"convert it to mono, e.g. `sox {info.path.name} -c 1 out.wav`.")
    if info.frames == 0:
        raise AudioFileError(f"{info.path}: the file holds no audio.")
    return info


def open_audio(path: str | Path) -> AudioInfo:
    """Inspect *path* without reading it all.

    Raises:
        AudioFileError: missing, unreadable, unsupported format, rate or channel count, or empty.
    """
    path = Path(path)
    if not path.is_file():
        raise AudioFileError(f"{path}: no such file.")
    with path.open("rb") as fh:
        head = fh.read(4)
    if head == b"RIFF":
        try:
            with wave.open(str(path), "rb") as w:
                if w.getcomptype() != "NONE":
                    raise AudioFileError(f"{path}: compressed WAV ({w.getcompname()}) is not supported; use PCM.")
                if w.getsampwidth() not in (1, 2, 3, 4):
                    raise AudioFileError(f"{path}: {8 * w.getsampwidth()}-bit samples are not supported.")
                info = AudioInfo(path, w.getframerate(), w.getnchannels(), w.getnframes(), "wav")
        except (wave.Error, EOFError) as exc:
            raise AudioFileError(f"{path}: not a readable WAV file ({exc}). Only PCM WAV and FLAC are read.") from None
        return _check(info)
    sf = _soundfile(path)
    try:
        i = sf.info(str(path))
    except RuntimeError as exc:
        raise AudioFileError(f"{path}: not a readable audio file ({exc}). Use WAV or FLAC.") from None
    return _check(AudioInfo(path, int(i.samplerate), int(i.channels), int(i.frames), i.format.lower()))


def _soundfile(path: Path):  # type: ignore[no-untyped-def]
    try:
        import soundfile
    except ImportError:
        raise AudioFileError(f"{path}: not a WAV file. Reading FLAC needs soundfile: "
                             f"`pip install soundfile` (or convert: `sox {path.name} out.wav`).") from None
    return soundfile


def to_mono(block: np.ndarray) -> np.ndarray:
    """Average the channels of a (frames, channels) float block."""
    return block.mean(axis=1) if block.ndim == 2 else block


def resample(x: np.ndarray, rate: int, to: int = RATE) -> np.ndarray:
    """Resample float audio by low-pass filtering (windowed sinc) and linear interpolation.

    Good enough for speech recognition; used block by block, so block edges are not filtered
    perfectly (a few samples of transient per block).
    """
    if rate == to or len(x) == 0:
        return x
    if to < rate:
        cutoff = 0.45 * to / rate  # cycles per input sample
        taps = np.arange(-32, 33)
        h = np.sinc(2 * cutoff * taps) * np.hamming(len(taps))
        x = np.convolve(x, h / h.sum(), mode="same")
    n_out = int(round(len(x) * to / rate))
    t = np.arange(n_out) * (rate / to)
    return np.interp(t, np.arange(len(x)), x)


def _wav_blocks(info: AudioInfo, block_frames: int) -> Iterator[np.ndarray]:
    with wave.open(str(info.path), "rb") as w:
        width = w.getsampwidth()
        while True:
            raw = w.readframes(block_frames)
            if not raw:
                return
            usable = len(raw) // (width * info.channels) * width * info.channels
            raw = raw[:usable]
            if width == 1:
                a = (np.frombuffer(raw, np.uint8).astype(np.float32) - 128) / 128
            elif width == 2:
                a = np.frombuffer(raw, "<i2").astype(np.float32) / 32768
            elif width == 3:
                b = np.frombuffer(raw, np.uint8).reshape(-1, 3).astype(np.int32)
                v = b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16)
                a = (np.where(v >= 1 << 23, v - (1 << 24), v)).astype(np.float32) / (1 << 23)
            else:
                a = np.frombuffer(raw, "<i4").astype(np.float32) / (1 << 31)
            yield a.reshape(-1, info.channels)
            if usable < len(raw) or len(raw) < block_frames * width * info.channels:
                return  # a truncated file ends here, quietly: what was there is used


def read_blocks(info: AudioInfo, block_seconds: float = 0.1) -> Iterator[bytes]:
    """16 kHz mono 16-bit little-endian blocks of about *block_seconds* each."""
    block_frames = max(1, int(info.rate * block_seconds))
    if info.format == "wav":
        source: Iterator[np.ndarray] = _wav_blocks(info, block_frames)
    else:
        sf = _soundfile(info.path)
        source = sf.blocks(str(info.path), blocksize=block_frames, dtype="float32", always_2d=True)
    try:
        for block in source:
            mono = resample(to_mono(block), info.rate)
            yield (np.clip(mono, -1.0, 1.0) * 32767).astype("<i2").tobytes()
    except (wave.Error, EOFError, RuntimeError) as exc:
        raise AudioFileError(f"{info.path}: the file is damaged ({exc}).") from None
