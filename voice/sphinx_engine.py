"""PocketSphinx: the recogniser that works on a fresh machine (its wheel carries an en-US model).

Three passes over one utterance:

* the grammar pass (JSGF from the skills), streamed as audio arrives, gives partials and the
  final reading;
* a phone-loop pass (``allphone``), streamed alongside, is the guard: a grammar reading whose
  dictionary phones are far from the phones heard without any grammar is refused as ``garbage``
  (grammar decoding otherwise forces any speech onto some command);
* the open-vocabulary pass (the wheel's general language model) runs only at the end, and only
  when the grammar heard the start of a free-text template ("remember that ...") or the grammar
  is open (a free-form answer).
"""

from __future__ import annotations

import hashlib
import logging
import os

from .grammar import Grammar
from .recognizer import Final, RecognizerError, UtteranceState, WordConf

__all__ = ["SphinxRecognizer", "GUARD_THRESHOLD"]

log = logging.getLogger("os1.voice.sphinx")
GUARD_THRESHOLD = 0.9
"""Phone-loop verification: a grammar reading is refused when the phones an unconstrained phone
decoder heard differ from the reading's dictionary phones by more than this (edit distance over
the reading's phone count). Chosen on synthetic speech (4 voices, clean/12/6 dB): at 0.9 it refused
43 of 66 out-of-grammar readings and 7 of 115 correct ones; see benchmarks/bench_recognition.py."""
WAKE_MARGIN = 0.15
"""How much stricter the guard is while waiting for the wake word (4 voices, 24 and 12 dB: false wakes
fell from 29 to 8 of 144 utterances without the wake word, true wakes from 93 to 87 of 96)."""
"""Bytes of one utterance kept for the open pass (30 s)."""
_FILLER = {"<s>", "</s>", "<sil>", "[NOISE]", "++NOISE++", "[SPEECH]"}


def _import():  # type: ignore[no-untyped-def]
    try:
        import pocketsphinx
    except ImportError:
        raise ImportError("The PocketSphinx recogniser needs pocketsphinx: `pip install pocketsphinx`") from None
    return pocketsphinx


