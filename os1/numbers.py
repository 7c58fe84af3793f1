"""Numbers as people say them and as recognisers write them: "twenty five", "25", "a hundred and five"."""

from __future__ import annotations

__all__ = ["parse_number", "number_prefixes", "say_number"]

_UNITS = {
    "zero": 0, "oh": 0, "nought": 0, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}
_NUMBER_WORDS = frozenset(_UNITS) | frozenset(_TENS) | frozenset(_SCALES) | frozenset(_ORDINALS)


def _digits(word: str) -> int | None:
    stripped = word
    for suffix in ("st", "nd", "rd", "th"):
        if stripped.endswith(suffix):
            stripped = stripped[: -len(suffix)]
            break
    return int(stripped) if stripped.isdigit() else None


def parse_number(words: list[str] | tuple[str, ...]) -> int | None:
    """The whole number that *all* of *words* spell, or None.

    >>> parse_number(["twenty", "five"])
    25
    >>> parse_number(["a", "hundred", "and", "five"])
    105
    >>> parse_number(["21st"])
    21
    """
    if not words:
        return None
    if len(words) == 1:
        value = _digits(words[0])
        if value is not None:
            return value
    if words[0] == "and" or words[-1] == "and" or words[-1] in ("a", "an"):
        return None
    total = current = 0
    last: str | None = None  # "unit", "teen", "tens", "scale", "ordinal"
    for i, word in enumerate(words):
        if word == "and":
            if last != "scale":
                return None
            continue
        if last == "ordinal":
            return None
        if word in ("a", "an"):
            if i + 1 >= len(words) or words[i + 1] not in _SCALES or current or total:
                return None
            current, last = 1, "unit"
        elif word in _UNITS:
            value = _UNITS[word]
            if last in ("unit", "teen") or (last == "tens" and value >= 10):
                return None
            current += value
            last = "teen" if value >= 10 else "unit"
        elif word in _TENS:
            if last in ("unit", "teen", "tens"):
                return None
            current += _TENS[word]
            last = "tens"
        elif word in _ORDINALS:
            value = _ORDINALS[word]
            if last in ("unit", "teen") or (last == "tens" and value >= 10):
                return None
            current += value
            last = "ordinal"
        elif word in _SCALES:
            scale = _SCALES[word]
            if last is None or last == "scale":
                return None
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0
            last = "scale"
        else:
            return None
    return total + current


def number_prefixes(words: list[str], start: int, longest: int = 8) -> list[tuple[int, int]]:
    """Every (end, value) such that ``words[start:end]`` spells a number."""
    found: list[tuple[int, int]] = []
    for end in range(start + 1, min(len(words), start + longest) + 1):
        word = words[end - 1]
        if word not in _NUMBER_WORDS and word != "and" and _digits(word) is None:
            break
        value = parse_number(words[start:end])
        if value is not None:
            found.append((end, value))
    return found


_SAY_UNITS = [k for k, v in sorted(_UNITS.items(), key=lambda kv: kv[1]) if k not in ("oh", "nought", "a", "an")]


def say_number(value: int) -> str:
    """Words for a whole number 0..999,999 as a person would say it ("one hundred and five")."""
    if value < 0:
        return "minus " + say_number(-value)
    if value < 20:
        return _SAY_UNITS[value]
    if value < 100:
        tens = next(k for k, v in _TENS.items() if v == value // 10 * 10)
        return tens if value % 10 == 0 else f"{tens} {_SAY_UNITS[value % 10]}"
    if value < 1000:
        head = f"{_SAY_UNITS[value // 100]} hundred"
        return head if value % 100 == 0 else f"{head} and {say_number(value % 100)}"
    if value < 1_000_000:
        head = f"{say_number(value // 1000)} thousand"
        rest = value % 1000
        if rest == 0:
            return head
        return f"{head} and {say_number(rest)}" if rest < 100 else f"{head} {say_number(rest)}"
    return str(value)
