"""Film titles as keys that survive speech recognition: pure functions, no I/O.

A title key is the title in lower case, without accents or punctuation, with spoken numbers as
digits ("ocean's eleven" -> "ocean 11"), Roman numerals as digits ("rocky ii" -> "rocky 2"),
common abbreviations spelled out ("dr." -> "doctor"), and the words "the", "a", "an" and "and"
dropped. Two ways of saying one title meet at the same key.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from os1.numbers import number_prefixes
from os1.textnorm import tokens

__all__ = ["title_key", "TitleQuery", "read_title_query", "PRONOUNS", "name_key"]

_DROP = frozenset(("the", "a", "an", "and"))
_ROMAN = {"ii": 2, "iii": 3, "iv": 4, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "xi": 11, "xii": 12, "xiii": 13}
_SPELL = {"dr": "doctor", "mr": "mister", "mrs": "missus", "st": "saint", "vs": "versus", "pt": "part",
          "jr": "junior", "sr": "senior", "vol": "volume", "ep": "episode"}
_NUMBER_WORDS_SKIP = frozenset(("a", "an", "and", "oh", "second"))
"""Words number parsing would read as numbers but that, alone in a title, are words."""

PRONOUNS = frozenset((
    "it", "that", "this", "that film", "this film", "the film", "that movie", "this movie", "the movie",
    "that one", "this one", "the same film", "the same movie", "same film", "same movie",
))
"""What a person says for the film already being talked about."""

_YEAR_TAIL = re.compile(r"^(?P<title>.+?) (?:from |of |in |made in |released in )?(?:the year )?(?P<year>1[89]\d\d|20\d\d)(?: (?:film|movie|version|one))?$")
_YEAR_HEAD = re.compile(r"^(?:the )?(?P<year>1[89]\d\d|20\d\d) (?:film |movie |version |one )?(?P<title>.+)$")
_KIND_HEAD = re.compile(r"^(?:the |a )?(?:film|movie|picture) (?:called |named |titled )?(?P<title>.+)$")
_KIND_TAIL = re.compile(r"^(?P<title>.+?) (?:film|movie)$")


def _plain(text: str) -> str:
    """*text* without accents, with "&" spoken as "and"."""
    if text.isascii():
        return text.replace("&", " and ")
    decomposed = unicodedata.normalize("NFKD", text.replace("&", " and "))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _numbers(words: list[str]) -> list[str]:
    """Spoken numbers as digits; "nineteen eighty four" read as a year."""
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word in _ROMAN:
            out.append(str(_ROMAN[word]))
            i += 1
            continue
        scale_next = i + 1 < len(words) and words[i + 1] in ("hundred", "thousand", "million")
        skip = word in _NUMBER_WORDS_SKIP and not (word in ("a", "an") and scale_next)
        found = [] if skip else number_prefixes(words, i)
        if not found:
            out.append(_SPELL.get(word, word))
            i += 1
            continue
        end, value = found[-1]
        if out and out[-1].isdigit() and 10 <= int(out[-1]) <= 99 and 10 <= value <= 99 and not word.isdigit():
            out[-1] = str(int(out[-1]) * 100 + value)  # "nineteen eighty four" -> 1984
        else:
            out.append(str(value))
        i = end
    return out


def title_key(title: str) -> str:
    """The matching key of a title, as written or as said.

    >>> title_key("Ocean's Eleven")
    'ocean 11'
    >>> title_key("the lord of the rings")
    'lord of rings'
    """
    words = _numbers(tokens(_plain(title)))
    kept = [w for w in words if w not in _DROP]
    return " ".join(kept or words)


def name_key(name: str) -> str:
    """The matching key of a person's name (lower case, no accents or punctuation)."""
    return " ".join(tokens(_plain(name)))


@dataclass(frozen=True)
class TitleQuery:
    """A title as someone asked for it."""

    text: str
    """The title words, without "the film" or a year."""
    key: str
    """:func:`title_key` of the text."""
    year: int | None = None
    """A year the person gave ("her from 2013", "the 2013 one")."""
    pronoun: bool = False
    """True for "it", "that film": the film already being talked about."""
    literal_key: str = ""
    """The key of everything said, "movie" and year included, tried first ("my home movie")."""

    @property
    def keys(self) -> tuple[str, ...]:
        """Keys to look up exactly, most literal first."""
        return tuple(dict.fromkeys(k for k in (self.literal_key, self.key) if k))


def read_title_query(text: str) -> TitleQuery:
    """Split what filled a title slot into the title, a year, and whether it was a pronoun.

    >>> read_title_query("the movie her from 2013").key, read_title_query("the movie her from 2013").year
    ('her', 2013)
    """
    said = " ".join(tokens(_plain(text)))
    literal = title_key(said)
    if said in PRONOUNS:
        return TitleQuery(said, "", None, True)
    year = None
    for pattern in (_YEAR_TAIL, _YEAR_HEAD):
        found = pattern.match(said)
        if found and found.group("title").strip() not in ("", "the"):
            said, year = found.group("title"), int(found.group("year"))
            break
    for pattern in (_KIND_HEAD, _KIND_TAIL):
        found = pattern.match(said)
        if found:
            said = found.group("title")
    if said in PRONOUNS or said in ("one", "the one"):
        return TitleQuery(said, "", year, True)
    return TitleQuery(said, title_key(said), year, False, literal)
