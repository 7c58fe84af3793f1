"""Shared fixtures for the voice-in tests: one PocketSphinx decoder set per module, synthetic speech."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from os1.app import build_assistant

from ._skills import KoreanSkill, TimerSkill  # noqa: F401 (re-exported for tests)
from ._speech import synth

NEEDED = ("espeak-ng", "flite", "sox")


def pytest_collection_modifyitems(config, items):  # noqa: ARG001
    missing = [t for t in NEEDED if shutil.which(t) is None]
    if missing:
        skip = pytest.mark.skip(reason=f"needs {', '.join(missing)} (apt-get install espeak-ng flite sox)")
        for item in items:
            if "voice_in" in str(item.fspath):
                item.add_marker(skip)


@pytest.fixture
def make_assistant(tmp_path):
    made = []

    def make(*skills, persona=True, **overrides):
        """An assistant with the persona skill (unless *persona* is False) and *skills* only."""
        from os1.skills.persona import PersonaSkill

        chosen = ([PersonaSkill] if persona else []) + list(skills)
        a = build_assistant(home=tmp_path / "home", overrides=overrides or None, skills=chosen,
                            discover_skills=False)
        made.append(a)
        return a

    yield make
    for a in made:
        a.close()


@pytest.fixture(scope="module")
def sphinx():
    from os1.voice.sphinx_engine import SphinxRecognizer

    return SphinxRecognizer()


@pytest.fixture(scope="session")
def speech_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("speech")


@pytest.fixture(scope="session")
def say(speech_dir):
    cache: dict[tuple[str, str], Path] = {}

    def say(text: str, voice: str = "espeak:en-us") -> Path:
        key = (text, voice)
        if key not in cache:
            name = f"{abs(hash(key)):x}.wav"
            cache[key] = synth(text, voice, speech_dir / name)
        return cache[key]

    return say


def run_file(pipeline, path: Path, extra_silence: float = 1.0):
    """Feed a WAV file through *pipeline* as the microphone would, in 30 ms blocks."""
    from os1.voice.audiofile import open_audio, read_blocks

    heard = []
    for block in read_blocks(open_audio(path), 0.03):
        heard += pipeline.feed(block)
    heard += pipeline.feed(b"\0" * int(32000 * extra_silence))
    heard += pipeline.flush()
    return heard
