"""The local mailbox: a Maildir++ directory (folders are ``.Trash``, ``.Sent``, ...).

Moves are renames, so a message is never copied and deleted, and a crash leaves it in one place.
A message's key is its Maildir unique name, which stays the same in every folder.
"""

from __future__ import annotations

import mailbox
import os
import socket
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from ._config import MailError

__all__ = ["MaildirStore", "import_mbox"]

_counter = 0


def _unique() -> str:
    global _counter
    _counter += 1
    return f"{time.time():.6f}.P{os.getpid()}Q{_counter}.{socket.gethostname().replace('/', '_')}"


class MaildirStore:
    """A Maildir++ tree at *root* (created on first use)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._paths: dict[str, dict[str, str]] = {}

    def _dir(self, folder: str, create: bool = False) -> Path:
        path = self.root if folder == "INBOX" else self.root / f".{folder}"
        if create:
            for sub in ("cur", "new", "tmp"):
                (path / sub).mkdir(parents=True, exist_ok=True)
        return path

    def list(self, folder: str) -> dict[str, bool]:
        """Every message in *folder*: key -> True when it has been read."""
        base = self._dir(folder)
        paths: dict[str, str] = {}
        seen: dict[str, bool] = {}
        for sub in ("new", "cur"):
            try:
                names = os.listdir(base / sub)
            except FileNotFoundError:
                continue
            for name in names:
                if name.startswith("."):
                    continue
                key, _, info = name.partition(":")
                paths[key] = f"{sub}/{name}"
                seen[key] = sub == "cur" and "S" in info.partition(",")[2]
        self._paths[folder] = paths
        return seen

    def _path(self, folder: str, key: str) -> Path:
        rel = self._paths.get(folder, {}).get(key)
        if rel is None or not (self._dir(folder) / rel).exists():
            self.list(folder)
            rel = self._paths[folder].get(key)
        if rel is None:
            raise MailError(f"That message is no longer in {folder}; it may have been moved by another mail program.")
        return self._dir(folder) / rel

    def read(self, folder: str, keys: Iterable[str], limit: int) -> Iterator[tuple[str, bytes]]:
        """(key, first *limit* bytes) for each key; a message that vanished is skipped."""
        base = self._dir(folder)
        for key in keys:
            rel = self._paths.get(folder, {}).get(key)
            try:
                path = base / rel if rel else self._path(folder, key)
                try:
                    fh = open(path, "rb")
                except FileNotFoundError:  # flags changed since the listing: look again
                    fh = open(self._path(folder, key), "rb")
                with fh:
                    yield key, fh.read(limit) if limit else fh.read()
            except (OSError, MailError):
                continue

    def fetch(self, folder: str, key: str, limit: int = 0) -> bytes:
        """One whole message (or its first *limit* bytes)."""
        with open(self._path(folder, key), "rb") as fh:
            return fh.read(limit) if limit else fh.read()

    def move(self, folder: str, key: str, to: str) -> str:
        """Move a message to folder *to* (one rename); returns its key there (the same)."""
        src = self._path(folder, key)
        dst = self._dir(to, create=True) / src.parent.name / src.name
        os.rename(src, dst)
        self._paths.get(folder, {}).pop(key, None)
        self._paths.setdefault(to, {})[key] = f"{src.parent.name}/{src.name}"
        return key

    def set_seen(self, folder: str, key: str, seen: bool) -> None:
        src = self._path(folder, key)
        flags = set(src.name.partition(":")[2].partition(",")[2]) if ":" in src.name else set()
        flags = flags | {"S"} if seen else flags - {"S"}
        name = f"{key}:2,{''.join(sorted(flags))}"
        dst = self._dir(folder) / "cur" / name
        if dst != src:
            os.rename(src, dst)
            self._paths.setdefault(folder, {})[key] = f"cur/{name}"

    def append(self, folder: str, data: bytes, flags: str = "") -> str:
        """Add a message to *folder* (written in tmp/, then renamed into place); returns its key."""
        base = self._dir(folder, create=True)
        key = _unique()
        tmp = base / "tmp" / key
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        name = f"{key}:2,{''.join(sorted(set(flags)))}"
        os.rename(tmp, base / "cur" / name)
        self._paths.setdefault(folder, {})[key] = f"cur/{name}"
        return key

    def expunge(self, folder: str) -> int:
        """Delete every message in *folder* for good (only on the person's explicit request)."""
        count = 0
        for key in list(self.list(folder)):
            self._path(folder, key).unlink(missing_ok=True)
            count += 1
        return count

    def close(self) -> None:
        self._paths.clear()


def import_mbox(path: Path, store: MaildirStore) -> int:
    """Copy every message of the mbox file at *path* into the Maildir's inbox; the file is not changed.

    Raises:
        MailError: the file cannot be read.
    """
    if not path.is_file():
        raise MailError(f"The mbox file {path} (setting [skills.email] mbox_import) does not exist.")
    box = mailbox.mbox(str(path), create=False)
    count = 0
    try:
        for key in box.iterkeys():
            try:
                data = box.get_bytes(key, from_=False)
            except (OSError, KeyError, ValueError):
                continue
            store.append("INBOX", data)
            count += 1
    finally:
        box.close()
    return count
