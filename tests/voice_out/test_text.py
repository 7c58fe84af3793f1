"""Text prepared for speech: what reaches the synthiser, checked sentence by sentence."""

from __future__ import annotations

import time

import pytest
from os1.voice.tts.text import MAX_SENTENCE_CHARS, MAX_SPOKEN_CHARS, REST_ON_SCREEN, prepare, say_ordinal


def spoken(text: str) -> str:
    return " ".join(prepare(text).sentences)


@pytest.mark.parametrize("text, expected", [
    ("It is 9:30 pm.", "It is nine thirty p m."),
    ("Wake me at 07:05.", "Wake me at seven oh five."),
    ("The train leaves at 14:00.", "The train leaves at two p m."),
    ("Lunch at 12 p.m. Then a nap.", "Lunch at twelve p m. Then a nap."),
    ("Meet at 9:00.", "Meet at nine o'clock."),
    ("Due 2026-11-22.", "Due November twenty second, twenty twenty six."),
    ("Born on 3 March 1984.", "Born on the third of March, nineteen eighty four."),
    ("See you Nov. 3rd, 2025.", "See you November third, twenty twenty five."),
    ("She left in 1999 and came back in 2005.", "She left in nineteen ninety nine and came back in two thousand and five."),
    ("It costs $5.20.", "It costs five dollars and twenty cents."),
    ("About 25% of £1,200.", "About twenty five percent of one thousand two hundred pounds."),
    ("Pi is 3.14, it's -5°C.", "Pi is three point one four, it's minus five degrees Celsius."),
    ("The 21st and the 103rd.", "The twenty first and the one hundred and third."),
    ("Pages 5-10.", "Pages five to ten."),
    ("Run 10 km in 50 min.", "Run ten kilometres in fifty minutes."),
    ("The 1990s.", "The 1990s."),
    ("Code 0451.", "Code zero four five one."),
])
def test_numbers_dates_and_times_read_naturally(text: str, expected: str) -> None:
    assert spoken(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Write to jane.doe@example.com today.", "Write to jane dot doe at example dot com today."),
    ("See https://www.example.org/docs/tts?x=1#top.", "See example dot org slash docs slash tts."),
    ("Go to www.python.org, then rest.", "Go to python dot org, then rest."),
    ("Ask Dr. Lee, e.g. on Monday, i.e. soon, etc.", "Ask Doctor Lee, for example on Monday, that is soon, et cetera."),
    ("Mr. and Mrs. Smith vs. St. Louis.", "Mister and Missus Smith versus Saint Louis."),
    ("I'm OS¹.", "I'm O S one."),
])
def test_addresses_and_abbreviations_read_naturally(text: str, expected: str) -> None:
    assert spoken(text) == expected


def test_markup_never_reaches_the_synthesiser() -> None:
    text = ("# Today\n\n- **Bold** item\n- *italic* and `code`\n\n```\nprint(1)\n```\n"
            "A [link](http://x.y/z) and <b>tag</b> &amp; more, file_name_here\n> quoted")
    assert prepare(text).sentences == ("Today", "Bold item", "italic and code", "print(one)",
                                       "A link and tag and more, file name here", "quoted")


@pytest.mark.parametrize("text", ["", "   ", "😀🎉", "\x00\x01\x07\x1b[31m\x1b[0m", "\u200b\u2060", "***", "---"])
def test_nothing_speakable_gives_no_sentences(text: str) -> None:
    assert prepare(text).sentences == ()


def test_control_characters_escapes_and_emoji_are_removed() -> None:
    sentences = prepare("Hello\x00 \x1b[1mthere\x1b[0m 😀 friend\x07!\u200b").sentences
    assert sentences == ("Hello there friend!",)
    assert all(ch.isprintable() for s in sentences for ch in s)


def test_sentences_are_split_and_long_ones_cut() -> None:
    assert prepare("One. Two? Three! Four").sentences == ("One.", "Two?", "Three!", "Four")
    long = ", ".join(f"item number {i}" for i in range(60)) + "."
    sentences = prepare(long).sentences
    assert len(sentences) > 1
    assert all(len(s) <= MAX_SENTENCE_CHARS for s in sentences)
    assert " ".join(sentences).replace(" ,", ",").count("item number") == 60


def test_50_kb_of_text_is_cut_quickly_and_says_so() -> None:
    text = "This reply goes on and on about 42 things. " * 1200  # ~52 KB
    started = time.perf_counter()
    prepared = prepare(text)
    assert time.perf_counter() - started < 1.0
    assert prepared.truncated
    assert prepared.sentences[-1] == REST_ON_SCREEN
    assert sum(len(s) + 1 for s in prepared.sentences) <= MAX_SPOKEN_CHARS + len(REST_ON_SCREEN) + 1
    assert prepared.sentences[0] == "This reply goes on and on about forty two things."


def test_ordinals() -> None:
    assert [say_ordinal(n) for n in (1, 2, 3, 5, 12, 20, 22, 100)] == [
        "first", "second", "third", "fifth", "twelfth", "twentieth", "twenty second", "one hundredth"]
