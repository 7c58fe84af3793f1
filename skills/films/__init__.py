"""Film facts: *Her* in depth, and some 36,000 other films, from a database that ships with OS¹.

The database is built into the cache directory on the first film question (see :mod:`._store`);
nothing is read when the skill is loaded. The film being talked about is kept in the
conversation's session, so "who directed Her?" can be followed by "and who wrote the music?".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from os1.events import IntentMatch, Response
from os1.skill import Answer, Panel

from ._answers import FilmFacts, answer, join_and, load_facts, person_in, role_of
from ._intents import FilmIntents
from ._resolve import Resolved, choice_labels, resolve
from ._store import USER_FILE, Film, FilmStore
from ._titles import name_key, title_key

__all__ = ["FilmSkill", "store_for"]

DATA = Path(__file__).with_name("data")
_PERSONAL = frozenset(("about", "director", "writer", "producers", "cast", "stories", "editors", "cinematographer"))
"""Topics where "her" may be a woman rather than the film ("who directed her?")."""
GENRES = [("drama", "drama"), ("dramas", "drama"), ("comedy", "comedy"), ("comedies", "comedy"),
          ("romance", "romance"), ("romantic", "romance"), ("horror", "horror"), ("western", "western"),
          ("westerns", "western"), ("science fiction", "science fiction"), ("sci fi", "science fiction"),
          ("scifi", "science fiction"), ("crime", "crime"), ("action", "action"), ("thriller", "thriller"),
          ("thrillers", "thriller"), ("musical", "musical"), ("musicals", "musical"), ("adventure", "adventure"),
          ("war", "war"), ("mystery", "mystery"), ("noir", "noir"), ("film noir", "noir"), ("animated", "animated"),
          ("animation", "animated"), ("cartoon", "animated"), ("fantasy", "fantasy"), ("documentary", "documentary"),
          ("documentaries", "documentary"), ("family", "family"), ("sports", "sports"), ("biography", "biography"),
          ("biographical", "biography"), ("silent", "silent"), ("superhero", "superhero"), ("spy", "spy"),
          ("teen", "teen"), ("disaster", "disaster"), ("historical", "historical"), ("slasher", "slasher"),
          ("martial arts", "martial arts"), ("political", "political"), ("independent", "independent")]


def store_for(data_dir: Path, cache_dir: Path) -> FilmStore:
    """The film database for a data directory (imported films) and a cache directory."""
    return FilmStore(cache_dir, DATA / "films.jsonl.xz", DATA / "films.manifest.json", data_dir / USER_FILE)


class FilmSkill(FilmIntents):
    """Answers questions about films; remembers which film the conversation is about."""

    name = "films"
    title = "Films"
    description = "tell you about films (Her most of all)"
    timeout = 60.0
    """The first question may build the database (a few seconds on a slow machine)."""
    lists = {"genre": GENRES}
    panels = (Panel("film", "Film"),)

    def __init__(self, env: Any) -> None:
        super().__init__(env)
        self._store: FilmStore | None = None
        self._facts: dict[tuple[str, int], FilmFacts] | None = None

    # -- plumbing -------------------------------------------------------------------------------
    @property
    def store(self) -> FilmStore:
        if self._store is None:
            assistant = self.env.services.get("assistant")
            paths = getattr(getattr(assistant, "settings", None), "paths", None)
            cache = paths.cache / "films" if paths is not None else self.env.data_dir / "cache"
            self._store = store_for(self.env.data_dir, cache)
        return self._store

    def facts(self, film: Film) -> FilmFacts | None:
        if self._facts is None:
            self._facts = load_facts(DATA / "facts.json")
        return self._facts.get((title_key(film.title), film.year))

    def _film_with_character(self, character: str) -> Film | None:
        """The one film whose facts name *character* (Samantha -> Her), if exactly one does."""
        if self._facts is None:
            self._facts = load_facts(DATA / "facts.json")
        key = name_key(character)
        hits = [f for f in self._facts.values() if any(key in r["names"] for r in f.roles)]
        if len(hits) != 1:
            return None
        films = [f for f in self.store.by_key(title_key(hits[0].title)) if f.year == hits[0].year]
        return films[0] if films else None

    def close(self) -> None:
        if self._store is not None:
            self._store.close()

    def _current(self, ctx: Any) -> Film | None:
        kept = ctx.session.get("film")
        if not kept:
            return None
        film = self.store.get(int(kept["id"]))
        if film is None or (film.title, film.year) != (kept["title"], kept["year"]):
            return None  # the database was rebuilt since; do not guess
        return film

    def _say(self, ctx: Any, film: Film, text: str, display: str | None = None) -> Response:
        ctx.session["film"] = {"id": film.id, "title": film.title, "year": film.year}
        data = {"film": {"title": film.title, "year": film.year, "cast": list(film.cast[:8]),
                         "genres": list(film.genres)}}
        return ctx.reply(text, display=display, data=data)

    def _topic(self, match: IntentMatch, ctx: Any, topic: str, **extra: str) -> Response:
        return self._about(match.slot_text.get("title"), ctx, topic, extra)

    def _about(self, said: str | None, ctx: Any, topic: str, extra: dict[str, str]) -> Response:
        if topic == "role" and not said and self._current(ctx) is None:
            known = self._film_with_character(extra["character"])
            if known is not None:  # "who played Samantha?" needs no title
                return self._answer_resolved(Resolved(film=known), ctx, topic, extra)
        found = resolve(self.store, said, self._current(ctx), her_may_be_a_woman=topic in _PERSONAL)
        return self._answer_resolved(found, ctx, topic, extra)

    def _answer_resolved(self, found: Resolved, ctx: Any, topic: str, extra: dict[str, str]) -> Response:
        data = {"topic": topic, "extra": extra}
        if found.needs_title:
            return ctx.ask("Which film do you mean?", then=self.on_title, data=data)
        if found.problem:
            return ctx.reply(found.problem)
        if found.choices:
            labels = choice_labels(found.choices)
            ids = [f.id for f in found.choices]
            if found.total == 2 and found.choices[0].title == "Her" and found.choices[1].title != "Her":
                text = f"Do you mean the film Her, or {labels[1]}?"
            else:
                years = join_and([str(f.year) for f in found.choices])
                which = f"The best known are from {years}" if found.total > len(labels) else f"They're from {years}"
                text = f"I know {found.total} films called {found.choices[0].title}. {which}. Which one?"
            return ctx.choose(text, labels, then=self.on_choice, data={**data, "ids": ids})
        assert found.film is not None
        if topic == "stories":
            text = self._story(ctx, found.film, extra.get("story"))
        else:
            text = self._text(topic, found.film, extra)
        if found.guessed:
            text = f"I think you mean {found.film.label}. {text}"
        display = self._display(found.film, text) if topic == "about" else None
        return self._say(ctx, found.film, text, display)

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
    def on_title(self, reply: Answer, ctx: Any) -> Response:
        """The person named the film after "Which film do you mean?"."""
        return self._about(reply.text, ctx, reply.data["topic"], dict(reply.data.get("extra", {})))

    def on_choice(self, reply: Answer, ctx: Any) -> Response:
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
