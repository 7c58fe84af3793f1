"""OS¹'s voice: replies queued, synthesised sentence by sentence in a worker process, played, and cut on demand.

Threads (all daemons, started on first use):
    synth  — takes replies in order and asks the worker for each sentence's audio;
    play   — opens the output stream, feeds it, waits for it to play out, reports progress;
    events — calls ``on_event`` one event at a time, so a slow handler never holds up the audio.
"""

from __future__ import annotations

import collections
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from os1.events import SpeechStarted, SpeechStopped
from os1.settings import Settings

from ._client import SynthWorker
from ._playback import History, PlaybackError, Player, output_problem
from .text import prepare, split_sentences
from .types import DEFAULT_VOICE, Audio, SpeechProgress, SynthesisError, UnknownVoice

__all__ = ["Speaker"]

log = logging.getLogger(__name__)

FIRST_CHUNK_CHARS = 100
"""The first sentence is cut at a comma or space near this length, so the first audio comes sooner."""
AHEAD_S = 20.0
"""Synthesis pauses while this many seconds of audio wait to be played (bounds memory on long replies)."""
PROGRESS_EVERY_S = 0.1
STALL_S = 2.0
"""Seconds the device may take no audio, with audio waiting, before the reply ends with an error."""


@dataclass(eq=False)
class _Reply:
    text: str
    sentences: tuple[str, ...]
    gen: int
    said_at: float
    started: bool = False
    closed: bool = False
    failed: bool = False
    offsets: list[int] = field(default_factory=list)
    """Frame offset at which each fed sentence starts."""
    played: int = 0
    """Frames the player had played at ``moved``."""
    moved: float = field(default_factory=time.monotonic)
    """When playback last advanced (a stalled device is given up after STALL_S)."""


