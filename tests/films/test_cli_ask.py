"""A few questions through the real ``os1 ask`` command, as a person would type them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from os1.skills.films import FilmSkill

from os1.events import Question, Turn, Utterance
from os1.testing import SkillHarness
from tests.films.test_table import TABLES

REGISTERED = any(ep.name == "films" for ep in entry_points(group="os1.skills"))
pytestmark = pytest.mark.skipif(not REGISTERED, reason="the films skill is not registered as an os1.skills entry point yet")
OS1 = Path(sys.executable).with_name("os1")


def ask(home: Path, text: str) -> dict:
    done = subprocess.run([str(OS1), "--home", str(home), "ask", "--json", "--now", "2026-11-22T10:00", text],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "OS1_HOME": ""})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("text, intent, piece", [
    ("who directed Her?", "director", "Spike Jonze"),
    ("who played Samantha in Her", "role", "Samantha Morton"),
    ("how much did Her make", "box_office", "48 million"),
    ("who is in casablanca", "cast", "Humphrey Bogart"),
    ("who directed termintor", "director", "James Cameron"),
    ("who directed xyzzy plugh", "director", "I don't know a film called"),
])
def test_os1_ask(home: Path, text: str, intent: str, piece: str) -> None:
    turn = ask(home, text)
    assert (turn["skill"], turn["intent"]) == ("films", intent)
    assert piece in turn["reply"]


def test_os1_ask_asks_back_for_an_ambiguous_title(home: Path) -> None:
    turn = ask(home, "tell me about titanic")
    assert turn["question"] and "1997" in turn["reply"]
    assert "James Cameron" in ask(home, "the 1997 one")["reply"]  # the question waits in the home's memory


def _turn(data: dict) -> Turn:
    question = Question(**{k: v for k, v in data["question"].items() if k != "type"}) if data["question"] else None
    return Turn(Utterance(data["utterance"]), data["reply"], data["skill"], data["intent"], data["slots"],
                data["confidence"], question)


@pytest.mark.parametrize("name", ["her", "ambiguous"])
def test_table_through_os1_ask(name: str, home: Path) -> None:
    """Whole conversations from the table, one ``os1 ask`` process per row: context and questions
    back carry over between processes through the home's memory, as they would for a person."""
    checker = SkillHarness([FilmSkill], home=home / "checker")
    failures = []
    for number, case in enumerate(TABLES[name], 1):
        turn = _turn(ask(home, case.say))
        wrong = checker.problems(case, turn)
        if wrong:
            failures.append(f"row {number} “{case.say}” → “{turn.reply}”: {'; '.join(wrong)}")
    checker.close()
    assert not failures, "\n".join(failures)
