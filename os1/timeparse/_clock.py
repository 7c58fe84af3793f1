"""Times of day: "9:30", "3pm", "half past seven", "a quarter to noon", "nine fifty nine a m"."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ._lex import WEEKDAYS, numbers_at

__all__ = ["clock_time"]

_CONTEXT = frozenset("at @ around about approximately approx by until till til untill to from before after "
                     "tonight tonite morning afternoon evening night this today tomorrow since between "
                     "and - wake alarm".split())
_FOLLOW = frozenset("oclock am pm tonight tonite tomorrow today morning afternoon evening night this in on ish "
                    "sharp".split())
_MINUTE_WORDS = frozenset("minute minutes min mins".split())


def _word(toks: Sequence[str], i: int) -> str:
    return toks[i] if 0 <= i < len(toks) else ""


def _suffix(toks: Sequence[str], j: int, out: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """Read "o'clock", "am"/"pm", "ish", "sharp" after a time."""
    while True:
        w = _word(toks, j)
        if w == "oclock":
            out["oclock"] = True
        elif w in ("am", "pm") and "ampm" not in out and out["hour"] <= 12:
            out["ampm"] = w
        elif w not in ("ish", "sharp"):
            return j, out
        j += 1


def _base_hour(toks: Sequence[str], i: int) -> tuple[int, dict[str, Any]] | None:
    """The hour a "past"/"to" time counts from: "3", "three", "3pm", "noon", "15:00"."""
    w = _word(toks, i)
    if w in ("noon", "midday"):
        return i + 1, {"hour": 12, "minute": 0, "h24": True}
    if w == "midnight":
        return i + 1, {"hour": 0, "minute": 0, "h24": True, "midnight": True}
    if ":" in w:
        hh, mm = w.split(":")[:2]
        if mm == "00" and int(hh) <= 24:
            return _suffix(toks, i + 1, {"hour": int(hh) % 24, "minute": 0, "h24": int(hh) > 12})
        return None
    nums = numbers_at(toks, i)
    if nums and nums[0][1] <= 24 and len(w) <= 2 or (nums and not w.isdigit() and nums[0][1] <= 24):
        end, value = nums[0]
        return _suffix(toks, end, {"hour": value % 24, "minute": 0, "h24": value > 12})
    return None


def _relative_to_hour(toks: Sequence[str], i: int) -> tuple[int, dict[str, Any]] | None:
    """ "half past three", "a quarter to noon", "twenty after 3pm", "15 minutes past 15h", "half three"."""
    j = i + 1 if _word(toks, i) == "a" else i
    w = _word(toks, j)
    minutes: int | None = None
    if w == "half":
        minutes, j = 30, j + 1
    elif w == "quarter":
        minutes, j = 15, j + 1
    else:
        nums = numbers_at(toks, j)
        if nums and 1 <= nums[-1][1] < 60:
            minutes, j = nums[-1][1], nums[-1][0]
            if _word(toks, j) in _MINUTE_WORDS:
                j += 1
    if minutes is None:
        return None
    direction = _word(toks, j)
    if direction in ("past", "after"):
        sign = 1
    elif direction in ("to", "till", "til", "before", "of") and minutes != 30:
        sign = -1
    elif w == "half" and j == i + 1 and _word(toks, j) not in ("an", "a", "hour"):
        base = _base_hour(toks, j)  # British "half three" = 3:30
        if base and not base[1].get("h24"):
            return base[0], {**base[1], "minute": 30}
        return None
    else:
        return None
    base = _base_hour(toks, j + 1)
    if base is None:
        return None
    end, out = base
    total = out["hour"] * 60 + sign * minutes
    if sign < 0 and out.get("midnight"):
        total += 24 * 60
        out = {k: v for k, v in out.items() if k != "midnight"}
    return end, {**out, "hour": (total // 60) % 24, "minute": total % 60, "rel_base": out["hour"]}


def _digits_time(toks: Sequence[str], i: int) -> tuple[int, dict[str, Any]] | None:
    w = _word(toks, i)
    if ":" in w:
        parts = [int(p) for p in w.split(":")]
        if parts[0] > 24 or parts[1] > 59 or (len(parts) > 2 and parts[2] > 59):
            return None
        out: dict[str, Any] = {"hour": parts[0] % 24, "minute": parts[1], "h24": parts[0] > 12 or w[0] == "0",
                               "colon": True}
        if len(parts) > 2:
            out["second"] = parts[2]
        return _suffix(toks, i + 1, out)
    if w.isdigit() and len(w) in (3, 4) and not 1900 <= int(w) <= 2099:
        hour, minute = divmod(int(w), 100)
        if hour <= 23 and minute <= 59:
            return _suffix(toks, i + 1, {"hour": hour, "minute": minute, "h24": hour > 12 or w[0] == "0"})
    return None


def _hour_minute(toks: Sequence[str], i: int, context: bool) -> tuple[int, dict[str, Any]] | None:
    """ "three twenty", "at 3 15", "twelve oh three", "nine fifty nine am"."""
    nums = numbers_at(toks, i)
    if not nums or len(nums[0]) == 0:
        return None
    end, hour = nums[0]
    if not 0 <= hour <= 24 or (toks[i].isdigit() and len(toks[i]) > 2):
        return None
    j = end + 1 if _word(toks, end) == "-" and not toks[i].isdigit() else end
    minute: int | None = None
    if _word(toks, j) in ("oh", "o", "ou", "zero") and numbers_at(toks, j + 1):
        mins = [m for m in numbers_at(toks, j + 1) if m[1] < 10]
        if mins:
            j, minute = mins[0][0], mins[0][1]
    else:
        if _word(toks, j) == "-" and not toks[i].isdigit():
            j += 1
        mins = [m for m in numbers_at(toks, j) if 10 <= m[1] <= 59]
        if mins and (toks[j].isdigit() == toks[i].isdigit()):
            j, minute = mins[-1]
    if minute is None:
        return None
    spoken = not toks[i].isdigit()
    after = _word(toks, j)
    if not (context or spoken or after in ("am", "pm")):
        return None
    if after in _MINUTE_WORDS or after in ("hours", "hour", "days", "weeks"):
        return None
    return _suffix(toks, j, {"hour": hour % 24, "minute": minute, "h24": hour > 12})


def clock_time(toks: Sequence[str], i: int) -> tuple[int, dict[str, Any]] | None:
    """A time of day at ``toks[i]`` as (end, fields: hour, minute[, second], ampm, h24)."""
    w = _word(toks, i)
    if w in ("noon", "midday", "midnight") or (w == "mid" and _word(toks, i + 1) == "day"):
        if w == "mid":
            return i + 2, {"hour": 12, "minute": 0, "h24": True}
        found = _base_hour(toks, i)
        return (found[0], found[1]) if found else None
    context = _word(toks, i - 1) in _CONTEXT or _word(toks, i - 1) in WEEKDAYS
    best: tuple[int, dict[str, Any]] | None = None
    for found in (_relative_to_hour(toks, i), _digits_time(toks, i), _hour_minute(toks, i, context)):
        if found and (best is None or found[0] > best[0]):
            best = found
    if best:
        return best
    nums = numbers_at(toks, i)
    if not nums:
        return None
    end, hour = nums[-1]
    if hour > 24 or (toks[i].isdigit() and len(toks[i]) > 2):
        return None
    after = _word(toks, end)
    if after in ("am", "pm", "oclock") or context or (after in _FOLLOW and after != "in") or len(toks) == 1 \
            or (after == "in" and _word(toks, end + 1) == "the"):
        return _suffix(toks, end, {"hour": hour % 24, "minute": 0, "h24": hour > 12, "bare": hour})
    return None
