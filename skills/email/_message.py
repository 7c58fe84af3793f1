"""Reading one message: headers, a bounded body, invitations and attachments, as plain data.

Parsing never raises for a malformed message: what could not be read is named in
:attr:`Parsed.problems` and the rest is kept. Only the first :data:`HEAD_BYTES` of a message are
parsed for triage, so a huge attachment costs no more than a small one.
"""

from __future__ import annotations

import email.utils
import re
from dataclasses import dataclass
from email import policy
from email.header import decode_header, make_header
from email.message import Message
from email.parser import BytesParser

from . import _mime as mime
from ._text import html_to_text

__all__ = ["Parsed", "parse_message", "HEAD_BYTES", "decode_part", "header_text", "calendar_text"]

HEAD_BYTES = 64 * 1024
"""Bytes of a message read for triage (headers and the start of the body)."""

_PARSER = BytesParser(policy=policy.compat32)  # compat32 is several times faster than policy.default
_MAX_TEXT = 20_000
"""Characters of body text kept for triage."""
_SIMPLE_ADDRESS = re.compile(r"^\s*(?:([^\"(),;:<>@]*?)\s*<([^<>\s,;]+@[^<>\s,;]+)>|([^\s<>(),;:\"]+@[^\s<>(),;:\"]+))\s*$")


@dataclass(frozen=True)
class Parsed:
    """What triage and the reader need from one message."""

    message_id: str
    sender: str
    """The sender's address, lower case ("" when the From header is missing or unreadable)."""
    sender_name: str
    """The sender's display name as written ("" when none)."""
    to: tuple[str, ...]
    """Addresses in To, lower case."""
    cc: tuple[str, ...]
    """Addresses in Cc, lower case."""
    reply_to: str
    subject: str
    date: float
    """Unix seconds from the Date header; 0.0 when missing or unreadable."""
    in_reply_to: str
    list_id: str
    list_unsubscribe: bool
    precedence: str
    """Lower case Precedence header (bulk, list, junk) or ""."""
    auto_submitted: str
    """Lower case Auto-Submitted header ("auto-generated", "no") or ""."""
    high_priority: bool
    """X-Priority 1/2 or Importance: high."""
    spam_flag: bool
    """A spam filter upstream said yes (X-Spam-Flag / X-Spam-Status)."""
    text: str
    """The body as plain text (HTML converted), at most 20,000 characters."""
    html_only: bool
    invitation: str
    """For a text/calendar part: what and when ("Design review, 2026-11-24 15:00"), else ""."""
    attachments: tuple[str, ...]
    """File names (or types) of attachments."""
    problems: tuple[str, ...]
    """What could not be read, in words ("the From header is missing")."""


def header_text(value: object) -> str:
    """A header as readable text: encoded words decoded, bad bytes replaced, folded lines joined."""
    if value is None:
        return ""
    text = str(value)
    if "=?" in text:
        try:
            text = str(make_header(decode_header(text)))
        except (LookupError, ValueError, UnicodeError, AssertionError):
            pass  # keep the raw header: an unknown charset must not lose the message
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return " ".join(text.split())


def _address(value: str) -> tuple[str, str]:
    """(name, address) of one mailbox; the common shapes without the stdlib's slow tokenizer."""
    found = _SIMPLE_ADDRESS.match(value)
    if found:
        return (found.group(1) or "", found.group(2)) if found.group(2) else ("", found.group(3))
    return email.utils.parseaddr(value)


def _addresses(values: list[str]) -> tuple[str, ...]:
    out = []
    for value in values:
        text = header_text(value)
        single = _SIMPLE_ADDRESS.match(text)
        pairs = [_address(text)] if single else email.utils.getaddresses([text])
        out += [a.lower() for _, a in pairs if "@" in a]
    return tuple(out)


def _leaf_content(parts: list[mime.Leaf], problems: list[str]) -> tuple[str, bool, str, tuple[str, ...]]:
    """(text, html only, invitation, attachment names) from leaf parts read by the fast path."""
    plain: list[str] = []
    html: list[str] = []
    invitation = ""
    attachments: list[str] = []
    for heads, body in parts:
        ctype, attachment = mime.leaf_kind(heads)
        if ctype == "text/calendar":
            invitation = mime.invitation(mime.decode(body, heads, problems))
        elif attachment:
            attachments.append(header_text(attachment))
        elif ctype == "text/html":
            html.append(mime.decode(body, heads, problems))
        elif ctype.startswith("text/") and (ctype == "text/plain" or not plain):
            plain.append(mime.decode(body, heads, problems))
        elif not ctype.startswith("text/"):
            attachments.append(ctype)
    return _choose(plain, html, invitation, attachments)


def _choose(plain: list[str], html: list[str], invitation: str,
            attachments: list[str]) -> tuple[str, bool, str, tuple[str, ...]]:
    if plain:
        return "\n".join(plain)[:_MAX_TEXT], False, invitation, tuple(attachments)
    if html:
        return html_to_text("\n".join(html))[:_MAX_TEXT], True, invitation, tuple(attachments)
    return "", False, invitation, tuple(attachments)


