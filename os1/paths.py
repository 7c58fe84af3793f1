"""Where OS¹ keeps its files: XDG directories, or everything under one ``--home`` / ``OS1_HOME``."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Paths", "resolve_paths"]


@dataclass(frozen=True)
class Paths:
    """The directories OS¹ uses. Nothing is created until a file is written."""

    config: Path
    """Settings (``settings.toml``)."""
    data: Path
    """Memory, skill data, models, mail and calendar stores."""
    cache: Path
    """Things that can be rebuilt (compiled grammars, download parts)."""
    state: Path
    """Logs."""

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.toml"

    @property
    def memory_db(self) -> Path:
        return self.data / "memory.sqlite3"

    @property
    def log_file(self) -> Path:
        return self.state / "os1.log"

    def skill_data(self, skill: str) -> Path:
        return self.data / "skills" / skill


def _xdg(var: str, fallback: str) -> Path:
    value = os.environ.get(var, "")
    base = Path(value) if value and Path(value).is_absolute() else Path.home() / fallback
    return base / "os1"


def resolve_paths(home: str | os.PathLike[str] | None = None) -> Paths:
    """The directories for *home*, else ``$OS1_HOME``, else the XDG base directories."""
    home = home or os.environ.get("OS1_HOME") or None
    if home:
        root = Path(home).expanduser().resolve()
        return Paths(root / "config", root / "data", root / "cache", root / "state")
    return Paths(
        _xdg("XDG_CONFIG_HOME", ".config"),
        _xdg("XDG_DATA_HOME", ".local/share"),
        _xdg("XDG_CACHE_HOME", ".cache"),
        _xdg("XDG_STATE_HOME", ".local/state"),
    )
