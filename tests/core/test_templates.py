"""The template language: parsing, expansion, and matching recogniser-style text."""

from __future__ import annotations

import pytest

from os1.numbers import parse_number, say_number
from os1.templates import ListSlot, TemplateError, TemplateIndex, TemplateSource, expand, parse
from os1.textnorm import clean, tokens

COLOURS = {"colour": ListSlot(["red", ("sky blue", "blue"), "green"])}


def index(*templates: tuple[str, str], lists=None, rules=None) -> TemplateIndex:
    return TemplateIndex(TemplateSource("t", name, text, lists or {}, rules or {}) for name, text in templates)


def best(idx: TemplateIndex, text: str):
    hits = idx.hits(tokens(text))
    return hits[0] if hits else None


@pytest.mark.parametrize("bad", ["what (time", "what time)", "set {x:nope", "a [b|c", "hi <missing>", "x {1bad}"])
def test_malformed_templates_name_the_problem(bad):
    with pytest.raises(TemplateError) as err:
        parse(bad)
    assert bad in str(err.value)


def test_unknown_slot_type_names_skill_and_intent():
    with pytest.raises(TemplateError, match="skill 't', intent 'paint'.*no list or slot type 'colour'"):
        index(("paint", "paint it {colour}"))


def test_expansion_lists_every_sentence():
    node = parse("(what|which) time is it [now]")
    assert sorted(expand(node, lambda ref: [])) == sorted(
        ["what time is it", "what time is it now", "which time is it", "which time is it now"])


def test_expansion_fills_slots_and_respects_limit():
    node = parse("paint it {colour} [please]")
    sentences = expand(node, lambda ref: COLOURS[ref.kind].samples())
    assert "paint it sky blue please" in sentences and len(sentences) == 6
    assert len(expand(parse("(a|b|c) (d|e|f) (g|h|i)"), lambda ref: [], limit=5)) == 5


def test_rules_are_shared_templates():
    idx = index(("greet", "<hi> samantha"), rules={"hi": "(hello|hey there)"})
    assert best(idx, "hey there samantha").compiled.key == ("t", "greet")


@pytest.mark.parametrize("text", [
    "What time is it?", "WHAT TIME IS IT", "um, what time is it please", "uh so what time is it",
    "um... what time is it?!",
])
def test_recogniser_style_text_matches(text):
    idx = index(("time", "what time is it"))
    hit = best(idx, text)
    assert hit is not None and hit.compiled.key == ("t", "time")


def test_contractions_meet_in_the_middle():
    idx = index(("time", "what is the time"))
    assert best(idx, "What's the time?") is not None
    idx = index(("time", "what's the time"))
    assert best(idx, "what is the time") is not None


@pytest.mark.parametrize("text,value", [
    ("set a timer for 25 minutes", 25), ("set a timer for twenty five minutes", 25),
    ("set a timer for a hundred and five minutes", 105), ("set a timer for one minute", 1),
])
def test_number_slots_read_words_and_digits(text, value):
    idx = index(("timer", "set a timer for {n:number} (minute|minutes)"))
    hit = best(idx, text)
    assert hit is not None and dict((n, v) for n, v, _ in hit.slots) == {"n": value}


def test_list_slot_values_and_multiword_phrases():
    idx = index(("paint", "paint it {colour}"), lists=COLOURS)
    hit = best(idx, "paint it sky blue")
    assert hit.slots == (("colour", "blue", "sky blue"),)
    assert best(idx, "paint it purple") is None


def test_text_slot_runs_to_what_follows():
    idx = index(("remind", "remind me to {task:text} {when:datetime}"))
    hit = best(idx, "remind me to call amy tomorrow at three")
    slots = {n: v for n, v, _ in hit.slots}
    assert slots == {"task": "call amy", "when": "tomorrow at three"}


def test_literal_templates_beat_wildcards():
    idx = index(("any", "tell me {thing:text}"), ("joke", "tell me a joke"))
    assert best(idx, "tell me a joke").compiled.key == ("t", "joke")
    assert best(idx, "tell me the news").compiled.key == ("t", "any")


def test_no_match_gives_nearest_candidates():
    idx = index(("time", "what time is it"), ("joke", "tell me a joke"))
    assert best(idx, "what is the time in paris") is None
    assert idx.nearest(tokens("what is the time in paris"))[0][0] == ("t", "time")


def test_score_reflects_how_much_is_explained():
    idx = index(("time", "what time is it"), ("note", "note {x:text}"))
    assert best(idx, "what time is it").score == 1.0
    assert best(idx, "note buy milk").score < 1.0


@pytest.mark.parametrize("words,value", [
    ("zero", 0), ("seven", 7), ("nineteen", 19), ("forty two", 42), ("a hundred", 100),
    ("one hundred and one", 101), ("two thousand and twenty six", 2026), ("21st", 21), ("fifth", 5),
    ("twenty first", 21), ("1000", 1000),
])
def test_spoken_numbers(words, value):
    assert parse_number(words.split()) == value


@pytest.mark.parametrize("words", ["five four", "twenty twenty", "and", "hundred", "a", "first five", "banana"])
def test_not_numbers(words):
    assert parse_number(words.split()) is None


@pytest.mark.parametrize("value", [0, 7, 13, 40, 42, 100, 105, 999, 1000, 2026, 12345])
def test_say_number_round_trips(value):
    assert parse_number(say_number(value).split()) == value


def test_clean_strips_escapes_controls_and_emoji():
    raw = "\x1b[31mwhat\x1b[0m time\x07 is it 🙂 \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\"
    out = clean(raw)
    assert out.text == "what time is it link"
    assert not out.junk and not out.truncated


def test_clean_flags_junk_and_truncates():
    assert clean("\x00\x01\x02\x03\x04 \xff\xfe").junk
    long = clean("word " * 50_000)
    assert long.truncated and len(long.text) <= 1000


@pytest.mark.parametrize("text", ["um hello", "hello please", "uh hi there", "um, good morning samantha"])
def test_fillers_before_groups_and_at_the_start(text):
    idx = index(("hello", "(hello|hi|good morning) [there|samantha]"))
    assert best(idx, text) is not None


def test_text_slots_do_not_keep_fillers_at_their_ends():
    idx = index(("remember", "remember that {fact:text}"))
    hit = best(idx, "remember that my sister is Catherine please")
    assert hit.slots[0][1] == "my sister is catherine"


def test_contraction_in_the_utterance():
    idx = index(("time", "what is the time"))
    assert best(idx, "what's the time") is not None and best(idx, "whats the time") is not None


def test_nul_and_zero_width_characters_separate_or_vanish():
    assert tokens(clean("what\x00time\u200bis it").text) == ["what", "time", "is", "it"]
    assert clean("ｗｈａｔ ｔｉｍｅ").text == "what time"  # full-width letters are read as ASCII


def test_possessives_match_without_s_but_slots_keep_them():
    idx = index(("add", "add {title:text} to my calendar"))
    hit = idx.hits(tokens("add Mum's birthday to my calendar"),
                   shown=tokens("add Mum's birthday to my calendar", keep_case=True))[0]
    assert hit.slots[0][2] == "Mum's birthday"
    assert best(index(("amy", "read amy email")), "read Amy's email") is not None
