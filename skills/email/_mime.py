"""A fast path through well-formed MIME, for triage throughput.

The stdlib parser compiles a regular expression for every multipart boundary it meets and walks
every line of every part; for triage only the headers and the text parts matter. These functions
read well-formed messages directly and return None for anything unusual, which then goes to the
stdlib parser (see :mod:`._message`). Pure functions over bytes.
"""

from __future__ import annotations

import base64
import binascii
import quopri
import re

__all__ = ["Leaf", "fast_headers", "split_head", "leaves", "decode", "invitation", "leaf_kind", "CANCELLED"]

CANCELLED = "Cancelled: "
"""How :func:`invitation` starts the summary of a cancellation."""
Leaf = tuple[dict[str, str], bytes]
"""A leaf part: its headers (lower-case names, first value wins) and its raw body."""

_BLANK = re.compile(rb"\r?\n\r?\n")
_CHARSET = re.compile(r"charset\s*=\s*\"?([^\";\s]+)", re.I)
_BOUNDARY = re.compile(r"boundary\s*=\s*(?:\"([^\"]+)\"|([^;\s]+))", re.I)
_FILENAME = re.compile(r"(?:file)?name\s*=\s*(?:\"([^\"]+)\"|([^;\s]+))", re.I)
_UNFOLD = re.compile(r"\r?\n[ \t]")
_SUMMARY = re.compile(r"^SUMMARY[^:\n]*:(.*)$", re.M)
_DTSTART = re.compile(r"^DTSTART[^:\n]*:(\d{8})(?:T(\d{4}))?", re.M)
_CANCEL = re.compile(r"^(?:METHOD[^:\n]*:\s*CANCEL|STATUS[^:\n]*:\s*CANCELLED)\s*$", re.M | re.I)


def fast_headers(block: bytes) -> list[tuple[str, str]] | None:
    """Header fields of a well-formed header block, or None to leave it to the full parser."""
    pairs: list[tuple[str, str]] = []
    for line in block.decode("ascii", "surrogateescape").split("\n"):
        line = line.rstrip("\r")
        if line[:1] in (" ", "\t"):
            if not pairs:
                return None
            pairs[-1] = (pairs[-1][0], pairs[-1][1] + " " + line.strip())
            continue
        name, sep, value = line.partition(":")
        if not sep or not name or name != name.strip() or " " in name:
            return None  # an mbox "From " line or a damaged header: the full parser copes
        pairs.append((name, value.strip()))
    return pairs


def split_head(data: bytes) -> tuple[list[tuple[str, str]], bytes] | None:
    """(header fields, body) of a message or part, or None when its header block is unusual."""
    if data.startswith((b"\n", b"\r\n")):
        return [], data.split(b"\n", 1)[1]
    found = _BLANK.search(data)
    if found is None:
        return None
    pairs = fast_headers(data[: found.start()])
    return None if pairs is None else (pairs, data[found.end():])


def _heads(pairs: list[tuple[str, str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in pairs:
        out.setdefault(key.lower(), value)
    return out


def leaves(body: bytes, heads: dict[str, str], depth: int = 0) -> list[Leaf] | None:
    """The leaf parts of a message whose headers are *heads* and body *body*, or None if unusual."""
    ctype = heads.get("content-type", "").lstrip().lower()
    if ctype.startswith(("message/", "multipart/digest")):
        return None  # parts default to whole messages: the stdlib parser handles them
    if not ctype.startswith("multipart/"):
        return [(heads, body)]
    found = _BOUNDARY.search(heads.get("content-type", ""))
    if found is None or depth > 4:
        return None
    delimiter = b"--" + (found.group(1) or found.group(2)).encode("ascii", "surrogateescape")
    chunks = body.split(delimiter)
    if len(chunks) < 2:
        return None
    out: list[Leaf] = []
    for chunk in chunks[1:]:
        if chunk.startswith(b"--"):
            break  # the closing delimiter
        newline = chunk.find(b"\n")
        if newline < 0:
            break  # cut off at the read limit
        chunk = chunk[newline + 1:]
        if chunk.endswith(b"\r\n"):
            chunk = chunk[:-2]
        elif chunk.endswith(b"\n"):
            chunk = chunk[:-1]
        head = split_head(chunk)
        if head is None:
            return None
        inner = leaves(head[1], _heads(head[0]), depth + 1)
        if inner is None:
            return None
        out += inner
    return out


def decode(body: bytes, heads: dict[str, str], problems: list[str]) -> str:
    """The text of a leaf, undoing its transfer encoding and charset."""
    encoding = heads.get("content-transfer-encoding", "").strip().lower()
    try:
        if encoding == "base64":
            body = base64.b64decode(body, validate=False)
        elif encoding == "quoted-printable":
            body = quopri.decodestring(body)
    except (binascii.Error, ValueError):
        problems.append("its text is damaged")
    found = _CHARSET.search(heads.get("content-type", ""))
    charset = found.group(1).strip("\"' ").lower() if found else "utf-8"
    try:
        return body.decode(charset, "replace")
    except LookupError:
        problems.append(f"it uses a character set I don't know ({charset[:30]})")
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            return body.decode("latin-1")


def leaf_kind(heads: dict[str, str]) -> tuple[str, str]:
    """(content type, attachment name or "") of a leaf."""
    ctype = heads.get("content-type", "").split(";", 1)[0].strip().lower()
    if "/" not in ctype:
        ctype = "text/plain"  # missing or invalid (RFC 2045 5.2), as the stdlib parser does
    disposition = heads.get("content-disposition", "")
    named = _FILENAME.search(disposition) or _FILENAME.search(heads.get("content-type", ""))
    name = (named.group(1) or named.group(2)) if named else ""
    if "attachment" in disposition.lower() or (name and not ctype.startswith("text/")):
        return ctype, name or ctype
    return ctype, ""


def invitation(text: str) -> str:
    """What and when of an iCalendar invitation ("Design review, 2026-11-24 15:00"); a cancellation
    starts with "Cancelled: "."""
    unfolded = _UNFOLD.sub("", text)
    summary = _SUMMARY.search(unfolded)
    start = _DTSTART.search(unfolded)
    what = summary.group(1).strip().replace("\\,", ",") if summary else "a meeting"
    if _CANCEL.search(unfolded):
        what = f"{CANCELLED}{what}"
    if start:
        day = start.group(1)
        when = f"{day[:4]}-{day[4:6]}-{day[6:]}"
        if start.group(2):
            when += f" {start.group(2)[:2]}:{start.group(2)[2:]}"
        return f"{what}, {when}"
    return what
