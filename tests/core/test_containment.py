"""A skill that raises, hangs, fails to start or has a broken template cannot take OS¹ down."""

from __future__ import annotations

import textwrap

import pytest

from os1.testing import Case, SkillHarness
from tests.support.cli import ask_json, run_os1

from .skills_for_tests import RELEASE, BadStartSkill, BadTemplateSkill, CrashSkill, HangSkill, ShopSkill

NOW = "2026-11-22T10:00"


def test_raising_handler_is_reported_and_others_keep_working(tmp_path):
    with SkillHarness([CrashSkill, ShopSkill], home=tmp_path, now=NOW) as h:
        turn = h.ask("make it explode")
        assert turn.error is not None and turn.error.reason == "error" and "kaboom" in turn.error.message
        assert "Crashy skill ran into a problem" in turn.reply and "os1.log" in turn.reply
        assert "Traceback" not in turn.reply
        assert h.ask("return nonsense").error.reason == "error"
        h.check([Case("buy apples", intent="buy")])


def test_hanging_handler_times_out_and_others_keep_working(tmp_path):
    RELEASE.clear()
    try:
        with SkillHarness([HangSkill, ShopSkill], home=tmp_path, now=NOW) as h:
            turn = h.ask("go to sleep")
            assert turn.error.reason == "timeout"
            assert "Sleepy skill is taking too long" in turn.reply
            assert turn.timings.total_ms < 5000
            h.check([Case("buy apples", intent="buy")])
    finally:
        RELEASE.set()


def test_failing_start_is_reported_once_per_use_and_listed(tmp_path):
    with SkillHarness([BadStartSkill, ShopSkill], home=tmp_path, now=NOW) as h:
        turn = h.ask("use the broken thing")
        assert turn.error.reason == "load" and "database locked" in turn.reply
        assert any(p.name == "badstart" and p.stage == "start" for p in h.assistant.problems)
        assert "database locked" in h.ask("use the broken thing").reply
        h.check([Case("buy apples", intent="buy")])


def test_broken_template_rejects_only_that_skill(tmp_path):
    with SkillHarness([BadTemplateSkill, ShopSkill], home=tmp_path, now=NOW) as h:
        assert "badtemplate" not in h.assistant.skills
        assert any("this (is broken" in p.message for p in h.assistant.problems)
        h.check([Case("buy apples", intent="buy")])


def _fake_distribution(site, name: str, module_source: str, target: str) -> None:
    """A real installed distribution (dist-info + module) on a path we put on PYTHONPATH."""
    dist = site / f"{name}-1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(f"[os1.skills]\n{name.replace('-', '_')} = {target}\n")
    (site / f"{name.replace('-', '_')}.py").write_text(textwrap.dedent(module_source))


@pytest.mark.timeout(120)
def test_plugins_that_fail_to_import_are_contained(tmp_path):
    site = tmp_path / "site"
    _fake_distribution(site, "broken-import", "import does_not_exist_anywhere\n", "broken_import:Skill")
    _fake_distribution(site, "exits-on-import", "raise SystemExit(3)\n", "exits_on_import:Skill")
    _fake_distribution(site, "not-a-skill", "class Thing: pass\n", "not_a_skill:Thing")
    env = {"PYTHONPATH": str(site)}
    turn = ask_json("what time is it", tmp_path / "home", "--now", NOW, env=env)
    assert turn["intent"] == "time" and "10 o'clock" in turn["reply"]
    listing = run_os1("skills", "list", home=tmp_path / "home", env=env)
    assert listing.returncode == 0
    assert "broken_import  [broken-import 1.0]  NOT LOADED (import): ModuleNotFoundError" in listing.stdout
    assert "exits_on_import  [exits-on-import 1.0]  NOT LOADED (import): SystemExit" in listing.stdout
    assert "not_a_skill  [not-a-skill 1.0]  NOT LOADED (class)" in listing.stdout
    assert "persona  [os1" in listing.stdout


def test_the_log_names_the_failing_skill(tmp_path):
    from os1.app import setup_logging

    with SkillHarness([CrashSkill], home=tmp_path, now=NOW) as h:
        setup_logging(h.assistant.settings.paths)
        h.ask("make it explode")
        log = h.assistant.settings.paths.log_file.read_text()
        assert "crash.boom raised RuntimeError" in log and "kaboom" in log


def test_malformed_lists_reject_only_that_skill(tmp_path):
    from os1.skill import Skill, intent

    class BadLists(Skill):
        name = "badlists"
        lists = {"unit": [("km",), 5]}

        @intent("go", "go {unit}")
        def go(self, match, ctx):
            return "never"

    with SkillHarness([BadLists, ShopSkill], home=tmp_path, now=NOW) as h:
        assert any(p.name == "badlists" and p.stage == "class" for p in h.assistant.problems)
        h.check([Case("buy apples", intent="buy")])


def test_a_locked_memory_database_does_not_crash_a_turn(tmp_path):
    import sqlite3

    with SkillHarness([ShopSkill], home=tmp_path, now=NOW) as h:
        h.assistant.memory._db.execute("PRAGMA busy_timeout = 50")
        other = sqlite3.connect(h.assistant.memory.path, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        try:
            turn = h.ask("buy apples")
            assert turn.intent == "buy" and "Buy apples?" in turn.reply
            assert "could not be used" in (h.assistant.memory.last_error or "")
        finally:
            other.execute("ROLLBACK")
            other.close()


def test_the_log_is_rotated_not_grown_for_ever(tmp_path, monkeypatch):
    import logging

    from os1 import app
    from os1.paths import resolve_paths

    monkeypatch.setattr(app, "LOG_BYTES", 2_000)
    paths = resolve_paths(tmp_path / "home")
    app.setup_logging(paths)
    logger = logging.getLogger("os1")
    try:
        for i in range(200):
            logging.getLogger("os1.test").info("line %d %s", i, "x" * 40)
        kept = sorted(p.name for p in paths.log_file.parent.glob("os1.log*"))
        assert kept == ["os1.log", "os1.log.1", "os1.log.2", "os1.log.3"]
        assert all(p.stat().st_size <= 2_100 for p in paths.log_file.parent.glob("os1.log*"))
        assert "line 199" in paths.log_file.read_text()
    finally:
        for handler in [h for h in logger.handlers if getattr(h, "baseFilename", "") == str(paths.log_file)]:
            logger.removeHandler(handler)
            handler.close()
