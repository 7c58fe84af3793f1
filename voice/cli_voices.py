"""``os1 voices``: list the installed text-to-speech voices (and espeak-ng's voice variants)."""

from __future__ import annotations

import argparse
import json
import sys

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", metavar="CODE", help="only voices for this language, e.g. en or en-us")
    parser.add_argument("--variants", action="store_true",
                        help="list espeak-ng's variants instead (add one to a voice: en-us+f3)")
    parser.add_argument("--json", action="store_true", help="print JSON")


def run(args: argparse.Namespace) -> int:
    from os1.paths import resolve_paths
    from os1.settings import SettingsError, load_settings

    from .tts.synth import list_voices
    from .tts.types import DEFAULT_VOICE, SynthesisError

    try:
        settings = load_settings(resolve_paths(args.home))
    except SettingsError as exc:
        print(f"os1: {exc}", file=sys.stderr)
        return 2
    try:
        found = list_voices()
    except SynthesisError as exc:
        print(f"os1: {exc}", file=sys.stderr)
        return 1
    current = settings.voice or DEFAULT_VOICE
    if args.variants:
        rows = [{"id": v["id"], "name": v["name"], "gender": v["gender"]} for v in found["variants"]]
        if args.json:
            print(json.dumps(rows))
            return 0
        for row in rows:
            print(f"  +{row['id']:<14} {row['gender'] or '':<7} {row['name']}")
        print(f"\nAdd a variant to a voice, e.g. en-us+f3 (OS¹ now speaks with {current}).")
        return 0
    voices = found["voices"]
    if args.lang:
        want = args.lang.lower()
        voices = [v for v in voices if any(lang.lower().startswith(want) for lang in v["languages"])]
    if args.json:
        print(json.dumps({"current": current, "voices": voices}))
        return 0
    base = current.split("+", 1)[0].lower()
    for v in voices:
        ident = v["id"]
        mark = "*" if base in (ident.lower(), ident.lower().rsplit("/", 1)[-1]) else " "
        print(f"{mark} {ident.rsplit('/', 1)[-1]:<18} {','.join(v['languages']):<18} {v['gender'] or '':<7} {v['name']}")
    print(f"\n{len(voices)} voices. OS¹ speaks with {current}"
          f"{' (the default)' if not settings.voice else ''}. Choose one with the voice setting "
          f"(voice = \"en-gb+f4\" in settings.toml, or OS1_VOICE=...); try it: os1 say --voice en-gb+f4 \"Hello\"."
          f" `os1 voices --variants` lists variants such as +f3.")
    return 0
