"""Parse the template language.

Syntax (in the spirit of hassil / Rhasspy sentences)::

    what (time|hour) is it          alternatives
    [please] tell me the time       optional words
    set a timer for {minutes:number} minutes     typed slot: number | datetime | text
    play {film}                      slot filled from the skill's list ``film``
    remind me to {task:text} <when>  a rule: a named template shared by several intents
"""

from __future__ import annotations

from collections.abc import Mapping

from ..textnorm import tokens
from ._ast import Alt, Node, Seq, SlotRef, Word

__all__ = ["TemplateError", "parse"]


class TemplateError(ValueError):
    """A template that cannot be parsed; the message names the template and the position."""


class _Parser:
    def __init__(self, text: str, rules: Mapping[str, str], depth: int) -> None:
        self.text = text
        self.pos = 0
        self.rules = rules
        self.depth = depth

    def fail(self, message: str) -> TemplateError:
        return TemplateError(f"{message} at character {self.pos} of template {self.text!r}")

    def alts(self, closer: str) -> Node:
        options = [self.seq(closer)]
        while self.pos < len(self.text) and self.text[self.pos] == "|":
            self.pos += 1
            options.append(self.seq(closer))
        return options[0] if len(options) == 1 else Alt(tuple(options))

    def seq(self, closer: str) -> Node:
        items: list[Node] = []
        word: list[str] = []

        def flush() -> None:
            if word:
                items.extend(Word(t) for t in tokens("".join(word)))
                word.clear()

        while self.pos < len(self.text):
            ch = self.text[self.pos]
            if ch == "|" or ch in ")]" :
                if ch != "|" and ch != closer:
                    raise self.fail(f"unexpected {ch!r}")
                break
            if ch in "([{<":
                flush()
                self.pos += 1
                items.append(self.group(ch))
            elif ch.isspace():
                flush()
                self.pos += 1
            else:
                word.append(ch)
                self.pos += 1
        flush()
        return items[0] if len(items) == 1 else Seq(tuple(items))

    def group(self, opener: str) -> Node:
        if opener in "([":
            closer = ")" if opener == "(" else "]"
            inner = self.alts(closer)
            if self.pos >= len(self.text) or self.text[self.pos] != closer:
                raise self.fail(f"missing {closer!r}")
            self.pos += 1
            return inner if opener == "(" else Alt((inner, Seq(())))
        closer = "}" if opener == "{" else ">"
        end = self.text.find(closer, self.pos)
        if end < 0:
            raise self.fail(f"missing {closer!r}")
        body = self.text[self.pos : end].strip()
        self.pos = end + 1
        if opener == "<":
            if body not in self.rules:
                raise self.fail(f"unknown rule <{body}>")
            if self.depth > 8:
                raise self.fail("rules nest too deeply")
            return parse(self.rules[body], self.rules, self.depth + 1)
        name, _, kind = body.partition(":")
        name, kind = name.strip(), (kind.strip() or name.strip())
        if not name.isidentifier() or not kind.replace("-", "_").isidentifier():
            raise self.fail(f"bad slot {{{body}}}")
        return SlotRef(name, kind)


def parse(text: str, rules: Mapping[str, str] | None = None, depth: int = 0) -> Node:
    """Parse one template into a tree.

    Args:
        text: the template.
        rules: named templates that ``<name>`` refers to.

    Raises:
        TemplateError: the template is malformed; the message says where.
    """
    parser = _Parser(text, rules or {}, depth)
    node = parser.alts("")
    if parser.pos != len(text):
        raise parser.fail(f"unexpected {text[parser.pos]!r}")
    return node
