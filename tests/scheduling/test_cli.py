"""`os1 ask --now ... --home ...` in a real subprocess, against the file store and Radicale.

These need the skill registered under the ``os1.skills`` entry-point group (the lead adds
``scheduling = "os1.skills.scheduling:SchedulingSkill"`` to pyproject.toml); until then they skip,
and test_skill.py / test_caldav.py cover the same ground in-process.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from .radicale_server import PASSWORD, USER, Radicale

pytestmark = [
    pytest.mark.skipif("scheduling" not in {ep.name for ep in entry_points(group="os1.skills")},
                       reason="the scheduling entry point is not registered yet (pyproject.toml, lead)"),
    pytest.mark.timeout(180),
]
OS1 = Path(sys.executable).with_name("os1")


def ask(home: Path, text: str, now: str) -> dict:
    done = subprocess.run([str(OS1), "--home", str(home), "ask", "--json", "--now", now, text],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _configure(home: Path, extra: str = "") -> None:
    config = home / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.toml").write_text(f'timezone = "Europe/London"\n{extra}', encoding="utf-8")


def test_file_calendar_through_the_cli(tmp_path: Path) -> None:
    _configure(tmp_path)
    turn = ask(tmp_path, "add lunch with Amy on Friday at noon", "2026-11-23T10:00")
    assert turn["skill"] == "scheduling" and turn["intent"] == "add" and "Friday at noon" in turn["reply"]
    turn = ask(tmp_path, "what's on Friday?", "2026-11-23T10:05")
    assert "Lunch with Amy at noon" in turn["reply"]
    turn = ask(tmp_path, "remind me to call Catherine in twenty minutes", "2026-11-23T10:05")
    assert turn["intent"] == "remind" and "10:25 am" in turn["reply"]
    turn = ask(tmp_path, "add a party on February 30th", "2026-11-23T10:06")
    assert "no February 30" in turn["reply"]


def test_caldav_calendar_through_the_cli(tmp_path: Path) -> None:
    root = tmp_path / "srv"
    root.mkdir()
    server = Radicale(root)
    try:
        server.make_calendar("Personal")
        secret = tmp_path / "secret"
        secret.write_text(PASSWORD, encoding="utf-8")
        _configure(tmp_path / "home", f'[skills.scheduling]\ncaldav_url = "{server.url}"\nusername = "{USER}"\n'
                                      f'password_command = "cat {secret}"\n')
        turn = ask(tmp_path / "home", "add dentist on tuesday at 3pm", "2026-11-23T10:00")
        assert "Added Dentist, tomorrow at 3 pm" in turn["reply"], turn
        turn = ask(tmp_path / "home", "when is my next appointment", "2026-11-23T10:01")
        assert "Dentist, tomorrow at 3 pm" in turn["reply"]
    finally:
        server.stop()
