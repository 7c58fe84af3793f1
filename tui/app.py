"""The OS¹ dashboard: :func:`create_app` is the one factory the CLI, the tests and the benchmark use.

Threads: the assistant (typed turns, the opening, reminders) runs in thread workers, one call at a
time; the voice session calls :meth:`Os1App.voice_event` from its own threads. Both talk back with
messages; nothing blocking runs on the event loop.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

from os1.voice.tts.types import SpeechProgress
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.driver import Driver
from textual.message import Message
from textual.widgets import Footer, Static

from os1.assistant import Assistant
from os1.events import (
    ListenState,
    MicLevel,
    PartialTranscript,
    SkillFailed,
    Turn,
    Utterance,
)
from os1.skill import Panel

from ._format import Exchange
from ._plain import one_line
from ._theme import THEMES
from ._voice import VoiceFactory, VoiceLike, VoiceUnavailable, default_voice, text_only
from ._voice_view import VoiceView
from .screens import HelpScreen, TurnDetails
from .widgets import Conversation, MicMeter, PanelsView, PromptInput, StatusLine, TurnEntry

__all__ = ["Os1App", "create_app", "THEMES", "text_only"]

log = logging.getLogger("os1.tui")

PLACEHOLDER = "Type to OS¹ and press Enter · F1 help"


class Os1App(App[None]):
    """The dashboard. Build it with :func:`create_app`."""

    CSS_PATH = "os1.tcss"
    TITLE = "OS¹"
    ENABLE_COMMAND_PALETTE = False
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("f1", "help", "help"),
        Binding("f2", "talk", "talk"),
        Binding("f3", "mute", "mute"),
        Binding("f4,escape", "stop_speaking", "stop"),
        Binding("f6", "details", "why"),
        Binding("f7", "toggle_theme", "light/dark", show=False),
        Binding("ctrl+q", "quit", "quit", priority=True),
    ]

    class Answered(Message):
        """The assistant finished a turn (typed, opening or unprompted); *entry* waits for it."""

        def __init__(self, turn: Turn, entry: TurnEntry | None = None) -> None:
            super().__init__()
            self.turn = turn
            self.entry = entry

    class VoiceEvent(Message):
        """An event from the voice session; levels, partials and speech progress replace older ones still queued."""

        def __init__(self, event: Any) -> None:
            super().__init__()
            self.event = event

        def can_replace(self, message: Message) -> bool:
            return (isinstance(message, Os1App.VoiceEvent) and type(message.event) is type(self.event)
                    and isinstance(self.event, (MicLevel, PartialTranscript, SpeechProgress)))

    def __init__(self, assistant: Assistant, voice_factory: VoiceFactory | None = None, light: bool = False,
                 poll_interval: float = 1.0) -> None:
        super().__init__()
        self.assistant = assistant
        self.voice_factory = voice_factory or default_voice
        self.voice: VoiceLike | None = None
        self.exchanges: list[Exchange] = []
        self.poll_interval = poll_interval
        self.muted = False
        self._light = light
        self._lock = threading.Lock()
        """One assistant call at a time (typed turns, the opening, polling)."""
        self._finished = False
        self._in_flight = 0
        """Typed requests sent and not yet answered."""
        self.voice_view = VoiceView(self)
        """The voice session's events on screen."""
        self.panels: list[tuple[str, Panel]] = [
            (name, panel) for name, info in assistant.skills.items() for panel in info.cls.panels
        ]
        paths = assistant.settings.paths
        self.stderr_log: Path | None = paths.log_file if paths is not None else None
        """Where descriptor 2 points while the dashboard draws in a terminal: C libraries' messages
        (ALSA's, PortAudio's) and stray Python output go there instead of over the screen. None
        leaves descriptor 2 alone."""

    def get_driver_class(self) -> type[Driver]:
        driver = super().get_driver_class()
        if sys.platform == "win32" or os.environ.get("TEXTUAL_DRIVER"):
            return driver  # Windows, or a driver asked for by name
        from ._terminal import driver_for  # frames go to a private copy of the terminal's descriptor

        return driver_for(driver)

    def _print(self, text: str, stderr: bool = False) -> None:
        """Text printed while the app runs (Textual points sys.stdout and sys.stderr here).

        Textual drops it when drawing in a terminal: a thread's traceback, printed by
        ``threading.excepthook``, was lost. When descriptor 2 points at the log it goes there.
        Overrides Textual's private hook: the public ``begin_capture_print`` delivers text as
        messages, which stop flowing while the app shuts down, just when threads are likeliest to fail.
        """
        super()._print(text, stderr)
        if getattr(self._driver, "stderr_to_log", False) and not self.is_headless and sys.__stderr__ is not None:
            try:
                sys.__stderr__.write(text)  # descriptor 2: the log (line-buffered, flushed when put back)
            except (OSError, ValueError):
                pass

    # -- layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        # Kept as attributes: a pop-up screen (help, a turn's view) hides these from query_one,
        # while replies and voice events keep arriving.
        self.status_line = StatusLine(self.assistant.settings.wake_word.capitalize(), id="status")
        self.meter = MicMeter(id="meter")
        self.conversation = Conversation(self.assistant.name, id="conversation")
        self.panels_view = PanelsView(self.panels, id="panels") if self.panels else None
        self.prompt = PromptInput(id="prompt", placeholder=PLACEHOLDER)
        with Horizontal(id="statusbar"):
            yield self.status_line
            yield self.meter
        with Horizontal(id="main"):
            yield self.conversation
            if self.panels_view is not None:
                yield self.panels_view
        yield self.prompt
        yield Footer()

    def on_mount(self) -> None:
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = "os1-light" if self._light else "os1-dark"
        self.prompt.focus()
        self.status_line.show("starting")
        notes = [p.sentence() for p in self.assistant.problems]
        if self.assistant.memory.problem:
            notes.append(self.assistant.memory.problem)
        for note in notes:
            self._note(note)
        self._open_session()
        self._start_voice()
        if self.poll_interval > 0:
            self.set_interval(self.poll_interval, self._poll)

    def _note(self, text: str) -> None:
        conversation = self.conversation
        conversation.mount(Static(Content.assemble(("note · ", "bold $warning"), one_line(text, 500)),
                                  classes="note"))

    # -- the assistant, in workers ------------------------------------------------------------
    def _call(self, what: str, func: Any) -> Any:
        """Run an assistant call under the lock; a crash comes back as the exception (logged)."""
        try:
            with self._lock:
                if self._finished:
                    return None  # the app has exited; the assistant may be closing
                return func()
        except Exception as exc:
            log.exception("%s failed", what)
            return exc

    @work(thread=True, exit_on_error=False, group="assistant")
    def _open_session(self) -> None:
        opening = self._call("start_session", self.assistant.start_session)
        if isinstance(opening, Turn):
            self.post_message(self.Answered(opening))

    @work(thread=True, exit_on_error=False, group="assistant")
    def _ask(self, text: str, entry: TurnEntry) -> None:
        turn = self._call("handle", lambda: self.assistant.handle(text))
        if turn is None:
            return  # the app has exited
        if isinstance(turn, Exception):  # Assistant.handle promises not to raise; if it does, say so
            message = f"{type(turn).__name__}: {turn}"
            turn = Turn(Utterance(text), "Something went wrong inside me; it is in the log.",
                        error=SkillFailed("os1", "error", message))
        self.post_message(self.Answered(turn, entry))

    def _poll(self) -> None:
        if not any(w.group == "poll" and w.is_running for w in self.workers):
            self._poll_worker()

    @work(thread=True, exit_on_error=False, group="poll")
    def _poll_worker(self) -> None:
        turns = self._call("poll", self.assistant.poll)
        for turn in turns if isinstance(turns, list) else ():
            self.post_message(self.Answered(turn))

    @on(PromptInput.Submitted)
    def _submitted(self, event: PromptInput.Submitted) -> None:
        text = event.value.strip()
        prompt = self.prompt
        prompt.value = ""
        if not text:
            return
        if text.lower() in ("/quit", "/exit"):
            self.exit()
            return
        prompt.remember(text)
        entry = self.conversation.add(text)
        self._in_flight += 1
        self.status_line.set_busy(True)
        self._ask(text, entry)

    @on(Answered)
    def _answered(self, message: Answered) -> None:
        turn = message.turn
        exchange = Exchange(turn)
        view = self.voice_view
        if turn.utterance.source == "voice" and view.transcript is not None:
            exchange.transcript, view.transcript = view.transcript, None
        self.exchanges.append(exchange)
        conversation = self.conversation
        conversation.assistant_name = self.assistant.name  # she may have been renamed by this turn
        entry = message.entry
        if entry is None and turn.utterance.source == "voice" and view.entry is not None:
            entry, view.entry = view.entry, None
        if entry is not None and entry.is_attached:
            entry.finish(exchange, conversation.assistant_name)
            conversation.scroll_end(animate=False, immediate=False)
        else:
            said = turn.utterance.text if turn.utterance.source in ("text", "voice") else None
            conversation.add(said, exchange)
        if turn.data and self.panels_view is not None:
            self.panels_view.fill(turn.skill, turn.data)
        self._show_question(turn)
        if message.entry is not None:
            self._in_flight = max(0, self._in_flight - 1)
            self.status_line.set_busy(self._in_flight > 0)
            if self.voice is not None and turn.utterance.source == "text":  # muting is for the mic only
                self._speak(exchange)

    def _show_question(self, turn: Turn) -> None:
        if turn.utterance.source == "skill":
            return  # a reminder does not change what the last question was
        prompt = self.prompt
        q = turn.question
        if q is None:
            prompt.placeholder = PLACEHOLDER
        elif q.kind == "confirm":
            prompt.placeholder = "Answer yes or no"
        elif q.kind == "choice" and q.options:
            prompt.placeholder = one_line("Answer with one of: " + ", ".join(q.options), 200)
        else:
            prompt.placeholder = "Type your answer and press Enter"

    def _speak(self, exchange: Exchange) -> None:
        try:
            assert self.voice is not None
            self.voice_view.spoken_at = (exchange, time.perf_counter())
            self.voice.speak(exchange.turn.speech)
        except Exception:
            log.exception("speaking the reply failed")

    # -- voice --------------------------------------------------------------------------------
    @work(thread=True, exit_on_error=False, group="voice")
    def _start_voice(self) -> None:
        try:
            voice = self.voice_factory(self.assistant, self.voice_event)
            voice.start()
        except VoiceUnavailable as exc:
            self.post_message(self.VoiceEvent(ListenState("off", str(exc))))
            return
        except Exception as exc:
            log.exception("the voice session did not start")
            self.post_message(self.VoiceEvent(ListenState("off", f"voice failed to start ({type(exc).__name__}: {exc})")))
            return
        self.voice = voice
        if self._finished:  # the app closed while the voice was starting: finish_work missed it
            self.voice = None
            voice.close()

    def voice_event(self, event: Any) -> None:
        """The voice session's ``on_event``: safe to call from any thread (see :class:`VoiceView`)."""
        if self.voice_view.accept(event):
            self.post_message(self.VoiceEvent(event))

    @on(VoiceEvent)
    def _voice_event(self, message: VoiceEvent) -> None:
        self.voice_view.arrived(message.event)

    # -- keys ---------------------------------------------------------------------------------
    def _voice_call(self, what: str, *args: Any) -> bool:
        if self.voice is None:
            self.notify(f"Text only: {self.status_line.detail}", title="No microphone", timeout=3)
            return False
        try:
            getattr(self.voice, what)(*args)
        except Exception as exc:
            log.exception("voice %s failed", what)
            self.notify(f"{what.replace('_', ' ')} failed: {one_line(exc, 120)}", severity="error")
            return False
        return True

    def action_talk(self) -> None:
        if self._voice_call("push_to_talk"):
            self.status_line.show("listening")

    def action_mute(self) -> None:
        if self._voice_call("set_muted", not self.muted):
            self.muted = not self.muted
            self.status_line.show("muted" if self.muted else "wake")
            if self.muted:
                self.meter.show(None)

    def action_stop_speaking(self) -> None:
        if self.voice is not None:
            self._voice_call("stop_speaking")

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            status = self.status_line
            self.push_screen(HelpScreen(self.assistant.skills_help(), status.words))

    def action_details(self) -> None:
        if not self.exchanges:
            self.notify("Nothing has been said yet.", timeout=2)
        elif not isinstance(self.screen, TurnDetails):
            self.push_screen(TurnDetails(self.exchanges, len(self.exchanges) - 1))

    @on(TurnEntry.Selected)
    def _selected(self, message: TurnEntry.Selected) -> None:
        if message.entry.exchange in self.exchanges:
            self.push_screen(TurnDetails(self.exchanges, self.exchanges.index(message.entry.exchange)))

    def action_toggle_theme(self) -> None:
        self.theme = "os1-dark" if self.theme == "os1-light" else "os1-light"

    def finish_work(self, timeout: float = 5.0) -> bool:
        """After the app exits: close the voice session, wait for an assistant call still running in
        a worker, and start no more.

        Call it before closing the assistant. False if a call was still running after *timeout* s.
        """
        voice, self.voice = self.voice, None
        if voice is not None:  # here, not on the event loop: closing joins the voice threads
            try:
                voice.close()
            except Exception:
                log.exception("closing the voice session failed")
        got = self._lock.acquire(timeout=timeout)
        self._finished = True
        if got:
            self._lock.release()
        return got


def create_app(assistant: Assistant, voice_factory: VoiceFactory | None = None, light: bool = False,
               poll_interval: float = 1.0) -> Os1App:
    """The dashboard for *assistant*.

    Args:
        assistant: from :func:`os1.app.build_assistant`; the caller closes it after the app exits.
        voice_factory: ``factory(assistant, on_event)`` returning a voice session; None for
            ``os1.voice.session.VoiceSession`` when installed; :func:`text_only` for none.
        light: start with the light palette (F7 switches).
        poll_interval: seconds between :meth:`Assistant.poll` calls (reminders); 0 to never poll.
    """
    return Os1App(assistant, voice_factory, light, poll_interval)
