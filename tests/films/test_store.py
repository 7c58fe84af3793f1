"""The film database: shipped data intact, built lazily and atomically, rebuilt when stale."""

from __future__ import annotations

import hashlib
import json
import lzma
import subprocess
import sys
from pathlib import Path

from os1.skills.films import DATA, store_for
from os1.skills.films._store import USER_FILE


def test_the_shipped_data_matches_its_manifest() -> None:
    manifest = json.loads((DATA / "films.manifest.json").read_text())
    body = lzma.decompress((DATA / "films.jsonl.xz").read_bytes())
    assert hashlib.sha256(body).hexdigest() == manifest["sha256"]
    assert body.count(b"\n") == manifest["count"] > 36000
    assert (DATA / "films.jsonl.xz").stat().st_size < 10_000_000


LAZY = """
import sys
from os1.testing import SkillHarness
from os1.skills.films import FilmSkill
from os1.skills.persona import PersonaSkill
with SkillHarness([PersonaSkill, FilmSkill], home=sys.argv[1], now="2026-11-22T10:00") as harness:
    harness.ask("what time is it")
    before = sorted(m for m in sys.modules if m.startswith("os1.skills.films."))
    harness.ask("who directed her")
    after = sorted(m for m in sys.modules if m.startswith("os1.skills.films."))
print(before, after)
"""


def test_nothing_is_loaded_until_the_first_film_question(home: Path) -> None:
    done = subprocess.run([sys.executable, "-c", LAZY, str(home)], capture_output=True, text=True, check=True)
    before, after = done.stdout.strip().split("] [")
    assert before == "['os1.skills.films._intents'"  # templates only: no database, facts or answers code
    assert "os1.skills.films._store" in after and "os1.skills.films._brain" in after


def test_first_question_builds_the_cache_once_and_atomically(tmp_path: Path) -> None:
    store = store_for(tmp_path / "data", tmp_path / "cache")
    assert store.by_key("her")[0].year == 2013
    assert store.built_ms is not None
    files = sorted(p.name for p in (tmp_path / "cache").iterdir())
    assert files == [store.db_path().name]  # no temporary files left behind
    store.close()
    again = store_for(tmp_path / "data", tmp_path / "cache")
    assert again.count() > 36000 and again.built_ms is None  # opened, not rebuilt
    again.close()


def test_a_changed_import_file_makes_the_cache_stale(tmp_path: Path, built_cache: Path) -> None:
    data = tmp_path / "data"
    store = store_for(data, built_cache.parent)
    before = store.stamp()
    data.mkdir()
    (data / USER_FILE).write_text(json.dumps({"t": "Zq Test Film", "y": 2030, "c": [], "g": []}) + "\n")
    assert store.stamp() != before


def test_a_damaged_cache_is_rebuilt(tmp_path: Path) -> None:
    store = store_for(tmp_path / "data", tmp_path / "cache")
    path = store.db_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not a database" * 100)
    assert store.by_key("casablanca")[0].year == 1942
    assert store.built_ms is not None
    store.close()
