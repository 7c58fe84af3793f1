"""The film skill's intents: what a person can ask, as templates, each routed to a topic.

Literal words are kept specific ("who directed", "when did ... come out", "tell me about") so
film questions do not take other skills' sentences. A title is a ``{title:text}`` slot that the
skill resolves itself (36,000 titles are never put into a template list); when it is left out or
is "it", the film being talked about is used.
"""

from __future__ import annotations

import re
from typing import Any

from os1.events import IntentMatch, Response
from os1.skill import Skill, intent

__all__ = ["FilmIntents", "parse_year", "split_person_title"]

_T = "[(of|for|in|on) {title:text}]"
"""An optional title at the end of a follow-up question."""
_FILMS = "(films|movies|film|movie)"


def parse_year(text: str | None) -> int | None:
    """A year said or written ("1994", "nineteen ninety four", "the year 2000"), or None."""
    if not text:
        return None
    from ._titles import title_key  # the skill module stays light until a film question arrives

    key = title_key(re.sub(r"\b(the year|the)\b", "", text))
    return int(key) if key.isdigit() and 1880 <= int(key) <= 2100 else None


def split_person_title(text: str) -> tuple[str, str] | None:
    """("amy adams", "her") from "amy adams in her": the first "in" with words on both sides."""
    words = text.split()
    for i, word in enumerate(words):
        if word.lower() == "in" and 0 < i < len(words) - 1:
            return " ".join(words[:i]), " ".join(words[i + 1:])
    return None


