"""``os1 dashboard``: the Textual dashboard (plain ``os1`` opens it once the lead switches the default)."""

from __future__ import annotations

import argparse
import sys

from os1._cli_common import SetupFailed, add_now, assistant_from, fail


def configure(parser: argparse.ArgumentParser) -> None:
    add_now(parser)
    parser.add_argument("--text", action="store_true", help="text only: do not open the microphone or speaker")
    parser.add_argument("--light", action="store_true", help="start with the palette for light terminals (F7 switches)")


def run(args: argparse.Namespace) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        # Piped or redirected (`echo "what time is it" | os1`): a full-screen app cannot run there;
        # answer line by line as `os1 chat` does.
        from os1 import _cli_chat

        if not hasattr(args, "json"):
            args.json = False
        return _cli_chat.run(args)
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
