"""``os1 devices``: list audio input and output devices."""

from __future__ import annotations

import argparse
import json

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the devices as JSON")


def run(args: argparse.Namespace) -> int:
    import dataclasses

    from os1._cli_common import fail

    from .audio import AudioUnavailable, list_devices

    try:
        devices = list_devices()
    except AudioUnavailable as exc:
        return fail(str(exc))
    if args.json:
        print(json.dumps([dataclasses.asdict(d) for d in devices]))
        return 0
    if not devices:
        print("No audio devices. OS¹ works by typing; for voice, connect a microphone (or start PulseAudio).")
        return 0
    for d in devices:
        kinds = [k for k, n in (("in", d.inputs), ("out", d.outputs)) if n]
        marks = [m for m, on in (("default input", d.default_input), ("default output", d.default_output)) if on]
        print(f"{d.index:3}  {d.name:40}  {'/'.join(kinds):6}  {d.rate:g} Hz" + (f"  ({', '.join(marks)})" if marks else ""))
    print("\nChoose with the settings input_device and output_device (an index or part of a name).")
    return 0
