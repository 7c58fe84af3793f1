"""Answers from summaries: credits are read only where the text says them; otherwise "don't say"."""

from __future__ import annotations

from os1.skills.films._answers import answer, names_by, person_in, role_of, sentences
from os1.skills.films._store import Film


def film(summary: str, cast: tuple[str, ...] = ("Ann Actor", "Bob Player")) -> Film:
    return Film(1, "Test Film", 1999, cast, ("Drama",), summary, "", 1.0, "shipped")


def test_credits_are_read_from_the_participle_before_by() -> None:
    text = "Test Film is a 1999 drama film written, directed, and co-produced by Jane Doe and John Roe."
    assert names_by(text, "director") == ["Jane Doe", "John Roe"]
    assert names_by(text, "writer") == ["Jane Doe", "John Roe"]


def test_a_play_by_someone_is_not_a_producer() -> None:
    text = "The screenplay is based on an unproduced stage play by Murray Burnett and Joan Alison."
    assert names_by(text, "producers") == []
    assert "don't say who produced it" in answer("producers", film(text), None)


def test_music_credit_and_its_absence() -> None:
    assert answer("music", film("It features music by Randy Newman."), None) == "The music for Test Film is by Randy Newman."
    assert answer("music", film("A film directed by Jane Doe."), None).startswith("My notes on Test Film (1999) don't say")


def test_abbreviations_do_not_split_sentences() -> None:
    assert sentences("It was released by Warner Bros. Pictures in May. It was a hit.") == [
        "It was released by Warner Bros. Pictures in May.", "It was a hit."]


def test_unknown_topics_say_so_instead_of_guessing() -> None:
    f = film("Test Film is a 1999 drama film directed by Jane Doe.")
    for topic in ("budget", "runtime", "box_office", "locations", "awards"):
        assert answer(topic, f, None).startswith("My notes on Test Film (1999) don't say"), topic


def test_roles_and_people_without_facts() -> None:
    f = film("Test Film is a 1999 drama film directed by Jane Doe.")
    assert "don't say who played Anna" in role_of("anna", f, None)
    assert person_in("ann actor", f, None).startswith("Yes, Ann Actor is in Test Film (1999)")
    assert person_in("zed nobody", f, None) == "My notes don't list Zed Nobody in Test Film (1999)."
    assert "directing" in person_in("jane doe", f, None)
