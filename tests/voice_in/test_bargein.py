"""Barge-in through the real audio path: OS¹ speaks on the virtual speaker while a person talks into the
virtual microphone (throwaway PulseAudio server, see tests/support/pulse.py). No mocks.

The interruption latency is measured from the end of the "stop" speech in the injected file, as
scheduled (paplay start + the speech's end in the file), to the SpeechStopped event. paplay takes a
few tens of ms to start playing, so the figure is an upper bound of the real latency.
"""

from __future__ import annotations

import statistics
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from tests.support.pulse import pulse_available, virtual_audio

from ._speech import read, speech_bounds, write

pytestmark = [pytest.mark.skipif(pulse_available() is not None, reason=str(pulse_available()))]

LONG_REPLY = ("Here is a long reply about the weather. Tomorrow will be sunny with a light breeze from the west. "
              "In the afternoon a few clouds may gather over the hills, but no rain is expected at all. "
              "The evening will be mild, and the night will be clear and calm.")
LATENCIES: list[float] = []


class Recorder:
    """The session's events with their arrival times; wait for one kind."""

    def __init__(self) -> None:
        self.items: list[tuple[float, object]] = []
        self._cond = threading.Condition()

    def __call__(self, event: object) -> None:
        with self._cond:
            self.items.append((time.monotonic(), event))
            self._cond.notify_all()

    def wait(self, pred, timeout: float, after: int = 0):  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for at, event in self.items[after:]:
                    if pred(event):
                        return at, event
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self._cond.wait(left)


def _padded(say, text: str, path: Path) -> tuple[Path, float]:
    """*text* by espeak-ng with 0.3 s of silence either side, and the second at which its speech ends."""
    clean = read(say(text, "espeak:en-us"))
    pad = np.zeros(4800, np.float32)
    x = np.concatenate([pad, clean, pad])
    return write(path, x), speech_bounds(x)[1]


def _session(tmp_path):  # type: ignore[no-untyped-def]
    if "sounddevice" in sys.modules:  # PortAudio listed devices before this server existed
        import sounddevice as sd

        sd._terminate()
        sd._initialize()
    from os1.voice.session import VoiceSession

    from os1.app import build_assistant
    from os1.events import ListenState

    assistant = build_assistant(home=tmp_path / "home", overrides={"recognizer": "pocketsphinx"})
    events = Recorder()
    session = VoiceSession(assistant, events)
    session.start()
    assert events.wait(lambda e: isinstance(e, ListenState) and e.state in ("wake", "off"), 60)
    _, first = next((at, e) for at, e in events.items if isinstance(e, ListenState))
    assert first.state == "wake", events.items
    assert session._speaker is not None and session._bargein is not None  # TTS and the spotter are installed
    return assistant, session, events


def _speak_long(session, events) -> int:  # type: ignore[no-untyped-def]
    from os1.events import SpeechStarted

    mark = len(events.items)
    session.speak(LONG_REPLY)
    assert events.wait(lambda e: isinstance(e, SpeechStarted), 30, mark), "OS¹ did not start speaking"
    time.sleep(0.6)  # well into the reply
    return mark


def _interrupt(audio, session, events, wav: Path, speech_end: float) -> tuple[int, float]:  # type: ignore[no-untyped-def]
    """OS¹ speaks, the person says *wav*: checks the speech stops and OS¹ listens; (mark, stop time)."""
    from os1.events import ListenState, SpeechStopped

    mark = _speak_long(session, events)
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

    wav, speech_end = _padded(say, "stop", tmp_path / "stop.wav")
    request, _ = _padded(say, "what can you do", tmp_path / "request.wav")
    with virtual_audio() as audio:
        assistant, session, events = _session(tmp_path)
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
def test_other_speech_does_not_interrupt(say, tmp_path):
    from os1.events import SpeechStopped, Turn

    wav, _ = _padded(say, "what a lovely day", tmp_path / "lovely.wav")
    with virtual_audio() as audio:
        assistant, session, events = _session(tmp_path)
        try:
            mark = _speak_long(session, events)
            audio.play_into_mic(wav)
            time.sleep(0.5)
            assert session._speaker.speaking, "OS¹ stopped speaking on speech that was not 'stop'"
            assert not any(isinstance(e, SpeechStopped) for _, e in events.items[mark:])
            session.stop_speaking()
            assert events.wait(lambda e: isinstance(e, SpeechStopped), 5, mark)
            assert not any(isinstance(e, Turn) for _, e in events.items)  # nor was it taken as a command
            # muting the session mutes the speaker too
            mark = _speak_long(session, events)
            session.set_muted(True)
            assert events.wait(lambda e: isinstance(e, SpeechStopped), 5, mark)[1] == SpeechStopped("muted")
        finally:
            session.close()
            assistant.close()
