"""The skill index cache: the same answers as without it, and never used when it might be wrong.

Plugins here are real distributions (a ``.dist-info`` with entry points next to a package) in a
directory on ``PYTHONPATH``, run through the real ``os1`` command. Each plugin module appends its name
to the file in ``PARROT_IMPORT_LOG`` when it is imported, so the tests can see what was imported.
"""

from __future__ import annotations

import json
import os
import pickle
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from os1 import _skillcache
from os1._skillcache import FILE_NAME, SkillIndexCache
from os1.app import build_assistant
from os1.registry import SkillInfo
from os1.templates import expand

pytestmark = pytest.mark.timeout(180)
NOW = "2026-11-22T15:20:00"
BUILT_IN_OTHERS = "email,films,scheduling"
"""Disabled in the plugin tests: only the persona skill and the plugins are imported and watched."""

PLUGIN = '''
import os

from os1.skill import Skill, intent

if os.environ.get("PARROT_IMPORT_LOG"):
    with open(os.environ["PARROT_IMPORT_LOG"], "a", encoding="utf-8") as log:
        log.write(__name__ + "\\n")
if os.environ.get("PARROT_BREAK") == __name__:
    raise ImportError("broken on purpose")
WORD = os.environ.get("PARROT_WORD", "{word}")


class ParrotSkill(Skill):
    title = "{title}"
    description = "repeat a colour"
    lists = {{"colour": [("red", "red"), ("green", "green"), ("sky blue", "blue"){extra_values}]}}

    @intent("say", WORD + " {{colour}}", help="repeat a colour")
    def say(self, match, ctx):
        colour = match.slots["colour"]
        return ctx.reply(f"{{colour}}, {{colour}}!")
'''


def make_plugin(site: Path, module: str, word: str, version: str = "1.0", extra_values: str = "",
                title: str = "Parrot") -> Path:
    """A distribution ``module`` whose skill (named after the module) understands "WORD {colour}"."""
    package = site / module
    package.mkdir(parents=True, exist_ok=True)
    source = package / "__init__.py"
    source.write_text(PLUGIN.format(word=word, extra_values=extra_values, title=title), encoding="utf-8")
    for old in site.glob(f"{module}-*.dist-info"):
        for f in old.iterdir():
            f.unlink()
        old.rmdir()
    dist = site / f"{module}-{version}.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: {version}\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text(f"[os1.skills]\n{module} = {module}:ParrotSkill\n", encoding="utf-8")
    return source


def backdate(root: Path, seconds: float) -> None:
    """Set every mtime under *root* (and its own) to *seconds* ago, as if installed a while back."""
    t = time.time_ns() - int(seconds * 1e9)
    os.utime(root, ns=(t, t))
    for dirpath, _, files in os.walk(root, topdown=False):
        for name in files:
            os.utime(Path(dirpath) / name, ns=(t, t))
        os.utime(dirpath, ns=(t, t))


class World:
    """A home, a plugin directory and the os1 command run from a neutral directory."""

    def __init__(self, tmp_path: Path) -> None:
        self.home = tmp_path / "home"
        self.site = tmp_path / "site"
        self.site.mkdir()
        self.cwd = tmp_path / "cwd"
        self.cwd.mkdir()
        self.imports = tmp_path / "imports.log"
        self.env = dict(os.environ, PYTHONPATH=str(self.site), PARROT_IMPORT_LOG=str(self.imports),
                        OS1_HOME=str(self.home), OS1_DISABLED_SKILLS=BUILT_IN_OTHERS)

    def run(self, *args: str, env: dict[str, str] | None = None, input: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "os1.cli", *args], cwd=self.cwd, env={**self.env, **(env or {})},
                              capture_output=True, text=True, timeout=60, input=input,
                              stdin=None if input is not None else subprocess.DEVNULL)

    def ask(self, text: str, **env: str) -> dict:
        proc = self.run("ask", "--json", "--now", NOW, text, env=env)
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
        return json.loads(proc.stdout)

    @property
    def cache(self) -> Path:
        return self.home / "cache" / FILE_NAME

    def imported(self) -> list[str]:
        return self.imports.read_text(encoding="utf-8").split() if self.imports.exists() else []

    def log(self) -> str:
        path = self.home / "state" / "os1.log"
        return path.read_text(encoding="utf-8") if path.exists() else ""


