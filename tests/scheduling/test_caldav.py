"""The scheduling skill against a real CalDAV server (Radicale on loopback, started here)."""

from __future__ import annotations

import base64
import logging
import sys
from pathlib import Path

import pytest
from os1.skills.scheduling import SchedulingSkill

from os1.testing import Case, SkillHarness

from .radicale_server import PASSWORD, USER, Radicale

pytestmark = pytest.mark.timeout(120)
NOW = "2026-11-23T10:00"


def _settings(server: Radicale, tmp_path: Path, password: str = PASSWORD) -> dict:
    secret = tmp_path / "secret.txt"
    secret.write_text(password + "\n", encoding="utf-8")
    command = f"{sys.executable} -c \"print(open({str(secret)!r}).read().strip())\""
    return {"timezone": "Europe/London",
            "skills": {"scheduling": {"caldav_url": server.url, "username": USER, "password_command": command,
                                      "calendar_name": "Personal"}}}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("radicale")
    srv = Radicale(root)
    srv.make_calendar("Personal")
    yield srv
    srv.stop()


def test_add_list_move_cancel_undo_on_caldav(server: Radicale, tmp_path: Path,
                                            caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with SkillHarness([SchedulingSkill], home=tmp_path, now=NOW, settings=_settings(server, tmp_path)) as h:
        h.check([
            Case("add lunch with Amy on Friday at noon", intent="add", reply_contains=["Lunch with Amy", "Friday", "noon"]),
            Case("what's on Friday?", intent="agenda", reply_contains=["Lunch with Amy at noon"]),
            Case("move it to one o'clock", intent="move", reply_contains=["Friday at 1 pm"]),
            Case("add dentist on Friday at 1:30pm", intent="add", asks=True, reply_contains=["overlaps", "Lunch with Amy"]),
            Case("no", reply_contains=["haven't added"]),
            Case("cancel my lunch with amy", intent="cancel", reply_contains=["cancelled Lunch with Amy"]),
            Case("what's on Friday?", reply_contains=["Nothing's planned"]),
            Case("undo", intent="undo", reply_contains=["back"]),
            Case("when is my next lunch", intent="next", reply_contains=["Lunch with Amy", "Friday at 1 pm"]),
        ])
    secret_forms = (PASSWORD, base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode())
    assert f"/{USER}/" in caplog.text  # the HTTP requests were logged, at debug level
    assert not any(form in caplog.text for form in secret_forms), "the CalDAV password reached the log"
    # a second assistant (a restart) reads the same server
    with SkillHarness([SchedulingSkill], home=tmp_path / "other", now=NOW, settings=_settings(server, tmp_path)) as h:
        h.check([Case("what's on Friday", reply_contains=["Lunch with Amy at 1 pm"])])


def test_wrong_password_is_explained(server: Radicale, tmp_path: Path) -> None:
    settings = _settings(server, tmp_path, password="wrong")
    with SkillHarness([SchedulingSkill], home=tmp_path, now=NOW, settings=settings) as h:
        turn = h.ask("what's on tomorrow")
        assert "refused the user name or password" in turn.reply
        assert "wrong" not in turn.reply and turn.error is None


def test_server_that_refuses_writes(tmp_path: Path) -> None:
    root = tmp_path / "srv"
    root.mkdir()
    first = Radicale(root)
    try:
        first.make_calendar("Personal")
        with SkillHarness([SchedulingSkill], home=tmp_path / "a", now=NOW, settings=_settings(first, tmp_path)) as h:
            h.check([Case("add yoga tomorrow at 6pm", reply_contains=["Added Yoga"])])
    finally:
        first.stop()
    locked = Radicale(root, read_only=True)
    try:
        with SkillHarness([SchedulingSkill], home=tmp_path / "b", now=NOW, settings=_settings(locked, tmp_path)) as h:
            h.check([
                Case("what's on tomorrow", reply_contains=["Yoga at 6 pm"]),
                Case("add dinner tomorrow at 8pm", reply_contains=["refused", "Nothing was changed"]),
                Case("cancel yoga", reply_contains=["refused", "Nothing was changed"]),
                Case("what's on tomorrow", reply_contains=["one thing", "Yoga at 6 pm"]),
            ])
    finally:
        locked.stop()


def test_unreachable_server_is_explained(tmp_path: Path) -> None:
    settings = {"timezone": "Europe/London",
                "skills": {"scheduling": {"caldav_url": "http://127.0.0.1:9/", "username": USER, "timeout": 2}}}
    with SkillHarness([SchedulingSkill], home=tmp_path, now=NOW, settings=settings) as h:
        turn = h.ask("what's on tomorrow")
        assert "couldn't reach the calendar server" in turn.reply and "caldav_url" in turn.reply
