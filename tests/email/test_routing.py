"""Email templates route home and do not collide with the persona's, the film or the scheduling skill's sentences."""

from __future__ import annotations

from pathlib import Path

from os1.skills.email import EmailSkill
from os1.skills.films import FilmSkill
from os1.skills.persona import PersonaSkill
from os1.skills.scheduling import SchedulingSkill

from os1.app import build_assistant
from os1.skillcheck import check_assistant


def test_email_sentences_route_home_among_the_built_in_skills(tmp_path: Path) -> None:
    assistant = build_assistant(home=tmp_path, skills=[PersonaSkill, FilmSkill, EmailSkill, SchedulingSkill], discover_skills=False)
    try:
        report = check_assistant(assistant)
    finally:
        assistant.close()
    assert report.sentences > 1000
    assert report.ok, report.text()
