"""The voice session's events on the dashboard: the status line, the meter, the words being heard.

The session calls ``Os1App.voice_event`` from its worker threads; :meth:`VoiceView.accept` decides
there whether the event needs a message (levels and partial transcripts are coalesced), and
:meth:`VoiceView.arrived` shows it on the app's thread.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any

from os1.voice.tts.types import SpeechProgress

from os1.events import (
    ListenState,
    MicLevel,
    PartialTranscript,
    SpeechStarted,
    SpeechStopped,
    Transcript,
    Turn,
)

from ._format import Exchange

if TYPE_CHECKING:
    from .app import Os1App
    from .widgets import TurnEntry

__all__ = ["VoiceView", "REPAINT_S"]

REPAINT_S: dict[type, float] = {MicLevel: 1 / 30, PartialTranscript: 1 / 20, SpeechProgress: 1 / 10}
"""Coalesced events, and the least time between two repaints of each (seconds)."""


class VoiceView:
    """What the dashboard keeps of the voice side between events."""

    def __init__(self, app: Os1App) -> None:
        self.app = app
        self.transcript: Transcript | None = None
        """The last final transcript, until its turn arrives."""
        self.entry: TurnEntry | None = None
        """The conversation entry for the words heard, until its turn arrives."""
        self.spoken_at: tuple[Exchange, float] | None = None
        """A typed reply handed to the speaker and when (perf_counter), for its first-audio time."""
        self.speaking = False
        """Between SpeechStarted (or ListenState "speaking") and SpeechStopped."""
        self.resting: tuple[str, str] | None = None
        """The last state the voice side rests in (wake, muted, off) and its detail: what the status
        line goes back to when she stops speaking (the session may then say more, e.g. listening
        for the answer to her question)."""
        self._queued: dict[type, Any] = {}
        """Coalescing: the newest level / partial not yet shown, by event type."""
        self._queue_lock = threading.Lock()
        self._painted: dict[type, float] = {}
        """When each coalesced kind was last shown (monotonic seconds)."""

    def accept(self, event: Any) -> bool:
        """From any thread: whether *event* needs a message to the app's thread.

        Levels and partial transcripts are coalesced: while one is waiting to be shown, a newer one
        only replaces it, and they are painted at most :data:`REPAINT_S` apart, so however fast they
        come the UI does a bounded amount of work (the newest value always wins).
        """
        kind = type(event)
        if kind in REPAINT_S:
            with self._queue_lock:
                pending = kind in self._queued
                self._queued[kind] = event
            return not pending
        return True

    def arrived(self, event: Any) -> None:
        """On the app's thread: show *event* (a coalesced kind: its newest, when its time comes)."""
        kind = type(event)
        if kind not in REPAINT_S:
            self._apply(event)
            return
        wait = self._painted.get(kind, 0.0) + REPAINT_S[kind] - time.monotonic()
        if wait > 0:
            self.app.set_timer(wait, lambda: self._show_queued(kind))
        else:
            self._show_queued(kind)

    def _show_queued(self, kind: type) -> None:
        with self._queue_lock:
            event = self._queued.pop(kind, None)
        if event is not None:
            self._painted[kind] = time.monotonic()
            self._apply(event)

    def _apply(self, event: Any) -> None:
        app = self.app
        status = app.status_line
        conversation = app.conversation
        if isinstance(event, MicLevel):
            app.meter.show(event.dbfs)
        elif isinstance(event, PartialTranscript):
            if event.text.strip():
                conversation.hear(event.text)
        elif isinstance(event, Transcript):
            with self._queue_lock:  # live words still waiting are older than the final
                self._queued.pop(PartialTranscript, None)
            self.transcript = event
            conversation.stop_hearing()
            if event.text.strip():
                self.entry = conversation.add(event.text)
        elif isinstance(event, ListenState):
            self._listen_state(event)
        elif isinstance(event, SpeechStarted):
            self.speaking = True
            if status.state != "speaking":
                status.show("speaking")
            if self.spoken_at is not None:
                exchange, began = self.spoken_at
                exchange.first_audio_ms = (time.perf_counter() - began) * 1000
                self.spoken_at = None
        elif isinstance(event, SpeechProgress):
            if self.speaking:  # a late one, painted after SpeechStopped, is dropped
                status.show_sentence(event.sentence + 1, event.sentences)
                app.meter.show_speech(event.dbfs)
        elif isinstance(event, SpeechStopped):
            self.speaking = False
            with self._queue_lock:  # progress still waiting is older than the stop
                self._queued.pop(SpeechProgress, None)
            app.meter.show_speech(None)
            if status.state == "speaking":
                self._stop_speaking_status()
        elif isinstance(event, Turn):
            app.post_message(app.Answered(event))

    def _listen_state(self, event: ListenState) -> None:
        app, status = self.app, self.app.status_line
        status.show(event.state, event.detail or None)
        if event.state == "muted" or event.state in ("wake", "listening"):
            app.muted = event.state == "muted"  # the session may start muted (settings)
        if event.state in ("wake", "muted", "off"):
            self.resting = (event.state, status.detail)
        if event.state in ("off", "muted"):
            app.meter.show(None)
            app.conversation.stop_hearing()
        if event.state == "speaking":
            self.speaking = True

    def _stop_speaking_status(self) -> None:
        """Back to what the microphone was doing before she spoke (the session may say more next)."""
        if self.resting is None:  # she spoke before the microphone was ready
            self.app.status_line.show("starting")
            return
        state, detail = self.resting
        if state != "off":  # F3 may have muted or unmuted her meanwhile
            state = "muted" if self.app.muted else "wake"
        self.app.status_line.show(state, detail)
