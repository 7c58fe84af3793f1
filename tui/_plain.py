"""Make text from the outside world safe to show: no escapes, no control characters.

Replies, panel lines, transcripts and plugin output are shown as plain text. The widgets never
parse markup (they get :class:`textual.content.Content` built from plain strings), and this module
removes what a terminal could still act on: ANSI/OSC escape sequences (colours, OSC 8 hyperlinks,
title changes), C0/C1 control characters and bidirectional overrides. Pure functions, no Textual.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = ["plain", "one_line", "panel_content", "MAX_PANEL_LINES"]

MAX_PANEL_LINES = 12
"""Lines of one panel that are shown; a panel is a glance, not a document."""
MAX_LINE_CHARS = 300
"""Characters of one panel line that are kept."""

# CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), DCS/SOS/PM/APC (ESC P/X/^/_ ... ST), and
# two-character escapes. The 8-bit forms (U+009B CSI, U+009D OSC) are caught by the C1 range below.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\|$)"
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\|$)"
    r"|\x1b[ -/]*[0-~]"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|\x9d[^\x07\x9c]*(?:\x07|\x9c|$)"
)
# Control characters other than newline and tab, DEL, C1 controls, and the bidi controls that can
# make text read differently from what it is (U+202A..U+202E, U+2066..U+2069), plus lone ESC.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f]")


def plain(text: Any) -> str:
    """*text* as printable plain text: escapes and control characters removed, tabs as spaces.

    Newlines are kept (a reply may have several lines); ``\\r\\n`` and lone ``\\r`` become ``\\n``.
    Anything that is not a string is shown through ``str()``.
    """
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPES.sub("", text)
    text = _CONTROLS.sub("", text)
    return text.replace("\t", "    ")


def one_line(text: Any, limit: int = MAX_LINE_CHARS) -> str:
    """:func:`plain`, on one line (newlines become spaces), cut to *limit* characters."""
    out = " ".join(plain(text).split("\n")).strip()
    return out if len(out) <= limit else out[: limit - 1] + "…"


def _scalar(value: Any) -> str | None:
    if isinstance(value, (str, int, float)):
        return str(value)
    if isinstance(value, (list, tuple)) and all(isinstance(v, (str, int, float)) for v in value):
        return ", ".join(str(v) for v in value)
    return None


def panel_content(value: Any) -> tuple[str, list[str]] | None:
    """(summary, lines) from one panel's entry in ``Turn.data``, made plain; None if unusable.

    The convention is ``{"lines": [str, ...], "summary": str}``; a bare string or list of strings
    is accepted as the lines, and a mapping without ``lines`` is shown as ``key: value`` lines
    (plain values and lists of them only). Anything else (a number) is not shown.
    """
    if isinstance(value, str):
        value = {"lines": value.split("\n")}
    elif isinstance(value, (list, tuple)):
        value = {"lines": list(value)}
    if not isinstance(value, Mapping):
        return None
    if "lines" not in value:  # not the convention, but readable: one "key: value" line per field
        value = {"lines": [f"{key}: {_scalar(v)}" for key, v in value.items() if key != "summary"
                           and _scalar(v) is not None], "summary": value.get("summary", "")}
    raw_lines = value.get("lines", [])
    if isinstance(raw_lines, str):
        raw_lines = raw_lines.split("\n")
    if not isinstance(raw_lines, (list, tuple)):
        return None
    lines = [one_line(line) for line in raw_lines[:MAX_PANEL_LINES]]
    if len(raw_lines) > MAX_PANEL_LINES:
        lines.append(f"… and {len(raw_lines) - MAX_PANEL_LINES} more")
    summary = value.get("summary", "")
    return (one_line(summary) if isinstance(summary, (str, int, float)) else ""), lines
