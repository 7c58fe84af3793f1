"""How mail is put into words, and into the dashboard's email panel. Pure functions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, tzinfo
from typing import Any

from ._index import Row
from ._message import Parsed
from ._text import main_points, speakable
from ._triage import CATEGORIES, LABELS

__all__ = ["join_and", "plural", "counts_sentence", "brief", "read_aloud", "panel", "row_data"]


def join_and(items: Sequence[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def plural(n: int, one: str, many: str | None = None) -> str:
    word = one if n == 1 else (many or one + "s")
    return f"{'no' if n == 0 else n} {word}"


def counts_sentence(counts: Mapping[str, int]) -> str:
    """'1 urgent, 2 that need a reply and 4 newsletters and notifications'."""
    parts = []
    for cat in CATEGORIES:
        n = counts.get(cat, 0)
        if not n:
            continue
        if cat == "reply":
            parts.append(f"{n} that need{'s' if n == 1 else ''} a reply")
        elif cat == "info":
            parts.append(f"{n} for information")
        elif cat == "bulk":
            parts.append(f"{n} {'newsletter or notification' if n == 1 else 'newsletters and notifications'}")
        else:
            parts.append(f"{n} {LABELS[cat]}")
    return join_and(parts)


def _when(ts: float, now: datetime, tz: tzinfo | None) -> str:
    if not ts:
        return ""
    then = datetime.fromtimestamp(ts, tz)
    days = (now.date() - then.date()).days
    if days == 0:
        return f"today at {then:%H:%M}"
    if days == 1:
        return "yesterday"
    if 1 < days < 7:
        return f"on {then:%A}"
    return f"on {then:%B} {then.day}"


def brief(row: Row) -> str:
    """One message in a breath: 'Amy, about “Dinner on Friday” — urgent: it says “by tomorrow”'."""
    return f"{row.who}, about “{row.subject}”"


def read_aloud(row: Row, msg: Parsed, now: datetime, max_words: int = 80) -> tuple[str, str]:
    """(what to say, the full cleaned text to show) for one message."""
    body = speakable(msg.text)
    short, cut = main_points(body, max_words)
    when = _when(row.date, now, now.tzinfo)
    head = f"From {row.who}{', ' + when if when else ''}, about “{row.subject}”."
    if msg.invitation.startswith("Cancelled: "):
        head += " It calls off a meeting."
    elif msg.invitation:
        head += " It's a meeting invitation."
    if not body:
        said = "It has no text I can read" + (", only attachments" if msg.attachments else "") + "."
    else:
        said = short + (" … That's the gist; the rest is on screen." if cut else "")
    extra = ""
    if msg.attachments:
        extra += f" {plural(len(msg.attachments), 'attachment')}: {join_and(list(msg.attachments[:3]))}."
    if msg.problems:
        extra += f" (Part of it was hard to read: {msg.problems[0]}.)"
    return f"{head} {said}{extra}", f"{head}\n\n{body}" + (f"\n\n{extra.strip()}" if extra else "")


def row_data(row: Row) -> dict[str, Any]:
    """One message for the dashboard (and for other skills: an invitation can be offered to scheduling)."""
    out: dict[str, Any] = {"id": row.id, "from": row.who, "address": row.sender, "subject": row.subject,
                           "date": row.date, "category": row.category, "label": LABELS.get(row.category, ""),
                           "reason": row.reason, "read": row.seen, "folder": row.folder}
    if row.invitation:
        out["invitation"] = row.invitation
    return out


def panel(counts: Mapping[str, int] | None = None, rows: Sequence[Row] = (), current: Row | None = None,
          **extra: Any) -> dict[str, Any]:
    """Response.data for the email panel."""
    data: dict[str, Any] = {}
    if counts is not None:
        data["counts"] = {c: counts.get(c, 0) for c in CATEGORIES}
    if rows:
        data["messages"] = [row_data(r) for r in rows]
    if current is not None:
        data["current"] = row_data(current)
    invitations = [row_data(r) for r in ([current] if current else []) + list(rows) if r.invitation]
    if invitations:
        data["invitations"] = invitations
    data.update(extra)
    # the dashboard's panel convention: a summary line and lines to show
    data["summary"] = (f"Reading: {current.who} — {current.subject}" if current is not None
                       else counts_sentence(counts or {}) or "No unread mail")
    data["lines"] = [f"{'•' if not r.seen else '◦'} {LABELS.get(r.category, r.category)} · {r.who} — {r.subject}"
                     f" ({r.reason})" for r in rows]
    return {"email": data}
