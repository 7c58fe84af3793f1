"""Match a tokenised utterance against compiled templates.

The matcher simulates the template tree as a set of partial states (an NFA over words), so
alternatives and optional words never cause exponential backtracking. Filler words ("um",
"please") that a template does not mention may be skipped anywhere, at a small cost.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..textnorm import FILLERS
from ._ast import Alt, Node, Seq, SlotRef, Word
from .slots import SlotType

__all__ = ["Compiled", "Hit", "match_compiled", "required_words", "length_bounds"]

_W_LITERAL, _W_TYPED, _W_WILD, _W_SKIP = 1.0, 0.9, 0.6, 0.5


@dataclass(frozen=True)
class Compiled:
    """A template ready to match."""

    key: tuple[str, str]
    """(skill name, intent name) the template belongs to."""
    text: str
    """The template as written."""
    node: Node
    types: Mapping[str, SlotType]
    """Slot type for every slot kind the template uses."""
    required: frozenset[str]
    """Words every sentence of the template contains (used to skip templates quickly)."""
    min_len: int
    max_len: float


@dataclass(frozen=True)
class Hit:
    """A complete match of one template."""

    compiled: Compiled
    score: float
    """0..1: the share of the utterance's words the template explains (literals count most)."""
    literals: int
    slots: tuple[tuple[str, Any, str], ...]
    """(name, value, text as said) for each filled slot."""


@dataclass(frozen=True)
class _State:
    pos: int
    weight: float
    literals: int
    slots: tuple[tuple[str, Any, str], ...]


def _skip_fillers(words: Sequence[str], state: _State) -> list[_State]:
    out = [state]
    pos = state.pos
    while pos < len(words) and words[pos] in FILLERS:
        pos += 1
        extra = (pos - state.pos) * _W_SKIP
        out.append(_State(pos, state.weight + extra, state.literals, state.slots))
    return out


def _step(node: Node, words: Sequence[str], types: Mapping[str, SlotType], state: _State,
          shown: Sequence[str]) -> list[_State]:
    if isinstance(node, Word):
        if state.pos < len(words) and words[state.pos] == node.text:
            return [_State(state.pos + 1, state.weight + _W_LITERAL, state.literals + 1, state.slots)]
        return []
    if isinstance(node, Seq):
        states = [state]
        for item in node.items:
            nxt: dict[tuple[int, tuple[tuple[str, str], ...]], _State] = {}
            for s in states:
                for s0 in _skip_fillers(words, s):
                    for s1 in _step(item, words, types, s0, shown):
                        k = (s1.pos, tuple((n, t) for n, _, t in s1.slots))
                        if k not in nxt or nxt[k].weight < s1.weight:
                            nxt[k] = s1
            states = list(nxt.values())
            if not states:
                return []
        return states
    if isinstance(node, Alt):
        out: list[_State] = []
        for option in node.options:
            out.extend(_step(option, words, types, state, shown))
        return out
    assert isinstance(node, SlotRef)
    slot_type = types[node.kind]
    per_word = _W_WILD if getattr(slot_type, "wildcard", False) else _W_TYPED
    out = []
    for end, value in slot_type.spans(words, state.pos):
        text = " ".join(shown[state.pos : end])
        out.append(
            _State(end, state.weight + per_word * (end - state.pos), state.literals,
                   state.slots + ((node.name, value, text),))
        )
    return out


def match_compiled(compiled: Compiled, words: Sequence[str], shown: Sequence[str] | None = None) -> Hit | None:
    """The best complete match of *compiled* over all of *words*, or None.

    *shown* is *words* as written (same length, original capitals), used for slot text.
    """
    if not words:
        return None
    best: _State | None = None
    starts = _skip_fillers(words, _State(0, 0.0, 0, ()))
    ends = [e for s0 in starts for e in _step(compiled.node, words, compiled.types, s0, shown or words)]
    for state in ends:
        for end_state in _skip_fillers(words, state):
            if end_state.pos == len(words) and (best is None or end_state.weight > best.weight):
                best = end_state
    if best is None:
        return None
    return Hit(compiled, min(1.0, best.weight / len(words)), best.literals, best.slots)


def required_words(node: Node) -> frozenset[str]:
    """Words that appear in every sentence *node* can produce."""
    if isinstance(node, Word):
        return frozenset((node.text,))
    if isinstance(node, Seq):
        out: frozenset[str] = frozenset()
        for item in node.items:
            out |= required_words(item)
        return out
    if isinstance(node, Alt):
        sets = [required_words(o) for o in node.options]
        return frozenset.intersection(*sets) if sets else frozenset()
    return frozenset()


def length_bounds(node: Node) -> tuple[int, float]:
    """(fewest, most) words a sentence of *node* can have (slots count 1 to unbounded)."""
    if isinstance(node, Word):
        return 1, 1
    if isinstance(node, Seq):
        lo, hi = 0, 0.0
        for item in node.items:
            a, b = length_bounds(item)
            lo, hi = lo + a, hi + b
        return lo, hi
    if isinstance(node, Alt):
        bounds = [length_bounds(o) for o in node.options]
        return min(b[0] for b in bounds), max(b[1] for b in bounds)
    return 1, float("inf")
