"""What the conversation remembers between turns (and between ``os1 ask`` calls), kept in memory.

- the pending follow-up question, if any (``dialogue.question``);
- each skill's session: its values, until when it lasts, and when the skill last answered
  (``dialogue.session.<skill>``), which decides contextual intents and ties.

Unreadable records (another OS¹ version, a hand-edited database) are dropped, never fatal.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from datetime import datetime
from typing import Any

from .events import Question
from .memory import Memory

__all__ = ["DialogueState", "SESSION_TTL"]

SESSION_TTL = 600.0
"""Seconds of quiet after which a conversation's context (the film, the message) is forgotten."""
log = logging.getLogger("os1.assistant")


class DialogueState:
    """The pending question and the skills' sessions, in *memory*."""

    def __init__(self, memory: Memory) -> None:
        self.memory = memory

    # -- the pending question ------------------------------------------------------------------
    def question(self, now: datetime, skills: Any) -> Question | None:
        """The question waiting for an answer, if it has not expired and its skill is in *skills*."""
        raw = self.memory.get("dialogue.question")
        if not raw:
            return None
        question = _stored_question(raw)
        if question is None or question.expires < now.timestamp() or question.skill not in skills:
            self.set_question(None)
            return None
        return question

    def set_question(self, question: Question | None) -> None:
        value = dataclasses.asdict(question) if question else None
        if value is not None or self.memory.get("dialogue.question") is not None:
            self.memory.set("dialogue.question", value)

    # -- the skills' sessions ------------------------------------------------------------------
    def session(self, skill: str, now: datetime) -> dict[str, Any]:
        """*skill*'s session values, or {} when it is not in the conversation now."""
        stored = self._stored(skill)
        return dict(stored.get("values", {})) if float(stored.get("until", 0)) >= now.timestamp() else {}

    def seq(self, skill: str, now: datetime) -> int:
        """When *skill* last answered (ns since the epoch), or 0 when it is not in the conversation now."""
        stored = self._stored(skill)
        return int(stored.get("seq", 0)) if float(stored.get("until", 0)) >= now.timestamp() else 0

    def save_session(self, skill: str, session: dict[str, Any], now: datetime, touch: bool = True) -> None:
        """Keep *skill*'s session; *touch* marks the skill as just spoken to (polls do not)."""
        key = f"dialogue.session.{skill}"
        stored = self._stored(skill)
        if touch:
            stored = {"until": now.timestamp() + SESSION_TTL, "seq": time.time_ns()}
        elif stored.get("values", {}) == session:
            return
        try:
            self.memory.set(key, {**stored, "values": session})
        except (TypeError, ValueError) as exc:
            log.error("skill %s keeps a session that is not JSON (%s); not kept", skill, exc)

    def _stored(self, skill: str) -> dict[str, Any]:
        stored = self.memory.get(f"dialogue.session.{skill}")
        if not isinstance(stored, dict) or not isinstance(stored.get("values", {}), dict):
            return {}
        return stored


def _stored_question(raw: Any) -> Question | None:
    """The pending question kept in memory, or None when it is unreadable (then it is dropped)."""
    if not isinstance(raw, dict):
        return None
    known = {f.name for f in dataclasses.fields(Question)}
    try:
        values = {k: v for k, v in raw.items() if k in known}
        return Question(**{**values, "options": tuple(values.get("options", ()))})
    except (TypeError, ValueError):
        return None
