"""Refreshing the index from the mailbox: only new mail is read.

Order matters: sent mail first (it says who the person writes to), then the junk folder (to learn
from messages the person moved there), then the inbox. Each batch of triaged mail is committed
before the next is read, so a dropped connection keeps everything read so far.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import getaddresses
from pathlib import Path
from typing import Protocol

from ._config import MailConfig, MailError
from ._imap import Dropped, ImapStore
from ._index import Index
from ._maildir import MaildirStore, import_mbox
from ._message import HEAD_BYTES, header_text, parse_message
from ._triage import Person, Signals, classify, signals

__all__ = ["Store", "Report", "open_store", "refresh", "retriage", "me_of", "names_of"]

_BATCH = 500
log = logging.getLogger("os1.skill.email")
_HEADERS = BytesHeaderParser(policy=compat32)


class Store(Protocol):
    """What both the Maildir and the IMAP account offer."""

    def list(self, folder: str) -> dict[str, bool]: ...
    def read(self, folder: str, keys: Iterable[str], limit: int) -> Iterable[tuple[str, bytes]]: ...
    def fetch(self, folder: str, key: str, limit: int = 0) -> bytes: ...
    def move(self, folder: str, key: str, to: str) -> str: ...
    def set_seen(self, folder: str, key: str, seen: bool) -> None: ...
    def append(self, folder: str, data: bytes, flags: str = "") -> str: ...
    def expunge(self, folder: str) -> int: ...
    def close(self) -> None: ...


@dataclass(frozen=True)
class Report:
    """What one refresh did."""

    new: int
    """Messages triaged for the first time."""
    gone: int
    """Messages that left the inbox through another mail program."""
    unreadable: tuple[str, ...]
    """Messages triaged despite problems: "a message from Bob: its date is unreadable"."""
    error: str
    """Why the refresh stopped early ("" when it finished); what was read before is kept."""
    seconds: float


def open_store(config: MailConfig) -> Store:
    """The IMAP account when one is configured, else the local Maildir."""
    return ImapStore(config) if config.uses_imap else MaildirStore(config.maildir)


def me_of(config: MailConfig) -> frozenset[str]:
    return frozenset(a.lower() for a in config.addresses)


def names_of(config: MailConfig) -> tuple[str, ...]:
    """The person's first name and the names in their addresses ("theodore", "theo")."""
    found = [config.name.split()[0].lower()] if config.name.strip() else []
    for address in config.addresses:
        local = re.match(r"[a-z]{3,}", address.lower())
        if local:
            found.append(local.group(0))
    return tuple(dict.fromkeys(found))


def _contacts(config: MailConfig, index: Index) -> None:
    found = list(config.contacts)
    if config.contacts_file:
        try:
            text = Path(config.contacts_file).expanduser().read_text("utf-8", "replace")
            found += [m.lower() for m in re.findall(r"^EMAIL[^:\n]*:\s*(\S+@\S+)", text, re.M | re.I)]
        except OSError:
            pass  # a missing contacts file only weakens triage; it is not worth stopping for
    stamp = ",".join(sorted(found))
    if stamp != index.meta("contacts"):
        for address in found:
            index.set_person(address, contact=1)
        index.set_meta("contacts", stamp)


def _scan_sent(store: Store, index: Index, me: frozenset[str]) -> None:
    known = index.scanned("Sent")
    new = [k for k in store.list("Sent") if k not in known]
    counts: dict[str, tuple[str, int, int]] = {}
    done = []
    for key, raw in store.read("Sent", new, 16 * 1024):
        head = _HEADERS.parsebytes(raw.split(b"\n\n", 1)[0] if b"\n\n" in raw else raw)
        reply = bool(head.get("In-Reply-To"))
        values = [header_text(v) for n in ("To", "Cc") for v in head.get_all(n) or []]
        for name, address in getaddresses(values):
            address = address.lower()
            if "@" in address and address not in me:
                old = counts.get(address, (name, 0, 0))
                counts[address] = (old[0] or name, old[1] + 1, old[2] + int(reply))
        done.append((key, header_text(head.get("Message-ID")).strip("<> ")))
    index.bump_people(counts)
    index.mark_scanned("Sent", done)


def _scan_junk(store: Store, index: Index) -> None:
    """Learn from messages the person moved from the inbox to the junk folder themselves."""
    try:
        listing = store.list("Junk")
    except MailError:
        return  # no junk folder: nothing to learn from
    known = index.scanned("Junk")
    new = [k for k in listing if k not in known]
    done = []
    for key, raw in store.read("Junk", new, 16 * 1024):
        head = _HEADERS.parsebytes(raw.split(b"\n\n", 1)[0] if b"\n\n" in raw else raw)
        msgid = header_text(head.get("Message-ID")).strip("<> ")
        done.append((key, msgid))
        if msgid:
            for row in index.query("folder='INBOX' AND msgid=?", (msgid,), limit=1):
                index.set_person(row.sender, row.name, verdict="junk")
                retriage(index, row.sender)
    index.mark_scanned("Junk", done)


