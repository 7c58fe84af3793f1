"""A voice conversation on the microphone, for the dashboard (and anything else with an event sink).

``VoiceSession(assistant, on_event)``: ``start()`` returns at once; a worker thread loads the
recogniser, opens the microphone and runs the :class:`~os1.voice.pipeline.Pipeline`. Events come
from worker threads: PartialTranscript, Transcript, MicLevel (at most ~20 a second), ListenState,
Turn, SpeechStarted, SpeechProgress, SpeechStopped. Replies are spoken through
``os1.voice.tts.Speaker`` when it is installed. While OS¹ speaks (and ``BARGE_TAIL_S`` after), the
microphone goes to :class:`~os1.voice.bargein.BargeIn` instead of the recogniser, so OS¹ does not
take its own voice for commands: "stop", the wake word, or a person starting to talk over OS¹'s echo
(setting ``interrupt_on_speech``) cuts the speech and OS¹ listens — in the last case to the words
already said. Stopping the speech from the keyboard makes OS¹ listen too.
With ``push_to_talk`` the state stays ``wake`` (detail "push to talk") until :meth:`push_to_talk`.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from os1.events import ListenState, MicLevel, SpeechStarted, SpeechStopped, Turn

__all__ = ["VoiceSession"]

log = logging.getLogger("os1.voice.session")
_LEVEL_EVERY = 0.05
"""Seconds between MicLevel events."""
WORD_AFTER_S = 1.2
"""Seconds after a talk onset during which hearing the wake word drops the utterance so far."""
WAKE_SLACK_S = 0.25
"""A wake word heard after a talk onset that began within this many seconds of the recogniser's
first audio starts the request; one that began later restarts the utterance from it."""
WAKE_PREROLL_S = 0.05
"""Seconds before the wake word's first frame replayed with it (the spotter's word edges are rough)."""
HOLD_MAX_S = 4.0
"""Seconds a reply waits for a person who was talking when it came (noise that keeps the endpointer
in speech must not silence OS¹ for good)."""
BARGE_TAIL_S = 0.3
"""Seconds after the speech ends during which the microphone still goes to the barge-in spotter
(the last of OS¹'s voice may still be on its way through the device)."""


class VoiceSession:
    """The microphone, the recogniser and the speaker around one assistant."""

    def __init__(self, assistant: Any, on_event: Callable[[Any], None]) -> None:
        self.assistant = assistant
        self.on_event = on_event
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=500)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._pipeline: Any = None
        self._speaker: Any = None
        self._capture: Any = None
        self._muted = bool(assistant.settings.muted)
        self._ptt = bool(assistant.settings.push_to_talk)
        self._level_at = 0.0
        self._speaking = False
        self._bargein: Any = None
        self._barge_until = 0.0
        """Until when (monotonic) the microphone goes to barge-in instead of the recogniser."""
        self._taken_over = False
        """A person talked over OS¹: the microphone goes to the recogniser until OS¹ speaks again."""
        self._word_until = 0.0
        """Until when (monotonic) the keyword spotter still listens for the wake word after a talk onset."""
        self._since_onset: list[bytes] = []
        """Microphone blocks from a little before a talk onset on, while the wake word may still come."""
        self._heard_from = 0.0
        """Seconds into ``_since_onset`` where the recogniser's audio of the person began."""
        self._hold_lock = threading.Lock()
        self._held: str | None = None
        """A reply not yet spoken because the person was talking when it came."""
        self._held_until = 0.0
        self._ready_later: ListenState | None = None
        """The session's first state, when the microphone opened while a reply was still playing."""

    # -- the public surface ----------------------------------------------------------------------
    def start(self) -> None:
        """Start listening in a worker; never raises for a missing device (emits ListenState("off"))."""
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="os1-voice", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        if self._capture is not None:
            self._capture.close()
        if self._speaker is not None:
            try:
                self._speaker.close()
            except Exception:
                log.exception("closing the speaker")

    def set_muted(self, muted: bool) -> None:
        """Muted: the microphone is ignored (replies are still shown)."""
        self._queue.put(lambda: self._apply_mute(muted))

    def push_to_talk(self) -> None:
        """Listen for one request now, without the wake word."""
        self._queue.put(self._listen_now)

    def stop_speaking(self) -> None:
        """Cut OS¹'s speech (a key in the dashboard) and listen, without the wake word."""
        if self._speaker is not None:
            if self._speaker.speaking:
                self._queue.put(self._listen_now)
            self._speaker.stop()

    def speak(self, text: str) -> None:
        """Speak a typed turn's reply (non-blocking); nothing happens without a speaker."""
        self._say(text)

    # -- the worker ------------------------------------------------------------------------------
    def _emit(self, event: Any) -> None:
        try:
            self.on_event(event)
        except Exception:
            log.exception("the voice event handler failed on %s", type(event).__name__)

    def _run(self) -> None:
        from ._recognizer_process import RecognizerProcess
        from .audio import AudioUnavailable, Capture, resolve_device
        from .pipeline import Pipeline
        from .recognizer import RecognizerError, describe

        settings = self.assistant.settings
        self._speaker = self._make_speaker(settings)  # typed replies are spoken even with no microphone
        try:
            device = resolve_device(settings.input_device, "input")
        except AudioUnavailable as exc:
            self._emit(ListenState("off", str(exc)))
            return  # no microphone: never pay for building the recogniser's grammar
        try:
            engine, model, note = describe(settings)
            recognizer = RecognizerProcess(engine, model)  # its own process: it holds Python's lock while it works
        except (RecognizerError, ImportError) as exc:
            self._emit(ListenState("off", str(exc)))
            return
        if note:
            log.info(note)
        pipeline = Pipeline(self.assistant, recognizer, self._from_pipeline, wake=True)
        t0 = time.perf_counter()
        pipeline.prepare()  # before the microphone opens: no backlog of audio heard in the wrong state
        log.info("grammars ready in %.0f ms", (time.perf_counter() - t0) * 1000)
        if self._speaker is not None:
            self._bargein = self._make_bargein(settings)
        try:
            self._capture = Capture(device, self._queue)
            self._capture.open()
        except AudioUnavailable as exc:
            recognizer.close()
            self._emit(ListenState("off", str(exc)))
            return
        self._pipeline = pipeline
        self._pipeline.enabled = not (self._muted or self._ptt)
        ready = ListenState("muted" if self._muted else "wake", "push to talk" if self._ptt else recognizer.detail)
        with self._hold_lock:  # the greeting may still be playing: then this is told when it stops
            later = self._speaker is not None and self._speaker.speaking
            self._ready_later = ready if later else None
        if not later:
            self._emit(ready)
        try:
            while not self._stop.is_set():
                try:
                    item = self._queue.get(timeout=0.1)
                except queue.Empty:
                    continue
                if callable(item):
                    item()
                    continue
                self._audio(*item)
        except Exception as exc:  # a recogniser failure must not leave the dashboard waiting forever
            log.exception("the voice worker stopped")
            self._emit(ListenState("off", f"Speech recognition stopped ({exc}); see the log."))
        finally:
            self._capture.close()
            recognizer.close()

    def _audio(self, at: float, pcm: bytes) -> None:
        from .endpoint import level_db

        now = time.monotonic()
        if now - self._level_at >= _LEVEL_EVERY:
            self._level_at = now
            self._emit(MicLevel(round(level_db(pcm), 1)))
        speaking = self._speaker is not None and bool(getattr(self._speaker, "speaking", False))
        if self._muted:
            return
        if (speaking or now < self._barge_until) and not self._taken_over:  # not ourselves: only interruptions
            self._barge(pcm, at, speaking, now)
            return
        if self._taken_over and now < self._word_until and self._bargein is not None:
            self._since_onset.append(pcm)
            ago = self._bargein.wake_after(pcm)
            self._recognise(pcm)
            if ago is not None:
                self._word_until = 0.0
                self._from_wake(ago)
            return
        elif self._bargein is not None and not speaking:
            self._bargein.idle(pcm)
        self._recognise(pcm)

    def _recognise(self, pcm: bytes) -> None:
        for heard in self._pipeline.feed(pcm):
            self._after_heard(heard)
        if self._held is not None:
            self._release_held()

    def _after_heard(self, heard: Any) -> None:
        if self._ptt and (heard.turn is None or heard.turn.question is None):
            self._pipeline.enabled = False
            self._emit(ListenState("wake", "push to talk"))

    def _barge(self, pcm: bytes, at: float, speaking: bool, now: float) -> None:
        barge = self._bargein
        if barge is None:
            return
        if now >= self._barge_until:  # a new speaking turn: forget the last one
            barge.begin()
        if speaking:
            self._barge_until = now + BARGE_TAIL_S
        hit = barge.feed(pcm, at)
        if hit is None:
            return
        log.info("barge-in: %s", f"heard {hit.word!r}" if hit.word else "a person talked over OS¹")
        self._listen_now()  # first, so the SpeechStopped that follows finds the pipeline listening
        if self._speaker is not None:
            self._speaker.stop("interrupted")
        if hit.audio:  # they are saying something: the recogniser hears it from its start
            self._taken_over = True
            self._word_until = now + WORD_AFTER_S
            self._since_onset = [*hit.before, *hit.audio]
            self._heard_from = _seconds(hit.before)
            if self._pipeline is not None and self._pipeline.endpointer.in_speech:
                # they were already talking when OS¹ began: the recogniser must not miss the middle
                self._heard_from = 0.0
                for block in hit.before:
                    self._recognise(block)
            for block in hit.audio:
                self._recognise(block)

    def _from_wake(self, ago: float) -> None:
        """The wake word was heard after a talk onset, *ago* seconds before the end of the audio.

        If the recogniser's audio began with it ("Samantha, what can you do" in one breath), it
        reads it as the optional wake word: nothing to do. If something came first (a cough, the
        tail of OS¹'s echo) the utterance starts again from the wake word."""
        kept = _seconds(self._since_onset)
        began = kept - ago
        if abs(began - self._heard_from) <= WAKE_SLACK_S:
            log.info("barge-in: the request begins with the wake word")
            return
        log.info("barge-in: the wake word %.2f s in; hearing the request again from it", began - self._heard_from)
        skip = max(0.0, began - WAKE_PREROLL_S)
        replay, t = [], 0.0
        for block in self._since_onset:  # the blocks that end after the wake word's start
            t += _seconds([block])
            if t > skip:
                replay.append(block)
        for heard in self._pipeline.restart(replay):
            self._after_heard(heard)

    def _from_pipeline(self, event: Any) -> None:
        if isinstance(event, ListenState) and self._speaker is not None and self._speaker.speaking:
            return  # a reply is queued or playing: the state after it is told when it stops
        self._emit(event)
        if isinstance(event, Turn):
            self._say(event.speech)

    def _say(self, text: str) -> None:
        """Speak *text*, unless the person is in the middle of saying something: then it waits until
        they finish (``HOLD_MAX_S`` at most), and a reply to what they said replaces it."""
        if self._speaker is None or not text.strip():
            return
        with self._hold_lock:
            if self._held is not None:
                log.info("a held reply was replaced by a newer one")
            self._held = None
            pipeline = self._pipeline
            if pipeline is not None and pipeline.enabled and pipeline.endpointer.in_speech:
                log.info("holding the reply: the person is talking")
                self._held, self._held_until = text, time.monotonic() + HOLD_MAX_S
                return
        self._speak_now(text)

    def _release_held(self) -> None:
        """After each block: speak a held reply once the person has finished (or after HOLD_MAX_S)."""
        with self._hold_lock:
            text = self._held
            if text is None or (self._pipeline.endpointer.in_speech and time.monotonic() < self._held_until):
                return
            self._held = None
        self._speak_now(text)

    def _speak_now(self, text: str) -> None:
        """Queue *text* on the speaker; the status says "speaking" from now, not from the first
        sample (synthesis on a busy machine can take a second, and the microphone is only listening
        for interruptions meanwhile: a person must not think OS¹ is waiting for them)."""
        if not self._muted:
            self._emit(ListenState("speaking", ""))
        try:
            self._speaker.say(text)
        except Exception:
            log.exception("speaking the reply")

    def _listen_now(self) -> None:
        if self._pipeline is None or self._muted:
            return
        self._pipeline.enabled = True
        self._pipeline.listen()

    def _apply_mute(self, muted: bool) -> None:
        self._muted = muted
        if self._speaker is not None:
            self._speaker.set_muted(muted)
        if self._pipeline is None:
            return
        self._pipeline.enabled = not muted and not self._ptt
        if muted:
            self._emit(ListenState("muted", ""))
        else:
            self._emit(ListenState("wake" if self._ptt else self._pipeline.state, "push to talk" if self._ptt else ""))

    def _make_bargein(self, settings: Any) -> Any:
        from .bargein import BargeIn, BargeInSpotter

        try:
            spotter = BargeInSpotter(settings.wake_word)
        except Exception as exc:  # speech still works; only talking over it can interrupt
            log.warning("interruption words are off (%s)", exc)
            spotter = None
        if spotter is None and not settings.interrupt_on_speech:
            log.warning("barge-in is off: say nothing while OS¹ speaks, or press Esc")
            return None
        return BargeIn(spotter, self._speaker.played_energy, talk_interrupts=settings.interrupt_on_speech)

    def _make_speaker(self, settings: Any) -> Any:
        try:
            from .tts import Speaker  # type: ignore[attr-defined]
        except ImportError:
            log.info("no text-to-speech installed: replies are shown, not spoken")
            return None
        try:
            return Speaker(settings, self._speech_event, progress=True)
        except Exception as exc:
            log.warning("text-to-speech could not start (%s): replies are shown, not spoken", exc)
            return None

    def _speech_event(self, event: Any) -> None:
        if isinstance(event, SpeechStarted):
            self._speaking = True
            self._taken_over = False
            self._emit(ListenState("speaking", ""))
        elif isinstance(event, SpeechStopped):
            self._speaking = False
            self._emit(event)
            with self._hold_lock:
                ready, self._ready_later = self._ready_later, None
            if ready is not None:
                self._emit(ready)
            elif self._pipeline is not None and not self._muted:
                self._emit(ListenState(self._pipeline.state, ""))
            return
        self._emit(event)


def _seconds(blocks: Any) -> float:
    """Seconds of 16 kHz 16-bit mono audio in *blocks*."""
    return sum(len(b) for b in blocks) / 32000
