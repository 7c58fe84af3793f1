"""Descriptor 2 pointed at the log while the dashboard draws, and put back (see also test_terminal.py)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from os1.tui._terminal import StderrToLog
from os1.tui.app import Os1App


def _where_2_points() -> tuple[int, int]:
    st = os.fstat(2)
    return st.st_dev, st.st_ino


def test_descriptor_2_goes_to_the_log_and_back(tmp_path: Path) -> None:
    log = tmp_path / "state" / "os1.log"  # the directory does not exist yet
    log.parent.mkdir()
    log.write_text("an earlier line\n")
    before = _where_2_points()
    redirect = StderrToLog(log)
    assert redirect.start() and redirect.active
    try:
        assert _where_2_points() != before
        os.write(2, b"written by C\n")
        subprocess.run(["sh", "-c", "echo written by a child >&2"], check=True)
        assert sys.__stderr__ is not None
        sys.__stderr__.write("written by Python\n")
    finally:
        redirect.stop()
    assert not redirect.active and _where_2_points() == before
    redirect.stop()  # twice is harmless
    assert log.read_text().splitlines() == ["an earlier line", "written by C", "written by a child",
                                            "written by Python"]  # appended, nothing lost


_VERBOSE_CHILD = """
import logging, sys
from pathlib import Path
from os1.app import setup_logging
from os1.paths import resolve_paths
from os1.tui._terminal import StderrToLog

paths = resolve_paths(sys.argv[1])
setup_logging(paths, verbose=True)
redirect = StderrToLog(paths.log_file)
assert redirect.start()
logging.getLogger("os1.test").info("said while the dashboard draws")
redirect.stop()
logging.getLogger("os1.test").info("said after")
"""


def test_with_verbose_a_log_line_is_written_once_while_descriptor_2_points_at_the_log(tmp_path: Path) -> None:
    """``os1 --verbose`` also logs to standard error; while that is the log file, each line was
    there twice. The stderr handler is quiet meanwhile, and speaks again after. (A child process:
    under pytest, ``sys.stderr`` is pytest's capture, not descriptor 2.)"""
    done = subprocess.run([sys.executable, "-c", _VERBOSE_CHILD, str(tmp_path)], capture_output=True, text=True,
                          timeout=60, check=True)
    log = (tmp_path / "state" / "os1.log").read_text()
    assert len([line for line in log.splitlines() if "said while" in line]) == 1, log
    assert "said after" in done.stderr and "said while" not in done.stderr


def test_a_log_that_cannot_be_opened_leaves_descriptor_2_alone(tmp_path: Path,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "state").write_text("a file where the log's directory should be")
    before = _where_2_points()
    redirect = StderrToLog(tmp_path / "state" / "os1.log")
    with caplog.at_level(logging.WARNING, logger="os1.tui"):
        assert not redirect.start()
    assert not redirect.active and _where_2_points() == before
    assert "C libraries' messages stay on the terminal: cannot open" in caplog.text
    redirect.stop()


@pytest.mark.asyncio
async def test_the_app_points_descriptor_2_at_its_log_only_in_a_terminal(make_app: Callable[..., Os1App]) -> None:
    """Headless (the tests, the benchmark) nothing is redirected; the log is the assistant's."""
    app = make_app()
    paths = app.assistant.settings.paths
    assert paths is not None and app.stderr_log == paths.log_file
    before = _where_2_points()
    async with app.run_test():
        assert _where_2_points() == before
        assert not getattr(app._driver, "stderr_to_log", False)
