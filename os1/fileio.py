"""Writing user files safely: atomically, keeping the previous version."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

__all__ = ["atomic_write"]


def atomic_write(path: Path, data: bytes, backup: bool = False, sync: bool = True) -> None:
    """Replace *path* with *data* so that a crash leaves either the old or the new file.

    Args:
        path: the file to write; its directory is created if needed.
        data: the new contents.
        backup: keep the previous version as ``<name>.bak``.
        sync: flush the data to disk before the rename. Without it a power cut may leave an empty
            or partial file: only for caches, which detect that and rebuild.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            if sync:
                os.fsync(out.fileno())
        if backup and path.exists():
            _keep_previous(path)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _keep_previous(path: Path) -> None:
    """Copy *path* to ``<name>.bak`` without a moment where *path* is missing."""
    bak = path.with_name(path.name + ".bak")
    staging = path.with_name(f".{path.name}.bak.tmp")
    staging.unlink(missing_ok=True)
    try:
        os.link(path, staging)
    except OSError:
        shutil.copy2(path, staging)
    os.replace(staging, bak)
