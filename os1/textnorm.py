"""Turn raw text (typed, or from a speech recogniser) into tokens the matcher can use.

Both utterances and template literals go through :func:`tokens`, so "What's the time?" and the
template ``what is the time`` meet in the middle.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["CleanText", "FILLERS", "NOISES", "POLITE_LEADS", "clean", "tokens", "readings", "request_span", "MAX_CHARS"]

MAX_CHARS = 1000
"""Characters of one utterance that are read; the rest is dropped (and the reply says so)."""

FILLERS = frozenset(
    "um umm uh uhh er erm hmm ah oh please pls kindly ok okay so well like just hey hi".split()
)
"""Words the matcher may skip when a template does not mention them."""

NOISES = frozenset("um umm uh uhh er erm hmm please pls".split())
"""Fillers that are never part of free text: a text slot does not start or end with one."""

POLITE_LEADS = (("could", "you"), ("can", "you"), ("would", "you"), ("will", "you"),
                ("i", "want", "to"), ("i", "would", "like", "to"), ("i", "need", "to"),
                ("please",), ("hey",), ("ok",), ("okay",), ("so",))
"""Openings that wrap a request ("could you tell me the time"); dropped when that reads better."""

_CONTRACTIONS = {
    "what's": "what is", "whats": "what is", "where's": "where is", "who's": "who is",
    "when's": "when is", "how's": "how is", "that's": "that is", "it's": "it is",
    "there's": "there is", "here's": "here is", "let's": "let us",
    "i'm": "i am", "im": "i am", "i've": "i have", "i'll": "i will", "i'd": "i would",
    "you're": "you are", "you've": "you have", "you'll": "you will", "you'd": "you would",
    "we're": "we are", "they're": "they are", "isn't": "is not", "aren't": "are not",
    "don't": "do not", "dont": "do not", "doesn't": "does not", "didn't": "did not",
    "can't": "can not", "cant": "can not", "cannot": "can not", "won't": "will not",
    "wouldn't": "would not", "shouldn't": "should not", "couldn't": "could not",
    "wasn't": "was not", "weren't": "were not", "haven't": "have not", "hasn't": "has not",
    "o'clock": "o'clock", "wanna": "want to", "gonna": "going to", "gotta": "got to",
}
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")
_WORD = re.compile(r"\d+(?::\d+)?(?:\.\d+)?(?:st|nd|rd|th|am|pm|%)?|[^\W\d_]+(?:['’][^\W\d_]+)*")


@dataclass(frozen=True)
class CleanText:
    """Printable text made from raw input, and what had to be done to it."""

    text: str
    """The text with escapes, control characters and emoji removed, at most MAX_CHARS long."""
    truncated: bool
    """True when the input was longer than MAX_CHARS and was cut."""
    junk: bool
    """True when most of the input was not letters or digits (binary data, emoji, symbols)."""


def clean(raw: str) -> CleanText:
    """Strip terminal escapes, control characters and symbols from raw input.

    Args:
        raw: whatever arrived: typed text, recogniser output, a pasted file.

    Returns:
        The printable text, and flags saying whether it was cut or was mostly junk.
    """
    text = unicodedata.normalize("NFKC", _ANSI.sub(" ", raw))
    kept: list[str] = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat[0] in "LNP" or ch == " ":
            kept.append(ch)
        elif cat[0] == "Z" or cat == "Cc" or ch in "\u200b\u2060\ufeff":
            kept.append(" ")  # spaces, tabs, newlines, NULs and other controls separate words
        # everything else (zero-width and format characters, emoji and other symbols) is dropped
    out = " ".join("".join(kept).split())
    letters = sum(ch.isalnum() for ch in raw)
    binary = sum((unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") and ch not in "\t\n\r\x1b")
                 or ch == "\ufffd" for ch in raw)
    stripped = raw.strip()
    junk = bool(stripped) and (letters < max(1, len(stripped) // 3) or binary > len(stripped) * 0.15)
    truncated = len(out) > MAX_CHARS
    if truncated:
        out = out[:MAX_CHARS].rsplit(" ", 1)[0]
    return CleanText(out, truncated, junk)


def tokens(text: str, keep_case: bool = False) -> list[str]:
    """Lower-case words of *text*, with contractions expanded and punctuation gone.

    Digits stay digits ("9:30", "5th"); spoken numbers stay words. Slot types read both.
    With *keep_case*, the same list in the original capitals (for slot text such as names).
    """
    out: list[str] = []
    for original in _WORD.findall(text.replace("’", "'")):
        word = original.lower()
        expanded = _CONTRACTIONS.get(word)
        if expanded is not None:
            out.extend(expanded.split())
        elif word.endswith("'s") and len(word) > 2:
            out.append(original if keep_case else word[:-2])  # "amy's" matches as "amy", is shown as said
        else:
            out.append(original if keep_case else word)
    return out


def request_span(words: list[str], names: frozenset[str]) -> slice:
    """The request inside *words*: without a leading or trailing name ("Samantha": wake word or name)."""
    start, end = 0, len(words)
    if end - start > 1 and words[start] in names:
        start += 1
    if end - start > 1 and words[end - 1] in names:
        end -= 1
    return slice(start, end)


def readings(words: list[str], shown: list[str], names: frozenset[str]) -> list[tuple[list[str], list[str]]]:
    """Ways to read an utterance, (words, as shown): as said; without "Samantha, ..."; without
    "could you ..." (``POLITE_LEADS``)."""
    out = [(words, shown)]
    span = request_span(words, names)
    core, core_shown = words[span], shown[span]
    if len(core) != len(words):
        out.append((core, core_shown))
    for lead in POLITE_LEADS:
        if len(core) > len(lead) and tuple(core[: len(lead)]) == lead:
            out.append((core[len(lead):], core_shown[len(lead):]))
            break
    return out
