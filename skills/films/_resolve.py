"""Which film a person means: exact title key, then near misses, with a year and context to narrow it.

:func:`resolve` returns a :class:`Resolved`: one film, several to choose from, or nothing (with a
sentence saying why). It reads the database and the conversation's current film, nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ._store import Film, FilmStore
from ._titles import TitleQuery, name_key, read_title_query, title_key

__all__ = ["Resolved", "resolve", "choice_labels", "HER_KEY"]

HER_KEY = ("her", 2013)
"""The film OS¹ is named after: "her" in a question may mean it, or a woman."""
MAX_CHOICES = 12
"""Films offered in one question (the person may pick any of them by year)."""
SPOKEN_CHOICES = 6
"""Of those, how many are read out (the best known)."""


@dataclass(frozen=True)
class Resolved:
    """The outcome of looking a title up."""

    film: Film | None = None
    """The one film meant."""
    choices: tuple[Film, ...] = ()
    """Several films fit equally: ask which (in year order)."""
    total: int = 0
    """How many films fit in all (when there were more than the choices)."""
    problem: str = ""
    """Why nothing was found, for the person."""
    guessed: bool = False
    """True when the title was a near miss, not an exact match."""
    needs_title: bool = False
    """True when the person said "it" and no film is being talked about."""


def resolve(store: FilmStore, said: str | None, current: Film | None, her_may_be_a_woman: bool = True) -> Resolved:
    """The film *said* names ("her", "the 2013 one", "it"), given the film being talked about.

    Args:
        store: the film database.
        said: what filled the title slot, or None when the sentence had no title.
        current: the film the conversation is about, if any.
        her_may_be_a_woman: the question reads naturally with "her" as a person ("who directed her"),
            so while another film is being talked about, ask which is meant.
    """
    query = read_title_query(said) if said else TitleQuery("", "", None, True)
    if query.pronoun:
        if current is None:
            return Resolved(needs_title=True)
        return Resolved(film=current)
    if her_may_be_a_woman and query.key == "her" and query.year is None and current is not None \
            and (title_key(current.title), current.year) != HER_KEY:
        her = _exact(store, query)
        if her:
            return Resolved(choices=(her[0], current), total=2)
    films = _exact(store, query)
    guessed = False
    if not films:
        films = _near(store, query)
        guessed = True
    if not films:
        return Resolved(problem=_not_found(store, query))
    if len(films) == 1:
        return Resolved(film=films[0], guessed=guessed)
    if guessed:
        return Resolved(film=films[0], guessed=True)  # near misses: prefer the better known
    ranked = sorted(films, key=lambda f: -f.pop)[:MAX_CHOICES]
    return Resolved(choices=tuple(sorted(ranked, key=lambda f: f.year)), total=len(films))


def _exact(store: FilmStore, query: TitleQuery) -> list[Film]:
    for key in query.keys:
        films = store.by_key(key)
        if query.year is not None and key == query.key:
            films = [f for f in films if f.year == query.year]
        if films:
            return films
    return []


def _near(store: FilmStore, query: TitleQuery) -> list[Film]:
    if not query.key:
        return []
    found = store.near(query.key)
    if query.year is not None:
        found = [(f, s) for f, s in found if f.year == query.year]
    if not found:
        return []
    top = found[0][1]
    return [f for f, s in found if s >= top - 2]


def _not_found(store: FilmStore, query: TitleQuery) -> str:
    if query.year is not None and query.key:
        other = store.by_key(query.key)
        if other:
            years = " and ".join(", ".join(str(f.year) for f in sorted(other, key=lambda f: f.year)).rsplit(", ", 1))
            return f"I know {other[0].title} from {years}, but not one from {query.year}."
    return f"I don't know a film called “{query.text}”."


def choice_labels(films: Sequence[Film]) -> list[str]:
    """How to name each film in a question: "Treasure Island (1934)", with a star when that repeats."""
    seen = [(f.title, f.year) for f in films]
    labels = []
    for f in films:
        if seen.count((f.title, f.year)) > 1 and f.cast:
            labels.append(f"{f.title} ({f.year}, with {f.cast[0]})")
        else:
            labels.append(f.label)
    return labels


def same_person(a: str, b: str) -> bool:
    """True when two spellings name the same person (case, accents and punctuation aside)."""
    return name_key(a) == name_key(b)
