"""Pop-up screens: help (keys and what OS¹ can do) and a turn's latency and "why" view."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ._format import Exchange, latency_lines, why_lines
from ._plain import one_line

__all__ = ["HelpScreen", "TurnDetails", "KEYS"]

KEYS: tuple[tuple[str, str], ...] = (
    ("Enter", "send what you typed"),
    ("↑ / ↓", "earlier requests"),
    ("F1", "this help"),
    ("F2", "push to talk"),
    ("F3", "mute or unmute the microphone"),
    ("Esc / F4", "stop speaking"),
    ("F6", "latency and “why” of the last turn (or click a turn)"),
    ("F7", "switch between dark and light"),
    ("Ctrl+Q", "quit"),
)


def _heading(text: str) -> Content:
    return Content.assemble((text, "bold $primary"))


class HelpScreen(ModalScreen[None]):
    """Keys, and what OS¹ can do (from the skills' help)."""

    BINDINGS = [Binding("escape,f1,q", "dismiss", "close")]

    def __init__(self, skills_help: Sequence[tuple[str, str, Sequence[str]]], status: str) -> None:
        super().__init__()
        self.skills_help = skills_help
        self.status = status

    def compose(self) -> ComposeResult:
        lines: list[str | tuple[str, str] | Content] = [_heading("Voice"), "  ", one_line(self.status, 200), "\n\n",
                                                        _heading("Keys"), "\n"]
        for key, what in KEYS:
            lines += [(f"  {key:<9}", "bold"), what, "\n"]
        lines += ["\n", _heading("What I can do"), "\n"]
        for title, description, examples in self.skills_help:
            lines += [(f"  {one_line(title, 40)}", "bold"), f" — {one_line(description, 200)}", "\n"]
            for example in examples[:3]:
                lines += [(f"    “{one_line(example, 100)}”", "dim"), "\n"]
        if not self.skills_help:
            lines += ["  No skills are loaded.", "\n"]
        with VerticalScroll(id="dialog") as box:
            box.border_title = "OS¹ help"
            box.border_subtitle = "Esc to close"
            yield Static(Content.assemble(*lines), id="help-text")


class TurnDetails(ModalScreen[None]):
    """One turn's latency breakdown and "why" view; ←/→ step through earlier turns."""

    BINDINGS = [
        Binding("escape,f6,q", "dismiss", "close"),
        Binding("left", "step(-1)", "earlier"),
        Binding("right", "step(1)", "later"),
    ]

    def __init__(self, exchanges: Sequence[Exchange], index: int) -> None:
        super().__init__()
        self.exchanges = list(exchanges)
        self.index = index

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):
            yield Static(id="details-text")

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        box = self.query_one("#dialog", VerticalScroll)
        box.border_title = f"Turn {self.index + 1} of {len(self.exchanges)}"
        box.border_subtitle = "←/→ other turns · Esc to close"
        ex = self.exchanges[self.index]
        parts: list[str | tuple[str, str] | Content] = [_heading("Latency"), "\n"]
        parts += [f"  {line}\n" for line in latency_lines(ex)]
        parts += ["\n", _heading("Why"), "\n"]
        parts += [f"  {line}\n" for line in why_lines(ex)]
        self.query_one("#details-text", Static).update(Content.assemble(*parts))

    def action_step(self, step: int) -> None:
        self.index = min(len(self.exchanges) - 1, max(0, self.index + step))
        self._show()
