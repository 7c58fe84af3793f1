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

A grammar reading that is the start of a free-text template is judged on the open pass's evidence
(the grammar pass cannot place it: with nothing after the template start in the grammar, it
stretches those words over the whole utterance): the open pass must have heard that start too
(its first words' phones close to the reading's), the phone loop must agree over the span the open
pass gives those words, and what the open pass heard after them is the free text, which must be
long enough to be a slot (see ``AGREE_THRESHOLD``, ``MIN_PHONES``). Whatever the reading, an
utterance without voiced sound (a cough, a clap) is refused (``MIN_VOICED_FRAMES``).
"""

from __future__ import annotations

import hashlib
import logging
import os

from .grammar import Grammar, strip_wake
from .recognizer import Final, RecognizerError, UtteranceState, WordConf

__all__ = ["SphinxRecognizer", "GUARD_THRESHOLD", "AGREE_THRESHOLD", "voiced_frames"]

log = logging.getLogger("os1.voice.sphinx")
GUARD_THRESHOLD = 0.9
"""Phone-loop verification: a grammar reading is refused when the phones an unconstrained phone
decoder heard differ from the reading's dictionary phones by more than this (edit distance over
the reading's phone count). Chosen on synthetic speech (4 voices, clean/12/6 dB): at 0.9 it refused
43 of 66 out-of-grammar readings and 7 of 115 correct ones; see benchmarks/bench_recognition.py."""
WAKE_MARGIN = 0.15
"""How much stricter the guard is while waiting for the wake word (4 voices, 24 and 12 dB: false wakes
fell from 29 to 8 of 144 utterances without the wake word, true wakes from 93 to 87 of 96)."""
AGREE_THRESHOLD = 0.5
"""A reading that starts a free-text template is refused when the open pass did not hear it: the
edit distance between the reading's phones and the phones of the open pass's first words (at the
best word boundary), over the reading's phone count, is above this. On held-out synthetic speech
(5 voices, clean to 6 dB) right readings scored 0.0-0.45 and out-of-grammar speech read as
"film of ...", "who is ..." mostly 0.6-1.0; see benchmarks/bench_recognition.py."""
MIN_PHONES = 6
"""Fewest dictionary phones in a request with free text ("is it": 4; "call me sam": 8)."""
MIN_FREE_PHONES = 2
"""Fewest dictionary phones in the free text itself ("it", "her": 2)."""
MIN_VOICED_FRAMES = 3
"""An utterance with fewer loud 30 ms frames (10 ms apart) that are voiced - periodic at a pitch
between 70 and 400 Hz, normalised autocorrelation at least ``VOICING`` - is refused as ``unvoiced``:
a cough, a clap, a click. Synthetic speech had at least 5 such frames (5 voices, 21 words and
commands, clean to 6 dB); cough-like bursts none."""
VOICING = 0.4
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
        self._heard_complete = ""
        """The last partial that was a whole sentence of the grammar."""
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
        self._heard_complete = ""
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
        if strip_wake(text, self._grammar.wake or self._grammar.optional_wake) in self._grammar.complete:
            self._heard_complete = text
        return self._changed(text)

    def finish(self) -> Final:
        self._close()
        grammar = self._grammar
        assert grammar is not None
        voiced = voiced_frames(bytes(self._audio)) >= MIN_VOICED_FRAMES
        if grammar.is_open:
            free = " ".join(w.split("(")[0] for w, _, _ in self._free_pass()) if voiced else ""
            return Final(free, 0.5 if free else 0.0, free_text=free,
                         rejected="" if free else ("empty" if voiced else "unvoiced"))
        g = self._grammar_dec
        g.end_utt()
        self._phone_dec.end_utt()
        hyp = g.hyp()
        text = " ".join(hyp.hypstr.split()) if hyp else ""
        words = _words(g) if hyp else ()
        lead = grammar.wake or grammar.optional_wake
        if text and strip_wake(text, lead) not in grammar.complete and self._heard_complete.startswith(text + " "):
            # the final reading lost the last word in the trailing silence ("what is your" after the
            # partial "what is your name"): judge the whole sentence the grammar pass had heard
            text = self._heard_complete
        phones = [(x.word, x.start_frame, x.end_frame) for x in self._phone_dec.seg() or () if x.word not in _SILENT_PHONES]
        expected = self._phones(text.split())
        distance = _edit_ratio(expected, [ph for ph, _, _ in phones])
        confidence = max(0.0, 1.0 - distance) if text else 0.0
        self.last_distance = distance
        free = ""
        rejected = "empty" if not text else ("garbage" if distance > self._limit(grammar, len(expected)) else "")
        if text and not voiced:
            rejected = "unvoiced"
        elif text and grammar.open_prefix(text) is not None:  # the rest is free text: the open pass judges it
            free, rejected = self._free_reading(text, grammar, phones)
        return Final(text, round(confidence, 3), (), words, free, rejected)

    def _free_reading(self, text: str, grammar: Grammar, phones: list[tuple[str, int, int]]) -> tuple[str, str]:
        """(the template start and the free text the open pass heard after it, "") for a reading that
        starts a free-text template, or ("", why it is refused) when the evidence does not hold up.

        *phones*: the phone loop's (phone, first frame, last frame), silences left out.
        """
        said = text.split()
        rest_said = strip_wake(text, grammar.wake or grammar.optional_wake).split()
        start = said[: len(said) - len(rest_said)]  # the wake word, if said
        # every template start the reading begins with, longest first: the grammar pass may run a
        # short start on ("who is in the cast of" for "who is in casablanca")
        prefixes = [p for p in grammar.open_prefixes if rest_said[: len(p.split())] == p.split()]
        heard = self._free_pass()
        heard_phones = [self._phones([w]) for w, _, _ in heard]
        best: tuple[float, int, str, list[str]] | None = None
        for prefix in prefixes:
            expected = self._phones(start + prefix.split())
            cost, k = _align_start(expected, heard_phones)
            if best is None or cost < best[0]:
                best = (cost, k, prefix, expected)
            if cost <= AGREE_THRESHOLD:
                break
        assert best is not None
        cost, k, prefix, expected = best
        self.last_distance = cost
        if cost > AGREE_THRESHOLD:  # (with no word heard the cost is 1.0)
            return "", "garbage"  # the open pass heard something else: noise, or speech that is no request
        first, last = heard[0][1], heard[k - 1][2]
        span = [ph for ph, s, e in phones if first <= (s + e) / 2 <= last]
        if _edit_ratio(expected, span) > self._limit(grammar, len(expected)):
            return "", "garbage"  # the phone loop heard other sounds where the open pass put the reading
        rest = [w for w, _, _ in heard[k:]]
        free_phones = len(self._phones(rest))
        if free_phones < MIN_FREE_PHONES or len(self._phones(prefix.split())) + free_phones < MIN_PHONES:
            return "", "short"
        return " ".join([prefix, *(w.split("(")[0] for w in rest)]), ""

    def _limit(self, grammar: Grammar, phones: int) -> float:
        """The phone-loop guard's limit for a reading of *phones* dictionary phones."""
        # short readings ("yes") have few phones, so one phone heard differently weighs a lot
        limit = self.guard if phones >= 6 else self.guard + 0.6
        if grammar.wake:  # waiting for the wake word: a false wake costs more than a missed one
            limit -= self.wake_margin
        return limit

    def _phones(self, words: list[str]) -> list[str]:
        """Dictionary phones of *words* (a pronunciation variant as "word(2)" is looked up as such)."""
        return [ph for w in words if w != "<sil>" for ph in (self._grammar_dec.lookup_word(w) or "").split()]

    def _free_pass(self) -> list[tuple[str, int, int]]:
        """The open pass over the kept audio: (word, first frame, last frame) for each word heard."""
        lm = self._lm()
        lm.start_utt()
        lm.process_raw(bytes(self._audio), False, True)
        lm.end_utt()
        return [(s.word, s.start_frame, s.end_frame) for s in lm.seg() or ()
                if s.word not in _FILLER and not s.word.startswith(("+", "["))]


