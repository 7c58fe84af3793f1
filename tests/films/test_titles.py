"""Title keys and title queries: the pure matching core."""

from __future__ import annotations

import pytest
from os1.skills.films._intents import parse_year, split_person_title
from os1.skills.films._titles import read_title_query, title_key


@pytest.mark.parametrize("written, said", [
    ("Ocean's Eleven", "ocean's eleven"),
    ("The Lord of the Rings", "lord of the rings"),
    ("Rocky II", "rocky two"),
    ("Nineteen Eighty-Four", "1984"),
    ("2001: A Space Odyssey", "two thousand and one a space odyssey"),
    ("Amélie", "amelie"),
    ("Dr. Jekyll and Mr. Hyde", "doctor jekyll & mister hyde"),
    ("One Hundred and One Dalmatians", "101 dalmatians"),
    ("Catch-22", "catch twenty two"),
    ("Mission: Impossible – Ghost Protocol", "mission impossible ghost protocol"),
    ("HER", "her"),
])
def test_ways_of_saying_a_title_meet_at_one_key(written: str, said: str) -> None:
    assert title_key(written) == title_key(said)


@pytest.mark.parametrize("one, other", [("Her", "Here"), ("Rocky II", "Rocky III"), ("Jaws", "Jaws 2"), ("Cars", "Car")])
def test_different_titles_keep_different_keys(one: str, other: str) -> None:
    assert title_key(one) != title_key(other)


@pytest.mark.parametrize("said, key, year, pronoun", [
    ("the movie her from 2013", "her", 2013, False),
    ("her 2013", "her", 2013, False),
    ("the 1934 treasure island", "treasure island", 1934, False),
    ("treasure island from 1950", "treasure island", 1950, False),
    ("the film casablanca", "casablanca", None, False),
    ("it", "", None, True),
    ("that movie", "", None, True),
    ("the 2013 one", "", 2013, True),
    ("1917", "1917", None, False),
])
def test_title_queries_split_title_year_and_pronoun(said: str, key: str, year: int | None, pronoun: bool) -> None:
    query = read_title_query(said)
    assert (query.key, query.year, query.pronoun) == (key, year, pronoun)


def test_a_title_ending_in_movie_is_tried_whole_first() -> None:
    assert read_title_query("my home movie").keys == ("my home movie", "my home")


@pytest.mark.parametrize("said, year", [("1994", 1994), ("nineteen ninety four", 1994), ("the year 2000", 2000),
                                        ("twenty twelve", 2012), ("banana", None), ("12", None)])
def test_years_as_said(said: str, year: int | None) -> None:
    assert parse_year(said) == year


def test_person_and_title_split_at_the_first_in() -> None:
    assert split_person_title("amy adams in her") == ("amy adams", "her")
    assert split_person_title("in her") is None