def decode_part(part: Message, problems: list[str]) -> str:
    """The text of one leaf part, decoded from its transfer encoding and charset."""
    try:
        raw = part.get_payload(decode=True)
    except (ValueError, TypeError, AssertionError):
        raw = None
    if raw is None:
        payload = part.get_payload()
        return payload if isinstance(payload, str) else ""
    charset = (part.get_content_charset() or "utf-8").strip("\"' ").lower()
    try:
        return raw.decode(charset, "replace")
    except LookupError:
        problems.append(f"it uses a character set I don't know ({charset[:30]})")
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode("latin-1")


def _body(msg: Message, problems: list[str]) -> tuple[str, bool, str, tuple[str, ...]]:
    """(text, html only, invitation, attachment names) of a parsed message."""
    plain: list[str] = []
    html: list[str] = []
    invitation = ""
    attachments: list[str] = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        disposition = str(part.get("Content-Disposition", "")).lower()
        filename = part.get_filename()
        if ctype == "text/calendar":
            invitation = mime.invitation(decode_part(part, problems))
        elif "attachment" in disposition or (filename and not ctype.startswith("text/")):
            attachments.append(header_text(filename) if filename else ctype)
        elif ctype == "text/plain" or part.get_content_maintype() == "text" and ctype != "text/html":
            if ctype in ("text/plain", "text/x-unknown") or not plain:
                plain.append(decode_part(part, problems))
        elif ctype == "text/html":
            html.append(decode_part(part, problems))
    return _choose(plain, html, invitation, attachments)


def _structure(data: bytes) -> tuple[list[tuple[str, str]], list[mime.Leaf] | None, Message | None]:
    """(header fields, leaf parts, None) by the fast path, or (fields, None, message) by the stdlib parser."""
    head = mime.split_head(data)
    if head is not None:
        heads: dict[str, str] = {}
        for key, value in head[0]:
            heads.setdefault(key.lower(), value)
        parts = mime.leaves(head[1], heads)
        if parts is not None:
            return head[0], parts, None
    msg = _PARSER.parsebytes(data)  # unusual structure: the stdlib parser copes with anything
    return list(msg.items()), None, msg


def parse_message(raw: bytes, limit: int = HEAD_BYTES) -> Parsed:
    """Parse the first *limit* bytes of a message into :class:`Parsed`.

    Args:
        raw: the message as stored (any line endings).
        limit: bytes to read; 0 for all of it (reading a message in full).
    """
    problems: list[str] = []
    truncated = bool(limit) and len(raw) > limit
    data = raw[:limit] if limit else raw
    pairs, parts, msg = _structure(data)
    heads: dict[str, str] = {}
    for key, value in pairs:  # one pass: Message.get() scans every header each time
        heads.setdefault(key.lower(), value)
    get = heads.get
    name, sender = _address(header_text(get("from")))
    if "@" not in sender:
        problems.append("the From header is missing or unreadable" if not get("from") else
                        "the sender's address is unreadable")
        name = name or sender
        sender = ""
    when = 0.0
    if get("date"):
        try:
            when = email.utils.parsedate_to_datetime(header_text(get("date"))).timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            problems.append("its date is unreadable")
    try:
        if parts is not None:
            text, html_only, invitation, attachments = _leaf_content(parts, problems)
        else:
            assert msg is not None
            text, html_only, invitation, attachments = _body(msg, problems)
    except Exception as exc:  # noqa: BLE001 - the stdlib parser has many failure modes on bad input
        problems.append(f"its body could not be read ({type(exc).__name__})")
        text, html_only, invitation, attachments = "", False, "", ()
    if truncated and not text:
        problems.append("it is very large; I read only the beginning")
    status = str(get("x-spam-status", "")).lower()
    priority = str(get("x-priority", "")).strip()[:1]
    return Parsed(
        message_id=header_text(get("message-id")).strip("<> "),
        sender=sender.lower(), sender_name=name.strip().strip('"'),
        to=_addresses([v for k, v in pairs if k.lower() == "to"]) if "to" in heads else (),
        cc=_addresses([v for k, v in pairs if k.lower() == "cc"]) if "cc" in heads else (),
        reply_to=_address(header_text(get("reply-to")))[1].lower() if "reply-to" in heads else "",
        subject=header_text(get("subject")), date=when,
        in_reply_to=header_text(get("in-reply-to")).strip("<> "),
        list_id=header_text(get("list-id")), list_unsubscribe=bool(get("list-unsubscribe")),
        precedence=str(get("precedence", "")).strip().lower(),
        auto_submitted=str(get("auto-submitted", "")).strip().lower(),
        high_priority=priority in ("1", "2") or str(get("importance", "")).lower() == "high",
        spam_flag=str(get("x-spam-flag", "")).strip().lower() == "yes" or status.startswith("yes"),
        text=text, html_only=html_only, invitation=invitation, attachments=attachments,
        problems=tuple(dict.fromkeys(problems)),
    )


def calendar_text(raw: bytes) -> str:
    """The text of the message's first text/calendar part ("" when it has none or it can't be read)."""
    problems: list[str] = []
    try:
        _, parts, msg = _structure(raw)
        if parts is not None:
            for heads, body in parts:
                if mime.leaf_kind(heads)[0] == "text/calendar":
                    return mime.decode(body, heads, problems)
            return ""
        assert msg is not None
        for part in msg.walk():
            if not part.is_multipart() and part.get_content_type() == "text/calendar":
                return decode_part(part, problems)
    except Exception:  # noqa: BLE001 - the stdlib parser has many failure modes on bad input
        return ""
    return ""
