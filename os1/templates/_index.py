"""All templates of all skills, indexed so that one utterance is checked against few of them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..textnorm import FILLERS
from ._ast import Node, SlotRef
from ._match import Compiled, Hit, length_bounds, match_compiled, required_words
from ._parse import TemplateError, parse
from .slots import BUILTIN_TYPES, SlotType

__all__ = ["TemplateSource", "TemplateIndex"]


@dataclass(frozen=True)
class TemplateSource:
    """One template as a skill declares it."""

    skill: str
    intent: str
    text: str
    lists: Mapping[str, SlotType]
    """The skill's own slot lists, by name."""
    rules: Mapping[str, str]
    """The skill's named rules, for ``<name>``."""


def _slot_kinds(node: Node) -> Iterable[SlotRef]:
    if isinstance(node, SlotRef):
        yield node
    for child in getattr(node, "items", ()) or getattr(node, "options", ()):
        yield from _slot_kinds(child)


def compile_template(src: TemplateSource) -> Compiled:
    """Parse and bind one template.

    Raises:
        TemplateError: malformed, or naming a slot type the skill does not define.
    """
    try:
        node = parse(src.text, src.rules)
    except TemplateError as exc:
        raise TemplateError(f"skill {src.skill!r}, intent {src.intent!r}: {exc}") from None
    types: dict[str, SlotType] = {}
    for ref in _slot_kinds(node):
        slot_type = src.lists.get(ref.kind) or BUILTIN_TYPES.get(ref.kind)
        if slot_type is None:
            raise TemplateError(
                f"skill {src.skill!r}, intent {src.intent!r}: template {src.text!r} uses "
                f"{{{ref.name}:{ref.kind}}} but there is no list or slot type {ref.kind!r}"
            )
        types[ref.kind] = slot_type
    lo, hi = length_bounds(node)
    return Compiled((src.skill, src.intent), src.text, node, types, required_words(node), lo, hi)


class TemplateIndex:
    """Compiled templates with a word index.

    A template is only tried when the utterance contains every word the template always needs
    (its rarest such word is the index key), and has a length the template can produce.
    """

    def __init__(self, sources: Iterable[TemplateSource] = (), compiled: Iterable[Compiled] = ()) -> None:
        self.templates: list[Compiled] = [*compiled, *(compile_template(s) for s in sources)]
        counts: dict[str, int] = {}
        for t in self.templates:
            for w in t.required:
                counts[w] = counts.get(w, 0) + 1
        self._order = {id(t): i for i, t in enumerate(self.templates)}
        self._vocab = [(t, _vocabulary(t.node) - FILLERS) for t in self.templates]
        self._by_word: dict[str, list[Compiled]] = {}
        self._always: list[Compiled] = []
        for t in self.templates:
            if t.required:
                key = min(t.required, key=lambda w: (counts[w], w))
                self._by_word.setdefault(key, []).append(t)
            else:
                self._always.append(t)

    def candidates(self, words: list[str], only: frozenset[tuple[str, str]] | None = None) -> list[Compiled]:
        """Templates that could possibly match *words*."""
        present = set(words)
        n = len(words)
        core = n - sum(w in FILLERS for w in words)  # fillers may be skipped, so may not count
        out = [t for t in self._always if t.min_len <= n and core <= t.max_len]
        for w in present:
            for t in self._by_word.get(w, ()):
                if t.required <= present and t.min_len <= n and core <= t.max_len:
                    out.append(t)
        if only is not None:
            out = [t for t in out if t.key in only]
        return out

    def hits(self, words: list[str], only: frozenset[tuple[str, str]] | None = None,
             shown: list[str] | None = None) -> list[Hit]:
        """Every template that matches all of *words*, best first (*shown*: the words as written)."""
        found = [h for t in self.candidates(words, only) if (h := match_compiled(t, words, shown))]
        found.sort(key=lambda h: (-h.score, -h.literals, self._order[id(h.compiled)]))
        return found

    def nearest(self, words: list[str], limit: int = 3) -> list[tuple[tuple[str, str], float]]:
        """Intents whose templates share the most words with *words* (for "did you mean")."""
        present = set(words) - FILLERS
        best: dict[tuple[str, str], float] = {}
        for t, vocab in self._vocab:
            if not vocab:
                continue
            overlap = len(present & vocab)
            if overlap:
                score = overlap / len(present | t.required)
                best[t.key] = max(best.get(t.key, 0.0), score)
        ranked = sorted(best.items(), key=lambda kv: -kv[1])
        return ranked[:limit]


def _vocabulary(node: Node) -> frozenset[str]:
    text = getattr(node, "text", None)
    if text is not None:
        return frozenset((text,))
    out: frozenset[str] = frozenset()
    for child in getattr(node, "items", ()) or getattr(node, "options", ()):
        out |= _vocabulary(child)
    return out