def _triage_one(folder: str, key: str, raw: bytes, seen: bool, me: tuple[frozenset[str], tuple[str, ...]],
                people: dict[str, Person]) -> tuple[tuple[object, ...], str]:
    try:
        msg = parse_message(raw)
    except Exception as exc:  # noqa: BLE001 - a message that breaks the parser must not stop triage
        reason = f"I couldn't read this message ({type(exc).__name__}); it's kept as it is"
        return (folder, key, "", "", "", "(unreadable message)", 0.0, "info", reason, int(seen), "",
                "unreadable", ""), "an unreadable message"
    sig = signals(msg, *me)
    person = people.get(msg.sender) or Person(msg.sender)
    verdict = classify(sig, person, msg.sender_name)
    problem = f"a message from {msg.sender_name or msg.sender or 'an unknown sender'}: {msg.problems[0]}" \
        if msg.problems else ""
    return (folder, key, msg.message_id, msg.sender, msg.sender_name, msg.subject or "(no subject)", msg.date,
            verdict.category, verdict.reason, int(seen), msg.invitation, "; ".join(msg.problems),
            json.dumps(vars(sig), separators=(",", ":"))), problem


def refresh(store: Store, index: Index, config: MailConfig) -> Report:
    """Bring the index up to date with the mailbox; only mail not yet in the index is read.

    Raises:
        MailError: the mailbox could not be opened at all (wrong password, server unreachable).
    """
    start = time.perf_counter()
    me, names = me_of(config), names_of(config)
    if isinstance(store, MaildirStore) and config.mbox_import:
        _import_once(config, store, index)
    _contacts(config, index)
    listing = store.list("INBOX")  # first: a login or connection problem stops here, plainly
    try:
        _scan_sent(store, index, me)
    except MailError as exc:  # no Sent folder (or a different name): triage works without it, less well
        log.warning("email: sent mail not scanned: %s", exc)
    known = index.keys("INBOX")
    gone = [k for k in known if k not in listing]
    _scan_junk(store, index)
    if gone:
        index.forget("INBOX", gone)
    changed = {k: s for k, s in listing.items() if k in known and known[k] != s}
    if changed:
        index.set_seen_many("INBOX", changed)
    new = sorted(k for k in listing if k not in known)
    count, unreadable, error = _triage_new(store, index, new, listing, (me, names))
    _learn_from_moves_out_of_junk(index, new)
    index.set_meta("refreshed", str(time.time()))
    return Report(count, len(gone), tuple(unreadable), error, time.perf_counter() - start)


def _triage_new(store: Store, index: Index, new: list[str], listing: dict[str, bool],
                me: tuple[frozenset[str], tuple[str, ...]]) -> tuple[int, list[str], str]:
    """Triage the *new* inbox keys in batches; returns (how many, problems, why it stopped early or "")."""
    people = index.people()
    unreadable: list[str] = []
    batch: list[tuple[object, ...]] = []
    count = 0
    try:
        for key, raw in store.read("INBOX", new, HEAD_BYTES):
            row, problem = _triage_one("INBOX", key, raw, listing[key], me, people)
            batch.append(row)
            if problem:
                unreadable.append(problem)
            if len(batch) >= _BATCH:
                index.add(batch)
                count, batch = count + len(batch), []
    except Dropped as exc:  # keep what was read; the rest is new again next time
        index.add(batch)
        count += len(batch)
        return count, unreadable, f"{exc} I triaged {count} of {len(new)} new messages; I'll get the rest next time."
    index.add(batch)
    return count + len(batch), unreadable, ""


def _learn_from_moves_out_of_junk(index: Index, new_keys: list[str]) -> None:
    if not new_keys or not index.scanned("Junk"):
        return
    marks = ",".join("?" * len(new_keys[:500]))
    rows = index.query(f"folder='INBOX' AND key IN ({marks})", tuple(new_keys[:500]), limit=500)
    back = index.scanned_msgids("Junk", [r.msgid for r in rows if r.msgid])
    for row in rows:
        if row.msgid in back and row.sender:
            index.set_person(row.sender, row.name, verdict="not_junk")
            retriage(index, row.sender)


def _import_once(config: MailConfig, store: MaildirStore, index: Index) -> None:
    path = Path(config.mbox_import).expanduser()
    try:
        stamp = f"{path}:{path.stat().st_mtime_ns}:{path.stat().st_size}"
    except OSError:
        raise MailError(f"The mbox file {path} (setting [skills.email] mbox_import) can't be read.") from None
    if index.meta("mbox_imported") != stamp:
        import_mbox(path, store)
        index.set_meta("mbox_imported", stamp)


def retriage(index: Index, sender: str) -> int:
    """Triage again every message from *sender* (after a correction); returns how many changed."""
    person = index.person(sender)
    changed = 0
    for row_id, _, name, sig in index.signals_of("sender=?", (sender,)):
        if not sig:
            continue
        verdict = classify(Signals(**sig), person, name)
        index.update(row_id, category=verdict.category, reason=verdict.reason)
        changed += 1
    return changed
