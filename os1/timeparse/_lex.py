"""Words of a time phrase: typed or recognised text into tokens, and numbers read from them."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..numbers import parse_number

__all__ = ["lex", "numbers_at", "ordinal_at", "UNIT_WORDS", "WEEKDAYS", "MONTHS"]

_SUBS = [
    (re.compile(r"[’`]"), "'"),
    (re.compile(r"\b([ap])\.\s?m\b\.?"), r"\1m"),
    (re.compile(r"(\d)\s*([ap])\s?m\b\.?"), r"\1 \2m"),
    (re.compile(r"(\d)([ap])\b\.?"), r"\1 \2m"),
    (re.compile(r"\b([ap]) m\b"), r"\1m"),
    (re.compile(r"(?<![/\d])(\d{1,2})h(\d{2})\b"), r"\1:\2"),
    (re.compile(r"(?<![/\d.])(\d{1,2})h\b"), r"\1:00"),
    (re.compile(r"\bo'?\s?clock\b"), " oclock "),
    (re.compile(r"(\d)ish\b"), r"\1 ish"),
    (re.compile(r"\b([a-z]+)ish\b"), r"\1 ish"),
    (re.compile(r"(\d)(am|pm)\b"), r"\1 \2"),
    (re.compile(r"(\d)([a-z]{3,})\b"), r"\1 \2"),
    (re.compile(r"([a-z])-(?=[a-z])"), r"\1 "),
]
_TOKEN = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}|\d{4}[-/]\d{1,2}(?![\d/])|\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?"
    r"|\d{1,2}-\d{1,2}-\d{2,4}|\d{1,2}[-/][a-z]{3}[-/]\d{2,4}"
    r"|\d{1,2}:\d{2}(?::\d{2})?|\d+(?:\.\d+)?(?:st|nd|rd|th)?|[a-z]+(?:'[a-z]+)?|[-@\"'/]"
)

UNIT_WORDS = {
    "second": "second", "seconds": "second", "sec": "second", "secs": "second", "s": "second",
    "minute": "minute", "minutes": "minute", "min": "minute", "mins": "minute",
    "hour": "hour", "hours": "hour", "hr": "hour", "hrs": "hour", "h": "hour",
    "day": "day", "days": "day", "week": "week", "weeks": "week", "wk": "week", "wks": "week",
    "fortnight": "fortnight", "fortnights": "fortnight", "month": "month", "months": "month",
    "quarter": "quarter", "quarters": "quarter", "qtr": "quarter", "qtrs": "quarter",
    "year": "year", "years": "year", "yr": "year", "yrs": "year",
}
"""Unit words, singular and plural, to the unit's name."""

WEEKDAYS = {}
for _i, _names in enumerate(("monday mon", "tuesday tue tues", "wednesday wed", "thursday thu thur thurs",
                             "friday fri", "saturday sat", "sunday sun")):
    for _n in _names.split():
        WEEKDAYS[_n] = _i
        WEEKDAYS[_n + "s"] = _i
"""Weekday names and abbreviations (and plurals: "mondays") to 0 = Monday .. 6 = Sunday."""

MONTHS = {}
for _i, _names in enumerate(("january jan", "february feb", "march mar", "april apr", "may",
                             "june jun", "july jul", "august aug", "september sep sept",
                             "october oct", "november nov", "december dec"), 1):
    for _n in _names.split():
        MONTHS[_n] = _i
"""Month names and abbreviations to 1..12."""

_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}
_NUMBERISH = frozenset(
    "zero oh one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred "
    "thousand and".split()
) | frozenset(_ORDINAL_WORDS)


def lex(text: str) -> list[str]:
    """Lower-case tokens of *text*: "3:30pm" → ["3:30", "pm"], "15h" → ["15:00"], "p.m." → ["pm"].

    Possessives lose their "'s" ("new year's eve" → "new years eve"), hyphens between words
    become spaces ("week-end" → "week end"), and a dash between numbers stays a "-" token.
    """
    text = text.lower()
    for pattern, repl in _SUBS:
        text = pattern.sub(repl, text)
    out: list[str] = []
    for tok in _TOKEN.findall(text):
        if tok in ("'", '"'):
            if out and out[-1][:1].isdigit():
                out.append("'" if tok == "'" else '"')
            continue
        if tok.endswith("'s"):
            tok = tok[:-2] + "s"
        out.append(tok.replace("'", ""))
    return out


def _digits(tok: str) -> int | None:
    for suffix in ("st", "nd", "rd", "th"):
        if tok.endswith(suffix) and tok[: -len(suffix)].isdigit():
            return int(tok[: -len(suffix)])
    return int(tok) if tok.isdigit() else None


def numbers_at(toks: Sequence[str], i: int) -> list[tuple[int, int]]:
    """Every (end, value) where ``toks[i:end]`` is a whole number ("25", "twenty five"), longest last."""
    if i >= len(toks):
        return []
    tok = toks[i]
    if tok.isdigit():
        return [(i + 1, int(tok))]
    found: list[tuple[int, int]] = []
    end = i
    while end < len(toks) and end - i < 8 and toks[end] in _NUMBERISH and toks[end] not in _ORDINAL_WORDS:
        end += 1
        value = parse_number(list(toks[i:end]))
        if value is not None and toks[i] != "oh" and toks[i] != "and":
            found.append((end, value))
    return found


def ordinal_at(toks: Sequence[str], i: int) -> tuple[int, int] | None:
    """(end, value) for an ordinal at *i*: "5th", "fifth", "twenty first", "21st"."""
    if i >= len(toks):
        return None
    tok = toks[i]
    if tok[:1].isdigit() and not tok.isdigit():
        value = _digits(tok)
        return (i + 1, value) if value is not None else None
    if tok in _ORDINAL_WORDS:
        return i + 1, _ORDINAL_WORDS[tok]
    if tok in ("twenty", "thirty") and i + 1 < len(toks) and toks[i + 1] in _ORDINAL_WORDS:
        unit = _ORDINAL_WORDS[toks[i + 1]]
        if unit < 10:
            return i + 2, (20 if tok == "twenty" else 30) + unit
    return None
