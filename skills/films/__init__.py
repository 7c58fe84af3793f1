"""Film facts: *Her* in depth, and some 36,000 other films, from a database that ships with OS¹.

The database is built into the cache directory on the first film question (see :mod:`._store`);
nothing is read when the skill is loaded. The film being talked about is kept in the
conversation's session, so "who directed Her?" can be followed by "and who wrote the music?".
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from os1.events import IntentMatch, Response
from os1.skill import Answer, Panel

from ._intents import FilmIntents

if TYPE_CHECKING:
    from ._brain import FilmBrain
    from ._store import FilmStore

__all__ = ["FilmSkill", "store_for"]

DATA = Path(__file__).with_name("data")
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
    from ._store import USER_FILE, FilmStore

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
        self._brain: FilmBrain | None = None

    # -- plumbing: the working part is imported on the first film question -----------------------
    @property
    def brain(self) -> FilmBrain:
        if self._brain is None:
            from ._brain import FilmBrain

            assistant = self.env.services.get("assistant")
            paths = getattr(getattr(assistant, "settings", None), "paths", None)
            cache = paths.cache / "films" if paths is not None else self.env.data_dir / "cache"
            self._brain = FilmBrain(store_for(self.env.data_dir, cache), DATA / "facts.json")
        return self._brain

    @property
    def store(self) -> FilmStore:
        return self.brain.store

    def close(self) -> None:
        if self._brain is not None:
            self._brain.store.close()

    def _topic(self, match: IntentMatch, ctx: Any, topic: str, **extra: str) -> Response:
        return self.brain.about(match.slot_text.get("title"), ctx, topic, extra)

    def _about(self, said: str | None, ctx: Any, topic: str, extra: dict[str, str]) -> Response:
        return self.brain.about(said, ctx, topic, extra)

    def list_films(self, ctx: Any, what: str, count: int, films: list[Any], order: str = "best known") -> Response:
        return self.brain.list_films(ctx, what, count, films, order)

    # -- answers to the questions it asks --------------------------------------------------------
    def on_title(self, reply: Answer, ctx: Any) -> Response:
        """The person named the film after "Which film do you mean?"."""
        return self.brain.on_title(reply, ctx)

    def on_choice(self, reply: Answer, ctx: Any) -> Response:
        """The person picked one of several films."""
        return self.brain.on_choice(reply, ctx)
