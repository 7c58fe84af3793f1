"""Running the real ``os1`` command in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
OS1 = [sys.executable, "-m", "os1.cli"]
"""The os1 command, run with this interpreter (works whether or not .venv/bin is on PATH)."""


def run_os1(*args: str, home: Path, input: str | None = None, env: dict[str, str] | None = None,
            timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run ``os1 --home HOME ARGS...`` and return the finished process (text mode)."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([*OS1, "--home", str(home), *args], input=input, capture_output=True, text=True,
                          timeout=timeout, env=full_env, stdin=None if input is not None else subprocess.DEVNULL)


def ask_json(text: str, home: Path, *extra: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    """``os1 ask --json TEXT`` parsed."""
    proc = run_os1("ask", "--json", *extra, text, home=home, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    return json.loads(proc.stdout)
