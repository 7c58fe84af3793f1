"""Answers about one film, from hand-written facts when there are some, else from its summary.

Pure functions: a :class:`~._store.Film`, optional :class:`FilmFacts`, a topic -> a sentence.
When neither the facts nor the summary hold the answer, the sentence says so; nothing is guessed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._store import Film
from ._titles import name_key, title_key

__all__ = ["FilmFacts", "load_facts", "answer", "join_and", "sentences", "names_by", "UNKNOWN", "role_of",
           "person_in"]


@dataclass(frozen=True)
class FilmFacts:
    """What OS¹ knows about one film beyond the database (for *Her*: from its article)."""

    title: str
    year: int
    facts: Mapping[str, str]
    """Topic ("director", "budget", ...) -> a sentence."""
    roles: Sequence[Mapping[str, Any]] = ()
    """Characters: ``character``, ``names`` (ways to say it), ``actor``, ``say``."""
    unknown_characters: Sequence[str] = ()
    """Characters in the film whose actor the facts do not name."""
    people: Mapping[str, str] = field(default_factory=dict)
    """Name key -> what the person did on the film."""
    stories: Sequence[Mapping[str, str]] = ()
    """Production stories: ``topic``, ``say``."""


def load_facts(path: Path) -> dict[tuple[str, int], FilmFacts]:
    """Facts files by (title key, year)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    out = {}
    for item in data["films"]:
        facts = FilmFacts(item["title"], int(item["year"]), item.get("facts", {}), item.get("roles", ()),
                          item.get("unknown_characters", ()), item.get("people", {}), item.get("stories", ()))
        out[(title_key(facts.title), facts.year)] = facts
    return out


UNKNOWN = {
    "director": "who directed it", "writer": "who wrote it", "producers": "who produced it",
    "music": "who wrote the music", "songs": "which songs are in it", "cast": "who is in it",
    "cinematographer": "who shot it", "editors": "who edited it", "studio": "which studio made it",
    "distributor": "who distributed it", "runtime": "how long it is", "budget": "what it cost to make",
    "box_office": "how much money it made", "awards": "whether it won any awards",
    "nominations": "what it was nominated for", "oscars": "whether it won any Oscars",
    "locations": "where it was filmed", "filming": "when it was filmed", "plot": "what it is about",
    "ending": "how it ends", "genre": "its genre", "country": "where it was made",
    "setting": "where it is set", "dedication": "who it is dedicated to", "reception": "what critics thought",
    "soundtrack_release": "when its soundtrack came out", "stories": "any stories about how it was made",
}
"""Topic -> what is missing, for "my notes on X don't say ..."."""

_VERBS = {"director": r"direct", "writer": r"writ|screenplay|script", "producers": r"produc",
          "music": r"music|score|compos", "cinematographer": r"cinematograph|photograph",
          "editors": r"edit", "distributor": r"distribut|released", "studio": r"produc"}
_KEYWORDS = {"runtime": r"\bminutes\b|running time", "budget": r"\bbudget\b",
             "box_office": r"\bgross|box office|box-office|\bearn", "awards": r"Academy Award|Oscar|\baward|\bwon\b",
             "nominations": r"nominat", "oscars": r"Academy Award|Oscar", "locations": r"\b(?:filmed|shot) (?:in|on|at)\b",
             "filming": r"principal photography|filming (?:began|took place|started)", "songs": r"\bsong",
             "reception": r"\bcritic|acclaim|\breviews?\b"}
_WORK = {"director": "directing", "writer": "writing", "producers": "producing", "music": "music",
         "cinematographer": "cinematography", "editors": "editing", "distributor": "distribution", "studio": "production"}
_ABBREV = re.compile(r"\b(Bros|Jr|Sr|Dr|Mr|Mrs|Ms|St|Mt|Vol|vs|Co|Inc|Ltd|No)\.|\b([A-Z])\.")
_NAME = r"[A-Z][\w'’\-]*\.?(?:\s+(?:(?:de|van|von|der|del|la|le|di|da|du)\s+)*[A-Z][\w'’\-]*\.?)*"
_CHAIN = re.compile(r"(?:\b(?:co-)?(?:[a-z]+ed|written|shot|done|made|music|score|screenplay|cinematography)"
                    r"(?:,?\s+(?:and\s+|&\s+)?|\s+))+$")
"""The participles right before "by": "written, directed, and co-produced "."""
_NAME_LIST = re.compile(rf"\bby\s+((?:the\s+)?{_NAME}(?:(?:,\s*(?:and\s+)?|\s+and\s+){_NAME})*)")


