"""Shared fixtures: the film database is built once per test session and linked into each home."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from os1.skills.films import store_for


@pytest.fixture(scope="session")
def built_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache directory holding a freshly built film database (no imported films)."""
    root = tmp_path_factory.mktemp("films-cache")
    store = store_for(root / "data", root / "cache")
    store.build()
    return store.db_path()


@pytest.fixture
def home(tmp_path: Path, built_cache: Path) -> Path:
    """An OS¹ home whose film cache is already built (linked, so tests stay quick)."""
    cache = tmp_path / "cache" / "films"
    cache.mkdir(parents=True)
    os.symlink(built_cache, cache / built_cache.name)
    return tmp_path
