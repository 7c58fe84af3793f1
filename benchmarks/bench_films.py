"""Benchmark the film skill: answer time over the full database, and what the skill costs at start-up.

Run:  .venv/bin/python benchmarks/bench_films.py [--questions 400]

Prints:
  * start-up: wall time, CPU time and peak memory (RSS) to build an assistant and answer one
    non-film question, with the persona alone and with persona + films (fresh processes, 9 runs
    each, alternating; CPU time is less disturbed by other work on a shared machine);
  * the first film question in a fresh process, with no cache (the database is built) and with a
    cache already built;
  * answer time for film questions through Assistant.handle (median, p95, max), split into exact
    titles, near-miss titles and follow-ups, over titles sampled from the shipped database.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
start = time.perf_counter()
from os1.app import build_assistant
from os1.skills.persona import PersonaSkill
skills = [PersonaSkill]
if sys.argv[2] == "films":
    from os1.skills.films import FilmSkill
    skills.append(FilmSkill)
assistant = build_assistant(home=sys.argv[1], skills=skills, discover_skills=False)
turn = assistant.handle(sys.argv[3])
ready = time.perf_counter()
usage = resource.getrusage(resource.RUSAGE_SELF)
out = {"startup_ms": (ready - start) * 1000, "rss_mb": usage.ru_maxrss / 1024,
       "cpu_ms": (usage.ru_utime + usage.ru_stime) * 1000,
       "reply": turn.reply[:60]}
if len(sys.argv) > 4:
    t = time.perf_counter()
    turn = assistant.handle(sys.argv[4])
    out["first_film_ms"] = (time.perf_counter() - t) * 1000
    out["rss_after_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["film_reply"] = turn.reply[:60]
assistant.close()
print(json.dumps(out))
"""


def child(home: Path, skills: str, first: str, film: str | None = None) -> dict:
    args = [sys.executable, "-c", CHILD, str(home), skills, first] + ([film] if film else [])
    return json.loads(subprocess.run(args, capture_output=True, text=True, check=True).stdout)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def startup(tmp: Path) -> None:
    print("start-up (fresh process: import, build assistant, answer “what time is it”), 9 alternating runs:")
    runs: dict[str, list[dict]] = {"persona": [], "films": []}
    for i in range(9):
        for skills in runs:
            runs[skills].append(child(tmp / f"s-{skills}-{i}", skills, "what time is it"))
    for skills, rs in runs.items():
        print(f"  {skills:<8} wall {statistics.median(r['startup_ms'] for r in rs):7.1f} ms   "
              f"CPU (whole process) {statistics.median(r['cpu_ms'] for r in rs):7.1f} ms   "
              f"peak RSS {statistics.median(r['rss_mb'] for r in rs):6.1f} MB")
    diffs = [f["cpu_ms"] - p["cpu_ms"] for p, f in zip(runs["persona"], runs["films"], strict=True)]
    print(f"  extra CPU with the films skill: median {statistics.median(diffs):+.1f} ms (paired runs)")
    home = tmp / "first"
    cold = child(home, "films", "what time is it", "who directed Her?")
    warm = child(home, "films", "what time is it", "who directed Her?")
    print(f"first film question, no cache (builds the database): {cold['first_film_ms']:7.0f} ms, "
          f"peak RSS {cold['rss_after_mb']:.1f} MB")
    print(f"first film question, cache already built:           {warm['first_film_ms']:7.1f} ms, "
          f"peak RSS {warm['rss_after_mb']:.1f} MB")
    size = sum(p.stat().st_size for p in (home / "cache" / "films").glob("*.sqlite3"))
    print(f"cache database size: {size / 1e6:.1f} MB")


def questions(n: int, seed: int = 7) -> dict[str, list[str]]:
    import lzma

    from os1.skills.films import DATA
    from os1.skills.films._store import read_jsonl

    films = [f for f in read_jsonl(lzma.decompress((DATA / "films.jsonl.xz").read_bytes())) if len(f["t"]) > 6]
    rng = random.Random(seed)
    picks = rng.sample(films, n)
    forms = ["who directed {}", "who is in {}", "when did {} come out", "what is {} about", "what genre is {}",
             "tell me about {}"]
    exact = [rng.choice(forms).format(f["t"]) for f in picks]
    near = []
    for f in picks[: n // 4]:
        t = f["t"].lower()
        i = rng.randrange(1, len(t) - 1)
        near.append("who directed " + t[:i] + t[i + 1:])  # one letter dropped
    follow = ["who directed Her?", "and who wrote the music?", "when did it come out?", "who is in it",
              "how long is it", "what awards did it win", "who played Samantha in Her"] * (n // 28 + 1)
    return {"exact title": exact, "near-miss title": near, "Her and follow-ups": follow}


def answer_times(tmp: Path, n: int) -> None:
    from os1.skills.films import FilmSkill
    from os1.skills.persona import PersonaSkill

    from os1.app import build_assistant

    assistant = build_assistant(home=tmp / "answers", skills=[PersonaSkill, FilmSkill], discover_skills=False)
    assistant.handle("who directed Her?")  # build the cache first: that cost is reported above
    print(f"answer time through Assistant.handle over {assistant._instances['films'].store.count()} films:")
    for label, items in questions(n).items():
        times, asked = [], 0
        for text in items:
            start = time.perf_counter()
            turn = assistant.handle(text)
            times.append((time.perf_counter() - start) * 1000)
            if turn.question is not None:
                asked += 1
                assistant.handle("the first one")  # answer, so the conversation goes on
        print(f"  {label:<20} n={len(times):4d}  median {statistics.median(times):6.2f} ms  "
              f"p95 {pct(times, 95):6.2f} ms  max {max(times):7.2f} ms  (asked back {asked})")
    assistant.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        startup(Path(tmp))
        answer_times(Path(tmp), args.questions)
    print("reproduce: .venv/bin/python benchmarks/bench_films.py --questions", args.questions)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
