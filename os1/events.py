"""What flows through OS¹ in one turn, as small frozen dataclasses.

Every type here converts to and from plain JSON-able dicts (:func:`to_dict` / :func:`from_dict`), so
turns can be printed (``os1 ask --json``), logged, and one day sent to a satellite.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Utterance", "IntentMatch", "Candidate", "NotRecognized", "Question", "Response", "Timings",
    "Turn", "SkillFailed", "PartialTranscript", "Transcript", "MicLevel", "ListenState",
    "SpeechStarted", "SpeechStopped", "to_dict", "from_dict", "EVENT_TYPES",
]


@dataclass(frozen=True)
class Utterance:
    """What the person said or typed."""

    text: str
    """The text as it arrived (after escapes and control characters were removed)."""
    source: str = "text"
    """Where it came from: ``text`` (typed) or ``voice``."""


@dataclass(frozen=True)
class IntentMatch:
    """An utterance understood as one skill's intent."""

    skill: str
    intent: str
    slots: dict[str, Any]
    """Slot values by name (numbers as ``int``, list values as the list declares them)."""
    slot_text: dict[str, str]
    """Each slot's words as said."""
    confidence: float
    """0..1: how much of the utterance the template explains."""
    template: str
    """The template that matched."""
    text: str
    """The utterance, normalised (lower case, contractions expanded)."""


@dataclass(frozen=True)
class Candidate:
    """An intent that came close."""

    skill: str
    intent: str
    score: float
    """0..1 word overlap with the utterance."""


@dataclass(frozen=True)
class NotRecognized:
    """No skill understood the utterance."""

    text: str
    candidates: tuple[Candidate, ...] = ()
    """The nearest intents, best first."""


@dataclass(frozen=True)
class Question:
    """A follow-up a skill asked; the next utterance goes to it first."""

    kind: str
    """``confirm`` (yes/no), ``choice`` (one of options) or ``free`` (any answer)."""
    prompt: str
    skill: str
    then: str
    """Name of the skill method that receives the answer."""
    options: tuple[str, ...] = ()
    """For ``choice``: what the person may pick from."""
    data: dict[str, Any] = field(default_factory=dict)
    """JSON-able values the skill wants back with the answer."""
    expires: float = 0.0
    """Unix time after which the question is dropped."""


@dataclass(frozen=True)
class Response:
    """A skill's answer."""

    text: str
    """What OS¹ says."""
    display: str | None = None
    """A longer text to show instead of ``text``, if any."""
    data: dict[str, Any] = field(default_factory=dict)
    """Structured content for dashboard panels (JSON-able)."""
    question: Question | None = None


@dataclass(frozen=True)
class Timings:
    """Where the time of a turn went, in milliseconds."""

    normalize_ms: float = 0.0
    match_ms: float = 0.0
    handle_ms: float = 0.0
    total_ms: float = 0.0
    """Text in to reply ready."""
    transcribe_ms: float | None = None
    """Voice turns: end of speech to the final transcript."""
    first_audio_ms: float | None = None
    """Spoken replies: reply ready to the first audio sample played."""


@dataclass(frozen=True)
class SkillFailed:
    """A skill raised, timed out, or could not load."""

    skill: str
    reason: str
    """``error``, ``timeout`` or ``load``."""
    message: str
    """What went wrong, for the log and the "why" view."""


@dataclass(frozen=True)
class Turn:
    """One utterance and everything that followed from it."""

    utterance: Utterance
    reply: str
    """What to show: the skill's display text, or the spoken text when it has none."""
    skill: str | None = None
    intent: str | None = None
    slots: dict[str, Any] = field(default_factory=dict)
    confidence: float = 0.0
    question: Question | None = None
    data: dict[str, Any] = field(default_factory=dict)
    candidates: tuple[Candidate, ...] = ()
    error: SkillFailed | None = None
    timings: Timings = field(default_factory=Timings)
    now: str = ""
    """The clock for the turn, ISO 8601."""
    spoken: str | None = None
    """What to say aloud ("" for nothing); None (events from before this field) means ``reply``."""

    @property
    def speech(self) -> str:
        """The text to speak for this turn."""
        return self.reply if self.spoken is None else self.spoken


@dataclass(frozen=True)
class PartialTranscript:
    """Words recognised so far while the person is still speaking (shown, never dispatched)."""

    text: str


@dataclass(frozen=True)
class Transcript:
    """The final words of one utterance."""

    text: str
    confidence: float = 0.0
    """0..1, the recogniser's confidence in the whole utterance."""
    alternatives: tuple[str, ...] = ()
    """Other readings, best first."""
    engine: str = ""
    """``vosk`` or ``pocketsphinx``."""
    audio_s: float = 0.0
    """Seconds of audio in the utterance."""


@dataclass(frozen=True)
class MicLevel:
    """The microphone's loudness over the last block (coalesce these: they come ~30 times a second)."""

    dbfs: float
    """RMS level in dB relative to full scale (-96..0)."""


@dataclass(frozen=True)
class ListenState:
    """What the voice side is doing."""

    state: str
    """``wake`` (waiting for the wake word), ``listening``, ``thinking``, ``speaking``, ``muted``,
    or ``off`` (no microphone: text only)."""
    detail: str = ""
    """For the status line: the recogniser and model, or why the microphone is off."""


@dataclass(frozen=True)
class SpeechStarted:
    """OS¹ began speaking *text*."""

    text: str


@dataclass(frozen=True)
class SpeechStopped:
    """OS¹ stopped speaking."""

    reason: str
    """``done``, ``interrupted`` (the person or a key), ``muted`` or ``error``."""


EVENT_TYPES: dict[str, type] = {
    t.__name__: t
    for t in (Utterance, IntentMatch, Candidate, NotRecognized, Question, Response, Timings,
              Turn, SkillFailed, PartialTranscript, Transcript, MicLevel, ListenState,
              SpeechStarted, SpeechStopped)
}


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_dict(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)  # dates, paths: their text form


def to_dict(event: Any) -> dict[str, Any]:
    """A JSON-able dict of *event*, with its type under ``"type"``."""
    out: dict[str, Any] = {"type": type(event).__name__}
    for f in dataclasses.fields(event):
        out[f.name] = _plain(getattr(event, f.name))
    return out


def from_dict(data: dict[str, Any]) -> Any:
    """The event :func:`to_dict` made *data* from."""
    cls = EVENT_TYPES[data["type"]]
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name not in data:
            continue
        value = data[f.name]
        if isinstance(value, dict) and "type" in value and value["type"] in EVENT_TYPES:
            value = from_dict(value)
        elif isinstance(value, list) and str(f.type).startswith("tuple"):
            value = tuple(from_dict(v) if isinstance(v, dict) and "type" in v else v for v in value)
        kwargs[f.name] = value
    return cls(**kwargs)
