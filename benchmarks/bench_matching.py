"""Matching speed: the built-in skills alone, and with 200 generated skills of 10 templates each.

    .venv/bin/python benchmarks/bench_matching.py

Prints median and p95 time per utterance for the matcher (TemplateIndex.hits), and for a whole
turn through Assistant.handle (match + handler + memory) with the built-in skills.
Target (issue 2): p95 under 1 ms at 2,000 templates.
"""

from __future__ import annotations

import logging
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from os1.app import build_assistant  # noqa: E402
from os1.templates import ListSlot, TemplateIndex, TemplateSource, expand  # noqa: E402
from os1.textnorm import tokens  # noqa: E402

WORDS = """account alarm album answer apple article balance battery bedroom bill book budget camera car
chapter city coffee colour contact country course cup delivery device dinner door download drive email
engine episode event fan file flight folder forecast friend game garage garden guest heater hotel invoice
journal key kitchen lamp lesson light list lock meeting message movie music news note order oven package
page parcel password payment photo playlist plant podcast printer project radio recipe reminder report
room route score screen series shelf shop show signal song speaker station stock story subscription
table task taxi team temperature thermostat ticket timer train trip tv volume wallet weather window""".split()
VERBS = "open close start stop play pause show find check add remove set turn book cancel send read move".split()
LEADS = ["[please]", "(can|could) you", "i want to", "[hey]", "would you", "[just]"]


def generated_skill(rng: random.Random, n: int) -> list[TemplateSource]:
    nouns = rng.sample(WORDS, 6)
    lists = {f"thing{n}": ListSlot(rng.sample(WORDS, 8))}
    out = []
    for i in range(10):
        verb = rng.choice(VERBS)
        noun = rng.choice(nouns)
        shape = i % 5
        if shape == 0:
            text = f"{rng.choice(LEADS)} {verb} the {noun} [now]"
        elif shape == 1:
            text = f"{verb} (the|my) {noun} {{what:thing{n}}}"
        elif shape == 2:
            text = f"(what is|how is) the {noun} {rng.choice(nouns)} [today]"
        elif shape == 3:
            text = f"set the {noun} to {{n:number}} [percent|degrees]"
        else:
            text = f"{verb} {noun} (called|named) {{name:text}}"
        out.append(TemplateSource(f"gen{n}", f"intent{i}", text, lists, {}))
    return out


def timed(fn, items):
    out = []
    for item in items:
        t = time.perf_counter()
        fn(item)
        out.append((time.perf_counter() - t) * 1000)
    return out


def summary(label: str, ms: list[float]) -> str:
    ms = sorted(ms)
    p95 = ms[int(len(ms) * 0.95) - 1]
    return f"{label:<48} n={len(ms):>5}  median {statistics.median(ms):.3f} ms  p95 {p95:.3f} ms"


def utterances(index: TemplateIndex, rng: random.Random, count: int) -> list[list[str]]:
    said = []
    for template in rng.sample(index.templates, min(count, len(index.templates))):
        sentences = expand(template.node, lambda ref, t=template: t.types[ref.kind].samples()[:2], limit=20)
        said.append(tokens(rng.choice(sentences)))
    misses = [tokens(" ".join(rng.sample(WORDS + VERBS, rng.randint(3, 8)))) for _ in range(count // 4)]
    return said + misses


def main() -> None:
    logging.getLogger("os1").addHandler(logging.NullHandler())  # skills' advice goes to the log, not here
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as home:
        assistant = build_assistant(home=home)
        base = assistant.index
        generated = [s for n in range(200) for s in generated_skill(rng, n)]
        t = time.perf_counter()
        big = TemplateIndex(generated + _sources_of(assistant))
        build_ms = (time.perf_counter() - t) * 1000
        print(f"built-in skills: {len(assistant.skills)} skills, {len(base.templates)} templates "
              f"({', '.join(assistant.skills)})")
        print(f"with generated skills: {len(big.templates)} templates, index built in {build_ms:.0f} ms")
        small_set = utterances(base, rng, 400)
        big_set = utterances(big, rng, 2000)
        for _ in range(2):  # warm up
            timed(base.hits, small_set)
        print(summary("match, built-in skills", timed(base.hits, small_set)))
        print(summary(f"match, {len(big.templates)} templates", timed(big.hits, big_set)))
        texts = [" ".join(w) for w in small_set]
        print(summary("whole turn (Assistant.handle), built-in skills", timed(assistant.handle, texts)))
        assistant.close()


def _sources_of(assistant):
    from os1.assistant import Assistant
    out = []
    for info in assistant.skills.values():
        out.extend(Assistant._sources(info))
    return out


if __name__ == "__main__":
    main()
