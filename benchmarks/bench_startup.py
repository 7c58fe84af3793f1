"""`os1 ask` from process start to printed answer, against a bare Python start.

    .venv/bin/python benchmarks/bench_startup.py [runs]

Target (issue 2): median under 300 ms. Also prints what importing the runtime costs, and how much
memory the process holds at the end, for the built-in skills installed here.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time


def wall(cmd: list[str], runs: int, env: dict[str, str]) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
                       stdin=subprocess.DEVNULL)
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 21
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, OS1_HOME=home)
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed for a user: bytecode is cached after the first run
        os1 = [sys.executable, "-m", "os1.cli", "ask", "what time is it"]
        wall(os1, 2, env)  # first runs create the memory database and cache the bytecode
        bare = wall([sys.executable, "-c", "pass"], runs, env)
        ask = wall(os1, runs, env)
        films = wall([sys.executable, "-m", "os1.cli", "ask", "who directed her"], max(5, runs // 3), env)
        rss = subprocess.run(
            [sys.executable, "-c",
             "import resource, os1.cli as c; c.main(['ask', 'what time is it']);"
             "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"],
            env=env, capture_output=True, text=True, check=True).stdout.split()[-1]
    b, a, f = statistics.median(bare), statistics.median(ask), statistics.median(films)
    print(f"python -c pass                    median {b:6.1f} ms  (n={runs})")
    print(f"os1 ask 'what time is it'         median {a:6.1f} ms  ({a / b:.1f}x a bare start; OS¹'s own share {a - b:.0f} ms)")
    print(f"os1 ask 'who directed her'        median {f:6.1f} ms  (first film question of each process)")
    print(f"peak resident memory of os1 ask: {int(rss) / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
