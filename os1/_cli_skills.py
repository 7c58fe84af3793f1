"""``os1 skills list | check``: what is installed, and whether its templates hold together."""

from __future__ import annotations

import argparse

from ._cli_common import SetupFailed, assistant_from, fail
from .skillcheck import check_assistant


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["list", "check"], nargs="?", default="list")
    parser.add_argument("--samples", type=int, default=50, help="sentences to try per template (check)")


def run(args: argparse.Namespace) -> int:
    try:
        assistant = assistant_from(args)
    except SetupFailed as exc:
        return fail(str(exc))
    try:
        if args.action == "list":
            return _list(assistant)
        report = check_assistant(assistant, args.samples)
        print(report.text())
        return 0 if report.ok else 1
    finally:
        assistant.close()


def _list(assistant) -> int:  # type: ignore[no-untyped-def]
    for name, info in assistant.skills.items():
        print(f"{name}  [{info.origin}]  {info.cls.title or name}: {info.cls.description}")
        for spec in info.cls.intents:
            print(f"    {spec.name:<16} {spec.templates[0]}" + (f"  (+{len(spec.templates) - 1} more)" if len(spec.templates) > 1 else ""))
    for problem in assistant.problems:
        print(f"{problem.name}  [{problem.origin}]  NOT LOADED ({problem.stage}): {problem.message}")
    return 0
