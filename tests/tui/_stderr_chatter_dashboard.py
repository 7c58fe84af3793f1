"""The real dashboard in a real terminal, with a voice stand-in that writes to descriptor 2 on F2.

Run as a script by test_terminal.py: ``python _stderr_chatter_dashboard.py HOME``. The app is built
by the one factory (``create_app``) and run with the terminal driver as ``os1 dashboard`` runs it.

F2 writes what C libraries write while the dashboard runs, from a thread, the way they write it:
``write(2, …)`` from Python and through libc (ALSA's underrun, PortAudio's failed expression),
``perror`` (C stdio), a child process's stderr, a Python ``print`` to ``sys.stderr``, and a thread
that dies with a traceback. F7 makes the app crash (Textual then prints the traceback on exit).
After the app exits the script writes to descriptor 2 again (``write`` and ``perror``), says where
descriptor 2 points, and waits to be killed, so the test can read the terminal.
"""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from os1.skills.persona import PersonaSkill
from os1.tui.app import create_app

from os1.app import build_assistant
from os1.events import ListenState

LIBC = ctypes.CDLL(None, use_errno=True)

ALSA = b"ALSA lib pcm.c:8570:(snd_pcm_recover) underrun occurred\n"
PORTAUDIO = (b"Expression 'alsa_snd_pcm_poll_descriptors_revents( self->pcm, pfds, self->nfds, &revents )' "
             b"failed in 'src/hostapi/alsa/pa_linux_alsa.c', line: 3664\n")
MARKERS = ("underrun occurred", "pa_linux_alsa.c", "chatter-perror", "chatter-child", "chatter-print",
           "RuntimeError: chatter-thread")
"""What F2 writes, as it can be found in the log."""
DONE = "chatter-done"
"""Written last by F2."""


def chatter() -> None:
    os.write(2, ALSA)
    LIBC.write(2, PORTAUDIO, len(PORTAUDIO))
    LIBC.perror(b"chatter-perror")  # C stdio's stderr: "chatter-perror: <strerror(errno)>"
    subprocess.run(["sh", "-c", "echo chatter-child >&2"], check=False)
    print("chatter-print to sys.stderr", file=sys.stderr)
    thread = threading.Thread(target=_die, name="chatter")
    thread.start()
    thread.join()
    LIBC.write(2, DONE.encode() + b"\n", len(DONE) + 1)


def _die() -> None:
    raise RuntimeError("chatter-thread died")  # threading.excepthook prints it to sys.stderr


class ChatteringVoice:
    """Stand-in for os1.voice.session.VoiceSession: no audio; F2 writes to descriptor 2."""

    def __init__(self, assistant: Any, on_event: Any) -> None:
        self.on_event = on_event

    def start(self) -> None:
        self.on_event(ListenState("wake", "stand-in"))

    def push_to_talk(self) -> None:
        threading.Thread(target=chatter, name="chatter", daemon=True).start()

    def close(self) -> None:
        pass

    def set_muted(self, muted: bool) -> None:
        pass

    def stop_speaking(self) -> None:
        pass

    def speak(self, text: str) -> None:
        pass


def crash() -> None:
    raise RuntimeError("chatter-crash: the app fell over")


def main(home: str) -> int:
    Path(home).mkdir(parents=True, exist_ok=True)
    (Path(home) / "pid").write_text(str(os.getpid()))
    assistant = build_assistant(home=Path(home), now=datetime(2026, 11, 22, 9, 30), skills=[PersonaSkill],
                                discover_skills=False)
    try:
        app = create_app(assistant, voice_factory=ChatteringVoice, poll_interval=0)
        app.action_toggle_theme = crash  # type: ignore[method-assign]  # F7: an exception in the app
        try:
            app.run()
        finally:
            app.finish_work()
    except KeyboardInterrupt:
        os.write(2, b"after-exit: interrupted\n")
    finally:
        assistant.close()
    os.write(2, b"after-exit: write(2) reaches the terminal\n")
    LIBC.perror(b"after-exit-perror")
    os.write(2, f"after-exit: descriptor 2 is {os.readlink('/proc/self/fd/2')}\n".encode())
    time.sleep(600)  # keep the pane open for the test to read
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
