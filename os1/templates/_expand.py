"""Expand templates into the sentences they stand for (self-checks and recogniser phrase lists)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence

from ._ast import Alt, Node, SlotRef, Word

__all__ = ["expand"]


def _expand(node: Node, fill: Callable[[SlotRef], Sequence[str]]) -> Iterator[str]:
    if isinstance(node, Word):
        yield node.text
    elif isinstance(node, SlotRef):
        yield from fill(node)
    elif isinstance(node, Alt):
        for option in node.options:
            yield from _expand(option, fill)
    else:
        parts: list[Iterator[str]] = [_expand(item, fill) for item in node.items]
        for combo in _product(parts):
            yield " ".join(p for p in combo if p)


def _product(parts: list[Iterator[str]]) -> Iterator[tuple[str, ...]]:
    # itertools.product materialises its inputs; sequences here are short, so that is fine
    yield from itertools.product(*parts)


def expand(node: Node, fill: Callable[[SlotRef], Sequence[str]], limit: int = 1000) -> list[str]:
    """Up to *limit* distinct sentences that *node* can produce.

    Args:
        node: a parsed template.
        fill: the fillers to use for a slot (for example its type's samples, or every list value).
        limit: stop after this many sentences; big lists multiply quickly.
    """
    seen: dict[str, None] = {}
    for sentence in _expand(node, fill):
        sentence = " ".join(sentence.split())
        if sentence and sentence not in seen:
            seen[sentence] = None
            if len(seen) >= limit:
                break
    return list(seen)
