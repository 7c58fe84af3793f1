"""A real terminal: run the ``os1`` command in tmux, type a request, read the answer off the screen."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from os1 import cli

from ._stderr_chatter_dashboard import DONE, MARKERS

OS1 = Path(sys.executable).with_name("os1")
SILENCED = Path(__file__).with_name("_silenced_stderr_dashboard.py")
CHATTER = Path(__file__).with_name("_stderr_chatter_dashboard.py")
pytestmark = [
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
    pytest.mark.skipif(not OS1.exists(), reason=f"the os1 command is not installed beside {sys.executable}"),
]


ECHO_S = 3.0
"""Seconds a typed key may take to show (it takes ~0.05 s; lost frames took 0.5 s to forever)."""


class Terminal:
    """``command`` in a detached 80×24 tmux session on its own tmux server."""

    def __init__(self, command: str, home: Path) -> None:
        self.name = f"os1-test-{uuid.uuid4().hex[:8]}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("TMUX")}
        env.update(TERM="xterm-256color", OS1_HOME=str(home))
        self._tmux("new-session", "-d", "-s", self.name, "-x", "80", "-y", "24", command, env=env)

    def _tmux(self, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["tmux", "-L", self.name, *args], capture_output=True, text=True, check=False,
                              env=env)

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.name).stdout

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        """The conversation column as one line of text, once *text* is in it.

        Panels (boxes drawn with │ ╭ ╰) are cut off each row and the rows joined, so a reply that
        wraps still reads as one sentence.
        """
        end = time.monotonic() + timeout
        while True:
            screen = self.screen()
            rows = [re.split("[│╭╰]", row, maxsplit=1)[0] for row in screen.splitlines()]
            flat = " ".join(" ".join(rows).split())
            if text in flat:
                return flat
            assert time.monotonic() < end, f"{text!r} did not appear in {timeout:g} s; the screen reads:\n{screen}"
            time.sleep(0.1)

    def keys(self, *keys: str) -> None:
        self._tmux("send-keys", "-t", self.name, *keys)

    def wait_closed(self, timeout: float = 10.0) -> None:
        end = time.monotonic() + timeout
        while self._tmux("has-session", "-t", self.name).returncode == 0:
            assert time.monotonic() < end, "the dashboard did not quit"
            time.sleep(0.1)

    def kill(self) -> None:
        self._tmux("kill-server")


def test_os1_dashboard_in_tmux_answers_a_typed_request(tmp_path: Path) -> None:
    home = tmp_path / "home"
    term = Terminal(f"{OS1} --home {home} dashboard --text --now 2026-11-22T09:30", home)
    try:
        first = term.wait_for("What should I call you?")
        assert "text only: voice turned off (--text)" in first  # the status line says there is no voice
        term.keys("Theodore", "Enter")
        term.wait_for("Hi Theodore")
        term.keys("what time is it", "Enter")
        screen = term.wait_for("It's 9:30 AM.")
        assert "you › what time is it" in screen and "persona.time" in screen
        term.keys("C-q")
        term.wait_closed()
        # Descriptor 2 pointed at the log while it drew (C libraries' messages go there).
        assert "the dashboard has the terminal" in (home / "state" / "os1.log").read_text()
    finally:
        term.kill()


@pytest.mark.skipif(cli.DEFAULT_COMMAND != "dashboard",
                    reason=f"plain `os1` opens {cli.DEFAULT_COMMAND!r}, not the dashboard, in this build")
def test_plain_os1_opens_the_dashboard(tmp_path: Path) -> None:
    home = tmp_path / "home"
    term = Terminal(f"{OS1} --home {home}", home)  # voice as installed: no sound card here, so text only
    try:
        first = term.wait_for("What should I call you?")
        assert first.startswith("OS¹ ") and "press Enter" in first
        # Voice starts in the background while this is typed (speech worker, sounddevice). Frames
        # drawn meanwhile were sometimes lost (see the next test); the name must show at once.
        term.keys("Theodore")
        term.wait_for("Theodore", timeout=ECHO_S)
        term.keys("Enter")
        term.wait_for("Hi Theodore")
        term.keys("what is my name", "Enter")
        term.wait_for("You're Theodore. I remember.")
        term.keys("C-q")
        term.wait_closed()
    finally:
        term.kill()


def test_frames_drawn_while_a_library_silences_stderr_still_show(tmp_path: Path) -> None:
    """sounddevice points descriptor 2 at /dev/null while PortAudio starts; Textual drew on it.

    Frames drawn in that window were lost, and stayed lost until that part of the screen changed
    again: typed keys showed late, the greeting sometimes never (seen in 12 of 20 starts of
    ``os1`` with voice in tmux before the dashboard drew on its own descriptor, 0 of 20 after).
    The stand-in opens the window on F2 for 8 s so the test can type into it.
    """
    home = tmp_path / "home"
    term = Terminal(f"{sys.executable} {SILENCED} {home}", home)
    try:
        term.wait_for("What should I call you?")
        term.keys("F2")  # descriptor 2 now points at /dev/null for 8 s
        term.wait_for("listening…", timeout=ECHO_S)
        term.keys("Theodore")
        term.wait_for("Theodore", timeout=ECHO_S)
        term.keys("Enter")
        term.wait_for("Hi Theodore", timeout=ECHO_S)
        term.keys("C-q")
        term.wait_closed()
    finally:
        term.kill()


def _wait_for_file(path: Path, text: str, timeout: float = 10.0) -> str:
    end = time.monotonic() + timeout
    while True:
        content = path.read_text(errors="replace") if path.exists() else ""
        if text in content:
            return content
        assert time.monotonic() < end, f"{text!r} did not appear in {path} in {timeout:g} s; it reads:\n{content}"
        time.sleep(0.1)


def _assert_descriptor_2_is_the_terminal_again(term: Terminal, log: Path) -> None:
    """After the dashboard exits, what the stand-in writes to descriptor 2 shows on the terminal."""
    screen = term.wait_for("after-exit: descriptor 2 is /dev/pts/")
    assert "after-exit: write(2) reaches the terminal" in screen
    assert "after-exit-perror" in screen  # C stdio's stderr too
    assert "after-exit" not in (log.read_text() if log.exists() else "")


def test_c_libraries_messages_go_to_the_log_not_over_the_screen(tmp_path: Path) -> None:
    """ALSA and PortAudio write straight to descriptor 2 (e.g. on every playback underrun).

    While the dashboard has the terminal, descriptor 2 points at the log: C writes, C stdio, a
    child process and Python's own stderr (a thread's traceback) all land there, none on the screen.
    After it quits, descriptor 2 is the terminal again.
    """
    home = tmp_path / "home"
    log = home / "state" / "os1.log"
    term = Terminal(f"{sys.executable} {CHATTER} {home}", home)
    try:
        term.wait_for("What should I call you?")
        term.keys("F2")  # the stand-in writes to descriptor 2 from a thread
        written = _wait_for_file(log, DONE)
        screen = term.screen()
        for marker in (*MARKERS, DONE):
            assert marker in written, f"{marker!r} is not in the log"
            assert marker not in screen, f"{marker!r} was written over the dashboard:\n{screen}"
        term.keys("Theodore", "Enter")  # the dashboard goes on working
        term.wait_for("Hi Theodore", timeout=ECHO_S)
        term.keys("C-q")
        _assert_descriptor_2_is_the_terminal_again(term, log)
    finally:
        term.kill()


def test_a_crash_report_reaches_the_terminal(tmp_path: Path) -> None:
    """Descriptor 2 is put back before Textual prints the traceback of an app that fell over."""
    home = tmp_path / "home"
    term = Terminal(f"{sys.executable} {CHATTER} {home}", home)
    try:
        term.wait_for("What should I call you?")
        term.keys("F7")  # the stand-in app raises
        term.wait_for("RuntimeError: chatter-crash: the app fell over")
        assert "Traceback" in term.screen()  # Rich's box, which wait_for cuts off as a panel
        _assert_descriptor_2_is_the_terminal_again(term, home / "state" / "os1.log")
    finally:
        term.kill()


def test_an_interrupted_dashboard_gives_descriptor_2_back(tmp_path: Path) -> None:
    """SIGINT (Ctrl+C from outside: the dashboard reads a typed Ctrl+C as a key) ends it cleanly."""
    home = tmp_path / "home"
    term = Terminal(f"{sys.executable} {CHATTER} {home}", home)
    try:
        term.wait_for("What should I call you?")
        os.kill(int((home / "pid").read_text()), signal.SIGINT)
        _assert_descriptor_2_is_the_terminal_again(term, home / "state" / "os1.log")
    finally:
        term.kill()
