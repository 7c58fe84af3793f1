"""The utterance loop: audio in, turns out. ``os1 listen FILE`` and the microphone both use it.

Audio arrives as 16 kHz mono 16-bit chunks of any size. The endpointer finds each utterance; the
recogniser decodes it while it is spoken (partials go out as events); at the end of speech the
guarded final reading goes to the assistant and the turn goes out as an event. The grammar follows
the dialogue: the wake word first (unless push-to-talk or already listening), then the skills'
commands, and only the expected answers while a question is pending — which is answered without
the wake word.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from os1.events import ListenState, PartialTranscript, Transcript, Turn
from os1.textnorm import tokens

from .endpoint import FRAME_BYTES, FRAME_S, EndpointConfig, Endpointer
from .grammar import Grammar, grammar_for, hollow, strip_wake
from .recognizer import Final, Recognizer

__all__ = ["Heard", "Pipeline"]

log = logging.getLogger("os1.voice.pipeline")
AWAIT_PAUSE_S = 0.3
"""After :meth:`Pipeline.restart`, seconds of continuing speech (the end of the dropped word) before
a new utterance may start anyway, so "Samantha tell me a joke" in one breath loses little."""
_DEFAULT_ENDPOINT = EndpointConfig()


@dataclass(frozen=True)
class Heard:
    """One utterance, start to end, and what came of it."""

    final: Final
    text: str
    """What was given to the assistant ("" if the utterance was refused)."""
    turn: Turn | None
    start_s: float
    """Seconds into the audio where speech was detected."""
    end_s: float
    """Seconds into the audio where the end of speech was decided."""
    speech_end_s: float
    """Seconds into the audio of the last speech frame."""
    decode_ms: float
    """Milliseconds from the end-of-speech decision to the transcript."""
    reason: str = ""
    """Why nothing was done: ``wake`` (no wake word), a guard reason, or ""."""


class Pipeline:
    """Turns a stream of audio into turns.

    Args:
        assistant: the :class:`~os1.assistant.Assistant`.
        recognizer: a loaded recogniser.
        on_event: called with PartialTranscript, Transcript, ListenState and Turn events.
        wake: require the wake word (False: push-to-talk or a file of plain commands).
        endpoint: end-of-speech tuning.
        listen_timeout: seconds to wait for speech after the wake word or a question.
    """

    def __init__(self, assistant: Any, recognizer: Recognizer, on_event: Callable[[Any], None] = lambda e: None,
                 wake: bool = True, endpoint: EndpointConfig = _DEFAULT_ENDPOINT, listen_timeout: float = 8.0) -> None:
        self.assistant = assistant
        self.recognizer = recognizer
        self.on_event = on_event
        self.require_wake = wake
        self.wake_word = assistant.settings.wake_word.lower().strip()
        self.endpointer = Endpointer(endpoint)
        self.listen_timeout = listen_timeout
        self.state = "wake" if wake else "listening"
        self.audio_s = 0.0
        self._buf = bytearray()
        self._preroll: deque[bytes] = deque(maxlen=max(1, int(endpoint.preroll_s / FRAME_S)))
        self._grammars: dict[tuple[Any, ...], Grammar] = {}
        self._grammar: Grammar | None = None
        self._complete = False
        self._last_complete = ""
        self._last_partial = ""
        self._await_pause = 0.0
        """After restart(): until this audio time, or a quiet frame, nothing starts an utterance."""
        self._start_s = 0.0
        self._quiet_since = 0.0
        self.enabled = True

    # -- state ---------------------------------------------------------------------------------
    def listen(self) -> None:
        """Listen for a request now, without the wake word (push-to-talk)."""
        self._set_state("listening")

    def restart(self, replay: Sequence[bytes] = ()) -> list[Heard]:
        """Drop the utterance in progress, unread, and listen afresh.

        Without *replay*, what was heard was an interruption word, not the start of a request: the
        rest of it starts nothing (``AWAIT_PAUSE_S``). With *replay* — the last blocks fed, from
        where the request really began (the wake word said after a cough or OS¹'s echo) — the
        utterance starts again from them; the audio clock is wound back, so timings stay true.
        Returns the utterances that ended in the replayed audio."""
        if self.endpointer.in_speech:
            self.recognizer.finish()
            self.endpointer.reset()
        self._preroll.clear()
        self._complete = False
        self._last_partial = ""
        if not replay:
            self._await_pause = self.audio_s + AWAIT_PAUSE_S
            return []
        again = sum(len(b) for b in replay) - len(self._buf)
        self.audio_s = max(0.0, self.audio_s - again / FRAME_BYTES * FRAME_S)
        self._buf.clear()
        self._await_pause = 0.0
        return [heard for block in replay for heard in self.feed(block)]

    def prepare(self) -> None:
        """Build the command grammars (waiting for the wake word, listening) and hand them to the
        recogniser now, whatever the dialogue state. PocketSphinx compiles a grammar of all the
        skills' templates in 0.6-1.5 s, holding Python meanwhile: at the first utterance that would
        stall the microphone and the dashboard."""
        for wake in (self.wake_word, ""):
            self.recognizer.set_grammar(self._commands_or_answers(None, wake))

    def _set_state(self, state: str, detail: str = "") -> None:
        self.state = state
        self._quiet_since = self.audio_s
        self.on_event(ListenState(state, detail or self.recognizer.detail))

    def grammar(self) -> Grammar:
        """The grammar for the current dialogue state (cached per state)."""
        question = self.assistant.pending(self.assistant.clock())
        wake = self.wake_word if self.state == "wake" and question is None else ""
        return self._commands_or_answers(question, wake)

    def _commands_or_answers(self, question: Any, wake: str) -> Grammar:
        key: tuple[Any, ...] = (question.kind, question.options) if question else ("commands", wake)
        if key not in self._grammars:
            self._grammars[key] = grammar_for(self.assistant.index.templates, question, wake, self.recognizer.known,
                                              optional_wake="" if wake else self.wake_word)
        return self._grammars[key]

    # -- audio ---------------------------------------------------------------------------------
    def feed(self, pcm: bytes) -> list[Heard]:
        """Add audio; returns the utterances that ended in it."""
        self._buf += pcm
        out: list[Heard] = []
        while len(self._buf) >= FRAME_BYTES:
            frame = bytes(self._buf[:FRAME_BYTES])
            del self._buf[:FRAME_BYTES]
            heard = self._frame(frame)
            if heard is not None:
                out.append(heard)
        return out

    def flush(self) -> list[Heard]:
        """The audio ended: finish an utterance in progress."""
        if self.endpointer.in_speech:
            self.endpointer.reset()
            return [self._end()]
        return []

    def _frame(self, frame: bytes) -> Heard | None:
        self.audio_s += FRAME_S
        if not self.enabled:
            return None
        decision = self.endpointer.push(frame, self._complete)
        if self._await_pause > self.audio_s:  # after restart(): the rest of the dropped word starts nothing
            self.endpointer.reset()
            if not self.endpointer.is_speech(frame):
                self._await_pause = 0.0
            return None
        if decision == "start":
            self._begin()
            for f in self._preroll:
                self._feed(f)
            self._preroll.clear()
            self._feed(frame)
        elif self.endpointer.in_speech:
            self._feed(frame)
        else:
            self._preroll.append(frame)
        if decision in ("end", "cap"):
            return self._end()
        if (self.state == "listening" and self.require_wake and not self.endpointer.in_speech
                and self.audio_s - self._quiet_since > self.listen_timeout):
            self._set_state("wake", "no request heard")
        return None

    def _begin(self) -> None:
        self._grammar = self.grammar()
        self.recognizer.set_grammar(self._grammar)
        self.recognizer.start()
        self._complete = False
        self._last_complete = ""
        self._last_partial = ""
        self._start_s = self.audio_s - self.endpointer.speech_frames * FRAME_S

    def _feed(self, frame: bytes) -> None:
        partial = self.recognizer.feed(frame)
        if partial is None or self._grammar is None:
            return
        if partial.strip():
            self._last_partial = partial
        words = strip_wake(partial, self._grammar.wake or self._grammar.optional_wake)
        self._complete = words in self._grammar.complete
        if self._complete:
            self._last_complete = words
        if self.state == "listening" or (self._grammar.wake and partial.split()[:1] == [self._grammar.wake]):
            self.on_event(PartialTranscript(words))

    def _end(self) -> Heard:
        t0 = time.perf_counter()
        grammar = self._grammar
        assert grammar is not None
        final = self.recognizer.finish()
        end_s = self.audio_s
        speech_end_s = self._start_s + self.endpointer.last_speech_frame * FRAME_S
        self._complete = False
        text, reason = self._read(final, grammar)
        decode_ms = (time.perf_counter() - t0) * 1000
        base = dict(final=final, start_s=self._start_s, end_s=end_s, speech_end_s=speech_end_s)
        if reason:
            if reason != "wake":
                log.info("refused %r (%s)", final.text, reason)
            if reason != "wake" and self.state == "listening":
                self.on_event(ListenState("listening", "I didn't catch that"))
            return Heard(text="", turn=None, decode_ms=decode_ms, reason=reason, **base)
        if not text:  # the wake word alone: listen for the request
            self._set_state("listening")
            return Heard(text="", turn=None, decode_ms=decode_ms, reason="", **base)
        transcribe_ms = round((end_s - speech_end_s) * 1000 + decode_ms, 1)
        self.on_event(Transcript(text, final.confidence, final.alternatives, self.recognizer.engine,
                                 round(end_s - self._start_s, 2)))
        self.on_event(ListenState("thinking", ""))
        turn = self.assistant.handle(text, source="voice")
        log.info("heard %r (%.2f s of speech): %s", text, end_s - self._start_s, turn.intent or "no intent")
        turn = dataclasses.replace(turn, timings=dataclasses.replace(turn.timings, transcribe_ms=transcribe_ms))
        self.on_event(turn)
        if turn.question is not None:
            self._set_state("listening", "answer without the wake word")
        elif not turn.speech.strip():  # nothing to say ("stop" said over OS¹): still listening
            self._set_state("listening")
        else:
            self._set_state("wake" if self.require_wake else "listening")
        return Heard(final=final, text=text, turn=turn, start_s=self._start_s, end_s=end_s,
                     speech_end_s=speech_end_s, decode_ms=decode_ms)

    def _read(self, final: Final, grammar: Grammar) -> tuple[str, str]:
        """(text for the assistant, "") or ("", why it was refused)."""
        words = final.text.split()
        if not words and grammar.optional_wake and self._last_partial.split() == [grammar.optional_wake]:
            return "", ""  # PocketSphinx heard the wake word alone but ends on an empty reading: listen on
        if grammar.wake:
            if words[:1] != [grammar.wake] or final.rejected:
                return "", "wake"
            words = words[1:]
        if final.rejected:
            return "", final.rejected
        if grammar.optional_wake and words[:1] == [grammar.optional_wake]:
            words = words[1:]
            if not words:  # "Samantha" while already listening: go on listening
                return "", ""
        text = " ".join(words)
        if grammar.is_open:
            return text, ""
        prefix = grammar.open_prefix(text)
        if prefix is not None:
            return self._free_request(_heard_prefix(grammar, text, final.free_text) or prefix, final.free_text)
        if text and text not in grammar.complete:
            # PocketSphinx sometimes drops the last word of its final reading in the trailing
            # silence ("set a timer for ten" after the partial "... ten minutes"): take the whole
            # sentence it had heard, if the final reading is its beginning
            if self._last_complete.startswith(text + " "):
                return self._last_complete, ""
            return "", "partial"
        return text, ""

    def _free_request(self, prefix: str, free: str) -> tuple[str, str]:
        """A reading that starts a free-text template, with the open pass's words after it: the
        request, or ("", why) when the free text is only fillers and function words ("who is and
        so") or no template takes the whole ("who is the death of war")."""
        words = _fill_free(prefix, free).split()
        if hollow(words[len(prefix.split()):]):
            return "", "filler"
        if not self.assistant.index.hits(tokens(" ".join(words))):
            return "", "no-template"
        return " ".join(words), ""


def _heard_prefix(grammar: Grammar, text: str, free: str) -> str | None:
    """The template start the open pass's words begin with, when the reading begins with it too:
    PocketSphinx's grammar pass may run a short start on ("who is in the cast of" for "who is in
    casablanca"), and its recogniser then gives the shorter start and what followed it."""
    prefix = grammar.open_prefix(free)
    if prefix is not None and text.split()[: len(prefix.split())] == prefix.split():
        return prefix
    return None


def _fill_free(prefix: str, free: str) -> str:
    """The template start from the grammar pass, then the rest from the open pass.

    PocketSphinx gives the template start followed by the open pass's words after it (placed by
    time); Vosk gives all its open pass heard, which usually starts with the template start too.
    """
    p, free_words = prefix.split(), free.split()
    if free_words[: len(p)] == p:
        return " ".join(free_words)
    last = p[-1]
    rest = free_words[free_words.index(last) + 1:] if last in free_words else free_words
    return " ".join([prefix, *rest]).strip()
