"""`os1 ask` from process start to printed answer, against a bare Python start.

    .venv/bin/python benchmarks/bench_startup.py [runs]

Target (issue 2): median under 300 ms. Also prints what importing the runtime costs, how much
memory the process holds at the end, for the built-in skills installed here, and the same command
without the skill index cache (``OS1_SKILL_CACHE=false``: every skill imported at start-up), run
alternately with the cached one so that both see the same load.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def wall(cmd: list[str], runs: int, env: dict[str, str]) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
                       stdin=subprocess.DEVNULL)
        out.append((time.perf_counter() - t) * 1000)
    return out


IN_PROCESS = ("import time; t = time.perf_counter(); import os1.cli as c; c.main(['ask', 'what time is it']); "
              "print((time.perf_counter() - t) * 1000)")
"""Milliseconds from importing OS¹ to the printed answer, inside the process (no interpreter start)."""


def in_process(runs: int, env: dict[str, str]) -> list[float]:
    return [float(subprocess.run([sys.executable, "-c", IN_PROCESS], env=env, capture_output=True, text=True,
                                 check=True, stdin=subprocess.DEVNULL).stdout.split()[-1]) for _ in range(runs)]


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 21
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, OS1_HOME=home)
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed for a user: bytecode is cached after the first run
        os1 = [sys.executable, "-m", "os1.cli", "ask", "what time is it"]
        wall(os1, 2, env)  # first runs create the memory database, the skill index and cache the bytecode
        for _ in range(3):  # the skill index is not saved while a source file is less than 2 s old
            if (Path(home) / "cache" / "skill-index.pickle").exists():
                break
            time.sleep(2.1)
            wall(os1, 1, env)
        bare = wall([sys.executable, "-c", "pass"], runs, env)
        ask, eager, inside, inside_eager = [], [], [], []
        for _ in range(runs):  # alternately, so that both see the same load
            ask += wall(os1, 1, env)
            eager += wall(os1, 1, dict(env, OS1_SKILL_CACHE="false"))
            inside += in_process(1, env)
            inside_eager += in_process(1, dict(env, OS1_SKILL_CACHE="false"))
        films = wall([sys.executable, "-m", "os1.cli", "ask", "who directed her"], max(5, runs // 3), env)
        rss = subprocess.run(
            [sys.executable, "-c",
             "import resource, os1.cli as c; c.main(['ask', 'what time is it']);"
             "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"],
            env=env, capture_output=True, text=True, check=True).stdout.split()[-1]
    b, a, f = statistics.median(bare), statistics.median(ask), statistics.median(films)
    e = statistics.median(eager)
    print(f"python -c pass                    median {b:6.1f} ms  (n={runs})")
    print(f"os1 ask 'what time is it'         median {a:6.1f} ms  ({a / b:.1f}x a bare start; OS¹'s own share {a - b:.0f} ms)")
    print(f"  the same, no skill index cache  median {e:6.1f} ms  ({e / b:.1f}x a bare start; OS¹'s own share {e - b:.0f} ms;"
          f" the cache saves {e - a:.0f} ms, {(e - b) / max(a - b, 1e-9):.1f}x less own time)")
    i, ie = statistics.median(inside), statistics.median(inside_eager)
    print(f"  in-process (import to answer)   median {i:6.1f} ms with the cache, {ie:6.1f} ms without ({ie / i:.2f}x)")
    print(f"os1 ask 'who directed her'        median {f:6.1f} ms  (first film question of each process)")
    print(f"peak resident memory of os1 ask: {int(rss) / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
