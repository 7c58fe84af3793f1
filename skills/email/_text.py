"""Turning a message body into something worth hearing.

HTML becomes text; quoted replies, signatures, tracking links and clutter go; a long message is
shortened to its main points. Everything here is a pure function of its input.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["URL", "html_to_text", "own_words", "speakable", "main_points", "sentences"]

_BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol",
          "blockquote", "section", "article", "header", "footer", "hr"}
_SKIP = {"script", "style", "head", "title", "noscript", "template", "svg"}


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skipping = 0
        self.quoting = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag == "blockquote":
            self.quoting += 1
        elif tag == "img":
            return  # tracking pixels and decoration
        if tag in _BLOCK:
            self.out.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self.skipping:
            self.skipping -= 1
        elif tag == "blockquote" and self.quoting:
            self.quoting -= 1
        if tag in _BLOCK:
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(("\n> " + data.replace("\n", "\n> ")) if self.quoting else data)


def html_to_text(html: str) -> str:
    """Plain text of an HTML body: scripts, styles and images dropped, blocks on their own lines."""
    parser = _Html()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):  # very broken markup: keep what was read
        pass
    text = "".join(parser.out).replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


_QUOTE_HEAD = re.compile(
    r"^(on .{3,200}wrote:?|-{2,}\s*original message\s*-{2,}|-{2,}\s*forwarded message\s*-{2,}|"
    r"begin forwarded message:?|from: .+|_{10,})\s*$", re.I)
_SIGNATURE = re.compile(
    r"^(-- ?|—|sent from my \w+.*|get outlook for \w+.*|sent from (yahoo|mail) for \w+.*)$", re.I)
URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_CLUTTER = re.compile(
    r"(unsubscribe|view (this email )?in (your|a) browser|manage (your )?preferences|"
    r"you are receiving this|privacy policy|all rights reserved|©|\(c\) \d{4})", re.I)


def own_words(text: str) -> str:
    """The part of a body the sender wrote: no quoted reply, no forwarded tail, no signature."""
    kept: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        stripped = line.strip()
        if stripped.startswith(">"):
            continue
        if kept and (_QUOTE_HEAD.match(stripped) or _SIGNATURE.match(line.rstrip())):
            break
        if not kept and _SIGNATURE.match(line.rstrip()) and stripped.startswith("--"):
            break
        kept.append(line)
    return "\n".join(kept).strip()


def speakable(text: str) -> str:
    """Own words with links and footer clutter removed, as flowing sentences."""
    words = own_words(text)
    lines = []
    for line in words.split("\n"):
        if _CLUTTER.search(line):
            continue
        line = URL.sub("", line)
        line = re.sub(r"[*_=#|~]{2,}|[<>\[\]{}]", " ", line)
        line = " ".join(line.split())
        if line and re.search(r"[A-Za-z0-9]", line):
            lines.append(line)
    out: list[str] = []
    for line in lines:  # join wrapped lines; keep paragraph ends as sentence ends
        if out and not re.search(r"[.!?:;]$", out[-1]) and line[:1].islower():
            out[-1] += " " + line
        else:
            out.append(line)
    return " ".join(s if re.search(r"[.!?:;,]$", s) else s + "." for s in out)


def sentences(text: str) -> list[str]:
    """Split flowing text into sentences."""
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])", text) if s.strip()]


_POINT = re.compile(
    r"\?|\b(please|could you|can you|would you|need|must|deadline|by (today|tomorrow|monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday|noon|end of)|urgent|asap|important|meeting|attached|"
    r"decid|confirm|let me know)\b", re.I)


def main_points(text: str, max_words: int = 80) -> tuple[str, bool]:
    """The text shortened to its main points; True when something was left out.

    Keeps the opening sentence, then sentences that ask, request or set a date, in order,
    until *max_words* are used.
    """
    all_sentences = sentences(text)
    total = sum(len(s.split()) for s in all_sentences)
    if total <= max_words:
        return text, False
    chosen = [0] + [i for i, s in enumerate(all_sentences) if i and _POINT.search(s)]
    kept, used = [], 0
    for i in chosen:
        n = len(all_sentences[i].split())
        if used + n > max_words and kept:
            break
        kept.append(all_sentences[i] if n <= max_words else " ".join(all_sentences[i].split()[:max_words]) + " …")
        used += n
    return " ".join(kept), True
