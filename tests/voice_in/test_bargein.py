"""Barge-in through the real audio path: OS¹ speaks on the virtual speaker while a person talks into the
virtual microphone (throwaway PulseAudio server, see tests/support/pulse.py). No mocks.

The interruption latency is measured from the end of the "stop" speech in the injected file, as
scheduled (paplay start + the speech's end in the file), to the SpeechStopped event. paplay takes a
few tens of ms to start playing, so the figure is an upper bound of the real latency.

These run with ``interrupt_on_speech = false``, so only the words interrupt: with it on (the default)
"stop" is caught as talk over OS¹ ~0.1 s after it begins (tests/voice_in/test_talkover.py).
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import numpy as np
import pytest

from tests.support.pulse import pulse_available, virtual_audio

from ._live import open_session, padded, speak_long
from ._speech import read

pytestmark = [pytest.mark.skipif(pulse_available() is not None, reason=str(pulse_available()))]

LATENCIES: list[float] = []


def _interrupt(audio, session, events, wav: Path, speech_end: float) -> tuple[int, float]:  # type: ignore[no-untyped-def]
    """OS¹ speaks, the person says *wav*: checks the speech stops and OS¹ listens; (mark, stop time)."""
    from os1.events import ListenState, SpeechStopped

    mark = speak_long(session, events)
    started = time.monotonic()
    player = audio.play_into_mic(wav, wait=False)
    stopped = events.wait(lambda e: isinstance(e, SpeechStopped), 15, mark)
    player.wait(10)
    assert stopped is not None, f"OS¹ kept speaking after {wav.name}"
    at, event = stopped
    assert event == SpeechStopped("interrupted")
    LATENCIES.append((at - (started + speech_end)) * 1000)
    assert events.wait(lambda e: isinstance(e, ListenState) and e.state == "listening", 5, mark)
    assert not session._speaker.speaking
    return mark, at


@pytest.mark.timeout(90)
def test_saying_stop_interrupts_the_speech_and_os1_listens(say, tmp_path):
    from os1.events import Turn

    wav, speech_end = padded(say, "stop", tmp_path / "stop.wav")
    request, _ = padded(say, "what can you do", tmp_path / "request.wav")
    with virtual_audio() as audio:
        assistant, session, events = open_session(tmp_path, interrupt_on_speech=False)
        try:
            with audio.record_speaker(tmp_path / "out.wav"):
                recording = time.monotonic()
                _, stopped_at = _interrupt(audio, session, events, wav, speech_end)
                time.sleep(0.8)
            out = read(tmp_path / "out.wav")
            cut = int((stopped_at - recording + 0.15) * 16000)
            assert np.abs(out[:cut]).max() > 3000, "nothing was heard from OS¹ before the stop"
            assert np.abs(out[cut:]).max() < 300, "OS¹'s voice went on after the stop"
            for _ in range(2):
                time.sleep(0.5)
                mark, _ = _interrupt(audio, session, events, wav, speech_end)
            # the next words are a request, without the wake word
            audio.play_into_mic(request)
            turn = events.wait(lambda e: isinstance(e, Turn), 20, mark)
            assert turn is not None and turn[1].intent == "help", events.items[mark:]
        finally:
            session.close()
            assistant.close()
    median = statistics.median(LATENCIES)
    # the target is 100 ms; measured medians were 90-114 ms (upper bounds, see the module
    # docstring) with single runs up to ~190 ms on a busy 2-core machine, so only a generous bound here
    assert max(LATENCIES) < 500, LATENCIES
    print(f"\nbarge-in latency, end of the word to SpeechStopped (ms, upper bound): "
          f"{[round(x) for x in LATENCIES]}, median {median:.0f}")


@pytest.mark.timeout(90)
def test_with_talking_over_off_only_the_words_interrupt(say, tmp_path):
    """``interrupt_on_speech = false``: other speech is neither an interruption nor a command (talking
    over OS¹ is tested in test_talkover.py)."""
    from os1.events import SpeechStopped, Turn

    wav, _ = padded(say, "what a lovely day", tmp_path / "lovely.wav")
    with virtual_audio() as audio:
        assistant, session, events = open_session(tmp_path, interrupt_on_speech=False)
        try:
            mark = speak_long(session, events)
            audio.play_into_mic(wav)
            time.sleep(0.5)
            assert session._speaker.speaking, "OS¹ stopped speaking on speech that was not 'stop'"
            assert not session._bargein.talk_interrupts
            assert not any(isinstance(e, SpeechStopped) for _, e in events.items[mark:])
            session.stop_speaking()
            assert events.wait(lambda e: isinstance(e, SpeechStopped), 5, mark)
            assert not any(isinstance(e, Turn) for _, e in events.items)  # nor was it taken as a command
            # muting the session mutes the speaker too
            mark = speak_long(session, events)
            session.set_muted(True)
            assert events.wait(lambda e: isinstance(e, SpeechStopped), 5, mark)[1] == SpeechStopped("muted")
        finally:
            session.close()
            assistant.close()
