"""Every event type survives a trip through JSON (so turns can be logged, printed and sent)."""

from __future__ import annotations

import json

from os1.events import (
    EVENT_TYPES,
    Candidate,
    IntentMatch,
    ListenState,
    MicLevel,
    NotRecognized,
    PartialTranscript,
    Question,
    Response,
    SkillFailed,
    SpeechStarted,
    SpeechStopped,
    Timings,
    Transcript,
    Turn,
    Utterance,
    from_dict,
    to_dict,
)

SAMPLES = [
    Utterance("what time is it", "voice"),
    IntentMatch("persona", "time", {"n": 3}, {"n": "three"}, 0.9, "what time is it", "what time is it"),
    Candidate("persona", "time", 0.5),
    NotRecognized("blah", (Candidate("a", "b", 0.2),)),
    Question("choice", "Which?", "films", "on_pick", ("Her (2013)", "Her (1914)"), {"k": [1, 2]}, 12.5),
    Response("Hi.", "Hi there.", {"panel": {"lines": ["a"]}}, Question("confirm", "Sure?", "s", "t")),
    Timings(1.0, 2.0, 3.0, 6.0, 120.0, 80.0),
    SkillFailed("crash", "timeout", "no answer within 5 s"),
    Turn(Utterance("x"), "y", "s", "i", {"a": 1}, 0.5, None, {}, (Candidate("s", "i", 0.1),),
         SkillFailed("s", "error", "boom"), Timings(), "2026-11-22T10:00:00+00:00"),
    PartialTranscript("what ti"),
    Transcript("what time is it", 0.8, ("what time is it", "what time is in"), "vosk", 1.4),
    MicLevel(-31.5), ListenState("wake", "pocketsphinx en-us"), SpeechStarted("Hi."), SpeechStopped("interrupted"),
]


def test_every_event_type_has_a_sample():
    assert {type(s).__name__ for s in SAMPLES} == set(EVENT_TYPES)


def test_round_trip_through_json():
    for sample in SAMPLES:
        assert from_dict(json.loads(json.dumps(to_dict(sample)))) == sample
