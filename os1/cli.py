"""The ``os1`` command. Each subcommand lives in its own small module, imported only when used."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from types import ModuleType

__all__ = ["main", "COMMANDS"]

COMMANDS: dict[str, tuple[str, str]] = {
    "chat": ("os1._cli_chat", "talk with OS¹ by typing"),
    "ask": ("os1._cli_ask", "answer one utterance and exit"),
    "skills": ("os1._cli_skills", "list or check the installed skills"),
    "prepare": ("os1._cli_prepare", "build the skill index and the film database now, not on first use"),
    "listen": ("os1.voice.cli_listen", "run an audio file through the speech pipeline"),
    "devices": ("os1.voice.cli_devices", "list audio input and output devices"),
    "models": ("os1.voice.cli_models", "list, download or choose speech models"),
    "say": ("os1.voice.cli_say", "speak text, or write it to a WAV file"),
    "voices": ("os1.voice.cli_voices", "list the installed text-to-speech voices"),
    "films": ("os1.skills.films.cli", "import films into the film database"),
    "dashboard": ("os1.tui.cli", "open the dashboard"),
}
"""Subcommand -> (module with ``configure(parser)`` and ``run(args) -> int``, one-line help)."""
DEFAULT_COMMAND = "dashboard"
log = logging.getLogger("os1.cli")


def _load(name: str) -> ModuleType | str:
    """The command's module, or why it cannot be used (a part that is missing or broken)."""
    try:
        return importlib.import_module(COMMANDS[name][0])
    except Exception as exc:  # one broken part must not take the other commands down
        log.debug("command %s unavailable", name, exc_info=True)
        return f"{type(exc).__name__}: {exc}"


def _parser(wanted: str | None) -> tuple[argparse.ArgumentParser, dict[str, ModuleType | str]]:
    parser = argparse.ArgumentParser(prog="os1", description="OS¹, an offline voice assistant for the terminal.")
    parser.add_argument("--home", help="keep all settings and data in this directory (default: $OS1_HOME, else XDG)")
    parser.add_argument("--verbose", "-v", action="store_true", help="also print the log to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    loaded: dict[str, ModuleType | str] = {}
    for name, (_, help_text) in COMMANDS.items():
        sub_parser = sub.add_parser(name, help=help_text, description=help_text)
        if wanted is None or name == wanted:
            loaded[name] = _load(name)
            if not isinstance(loaded[name], str):
                loaded[name].configure(sub_parser)  # type: ignore[union-attr]
            else:
                sub_parser.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    return parser, loaded


def _command_in(argv: list[str]) -> str | None:
    """The subcommand named in *argv* (skipping global options), or None."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--home":
            i += 2
            continue
        if arg.startswith("-"):
            if arg in ("-h", "--help"):
                return None
            i += 1
            continue
        return arg if arg in COMMANDS else None
    return DEFAULT_COMMAND


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``os1`` command; returns the exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    wanted = _command_in(args_list)
    parser, loaded = _parser(wanted)
    if wanted == DEFAULT_COMMAND and DEFAULT_COMMAND not in args_list:
        args_list.append(DEFAULT_COMMAND)
    args = parser.parse_args(args_list)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    module = loaded.get(args.command) or _load(args.command)
    if isinstance(module, str):
        print(f"os1: “os1 {args.command}” is not available in this installation ({module}). "
              "Running scripts/setup.sh again reinstalls what is missing.", file=sys.stderr)
        return 2
    try:
        return int(module.run(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
