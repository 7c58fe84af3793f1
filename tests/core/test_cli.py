"""The os1 command as a person or a script uses it."""

from __future__ import annotations

import json

import pytest

from tests.support.cli import ask_json, run_os1

pytestmark = pytest.mark.timeout(120)
NOW = "2026-11-22T15:20:00"


def test_ask_json_has_the_whole_turn(tmp_path):
    turn = ask_json("um what's the time please", tmp_path, "--now", NOW)
    assert turn["utterance"] == "um what's the time please"
    assert (turn["skill"], turn["intent"]) == ("persona", "time")
    assert turn["reply"] == "It's 3:20 PM."
    assert 0.5 < turn["confidence"] <= 1.0 and turn["slots"] == {}
    assert set(turn["timings"]) >= {"normalize_ms", "match_ms", "handle_ms", "total_ms"}
    assert turn["now"] == "2026-11-22T15:20:00+00:00"


def test_ask_plain_prints_the_reply(tmp_path):
    proc = run_os1("ask", "--now", "2026-03-05T09:00", "what's the date", home=tmp_path)
    assert proc.returncode == 0 and proc.stdout == "It's Thursday, March 5th, 2026.\n"


def test_now_with_offset_is_read_in_the_configured_zone(tmp_path):
    env = {"OS1_TIMEZONE": "America/Los_Angeles"}
    turn = ask_json("what time is it", tmp_path, "--now", "2026-07-01T20:05:00+00:00", env=env)
    assert turn["reply"] == "It's 1:05 PM." and turn["now"].endswith("-07:00")


def test_bad_now_is_a_clear_error(tmp_path):
    proc = run_os1("ask", "--now", "tomorrowish", "hello", home=tmp_path)
    assert proc.returncode == 2 and "not an ISO 8601 time" in proc.stderr and "Traceback" not in proc.stderr


def test_home_isolates_all_state(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert "Amy" in run_os1("ask", "my name is Amy", home=a).stdout
    assert "You're Amy" in run_os1("ask", "what's my name", home=a).stdout
    assert "haven't told me" in run_os1("ask", "what's my name", home=b).stdout
    assert (a / "data" / "memory.sqlite3").exists()
    assert {"data", "state"} <= {p.name for p in a.iterdir()} <= {"cache", "data", "state"}  # cache: the skill index


def test_os1_home_environment_variable(tmp_path):
    import os
    import subprocess
    import sys
    env = dict(os.environ, OS1_HOME=str(tmp_path / "envhome"))
    proc = subprocess.run([sys.executable, "-m", "os1.cli", "ask", "my name is Bo"], env=env,
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert "Bo" in proc.stdout and (tmp_path / "envhome" / "data" / "memory.sqlite3").exists()


def test_follow_up_question_across_ask_calls(tmp_path):
    asked = ask_json("call yourself Ada", tmp_path)
    assert asked["question"]["kind"] == "confirm"
    assert "Ada. I like it." in ask_json("yes", tmp_path)["reply"]
    assert "I'm Ada" in ask_json("who are you", tmp_path)["reply"]


def test_chat_first_run_introduces_and_remembers_the_name(tmp_path):
    proc = run_os1("chat", home=tmp_path, input="Theodore\nwhat is my name\n")
    lines = proc.stdout.splitlines()
    assert proc.returncode == 0
    assert "I'm Samantha" in lines[0] and "What should I call you?" in lines[0]
    assert "Hi Theodore" in lines[1] and "You're Theodore" in lines[2]
    again = run_os1("chat", home=tmp_path, input="")
    assert "Theodore" in again.stdout.splitlines()[0] and "What should I call you" not in again.stdout


def test_chat_json_lines(tmp_path):
    proc = run_os1("chat", "--json", "--now", NOW, home=tmp_path, input="what time is it\n")
    turns = [json.loads(line) for line in proc.stdout.splitlines()]
    assert turns[-1]["intent"] == "time"


def test_plain_os1_starts_a_conversation(tmp_path):
    proc = run_os1(home=tmp_path, input="what time is it\n")
    assert proc.returncode == 0 and "It's" in proc.stdout


def test_skills_list_and_check(tmp_path):
    listing = run_os1("skills", "list", home=tmp_path)
    assert listing.returncode == 0 and "persona  [os1 " in listing.stdout and "time " in listing.stdout
    check = run_os1("skills", "check", home=tmp_path)
    assert check.returncode == 0, check.stdout
    assert "0 misrouted, 0 collisions" in check.stdout


def test_chat_first_run_does_not_take_a_request_for_a_name(tmp_path):
    proc = run_os1("chat", "--now", NOW, home=tmp_path, input="who are you\num, I'm Theodore\n")
    lines = proc.stdout.splitlines()
    assert "I'm Samantha, your operating system" in lines[1]
    assert "Hi Theodore" not in lines[1] and "What should I call you" not in lines[1]
    after = run_os1("ask", "Theodore", home=tmp_path)  # the chat is over: its question is not pending any more
    assert "Hi Theodore" not in after.stdout


def test_home_without_a_value_is_a_usage_error(tmp_path):
    import subprocess
    import sys
    proc = subprocess.run([sys.executable, "-m", "os1.cli", "--home"], capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
