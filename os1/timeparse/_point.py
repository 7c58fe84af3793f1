"""The words of one point in time: each matcher reads a piece ("next tuesday", "at 9:30",
"in the afternoon") into fields of a spec; :mod:`._resolve` turns the spec into times."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ._calendar import HOLIDAYS
from ._lex import MONTHS, WEEKDAYS, numbers_at, ordinal_at

__all__ = ["read_point", "month_ref", "time_at", "SKIP"]

Spec = dict[str, Any]
Found = tuple[int, Spec] | None
SKIP = frozenset("at on the of in around about approximately approx roughly @ for during , this ish "
                 "sharp exactly precisely".split())
_NEXT = {"next": 1, "coming": 1, "upcoming": 1, "following": 1, "this": 0, "current": 0,
         "last": -1, "past": -1, "previous": -1}
_PARTS = {"morning": "morning", "mornings": "morning", "afternoon": "afternoon", "afternoons": "afternoon",
          "evening": "evening", "evenings": "evening", "night": "night", "nights": "night",
          "lunch": "lunch", "lunchtime": "lunch", "noonish": "lunch", "tonight": "night", "tonite": "night"}
_TZ = {"gmt": 0, "utc": 0, "z": 0, "cet": 60, "cest": 120, "bst": 60, "ist": 330, "est": -300, "edt": -240,
       "cst": -360, "cdt": -300, "mst": -420, "mdt": -360, "pst": -480, "pdt": -420}
_HOLIDAY_MAX = max(len(k.split()) for k in HOLIDAYS)


def _word(toks: Sequence[str], i: int) -> str:
    return toks[i] if 0 <= i < len(toks) else ""


def _seq(toks: Sequence[str], i: int, *words: str) -> int | None:
    """End of *words* at *i*, or None."""
    for k, w in enumerate(words):
        if _word(toks, i + k) != w:
            return None
    return i + len(words)


def _relday(toks: Sequence[str], i: int) -> Found:
    w = _word(toks, i)
    simple = {"today": 0, "tomorrow": 1, "tomorrows": 1, "tmrw": 1, "yesterday": -1, "tonight": 0, "tonite": 0}
    if w in simple:
        out: Spec = {"day_offset": simple[w]}
        if w in ("tonight", "tonite"):
            out["part"] = "night"
        return i + 1, out
    if w == "late" and _word(toks, i + 1) == "last" and _word(toks, i + 2) == "night":
        return i + 3, {"day_offset": -1, "part": "night", "part_mod": "late"}
    if w == "last" and _word(toks, i + 1) == "night":
        return i + 2, {"day_offset": -1, "part": "night"}
    if w == "right" and _word(toks, i + 1) == "now":
        return i + 2, {"now": True}
    if w in ("now", "atm") or _seq(toks, i, "the", "moment"):
        return (i + 1 if w in ("now", "atm") else i + 2), {"now": True}
    for words, offset in ((("day", "after", "tomorrow"), 2), (("day", "before", "yesterday"), -2)):
        end = _seq(toks, i, *words)
        if end:
            return end, {"day_offset": offset}
    return None


def _weekday(toks: Sequence[str], i: int) -> Found:
    out: Spec = {}
    j = i
    if _word(toks, j) in ("last", "past", "previous") and _word(toks, j + 1) in ("week", "weeks"):
        out["wd_mode"], j = "week-1", j + 2
    elif _word(toks, j) in _NEXT and _word(toks, j + 1) in WEEKDAYS:
        out["wd_mode"] = {1: "next", 0: "this", -1: "last"}[_NEXT[toks[j]]]
        j += 1
    if _word(toks, j) not in WEEKDAYS:
        return None
    out["weekday"] = WEEKDAYS[toks[j]]
    j += 1
    if _seq(toks, j, "after", "next"):
        return j + 2, {**out, "wd_mode": "afternext"}
    k = j + 1 if _word(toks, j) in ("of", "from", "in") else j
    if _word(toks, k) in _NEXT and _word(toks, k + 1) == "week":
        return k + 2, {**out, "wd_mode": f"week{_NEXT[toks[k]]:+d}"}
    return j, out


def _nth_ordinal(toks: Sequence[str], i: int) -> tuple[int, int] | None:
    """(end, n) for "first", "3rd", "last" (-1), "second last" (-2), "3rd last" (-3)."""
    if _word(toks, i) == "last":
        return i + 1, -1
    found = ordinal_at(toks, i)
    if found is None:
        return None
    end, n = found
    if _word(toks, end) == "last":
        return end + 1, -n
    return end, n


def month_ref(toks: Sequence[str], i: int) -> Found:
    """A month or year to look inside: "october", "october 2014", "2018", "this month", "next month"."""
    j = i + 1 if _word(toks, i) == "the" else i
    w = _word(toks, j)
    if w in MONTHS:
        year = _year_at(toks, j + 1)
        return (year[0], {"month": MONTHS[w], "year": year[1]}) if year else (j + 1, {"month": MONTHS[w]})
    if w in _NEXT and _word(toks, j + 1) == "month":
        return j + 2, {"month_shift": _NEXT[w]}
    if w in ("month",):
        return j + 1, {"month_shift": 0}
    if w in _NEXT and _word(toks, j + 1) == "year":
        return j + 2, {"year_shift": _NEXT[w]}
    year = _year_at(toks, j)
    return (year[0], {"year": year[1]}) if year else None


def _year_at(toks: Sequence[str], i: int) -> tuple[int, int] | None:
    for end, value in reversed(numbers_at(toks, i)):
        if (1900 <= value <= 2200 or (end - i > 1 and value >= 1000)) and (end - i > 1 or len(toks[i]) == 4):
            if _word(toks, end) in ("ad", "a") and _word(toks, end + 1) in ("d", ""):
                end += 1 if _word(toks, end) == "ad" else 2
            return end, value
    return None


def _nth(toks: Sequence[str], i: int) -> Found:
    """ "the first tuesday of october", "last weekend of July", "the 3rd last week of 2018"."""
    j = i + 1 if _word(toks, i) == "the" else i
    head = _nth_ordinal(toks, j)
    if head is None:
        return None
    j, n = head
    w = _word(toks, j)
    if w in WEEKDAYS:
        kind: Any = WEEKDAYS[w]
        j += 1
    elif w == "week" and _word(toks, j + 1) == "end":
        kind, j = "weekend", j + 2
    elif w in ("day", "week", "weekend", "wkend"):
        kind, j = ("weekend" if w == "wkend" else w), j + 1
    else:
        return None
    if kind == "day" and n > 0 and _word(toks, j) in MONTHS:  # "third day of october" without "of"
        return j + 1, {"month": MONTHS[toks[j]], "day": n}
    if _word(toks, j) not in ("of", "in"):
        return None
    ref = month_ref(toks, j + 1)
    if ref is None:
        return None
    end, fields = ref
    return end, {"nth": (n, kind), **fields}


def _day_number(toks: Sequence[str], i: int, allow_plain: bool) -> tuple[int, int] | None:
    found = ordinal_at(toks, i)
    if found and 1 <= found[1] <= 31:
        return found
    if allow_plain:
        nums = numbers_at(toks, i)
        if nums and 1 <= nums[-1][1] <= 31 and nums[-1][0] - i <= 3:
            return nums[-1]
    return None


def _with_year(toks: Sequence[str], j: int, spec: Spec) -> tuple[int, Spec]:
    k = j + 1 if _word(toks, j) in (",",) else j
    year = _year_at(toks, k)
    if year:
        return year[0], {**spec, "year": year[1]}
    w = _word(toks, k)
    if w.isdigit() and len(w) == 2 and _word(toks, k + 1) not in ("am", "pm", ":", "oclock"):
        value = int(w)
        return k + 1, {**spec, "year": 2000 + value if value < 50 else 1900 + value}
    return j, spec


def _date(toks: Sequence[str], i: int) -> Found:
    from ._numeric import numeric_date

    found = numeric_date(toks, i)
    if found:
        return found
    w = _word(toks, i)
    if w in _NEXT and w != "this" and _word(toks, i + 1) in MONTHS:
        return i + 2, {"month": MONTHS[toks[i + 1]], "month_rel": _NEXT[w]}
    if w in MONTHS:
        j = i + 2 if _word(toks, i + 1) == "the" else i + 1
        day = _day_number(toks, j, allow_plain=True)
        if day and _word(toks, day[0]) not in (":", "am", "pm", "oclock"):
            return _with_year(toks, day[0], {"month": MONTHS[w], "day": day[1]})
        year = _year_at(toks, i + 1)
        if year:
            return year[0], {"month": MONTHS[w], "year": year[1]}
        if w == "may" and len(toks) > 1 and not (i + 1 == len(toks) and i > 0):
            return None  # "may" is too often the verb
        return i + 1, {"month": MONTHS[w]}
    j = i + 1 if w == "the" else i
    day = _day_number(toks, j, allow_plain=True)
    if day is None:
        return None
    k = day[0]
    if _word(toks, k) == "day" and _word(toks, k + 1) == "of":
        k += 1
    k2 = k + 1 if _word(toks, k) == "of" else k
    k2 = k2 + 1 if _word(toks, k2) == "the" else k2
    if _word(toks, k2) in MONTHS:
        return _with_year(toks, k2 + 1, {"month": MONTHS[toks[k2]], "day": day[1]})
    if _word(toks, k2) in _NEXT and _word(toks, k2 + 1) == "month" and k2 > k:
        return k2 + 2, {"day": day[1], "month_shift": _NEXT[toks[k2]]}
    if w == "the" or ordinal_at(toks, j):
        if _word(toks, k) in ("quarter", "qtr", "week", "weekend", "day", "last") or _word(toks, k) in WEEKDAYS:
            return None
        return k, {"day": day[1]}
    return None


def _year(toks: Sequence[str], i: int) -> Found:
    year = _year_at(toks, i)
    if year and not (toks[i].isdigit() and len(toks[i]) != 4):
        return year[0], {"year": year[1]}
    return None


def _part(toks: Sequence[str], i: int) -> Found:
    out: Spec = {}
    j = i
    if _word(toks, j) == "this" and _word(toks, j + 1) in _PARTS:
        out["day_offset"], j = 0, j + 1
    if _word(toks, j) in ("early", "late"):
        out["part_mod"], j = toks[j], j + 1
        if _seq(toks, j, "in", "the"):
            j += 2
    if _seq(toks, j, "in", "the", "early", "hours", "of", "the"):
        out["part_mod"], j = "early", j + 6
    elif _seq(toks, j, "in", "the") and _word(toks, j + 2) in ("am", "pm"):
        return j + 3, {"ampm": toks[j + 2]}
    elif _seq(toks, j, "in", "the") and _word(toks, j + 2) in _PARTS:
        j += 2
    elif _word(toks, j) == "in" and _word(toks, j + 1) in ("morning", "afternoon", "evening"):
        j += 1
    w = _word(toks, j)
    if w in _PARTS:
        out["part"] = _PARTS[w]
        if w in ("tonight", "tonite"):
            out["day_offset"] = 0
        return j + 1, out
    if w == "after" and _word(toks, j + 1) in ("lunch", "school", "work"):
        return j + 2, {**out, "part": "after " + toks[j + 1]}
    return None


def _period(toks: Sequence[str], i: int) -> Found:
    from ._spans import period

    return period(toks, i)


def _holiday(toks: Sequence[str], i: int) -> Found:
    out: Spec = {}
    j = i
    if _word(toks, j) in _NEXT and _word(toks, j + 1) not in ("week", "month", "year"):
        out["hol_shift"], j = _NEXT[toks[j]], j + 1
    for size in range(min(_HOLIDAY_MAX, len(toks) - j), 0, -1):
        name = " ".join(toks[j : j + size])
        if name in HOLIDAYS:
            return j + size, {**out, "holiday": name}
    return None


def _zone(toks: Sequence[str], i: int) -> Found:
    w = _word(toks, i)
    return (i + 1, {"tz": _TZ[w]}) if w in _TZ and i > 0 else None


def _time(toks: Sequence[str], i: int) -> Found:
    return time_at(toks, i)


def time_at(toks: Sequence[str], i: int) -> Found:
    from ._clock import clock_time

    return clock_time(toks, i)


_MATCHERS: tuple[Callable[[Sequence[str], int], Found], ...] = (
    _relday, _weekday, _nth, _date, _year, _part, _period, _holiday, _zone, _time,
)


def read_point(toks: Sequence[str]) -> Spec | None:
    """The fields of a single point in time said by *toks*, or None when a word does not fit."""
    spec: Spec = {}
    i = 0
    while i < len(toks):
        best: tuple[int, Spec] | None = None
        for matcher in _MATCHERS:
            found = matcher(toks, i)
            if found and found[0] > i and (best is None or found[0] > best[0]):
                best = found
        if best is None:
            if toks[i] in SKIP:
                i += 1
                continue
            return None
        end, fields = best
        for key, value in fields.items():
            if key in spec and spec[key] != value:
                return None
            spec[key] = value
        i = end
    return spec or None
