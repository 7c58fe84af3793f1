"""A real account over IMAP (stdlib imaplib), with the same surface as the Maildir store.

A message's key is ``<UIDVALIDITY>.<UID>``, so a mailbox the server renumbered is re-read rather
than confused. Errors become :class:`MailError` sentences; a dropped connection is
:class:`Dropped`, so a refresh can keep what it already read. The password is fetched per
connection and never kept, logged or put in a message.
"""

from __future__ import annotations

import imaplib
import re
import socket
import ssl
import time
from collections.abc import Iterable, Iterator

from ._config import MailConfig, MailError, password

__all__ = ["ImapStore", "Dropped"]

_BATCH = 50
"""Messages per FETCH (a dropped connection loses at most one batch of work)."""
_UID = re.compile(rb"UID (\d+)")
_LIST = re.compile(rb'^\(([^)]*)\) (?:"[^"]*"|NIL) (.+)$')
_SPECIAL = {"\\trash": "Trash", "\\sent": "Sent", "\\drafts": "Drafts", "\\junk": "Junk", "\\archive": "Archive"}


class Dropped(MailError):
    """The server closed the connection in the middle of something."""


class ImapStore:
    """One IMAP account; connects on first use."""

    def __init__(self, config: MailConfig) -> None:
        self.config = config
        self._conn: imaplib.IMAP4 | None = None
        self._selected = ""
        self._validity: dict[str, str] = {}
        self._special: dict[str, str] | None = None

    # -- connection ------------------------------------------------------------------------------
    def _connect(self) -> imaplib.IMAP4:
        if self._conn is not None:
            return self._conn
        c = self.config
        where = f"{c.imap_host}:{c.imap_port}"
        try:
            if c.imap_ssl:
                conn: imaplib.IMAP4 = imaplib.IMAP4_SSL(c.imap_host, c.imap_port, timeout=c.timeout,
                                                        ssl_context=ssl.create_default_context())
            else:
                conn = imaplib.IMAP4(c.imap_host, c.imap_port, timeout=c.timeout)
                if c.imap_starttls:
                    conn.starttls(ssl.create_default_context())
        except (OSError, imaplib.IMAP4.error, ssl.SSLError) as exc:
            raise MailError(f"I couldn't reach the mail server at {where} ({_why(exc)}). Check imap_host and "
                            f"imap_port under [skills.email], and your network.") from None
        user = c.imap_user
        try:
            conn.login(user, password(c, user))
        except imaplib.IMAP4.error:
            _close_quietly(conn)
            raise MailError(f"The mail server at {where} refused the password for {user}. Check the password "
                            f"your password_command or keyring gives.") from None
        except (OSError, imaplib.IMAP4.abort) as exc:
            _close_quietly(conn)
            raise Dropped(f"The mail server at {where} hung up while I was logging in ({_why(exc)}).") from None
        except MailError:
            _close_quietly(conn)
            raise
        try:  # the greeting's list is from before login; ask again (MOVE, UIDPLUS come after)
            typ, caps = conn.capability()
            if typ == "OK" and caps and isinstance(caps[-1], bytes):
                conn.capabilities = tuple(caps[-1].decode("ascii", "replace").upper().split())
        except (imaplib.IMAP4.error, OSError):
            pass
        self._conn = conn
        return conn

    def _call(self, what: str, func, *args):  # type: ignore[no-untyped-def]
        """Run one imaplib command, turning its failures into sentences."""
        conn = self._connect()
        try:
            typ, data = getattr(conn, func)(*args)
        except (imaplib.IMAP4.abort, OSError, EOFError) as exc:
            self._conn = None
            self._selected = ""
            raise Dropped(f"The mail server hung up while I was {what} ({_why(exc)}).") from None
        except imaplib.IMAP4.error as exc:
            raise MailError(f"The mail server refused {what} ({_why(exc)}).") from None
        if typ != "OK":
            raise MailError(f"The mail server refused {what} ({_text(data)}).")
        return data

    def _name(self, folder: str) -> str:
        """The server's name for a logical folder: the setting, else its special-use flag (RFC 6154), else as is."""
        if folder in self.config.folders or folder == "INBOX":
            return self.config.folder(folder)
        if self._special is None:
            self._special = {}
            try:
                for line in self._call("listing folders", "list", '""', '"*"'):
                    found = _LIST.match(line) if isinstance(line, bytes) else None
                    if found:
                        for flag in found.group(1).split():
                            logical = _SPECIAL.get(flag.decode("ascii", "replace").lower())
                            if logical:
                                self._special.setdefault(logical, _unquote(found.group(2)))
            except Dropped:
                self._special = None
                raise
            except MailError:
                pass  # a server that cannot list: use the plain names
        return self._special.get(folder, folder)

    def _select(self, folder: str) -> str:
        name = self._name(folder)
        if self._selected != name:
            self._call(f"opening {name}", "select", _quote(name))
            conn = self._connect()
            validity = conn.untagged_responses.get("UIDVALIDITY", [b"0"])[-1]
            self._validity[folder] = validity.decode() if isinstance(validity, bytes) else str(validity)
            self._selected = name
        return self._validity[folder]

    # -- the store surface -----------------------------------------------------------------------
    def list(self, folder: str) -> dict[str, bool]:
        """Every message in *folder*: key -> True when read (two one-line SEARCH answers, not a FETCH per message)."""
        validity = self._select(folder)
        every = self._uids(self._call(f"listing {folder}", "uid", "SEARCH", "ALL"))
        unseen = set(self._uids(self._call(f"listing {folder}", "uid", "SEARCH", "UNSEEN")))
        return {f"{validity}.{uid}": uid not in unseen for uid in every}

    @staticmethod
    def _uids(data: list[object]) -> list[int]:
        return [int(u) for line in data if isinstance(line, bytes) for u in line.split() if u.isdigit()]

    def read(self, folder: str, keys: Iterable[str], limit: int) -> Iterator[tuple[str, bytes]]:
        """(key, first *limit* bytes) for each key, fetched in batches.

        Raises:
            Dropped: the connection was lost; what was yielded before is good.
        """
        validity = self._select(folder)
        uids = [k.partition(".")[2] for k in keys if k.partition(".")[0] == validity]
        part = f"BODY.PEEK[]<0.{limit}>" if limit else "BODY.PEEK[]"
        for start in range(0, len(uids), _BATCH):
            batch = ",".join(uids[start:start + _BATCH])
            data = self._call(f"fetching messages from {folder}", "uid", "FETCH", batch, f"(UID {part})")
            for item in data:
                if isinstance(item, tuple):
                    uid = _UID.search(item[0])
                    if uid:
                        yield f"{validity}.{int(uid.group(1))}", item[1]

    def fetch(self, folder: str, key: str, limit: int = 0) -> bytes:
        for _, data in self.read(folder, [key], limit):
            return data
        raise MailError(f"That message is no longer in {folder}; another mail program may have moved it.")

    def move(self, folder: str, key: str, to: str) -> str:
        """Move one message (IMAP MOVE, or COPY when the server lacks MOVE); returns its key in *to*."""
        self._select(folder)
        uid = key.partition(".")[2]
        conn = self._connect()
        conn.untagged_responses.pop("COPYUID", None)
        target = _quote(self._name(to))
        if "MOVE" in conn.capabilities:
            data = self._creating(to, lambda: self._call(f"moving a message to {to}", "uid", "MOVE", uid, target))
        else:
            data = self._creating(to, lambda: self._call(f"copying a message to {to}", "uid", "COPY", uid, target))
            if "UIDPLUS" in conn.capabilities:  # the copy is safe in *to*: remove just this original
                self._call("moving a message", "uid", "STORE", uid, "+FLAGS.SILENT", "(\\Deleted)")
                self._call("moving a message", "uid", "EXPUNGE", uid)
            # without UIDPLUS the original stays where it was: nothing is removed that could be lost
        codes = [d for d in conn.untagged_responses.pop("COPYUID", []) if isinstance(d, bytes)]
        codes += [m.group(1) for d in data if isinstance(d, bytes) for m in [re.search(rb"COPYUID ([^\]]+)", d)] if m]
        for code in codes:  # "<validity> <old uids> <new uids>"
            parts = code.split()
            if len(parts) == 3 and parts[2].isdigit():
                return f"{parts[0].decode()}.{parts[2].decode()}"
        raise MailError(f"The server moved the message to {to} but didn't say where it is now.")

    def set_seen(self, folder: str, key: str, seen: bool) -> None:
        self._select(folder)
        self._call("marking a message", "uid", "STORE", key.partition(".")[2], "+FLAGS" if seen else "-FLAGS",
                   "(\\Seen)")

    def append(self, folder: str, data: bytes, flags: str = "") -> str:
        names = {"S": "\\Seen", "D": "\\Draft"}
        flag_list = "(" + " ".join(names[f] for f in flags if f in names) + ")"
        self._creating(folder, lambda: self._call(f"saving a message in {folder}", "append",
                                                  _quote(self._name(folder)), flag_list,
                                                  imaplib.Time2Internaldate(time.time()), data))
        self._selected = ""
        return ""

    def _creating(self, folder: str, command):  # type: ignore[no-untyped-def]
        """Run *command*; if the server says *folder* must be created first (TRYCREATE), create it and retry."""
        try:
            return command()
        except Dropped:
            raise
        except MailError as exc:
            if "TRYCREATE" not in str(exc):
                raise
        self._call(f"creating the folder {self._name(folder)}", "create", _quote(self._name(folder)))
        return command()

    def expunge(self, folder: str) -> int:
        """Delete everything in *folder* for good (only on the person's explicit request)."""
        count = len(self.list(folder))
        if count:
            self._call(f"emptying {folder}", "uid", "STORE", "1:*", "+FLAGS.SILENT", "(\\Deleted)")
            self._call(f"emptying {folder}", "expunge")
        return count

    def close(self) -> None:
        if self._conn is not None:
            _close_quietly(self._conn)
        self._conn = None
        self._selected = ""


def _unquote(raw: bytes) -> str:
    text = raw.decode("utf-8", "replace").strip()
    if text.startswith('"') and text.endswith('"'):
        text = text[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return text


def _quote(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _text(data: object) -> str:
    if isinstance(data, (list, tuple)):
        data = b" ".join(d for d in data if isinstance(d, bytes))
    if isinstance(data, bytes):
        data = data.decode("utf-8", "replace")
    return str(data)[:200]


def _why(exc: BaseException) -> str:
    if isinstance(exc, socket.timeout):
        return "it stopped answering"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    text = _text(exc.args[0]) if exc.args else ""
    return text or type(exc).__name__


def _close_quietly(conn: imaplib.IMAP4) -> None:
    try:
        conn.logout()
    except Exception:  # noqa: BLE001 - closing a broken connection is best effort
        try:
            conn.shutdown()
        except Exception:  # noqa: BLE001
            pass
