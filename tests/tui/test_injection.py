"""Outside text (email subjects, plugin replies, transcripts) is shown literally and triggers nothing."""

from __future__ import annotations

import pytest
from os1.tui.widgets import Conversation, PanelBox, TurnEntry
from textual.content import Content

from os1.events import PartialTranscript

from ._skills import EVIL, EvilSkill
from .conftest import conversation, say, wait_for

pytestmark = pytest.mark.asyncio

LITERAL = ("[bold red]bold?[/]", "[@click=app.quit]click me[/]", "a link", "red",
           "[link=https://x.example]x[/link]", ":warning:", "end")


def assert_literal(visual: object) -> None:
    assert isinstance(visual, Content)
    text = visual.plain
    for piece in LITERAL:
        assert piece in text, f"{piece!r} not shown literally in {text!r}"
    assert not any(ch in text for ch in "\x1b\x07\x08"), "an escape or control character reached the screen"
    assert "evil.example" not in text and "new title" not in text
    for span in visual.spans:  # only the dashboard's own styles: no link, no action, no colour from the text
        style = str(span.style)
        assert "@click" not in style and "link" not in style and "red" not in style, style


async def test_markup_actions_hyperlinks_and_escapes_render_as_text(make_app) -> None:
    app = make_app(EvilSkill)
    async with app.run_test(size=(120, 40)) as pilot:
        await say(pilot, "read my mail")
        await wait_for(pilot, lambda: "Subject:" in conversation(app))
        entry = list(app.query(TurnEntry))[-1]
        assert_literal(entry.render())
        box = app.query_one(PanelBox)
        assert_literal(box.render())
        # the summary, literal too (the getter returns it escaped as markup: "\\[@click=...")
        assert_literal(box._border_subtitle)
        app.voice_event(PartialTranscript(EVIL))  # a transcript is outside text as well
        await wait_for(pilot, lambda: app.query_one(Conversation).hearing is not None)
        assert_literal(app.query_one(Conversation).hearing.render())

        svg = app.export_screenshot()
        assert "evil.example" not in svg and "x.example" in svg  # shown as words, never as a link target
        assert "<a " not in svg

        # Click along the "[@click=app.quit]click me[/]" text (the panel's first line, from column 31
        # after border and padding, wrapping onto the next): a parsed action would quit the app.
        for x, y in [*((x, 1) for x in range(31, 43, 2)), *((x, 2) for x in range(2, 14, 2))]:
            await pilot.click(PanelBox, offset=(x, y))
        await pilot.pause(0.1)
        assert app.is_running and app.return_code is None