def _same_turn(a: dict, b: dict) -> None:
    """The same turn but for timings and random ids (a new reminder's)."""
    def plain(turn: dict) -> str:
        return re.sub(r"\b[0-9a-f]{12}\b", "<id>", json.dumps({k: v for k, v in turn.items() if k != "timings"}))

    assert plain(a) == plain(b)


@pytest.fixture
def world(tmp_path):
    w = World(tmp_path)
    make_plugin(w.site, "parrot", "parrot")
    backdate(w.site, 60)
    return w


# -- the same answers --------------------------------------------------------------------------
def _samples(assistant) -> list[str]:
    out = []
    for t in assistant.index.templates:
        out += expand(t.node, lambda ref, t=t: list(t.types[ref.kind].samples())[:2], limit=4)
    return out + ["what can you do", "blah flibbertigibbet", "undo", "delete that", "next"]


def test_cached_index_matches_like_the_imported_skills(tmp_path, monkeypatch):
    """Every sampled sentence of every built-in template gets the same hits from the cached index."""
    monkeypatch.setattr(_skillcache, "RACY_NS", 0)  # this test edits no file: save even if a skill just changed
    SkillIndexCache(tmp_path / "cache").rebuild()
    lazy = build_assistant(home=tmp_path, lazy=True)
    eager = build_assistant(home=tmp_path)
    try:
        assert (tmp_path / "cache" / FILE_NAME).exists()
        assert all(not info.loaded for info in lazy.skills.values())
        assert list(lazy.skills) == list(eager.skills) and lazy.problems == eager.problems
        assert lazy.contextual == eager.contextual and lazy.skills_help() == eager.skills_help()
        assert [lazy.title(n) for n in lazy.skills] == [eager.title(n) for n in eager.skills]
        sentences = _samples(eager)
        assert len(sentences) > 500
        for sentence in sentences:
            words = sentence.split()
            got = [(h.compiled.key, h.compiled.text, h.score, h.literals, h.slots) for h in lazy.index.hits(words)]
            want = [(h.compiled.key, h.compiled.text, h.score, h.literals, h.slots) for h in eager.index.hits(words)]
            assert got == want, sentence
            assert lazy.index.nearest(words) == eager.index.nearest(words)
    finally:
        lazy.close()
        eager.close()


TURNS = [
    "what time is it", "what's the date", "what can you do", "my name is Theodore", "what's my name",
    "call yourself Ada", "yes", "who are you", "who directed her", "and who wrote the music",
    "remind me to water the plants in ten minutes", "what's on my calendar today", "set a timer for twenty minutes",
    "what's important", "undo", "blah blah flibbertigibbet", "remember that my sister is called Catherine",
]


def test_os1_ask_answers_the_same_with_and_without_the_cache(tmp_path):
    """A conversation of `os1 ask` calls, every built-in skill: the same turns, the same notes."""
    homes = {"off": tmp_path / "off", "on": tmp_path / "on"}
    env = {k: v for k, v in os.environ.items() if not k.startswith("OS1_")}

    def ask(mode: str, text: str) -> tuple[dict, str]:
        proc = subprocess.run([sys.executable, "-m", "os1.cli", "--home", str(homes[mode]), "ask", "--json", "--now",
                               NOW, text], env={**env, "OS1_SKILL_CACHE": "true" if mode == "on" else "false"},
                              capture_output=True, text=True, timeout=60, cwd=tmp_path, stdin=subprocess.DEVNULL)
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
        return json.loads(proc.stdout.replace(str(homes[mode]), "HOME")), proc.stderr

    for _ in range(4):  # the cache is not saved while a source file is less than 2 s old
        for mode in homes:
            ask(mode, "what time is it")
        if (homes["on"] / "cache" / FILE_NAME).exists():
            break
        time.sleep(2.1)
    assert (homes["on"] / "cache" / FILE_NAME).exists()
    assert not (homes["off"] / "cache" / FILE_NAME).exists()
    for text in TURNS:
        (off, off_err), (on, on_err) = ask("off", text), ask("on", text)
        _same_turn(off, on)
        assert off_err == on_err, text


def test_chat_with_the_cache_greets_and_answers_as_without(world):
    script = "Theodore\nparrot sky blue\nwhat time is it\n"
    on = [world.run("chat", "--now", NOW, input=script) for _ in range(2)]  # builds the cache, then uses it
    assert world.imported() == ["parrot"] * 2  # built the cache; then imported only to answer
    off_home = str(world.home.with_name("home-off"))
    off = [world.run("chat", "--now", NOW, input=script, env={"OS1_HOME": off_home, "OS1_SKILL_CACHE": "0"})
           for _ in range(2)]
    assert [(p.returncode, p.stdout, p.stderr) for p in on] == [(p.returncode, p.stdout, p.stderr) for p in off]
    assert "blue, blue!" in on[1].stdout and "Theodore" in on[1].stdout.splitlines()[0]