_SILENT_PHONES = {"SIL", "+NSN+", "+SPN+", "+BREATH+", "+COUGH+", "+LAUGH+", "+NOISE+", "+UH+", "+UM+", "+SMACK+"}


def _edit_row(ref: list[str], hyp: list[str]) -> list[int]:
    """Edit distances between all of *ref* and each start of *hyp*: ``row[j]`` for ``hyp[:j]``."""
    row = list(range(len(hyp) + 1))
    for i in range(1, len(ref) + 1):
        prev, row[0] = row[0], i
        for j in range(1, len(hyp) + 1):
            cur = min(row[j] + 1, row[j - 1] + 1, prev + (ref[i - 1] != hyp[j - 1]))
            prev, row[j] = row[j], cur
    return row


def _edit_ratio(ref: list[str], hyp: list[str]) -> float:
    """Edit distance between phone sequences over the length of *ref* (1.0 when ref is empty)."""
    return _edit_row(ref, hyp)[-1] / len(ref) if ref else 1.0


def voiced_frames(pcm: bytes, rate: int = 16000) -> int:
    """How many loud frames of *pcm* (16-bit mono) are voiced (see ``MIN_VOICED_FRAMES``).

    Loud: RMS at least 0.3 of the utterance's 98th percentile. Pre-emphasis first, so that the
    low-frequency rumble of room noise does not look periodic.
    """
    import numpy as np

    n, hop, size = 3 * rate // 100, rate // 100, 1024
    x = np.frombuffer(pcm[: len(pcm) // 2 * 2], "<i2").astype(np.float64)
    if len(x) < n:
        return 0
    x = np.append(x[:1], x[1:] - 0.95 * x[:-1])
    frames = x[np.arange(0, len(x) - n + 1, hop)[:, None] + np.arange(n)]
    rms = np.sqrt((frames ** 2).mean(axis=1))
    window = np.hanning(n)
    frames = (frames - frames.mean(axis=1, keepdims=True)) * window
    ac = np.fft.irfft(np.abs(np.fft.rfft(frames, size)) ** 2, size)[:, :n]
    lo, hi = rate // 400, rate // 70
    w_ac = np.fft.irfft(np.abs(np.fft.rfft(window, size)) ** 2, size)
    taper = w_ac[lo:hi] / w_ac[0]  # the window's own fall-off with the lag, divided out
    periodicity = (ac[:, lo:hi] / (ac[:, :1] + 1e-9) / taper).max(axis=1)
    loud = rms >= 0.3 * np.percentile(rms, 98)
    return int(((periodicity >= VOICING) & loud).sum())


def _align_start(ref: list[str], words: list[list[str]]) -> tuple[float, int]:
    """How well the phones of the first words of *words* match *ref*: (edit distance over the length
    of *ref*, how many words) at the word boundary where it is smallest (the latest on a tie)."""
    bounds = [0]
    for w in words:
        bounds.append(bounds[-1] + len(w))
    row = _edit_row(ref, [ph for w in words for ph in w])
    k = min(range(len(bounds)), key=lambda n: (row[bounds[n]], -n))
    return row[bounds[k]] / max(1, len(ref)), k


def _words(decoder) -> tuple[WordConf, ...]:  # type: ignore[no-untyped-def]
    """The words of the best path, with their posteriors and times."""
    words = []
    for s in decoder.seg() or ():
        word = s.word.split("(")[0]
        if word not in _FILLER and not word.startswith("+"):
            words.append(WordConf(word, round(float(s.prob), 3), s.start_frame / 100, s.end_frame / 100))
    return tuple(words)
