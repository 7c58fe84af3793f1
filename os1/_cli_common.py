"""Pieces the subcommands share: building the assistant from flags, and reporting setup errors."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from .app import build_assistant, setup_logging
from .assistant import Assistant
from .clock import local_zone, parse_now
from .events import Turn, to_dict
from .paths import resolve_paths
from .settings import SettingsError, load_settings

__all__ = ["add_now", "assistant_from", "print_turn", "startup_notes", "new_notes", "fail", "SetupFailed"]


class SetupFailed(Exception):
    """OS¹ could not start; the message is for the person."""


def add_now(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--now", metavar="ISO-8601", help="fix the clock (e.g. 2026-11-22T09:30) for reproducible answers")


def assistant_from(args: argparse.Namespace, lazy: bool = False, **overrides: Any) -> Assistant:
    """The assistant for these flags; raises SetupFailed with a readable message.

    *lazy*: use the skill index cache (see :func:`os1.app.build_assistant`).
    """
    paths = resolve_paths(args.home)
    try:
        settings = load_settings(paths, overrides)
    except SettingsError as exc:
        raise SetupFailed(str(exc)) from None
    setup_logging(paths, getattr(args, "verbose", False))
    now = None
    if getattr(args, "now", None):
        try:
            now = parse_now(args.now, local_zone(settings.timezone))
        except ValueError as exc:
            raise SetupFailed(str(exc)) from None
    return build_assistant(settings=settings, now=now, lazy=lazy)


def startup_notes(assistant: Assistant) -> list[str]:
    """What the person should know before the first turn: skills that did not load, a damaged memory."""
    notes = [problem.sentence() for problem in assistant.problems]
    return notes + ([assistant.memory.problem] if assistant.memory.problem else [])


def new_notes(assistant: Assistant, shown: list[str]) -> list[str]:
    """Start-up notes not in *shown* yet, which is extended with them.

    With the skill index cache a skill that does not import is found out when it is first needed;
    the note then comes just before that turn's answer. Skills that failed to *start* during a turn
    are not start-up notes: the turn's answer says so.
    """
    notes = [p.sentence() for p in assistant.problems if p.stage != "start" and p.sentence() not in shown]
    shown.extend(notes)
    return notes


def print_turn(turn: Turn, as_json: bool) -> None:
    if as_json:
        data = to_dict(turn)
        print(json.dumps({"utterance": turn.utterance.text, "skill": turn.skill, "intent": turn.intent,
                          "slots": data["slots"], "confidence": turn.confidence, "reply": turn.reply,
                          "question": data["question"], "candidates": data["candidates"],
                          "error": data["error"], "timings": data["timings"], "now": turn.now,
                          "data": data["data"]}, ensure_ascii=False))
    else:
        print(turn.reply)


def fail(message: str) -> int:
    print(f"os1: {message}", file=sys.stderr)
    return 2
