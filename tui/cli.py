"""``os1 dashboard``: the Textual dashboard (plain ``os1`` opens it once the lead switches the default)."""

from __future__ import annotations

import argparse

from os1._cli_common import SetupFailed, add_now, assistant_from, fail


def configure(parser: argparse.ArgumentParser) -> None:
    add_now(parser)
    parser.add_argument("--text", action="store_true", help="text only: do not open the microphone or speaker")
    parser.add_argument("--light", action="store_true", help="start with the palette for light terminals (F7 switches)")


def run(args: argparse.Namespace) -> int:
    try:
        assistant = assistant_from(args)
    except SetupFailed as exc:
        return fail(str(exc))
    try:
        from .app import create_app, text_only  # Textual is imported only when the dashboard opens

        app = create_app(assistant, voice_factory=text_only if getattr(args, "text", False) else None,
                         light=getattr(args, "light", False))
        try:
            app.run()
        finally:
            app.finish_work()
        return int(app.return_code or 0)
    finally:
        assistant.close()
