"""Score the parser against the duckling time corpus (``duckling_time_en.json``).

A case counts as right when the kind matches (point, interval, open interval) and the times
agree at the corpus's grain: OS¹'s exact moment ("in 7 days" → 04:30 in 7 days) is truncated
to the grain the corpus states (hour → 04:00). A range said up to a point ("to 11:00") ends at
that point for OS¹; the corpus counts the last minute in (11:01), so one grain is added.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ._calendar import add_grain, truncate
from ._parse import parse
from ._resolve import ImpossibleDate
from ._types import Interval, OpenInterval, TimeExpr, TimePoint

__all__ = ["CorpusReport", "evaluate", "DEFAULT_CORPUS"]

DEFAULT_CORPUS = Path("/work/shared/data/dates/duckling_time_en.json")


@dataclass(frozen=True)
class CorpusReport:
    """How many corpus phrases the parser reads as the corpus does."""

    right: int
    total: int
    negatives_rejected: int
    """Phrases the corpus says contain no time, for which the parser also found none."""
    negatives: int
    wrong: list[str] = field(default_factory=list)
    """One line per miss: corpus, phrase, expected, got."""

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 0.0


def _local(moment: datetime, zone: timezone) -> datetime:
    return moment.astimezone(zone).replace(tzinfo=None)


def _same(ours: datetime, iso: str, grain: str, zone: timezone) -> bool:
    return truncate(_local(ours, zone), grain) == datetime.fromisoformat(iso)


def judge(got: TimeExpr | None, want: dict[str, Any], zone: timezone) -> bool:
    """Whether *got* agrees with one corpus expectation."""
    kind = want["type"]
    if kind == "unparsed":
        return got is None
    if kind == "value":
        return isinstance(got, TimePoint) and _same(got.start, want["value"], want["grain"], zone)
    if kind == "open_interval":
        return (isinstance(got, OpenInterval) and got.direction == want["direction"].lower()
                and _same(got.at, want["at"], want["grain"] if want["grain"] else "second", zone))
    if isinstance(got, TimePoint):
        start, end, closed = got.start, got.end, False
    elif isinstance(got, Interval):
        start, end, closed = got.start, got.end, got.closed
    else:
        return False
    grain = want["grain"]
    if closed:
        end = add_grain(end, grain)
    return _same(start, want["from"], grain, zone) and _local(end, zone) == datetime.fromisoformat(want["to"])


def evaluate(path: Path = DEFAULT_CORPUS) -> CorpusReport:
    """Parse every corpus phrase at its reference time and count the right readings."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    refs = {name: datetime.fromisoformat(value) for name, value in data["reference_time"].items()}
    right, wrong = 0, []
    for case in data["cases"]:
        now = refs.get(case["corpus"], refs["default"])
        zone = now.tzinfo
        try:
            got = parse(case["text"], now, zone)
        except ImpossibleDate:
            got = None
        if judge(got, case["expected"], zone):  # type: ignore[arg-type]
            right += 1
        else:
            wrong.append(f"{case['corpus'][:3]} {case['text']!r}: want {case['expected']} got {got}")
    rejected = 0
    for text in data["negative"]:
        try:
            rejected += parse(text, refs["default"]) is None
        except ImpossibleDate:
            rejected += 1
    return CorpusReport(right, len(data["cases"]), rejected, len(data["negative"]), wrong)