class FilmIntents(Skill):
    """Intent declarations; the skill class supplies ``_topic``, ``_about`` and ``list_films``."""

    def _topic(self, match: IntentMatch, ctx: Any, topic: str, **extra: str) -> Response:
        raise NotImplementedError

    def _about(self, said: str | None, ctx: Any, topic: str, extra: dict[str, str]) -> Response:
        raise NotImplementedError

    def list_films(self, ctx: Any, what: str, count: int, films: list[Any], order: str = "best known") -> Response:
        raise NotImplementedError

    # -- people who made it ---------------------------------------------------------------------
    @intent("director", "[and] who directed {title:text}", "[and] who (is|was) the director " + _T,
            "[and] who made the (film|movie) {title:text}", help="who directed a film",
            examples=["who directed Her?"])
    def director(self, match: IntentMatch, ctx: Any) -> Response:
        return self._topic(match, ctx, "director")

    @intent("writer", "[and] who wrote {title:text}", "[and] who (is|was) the (writer|screenwriter) " + _T,
            "[and] who wrote the (script|screenplay) " + _T)
    def writer(self, match: IntentMatch, ctx: Any) -> Response:
        return self._topic(match, ctx, "writer")

    @intent("producers", "[and] who produced {title:text}", "[and] who (is|was|are|were) the (producer|producers) " + _T)
    def producers(self, match: IntentMatch, ctx: Any) -> Response:
        return self._topic(match, ctx, "producers")

    @intent("music", "[and] who (wrote|composed|did|made) the (music|score|soundtrack) " + _T,
            "[and] who (is|was) the composer " + _T, "[and] who scored {title:text}",
            "[and] what (music|score) (is|was) (in|on) {title:text}", help="who wrote a film's music",
            examples=["and who wrote the music?"])
    def music(self, match: IntentMatch, ctx: Any) -> Response:
        return self._topic(match, ctx, "music")

    @intent("songs", "[and] (what|which) (song|songs) (is|are|was|were) (in|on) {title:text}",
            "[and] (what|which) (song|songs) (is|are|was|were) on the soundtrack " + _T,
            "[and] what is the song (in|from) {title:text}", "[and] (what|which) songs (does|did) {title:text} have")
    def songs(self, match: IntentMatch, ctx: Any) -> Response:
        return self._topic(match, ctx, "songs")

    @intent("cinematographer", "[and] who (was|is) the (cinematographer|director of photography) " + _T,
            "[and] who (shot|filmed|photographed) {title:text}")
    def cinematographer(self, match: IntentMatch, ctx: Any) -> Response:
        return self._topic(match, ctx, "cinematographer")

    @intent("editors", "[and] who edited {title:text}", "[and] who (was|were|is|are) the (editor|editors) " + _T)
    def editors(self, match: IntentMatch, ctx: Any) -> Response:
        return self._topic(match, ctx, "editors")

    @intent("studio", "[and] (which|what) (studio|company) (made|produced) {title:text}",
            "[and] what (is|was) the studio [(of|behind|for) {title:text}]")
    def studio(self, match: IntentMatch, ctx: Any) -> Response:
        return self._topic(match, ctx, "studio")

    @intent("distributor", "[and] who distributed {title:text}", "[and] who (is|was) the distributor " + _T,
            "[and] who released {title:text}")
    def distributor(self, match: IntentMatch, ctx: Any) -> Response:
        return self._topic(match, ctx, "distributor")

    # -- who is in it ---------------------------------------------------------------------------
    @intent("cast", "[and] who (is|was|stars|starred|acts|acted|appears|appeared|plays|played) in {title:text}",
            "[and] who (is|was|are|were) (the stars|the actors|the cast) (of|in) {title:text}",
            "[and] who is in the cast " + _T, "[and] who stars in it", help="who is in a film",
            examples=["who is in Casablanca?"])
    def cast(self, match: IntentMatch, ctx: Any) -> Response:
        return self._topic(match, ctx, "cast")

    @intent("role", "[and] who (played|plays|voiced|voices) {character:text} in {title:text}",
            "[and] who (played|plays|voiced|voices) {character:text}",
            "[and] who (was|is) the voice of {character:text} [in {title:text}]",
            "[and] who (played|plays|voiced|voices|is the voice of|was the voice of) [her]",
            help="who played a character", examples=["who played Samantha in Her?"])
    def role(self, match: IntentMatch, ctx: Any) -> Response:
        # OS¹ drops its own name at the end of a request ("..., Samantha"), so "who played Samantha"
        # arrives as "who played": the character left out can only be her.
        return self._topic(match, ctx, "role", character=match.slot_text.get("character", "Samantha"))

    @intent("person_role", "[and] (who|what character|what part|what role|which part|which character|which role) "
            "(did|does) {person:text} play [in {title:text}]",
            "[and] (was|is) {both:text}", "[and] did {person:text} (star|act|appear|play) in {title:text}",
            "[and] what (did|does) {person:text} do (in|on) {title:text}")
    def person_role(self, match: IntentMatch, ctx: Any) -> Response:
        person, title = match.slot_text.get("person"), match.slot_text.get("title")
        if "both" in match.slot_text:
            split = split_person_title(match.slot_text["both"])
            if split is None:
                return ctx.reply("Which film, and who? Try “was Amy Adams in Her”.")
            person, title = split
        return self._about(title, ctx, "person", {"person": person or ""})

    # -- when, how long, how much ---------------------------------------------------------------
    @intent("release", "[and] when did {title:text} (come out|premiere|open|get released)",
            "[and] when (was|is) {title:text} released", "[and] what year (did|was) {title:text} (come out|released|made)",
            "[and] when was {title:text} made", "[and] what is the release date " + _T,
            help="when a film came out", examples=["when did it come out?"])
    def release(self, match: IntentMatch, ctx: Any) -> Response:
        return self._topic(match, ctx, "release")

    @intent("runtime", "[and] how long is {title:text}", "[and] (what is|what was) the (runtime|running time|length) " + _T,
            "[and] how many minutes (is|long is) {title:text}")
    def runtime(self, match: IntentMatch, ctx: Any) -> Response:
        return self._topic(match, ctx, "runtime")

    @intent("budget", "[and] what (was|is) the budget " + _T, "[and] how much did {title:text} cost [to make]",
            "[and] what did {title:text} cost [to make]")
    def budget(self, match: IntentMatch, ctx: Any) -> Response:
        return self._topic(match, ctx, "budget")

    @intent("box_office", "[and] how much [money] did {title:text} (make|gross|earn|take)",
            "[and] how (did|well did) {title:text} do at the box office",
            "[and] what (was|were) the box office [(takings|figures)] " + _T)
    def box_office(self, match: IntentMatch, ctx: Any) -> Response:
        return self._topic(match, ctx, "box_office")

    # -- awards and reception -------------------------------------------------------------------
    @intent("awards", "[and] (what|which) awards did {title:text} (win|get)", "[and] did {title:text} win any awards",
            "[and] (what|which) awards (has|did) {title:text} won")
    def awards(self, match: IntentMatch, ctx: Any) -> Response:
        return self._topic(match, ctx, "awards")

    @intent("nominations", "[and] what was {title:text} nominated for",
            "[and] how many (nominations|oscar nominations) did {title:text} (get|have|receive)")
    def nominations(self, match: IntentMatch, ctx: Any) -> Response:
        return self._topic(match, ctx, "nominations")

    @intent("oscars", "[and] how many (oscars|academy awards) did {title:text} win",
            "[and] did {title:text} win (an|any) (oscar|oscars|academy award|academy awards)")
    def oscars(self, match: IntentMatch, ctx: Any) -> Response:
        return self._topic(match, ctx, "oscars")

    @intent("reception", "[and] what did [the] critics (think|say) (of|about) {title:text}",
            "[and] how was {title:text} received", "[and] (was|is) {title:text} well reviewed")
    def reception(self, match: IntentMatch, ctx: Any) -> Response:
        return self._topic(match, ctx, "reception")

    # -- where, what, how -----------------------------------------------------------------------
    @intent("locations", "[and] where was {title:text} (filmed|shot)", help="where a film was shot",
            examples=["where was Her filmed?"])
    def locations(self, match: IntentMatch, ctx: Any) -> Response:
        return self._topic(match, ctx, "locations")

    @intent("filming", "[and] when was {title:text} (filmed|shot)")
    def filming(self, match: IntentMatch, ctx: Any) -> Response:
        return self._topic(match, ctx, "filming")

    @intent("setting", "[and] where is {title:text} set", "[and] where does {title:text} take place")
    def setting(self, match: IntentMatch, ctx: Any) -> Response:
        return self._topic(match, ctx, "setting")

    @intent("country", "[and] (what|which) country is {title:text} from", "[and] what language is {title:text} in")
    def country(self, match: IntentMatch, ctx: Any) -> Response:
        return self._topic(match, ctx, "country")

    @intent("dedication", "[and] who is {title:text} dedicated to", "[and] who was {title:text} dedicated to")
    def dedication(self, match: IntentMatch, ctx: Any) -> Response:
        return self._topic(match, ctx, "dedication")

    @intent("genre", "[and] what (genre|kind of film|kind of movie|type of film|type of movie|sort of film) is {title:text}",
            "[and] what is the genre " + _T)
    def genre(self, match: IntentMatch, ctx: Any) -> Response:
        return self._topic(match, ctx, "genre")

    @intent("plot", "[and] what is {title:text} about", "[and] what (happens|happened) in {title:text}",
            "[and] what is the (plot|story) " + _T, "[and] tell me the (plot|story) " + _T,
            help="what a film is about", examples=["what is Her about?"])
    def plot(self, match: IntentMatch, ctx: Any) -> Response:
        return self._topic(match, ctx, "plot")

    @intent("ending", "[and] how does {title:text} end", "[and] what happens at the end " + _T)
    def ending(self, match: IntentMatch, ctx: Any) -> Response:
        return self._topic(match, ctx, "ending")

    @intent("about", "tell me about [the (film|movie)] {title:text}", "what do you know about [the (film|movie)] {title:text}",
            help="tell you about a film", examples=["tell me about Casablanca"])
    def about(self, match: IntentMatch, ctx: Any) -> Response:
        return self._topic(match, ctx, "about")

    @intent("stories", "tell me (a|another|one more) [behind the scenes|production] story [(about|from) [the making of] {title:text}]",
            "tell me about the making of {title:text}", "how was {title:text} made",
            "tell me more about the making " + _T,
            help="tell stories of how Her was made", examples=["how was Her made?"])
    def stories(self, match: IntentMatch, ctx: Any) -> Response:
        return self._topic(match, ctx, "stories")

    @intent("idea", "where did the idea for {title:text} come from", "how did {title:text} (start|begin|come about)",
            "[and] where did the idea come from")
    def idea(self, match: IntentMatch, ctx: Any) -> Response:
        return self._topic(match, ctx, "stories", story="idea")

    @intent("other_year", "[and] (what|how) about the {year:text} (one|version|film|movie)",
            "[and] what about the one from {year:text}", "and the {year:text} (one|version)")
    def other_year(self, match: IntentMatch, ctx: Any) -> Response:
        year = parse_year(match.slot_text["year"])
        if year is None:
            return ctx.reply(f"“{match.slot_text['year']}” isn't a year I can read. Try “what about the 1953 one”.")
        return self.brain.other_year(year, ctx)  # type: ignore[attr-defined]

    # -- lists ----------------------------------------------------------------------------------
    @intent("films_with", f"(what|which) {_FILMS} (is|was|has) {{person:text}} (in|been in|starred in|appeared in|acted in)",
            f"(what|which) {_FILMS} (did|does|has) {{person:text}} (star in|act in|appear in|starred in|acted in|appeared in)",
            f"[list|name|show me] {_FILMS} (with|starring|featuring) {{person:text}}",
            "what has {person:text} (been in|starred in|acted in|appeared in)",
            help="list films with an actor", examples=["what films has Joaquin Phoenix been in?"])
    def films_with(self, match: IntentMatch, ctx: Any) -> Response:
        name, films = self.store.with_person(match.slot_text["person"])  # type: ignore[attr-defined]
        who = name.title() if name.islower() else name
        return self.list_films(ctx, f"films with {who}", len(films), films[:20], order="most recent")

    @intent("films_of_year", f"(what|which) {_FILMS} came out in {{year:text}}",
            f"(what|which) {_FILMS} (were|was) (released|made|out) in {{year:text}}",
            f"[list|name|show me] [some] {_FILMS} (from|of) {{year:text}}", help="list films of a year",
            examples=["which films came out in 1994?"])
    def films_of_year(self, match: IntentMatch, ctx: Any) -> Response:
        year = parse_year(match.slot_text["year"])
        if year is None:
            return ctx.reply(f"“{match.slot_text['year']}” isn't a year I can read. Try “films from 1994”.")
        count, films = self.store.of(year=year, limit=20)  # type: ignore[attr-defined]
        return self.list_films(ctx, f"films from {year}", count, films)

    @intent("films_of_genre", f"(recommend|suggest|name|list) [me] [some|a few|a] {{genre}} {_FILMS} [(from|of|in) {{year:text}}]",
            f"(what|which) {{genre}} {_FILMS} (do you know|are there) [(from|of|in) {{year:text}}]",
            f"{{genre}} {_FILMS} (from|of|in) {{year:text}}",
            "(recommend|suggest|name|list) [me] (some|a few) {genre} [(from|of|in) {year:text}]", help="name films of a genre",
            examples=["recommend some science fiction films"])
    def films_of_genre(self, match: IntentMatch, ctx: Any) -> Response:
        year = parse_year(match.slot_text.get("year"))
        if match.slot_text.get("year") and year is None:
            return ctx.reply(f"“{match.slot_text['year']}” isn't a year I can read. Try “horror films from 1980”.")
        genre = match.slots["genre"]
        count, films = self.store.of(year=year, genre=genre, limit=20)  # type: ignore[attr-defined]
        what = f"{genre} films" + (f" from {year}" if year else "")
        return self.list_films(ctx, what, count, films)
