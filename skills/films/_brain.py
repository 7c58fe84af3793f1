"""What the film skill does once a film question arrives: find the film, answer, keep it in context.

Imported on the first film question (the skill module itself stays light), together with the
database, the facts and the answer phrasing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from os1.events import Response

from ._answers import FilmFacts, answer, join_and, load_facts, person_in, role_of
from ._resolve import SPOKEN_CHOICES, Resolved, choice_labels, resolve
from ._store import Film, FilmStore
from ._titles import name_key, title_key

__all__ = ["FilmBrain"]

_PERSONAL = frozenset(("about", "director", "writer", "producers", "cast", "stories", "editors", "cinematographer"))
"""Topics where "her" may be a woman rather than the film ("who directed her?")."""


class FilmBrain:
    """The film skill's working part.

    Args:
        store: the film database (opened on first use).
        facts_file: the hand-written facts (loaded on first use).
    """

    def __init__(self, store: FilmStore, facts_file: Path) -> None:
        self.store = store
        self.facts_file = facts_file
        self._facts: dict[tuple[str, int], FilmFacts] | None = None

    # -- plumbing -------------------------------------------------------------------------------
    def facts(self, film: Film) -> FilmFacts | None:
        if self._facts is None:
            self._facts = load_facts(self.facts_file)
        return self._facts.get((title_key(film.title), film.year))

    def _film_with_character(self, character: str) -> Film | None:
        """The one film whose facts name *character* (Samantha -> Her), if exactly one does."""
        if self._facts is None:
            self._facts = load_facts(self.facts_file)
        key = name_key(character)
        hits = [f for f in self._facts.values() if any(key in r["names"] for r in f.roles)]
        if len(hits) != 1:
            return None
        films = [f for f in self.store.by_key(title_key(hits[0].title)) if f.year == hits[0].year]
        return films[0] if films else None

    def _current(self, ctx: Any) -> Film | None:
        kept = ctx.session.get("film")
        if not kept:
            return None
        film = self.store.get(int(kept["id"]))
        if film is None or (film.title, film.year) != (kept["title"], kept["year"]):
            return None  # the database was rebuilt since; do not guess
        return film

    def _say(self, ctx: Any, film: Film, text: str, topic: str, display: str | None = None) -> Response:
        ctx.session["film"] = {"id": film.id, "title": film.title, "year": film.year, "topic": topic}
        lines = [f"{film.title} ({film.year})" if film.year else film.title]
        if film.genres:
            lines.append(", ".join(film.genres))
        if film.cast:
            lines.append("With " + ", ".join(film.cast[:6]))
        data = {"film": {"summary": film.label, "lines": lines, "title": film.title, "year": film.year,
                         "cast": list(film.cast[:8]), "genres": list(film.genres)}}
        return ctx.reply(text, display=display, data=data)

    def other_year(self, year: int, ctx: Any) -> Response:
        """ "What about the 1953 one?": the last question again, for the same title from another year."""
        kept = ctx.session.get("film")
        if not kept:
            return ctx.reply("Which film do you mean? Try “who directed Titanic from 1953”.")
        topic = kept.get("topic", "about")
        topic = topic if topic not in ("role", "person") else "about"  # their details are not kept
        return self.about(f"{kept['title']} from {year}", ctx, topic, {})

    def about(self, said: str | None, ctx: Any, topic: str, extra: dict[str, str]) -> Response:
        if topic == "role" and not said and self._current(ctx) is None:
            known = self._film_with_character(extra["character"])
            if known is not None:  # "who played Samantha?" needs no title
                return self._answer_resolved(Resolved(film=known), ctx, topic, extra)
        found = resolve(self.store, said, self._current(ctx), her_may_be_a_woman=topic in _PERSONAL)
        return self._answer_resolved(found, ctx, topic, extra)

    def _answer_resolved(self, found: Resolved, ctx: Any, topic: str, extra: dict[str, str]) -> Response:
        data = {"topic": topic, "extra": extra}
        if found.needs_title:
            return ctx.ask("Which film do you mean?", then="on_title", data=data)
        if found.problem:
            return ctx.reply(found.problem)
        if found.choices:
            labels = choice_labels(found.choices)
            ids = [f.id for f in found.choices]
            if found.total == 2 and found.choices[0].title == "Her" and found.choices[1].title != "Her":
                text = f"Do you mean the film Her, or {labels[1]}?"
            else:
                spoken = sorted(sorted(found.choices, key=lambda f: -f.pop)[:SPOKEN_CHOICES], key=lambda f: f.year)
                years = join_and([str(f.year) for f in spoken])
                which = f"The best known are from {years}" if found.total > len(spoken) else f"They're from {years}"
                text = f"I know {found.total} films called {found.choices[0].title}. {which}. Which one?"
            return ctx.choose(text, labels, then="on_choice", data={**data, "ids": ids})
        assert found.film is not None
        if topic == "stories":
            text = self._story(ctx, found.film, extra.get("story"))
        else:
            text = self._text(topic, found.film, extra)
        if found.guessed:
            text = f"I think you mean {found.film.label}. {text}"
        display = self._display(found.film, text) if topic == "about" else None
        return self._say(ctx, found.film, text, topic, display)

    def _text(self, topic: str, film: Film, extra: dict[str, str]) -> str:
        facts = self.facts(film)
        if topic == "role":
            return role_of(extra["character"], film, facts)
        if topic == "person":
            return person_in(extra["person"], film, facts)
        if topic == "about":
            return self._overview(film, facts)
        return answer(topic, film, facts)

    def _overview(self, film: Film, facts: FilmFacts | None) -> str:
        if facts is not None:
            return " ".join(facts.facts[k] for k in ("plot", "director") if k in facts.facts)
        return answer("plot", film, None) if film.summary else (
            f"{film.label}. " + answer("cast", film, None) + " " + answer("genre", film, None))

    def _display(self, film: Film, text: str) -> str:
        lines = [text, "", f"{film.label}"]
        if film.genres:
            lines.append("Genres: " + ", ".join(film.genres))
        if film.cast:
            lines.append("Cast: " + ", ".join(film.cast))
        return "\n".join(lines)

    def _story(self, ctx: Any, film: Film, wanted: str | None) -> str:
        """A production story not told yet in this conversation (or the one *wanted*)."""
        facts = self.facts(film)
        if facts is None or not facts.stories:
            return answer("stories", film, None)
        kept = ctx.session.get("stories") or {}
        told = list(kept.get("told", [])) if kept.get("film") == film.id else []
        fresh = [s for s in facts.stories if s["topic"] not in told] or list(facts.stories)
        story = next((s for s in facts.stories if s["topic"] == wanted), fresh[0])
        if len(fresh) == len(facts.stories):
            told = []  # all told: start again
        ctx.session["stories"] = {"film": film.id, "told": [*told, story["topic"]]}
        return story["say"]

    # -- answers to questions -------------------------------------------------------------------
    def on_title(self, reply: Any, ctx: Any) -> Response:
        """The person named the film after "Which film do you mean?"."""
        return self.about(reply.text, ctx, reply.data["topic"], dict(reply.data.get("extra", {})))

    def on_choice(self, reply: Any, ctx: Any) -> Response:
        """The person picked one of several films."""
        film = self.store.get(int(reply.data["ids"][reply.choice or 0]))
        if film is None:
            return ctx.reply("I lost track of that film; could you ask again?")
        return self._answer_resolved(Resolved(film=film), ctx, reply.data["topic"], dict(reply.data.get("extra", {})))

    # -- lists of films -------------------------------------------------------------------------
    def list_films(self, ctx: Any, what: str, count: int, films: list[Film], order: str = "best known") -> Response:
        """Say how many films there are and name a few; show up to 20."""
        if not films:
            return ctx.reply(f"I don't know any {what}.")
        names = [f.label for f in films[:5]]
        text = f"I know {count} {what}. A few of the {order}: {join_and(names)}."
        if count <= 5:
            text = f"I know {count} {what}: {join_and(names)}."
        if count == 1:
            text = f"I know one {what.replace('films', 'film', 1)}: {names[0]}."
        display = text + "\n" + "\n".join(f"  {f.label}" for f in films)
        return ctx.reply(text, display=display, data={"films": [f.label for f in films]})
