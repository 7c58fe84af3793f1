"""A real terminal: run the ``os1`` command in tmux, type a request, read the answer off the screen."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

OS1 = Path(sys.executable).with_name("os1")
pytestmark = [
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
    pytest.mark.skipif(not OS1.exists(), reason=f"the os1 command is not installed beside {sys.executable}"),
]


def test_os1_dashboard_in_tmux_answers_a_typed_request(tmp_path: Path) -> None:
    session = f"os1-test-{uuid.uuid4().hex[:8]}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("TMUX")}
    env.update(TERM="xterm-256color", OS1_HOME=str(tmp_path / "home"))
    command = f"{OS1} --home {tmp_path / 'home'} dashboard --text --now 2026-11-22T09:30"
    subprocess.run(["tmux", "-L", session, "new-session", "-d", "-s", session, "-x", "80", "-y", "24", command],
                   check=True, env=env)
    try:
        def screen_of(text: str) -> str:
            end = time.monotonic() + 20
            while True:
                out = subprocess.run(["tmux", "-L", session, "capture-pane", "-p", "-t", session],
                                     capture_output=True, text=True, check=False).stdout
                if text in out or time.monotonic() > end:
                    assert text in out, f"{text!r} did not appear; the screen reads:\n{out}"
                    return out

        def keys(*args: str) -> None:
            subprocess.run(["tmux", "-L", session, "send-keys", "-t", session, *args], check=True)

        first = screen_of("What should I call you?")
        assert "text only: voice turned off (--text)" in first  # the status line says there is no voice
        keys("Theodore", "Enter")
        screen_of("Hi Theodore")
        keys("what time is it", "Enter")
        screen = screen_of("It's 9:30 AM.")
        assert "you › what time is it" in screen and "persona.time" in screen
        keys("C-q")
        end = time.monotonic() + 10
        while subprocess.run(["tmux", "-L", session, "has-session", "-t", session],
                             capture_output=True, check=False).returncode == 0:
            assert time.monotonic() < end, "ctrl+q did not quit the dashboard"
            time.sleep(0.1)
    finally:
        subprocess.run(["tmux", "-L", session, "kill-server"], capture_output=True, check=False)
