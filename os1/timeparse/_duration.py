"""Lengths of time: "twenty minutes", "an hour and a half", "2.5 hours", "a couple of days"."""

from __future__ import annotations

from collections.abc import Sequence

from ._lex import UNIT_WORDS, numbers_at
from ._types import Duration

__all__ = ["duration_at", "UNIT_SECONDS"]

UNIT_SECONDS = {"second": 1, "minute": 60, "hour": 3600}
_ORDER = ("second", "minute", "hour", "day", "week", "month", "quarter", "year")
_FRACTIONS = {"1/2": 0.5, "1/4": 0.25, "3/4": 0.75, "1/3": 1 / 3, "2/3": 2 / 3}
_VAGUE = {"couple": 2, "pair": 2, "few": 3, "several": 3}


def _word(toks: Sequence[str], i: int) -> str:
    return toks[i] if 0 <= i < len(toks) else ""


def _quantity(toks: Sequence[str], i: int) -> tuple[int, float] | None:
    """(end, amount) for "a", "an", "half an", "a quarter of an", "three quarters of an", "2.5", "a few"."""
    w, j = _word(toks, i), i
    if w in ("a", "an") and _word(toks, i + 1) in _VAGUE:
        w, j = toks[i + 1], i + 1
    if w in _VAGUE:
        j += 1
        return (j + 1 if _word(toks, j) == "of" else j), float(_VAGUE[w])
    if w == "half" and _word(toks, i + 1) in ("a", "an"):
        return i + 2, 0.5
    for lead, amount in ((("a", "quarter", "of", "an"), 0.25), (("quarter", "of", "an"), 0.25),
                         (("three", "quarters", "of", "an"), 0.75), (("three", "quarter", "of", "an"), 0.75),
                         (("a", "quarter", "of", "a"), 0.25)):
        if tuple(toks[i : i + len(lead)]) == lead:
            return i + len(lead), amount
    if w in ("a", "an"):
        return i + 1, 1.0
    if w in _FRACTIONS:
        return i + 1, _FRACTIONS[w]
    if w.replace(".", "", 1).isdigit() and "." in w:
        return i + 1, float(w)
    nums = numbers_at(toks, i)
    if not nums:
        return None
    end, value = nums[-1]
    if toks[end - 1] == "and":
        end -= 1
    amount = float(value)
    if tuple(toks[end : end + 3]) in (("and", "a", "half"), ("and", "an", "half")):
        end, amount = end + 3, amount + 0.5
    return end, amount


def _component(toks: Sequence[str], i: int) -> tuple[int, Duration] | None:
    found = _quantity(toks, i)
    if found is None:
        return None
    j, amount = found
    if _word(toks, j) == "more":
        j += 1
    w = _word(toks, j)
    if w == "'":
        unit = "minute"
    elif w == '"':
        unit = "second"
    elif w in UNIT_WORDS:
        unit = UNIT_WORDS[w]
    else:
        return None
    j += 1
    if tuple(toks[j : j + 3]) in (("and", "a", "half"), ("and", "an", "half")):
        j, amount = j + 3, amount + 0.5
    return j, _make(amount, unit)


def _make(amount: float, unit: str) -> Duration:
    if unit == "fortnight":
        amount, unit = amount * 14, "day"
    if unit in UNIT_SECONDS:
        return Duration(seconds=amount * UNIT_SECONDS[unit], grain=unit)
    if unit in ("day", "week"):
        days = amount * (7 if unit == "week" else 1)
        whole = int(days)
        return Duration(days=whole, seconds=round((days - whole) * 86400), grain=unit)
    months = amount * {"month": 1, "quarter": 3, "year": 12}[unit]
    whole = int(months)
    return Duration(months=whole, days=round((months - whole) * 30), grain=unit)


def duration_at(toks: Sequence[str], i: int) -> tuple[int, Duration] | None:
    """The longest duration starting at ``toks[i]``: "1 hour and 30 minutes", "an hour and a half"."""
    found = _component(toks, i)
    if found is None:
        return None
    end, total = found
    while True:
        j = end + 1 if _word(toks, end) in ("and", ",") else end
        more = _component(toks, j)
        if more is None:
            return end, total
        end, part = more
        coarse = max(total.grain, part.grain, key=_ORDER.index)
        total = Duration(total.months + part.months, total.days + part.days, total.seconds + part.seconds, coarse)
