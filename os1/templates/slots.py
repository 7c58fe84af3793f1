"""Slot types: what may fill a ``{slot}`` in a template, and what value it stands for.

Each type answers one question — from word ``start`` on, which spans could I be, and with what
value — and can name a few sample fillers for expansion (self-checks, recogniser grammars).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol

from ..numbers import number_prefixes
from ..textnorm import NOISES, tokens

__all__ = [
    "SlotType", "ListSlot", "NumberSlot", "TextSlot", "DateTimeSlot", "DurationSlot",
    "BUILTIN_TYPES", "TIME_WORDS",
]


class SlotType(Protocol):
    """What may fill a slot."""

    def spans(self, words: Sequence[str], start: int) -> Iterable[tuple[int, Any]]:
        """Yield ``(end, value)`` for every ``words[start:end]`` this slot accepts."""
        ...

    def samples(self) -> Sequence[str]:
        """A few fillers, as text, for expanding templates into sentences."""
        ...


class ListSlot:
    """One of a fixed list of phrases; each phrase may stand for another value.

    Args:
        values: phrases, or ``(phrase, value)`` pairs ("lunch", or ("the kitchen", "kitchen")).
    """

    wildcard = False

    def __init__(self, values: Iterable[str | tuple[str, Any]]) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], Any]]] = {}
        self._samples: list[str] = []
        for item in values:
            phrase, value = (item, item) if isinstance(item, str) else item
            words = tuple(tokens(phrase))
            if not words:
                continue
            self._by_first.setdefault(words[0], []).append((words, value))
            self._samples.append(" ".join(words))

    def spans(self, words: Sequence[str], start: int) -> Iterator[tuple[int, Any]]:
        if start >= len(words):
            return
        for phrase, value in self._by_first.get(words[start], ()):
            end = start + len(phrase)
            if tuple(words[start:end]) == phrase:
                yield end, value

    def samples(self) -> Sequence[str]:
        return self._samples

    def __len__(self) -> int:
        return len(self._samples)


class NumberSlot:
    """A whole number, written ("25") or spoken ("twenty five"); the value is an ``int``."""

    wildcard = False

    def spans(self, words: Sequence[str], start: int) -> list[tuple[int, Any]]:
        return number_prefixes(list(words), start)

    def samples(self) -> Sequence[str]:
        return ("five", "twenty")


class TextSlot:
    """Free text: one word or more, as said; the value is the text."""

    wildcard = True

    def spans(self, words: Sequence[str], start: int) -> Iterator[tuple[int, Any]]:
        if start >= len(words) or words[start] in NOISES:
            return  # "um" and "please" are skipped as fillers, never kept as free text
        for end in range(start + 1, len(words) + 1):
            if words[end - 1] not in NOISES:
                yield end, " ".join(words[start:end])

    def samples(self) -> Sequence[str]:
        return ("something",)


TIME_WORDS = frozenset(
    """
    now today tonight tomorrow yesterday morning afternoon evening night noon midday midnight
    this next last coming following previous weekend week weekends month year day days weeks
    months years hour hours minute minutes min mins second seconds sec secs fortnight
    monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays
    thursdays fridays saturdays sundays weekday weekdays
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    at in on for from to until till by before after around about ago later early late
    half quarter past o'clock oclock am pm a p m the of and a an every each other
    zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty hundred oh
    first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth
    thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth
    thirtieth end beginning start middle lunchtime dinnertime breakfast lunch dinner
    christmas new years eve day
    couple few several daily weekly monthly yearly hourly tonite hence sharp ish
    """.split()
)
"""Words a date, time or duration expression is made of (plus digits such as 9:30, 5th, 7pm)."""

_EDGE_WORDS = frozenset("and of the a an to".split())


def _time_word(word: str) -> bool:
    return word in TIME_WORDS or word[:1].isdigit()


class DateTimeSlot:
    """A date/time expression ("tomorrow at three", "next tuesday afternoon").

    The value is the text as said; the skill reads it with :mod:`os1.timeparse` and its clock,
    so matching stays independent of the time of day.
    """

    wildcard = False
    _samples: Sequence[str] = ("tomorrow at three", "friday at noon", "in twenty minutes")

    def spans(self, words: Sequence[str], start: int) -> Iterator[tuple[int, Any]]:
        end = start
        while end < len(words) and _time_word(words[end]):
            end += 1
            if words[end - 1] not in _EDGE_WORDS:
                yield end, " ".join(words[start:end])

    def samples(self) -> Sequence[str]:
        return self._samples


class DurationSlot(DateTimeSlot):
    """A length of time ("ten minutes", "an hour and a half"); the value is the text as said."""

    _samples = ("ten minutes", "an hour and a half")


BUILTIN_TYPES: dict[str, SlotType] = {
    "number": NumberSlot(),
    "text": TextSlot(),
    "datetime": DateTimeSlot(),
    "duration": DurationSlot(),
}
"""Slot types every template can use by name: ``{minutes:number}``, ``{note:text}``, ..."""
