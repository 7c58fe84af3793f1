"""Dashboard test helpers: build the real assistant and the real app through the one factory."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from os1.skills.persona import PersonaSkill
from os1.tui.app import Os1App, create_app, text_only
from os1.tui.widgets import TurnEntry

from os1.app import build_assistant
from os1.assistant import Assistant

NOW = datetime(2026, 11, 22, 9, 30)


@pytest.fixture
def make_app(tmp_path: Path) -> Iterator[Callable[..., Os1App]]:
    """``make_app(*skills, discover=False, voice=text_only, user="Theodore", light=False)``: a dashboard on a fresh home."""
    made: list[Assistant] = []
    apps: list[Os1App] = []

    def make(*skills: type, discover: bool = False, voice: Any = text_only, user: str | None = "Theodore",
             persona: bool = True, light: bool = False, poll: float = 0) -> Os1App:
        classes = ([] if discover or not persona else [PersonaSkill]) + list(skills)
        assistant = build_assistant(home=tmp_path / f"home{len(made)}", now=NOW, skills=classes,
                                    discover_skills=discover)
        if user:
            assistant.memory.set("user.name", user)
        made.append(assistant)
        app = create_app(assistant, voice_factory=voice, light=light, poll_interval=poll)
        apps.append(app)
        return app

    yield make
    for app in apps:
        assert app.finish_work(), "an assistant call was still running 5 s after the test"
    for assistant in made:
        assistant.close()


async def wait_for(pilot: Any, predicate: Callable[[], object], timeout: float = 5.0) -> None:
    """Let the app run until *predicate* is true; fail after *timeout* seconds."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not predicate():
        if loop.time() > end:
            raise AssertionError(f"timed out; the conversation reads:\n{conversation(pilot.app)}")
        await pilot.pause(0.02)


def conversation(app: Os1App) -> str:
    """Everything in the conversation pane, as plain text."""
    return "\n".join(entry.text for entry in app.query(TurnEntry))


async def say(pilot: Any, text: str) -> None:
    """Type *text* into the input line and press Enter, as a person would."""
    await pilot.press(*text, "enter")
