"""The plain-text rules, on their own (pure functions)."""

from os1.tui._format import level_bar
from os1.tui._plain import MAX_PANEL_LINES, one_line, panel_content, plain

from ._skills import EVIL


def test_escapes_and_controls_are_removed_but_markup_stays_literal() -> None:
    out = plain(EVIL)
    assert not any(ch in out for ch in "\x1b\x07\x08\x9b\x9d")
    assert "[bold red]bold?[/]" in out and "[@click=app.quit]click me[/]" in out
    assert "a link" in out and "evil.example" not in out  # the OSC 8 target is dropped with the escape
    assert "new title" not in out  # an OSC 0 title change is dropped whole
    assert "red" in out and "[31m" not in out


def test_eight_bit_controls_bidi_and_line_endings() -> None:
    assert plain("a\x9b31mb\u202ec\r\nd\re\tf") == "ab" + "c\nd\ne    f"
    assert one_line("two\nlines") == "two lines"
    assert plain(None) == "" and plain(42) == "42"


def test_panel_content_takes_the_convention_and_refuses_the_rest() -> None:
    assert panel_content({"lines": ["a", "b\x1b[1m"], "summary": "2"}) == ("2", ["a", "b"])
    assert panel_content("one\ntwo") == ("", ["one", "two"])
    assert panel_content(42) is None and panel_content({"lines": 3}) is None
    assert panel_content({"title": "Her", "year": 2013, "cast": ["Joaquin Phoenix", "Amy Adams"], "x": {}}) == (
        "", ["title: Her", "year: 2013", "cast: Joaquin Phoenix, Amy Adams"])
    summary, lines = panel_content({"lines": [str(i) for i in range(MAX_PANEL_LINES + 5)]})
    assert len(lines) == MAX_PANEL_LINES + 1 and lines[-1] == "… and 5 more"


def test_level_bar() -> None:
    assert level_bar(-96) == " " * 10
    assert level_bar(0) == "█" * 10
    assert level_bar(-30).startswith("█████") and len(level_bar(-30)) == 10
