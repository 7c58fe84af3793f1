"""Vosk: the primary recogniser (streaming partials; finals with word confidences).

The grammar pass uses Vosk's runtime grammar (``KaldiRecognizer(model, rate, phrases)``, switched
with ``SetGrammar``) with ``[unk]`` for anything else, where the model has it. The guard refuses a
reading that contains ``[unk]`` outside a free-text slot, or a word below ``min_conf``. The open
pass (the model's own language model, no grammar) runs on the kept audio only when the grammar
heard the start of a free-text template, or all the time for a free-form answer.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from .grammar import UNK, Grammar
from .recognizer import Final, RecognizerError, UtteranceState, WordConf

__all__ = ["VoskRecognizer", "MIN_CONF", "check_model_dir"]

log = logging.getLogger("os1.voice.vosk")
MIN_CONF = 0.6
"""A grammar reading with any word below this confidence (0..1) is refused."""
_REQUIRED = ("am/final.mdl", "conf/mfcc.conf")


def _import():  # type: ignore[no-untyped-def]
    try:
        import vosk
    except ImportError:
        raise ImportError("The Vosk recogniser needs vosk: `pip install vosk`") from None
    vosk.SetLogLevel(-1)
    return vosk


def check_model_dir(path: Path) -> str | None:
    """None if *path* looks like a Vosk model directory, else what is wrong with it."""
    if not path.is_dir():
        return f"{path} does not exist or is not a directory"
    missing = [r for r in _REQUIRED if not (path / r).is_file()]
    if missing:
        return f"{path} is not a complete Vosk model (missing {', '.join(missing)})"
    if not ((path / "graph").is_dir() or (path / "HCLG.fst").exists()):
        return f"{path} is not a complete Vosk model (no graph)"
    return None


class VoskRecognizer(UtteranceState):
    """Vosk with the model in *model_dir*."""

    engine = "vosk"

    def __init__(self, model_dir: str | Path, min_conf: float = MIN_CONF) -> None:
        vosk = _import()
        path = Path(model_dir)
        problem = check_model_dir(path)
        if problem:
            raise RecognizerError(f"The Vosk model cannot be used: {problem}. Reinstall it with "
                                  f"`os1 models download NAME`, or choose another with `os1 models use NAME`.")
        try:
            self._model = vosk.Model(str(path))
        except Exception as exc:  # vosk raises a bare Exception when Kaldi refuses the files
            raise RecognizerError(f"The Vosk model in {path} is damaged ({exc}). Download it again "
                                  f"with `os1 models download NAME`.") from None
        self._vosk = vosk
        self.min_conf = min_conf
        self.detail = f"Vosk {path.name}"
        self._rec = None
        self._grammar: Grammar | None = None
        self._loaded: str | None = None
        self._audio = bytearray()
        self._parts: list[dict] = []  # type: ignore[type-arg]
        self._partial = ""
        self._active = False
        self._vocab_cache: dict[str, bool] = {}

    def known(self, word: str) -> bool:
        # Vosk ignores unknown grammar words itself (and logs them); nothing to filter here
        return True

    def set_grammar(self, grammar: Grammar) -> None:
        self._grammar = grammar

    def _recognizer(self):  # type: ignore[no-untyped-def]
        g = self._grammar
        assert g is not None
        spec = "" if g.is_open else json.dumps(list(g.phrases), ensure_ascii=False)
        if self._rec is None:
            self._rec = (self._vosk.KaldiRecognizer(self._model, 16000, spec) if spec
                         else self._vosk.KaldiRecognizer(self._model, 16000))
            self._rec.SetWords(True)
            self._rec.SetPartialWords(False)
        elif spec != self._loaded:
            if spec:
                self._rec.SetGrammar(spec)
            else:  # back to open vocabulary: a fresh recogniser without a grammar
                self._rec = self._vosk.KaldiRecognizer(self._model, 16000)
                self._rec.SetWords(True)
        self._loaded = spec
        return self._rec

    def start(self) -> None:
        if self._grammar is None:
            raise RecognizerError("No grammar set: call set_grammar() first.")
        rec = self._recognizer()
        rec.Reset()
        self._audio.clear()
        self._parts = []
        self._partial = ""
        self._active = True

    def feed(self, pcm: bytes) -> str | None:
        self._keep(pcm)
        rec = self._rec
        if rec.AcceptWaveform(pcm):  # Vosk's own endpoint inside our utterance: keep the piece
            self._parts.append(json.loads(rec.Result()))
            text = " ".join(p.get("text", "") for p in self._parts).strip()
        else:
            done = " ".join(p.get("text", "") for p in self._parts)
            text = (done + " " + json.loads(rec.PartialResult()).get("partial", "")).strip()
        return self._changed(text)

    def finish(self) -> Final:
        self._close()
        grammar = self._grammar
        assert grammar is not None
        self._parts.append(json.loads(self._rec.FinalResult()))
        words = tuple(WordConf(w["word"], round(float(w.get("conf", 1.0)), 3), float(w.get("start", 0)),
                               float(w.get("end", 0))) for p in self._parts for w in p.get("result", ()))
        text = " ".join(" ".join(p.get("text", "") for p in self._parts).split())
        if grammar.is_open:
            conf = min((w.conf for w in words), default=0.0)
            return Final(text, conf, (), words, text, "" if text else "empty")
        prefix = grammar.open_prefix(text)
        spoken = [w for w in words if w.word != UNK]
        confidence = min((w.conf for w in spoken), default=0.0)
        if not spoken:
            rejected = "empty" if not text else "unk"
        elif UNK in text.split() and prefix is None:
            rejected = "unk"
        elif confidence < self.min_conf:
            rejected = "low-confidence"
        else:
            rejected = ""
        free = self._free_pass() if prefix is not None else ""
        return Final(text, round(confidence, 3), (), words, free, rejected)

    def _free_pass(self) -> str:
        rec = self._vosk.KaldiRecognizer(self._model, 16000)
        rec.AcceptWaveform(bytes(self._audio))
        return json.loads(rec.FinalResult()).get("text", "")
