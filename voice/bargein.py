"""Barge-in: while OS¹ speaks, hear "stop", the wake word, or a person starting to talk — not OS¹ itself.

While the speaker plays, the session does not give the microphone to the command recogniser (it
would hear OS¹'s own voice as commands). It feeds it to a :class:`BargeIn`, which asks two things of
every block:

- :class:`BargeInSpotter`: a PocketSphinx decoder in keyword-spotting mode with a short list of
  interruption words, each with a strict detection threshold, so ordinary speech does not fire it;
- :class:`~os1.voice.echo.TalkDetector`: is the microphone louder than OS¹'s own echo can be?

Pure and single-threaded: the session's worker calls :meth:`BargeIn.begin` when a speaking turn
starts and :meth:`BargeIn.feed` with microphone blocks; ``feed`` returns an :class:`Interruption`.
"""

from __future__ import annotations

import collections
import logging
import os
from dataclasses import dataclass

from .echo import PlayedEnergy, TalkDetector

__all__ = ["BargeIn", "BargeInSpotter", "Interruption", "THRESHOLDS", "PREROLL_S"]

log = logging.getLogger("os1.voice.bargein")

THRESHOLDS = {"stop": 1e-10, "wake": 1e-50}
"""Keyword-spotting thresholds (PocketSphinx ``kws`` list): lower fires more readily. Chosen on
espeak-ng/flite speech (clean, 16 kHz): "stop" at 1e-10 was heard in voices en-us, en-us+m3 and
flite slt (not always en-us+f3 or en-gb) and never in "what a lovely day" or an 8 s three-sentence
reply (1e-20 fired once in that reply, 1e-30 four times). The wake word is weak on espeak-ng
speech: "samantha" (en-us) at 1e-50 was heard in only 4 of 12 placements (0 at 1e-40; 5 at
1e-70..1e-90), with no false hits on the other clips; "stop" is the dependable interruption."""
PREROLL_S = 0.15
"""Seconds of microphone audio before a talk onset handed to the recogniser with what follows, so
the first word of a request said over OS¹ is not lost (the onset is found on the loud vowel; a soft
"s" or "th" before it is under the echo). Live, echo 14 dB under the person, 10 tries each (one
run): "samantha what can you do" answered 4/6 at 0.04 s, 10/10 at 0.15 s, 10/10 at 0.25 s; "what
can you do" 10/10 at 0.15 s but 3/10 at 0.25 s (more of OS¹'s echo in front of it)."""
SPOT_PREROLL_S = 0.3
"""Seconds before a talk onset the keyword spotter is given again when it restarts on the person's
words (what it heard of OS¹'s voice before is forgotten: it took that for the wake word at times)."""
WORD_S = 1.0
"""An interruption word counts only if someone was louder than OS¹'s echo within this many seconds."""
KEEP_S = 3.0
"""Seconds of a speaking turn's microphone audio kept for :attr:`Interruption.before`."""
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
        self.wake = wake if wake in chosen else ""
        """The wake word among the words, or "" if it could not be added."""
        _add_kws(self._decoder, "bargein", "".join(f"{w} /{t:g}/\n" for w, t in chosen.items()))
        self._decoder.activate_search("bargein")
        self._active = False
        self._samples = 0
        self.began_s = 0.0
        """For the last word heard: how many seconds before the end of the audio fed so far it began."""

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
            starts = [seg.start_frame for seg in self._decoder.seg() if seg.word.strip()]
            fed_s = self._samples / 16000
            self.began_s = fed_s - starts[0] / 100 if starts else 0.0  # frames are 10 ms
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


@dataclass(frozen=True)
class Interruption:
    """Someone interrupted OS¹."""

    word: str
    """The interruption word heard ("stop", the wake word), or "" when a person started to talk."""
    audio: tuple[bytes, ...] = ()
    """For a talk onset: the microphone blocks from just before the onset on (``PREROLL_S``), to be
    recognised as the start of a request."""
    before: tuple[bytes, ...] = ()
    """For a talk onset: the blocks of this speaking turn before those (at most ``KEEP_S``), for a
    recogniser that was already hearing the person when OS¹ began (it must not miss the middle)."""


class BargeIn:
    """The interruption words and talk onsets, both checked against OS¹'s own echo.

    Through loudspeakers the keyword spotter hears OS¹'s voice too, and now and then takes a word of
    it for the wake word; so a word counts only when the talk detector heard something louder than
    the echo while it was said (within ``WORD_S``).

    Args:
        spotter: the keyword spotter (None: words do not interrupt).
        played: the speaker's :meth:`~os1.voice.tts.Speaker.played_energy` (None: no echo check, and
            talking does not interrupt).
        talk_interrupts: False: talking over OS¹ does not interrupt by itself, only the words do.
    """

    def __init__(self, spotter: BargeInSpotter | None, played: PlayedEnergy | None,
                 talk_interrupts: bool = True) -> None:
        self.spotter = spotter
        self.talk = TalkDetector(played) if played is not None else None
        self.talk_interrupts = talk_interrupts and self.talk is not None
        self._blocks: collections.deque[tuple[float, bytes]] = collections.deque()

    def begin(self) -> None:
        """A speaking turn starts."""
        if self.spotter is not None:
            self.spotter.reset()
        if self.talk is not None:
            self.talk.start_turn()
        self._blocks.clear()

    def wake_after(self, pcm: bytes) -> float | None:
        """After a talk onset (OS¹ has stopped): when the person said the wake word, how many seconds
        before the end of *pcm* it began (so the session can hear the request afresh from there),
        else None. ("Stop" is left to the recogniser: it may begin a request, "stop the timer".)"""
        if self.talk is not None:
            self.talk.idle(pcm)
        if self.spotter is None or not self.spotter.wake:
            return None
        if self.spotter.feed(pcm) != self.spotter.wake:
            return None
        return self.spotter.began_s

    def idle(self, pcm: bytes) -> None:
        """Microphone audio while OS¹ is silent (the talk detector learns the noise floor from it)."""
        if self.talk is not None:
            self.talk.idle(pcm)

    def feed(self, pcm: bytes, at: float) -> Interruption | None:
        """A microphone block captured while OS¹ speaks; *at* is ``time.monotonic()`` of its end."""
        onset = self.talk.feed(pcm, at) if self.talk is not None else None
        if self.spotter is not None:
            word = self.spotter.feed(pcm)
            if word is not None:
                if self.talk is None or self.talk.last_talk >= at - WORD_S:
                    return Interruption(word)
                log.info("barge-in: %r was OS¹'s own voice (nothing louder than its echo)", word)
        if not self.talk_interrupts:
            return None
        self._blocks.append((at, pcm))
        while self._blocks and at - self._blocks[0][0] > KEEP_S:
            self._blocks.popleft()
        if onset is None:
            return None
        log.info("barge-in: talk over OS¹ (%.1f dBFS, %.1f dB over its echo)", onset.level_db, onset.over_echo_db)
        keep = tuple(b for t, b in self._blocks if t >= onset.at - PREROLL_S)
        before = tuple(b for t, b in self._blocks if t < onset.at - PREROLL_S)
        if self.spotter is not None:  # from here it listens for the wake word in the person's words only
            self.spotter.reset()
            for t, b in self._blocks:
                if t >= onset.at - SPOT_PREROLL_S:
                    self.spotter.feed(b)
        self._blocks.clear()
        return Interruption("", keep, before)