class Speaker:
    """Speaks replies. See the module docstring for the threads; every public method returns quickly.

    Args:
        settings: voice, rate, volume, muted and output_device are read from it.
        on_event: called from a worker thread with SpeechStarted, SpeechStopped(reason) and, when
            *progress* is true, SpeechProgress.
        progress: also send SpeechProgress about ten times a second while speaking.
        warm: start the synthesis worker and load sounddevice in the background now, so the first
            reply is not delayed by ~0.3 s of start-up. Nothing is opened on the sound device.
        worker: a synthesis worker to use (and close) instead of starting a new one.
    """

    def __init__(self, settings: Settings, on_event: Callable[[Any], None], *, progress: bool = False,
                 warm: bool = True, worker: SynthWorker | None = None) -> None:
        self._settings = settings
        self._on_event = on_event
        self._progress = progress
        self._muted = settings.muted
        self._voice = settings.voice or DEFAULT_VOICE
        self._worker = worker or SynthWorker()
        self._history = History()
        self._lock = threading.RLock()
        self._gen = 0
        self._open: list[_Reply] = []
        self._player: Player | None = None
        self._synth_q: queue.Queue[_Reply | None] = queue.Queue()
        self._play_q: queue.Queue[tuple[Any, ...] | None] = queue.Queue()
        self._event_q: queue.Queue[Any] = queue.Queue()
        self._threads: list[threading.Thread] = []
        self._closed = False
        self._last_progress = 0.0
        self.last_error: str | None = None
        """Why the last reply could not be spoken, for a person (None if it was)."""
        self.last_first_audio_ms: float | None = None
        """For the last reply that played: ``say()`` to its first audio sample handed to the device, ms."""
        if warm:
            threading.Thread(target=self._warm, name="os1-tts-warm", daemon=True).start()

    # -- what the rest of OS¹ calls -------------------------------------------------------------

    @property
    def speaking(self) -> bool:
        """True from ``say()`` until that reply's SpeechStopped: gate the microphone on this."""
        with self._lock:
            return bool(self._open)

    @property
    def muted(self) -> bool:
        return self._muted

    @property
    def level_dbfs(self) -> float:
        """Output level of the last audio block (-96 when silent), for a meter."""
        player = self._player
        return player.dbfs if player is not None and not player.wait(0) else -96.0

    @property
    def worker_pid(self) -> int | None:
        """The synthesis worker's process id (None before it starts)."""
        return self._worker.pid

    def available(self) -> str | None:
        """None when speech can be played, else the reason, for a person."""
        return output_problem(self._settings.output_device)

    def say(self, text: str) -> None:
        """Queue *text* to be spoken after anything already queued. Never blocks, never raises."""
        broken = False
        try:
            sentences = _first_short(prepare(str(text)).sentences)
        except Exception:  # a bug in text preparation must not take the conversation down
            log.exception("could not prepare %r for speech", str(text)[:80])
            sentences, broken = (), True
        reply = _Reply(str(text), sentences, self._gen, time.monotonic())
        with self._lock:
            if self._closed:
                return
            reply.gen = self._gen
            self._open.append(reply)
            self._start_threads()
        if broken:
            self._finish(reply, "error")
        elif self._muted:
            self._finish(reply, "muted")
        elif not reply.sentences:
            self._finish(reply, "done")  # nothing speakable (empty, emoji, control characters)
        else:
            self._synth_q.put(reply)

    def stop(self, reason: str = "interrupted") -> None:
        """Cut the speech within 100 ms and drop every queued reply (each ends with SpeechStopped(reason))."""
        with self._lock:  # closed before the sound is cut, so the play thread never calls it "done"
            self._gen += 1
            for reply in list(self._open):
                self._finish(reply, reason)
            player = self._player
        if player is not None:
            player.abort(0.1)
        self._play_q.put(("wake",))

    def set_muted(self, muted: bool) -> None:
        """Mute (stops current speech with reason ``muted``) or unmute. Persisting it is the caller's job."""
        self._muted = muted
        if muted:
            self.stop("muted")

    def last_played(self, seconds: float = 2.0) -> tuple[Audio, float]:
        """The last *seconds* of audio handed to the device and the ``time.monotonic()`` of its end.

        For echo handling: what the microphone may hear of OS¹ (add the device latency, ~10-50 ms).
        """
        return self._history.recent(seconds)

    def played_energy(self, start: float, end: float) -> float:
        """Mean square (full scale 1) of the loudest block handed to the device between two
        ``time.monotonic()`` instants, 0.0 if none: what :class:`os1.voice.echo.TalkDetector` needs."""
        return self._history.energy(start, end)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until nothing is queued or playing; False on timeout (for the CLI and tests)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.speaking:
            if deadline is not None and time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True

    def close(self) -> None:
        """Stop speaking, end the threads and the worker process."""
        self.stop()
        with self._lock:
            self._closed = True
            threads = list(self._threads)
        self._synth_q.put(None)
        self._play_q.put(None)
        self._event_q.put(None)
        for thread in threads:
            thread.join(timeout=2.0)
        self._worker.close()

    # -- internals ----------------------------------------------------------------------------

    def _warm(self) -> None:
        try:
            self._worker.start()
        except Exception as exc:  # reported again, with the reply, when speech is asked for
            log.warning("speech worker did not start: %s", exc)
        try:
            import numpy  # noqa: F401 - with sounddevice, ~0.4 s of imports kept off the first reply
            import sounddevice  # noqa: F401
        except Exception as exc:
            log.warning("sounddevice is not usable: %s", exc)

    def _start_threads(self) -> None:
        if self._threads:
            return
        for name, target in (("synth", self._synth_loop), ("play", self._play_loop), ("events", self._event_loop)):
            thread = threading.Thread(target=target, name=f"os1-tts-{name}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def _emit(self, event: Any) -> None:
        self._event_q.put(event)

    def _event_loop(self) -> None:
        while (event := self._event_q.get()) is not None:
            try:
                self._on_event(event)
            except Exception:
                log.exception("speech event handler failed on %s", type(event).__name__)

    def _finish(self, reply: _Reply, reason: str) -> None:
        with self._lock:
            if reply.closed:
                return
            reply.closed = True
            if reply in self._open:
                self._open.remove(reply)
            self._emit(SpeechStopped(reason))

    def _current(self, reply: _Reply) -> bool:
        return reply.gen == self._gen and not reply.closed

    def _synthesise(self, sentence: str) -> Audio:
        settings = self._settings
        while True:
            try:
                return self._worker.synth(sentence, self._voice, settings.rate, settings.volume)
            except UnknownVoice as exc:
                fallback = DEFAULT_VOICE if self._voice != DEFAULT_VOICE else ""
                if self._voice == "":
                    raise
                log.warning("%s Using %s instead.", exc, fallback or "the engine's default voice")
                self.last_error = f"{exc} Using {fallback or 'the default voice'} instead."
                self._voice = fallback

    def _synth_loop(self) -> None:
        while (reply := self._synth_q.get()) is not None:
            if not self._current(reply):
                continue
            self._play_q.put(("open", reply))
            for index, sentence in enumerate(reply.sentences):
                while self._current(reply) and self._buffered_s() > AHEAD_S:
                    time.sleep(0.05)
                if not self._current(reply):
                    break
                try:
                    audio = self._synthesise(sentence)
                except SynthesisError as exc:
                    self._play_q.put(("error", reply, str(exc)))
                    break
                self._play_q.put(("audio", reply, index, audio))
            else:
                self._play_q.put(("end", reply))

    def _buffered_s(self) -> float:
        player = self._player
        return player.buffered_s() if player is not None else 0.0

    def _play_loop(self) -> None:
        active: _Reply | None = None
        backlog: collections.deque[tuple[Any, ...]] = collections.deque()
        while True:
            if backlog and (active is None or backlog[0][1] is active):
                item: tuple[Any, ...] | None = backlog.popleft()  # in order: a reply's items come together
            else:
                try:
                    item = self._play_q.get(timeout=0.02 if active is not None else 0.5)
                except queue.Empty:
                    item = ("tick",)
            if item is None:
                break
            if item[0] in ("open", "audio", "end", "error"):
                reply = item[1]
                if not self._current(reply) or reply.failed:
                    pass  # stopped or failed: drop what is left of it
                elif active is not None and reply is not active:
                    backlog.append(item)  # the next reply waits until this one has played
                else:
                    active = reply
                    self._handle(item)
            active = self._tick(active)

    def _handle(self, item: tuple[Any, ...]) -> None:
        kind, reply = item[0], item[1]
        if kind == "open":
            self._open_player(reply)
        elif kind == "audio":
            self._feed(reply, item[2], item[3])
        elif kind == "error":
            self._fail(reply, item[2])
        elif kind == "end" and self._player is not None:
            self._player.end()

    def _tick(self, active: _Reply | None) -> _Reply | None:
        """Finish, time and report on the reply that is playing; returns it, or None once it is over."""
        player = self._player
        if active is None:
            return None
        if active.closed or active.failed or player is None:
            self._close_player()
            return None
        if player.first_audio is not None and active.said_at:
            self.last_first_audio_ms = (player.first_audio - active.said_at) * 1000
            active.said_at = 0.0
        now = time.monotonic()
        if player.wait(0):
            if player.played < player.queued and not player.aborted:  # it ended by itself, early
                self._fail(active, "The output device stopped in the middle of speech; check it with `os1 devices`.")
                return None
            self._close_player()
            self._finish(active, "done")
            return None
        if player.played != active.played:
            active.played, active.moved = player.played, now
        elif player.queued > player.played and now - active.moved > STALL_S:
            self._fail(active, f"The output device took no audio for {STALL_S:.0f} s; check it with `os1 devices`.")
            return None
        if self._progress and active.started and now - self._last_progress >= PROGRESS_EVERY_S:
            self._last_progress = now
            sentence = sum(1 for o in active.offsets if o <= player.played) - 1
            self._emit(SpeechProgress(max(0, sentence), len(active.sentences), player.played / player.rate,
                                      player.dbfs))
        return active

    def _open_player(self, reply: _Reply) -> None:
        self._close_player()
        player = Player(self._settings.output_device, self._history)
        try:
            player.open(22050)
        except (PlaybackError, ImportError) as exc:
            self._fail(reply, str(exc))
            return
        with self._lock:
            self._player = player

    def _feed(self, reply: _Reply, index: int, audio: Audio) -> None:
        player = self._player
        if player is None:
            return
        if index == 0:
            audio = _trim_leading_silence(audio)
        if player.queued <= player.played:
            reply.moved = time.monotonic()  # the device had nothing to play until now: not a stall
        reply.offsets.append(player.queued)
        player.feed(audio)
        with self._lock:
            if not reply.started and not reply.closed:
                reply.started = True
                self._emit(SpeechStarted(reply.text))

    def _fail(self, reply: _Reply, message: str) -> None:
        log.error("could not speak: %s", message)
        self.last_error = message
        reply.failed = True
        self._close_player()
        self._finish(reply, "error")

    def _close_player(self) -> None:
        with self._lock:
            player, self._player = self._player, None
        if player is not None:
            player.abort(0.05)
            player.close()


def _first_short(sentences: tuple[str, ...]) -> tuple[str, ...]:
    if not sentences or len(sentences[0]) <= FIRST_CHUNK_CHARS:
        return sentences
    return (*split_sentences(sentences[0], FIRST_CHUNK_CHARS), *sentences[1:])


def _trim_leading_silence(audio: Audio, threshold: int = 300, keep_s: float = 0.005) -> Audio:
    """*audio* without the synthesiser's leading silence (keeps *keep_s*), so speech starts at once."""
    import numpy as np

    data = np.frombuffer(audio.samples, dtype="<i2")
    loud = np.flatnonzero(np.abs(data.astype(np.int32)) > threshold)
    if not len(loud):
        return audio
    start = max(0, int(loud[0]) - int(keep_s * audio.rate))
    return Audio(data[start:].tobytes(), audio.rate)
