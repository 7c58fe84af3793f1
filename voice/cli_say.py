"""``os1 say "TEXT"``: speak text in OS¹'s voice, or with ``--out FILE.wav`` write the audio instead."""

from __future__ import annotations

import argparse
import sys

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("text", nargs="?", default="-", help='what to say; "-" or nothing reads standard input')
    parser.add_argument("--out", metavar="FILE.wav", help="write the speech to this WAV file instead of playing it")
    parser.add_argument("--voice", help="voice id, e.g. en-us+f3 (see `os1 voices`); default: the voice setting")
    parser.add_argument("--rate", type=int, help="speaking rate in words per minute (default: the rate setting)")
    parser.add_argument("--volume", type=float, help="volume 0..1 (default: the volume setting)")
    parser.add_argument("--device", help="output device name or index (see `os1 devices`)")


def _fail(message: str, status: int = 2) -> int:
    print(f"os1: {message}", file=sys.stderr)
    return status


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from os1.app import setup_logging
    from os1.paths import resolve_paths
    from os1.settings import SettingsError, load_settings

    paths = resolve_paths(args.home)
    try:
        settings = load_settings(paths, {"voice": args.voice, "rate": args.rate, "volume": args.volume,
                                         "output_device": args.device})
    except SettingsError as exc:
        return _fail(str(exc))
    setup_logging(paths, getattr(args, "verbose", False))
    if args.text == "-" and sys.stdin.isatty():
        return _fail('nothing to say: give the text, e.g. os1 say "Hello", or pipe it in')
    text = sys.stdin.read() if args.text == "-" else args.text
    if not text.strip():
        return _fail('nothing to say: give the text, e.g. os1 say "Hello", or pipe it in')
    if not 0.0 <= settings.volume <= 1.0:
        return _fail(f"volume {settings.volume} is out of range: use a number from 0 to 1")
    if not 20 <= settings.rate <= 500:
        return _fail(f"rate {settings.rate} is out of range: use 80..450 words per minute (175 is normal)")

    from .tts._client import SynthWorker
    from .tts.types import DEFAULT_VOICE, SynthesisError

    worker = SynthWorker()
    try:
        try:
            worker.check_voice(settings.voice or DEFAULT_VOICE)
        except SynthesisError as exc:
            return _fail(str(exc))
        if args.out:
            return _write(text, settings, worker, Path(args.out))
        return _speak(text, settings, worker)
    finally:
        worker.close()


def _write(text: str, settings: object, worker: object, out: object) -> int:
    from os1.fileio import atomic_write

    from .tts.synth import synthesize
    from .tts.types import SynthesisError

    try:
        audio = synthesize(text, settings.voice, settings.rate, settings.volume, worker=worker)  # type: ignore[attr-defined]
    except SynthesisError as exc:
        return _fail(str(exc), 1)
    if not audio.samples:
        return _fail("nothing speakable in that text (only symbols, emoji or control characters)")
    try:
        atomic_write(out, audio.to_wav())  # type: ignore[arg-type]
    except OSError as exc:
        return _fail(f"could not write {out}: {exc.strerror or exc}", 1)
    print(f"wrote {out} ({audio.seconds:.1f} s, {audio.rate} Hz mono)")
    return 0


def _speak(text: str, settings: object, worker: object) -> int:
    import threading

    from os1.events import SpeechStopped

    from .tts.speaker import Speaker

    stopped: list[str] = []
    done = threading.Event()

    def on_event(event: object) -> None:
        if isinstance(event, SpeechStopped):
            stopped.append(event.reason)
            done.set()

    speaker = Speaker(settings, on_event, warm=False, worker=worker)  # type: ignore[arg-type]
    problem = speaker.available()
    if problem:
        speaker.close()
        return _fail(f"{problem} (os1 say --out FILE.wav writes the speech to a file instead)", 1)
    try:
        speaker.say(text)
        while not done.wait(0.1):
            pass
    except KeyboardInterrupt:
        speaker.stop()
        return 130
    finally:
        speaker.close()
    reason = stopped[0] if stopped else "error"
    if reason == "muted":
        print("os1: OS¹ is muted (the muted setting); nothing was played", file=sys.stderr)
    elif reason == "error":
        return _fail(speaker.last_error or "speech could not be played", 1)
    return 0
