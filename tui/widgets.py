"""The dashboard's widgets. Every piece of outside text is shown as plain :class:`Content`.

Nothing here parses markup: text goes through :func:`os1.tui._plain.plain` and into
``Content(...)`` / ``Content.assemble(...)``, whose strings are literal text.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from os1.skill import Panel

from ._format import STATES, Exchange, level_bar, state_words, turn_meta
from ._plain import one_line, panel_content, plain

__all__ = ["StatusLine", "MicMeter", "TurnEntry", "Conversation", "PanelBox", "PanelsView", "PromptInput"]

MAX_ENTRIES = 200
"""Turns kept on screen; older ones are dropped (the log keeps everything)."""


class StatusLine(Static):
    """OS¹'s badge, what the voice side is doing, and the recogniser in use."""

    def __init__(self, wake_word: str = "Samantha", **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.wake_word = wake_word
        self.state = "starting"
        self.detail = ""
        self.busy = False
        """A typed request is being answered."""
        self.sentence: tuple[int, int] | None = None
        """While speaking: (sentence from 1, sentences), else None."""

    def show(self, state: str, detail: str | None = None) -> None:
        """Show *state* (``wake``, ``listening``, ..., ``off``) with *detail* (engine or reason)."""
        self.state = state
        self.sentence = None
        if detail is not None:
            self.detail = plain(detail)
        for name in STATES:
            self.set_class(name == state, f"-{name}")
        self._refresh()

    def show_sentence(self, sentence: int, sentences: int) -> None:
        """While speaking: she is on *sentence* (from 1) of *sentences*. Repaints only on a change."""
        if self.state == "speaking" and self.sentence != (sentence, sentences):
            self.sentence = (sentence, sentences)
            self._refresh()

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._refresh()

    @property
    def words(self) -> str:
        """The status as words (also what the help screen repeats)."""
        words = state_words(self.state, self.detail, self.wake_word, self.sentence)
        if self.busy and self.state != "thinking":
            words = f"thinking… · {words}"
        return words

    def _refresh(self) -> None:
        extra = f"  ·  {one_line(self.detail, 60)}" if self.detail and self.state != "off" else ""
        self.update(Content.assemble((" OS¹ ", "bold reverse $primary"), " ", self.words, (extra, "dim")))


class MicMeter(Static):
    """A live level meter: the microphone, or OS¹'s own voice while she speaks."""

    WIDTH = 10

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.mic: float | None = None
        """The last microphone level (dBFS), None for no microphone (or muted)."""
        self.speech: float | None = None
        """OS¹'s output level (dBFS) while she speaks, else None."""

    def on_mount(self) -> None:
        self._paint()

    def show(self, dbfs: float | None) -> None:
        """Show a microphone level in dBFS, or ``None`` for no microphone (kept, not shown, while she speaks)."""
        self.mic = dbfs
        if self.speech is None:
            self._paint()

    def show_speech(self, dbfs: float | None) -> None:
        """Show OS¹'s output level in dBFS while she speaks; ``None`` when she stops (back to the microphone)."""
        self.speech = dbfs
        self._paint()

    def _paint(self) -> None:
        if self.speech is not None:
            self.update(Content.assemble("OS¹ ", (level_bar(self.speech, self.WIDTH), "$primary")))
        elif self.mic is None:
            self.update(Content.assemble(("mic off", "dim")))
        else:
            self.update(Content.assemble("mic ", (level_bar(self.mic, self.WIDTH), "$accent")))


class TurnEntry(Static, can_focus=False):
    """One exchange in the conversation: what the person said, the reply, and who answered."""

    class Selected(Message):
        """The person clicked this entry (open its latency and "why" view)."""

        def __init__(self, entry: TurnEntry) -> None:
            super().__init__()
            self.entry = entry

    def __init__(self, said: str | None, assistant_name: str, exchange: Exchange | None = None) -> None:
        super().__init__()
        self.said = plain(said) if said is not None else None
        self.assistant_name = plain(assistant_name)
        self.exchange = exchange
        self.partial = False

    def on_mount(self) -> None:
        self._render_entry()

    def finish(self, exchange: Exchange, assistant_name: str | None = None) -> None:
        """Fill in the reply (and the assistant's name, if she was renamed meanwhile)."""
        self.exchange = exchange
        if assistant_name is not None:
            self.assistant_name = plain(assistant_name)
        self.set_class(exchange.turn.error is not None, "-failed")
        self._render_entry()

    def _render_entry(self) -> None:
        parts: list[str | tuple[str, str]] = []
        if self.said is not None:
            parts += [("you › ", "bold $secondary"), (self.said, "italic" if self.partial else "")]
        if self.partial:
            parts.append((" …", "dim"))
        elif self.exchange is None:
            parts += ["\n" if parts else "", (f"{self.assistant_name} › ", "bold $primary"), ("…", "dim")]
        else:
            turn = self.exchange.turn
            meta_style = "$error" if turn.error is not None else "dim"
            parts += ["\n" if parts else "", (f"{self.assistant_name} › ", "bold $primary"), plain(turn.reply),
                      "\n", (f"  {turn_meta(self.exchange)}", meta_style)]
        self.update(Content.assemble(*parts))

    @property
    def text(self) -> str:
        """The entry as plain text (for tests and the terminal)."""
        return str(self.render())

    def on_click(self) -> None:
        if self.exchange is not None:
            self.post_message(self.Selected(self))


class Conversation(VerticalScroll, can_focus=False):
    """The conversation pane: entries, newest at the bottom, and the words being heard."""

    def __init__(self, assistant_name: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.assistant_name = assistant_name
        self.hearing: TurnEntry | None = None

    def on_mount(self) -> None:
        self.anchor()  # stay at the newest turn as replies grow, until the person scrolls up

    def add(self, said: str | None, exchange: Exchange | None = None) -> TurnEntry:
        """Append an entry (with its reply, or waiting for one) and scroll to it.

        Words still being heard stay last: a reminder that arrives mid-sentence goes above them.
        """
        entry = TurnEntry(said, self.assistant_name, exchange)
        if exchange is not None:
            entry.set_class(exchange.turn.error is not None, "-failed")
        if self.hearing is not None:
            self.mount(entry, before=self.hearing)
        else:
            self.mount(entry)
        entries = list(self.query_children(TurnEntry))
        for old in entries[: max(0, len(entries) - MAX_ENTRIES)]:
            old.remove()
        self.scroll_end(animate=False, immediate=False)
        return entry

    def hear(self, words: str) -> None:
        """Show partial words while the person is still speaking."""
        if self.hearing is None:
            self.hearing = TurnEntry(words, self.assistant_name)
            self.hearing.partial = True
            self.hearing.add_class("-partial")
            self.mount(self.hearing)
            self.scroll_end(animate=False, immediate=False)
        else:
            self.hearing.said = plain(words)
            self.hearing._render_entry()

    def stop_hearing(self) -> None:
        if self.hearing is not None:
            self.hearing.remove()
            self.hearing = None


class PanelBox(Static):
    """One skill's panel: a title and the latest lines the skill sent."""

    def __init__(self, skill: str, panel: Panel) -> None:
        super().__init__("nothing yet", classes="-empty")
        self.skill = skill
        self.panel = panel
        self.border_title = Content(plain(panel.title or panel.name).replace("\n", " "))

    def fill(self, value: object) -> bool:
        """Show a panel entry from ``Turn.data``; False if it was not in the panel format."""
        content = panel_content(value)
        if content is None:
            return False
        summary, lines = content
        self.remove_class("-empty")
        self.border_subtitle = Content(summary) if summary else None
        self.update(Content("\n".join(lines) if lines else "—"))
        return True


class PanelsView(VerticalScroll, can_focus=False):
    """Every loaded skill's declared panels, in skill order."""

    def __init__(self, panels: Iterable[tuple[str, Panel]], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.boxes = [PanelBox(skill, panel) for skill, panel in panels]

    def compose(self):  # type: ignore[override]
        yield from self.boxes

    def fill(self, skill: str | None, data: dict[str, object]) -> int:
        """Route a turn's ``data`` to the panels it names (the answering skill's first); returns how many."""
        filled = 0
        for name, value in data.items():
            own = [b for b in self.boxes if b.panel.name == name and b.skill == skill]
            target = own or [b for b in self.boxes if b.panel.name == name][:1]
            for box in target:
                filled += box.fill(value)
        return filled


class PromptInput(Input):
    """The input line, with history on up/down."""

    BINDINGS = [
        Binding("up", "history(-1)", "previous", show=False),
        Binding("down", "history(1)", "next", show=False),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.history: list[str] = []
        self._at = 0
        self._draft = ""

    def remember(self, text: str) -> None:
        """Add a submitted line to the history (not twice in a row)."""
        if text and (not self.history or self.history[-1] != text):
            self.history.append(text)
        self._at = len(self.history)
        self._draft = ""

    def action_history(self, step: int) -> None:
        if not self.history:
            return
        if self._at == len(self.history):
            self._draft = self.value
        self._at = min(len(self.history), max(0, self._at + step))
        self.value = self._draft if self._at == len(self.history) else self.history[self._at]
        self.cursor_position = len(self.value)
