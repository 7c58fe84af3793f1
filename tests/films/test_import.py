"""``os1 films import``: add and update without duplicates, never touch the shipped file."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from os1.skills.films import DATA, FilmSkill, store_for

from os1.cli import main
from os1.testing import Case, SkillHarness

FILMS = [
    {"title": "Zanzibar Moon Letters", "year": 2024, "cast": ["Theo Twombly", "Amy Adams"], "genres": ["Drama"],
     "extract": "Zanzibar Moon Letters is a 2024 drama film directed by Theo Twombly."},
    {"title": "Her", "year": 2013, "cast": ["Joaquin Phoenix", "Scarlett Johansson"], "genres": ["Romance"],
     "extract": "Her is a 2013 film written and directed by Spike Jonze.", "href": "Her_(film)"},
    {"title": "", "year": 2020},
    {"title": "No Year Here"},
]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_import_adds_and_updates_without_duplicates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shipped = _sha(DATA / "films.jsonl.xz")
    source = tmp_path / "mine.json"
    source.write_text(json.dumps(FILMS))
    home = tmp_path / "home"
    assert main(["--home", str(home), "films", "import", str(source)]) == 0
    out, err = capsys.readouterr()
    assert "Imported 2 of 4 films: 1 new, 1 updated." in out
    assert "record 3: it has no title" in out and "“No Year Here” has no year" in out
    assert "indexing" in err and "36274/36274" in err  # the progress bar reached the end
    # the same file again, as JSON Lines: everything is an update now
    lines = tmp_path / "mine.jsonl"
    lines.write_text("\n".join(json.dumps(f) for f in FILMS[:2]) + "\n")
    assert main(["--home", str(home), "films", "import", str(lines), "--quiet"]) == 0
    assert "0 new, 2 updated. OS¹ now knows 36274 films." in capsys.readouterr().out
    assert _sha(DATA / "films.jsonl.xz") == shipped
    store = store_for(home / "data" / "skills" / "films", home / "cache" / "films")
    assert [f.origin for f in store.by_key("her")] == ["imported"]
    assert len(store.by_key("zanzibar moon letters")) == 1
    store.close()
    with SkillHarness([FilmSkill], home=home, now="2026-11-22T10:00") as harness:
        harness.check([
            Case("who directed zanzibar moon letters", intent="director", reply_contains=["Theo Twombly"]),
            Case("what films has theo twombly been in", reply_contains=["one film with Theo Twombly"]),
            Case("who is in her", asks=True, reply_contains=["the film Her", "Zanzibar Moon Letters (2024)"]),
            Case("the first one", reply_contains=["Joaquin Phoenix"]),
        ])


@pytest.mark.parametrize("content, message", [
    (None, "there is no file"),
    ("{not json", "line 1, is not a JSON object"),
    ("[1, 2", "is not valid JSON"),
    ('[{"title": ""}]', "no film in"),
])
def test_bad_files_get_a_clear_answer(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None,
                                      message: str) -> None:
    path = tmp_path / "films.json"
    if content is not None:
        path.write_text(content)
    assert main(["--home", str(tmp_path / "home"), "films", "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert "os1: " in err and message in err and "Traceback" not in err
    assert not (tmp_path / "home" / "data" / "skills" / "films" / "imported-films.jsonl").exists()
