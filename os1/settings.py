"""One typed settings object, loaded once: file → ``OS1_*`` environment → command-line flags."""

from __future__ import annotations

import dataclasses
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .fileio import atomic_write

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib
from .paths import Paths

__all__ = ["Settings", "SettingsError", "load_settings", "save_setting"]


class SettingsError(Exception):
    """The settings file could not be read; the message names the file and what to do."""


@dataclass(frozen=True)
class Settings:
    """Everything a person can set. The settings file is ``<config>/settings.toml``."""

    assistant_name: str = "Samantha"
    """What OS¹ calls itself."""
    timezone: str = ""
    """IANA zone name ("Europe/London"); empty means the system's zone."""
    skill_timeout: float = 5.0
    """Seconds a skill handler may run before OS¹ says it is taking too long."""
    disabled_skills: tuple[str, ...] = ()
    """Skills not to load, by name."""
    skill_cache: bool = True
    """True: ``os1 ask`` and ``os1 chat`` read the skills' templates from the skill index cache and
    import a skill only when it is needed; False: import every skill at start-up (as the dashboard does)."""
    wake_word: str = "samantha"
    push_to_talk: bool = False
    """True: listen only while the push-to-talk key is held, never for the wake word."""
    recognizer: str = "auto"
    """``auto`` (Vosk if a model is installed, else PocketSphinx), ``vosk`` or ``pocketsphinx``."""
    vosk_model: str = ""
    """Name of the installed Vosk model to use, or a path to a model directory."""
    input_device: str = ""
    """Microphone: a sounddevice name or index; empty for the system default."""
    output_device: str = ""
    """Speaker: a sounddevice name or index; empty for the system default."""
    voice: str = ""
    """TTS voice id or name; empty for OS¹'s default (a female en-US espeak-ng voice)."""
    rate: int = 175
    """Speaking rate in words per minute."""
    volume: float = 1.0
    """Speaking volume, 0..1."""
    muted: bool = False
    """True: replies are shown, not spoken."""
    interrupt_on_speech: bool = True
    """True: starting to talk while OS¹ speaks stops it (its own echo is told apart); "stop" and the
    wake word interrupt either way. Turn off if loud speakers next to the microphone cut OS¹ off."""
    skills: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Per-skill sections, ``[skills.NAME]``."""
    paths: Paths | None = None
    """Where files live (not read from the file)."""

    def for_skill(self, name: str) -> dict[str, Any]:
        return dict(self.skills.get(name, {}))


_KIND = {dict: "set of [skills.NAME] tables", tuple: "list"}
_FIELDS = {f.name: f for f in dataclasses.fields(Settings) if f.name != "paths"}


def _coerce(name: str, value: Any, source: str) -> Any:
    default = getattr(Settings(), name)
    try:
        if isinstance(default, bool):
            if isinstance(value, str):
                if value.lower() in ("1", "true", "yes", "on"):
                    return True
                if value.lower() in ("0", "false", "no", "off"):
                    return False
                raise ValueError(value)
            return bool(value)
        if isinstance(default, tuple):
            items = value.split(",") if isinstance(value, str) else list(value)
            return tuple(str(v).strip() for v in items if str(v).strip())
        if isinstance(default, dict):
            if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
                raise ValueError(value)
            return value
        return type(default)(value)
    except (TypeError, ValueError):
        raise SettingsError(
            f"{source}: {name} = {value!r} is not a valid {_KIND.get(type(default), type(default).__name__)}"
        ) from None


def load_settings(paths: Paths, overrides: dict[str, Any] | None = None) -> Settings:
    """Read the settings file, then ``OS1_<NAME>`` variables, then *overrides*.

    Raises:
        SettingsError: the file is unreadable or malformed; it is left as it is.
    """
    values: dict[str, Any] = {}
    path = paths.settings_file
    if path.exists():
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise SettingsError(
                f"The settings file {path} could not be read ({exc}). It has been left as it is; "
                f"fix it, or move it aside to start with default settings."
            ) from None
        for name, value in raw.items():
            if name not in _FIELDS:
                continue  # unknown keys are kept in the file, ignored here
            values[name] = _coerce(name, value, str(path))
    for name in _FIELDS:
        env = os.environ.get(f"OS1_{name.upper()}")
        if env is not None and name != "skills":
            values[name] = _coerce(name, env, f"environment variable OS1_{name.upper()}")
    for name, value in (overrides or {}).items():
        if value is not None:
            values[name] = _coerce(name, value, f"--{name.replace('_', '-')}")
    return Settings(**values, paths=paths)


def save_setting(paths: Paths, name: str, value: Any) -> None:
    """Set one top-level setting in the file, atomically, keeping every other line's value."""
    import tomli_w  # only needed when settings change

    if name not in _FIELDS:
        raise SettingsError(f"There is no setting called {name!r}.")
    path = paths.settings_file
    current: dict[str, Any] = {}
    if path.exists():
        try:
            current = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise SettingsError(f"The settings file {path} could not be read ({exc}); not changed.") from None
    coerced = _coerce(name, value, "new value")
    current[name] = list(coerced) if isinstance(coerced, tuple) else coerced
    atomic_write(Path(path), tomli_w.dumps(current).encode("utf-8"), backup=True)
