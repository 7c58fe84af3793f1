"""Shared fixtures: every test gets its own OS¹ home, never the developer's real one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("os1home")
    monkeypatch.setenv("OS1_HOME", str(home))
    monkeypatch.setenv("TZ", "UTC")
    for key in list(os.environ):
        if key.startswith("OS1_") and key not in ("OS1_HOME", "OS1_VOSK_MODEL"):
            monkeypatch.delenv(key)
    return home
