"""Named stretches: "this week", "next weekend", "the end of the month", "early March", "Q3"."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ._lex import MONTHS, numbers_at, ordinal_at

__all__ = ["period"]

_SHIFT = {"this": 0, "current": 0, "next": 1, "coming": 1, "upcoming": 1, "following": 1,
          "last": -1, "past": -1, "previous": -1, "the": 0}
_UNITS = {"week": "week", "weeks": "week", "month": "month", "months": "month", "year": "year",
          "years": "year", "yr": "year", "quarter": "quarter", "quarters": "quarter", "qtr": "quarter",
          "weekend": "weekend", "wkend": "weekend", "weekends": "weekend", "day": "day", "days": "day"}
_EDGES = {"end": "end", "beginning": "beginning", "start": "beginning", "middle": "mid"}
_ABBR = {"eom": ("end", "month"), "eoy": ("end", "year"), "bom": ("beginning", "month"),
         "boy": ("beginning", "year"), "eow": ("end", "week"), "eod": ("end", "day")}


def _word(toks: Sequence[str], i: int) -> str:
    return toks[i] if 0 <= i < len(toks) else ""


def _unit_at(toks: Sequence[str], i: int) -> tuple[int, str] | None:
    w = _word(toks, i)
    if w == "week" and _word(toks, i + 1) == "end":
        return i + 2, "weekend"
    return (i + 1, _UNITS[w]) if w in _UNITS else None


def _shifted_unit(toks: Sequence[str], i: int) -> tuple[int, dict[str, Any]] | None:
    """ "this week", "next month", "this past weekend", "the following week", "upcoming two weeks"."""
    j, shift = i, 0
    if _word(toks, j) == "the" and _word(toks, j + 1) in _SHIFT:
        j += 1
    w = _word(toks, j)
    if w == "this" and _word(toks, j + 1) == "past":
        shift, j = -1, j + 2
    elif w in _SHIFT:
        shift, j = _SHIFT[w], j + 1
        nums = numbers_at(toks, j)
        if nums and w in ("upcoming",) and nums[-1][1] > 0:
            shift, j = nums[-1][1], nums[-1][0]
    else:
        nums = numbers_at(toks, j)
        if nums and _word(toks, nums[-1][0]) == "upcoming":
            shift, j = nums[-1][1], nums[-1][0] + 1
        elif w not in ("weekend", "wkend") and not (w == "week" and _word(toks, j + 1) == "end"):
            return None
    unit = _unit_at(toks, j)
    if unit is None or (unit[1] == "day" and w != "upcoming" and not shift):
        return None
    if unit[1] == "day" and shift in (1, -1) and w not in ("upcoming",):
        return None
    return unit[0], {"period": unit[1], "period_shift": shift}


def _edge(toks: Sequence[str], i: int) -> tuple[int, dict[str, Any]] | None:
    j = i + 2 if (_word(toks, i) == "at" and _word(toks, i + 1) == "the") else i
    j = j + 1 if _word(toks, j) == "the" else j
    w = _word(toks, j)
    if w in _ABBR:
        edge, unit = _ABBR[w]
        return j + 1, {"edge": edge, "period": unit, "period_shift": 0}
    if w in ("early", "mid", "late") and _word(toks, j + 1) in MONTHS:
        return j + 2, {"edge": w, "month": MONTHS[toks[j + 1]]}
    if w not in _EDGES or _word(toks, j + 1) != "of":
        return None
    edge, j = _EDGES[w], j + 2
    if _word(toks, j) == "the":
        j += 1
    if _word(toks, j) in MONTHS:
        return j + 1, {"edge": edge, "month": MONTHS[toks[j]]}
    nums = numbers_at(toks, j)
    if nums and 1900 <= nums[-1][1] <= 2200:
        return nums[-1][0], {"edge": edge, "year": nums[-1][1]}
    if _word(toks, j) == "around":
        j += 1
    shifted = _shifted_unit(toks, j)
    if shifted:
        return shifted[0], {"edge": edge, **shifted[1]}
    unit = _unit_at(toks, j)
    if unit:
        return unit[0], {"edge": edge, "period": unit[1], "period_shift": 0}
    return None


def _quarter(toks: Sequence[str], i: int) -> tuple[int, dict[str, Any]] | None:
    j = i + 1 if _word(toks, i) == "the" else i
    found = ordinal_at(toks, j)
    if found and 1 <= found[1] <= 4 and _word(toks, found[0]) in ("quarter", "qtr"):
        return found[0] + 1, {"quarter": found[1]}
    return None


def period(toks: Sequence[str], i: int) -> tuple[int, dict[str, Any]] | None:
    """A named stretch of time at ``toks[i]``, as (end, fields)."""
    if _word(toks, i) == "all" and _word(toks, i + 1) == "week":
        return i + 2, {"span": "all week"}
    j = i + 1 if _word(toks, i) == "the" else i
    if _word(toks, j) == "rest" and _word(toks, j + 1) == "of":
        k = j + 3 if _word(toks, j + 2) == "the" else j + 2
        unit = _unit_at(toks, k)
        if unit and unit[1] in ("week", "month", "year", "day"):
            return unit[0], {"span": "rest " + unit[1]}
    best = None
    for found in (_edge(toks, i), _shifted_unit(toks, i), _quarter(toks, i)):
        if found and (best is None or found[0] > best[0]):
            best = found
    return best
