"""What OS¹ says when the problem is not a skill's answer: bad input, nothing understood, failures."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from .events import Candidate, Question
from .textnorm import MAX_CHARS, CleanText

if TYPE_CHECKING:
    from .assistant import Assistant

__all__ = ["bad_input", "foreign", "not_recognized", "crashed", "timed_out", "failed_start", "reask",
           "CANCELLED", "TRUNCATED"]

CANCELLED = "Okay, never mind."
TRUNCATED = f"(That was long, so I only read the first {MAX_CHARS:,} characters.)"


def bad_input(raw: str, cleaned: CleanText, words: list[str]) -> str | None:
    """A reply for input that is not a request at all, or None when it is fine."""
    if not raw.strip():
        return "I didn't catch anything. Say or type a request, or ask “what can you do?”."
    if cleaned.junk or not words:
        return ("That doesn't look like words I can read. Type a request in plain text, "
                "or ask “what can you do?”.")
    return None


def foreign(text: str) -> str | None:
    """For text no template understood: a reply when it is mostly in a non-Latin script, else None."""
    letters = [ch for ch in text if ch.isalpha()]
    if letters and sum(ch.isascii() or unicodedata.name(ch, "").startswith("LATIN") for ch in letters) < len(letters) / 2:
        return "I only understand English so far. Could you say that in English?"
    return None


def not_recognized(text: str, near: tuple[Candidate, ...], assistant: Assistant) -> str:
    """Tell the person nothing matched, with the nearest things that would have."""
    shown = text if len(text) <= 60 else text[:57] + "..."
    examples = [assistant.example(c.skill, c.intent) for c in near if c.score >= 0.25][:2]
    examples = [e for e in dict.fromkeys(examples) if e]
    if examples:
        tries = " or ".join(f"“{e}”" for e in examples)
        return f"I'm not sure what you mean by “{shown}”. Did you mean something like {tries}?"
    return f"I'm not sure what you mean by “{shown}”. Ask “what can you do?” to hear what I can help with."


def crashed(title: str, log_path: str) -> str:
    return (f"Sorry, the {title} skill ran into a problem and couldn't answer. "
            f"The details are in {log_path}; everything else still works.")


def timed_out(title: str, seconds: float) -> str:
    return (f"Sorry, the {title} skill is taking too long (over {seconds:g} seconds), "
            f"so I stopped waiting. Everything else still works.")


def failed_start(title: str, message: str) -> str:
    return (f"Sorry, the {title} skill couldn't start ({message}). "
            f"Run “os1 skills list” to see its status.")


def reask(q: Question) -> str:
    if q.kind == "confirm":
        return f"Sorry, was that a yes or a no? {q.prompt}"
    if q.kind == "choice":
        listed = ", ".join(q.options[:5])
        return f"Sorry, which one? You can say the number or the name: {listed}. Or say “cancel”."
    return q.prompt
