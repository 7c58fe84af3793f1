"""Vosk models: the official list, downloads (resumable, verified) and what is installed.

Models live in ``<data>/models/NAME``; partial downloads in ``<cache>/downloads``. Nothing is
downloaded unless a person runs ``os1 models download NAME``.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from os1.settings import Settings

from .vosk_engine import check_model_dir

__all__ = ["MODEL_LIST_URL", "ModelEntry", "InstalledModel", "ModelError", "fetch_list", "installed",
           "download", "models_dir"]

MODEL_LIST_URL = os.environ.get("OS1_VOSK_MODEL_LIST", "https://alphacephei.com/vosk/models/model-list.json")
"""The official Vosk model list (``OS1_VOSK_MODEL_LIST`` overrides it, e.g. for a mirror)."""
_BLOCK = 1 << 16


class ModelError(Exception):
    """A model could not be listed, downloaded or installed; the message says what to do."""


@dataclass(frozen=True)
class ModelEntry:
    """One model on the official list."""

    name: str
    url: str
    md5: str
    size: int
    """Bytes of the zip file."""
    lang: str = ""
    type: str = ""
    """``small`` or ``big``."""
    obsolete: bool = False


@dataclass(frozen=True)
class InstalledModel:
    """A model directory under ``<data>/models``."""

    name: str
    path: Path


def models_dir(settings: Settings) -> Path:
    assert settings.paths is not None
    return settings.paths.data / "models"


def fetch_list(url: str = MODEL_LIST_URL, timeout: float = 10.0) -> list[ModelEntry]:
    """The official model list.

    Raises:
        ModelError: it could not be fetched or read.
    """
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            raw = json.loads(resp.read().decode("utf-8"))
    except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as exc:
        reason = getattr(exc, "reason", exc)
        raise ModelError(f"Could not fetch the Vosk model list from {url} ({reason}).") from None
    out = []
    for item in raw if isinstance(raw, list) else []:
        try:
            out.append(ModelEntry(str(item["name"]), str(item["url"]), str(item.get("md5", "")),
                                  int(item.get("size", 0)), str(item.get("lang", "")), str(item.get("type", "")),
                                  str(item.get("obsolete", "false")).lower() == "true"))
        except (KeyError, TypeError, ValueError):
            continue
    return out


def installed(settings: Settings) -> list[InstalledModel]:
    """Usable model directories, by name."""
    root = models_dir(settings)
    if not root.is_dir():
        return []
    return [InstalledModel(p.name, p) for p in sorted(root.iterdir())
            if not p.name.startswith(".") and check_model_dir(p) is None]


def _fetch(entry: ModelEntry, part: Path, progress: Callable[[int, int], None], timeout: float) -> None:
    have = part.stat().st_size if part.exists() else 0
    if entry.size and have > entry.size:
        part.unlink()
        have = 0
    if entry.size and have == entry.size:
        return
    request = urllib.request.Request(entry.url, headers={"Range": f"bytes={have}-"} if have else {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:
            mode = "ab" if have and resp.status == 206 else "wb"
            done = have if mode == "ab" else 0
            total = entry.size or int(resp.headers.get("Content-Length", 0)) + done
            with part.open(mode) as fh:
                while block := resp.read(_BLOCK):
                    fh.write(block)
                    done += len(block)
                    progress(done, total)
    except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
        reason = getattr(exc, "reason", None) or type(exc).__name__
        raise ModelError(f"The download of {entry.name} from {entry.url} stopped ({reason}). "
                         f"Run the same command again to resume.") from None


def _verify(entry: ModelEntry, part: Path) -> None:
    size = part.stat().st_size
    if entry.size and size != entry.size:
        raise ModelError(f"The download of {entry.name} is {size} bytes, not {entry.size}. "
                         f"Run the command again to resume it.")
    if entry.md5:
        digest = hashlib.md5()
        with part.open("rb") as fh:
            while block := fh.read(_BLOCK * 16):
                digest.update(block)
        if digest.hexdigest() != entry.md5.lower():
            part.unlink()
            raise ModelError(f"The download of {entry.name} is damaged (checksum {digest.hexdigest()}, "
                             f"expected {entry.md5}); it was deleted. Run the command again.")


def _unpack(entry: ModelEntry, part: Path, root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{entry.name}.", dir=root))
    try:
        try:
            with zipfile.ZipFile(part) as zf:
                for member in zf.namelist():
                    if member.startswith("/") or ".." in Path(member).parts:
                        raise ModelError(f"The archive for {entry.name} has an unsafe path {member!r}; not installed.")
                zf.extractall(tmp)
        except zipfile.BadZipFile as exc:
            part.unlink()
            raise ModelError(f"The download of {entry.name} is not a zip file ({exc}); it was deleted.") from None
        found = [tmp] + [p for p in tmp.iterdir() if p.is_dir()]
        model = next((p for p in found if check_model_dir(p) is None), None)
        if model is None:
            raise ModelError(f"The archive for {entry.name} holds no Vosk model.")
        target = root / entry.name
        old = root / f".{entry.name}.old"
        if target.exists():
            shutil.rmtree(old, ignore_errors=True)
            target.rename(old)
        model.rename(target)  # same directory: atomic
        shutil.rmtree(old, ignore_errors=True)
        return target
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def download(entry: ModelEntry, settings: Settings, progress: Callable[[int, int], None] = lambda d, t: None,
             timeout: float = 30.0) -> Path:
    """Download, verify and install *entry*; resumes a partial download. Returns the model directory.

    Raises:
        ModelError: network, size, checksum or archive problems (the message says what to do).
    """
    assert settings.paths is not None
    downloads = settings.paths.cache / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    part = downloads / f"{entry.name}.zip.part"
    _fetch(entry, part, progress, timeout)
    _verify(entry, part)
    target = _unpack(entry, part, models_dir(settings))
    part.unlink(missing_ok=True)
    return target
