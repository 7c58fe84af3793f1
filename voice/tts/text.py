"""Text prepared for speech: markup and control characters out; numbers, dates, times, addresses read naturally.

Pure functions of their input, no I/O. :func:`prepare` is what the speaker runs on every reply::

    >>> prepare("Meet **Dr. Lee** at 9:30 pm on 2026-11-22.").sentences
    ('Meet Doctor Lee at nine thirty p m on November twenty second, twenty twenty six.',)
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

from os1.numbers import say_number

__all__ = ["Prepared", "prepare", "speakable", "split_sentences", "say_ordinal", "MAX_SPOKEN_CHARS",
           "MAX_SENTENCE_CHARS"]

MAX_SPOKEN_CHARS = 3000
"""Characters of one reply that are spoken (about three minutes); the rest is left to the screen."""
MAX_SENTENCE_CHARS = 240
"""Longer sentences are cut at a comma or a space, so the first audio comes quickly."""
REST_ON_SCREEN = "The rest is on the screen."


@dataclass(frozen=True)
class Prepared:
    """A reply made ready for the synthesiser."""

    sentences: tuple[str, ...]
    """Speakable sentences, in order; empty when there is nothing to say."""
    truncated: bool
    """True when the reply was longer than MAX_SPOKEN_CHARS and only its start is spoken."""


_MONTHS = ("January February March April May June July August September October November December").split()
_MONTH_ABBR = {m[:3].lower(): m for m in _MONTHS}
_ORDINAL_ENDS = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
                 "nine": "ninth", "twelve": "twelfth"}
_ABBREVIATIONS = [  # (pattern, spoken); applied before sentences are split so their dots do not end one
    (r"\be\.\s?g\.", "for example"), (r"\bi\.\s?e\.", "that is"), (r"\betc\.(?=\s+[A-Z]|\s*$)", "et cetera."),
    (r"\betc\.", "et cetera"),
    (r"\bvs\.", "versus"), (r"\bapprox\.", "approximately"), (r"\bDr\.(?=\s+[A-Z])", "Doctor"),
    (r"\bMr\.", "Mister"), (r"\bMrs\.", "Missus"), (r"\bMs\.", "Miz"), (r"\bProf\.", "Professor"),
    (r"\bSt\.(?=\s+[A-Z])", "Saint"), (r"\bJr\.", "Junior"), (r"\bSr\.", "Senior"),
    (r"\bNo\.(?=\s*\d)", "number"), (r"\b([ap])\.m\.(?=\s+[A-Z]|\s*$)", r"\1 m."),
    (r"\b([ap])\.m\.", r"\1 m"),
    (r"\bOS1\b", "O S one"),
]
_UNITS = {"km": "kilometres", "kg": "kilograms", "g": "grams", "m": "metres", "cm": "centimetres",
          "mm": "millimetres", "mi": "miles", "mph": "miles per hour", "km/h": "kilometres per hour",
          "min": "minutes", "mins": "minutes", "h": "hours", "hr": "hours", "hrs": "hours", "s": "seconds",
          "sec": "seconds", "ms": "milliseconds", "MB": "megabytes", "GB": "gigabytes", "KB": "kilobytes",
          "°C": "degrees Celsius", "°F": "degrees Fahrenheit", "°": "degrees", "lb": "pounds", "lbs": "pounds"}
_CURRENCY = {"$": ("dollar", "dollars", "cent", "cents"), "£": ("pound", "pounds", "penny", "pence"),
             "€": ("euro", "euros", "cent", "cents")}
_SYMBOLS = {"&": " and ", "+": " plus ", "=": " equals ", "@": " at ", "#": " number ", "/": " slash ",
            "|": ", ", "~": " about ", "\\": " "}

_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")
_TAG = re.compile(r"</?[A-Za-z][^<>]{0,200}>")
_FENCE = re.compile(r"^\s*(```|~~~).*$", re.M)
_LINK = re.compile(r"!?\[([^\]\n]{0,200})\]\([^)\s]{0,500}\)")
_EMPHASIS = re.compile(r"(?<!\w)(\*\*|__|\*|_|~~|`)(?=\S)(.+?)(?<=\S)\1(?!\w)")
_LINE_MARK = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+•][ \t]+|\d{1,3}[.)][ \t]+)", re.M)
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"')\]]+", re.I)
_EMAIL = re.compile(r"\b[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+\b")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MONTH_DAY = re.compile(r"\b(" + "|".join(_MONTHS) + r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)"
                        r"\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4})\b)?")
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(" + "|".join(_MONTHS) + r")\b(?:,?\s+(\d{4})\b)?")
_TIME = re.compile(r"\b(\d{1,2}):(\d{2})(?::\d{2})?(?:\s*([ap])\.?\s?m\b)?", re.I)
_HOUR_AMPM = re.compile(r"\b(\d{1,2})\s*([ap])\.?\s?m\b", re.I)
_MONEY = re.compile(r"([$£€])\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{2}))?\b")
_YEAR_AFTER = re.compile(r"\b(in|since|from|until|till|by|of|year|before|after)\s+(1[1-9]\d\d|20\d\d)\b", re.I)
_UNIT = re.compile(r"(\d)(\s?)(" + "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
                   + r")(?![\w°])")
_PERCENT = re.compile(r"(\d)\s?%")
_ORDINAL = re.compile(r"\b(\d{1,6})(st|nd|rd|th)\b", re.I)
_RANGE = re.compile(r"\b(\d+)\s?[-–]\s?(\d+)\b")
_NUMBER = re.compile(r"(?<![\w.])(-)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\w])")
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"')\]]*\s+|\n\s*\n|\n(?=\s*\S)")


def say_ordinal(value: int) -> str:
    """Words for an ordinal number: 21 -> "twenty first"."""
    words = say_number(value).split()
    last = words[-1]
    if last in _ORDINAL_ENDS:
        words[-1] = _ORDINAL_ENDS[last]
    elif last.endswith("y"):
        words[-1] = last[:-1] + "ieth"
    else:
        words[-1] = last + "th"
    return " ".join(words)


def _say_year(year: int) -> str:
    if 2000 <= year <= 2009:
        return say_number(year)
    high, low = divmod(year, 100)
    if low == 0:
        return f"{say_number(high)} hundred"
    return f"{say_number(high)} {'oh ' if low < 10 else ''}{say_number(low)}"


def _say_digits(text: str) -> str:
    return " ".join(say_number(int(d)) for d in text)


def _say_int(digits: str) -> str:
    plain = digits.replace(",", "")
    if len(plain) > 1 and plain.startswith("0") or (len(plain) >= 7 and "," not in digits):
        return _say_digits(plain)  # codes and phone-like numbers: digit by digit
    value = int(plain)
    return say_number(value) if value < 1_000_000 else plain  # espeak reads big numbers well enough


def _date(month: int, day: int, year: str | None) -> str:
    spoken = f"{_MONTHS[month - 1]} {say_ordinal(day)}"
    return f"{spoken}, {_say_year(int(year))}" if year else spoken


def _iso_date(m: re.Match[str]) -> str:
    year, month, day = int(m[1]), int(m[2]), int(m[3])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return m[0].replace("-", " ")
    return _date(month, day, str(year))


def _month_day(m: re.Match[str]) -> str:
    month = _MONTH_ABBR[m[1][:3].lower()]
    day = int(m[2])
    if not 1 <= day <= 31:
        return m[0]
    return _date(_MONTHS.index(month) + 1, day, m[3])


def _day_month(m: re.Match[str]) -> str:
    day = int(m[1])
    if not 1 <= day <= 31:
        return m[0]
    spoken = f"the {say_ordinal(day)} of {m[2]}"
    return f"{spoken}, {_say_year(int(m[3]))}" if m[3] else spoken


def _time(m: re.Match[str]) -> str:
    hour, minute, half = int(m[1]), int(m[2]), (m[3] or "").lower()
    if hour > 23 or minute > 59:
        return m[0]
    if not half and hour > 12:
        hour, half = hour - 12, "p"
    elif not half and hour == 0:
        hour, half = 12, "a"
    hour_words = say_number(hour % 12 or 12) if half else say_number(hour)
    if minute == 0:
        spoken = hour_words if half else f"{hour_words} o'clock"
    elif minute < 10:
        spoken = f"{hour_words} oh {say_number(minute)}"
    else:
        spoken = f"{hour_words} {say_number(minute)}"
    return f"{spoken} {half} m" if half else spoken


def _money(m: re.Match[str]) -> str:
    one, many, cent, cents = _CURRENCY[m[1]]
    whole = int(m[2].replace(",", ""))
    spoken = f"{_say_int(m[2])} {one if whole == 1 else many}"
    if m[3] and int(m[3]):
        part = int(m[3])
        spoken += f" and {say_number(part)} {cent if part == 1 else cents}"
    return spoken


def _number(m: re.Match[str]) -> str:
    sign = "minus " if m[1] else ""
    spoken = sign + _say_int(m[2])
    if m[3] is not None:
        spoken += " point " + _say_digits(m[3])
    return spoken


def _unit(m: re.Match[str]) -> str:
    if len(m[3]) == 1 and m[3] != "°" and not m[2]:
        return m[0]  # "1990s", "4g": not a unit without the space
    return f"{m[1]} {_UNITS[m[3]]}"


def _url(m: re.Match[str]) -> str:
    url = m[0].rstrip(".,;:!?")
    tail = m[0][len(url):]
    rest = re.sub(r"^(?:https?://)?(?:www\.)?", "", url, flags=re.I).split("?")[0].split("#")[0]
    host, _, path = rest.partition("/")
    parts = [p for p in path.split("/") if p]
    spoken = _dotted(host)
    if 0 < len(parts) <= 2 and all(len(p) <= 20 for p in parts):
        spoken += " slash " + " slash ".join(_dotted(p) for p in parts)
    return spoken + tail


def _dotted(text: str) -> str:
    words = re.split(r"[.]", text)
    return " dot ".join(re.sub(r"[_-]+", " ", w) for w in words if w)


def _email(m: re.Match[str]) -> str:
    user, _, domain = m[0].partition("@")
    return f"{_dotted(user.replace('+', ' plus '))} at {_dotted(domain)}"


def _strip_markup(text: str) -> str:
    text = _ANSI.sub(" ", text)
    text = _FENCE.sub("", text)
    text = _TAG.sub(" ", text)
    text = html.unescape(text)
    text = _LINK.sub(r"\1", text)
    for _ in range(2):  # nested emphasis: ***x*** and **_x_**
        text = _EMPHASIS.sub(r"\2", text)
    text = _LINE_MARK.sub("\n", text)
    return text


def _keep_printable(text: str) -> str:
    text = unicodedata.normalize("NFKC", text.replace("¹", "1"))
    kept: list[str] = []
    for ch in text:
        cat = unicodedata.category(ch)
        if ch == "\n":
            kept.append("\n")
        elif cat[0] in "LNP" or ch in "$£€%°&+=@#/|~\\":
            kept.append(ch)
        elif cat[0] in "ZC":
            kept.append(" ")  # spaces, tabs, control and format characters
        # emoji and other symbols are dropped
    return "".join(kept)


def speakable(text: str) -> str:
    """*text* with markup, control characters and symbols gone and numbers, dates and addresses in words."""
    text = _keep_printable(_strip_markup(text))
    text = _URL.sub(_url, text)
    text = _EMAIL.sub(_email, text)
    for pattern, spoken in _ABBREVIATIONS:
        text = re.sub(pattern, spoken, text)
    text = _ISO_DATE.sub(_iso_date, text)
    text = _MONTH_DAY.sub(_month_day, text)
    text = _DAY_MONTH.sub(_day_month, text)
    text = _TIME.sub(_time, text)
    text = _HOUR_AMPM.sub(lambda m: f"{say_number(int(m[1]))} {m[2].lower()} m" if int(m[1]) <= 12 else m[0], text)
    text = _MONEY.sub(_money, text)
    text = _YEAR_AFTER.sub(lambda m: f"{m[1]} {_say_year(int(m[2]))}", text)
    text = _PERCENT.sub(r"\1 percent", text)
    text = _UNIT.sub(_unit, text)
    text = _ORDINAL.sub(lambda m: say_ordinal(int(m[1])), text)
    text = _RANGE.sub(lambda m: f"{m[1]} to {m[2]}", text)
    text = _NUMBER.sub(_number, text)
    for symbol, spoken in _SYMBOLS.items():
        text = text.replace(symbol, spoken)
    text = re.sub(r"[*_`^<>{}\[\]]+", " ", text)
    text = re.sub(r"([.!?,;:])\1+", r"\1", text)  # "!!!" -> "!", "..." -> "."
    text = re.sub(r"[ \t]+([.!?,;:])", r"\1", text)
    text = re.sub(r"[ \t]+", " ", text)
    return "\n".join(line.strip() for line in text.split("\n"))


def split_sentences(text: str, limit: int = MAX_SENTENCE_CHARS) -> list[str]:
    """Sentences of *text* (already speakable), each at most *limit* characters."""
    out: list[str] = []
    for piece in _BOUNDARY.split(text):
        piece = " ".join(piece.split())
        if not any(ch.isalnum() for ch in piece):
            continue
        while len(piece) > limit:
            cut = max(piece.rfind(sep, limit // 3, limit) for sep in (", ", "; ", ": ", " - "))
            cut = cut + 1 if cut > 0 else piece.rfind(" ", 0, limit)
            if cut <= 0:
                cut = limit
            out.append(piece[:cut].strip())
            piece = piece[cut:].strip()
        if any(ch.isalnum() for ch in piece):
            out.append(piece)
    return out


def prepare(text: str, max_chars: int = MAX_SPOKEN_CHARS) -> Prepared:
    """The sentences to speak for a reply.

    Args:
        text: the reply as shown: it may hold markdown, HTML, emoji, escapes and control characters.
        max_chars: speak at most about this many characters; longer replies end with a pointer to the screen.
    """
    raw = text[: max_chars * 3]  # bounds the work on huge inputs; the cut below is on the spoken text
    sentences = split_sentences(speakable(raw))
    total, kept = 0, []
    for sentence in sentences:
        total += len(sentence) + 1
        if total > max_chars:
            break
        kept.append(sentence)
    truncated = len(kept) < len(sentences) or len(text) > len(raw)
    if truncated:
        kept.append(REST_ON_SCREEN)
    return Prepared(tuple(kept), truncated)