def join_and(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def sentences(text: str) -> list[str]:
    """The sentences of a summary (abbreviations such as "Warner Bros." do not end one)."""
    protected = _ABBREV.sub(lambda m: m.group(0).replace(".", "\x00"), text)
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z\"“'(])", protected)
    return [p.replace("\x00", ".").strip() for p in parts if p.strip()]


def names_by(summary: str, topic: str) -> list[str]:
    """People the summary credits for *topic* ("directed by X and Y") — empty if it does not say."""
    verb = _VERBS.get(topic)
    if not verb:
        return []
    for sentence in sentences(summary):
        sentence = sentence.replace(" by, and starring ", " by ")  # "written, directed by, and starring X"
        for found in _NAME_LIST.finditer(sentence):
            chain = _CHAIN.search(sentence[: found.start()])
            if chain is None or not re.search(verb, chain.group(0), re.I):
                continue
            names = re.split(r",\s*(?:and\s+)?|\s+and\s+", found.group(1))
            return [n.rstrip(".") for n in names if n]
    return []


def _sentence_about(summary: str, topic: str) -> str | None:
    pattern = _KEYWORDS.get(topic)
    if not pattern:
        return None
    for sentence in sentences(summary):
        if re.search(pattern, sentence, re.I if topic not in ("awards", "oscars") else 0):
            return sentence
    return None


def _dont_know(film: Film, topic: str) -> str:
    return f"My notes on {film.label} don't say {UNKNOWN.get(topic, 'that')}."


_CREDIT = {"director": "{t} was directed by {n}.", "writer": "{t} was written by {n}.",
           "producers": "{t} was produced by {n}.", "music": "The music for {t} is by {n}.",
           "cinematographer": "{t} was shot by {n}.", "editors": "{t} was edited by {n}.",
           "distributor": "{t} was distributed by {n}.", "studio": "{t} was produced by {n}."}


def answer(topic: str, film: Film, facts: FilmFacts | None) -> str:
    """One topic about *film*: from its facts, else its data and summary, else "my notes don't say"."""
    if facts is not None and topic in facts.facts:
        return facts.facts[topic]
    if topic in ("release", "year"):
        return f"{film.title} came out in {film.year}."
    if topic == "cast":
        if not film.cast:
            return _dont_know(film, topic)
        more = " among others" if len(film.cast) > 6 else ""
        return f"{film.label} stars {join_and(list(film.cast[:6]))}{more}."
    if topic == "genre":
        if not film.genres:
            return _dont_know(film, topic)
        kinds = join_and([g.lower() if g not in ("Noir",) else "film noir" for g in film.genres])
        return f"{film.label} is filed under {kinds}."
    if topic in ("plot", "about"):
        parts = sentences(film.summary)
        if not parts:
            return _dont_know(film, "plot")
        return " ".join(parts[:3])
    names = names_by(film.summary, topic)
    if names:
        return _CREDIT[topic].format(t=film.title, n=join_and(names))
    said = _sentence_about(film.summary, topic)
    return f"From my notes: {said}" if said else _dont_know(film, topic)


def role_of(character: str, film: Film, facts: FilmFacts | None) -> str:
    """Who played *character* in *film*."""
    key = name_key(character)
    key = re.sub(r"^(?:the character|character|the role of|the part of) ", "", key)
    if facts is not None:
        for role in facts.roles:
            if key in role["names"] or key == name_key(role["character"]):
                return role["say"]
        if key in facts.unknown_characters:
            return (f"My notes on {film.title} don't say who played {_tidy(character)}. "
                    f"The cast includes {join_and(list(film.cast[:6]))}.")
    cast = f" The cast I know is {join_and(list(film.cast[:6]))}." if film.cast else ""
    return f"My notes on {film.label} don't say who played {_tidy(character)}.{cast}"


def person_in(person: str, film: Film, facts: FilmFacts | None) -> str:
    """What *person* did in *film*, or that the data does not list them."""
    key = name_key(person)
    if facts is not None and key in facts.people:
        return facts.people[key]
    listed = next((c for c in film.cast if name_key(c) == key), None)
    if listed:
        return f"Yes, {listed} is in {film.label}, but my notes don't say which part."
    credits = [t for t in _VERBS if name_key(person) in [name_key(n) for n in names_by(film.summary, t)]]
    if credits:
        return f"{_tidy(person)} isn't in the cast I know, but my notes credit them with the {_WORK[credits[0]]} of {film.title}."
    return f"My notes don't list {_tidy(person)} in {film.label}."


def _tidy(name: str) -> str:
    """A name as said ("amy", "the blind date") with capitals where a person would write them."""
    words = name.split()
    small = ("the", "a", "an", "of", "his", "her")
    return " ".join(w if w in small or not w.isalpha() else w[:1].upper() + w[1:] for w in words)