# -- imports only what answers -----------------------------------------------------------------
def test_only_the_skill_that_answers_is_imported(world):
    assert world.ask("parrot red")["reply"] == "red, red!"
    assert world.cache.exists() and world.imported() == ["parrot"]
    assert world.ask("what time is it")["skill"] == "persona"
    assert world.imported() == ["parrot"]  # answered from the cache: the plugin was not imported
    turn = world.ask("parrot sky blue")
    assert (turn["skill"], turn["intent"], turn["slots"], turn["reply"]) == ("parrot", "say", {"colour": "blue"}, "blue, blue!")
    assert world.imported() == ["parrot", "parrot"]
    assert world.log().count("cache written") == 1


def test_skills_list_still_imports_everything(world):
    world.ask("what time is it")
    listing = world.run("skills", "list")
    assert "parrot  [parrot 1.0]  Parrot: repeat a colour" in listing.stdout
    assert world.imported() == ["parrot", "parrot"]


# -- invalidation ------------------------------------------------------------------------------
def test_editing_a_skill_rebuilds_the_cache(world):
    world.ask("parrot red")
    assert world.cache.exists()
    source = world.site / "parrot" / "__init__.py"
    source.write_text(source.read_text(encoding="utf-8").replace('"parrot"', '"macaw"'), encoding="utf-8")
    backdate(source, 30)  # the same size, the directory untouched: only the file's mtime tells
    assert world.ask("macaw green")["reply"] == "green, green!"
    assert world.ask("parrot green")["skill"] is None
    assert f"out of date ({source} changed)" in world.log()
    assert world.imported() == ["parrot", "parrot"], world.log()


def test_a_new_plugin_or_an_upgrade_rebuilds_the_cache(world):
    world.ask("parrot red")
    make_plugin(world.site, "owl", "hoot", title="Owl")
    backdate(world.site / "owl", 30)
    assert world.ask("hoot green")["reply"] == "green, green!"
    assert "installed packages changed" in world.log()
    backdate(world.site, 30)
    world.ask("what time is it")  # saves the index with the owl
    make_plugin(world.site, "owl", "hoot", version="2.0", title="Owl")  # the same code, a new version
    backdate(world.site / "owl", 30)
    assert world.log().count("installed packages changed") == 1
    assert world.ask("hoot red")["skill"] == "owl"
    assert world.log().count("installed packages changed") == 2
    assert "owl  [owl 2.0]" in world.run("skills", "list").stdout


def test_disabling_a_skill_rebuilds_the_cache(world):
    world.ask("parrot red")
    assert world.ask("parrot red", OS1_DISABLED_SKILLS=BUILT_IN_OTHERS + ",parrot")["skill"] is None
    assert "disabled_skills changed" in world.log()


@pytest.mark.parametrize("damage", ["empty", "garbage", "truncated", "other pickle", "other format"])
def test_a_damaged_cache_is_rebuilt_silently(world, damage):
    world.ask("parrot red")
    good = world.cache.read_bytes()
    world.cache.write_bytes({
        "empty": b"", "garbage": b"\x80\x05not a pickle at all", "truncated": good[: len(good) // 2],
        "other pickle": pickle.dumps({"skills": []}), "other format": pickle.dumps((0, None)) + good,
    }[damage])
    proc = world.run("ask", "parrot green")
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "green, green!\n", "")
    assert ("another version" if damage == "other format" else "is damaged") in world.log()
    assert world.ask("what time is it")["skill"] == "persona"
    assert world.imported() == ["parrot", "parrot"]  # rebuilt once, then used again


def test_an_unreadable_cache_directory_is_not_fatal(world):
    (world.home / "cache").mkdir(parents=True)
    (world.home / "cache" / FILE_NAME).mkdir()  # a directory where the file should be
    proc = world.run("ask", "parrot green")
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "green, green!\n", "")
    assert "could not be" in world.log()


# -- falling back ------------------------------------------------------------------------------
def _both(world: World, *args: str, **env: str) -> tuple[subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]]:
    """The same command with the (already built) cache, and with the cache turned off."""
    on = world.run(*args, env=env)
    off = world.run(*args, env={**env, "OS1_SKILL_CACHE": "false"})
    return on, off


