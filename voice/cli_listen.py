"""``os1 listen FILE``: run a WAV/FLAC file through the speech pipeline the microphone uses."""

from __future__ import annotations

import argparse
import sys

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="a WAV or FLAC file (any rate 8–192 kHz, mono or stereo)")
    parser.add_argument("--json", action="store_true", help="print each turn as JSON (as `os1 ask --json`)")
    parser.add_argument("--wake", action="store_true",
                        help="require the wake word, as the microphone does (default: the file holds requests)")
    parser.add_argument("--recognizer", choices=("auto", "vosk", "pocketsphinx"), help="override the setting")
    parser.add_argument("--vosk-model", help="a Vosk model name or directory (overrides the setting)")
    parser.add_argument("--max-seconds", type=float, default=600.0,
                        help="refuse files longer than this (default 600)")
    parser.add_argument("--partials", action="store_true", help="also print the words as they are heard")
    from os1._cli_common import add_now

    add_now(parser)


def run(args: argparse.Namespace) -> int:
    from os1._cli_common import SetupFailed, assistant_from, fail, print_turn
    from os1.events import PartialTranscript, Turn

    from .audiofile import AudioFileError, open_audio, read_blocks
    from .pipeline import Pipeline
    from .recognizer import RecognizerError, create

    try:
        info = open_audio(args.file)
    except AudioFileError as exc:
        return fail(str(exc))
    if info.seconds > args.max_seconds:
        return fail(f"{args.file} is {info.seconds / 60:.1f} minutes long; `os1 listen` reads at most "
                    f"{args.max_seconds:g} s (--max-seconds). Cut out the part with the request, e.g. "
                    f"`sox {args.file} part.wav trim START 30`.")
    try:
        assistant = assistant_from(args, recognizer=args.recognizer, vosk_model=args.vosk_model)
    except SetupFailed as exc:
        return fail(str(exc))
    try:
        try:
            recognizer, note = create(assistant.settings)
        except (RecognizerError, ImportError) as exc:
            return fail(str(exc))
        if note:
            print(f"os1: {note}", file=sys.stderr)
        turns: list[Turn] = []

        def on_event(event: object) -> None:
            if isinstance(event, Turn):
                turns.append(event)
                print_turn(event, args.json)
                sys.stdout.flush()
            elif isinstance(event, PartialTranscript) and args.partials and not args.json:
                print(f"… {event.text}", file=sys.stderr)

        pipeline = Pipeline(assistant, recognizer, on_event, wake=args.wake)
        try:
            for block in read_blocks(info):
                pipeline.feed(block)
            pipeline.feed(b"\0" * 32000)  # a second of silence: the speaker stopped
            pipeline.flush()
        except AudioFileError as exc:
            return fail(str(exc))
        if not turns:
            print(f"os1: I heard no request in {args.file}.", file=sys.stderr)
            return 1
        return 0
    finally:
        assistant.close()
