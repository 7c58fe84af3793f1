"""The parsed form of an intent template: a tree of words, sequences, alternatives and slots."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Word", "Seq", "Alt", "SlotRef", "Node"]


@dataclass(frozen=True)
class Word:
    """One literal token (already normalised by :func:`os1.textnorm.tokens`)."""

    text: str


@dataclass(frozen=True)
class Seq:
    """Items that must follow one another."""

    items: tuple[Node, ...]


@dataclass(frozen=True)
class Alt:
    """Exactly one of the options; an empty ``Seq`` option makes the whole thing optional."""

    options: tuple[Node, ...]


@dataclass(frozen=True)
class SlotRef:
    """A place a value fills: ``{name}`` or ``{name:type}``."""

    name: str
    """The key the value is stored under in the match's slots."""
    kind: str
    """The slot type or list name: ``number``, ``datetime``, ``text``, or a list of the skill's."""


Node = Word | Seq | Alt | SlotRef