def test_a_skill_that_does_not_import_lazily_falls_back_to_importing_everything(world):
    world.ask("parrot red")
    assert world.cache.exists()
    on, off = _both(world, "ask", "parrot red", PARROT_BREAK="parrot")
    assert (on.returncode, on.stdout, on.stderr) == (off.returncode, off.stdout, off.stderr)
    assert "The parrot skill (parrot 1.0) could not be loaded: ImportError: broken on purpose" in on.stderr
    assert "importing every skill instead of using the skill index cache" in world.log()
    on, off = _both(world, "ask", "--json", "--now", NOW, "parrot red", PARROT_BREAK="parrot")
    _same_turn(json.loads(on.stdout), json.loads(off.stdout))
    assert on.stderr == off.stderr


def test_a_skill_that_is_not_what_the_cache_says_falls_back(world):
    """Its template depends on the environment: the class imported is checked against the cache."""
    world.ask("parrot red")
    on, off = _both(world, "ask", "--json", "--now", NOW, "parrot red", PARROT_WORD="macaw")
    _same_turn(json.loads(on.stdout), json.loads(off.stdout))
    assert json.loads(on.stdout)["skill"] is None
    assert "is not what the skill index cache says" in world.log()


def test_a_broken_plugin_is_reported_at_every_start_and_picked_up_once_fixed(world):
    for _ in range(2):
        on, off = _both(world, "ask", "what time is it", PARROT_BREAK="parrot")
        assert (on.returncode, on.stdout, on.stderr) == (off.returncode, off.stdout, off.stderr)
        assert "could not be loaded: ImportError: broken on purpose" in on.stderr
    assert world.imported() == ["parrot"] * 4
    assert world.ask("parrot red")["reply"] == "red, red!"  # fixed: imported at start, and the cache dropped
    assert "skill parrot imports now" in world.log()
    assert world.ask("what time is it")["skill"] == "persona"  # rebuilds the cache
    assert world.ask("parrot green")["reply"] == "green, green!"  # from the cache
    assert world.imported() == ["parrot"] * 7
    assert world.ask("what time is it")["skill"] == "persona"
    assert world.imported() == ["parrot"] * 7


def test_lists_that_cannot_be_kept_are_imported_every_time(world):
    make_plugin(world.site, "parrot", "parrot", extra_values=', ("teal", lambda: "teal")')
    backdate(world.site, 60)
    for _ in range(3):
        assert world.ask("what time is it")["skill"] == "persona"
    assert world.imported() == ["parrot"] * 3  # imported at every start, as without the cache
    assert world.ask("parrot red")["reply"] == "red, red!"
    assert "do not survive pickling" in world.log()


# -- pieces ------------------------------------------------------------------------------------
def test_a_skill_info_needs_a_class_or_a_way_to_import_it():
    with pytest.raises(TypeError):
        SkillInfo("x")


def test_prepare_builds_the_index_and_the_film_database(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("OS1_")}
    proc = subprocess.run([sys.executable, "-m", "os1.cli", "--home", str(tmp_path), "prepare"], env=env,
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "skill index: 4 skills" in proc.stdout and "film database: built in" in proc.stdout
    assert (tmp_path / "cache" / FILE_NAME).exists() and list((tmp_path / "cache" / "films").glob("films-*.sqlite3"))
    again = subprocess.run([sys.executable, "-m", "os1.cli", "--home", str(tmp_path), "prepare", "-q"], env=env,
                           capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL, cwd=tmp_path)
    assert (again.returncode, again.stdout, again.stderr) == (0, "", "")


def test_prepare_says_in_one_line_when_the_film_database_cannot_be_built(tmp_path, monkeypatch, capsys):
    import argparse

    import os1.skills.films as films

    from os1 import _cli_prepare

    def broken(data_dir, cache_dir):
        raise RuntimeError("the film data that ships with OS¹ is damaged")

    monkeypatch.setattr(films, "store_for", broken)
    status = _cli_prepare.run(argparse.Namespace(home=str(tmp_path), verbose=False, quiet=False))
    out, err = capsys.readouterr()
    assert status == 1 and "skill index:" in out
    assert err.strip() == ("os1: the film database could not be built (RuntimeError: the film data that ships with "
                           "OS¹ is damaged); the first film question will build it")
