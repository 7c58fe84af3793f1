"""Text to speech: OS¹'s voice (pyttsx3 + espeak-ng in a worker process, played through sounddevice).

Importing this package is light; the speaker, the worker and sounddevice load when first used::

    from os1.voice.tts import Speaker
    speaker = Speaker(settings, on_event)   # on_event gets SpeechStarted / SpeechStopped(reason)
    speaker.say("Hello. I'm here.")         # returns at once; the first sentence plays while the rest is made
    speaker.stop()                          # cuts the sound within 100 ms
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .types import DEFAULT_VOICE, Audio, SpeechProgress, SynthesisError, UnknownVoice

if TYPE_CHECKING:
    from .speaker import Speaker
    from .synth import list_voices, synthesize

__all__ = ["Speaker", "Audio", "SpeechProgress", "SynthesisError", "UnknownVoice", "DEFAULT_VOICE",
           "synthesize", "list_voices"]

_LAZY = {"Speaker": ".speaker", "synthesize": ".synth", "list_voices": ".synth"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
