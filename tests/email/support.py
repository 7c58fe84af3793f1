"""Helpers for the email tests: a person's settings, a harness, and single messages."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import corpus
from os1.skills.email import EmailSkill
from os1.skills.email._maildir import MaildirStore

from os1.testing import SkillHarness

NOW = "2026-11-20T10:00"


def mail(sender: tuple[str, str], subject: str, body: str, seed: int = 1, **kw: Any) -> bytes:
    """One message to the person (see corpus._msg for the keyword arguments)."""
    return corpus._msg(random.Random(seed), sender, subject, body, **kw)


AMY = ("Amy", "amy@catherine.example")


def person(**extra: Any) -> dict[str, Any]:
    """The [skills.email] settings of Theodore."""
    return {"addresses": [corpus.ME], "name": corpus.ME_NAME, "refresh_seconds": 0, **extra}


def harness(home: Path, **email_settings: Any) -> SkillHarness:
    return SkillHarness([EmailSkill], home=home, now=NOW,
                        settings={"timezone": "UTC", "skills": {"email": person(**email_settings)}})


def maildir_with(root: Path, inbox: list[bytes], sent: bool = True) -> MaildirStore:
    """A Maildir holding *inbox* and (with *sent*) the person's sent mail."""
    store = MaildirStore(root)
    if sent:
        for raw in corpus.sent_mail():
            store.append("Sent", raw, "S")
    for raw in inbox:
        store.append("INBOX", raw)
    return store


def files(root: Path, folder: str) -> list[Path]:
    base = root if folder == "INBOX" else root / f".{folder}"
    return [p for sub in ("cur", "new") if (base / sub).is_dir() for p in (base / sub).iterdir()]
