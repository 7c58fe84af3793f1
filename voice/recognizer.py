"""The recogniser interface: fed 16 kHz mono 16-bit chunks, it returns a partial or nothing; at the
end of the utterance it returns a final result.

Two engines implement it: :mod:`os1.voice.vosk_engine` (primary) and
:mod:`os1.voice.sphinx_engine` (the fallback that needs no download). :func:`create` picks one
from the settings; nothing is loaded until it is called.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from os1.settings import Settings

from .grammar import Grammar

__all__ = ["UtteranceState", "MAX_UTTERANCE_AUDIO", "WordConf", "Final", "Recognizer", "RecognizerError", "create", "describe"]


class RecognizerError(Exception):
    """The recogniser cannot start; the message says what to do."""


@dataclass(frozen=True)
class WordConf:
    """One recognised word."""

    word: str
    conf: float
    """0..1."""
    start: float = 0.0
    """Seconds from the start of the utterance."""
    end: float = 0.0
    """Seconds from the start of the utterance."""


@dataclass(frozen=True)
class Final:
    """The recogniser's last word on one utterance."""

    text: str
    """What the grammar pass heard ("" if nothing)."""
    confidence: float = 0.0
    """0..1 for the whole utterance."""
    alternatives: tuple[str, ...] = ()
    """Other readings, best first."""
    words: tuple[WordConf, ...] = ()
    free_text: str = ""
    """What the open-vocabulary pass heard (for free-text slots; "" if it did not run)."""
    rejected: str = ""
    """Why the guard refused the grammar reading ("" if accepted): ``unk``, ``low-confidence``,
    ``garbage`` (acoustically closer to anything else than to the grammar), ``empty``."""


MAX_UTTERANCE_AUDIO = 16000 * 2 * 30
"""Bytes of one utterance kept for a second pass: 30 s of 16 kHz 16-bit mono."""


class UtteranceState:
    """Bookkeeping both engines share: the open utterance's audio and its last partial.

    An engine sets ``_audio``, ``_partial`` and ``_active`` in ``start()`` and defines ``start()``.
    """

    _audio: bytearray
    _partial: str
    _active: bool

    def start(self) -> None:  # pragma: no cover - each engine defines it
        raise NotImplementedError

    def _keep(self, pcm: bytes) -> None:
        """Open the utterance if needed and keep *pcm* (up to MAX_UTTERANCE_AUDIO)."""
        if not self._active:
            self.start()
        if len(self._audio) < MAX_UTTERANCE_AUDIO:
            self._audio += pcm

    def _changed(self, text: str) -> str | None:
        """*text* when it differs from the last partial (and remember it), else None."""
        if text == self._partial:
            return None
        self._partial = text
        return text

    def _close(self) -> None:
        """End the utterance (opening it first if nothing was fed, so finishing is always valid)."""
        if not self._active:
            self.start()
        self._active = False


class Recognizer(Protocol):
    """A speech recogniser for one utterance at a time."""

    engine: str
    """``vosk`` or ``pocketsphinx``."""
    detail: str
    """For the status line: engine and model."""

    def set_grammar(self, grammar: Grammar) -> None:
        """Use *grammar* from the next utterance on (cached per grammar)."""

    def known(self, word: str) -> bool:
        """Whether the engine can recognise *word*."""

    def start(self) -> None:
        """Begin an utterance."""

    def feed(self, pcm: bytes) -> str | None:
        """Add audio; returns the partial text when it changed, else None."""

    def finish(self) -> Final:
        """End the utterance and return what was said."""


def _vosk_model_dir(settings: Settings) -> Path | None:
    name = settings.vosk_model.strip()
    if not name:
        from .models import installed

        found = installed(settings)
        return found[0].path if found else None
    p = Path(name).expanduser()
    if p.is_dir() or "/" in name:
        return p
    assert settings.paths is not None
    return settings.paths.data / "models" / name


def describe(settings: Settings) -> tuple[str, Path | None, str]:
    """(engine, model dir, note) that :func:`create` would use, without loading anything."""
    choice = settings.recognizer.strip().lower() or "auto"
    if choice not in ("auto", "vosk", "pocketsphinx"):
        raise RecognizerError(f"The setting recognizer = {settings.recognizer!r} is not known; "
                              f"use auto, vosk or pocketsphinx.")
    if choice == "pocketsphinx":
        return "pocketsphinx", None, ""
    model = _vosk_model_dir(settings)
    if model is None:
        if choice == "vosk":
            raise RecognizerError("No Vosk model is installed. Run `os1 models list`, then "
                                  "`os1 models download NAME` and `os1 models use NAME`.")
        return "pocketsphinx", None, ("No Vosk model is installed, so I'm using the bundled PocketSphinx "
                                      "recogniser (English). For better recognition: `os1 models download NAME`.")
    return "vosk", model, ""


def create(settings: Settings) -> tuple[Recognizer, str]:
    """The recogniser the settings ask for, loaded, and a note for the person ("" if none).

    Raises:
        RecognizerError: the model is missing or damaged, or the engine is not installed.
    """
    engine, model, note = describe(settings)
    if engine == "vosk":
        from .vosk_engine import VoskRecognizer

        assert model is not None
        return VoskRecognizer(model), note
    from .sphinx_engine import SphinxRecognizer

    return SphinxRecognizer(), note