class SphinxRecognizer(UtteranceState):
    """PocketSphinx with the en-US model from its wheel (or *model_dir*)."""

    engine = "pocketsphinx"

    def __init__(self, model_dir: str | None = None, guard: float = GUARD_THRESHOLD) -> None:
        ps = _import()
        base = model_dir or os.path.join(ps.get_model_path(), "en-us")
        self._hmm = os.path.join(base, "en-us")
        self._dict = os.path.join(base, "cmudict-en-us.dict")
        self._lm_path = os.path.join(base, "en-us.lm.bin")
        self._phone_lm = os.path.join(base, "en-us-phone.lm.bin")
        for p in (self._hmm, self._dict):
            if not os.path.exists(p):
                raise RecognizerError(f"The PocketSphinx model is incomplete: {p} is missing. "
                                      f"Reinstall it: `pip install --force-reinstall pocketsphinx`.")
        self._ps = ps
        self.guard = guard
        self.wake_margin = WAKE_MARGIN
        self.detail = "PocketSphinx en-US (bundled)"
        self._grammar_dec = self._decoder(lm=None)
        self._phone_dec = self._decoder(lm=None, allphone=self._phone_lm)
        self._lm_dec = None
        self._searches: set[str] = set()
        self._grammar: Grammar | None = None
        self._audio = bytearray()
        self._partial = ""
        self._active = False

    def _decoder(self, **extra):  # type: ignore[no-untyped-def]
        config = self._ps.Config(hmm=self._hmm, dict=self._dict, loglevel="FATAL", **extra)
        try:
            return self._ps.Decoder(config)
        except (RuntimeError, ValueError) as exc:
            raise RecognizerError(f"PocketSphinx could not load its model from {self._hmm} ({exc}).") from None

    def known(self, word: str) -> bool:
        return self._grammar_dec.lookup_word(word) is not None

    def set_grammar(self, grammar: Grammar) -> None:
        self._grammar = grammar
        if grammar.is_open:
            return
        name = "g" + hashlib.sha1(grammar.jsgf.encode()).hexdigest()[:12]
        if name not in self._searches:
            try:
                self._grammar_dec.add_jsgf_string(name, grammar.jsgf)
            except (RuntimeError, ValueError) as exc:
                raise RecognizerError(f"PocketSphinx refused the grammar {grammar.name!r} ({exc}).") from None
            self._searches.add(name)
        self._search = name

    def _lm(self):  # type: ignore[no-untyped-def]
        if self._lm_dec is None:
            self._lm_dec = self._decoder(lm=self._lm_path)
        return self._lm_dec

    def start(self) -> None:
        if self._grammar is None:
            raise RecognizerError("No grammar set: call set_grammar() first.")
        self._audio.clear()
        self._partial = ""
        if not self._grammar.is_open:
            self._grammar_dec.activate_search(self._search)
            self._grammar_dec.start_utt()
            self._phone_dec.start_utt()
        self._active = True

    def feed(self, pcm: bytes) -> str | None:
        self._keep(pcm)
        assert self._grammar is not None
        if self._grammar.is_open:
            return None
        self._grammar_dec.process_raw(pcm, False, False)
        self._phone_dec.process_raw(pcm, False, False)
        hyp = self._grammar_dec.hyp()
        text = hyp.hypstr if hyp else ""
        return self._changed(text)

    def finish(self) -> Final:
        self._close()
        grammar = self._grammar
        assert grammar is not None
        if grammar.is_open:
            free = self._free_pass()
            return Final(free, 0.5 if free else 0.0, free_text=free, rejected="" if free else "empty")
        g = self._grammar_dec
        g.end_utt()
        self._phone_dec.end_utt()
        hyp = g.hyp()
        text = " ".join(hyp.hypstr.split()) if hyp else ""
        words = _words(g) if hyp else ()
        heard = [x.word for x in self._phone_dec.seg() or () if x.word not in _SILENT_PHONES]
        expected = [ph for w in text.split() if w != "<sil>" for ph in (g.lookup_word(w) or "").split()]
        distance = _edit_ratio(expected, heard)
        confidence = max(0.0, 1.0 - distance) if text else 0.0
        self.last_distance = distance
        free = ""
        if grammar.open_prefix(text) is not None:  # the rest is free text: the open pass judges it
            free = self._free_pass()
            distance = 0.0
        # short readings ("yes") have few phones, so one phone heard differently weighs a lot
        limit = self.guard if len(expected) >= 6 else self.guard + 0.6
        if grammar.wake:  # waiting for the wake word: a false wake costs more than a missed one
            limit -= self.wake_margin
        rejected = "empty" if not text else ("garbage" if distance > limit else "")
        return Final(text, round(confidence, 3), (), words, free, rejected)

    def _free_pass(self) -> str:
        lm = self._lm()
        lm.start_utt()
        lm.process_raw(bytes(self._audio), False, True)
        lm.end_utt()
        hyp = lm.hyp()
        return " ".join(w for w in (hyp.hypstr.split() if hyp else []) if w not in _FILLER)


_SILENT_PHONES = {"SIL", "+NSN+", "+SPN+", "+BREATH+", "+COUGH+", "+LAUGH+", "+NOISE+", "+UH+", "+UM+", "+SMACK+"}


def _edit_ratio(ref: list[str], hyp: list[str]) -> float:
    """Edit distance between phone sequences over the length of *ref* (1.0 when ref is empty)."""
    if not ref:
        return 1.0
    d = list(range(len(hyp) + 1))
    for i in range(1, len(ref) + 1):
        prev, d[0] = d[0], i
        for j in range(1, len(hyp) + 1):
            cur = min(d[j] + 1, d[j - 1] + 1, prev + (ref[i - 1] != hyp[j - 1]))
            prev, d[j] = d[j], cur
    return d[len(hyp)] / len(ref)


def _words(decoder) -> tuple[WordConf, ...]:  # type: ignore[no-untyped-def]
    """The words of the best path, with their posteriors and times."""
    words = []
    for s in decoder.seg() or ():
        word = s.word.split("(")[0]
        if word not in _FILLER and not word.startswith("+"):
            words.append(WordConf(word, round(float(s.prob), 3), s.start_frame / 100, s.end_frame / 100))
    return tuple(words)
