"""``os1 dashboard`` from the command line, where no terminal is attached."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

OS1 = Path(sys.executable).with_name("os1")


def test_piped_input_is_answered_line_by_line(tmp_path: Path) -> None:
    """Without a terminal (a pipe), the dashboard answers like ``os1 chat`` instead of failing."""
    out = subprocess.run([str(OS1), "--home", str(tmp_path), "dashboard", "--now", "2026-11-22T09:30"],
                         input="Theodore\nwhat time is it\n", capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "Hi Theodore" in out.stdout and "It's 9:30 AM." in out.stdout
    assert "\x1b" not in out.stdout  # no full-screen escape sequences went into the pipe


def test_dashboard_help_lists_its_options() -> None:
    out = subprocess.run([str(OS1), "dashboard", "--help"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0
    for option in ("--now", "--text", "--light"):
        assert option in out.stdout


def test_piped_errors_go_to_stderr_not_the_log(tmp_path: Path) -> None:
    """Piped, it is a plain command line: descriptor 2 is left alone (the dashboard never starts)."""
    out = subprocess.run([str(OS1), "--home", str(tmp_path), "dashboard", "--now", "nonsense"],
                         input="what time is it\n", capture_output=True, text=True, timeout=60)
    assert out.returncode != 0
    assert "--now 'nonsense'" in out.stderr
    log = tmp_path / "state" / "os1.log"
    assert "the dashboard has the terminal" not in (log.read_text() if log.exists() else "")
