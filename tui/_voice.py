"""Finding the voice side, or saying why there is none (the dashboard then runs text only)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol

from os1.assistant import Assistant

__all__ = ["VoiceLike", "VoiceFactory", "VoiceUnavailable", "default_voice", "text_only"]

log = logging.getLogger("os1.tui")


class VoiceLike(Protocol):
    """What the dashboard uses of ``os1.voice.session.VoiceSession``."""

    def start(self) -> None: ...
    def close(self) -> None: ...
    def set_muted(self, muted: bool) -> None: ...
    def push_to_talk(self) -> None: ...
    def stop_speaking(self) -> None: ...
    def speak(self, text: str) -> None: ...


VoiceFactory = Callable[[Assistant, Callable[[Any], None]], VoiceLike]
"""``factory(assistant, on_event)``: a voice session, or raises :class:`VoiceUnavailable`."""


class VoiceUnavailable(Exception):
    """There is no voice: the message says why, for the status line ("no microphone support installed")."""


def default_voice(assistant: Assistant, on_event: Callable[[Any], None]) -> VoiceLike:
    """``os1.voice.session.VoiceSession``, imported only now; VoiceUnavailable if it is missing or fails."""
    try:
        from os1.voice.session import VoiceSession
    except ImportError as exc:
        log.info("voice not available: %s", exc)
        raise VoiceUnavailable("no microphone support installed") from None
    except Exception as exc:  # a broken voice install must not take the dashboard down
        log.exception("importing the voice session failed")
        raise VoiceUnavailable(f"voice failed to load ({type(exc).__name__}: {exc})") from None
    try:
        return VoiceSession(assistant, on_event)  # type: ignore[no-any-return]
    except Exception as exc:
        log.exception("creating the voice session failed")
        raise VoiceUnavailable(f"voice failed to start ({type(exc).__name__}: {exc})") from None


def text_only(assistant: Assistant, on_event: Callable[[Any], None]) -> VoiceLike:
    """No voice, by request (``os1 dashboard --text``)."""
    raise VoiceUnavailable("voice turned off (--text)")
