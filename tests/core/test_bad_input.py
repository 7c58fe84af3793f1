"""Bad input gets a clear reply, never a traceback, and nothing that breaks the next run."""

from __future__ import annotations

import sqlite3

import pytest

from os1.app import build_assistant
from os1.paths import resolve_paths
from os1.settings import SettingsError, load_settings
from tests.support.cli import ask_json, run_os1

NOW = "2026-11-22T10:00"

BAD = [
    ("", "didn't catch anything"),
    ("   \t\n  ", "didn't catch anything"),
    ("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10" * 20, "doesn't look like words"),
    ("\x1b[2J\x1b[31m\x1b]8;;http://evil\x07\x1b]8;;\x07", "doesn't look like words"),
    ("🙂🙂🙂🎉🎉", "doesn't look like words"),
    ("现在几点了", "only understand English"),
    ("지금 몇 시예요", "only understand English"),
    ("quelle heure est-il", "not sure what you mean"),
    ("asdf qwer zxcv", "not sure what you mean"),
    ("\x1b[31mwhat time is it\x1b[0m", "10 o'clock"),
    ("what\x07 time\x00 is it 🙂", "10 o'clock"),
    ("what time is it " + "x" * 100_000, "only read the first 1,000"),
    ("what time is it " + "blah " * 20_000, "not sure what you mean"),
]


@pytest.mark.parametrize("text,expected", BAD, ids=[f"row{i}" for i in range(len(BAD))])
def test_bad_input_table(tmp_path, text, expected):
    assistant = build_assistant(home=tmp_path, now=None)
    try:
        from os1.clock import parse_now
        turn = assistant.handle(text, parse_now(NOW, assistant.clock().tzinfo))
        assert expected.lower() in turn.reply.lower(), turn.reply
        assert "Traceback" not in turn.reply and "\x1b" not in turn.reply
        assert turn.error is None
        again = assistant.handle("what time is it", parse_now(NOW, assistant.clock().tzinfo))
        assert again.intent == "time"
    finally:
        assistant.close()


def test_long_input_is_cut_and_said_so(tmp_path):
    assistant = build_assistant(home=tmp_path)
    try:
        turn = assistant.handle("my name is Theodore " + "and more " * 20_000)
        assert "only read the first 1,000 characters" in turn.reply
    finally:
        assistant.close()


@pytest.mark.timeout(60)
def test_bad_input_through_the_real_command(tmp_path):
    for text, expected in [BAD[3], BAD[5], BAD[12]]:
        turn = ask_json(text, tmp_path, "--now", NOW)
        assert expected.lower() in turn["reply"].lower()
    assert ask_json("what time is it", tmp_path, "--now", NOW)["intent"] == "time"
    # NUL bytes cannot be passed as arguments, so binary junk goes in through chat's standard input
    junk = "".join(chr(i) for i in range(32) if chr(i) not in "\n\r\x0b\x0c\x1c\x1d\x1e") * 10 + "\n" + bytes(range(128, 256)).decode("latin-1") + "\nwhat time is it\n"
    proc = run_os1("chat", "--now", NOW, home=tmp_path, input=junk)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr + proc.stdout
    assert proc.stdout.count("doesn't look like words") == 2 and "10 o'clock" in proc.stdout


def test_corrupt_settings_file_is_named_and_kept(tmp_path):
    paths = resolve_paths(tmp_path)
    paths.config.mkdir(parents=True)
    paths.settings_file.write_bytes(b"assistant_name = 'Sam\n[[[ broken")
    before = paths.settings_file.read_bytes()
    with pytest.raises(SettingsError) as err:
        load_settings(paths)
    assert str(paths.settings_file) in str(err.value) and "left as it is" in str(err.value)
    proc = run_os1("ask", "hello", home=tmp_path)
    assert proc.returncode == 2 and str(paths.settings_file) in proc.stderr and "Traceback" not in proc.stderr
    assert paths.settings_file.read_bytes() == before


def test_wrong_setting_type_names_the_key(tmp_path):
    paths = resolve_paths(tmp_path)
    paths.config.mkdir(parents=True)
    paths.settings_file.write_text("skill_timeout = 'soon'\n")
    with pytest.raises(SettingsError, match="skill_timeout = 'soon' is not a valid float"):
        load_settings(paths)


def test_corrupt_memory_database_is_named_kept_and_survived(tmp_path):
    paths = resolve_paths(tmp_path)
    paths.data.mkdir(parents=True)
    paths.memory_db.write_bytes(b"this is not a database" * 100)
    before = paths.memory_db.read_bytes()
    proc = run_os1("ask", "--now", NOW, "what time is it", home=tmp_path)
    assert proc.returncode == 0 and "10 o'clock" in proc.stdout
    assert str(paths.memory_db) in proc.stderr and "untouched" in proc.stderr
    proc = run_os1("ask", "my name is Theodore", home=tmp_path)
    assert proc.returncode == 0 and "Theodore" in proc.stdout
    assert paths.memory_db.read_bytes() == before


def test_unreadable_memory_database_is_named(tmp_path):
    paths = resolve_paths(tmp_path)
    paths.data.mkdir(parents=True)
    db = sqlite3.connect(paths.memory_db)
    db.execute("CREATE TABLE facts (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated REAL NOT NULL)")
    db.execute("INSERT INTO facts VALUES ('user.name', '\"Amy\"', 0)")
    db.commit()
    db.close()
    raw = bytearray(paths.memory_db.read_bytes())
    raw[100:400] = b"\xff" * 300  # damage the first page's b-tree
    paths.memory_db.write_bytes(bytes(raw))
    assistant = build_assistant(home=tmp_path)
    try:
        assert assistant.memory.problem and str(paths.memory_db) in assistant.memory.problem
        assert assistant.handle("what time is it").intent == "time"
    finally:
        assistant.close()
    assert paths.memory_db.read_bytes() == bytes(raw)


def test_skills_section_that_is_not_tables_names_the_key(tmp_path):
    paths = resolve_paths(tmp_path)
    paths.config.mkdir(parents=True)
    paths.settings_file.write_text("[skills]\npersona = 5\n")
    with pytest.raises(SettingsError, match="skills = .* is not a valid set of \\[skills.NAME\\] tables"):
        load_settings(paths)


@pytest.mark.timeout(60)
def test_undecodable_bytes_on_standard_input(tmp_path):
    import os
    import subprocess
    import sys
    env = dict(os.environ, OS1_HOME=str(tmp_path), PYTHONIOENCODING="utf-8:strict")
    proc = subprocess.run([sys.executable, "-m", "os1.cli", "chat", "--now", NOW], input=b"\xff\xfe\nwhat time is it\n",
                          capture_output=True, env=env, timeout=60)
    assert proc.returncode == 0 and b"Traceback" not in proc.stderr and b"10 o'clock" in proc.stdout


def test_a_skill_in_another_language_is_still_understood(tmp_path):
    from os1.skill import Skill, intent
    from os1.testing import Case, SkillHarness

    class KoreanTime(Skill):
        name = "ko"

        @intent("time", "지금 몇 시 (예요|야)")
        def time(self, match, ctx):
            return ctx.reply("열 시예요.")

    with SkillHarness([KoreanTime], home=tmp_path, now=NOW) as h:
        h.check([Case("지금 몇 시예요", intent="-", reply_contains=["only understand English"]),
                 Case("지금 몇 시 예요", intent="time", reply_contains=["열 시"])])
