"""Test a skill from a table of utterances, the way OS¹ will run it.

::

    from os1.testing import Case, SkillHarness

    def test_coin(tmp_path):
        harness = SkillHarness([CoinSkill], home=tmp_path, now="2026-11-22T10:00")
        harness.check([
            Case("flip a coin", intent="flip", reply_contains=["heads", "tails"], any_of=True),
            Case("never mind", reply_contains=["never mind"]),
        ])

Cases run in order through one assistant, so follow-up questions and conversation context
carry from one row to the next, exactly as in a conversation.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .app import build_assistant
from .clock import local_zone, parse_now
from .events import Turn
from .skill import Skill

__all__ = ["Case", "SkillHarness"]


@dataclass(frozen=True)
class Case:
    """One row: what the person says, and what must come back.

    Only the fields that are set are checked.
    """

    say: str
    intent: str | None = None
    """Expected intent name; ``"-"`` means nothing must be recognised."""
    skill: str | None = None
    slots: Mapping[str, Any] | None = None
    """Expected slot values (only the slots named here are compared)."""
    reply_contains: Sequence[str] = ()
    """Pieces the reply must contain (case-insensitive)."""
    any_of: bool = False
    """With reply_contains: one piece is enough."""
    reply_excludes: Sequence[str] = ()
    asks: bool | None = None
    """True: the reply must ask a follow-up question; False: it must not."""
    now: str | None = None
    """ISO time for this row (default: the harness's)."""
    notes: str = field(default="", compare=False)


class SkillHarness:
    """An isolated OS¹ (its own home directory) running the given skills.

    Args:
        skills: skill classes to run (named by their ``name`` attribute or class name).
        home: a directory for all state; use pytest's ``tmp_path``.
        now: the default clock for every turn (ISO 8601).
        discover: also load the installed skills (to test routing among all of them).
        settings: settings overrides (``timezone``, ``skill_timeout``, ...).
    """

    def __init__(self, skills: Iterable[type[Skill]], home: str | os.PathLike[str], now: str | None = None,
                 discover: bool = False, settings: Mapping[str, Any] | None = None) -> None:
        self.assistant = build_assistant(home=home, overrides=dict(settings or {}), skills=skills,
                                         discover_skills=discover)
        self.zone = local_zone(self.assistant.settings.timezone)
        self.now = now

    def _time(self, iso: str | None) -> datetime | None:
        iso = iso or self.now
        return parse_now(iso, self.zone) if iso else None

    def ask(self, text: str, now: str | None = None) -> Turn:
        """One turn, as if the person typed *text*."""
        return self.assistant.handle(text, self._time(now))

    def start(self, now: str | None = None) -> Turn | None:
        """The opening of a session (skills' greetings)."""
        return self.assistant.start_session(self._time(now))

    def problems(self, case: Case, turn: Turn) -> list[str]:
        """What is wrong with *turn* for *case* (empty when it passes)."""
        out: list[str] = []
        if case.intent == "-" and turn.intent is not None:
            out.append(f"expected nothing recognised, got {turn.skill}.{turn.intent}")
        elif case.intent not in (None, "-") and turn.intent != case.intent:
            out.append(f"intent {turn.intent!r} (skill {turn.skill!r}), expected {case.intent!r}")
        if case.skill is not None and turn.skill != case.skill:
            out.append(f"skill {turn.skill!r}, expected {case.skill!r}")
        for name, want in (case.slots or {}).items():
            if turn.slots.get(name) != want:
                out.append(f"slot {name}={turn.slots.get(name)!r}, expected {want!r}")
        reply = turn.reply.lower()
        found = [p for p in case.reply_contains if p.lower() in reply]
        if case.reply_contains and (not found if case.any_of else len(found) < len(case.reply_contains)):
            missing = [p for p in case.reply_contains if p not in found]
            out.append(f"reply lacks {missing!r}")
        out += [f"reply contains {p!r}" for p in case.reply_excludes if p.lower() in reply]
        if case.asks is not None and (turn.question is not None) != case.asks:
            out.append("reply asks a question" if turn.question else "reply asks no question")
        if turn.error is not None:
            out.append(f"skill failed: {turn.error.message}")
        return out

    def check(self, cases: Sequence[Case]) -> list[Turn]:
        """Run every case in order; raise one AssertionError listing every row that failed."""
        failures, turns = [], []
        for number, case in enumerate(cases, 1):
            turn = self.ask(case.say, case.now)
            turns.append(turn)
            wrong = self.problems(case, turn)
            if wrong:
                failures.append(f"row {number} “{case.say}” → “{turn.reply}”\n    " + "\n    ".join(wrong))
        if failures:
            raise AssertionError(f"{len(failures)} of {len(cases)} rows failed:\n" + "\n".join(failures))
        return turns

    def close(self) -> None:
        self.assistant.close()

    def __enter__(self) -> SkillHarness:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
