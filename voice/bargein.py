"""Barge-in: hear "stop" (or the wake word) while OS¹ is speaking, and nothing else.

While the speaker plays, the session does not give the microphone to the command recogniser (it
would hear OS¹'s own voice as commands). It feeds it to a :class:`BargeInSpotter` instead: a
PocketSphinx decoder in keyword-spotting mode with a short list of interruption words, each with a
strict detection threshold, so ordinary speech (OS¹'s own, or a person's) does not fire it.

Pure and single-threaded: the session's worker calls :meth:`feed` with microphone blocks and
:meth:`reset` when a speaking turn begins; ``feed`` returns the word heard, or None.
"""

from __future__ import annotations

import logging
import os

__all__ = ["BargeInSpotter", "THRESHOLDS"]

log = logging.getLogger("os1.voice.bargein")

THRESHOLDS = {"stop": 1e-10, "wake": 1e-50}
"""Keyword-spotting thresholds (PocketSphinx ``kws`` list): lower fires more readily. Chosen on
espeak-ng/flite speech (clean, 16 kHz): "stop" at 1e-10 was heard in voices en-us, en-us+m3 and
flite slt (not always en-us+f3 or en-gb) and never in "what a lovely day" or an 8 s three-sentence
reply (1e-20 fired once in that reply, 1e-30 four times). The wake word is weak on espeak-ng
speech: "samantha" (en-us) at 1e-50 was heard in only 4 of 12 placements (0 at 1e-40; 5 at
1e-70..1e-90), with no false hits on the other clips; "stop" is the dependable interruption."""
MAX_UTT_S = 10.0
"""The decoder is restarted after this much audio, so its lattice stays small."""


class BargeInSpotter:
    """Spots interruption words in a 16 kHz 16-bit mono stream.

    Args:
        wake_word: the assistant's wake word (also interrupts); skipped if not in the dictionary.
        words: the interruption words, ``{word: threshold}`` (default: "stop" at ``THRESHOLDS["stop"]``).
        model_dir: a PocketSphinx model directory (default: the one in its wheel).
    """

    def __init__(self, wake_word: str = "", words: dict[str, float] | None = None,
                 model_dir: str | None = None) -> None:
        import pocketsphinx as ps

        base = model_dir or os.path.join(ps.get_model_path(), "en-us")
        hmm, dic = os.path.join(base, "en-us"), os.path.join(base, "cmudict-en-us.dict")
        # dither: a virtual or gated microphone can deliver exact zeros, which upset the live CMN
        self._decoder = ps.Decoder(ps.Config(hmm=hmm, dict=dic, loglevel="FATAL", lm=None, dither=True))
        chosen = dict(words) if words is not None else {"stop": THRESHOLDS["stop"]}
        wake = wake_word.lower().strip()
        if wake and wake not in chosen:
            if all(self._decoder.lookup_word(w) for w in wake.split()):
                chosen[wake] = THRESHOLDS["wake"]
            else:
                log.info("the wake word %r is not in the dictionary: only %s interrupt", wake, sorted(chosen))
        self.words = tuple(chosen)
        _add_kws(self._decoder, "bargein", "".join(f"{w} /{t:g}/\n" for w, t in chosen.items()))
        self._decoder.activate_search("bargein")
        self._active = False
        self._samples = 0

    def reset(self) -> None:
        """Forget what was heard (start of a speaking turn, or after a hit)."""
        if self._active:
            self._decoder.end_utt()
        self._active = False
        self._samples = 0

    def feed(self, pcm: bytes) -> str | None:
        """Add audio; returns the interruption word when one was just heard (then starts afresh)."""
        if not self._active:
            self._decoder.start_utt()
            self._active = True
        self._decoder.process_raw(pcm, False, False)
        self._samples += len(pcm) // 2
        hyp = self._decoder.hyp()
        if hyp is not None and hyp.hypstr.strip():
            word = hyp.hypstr.split()[0]
            self.reset()
            return word
        if self._samples > MAX_UTT_S * 16000:
            self.reset()
        return None


def _add_kws(decoder, name: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Add a keyword list (PocketSphinx 5 reads it only from a file: a temporary one, removed after)."""
    import tempfile

    fd, path = tempfile.mkstemp(prefix="os1-kws-", suffix=".txt")
    try:
        with os.fdopen(fd, "w") as f:
            f.write(text)
        decoder.add_kws(name, path)
    finally:
        os.unlink(path)
