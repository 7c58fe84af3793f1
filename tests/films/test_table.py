"""The question table: what a person asks about films, and what must come back.

Each conversation runs in order through one assistant (PersonaSkill and FilmSkill together), so
follow-ups ("and who wrote the music?") and questions back ("which one?") carry from row to row.
Expected answers come from the film's article (for Her) or the shipped film data.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from os1.skills.films import FilmSkill
from os1.skills.persona import PersonaSkill

from os1.testing import Case, SkillHarness

NOW = "2026-11-22T10:00"
DONT = "don't say"

HER = [
    Case("who directed Her?", intent="director", reply_contains=["Spike Jonze"]),
    Case("and who wrote the music?", intent="music", reply_contains=["Arcade Fire", "Owen Pallett"]),
    Case("when did it come out?", intent="release", reply_contains=["October 12, 2013", "January 10, 2014"]),
    Case("who wrote her", intent="writer", reply_contains=["Spike Jonze", "first screenplay"]),
    Case("who produced her", intent="producers", reply_contains=["Megan Ellison", "Vincent Landay", "Spike Jonze"]),
    Case("who is in her", intent="cast", reply_contains=["Joaquin Phoenix", "Scarlett Johansson", "Amy Adams",
                                                          "Rooney Mara", "Olivia Wilde", "Chris Pratt"]),
    Case("who played theodore in her", intent="role", reply_contains=["Joaquin Phoenix"]),
    Case("who played Samantha?", intent="role", reply_contains=["Scarlett Johansson", "Samantha Morton"]),
    Case("who voiced samantha in her", intent="role", reply_contains=["Scarlett Johansson"]),
    Case("who was the voice of samantha in her", intent="role", reply_contains=["Samantha Morton", "post-production"]),
    Case("who did samantha morton play in her", intent="person_role", reply_contains=["first voice of Samantha", "associate producer"]),
    Case("who played catherine in her", intent="role", reply_contains=["Rooney Mara"]),
    Case("who did rooney mara play in her", intent="person_role", reply_contains=["Catherine"]),
    Case("who played amy in her", intent="role", reply_contains=[DONT, "Amy Adams"]),
    Case("what part did olivia wilde play in her", intent="person_role", reply_contains=[DONT]),
    Case("was carey mulligan in her", intent="person_role", reply_contains=["dropped out"]),
    Case("was chris cooper in her", intent="person_role", reply_contains=["cut"]),
    Case("who composed the score for her", intent="music", reply_contains=["Arcade Fire"]),
    Case("what songs are in her", intent="songs", reply_contains=["The Moon Song", "Supersymmetry", "Karen O"]),
    Case("who was the cinematographer of her", intent="cinematographer", reply_contains=["Hoyte van Hoytema"]),
    Case("who shot her", intent="cinematographer", reply_contains=["Hoyte van Hoytema", "blue"]),
    Case("who edited her", intent="editors", reply_contains=["Eric Zumbrunnen", "Jeff Buchanan"]),
    Case("which studio made her", intent="studio", reply_contains=["Annapurna Pictures"]),
    Case("who distributed her", intent="distributor", reply_contains=["Warner Bros. Pictures"]),
    Case("when was her released", intent="release", reply_contains=["New York Film Festival"]),
    Case("how long is her", intent="runtime", reply_contains=["126 minutes"]),
    Case("what was the budget of her", intent="budget", reply_contains=["23 million"]),
    Case("how much did her make", intent="box_office", reply_contains=["48 million"]),
    Case("how did her do at the box office", intent="box_office", reply_contains=["25.6 million", "21.8 million"]),
    Case("what awards did her win", intent="awards", reply_contains=["Best Original Screenplay", "Golden Globes", "Saturn"]),
    Case("how many oscars did her win", intent="oscars", reply_contains=["one Oscar", "Best Original Screenplay"]),
    Case("what was her nominated for", intent="nominations", reply_contains=["five", "Best Picture", "The Moon Song"]),
    Case("did her win an oscar", intent="oscars", reply_contains=["Best Original Screenplay"]),
    Case("where was her filmed", intent="locations", reply_contains=["Los Angeles", "Shanghai", "Bradbury Building"]),
    Case("when was her filmed", intent="filming", reply_contains=["2012", "August 2013"]),
    Case("what is her about", intent="plot", reply_contains=["Theodore", "Samantha", "operating system"]),
    Case("how does her end", intent="ending", reply_contains=["roof", "Amy"]),
    Case("what genre is her", intent="genre", reply_contains=["science-fiction romantic drama"]),
    Case("where is her set", intent="setting", reply_contains=["Los Angeles", "near future"]),
    Case("who is her dedicated to", intent="dedication", reply_contains=["James Gandolfini", "Harris Savides",
                                                                       "Maurice Sendak", "Adam Yauch"]),
    Case("what did critics think of her", intent="reception", reply_contains=["95 percent"]),
    Case("what country is her from", intent="country", reply_contains=["American", "English"]),
    Case("tell me about her", intent="about", reply_contains=["Theodore", "Spike Jonze"]),
    Case("where did the idea for her come from", intent="idea", reply_contains=["early 2000s", "website"]),
    Case("how was her made", intent="stories", reply_contains=["I'm Here"]),
    Case("tell me another story about her", intent="stories", reply_contains=["Kaufman"]),
    Case("tell me another story", intent="stories", reply_contains=["five months", "Sofia Coppola"]),
    Case("tell me about the making of her", intent="stories", reply_contains=["Carey Mulligan", "April 2012"]),
    Case("who is the director of photography on her", intent="cinematographer", reply_contains=["Hoyte van Hoytema"]),
    Case("what is the running time of her", intent="runtime", reply_contains=["126"]),
    Case("who was the composer for her", intent="music", reply_contains=["Arcade Fire"]),
    Case("who directed her from 2013", intent="director", reply_contains=["Spike Jonze"]),
    Case("who directed the 2013 film her", intent="director", reply_contains=["Spike Jonze"]),
    Case("how much did her cost to make", intent="budget", reply_contains=["23 million"]),
    Case("what language is her in", intent="country", reply_contains=["English"]),
    Case("and who were the producers", intent="producers", reply_contains=["Megan Ellison"]),
    Case("who is in the cast", intent="cast", reply_contains=["Joaquin Phoenix"]),
    Case("what is the song in her", intent="songs", reply_contains=["The Moon Song"]),
    Case("who is the distributor", intent="distributor", reply_contains=["Warner Bros"]),
    Case("did her win any awards", intent="awards", reply_contains=["Oscar"]),
    Case("who played her", intent="role", reply_contains=["Scarlett Johansson"]),
    Case("who directed the movie HER", intent="director", reply_contains=["Spike Jonze"]),
]

CLASSICS = [
    Case("who directed the godfather", intent="director", reply_contains=["Francis Ford Coppola"]),
    Case("who is in it", intent="cast", reply_contains=["Marlon Brando", "Al Pacino"]),
    Case("when did it come out", intent="release", reply_contains=["1972"]),
    Case("what genre is it", intent="genre", reply_contains=["crime", "drama"]),
    Case("was al pacino in the godfather", intent="person_role", reply_contains=["Yes, Al Pacino"]),
    Case("who played michael corleone in the godfather", intent="role", reply_contains=[DONT, "Al Pacino"]),
    Case("who wrote the music for the godfather", intent="music", reply_contains=[DONT]),
    Case("how long is the godfather", intent="runtime", reply_contains=[DONT]),
    Case("what was the budget of the godfather", intent="budget", reply_contains=[DONT]),
    Case("where was the godfather filmed", intent="locations", reply_contains=[DONT]),
    Case("who directed casablanca", intent="director", reply_contains=["Michael Curtiz"]),
    Case("who starred in casablanca", intent="cast", reply_contains=["Humphrey Bogart", "Ingrid Bergman"]),
    Case("what is casablanca about", intent="plot", reply_contains=["American expatriate"]),
    Case("who produced casablanca", intent="producers", reply_contains=[DONT], reply_excludes=["Murray Burnett"]),
    Case("who directed star wars", intent="director", reply_contains=["George Lucas"]),
    Case("when did star wars come out", intent="release", reply_contains=["1977"]),
    Case("who directed jaws", intent="director", reply_contains=["Steven Spielberg"]),
    Case("what kind of movie is jaws", intent="genre", reply_contains=["thriller"]),
    Case("who directed pulp fiction", intent="director", reply_contains=["Quentin Tarantino"]),
    Case("and who wrote it", intent="writer", reply_contains=["Quentin Tarantino"]),
    Case("who wrote the music for toy story", intent="music", reply_contains=["Randy Newman"]),
    Case("who wrote toy story", intent="writer", reply_contains=["Joss Whedon", "Andrew Stanton"]),
    Case("who directed the matrix", intent="director", reply_contains=["Wachowskis"]),
    Case("who starred in the matrix", intent="cast", reply_contains=["Keanu Reeves"]),
    Case("who directed back to the future", intent="director", reply_contains=["Robert Zemeckis"]),
    Case("who directed the shawshank redemption", intent="director", reply_contains=["Frank Darabont"]),
    Case("who directed lost in translation", intent="director", reply_contains=["Sofia Coppola"]),
    Case("who is in it", intent="cast", reply_contains=["Bill Murray", "Scarlett Johansson"]),
    Case("who directed being john malkovich", intent="director", reply_contains=["Spike Jonze"]),
    Case("who directed gravity", intent="director", reply_contains=["Alfonso Cuarón"]),
    Case("who directed the wizard of oz", intent="director", asks=True, reply_contains=["1925", "1939"]),
    Case("the 1939 one", reply_contains=["Victor Fleming"]),
    Case("who is in it", intent="cast", reply_contains=["Judy Garland"]),
    Case("who directed inception", intent="director", reply_contains=["Christopher Nolan"]),
    Case("who is in avatar", intent="cast", reply_contains=["Sam Worthington"]),
    Case("who directed psycho", asks=True, reply_contains=["1960", "1998"]),
    Case("1960", reply_contains=["Alfred Hitchcock"]),
    Case("who directed vertigo", intent="director", reply_contains=["Alfred Hitchcock"]),
    Case("who directed alien", intent="director", reply_contains=["Ridley Scott"]),
    Case("who directed the godfather part two", intent="director", reply_contains=["Francis Ford Coppola"]),
    Case("who is in the godfather part ii", intent="cast", reply_contains=["Robert De Niro"]),
]

AMBIGUOUS = [
    Case("tell me about titanic", intent="about", asks=True, reply_contains=["1953", "1996", "1997"]),
    Case("1997", reply_contains=["James Cameron"], asks=False),
    Case("who is in it", intent="cast", reply_contains=["Leonardo DiCaprio", "Kate Winslet"]),
    Case("when did it come out", intent="release", reply_contains=["1997"]),
    Case("who directed titanic from 1953", intent="director", reply_contains=["Jean Negulesco"]),
    Case("what about the 1997 one", intent="other_year", reply_contains=["James Cameron"]),
    Case("and the 1996 one", intent="other_year", reply_contains=["Robert Lieberman"]),
    Case("what about the 1999 one", intent="other_year", reply_contains=["I know Titanic from 1953, 1996 and 1997, but not one from 1999"]),
    Case("tell me about treasure island", intent="about", asks=True, reply_contains=["9 films", "1934"]),
    Case("the 1934 one", reply_contains=["Victor Fleming"]),
    Case("tell me about treasure island", intent="about", asks=True),
    Case("the 1918 one", reply_contains=["Sidney and Chester Franklin"], notes="offered, though not read out"),
    Case("who directed treasure island from 1999", intent="director", reply_contains=["not one from 1999", "1934"]),
    Case("who directed ocean's eleven", intent="director", asks=True, reply_contains=["1960", "2001"]),
    Case("the 2001 one", reply_contains=["Steven Soderbergh"]),
    Case("who directed frozen", intent="director", asks=True, reply_contains=["2010", "2013"]),
    Case("the second one", reply_contains=["Chris Buck", "Jennifer Lee"]),
    Case("who directed her", intent="director", asks=True, reply_contains=["the film Her", "Frozen (2013)"]),
    Case("the first one", reply_contains=["Spike Jonze"]),
    Case("who is in it", intent="cast", reply_contains=["Joaquin Phoenix"]),
    Case("who directed the godfather", intent="director", reply_contains=["Francis Ford Coppola"]),
    Case("tell me about her", intent="about", asks=True, reply_contains=["the film Her", "The Godfather (1972)"]),
    Case("the godfather", reply_contains=["Vito Corleone"], any_of=True, reply_excludes=["Spike Jonze"]),
    Case("how long is her", intent="runtime", asks=False, reply_contains=["126 minutes"]),
    Case("who directed psycho", asks=True),
    Case("never mind", reply_contains=["okay"], any_of=True, asks=False),
]

NEAR_MISSES = [
    Case("who directed oceans eleven", intent="director", reply_contains=["I think you mean Ocean's Eleven (2001)", "Soderbergh"]),
    Case("who directed termintor", intent="director", reply_contains=["The Terminator (1984)", "James Cameron"]),
    Case("who directed jurasic park", intent="director", reply_contains=["Jurassic Park (1993)", "Steven Spielberg"]),
    Case("who directed nineteen eighty four", intent="director", reply_contains=["1984", "Michael Radford"]),
    Case("who directed two thousand and one a space odyssey", intent="director", reply_contains=["Stanley Kubrick"]),
    Case("who directed rocky two", intent="director", reply_contains=["Rocky II", "Sylvester Stallone"]),
    Case("who is in jurassic park three", intent="cast", reply_contains=["Sam Neill"]),
    Case("who directed harry potter and the sorcerers stone", intent="director", reply_contains=["Chris Columbus"]),
    Case("who directed e.t. the extra terrestrial", intent="director", reply_contains=["Steven Spielberg"]),
    Case("who directed THE GODFATHER!!!", intent="director", reply_contains=["Francis Ford Coppola"]),
    Case("who directed casablanka", intent="director", reply_contains=["I think you mean Casablanca", "Michael Curtiz"]),
    Case("who directed dr jekyll and mr hyde", intent="director", asks=True),
    Case("never mind", asks=False),
    Case("who directed titanik", intent="director", reply_contains=["Titanic (1997)", "James Cameron"]),
    Case("what is the lord of the rings about", intent="plot", reply_contains=["1978", "Ralph Bakshi"]),
]

UNKNOWN = [
    Case("who directed xyzzy plugh", intent="director", reply_contains=["I don't know a film called “xyzzy plugh”"]),
    Case("who directed it", intent="director", asks=True, reply_contains=["Which film"]),
    Case("casablanca", reply_contains=["Michael Curtiz"]),
    Case("how much did casablanca make", intent="box_office", reply_contains=[DONT]),
    Case("what awards did casablanca win", intent="awards", reply_contains=[DONT], any_of=True),
    Case("who edited casablanca", intent="editors", reply_contains=[DONT]),
    Case("tell me about yourself", intent="about", reply_contains=["I don't know a film called"]),
    Case("tell me a joke", skill="persona", intent="joke"),
    Case("what do you know about me", skill="persona", intent="recall"),
    Case("what time is it", skill="persona", intent="time", reply_contains=["10"]),
    Case("who are you", skill="persona", intent="my_name"),
    Case("films from 1894", intent="films_of_year", reply_contains=["I don't know any films from 1894"]),
    Case("which films came out in the year banana", intent="films_of_year", reply_contains=["isn't a year"]),
    Case("what films has zzyzx qwerty been in", intent="films_with", reply_contains=["I don't know any films with"]),
]

LISTS = [
    Case("what films has tom hanks been in", intent="films_with", reply_contains=["59 films with Tom Hanks", "Toy Story 4 (2019)"]),
    Case("what films has joaquin pheonix been in", intent="films_with", reply_contains=["Joaquin Phoenix", "Her (2013)"]),
    Case("movies with scarlett johansson", intent="films_with", reply_contains=["Scarlett Johansson", "Marriage Story (2019)"]),
    Case("which films came out in 1994", intent="films_of_year", reply_contains=["films from 1994", "Pulp Fiction"]),
    Case("which films came out in nineteen ninety four", intent="films_of_year", reply_contains=["films from 1994"]),
    Case("recommend some science fiction films from 1982", intent="films_of_genre", reply_contains=["Blade Runner"]),
    Case("name some westerns from 1950", intent="films_of_genre", reply_contains=["western films from 1950"]),
    Case("what horror films are there", intent="films_of_genre", reply_contains=["horror films"]),
    Case("suggest a few animated movies from 1995", intent="films_of_genre", reply_contains=["Toy Story"]),
    Case("which movies were released in 2013", intent="films_of_year", reply_contains=["films from 2013", "Her (2013)"], any_of=True),
]

TABLES = {"her": HER, "classics": CLASSICS, "ambiguous": AMBIGUOUS, "near_misses": NEAR_MISSES,
          "unknown": UNKNOWN, "lists": LISTS}


def test_the_table_is_big_enough() -> None:
    assert sum(len(rows) for rows in TABLES.values()) >= 150
    assert len(HER) >= 50


@pytest.mark.parametrize("name", TABLES)
def test_conversation(name: str, home: Path) -> None:
    with SkillHarness([PersonaSkill, FilmSkill], home=home, now=NOW) as harness:
        harness.check(TABLES[name])
