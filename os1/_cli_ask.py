"""``os1 ask "TEXT"``: answer one utterance."""

from __future__ import annotations

import argparse
import sys

from ._cli_common import SetupFailed, add_now, assistant_from, fail, print_turn, startup_notes


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("text", nargs="+", help="what you would say")
    parser.add_argument("--json", action="store_true", help="print the whole turn as JSON")
    add_now(parser)


def run(args: argparse.Namespace) -> int:
    try:
        assistant = assistant_from(args)
    except SetupFailed as exc:
        return fail(str(exc))
    try:
        for note in startup_notes(assistant):
            print(f"os1: {note}", file=sys.stderr)
        print_turn(assistant.handle(" ".join(args.text)), args.json)
    finally:
        assistant.close()
    return 0
