"""Dates written with digits: 2015-03-03, 3/3/15, 10.31.1974, 31-Oct-74, 2/15, 2018Q4."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ._lex import MONTHS

__all__ = ["numeric_date"]

_ISO = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$|^(\d{4})/(\d{1,2})$")
_US = re.compile(r"^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?$")
_NAMED = re.compile(r"^(\d{1,2})[-/]([a-z]{3})[-/](\d{2}|\d{4})$")


def _full_year(text: str) -> int:
    value = int(text)
    if len(text) == 4:
        return value
    return 2000 + value if value < 50 else 1900 + value


def _checked(fields: dict[str, Any]) -> dict[str, Any] | None:
    month, day = fields.get("month"), fields.get("day")
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and not 1 <= day <= 31:
        return None
    return fields


def numeric_date(toks: Sequence[str], i: int) -> tuple[int, dict[str, Any]] | None:
    """A digit-written date at ``toks[i]`` as (end, fields), month first as in the US."""
    tok = toks[i] if i < len(toks) else ""
    if m := _ISO.match(tok):
        if m.group(4):
            out = _checked({"year": int(m.group(4)), "month": int(m.group(5))})
        else:
            fields = {"year": int(m.group(1)), "month": int(m.group(2))}
            if m.group(3):
                fields["day"] = int(m.group(3))
            out = _checked(fields)
        return (i + 1, out) if out else None
    if m := _NAMED.match(tok):
        if m.group(2) not in MONTHS:
            return None
        out = _checked({"day": int(m.group(1)), "month": MONTHS[m.group(2)], "year": _full_year(m.group(3))})
        return (i + 1, out) if out else None
    if m := _US.match(tok):
        first, second = int(m.group(1)), int(m.group(2))
        month, day = (second, first) if first > 12 >= second else (first, second)
        fields = {"month": month, "day": day}
        if m.group(3):
            fields["year"] = _full_year(m.group(3))
        out = _checked(fields)
        return (i + 1, out) if out else None
    if tok.isdigit() and i + 2 < len(toks) and toks[i + 1] == "q" and toks[i + 2] in "1234":
        if len(tok) in (2, 4):
            return i + 3, {"year": _full_year(tok), "quarter": int(toks[i + 2])}
    if tok.isdigit() and i + 2 < len(toks) and toks[i + 1] == "/" and toks[i + 2].isdigit():
        out = _checked({"month": int(tok), "day": int(toks[i + 2])})
        return (i + 3, out) if out else None
    return None
