"""OS¹'s own palette: the warm coral of her logo, on a dark and on a light background."""

from __future__ import annotations

from textual.theme import Theme

__all__ = ["THEMES"]

THEMES = (
    Theme(name="os1-dark", dark=True, primary="#F0694A", secondary="#F4A482", accent="#FFB86B",
          foreground="#F7E6DC", background="#221413", surface="#2E1C1A", panel="#3C2421",
          error="#FF7B6B", warning="#F2C14E", success="#A8D08D"),
    Theme(name="os1-light", dark=False, primary="#B53A20", secondary="#8A4127", accent="#B8561C",
          foreground="#3A1E1A", background="#FFF4EC", surface="#FBE7DB", panel="#F3D5C4",
          error="#B3261E", warning="#8A5A00", success="#3F6B2A"),
)
"""OS¹'s warm palette (the coral of her logo), for dark and for light terminals."""
