"""Reading the answer to a follow-up question: yes/no, a choice, or a way out."""

from __future__ import annotations

from collections.abc import Sequence

from .numbers import parse_number
from .textnorm import FILLERS, tokens

__all__ = ["is_cancel", "read_yes_no", "read_choice", "ANSWER_PHRASES"]

_YES = {"yes", "yeah", "yep", "yup", "sure", "ok", "okay", "correct", "right", "affirmative",
        "do", "do it", "go ahead", "go on", "of course", "absolutely", "definitely",
        "that is right", "that is correct", "yes please", "sounds good", "confirm", "send it"}
_NO = {"no", "nope", "nah", "no thanks", "no thank you", "do not", "negative", "not now",
       "do not do it", "wrong", "that is wrong", "not really", "no way", "keep it"}
_CANCEL = {"cancel", "never mind", "nevermind", "forget it", "stop", "quit", "abort",
           "cancel that", "forget about it", "leave it"}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
             "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "last": -1}

ANSWER_PHRASES = sorted(_YES | _NO | _CANCEL)
"""Everything a confirmation accepts (for a recogniser grammar while one is pending)."""


def _core(text: str) -> str:
    words = [w for w in tokens(text) if w not in FILLERS or w in ("ok", "okay")]
    return " ".join(words)


def is_cancel(text: str) -> bool:
    """True when the person wants out of the current question ("cancel", "never mind that")."""
    words = _core(text).split()
    while len(words) > 1 and words[-1] in ("it", "that", "this", "then", "thanks", "thank", "you"):
        words.pop()
    return " ".join(words) in _CANCEL


def read_yes_no(text: str) -> bool | None:
    """True for yes, False for no, None when the answer is neither."""
    core = _core(text)
    if core in _YES:
        return True
    if core in _NO:
        return False
    words = core.split()
    if words and words[0] in ("yes", "yeah", "yep", "sure"):
        return True
    if words and words[0] in ("no", "nope", "nah"):
        return False
    return None


def read_choice(text: str, options: Sequence[str]) -> int | None:
    """The index in *options* the person picked ("the second one", "2", or its name), or None."""
    words = [w for w in _core(text).split() if w not in ("the", "one", "number", "option")]
    if not words:
        return None
    normalised = [" ".join(tokens(o)) for o in options]
    phrase = " ".join(words)
    if phrase in normalised:
        return normalised.index(phrase)
    if len(words) == 1 and words[0] in _ORDINALS:
        n = _ORDINALS[words[0]]
        index = len(options) - 1 if n == -1 else n - 1
        return index if 0 <= index < len(options) else None
    n = parse_number(words)
    if n is not None and 1 <= n <= len(options):
        return n - 1
    containing = [i for i, o in enumerate(normalised) if _contains_words(o.split(), words)]
    return containing[0] if len(containing) == 1 else None


def _contains_words(option: list[str], words: list[str]) -> bool:
    """True when *words* stand, whole and in order, inside *option* ("heat" in "heat 1995")."""
    n = len(words)
    return any(option[i : i + n] == words for i in range(len(option) - n + 1))
