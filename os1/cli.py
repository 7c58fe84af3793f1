"""The ``os1`` command. Each subcommand lives in its own small module, imported only when used."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

__all__ = ["main", "COMMANDS"]

COMMANDS: dict[str, tuple[str, str]] = {
    "chat": ("os1._cli_chat", "talk with OS¹ by typing"),
    "ask": ("os1._cli_ask", "answer one utterance and exit"),
    "skills": ("os1._cli_skills", "list or check the installed skills"),
    "listen": ("os1.voice.cli_listen", "run an audio file through the speech pipeline"),
    "devices": ("os1.voice.cli_devices", "list audio input and output devices"),
    "models": ("os1.voice.cli_models", "list, download or choose speech models"),
    "say": ("os1.voice.cli_say", "speak text, or write it to a WAV file"),
    "voices": ("os1.voice.cli_voices", "list the installed text-to-speech voices"),
    "films": ("os1.skills.films.cli", "import films into the film database"),
    "dashboard": ("os1.tui.cli", "open the dashboard"),
}
"""Subcommand -> (module with ``configure(parser)`` and ``run(args) -> int``, one-line help)."""
DEFAULT_COMMAND = "chat"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="os1", description="OS¹, an offline voice assistant for the terminal.")
    parser.add_argument("--home", help="keep all settings and data in this directory (default: $OS1_HOME, else XDG)")
    parser.add_argument("--verbose", "-v", action="store_true", help="also print the log to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_text) in COMMANDS.items():
        try:
            configure = importlib.import_module(module).configure
        except ModuleNotFoundError as exc:
            if exc.name is None or not module.startswith(exc.name):
                raise  # a real missing dependency inside the module: say so
            continue  # that part of OS¹ is not installed
        configure(sub.add_parser(name, help=help_text, description=help_text))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``os1`` command; returns the exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = _parser()
    args = parser.parse_args(args_list)
    if args.command is None:
        args = parser.parse_args([*args_list, DEFAULT_COMMAND])
    module = importlib.import_module(COMMANDS[args.command][0])
    try:
        return int(module.run(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
