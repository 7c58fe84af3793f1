"""The real dashboard in a real terminal, with a voice stand-in that silences descriptor 2 on F2.

Run as a script by test_terminal.py: ``python _silenced_stderr_dashboard.py HOME``. The app is built
by the one factory (``create_app``) and run with Textual's terminal driver as ``os1 dashboard``
runs it. The stand-in does what ``sounddevice`` does around ``Pa_Initialize`` when the voice side
first imports it: points descriptor 2 at /dev/null, then puts it back. The real window is short
(tens of milliseconds here, longer on machines with many audio devices) and comes at a random
moment of start-up; here it opens when F2 is pressed and lasts SILENT_S, so a test can type into it.
"""

from __future__ import annotations

import os
import sys
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

from os1.skills.persona import PersonaSkill
from os1.tui.app import create_app

from os1.app import build_assistant
from os1.events import ListenState

SILENT_S = 8.0
"""Seconds descriptor 2 points at /dev/null after F2."""


class SilencingVoice:
    """Stand-in for os1.voice.session.VoiceSession: no audio; F2 silences descriptor 2 for SILENT_S."""

    def __init__(self, assistant: Any, on_event: Any) -> None:
        self.on_event = on_event
        self._saved: int | None = None
        """A copy of the real descriptor 2 while it points at /dev/null."""
        self._lock = threading.Lock()

    def start(self) -> None:
        self.on_event(ListenState("wake", "stand-in"))

    def push_to_talk(self) -> None:
        # Synchronously, so the window is open before the dashboard draws "listening…".
        with self._lock:
            if self._saved is not None:
                return
            self._saved = os.dup(2)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 2)
            os.close(devnull)
        timer = threading.Timer(SILENT_S, self._put_back)
        timer.daemon = True
        timer.start()

    def _put_back(self) -> None:
        with self._lock:
            if self._saved is not None:
                os.dup2(self._saved, 2)
                os.close(self._saved)
                self._saved = None

    def close(self) -> None:
        self._put_back()

    def set_muted(self, muted: bool) -> None:
        pass

    def stop_speaking(self) -> None:
        pass

    def speak(self, text: str) -> None:
        pass


def main(home: str) -> int:
    assistant = build_assistant(home=Path(home), now=datetime(2026, 11, 22, 9, 30), skills=[PersonaSkill],
                                discover_skills=False)
    try:
        app = create_app(assistant, voice_factory=SilencingVoice, poll_interval=0)
        try:
            app.run()
        finally:
            app.finish_work()
        return 0
    finally:
        assistant.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
