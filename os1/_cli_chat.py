"""``os1 chat``: a typed conversation in the terminal."""

from __future__ import annotations

import argparse
import sys

from ._cli_common import SetupFailed, add_now, assistant_from, fail, new_notes, print_turn, startup_notes


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print each turn as JSON")
    add_now(parser)


def run(args: argparse.Namespace) -> int:
    try:
        assistant = assistant_from(args, lazy=True)
    except SetupFailed as exc:
        return fail(str(exc))
    name = assistant.name
    interactive = sys.stdin.isatty()
    if hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(errors="replace")  # bytes that are not text become U+FFFD, never a crash
    try:
        shown = startup_notes(assistant)
        for note in shown:
            print(f"({note})")
        opening = assistant.start_session()
        for note in new_notes(assistant, shown):
            print(f"({note})")
        if opening is not None:
            print_turn(opening, args.json)
        while True:
            try:
                line = input("you › " if interactive else "")
            except EOFError:
                break
            if line.strip().lower() in ("/quit", "/exit", "quit", "exit"):
                break
            turn = assistant.handle(line)
            for note in new_notes(assistant, shown):
                print(f"({note})")
            if not args.json:
                print(f"{name.lower()} › ", end="")
            print_turn(turn, args.json)
            sys.stdout.flush()
    finally:
        assistant.end_session()
        assistant.close()
    return 0
