"""``os1 ask "TEXT"``: answer one utterance."""

from __future__ import annotations

import argparse
import sys

from ._cli_common import SetupFailed, add_now, assistant_from, fail, new_notes, print_turn, startup_notes


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("text", nargs="+", help="what you would say")
    parser.add_argument("--json", action="store_true", help="print the whole turn as JSON")
    add_now(parser)


def run(args: argparse.Namespace) -> int:
    try:
        assistant = assistant_from(args, lazy=True)
    except SetupFailed as exc:
        return fail(str(exc))
    try:
        shown = startup_notes(assistant)
        for note in shown:
            print(f"os1: {note}", file=sys.stderr)
        turn = assistant.handle(" ".join(args.text))
        for note in new_notes(assistant, shown):
            print(f"os1: {note}", file=sys.stderr)
        print_turn(turn, args.json)
    finally:
        assistant.close()
    return 0
