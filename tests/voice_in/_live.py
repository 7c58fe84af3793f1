"""A live voice session on the throwaway PulseAudio server, and its events as they come (shared by the
barge-in tests)."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import numpy as np

from ._speech import read, speech_bounds, write

LONG_REPLY = ("Here is a long reply about the weather. Tomorrow will be sunny with a light breeze from the west. "
              "In the afternoon a few clouds may gather over the hills, but no rain is expected at all. "
              "The evening will be mild, and the night will be clear and calm.")


class Recorder:
    """The session's events with their arrival times; wait for one kind."""

    def __init__(self) -> None:
        self.items: list[tuple[float, object]] = []
        self._cond = threading.Condition()

    def __call__(self, event: object) -> None:
        with self._cond:
            self.items.append((time.monotonic(), event))
            self._cond.notify_all()

    def told(self, after: int = 0) -> str:
        """The events since *after*, one a line, seconds from the first (for a failure message;
        the microphone's level only when it changes by 6 dB or more)."""
        from os1.events import MicLevel

        lines, level, t0 = [], None, self.items[after][0] if len(self.items) > after else 0.0
        for at, event in self.items[after:]:
            if isinstance(event, MicLevel):
                if level is not None and abs(event.dbfs - level) < 6:
                    continue
                level = event.dbfs
            lines.append(f"{at - t0:6.2f} {str(event)[:120]}")
        return "\n" + "\n".join(lines)

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


def padded(say, text: str, path: Path) -> tuple[Path, float]:
    """*text* by espeak-ng with 0.3 s of silence either side, and the second at which its speech ends."""
    clean = read(say(text, "espeak:en-us"))
    pad = np.zeros(4800, np.float32)
    x = np.concatenate([pad, clean, pad])
    return write(path, x), speech_bounds(x)[1]


def open_session(tmp_path, **overrides):  # type: ignore[no-untyped-def]
    if "sounddevice" in sys.modules:  # PortAudio listed devices before this server existed
        import sounddevice as sd

        sd._terminate()
        sd._initialize()
    from os1.voice.session import VoiceSession

    from os1.app import build_assistant
    from os1.events import ListenState

    assistant = build_assistant(home=tmp_path / "home", overrides={"recognizer": "pocketsphinx", **overrides})
    events = Recorder()
    session = VoiceSession(assistant, events)
    session.start()
    assert events.wait(lambda e: isinstance(e, ListenState) and e.state in ("wake", "off"), 60)
    _, first = next((at, e) for at, e in events.items if isinstance(e, ListenState))
    assert first.state == "wake", events.items
    assert session._speaker is not None and session._bargein is not None  # TTS and the spotter are installed
    return assistant, session, events


def speak_long(session, events) -> int:  # type: ignore[no-untyped-def]
    from os1.events import SpeechStarted

    mark = len(events.items)
    session.speak(LONG_REPLY)
    assert events.wait(lambda e: isinstance(e, SpeechStarted), 30, mark), "OS¹ did not start speaking"
    time.sleep(0.6)  # well into the reply
    return mark
