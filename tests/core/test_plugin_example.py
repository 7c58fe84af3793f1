"""The example third-party skill: installed with pip, discovered through its entry point, answering."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.support.cli import ROOT, ask_json, run_os1

EXAMPLE = ROOT / "examples" / "os1-skill-units"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """pip-install the example package into its own directory (not into the test environment)."""
    target = tmp_path_factory.mktemp("plugin-site")
    build = tmp_path_factory.mktemp("plugin-build")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--target", str(target), str(EXAMPLE)],
        capture_output=True, text=True, timeout=300, cwd=build, stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stderr
    return target


pytestmark = pytest.mark.timeout(300)


def test_installed_plugin_is_discovered_and_answers(site, tmp_path):
    env = {"PYTHONPATH": str(site)}
    listing = run_os1("skills", "list", home=tmp_path, env=env)
    assert "units  [os1-skill-units 1.0.0]  Units: convert between units" in listing.stdout
    turn = ask_json("convert ten miles into kilometres", tmp_path, env=env)
    assert (turn["skill"], turn["intent"]) == ("units", "convert")
    assert turn["slots"] == {"amount": 10, "source": "mi", "target": "km"}
    assert turn["reply"] == "10 miles is 16.09 kilometres."
    assert "convert between units" in ask_json("what can you do", tmp_path, env=env)["reply"]


def test_plugin_does_not_collide_with_built_in_skills(site, tmp_path):
    check = run_os1("skills", "check", home=tmp_path, env={"PYTHONPATH": str(site)})
    assert " 0 collisions" in check.stdout, check.stdout


def test_the_plugins_own_tests_pass(site):
    env = dict(os.environ, PYTHONPATH=str(site))
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(EXAMPLE / "tests")],
                          capture_output=True, text=True, timeout=300, env=env, cwd=EXAMPLE,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 0 and "2 passed" in proc.stdout, proc.stdout + proc.stderr
