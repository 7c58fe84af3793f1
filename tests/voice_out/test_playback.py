"""Speech played through sounddevice into a PulseAudio null sink and recorded from its monitor."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from os1.events import SpeechStarted, SpeechStopped
from os1.settings import Settings

from .conftest import read_wav, speech_span

pytestmark = pytest.mark.timeout(60)

LONG = " ".join(f"This is sentence number {n} of a long reply that keeps going." for n in range(1, 40))


class Events:
    """What the speaker reported, with a way to wait for one."""

    def __init__(self) -> None:
        self.items: list = []
        self.times: list[float] = []
        self._cond = threading.Condition()

    def __call__(self, event) -> None:
        with self._cond:
            self.items.append(event)
            self.times.append(time.monotonic())
            self._cond.notify_all()

    def wait_for(self, kind: type, timeout: float = 20.0, count: int = 1):
        with self._cond:
            ok = self._cond.wait_for(lambda: sum(isinstance(e, kind) for e in self.items) >= count, timeout)
        assert ok, f"no {kind.__name__} within {timeout} s; got {self.items}"
        return [e for e in self.items if isinstance(e, kind)][count - 1]

    def of(self, *kinds: type) -> list:
        return [e for e in self.items if isinstance(e, kinds)]


@pytest.fixture
def speak(pulse):
    """A factory for speakers on the virtual speaker; closes them all afterwards."""
    from os1.voice.tts import Speaker

    made = []

    def make(**settings):
        events = Events()
        speaker = Speaker(Settings(**settings), events)
        made.append(speaker)
        return speaker, events

    yield make
    for speaker in made:
        speaker.close()


def test_a_reply_is_heard_on_the_speaker(pulse, speak, recognise, tmp_path: Path) -> None:
    speaker, events = speak()
    assert speaker.available() is None
    rec = tmp_path / "heard.wav"
    with pulse.record_speaker(rec):
        speaker.say("Turn on the kitchen lights.")
        assert speaker.speaking
        events.wait_for(SpeechStopped)
        assert not speaker.speaking
        time.sleep(0.2)
    assert events.items == [SpeechStarted("Turn on the kitchen lights."), SpeechStopped("done")]
    assert recognise(rec) == "turn on the kitchen lights"
    echo, end = speaker.last_played(5.0)
    assert echo.seconds > 1.0 and 0 < time.monotonic() - end < 5.0
    assert speaker.last_first_audio_ms is not None


def test_the_first_sentence_plays_while_the_rest_is_synthesised(pulse) -> None:
    from os1.voice.tts import Speaker
    from os1.voice.tts._client import SynthWorker

    class HeldWorker(SynthWorker):
        """The real worker, except that the second sentence waits until the test lets it go."""

        def __init__(self) -> None:
            super().__init__()
            self.calls = 0
            self.release = threading.Event()

        def synth(self, *args, **kwargs):
            self.calls += 1
            if self.calls == 2:
                self.release.wait(20)
            return super().synth(*args, **kwargs)

    worker = HeldWorker()
    events = Events()
    speaker = Speaker(Settings(), events, worker=worker)
    try:
        speaker.say("The first sentence. The second sentence. The third sentence.")
        events.wait_for(SpeechStarted, timeout=10)  # never comes if playback waits for the whole reply
        assert worker.calls == 2 and not worker.release.is_set()
        worker.release.set()
        assert events.wait_for(SpeechStopped) == SpeechStopped("done")
        assert worker.calls == 3
    finally:
        worker.release.set()
        speaker.close()


def test_stop_cuts_the_sound_within_100_ms_and_the_next_reply_plays(pulse, speak, tmp_path: Path) -> None:
    speaker, events = speak(voice="en-us")
    speaker.say("Warm up.")
    events.wait_for(SpeechStopped)
    rec = tmp_path / "cut.wav"
    with pulse.record_speaker(rec):
        said = time.monotonic()
        speaker.say(LONG)
        events.wait_for(SpeechStarted, count=2)
        time.sleep(1.5)
        asked = time.monotonic()
        speaker.stop()
        stop_ms = (time.monotonic() - asked) * 1000
        assert not speaker.speaking
        time.sleep(0.6)
    assert stop_ms < 100
    assert events.wait_for(SpeechStopped, count=2, timeout=2.0) == SpeechStopped("interrupted")
    samples, rate = read_wav(rec)
    span = speech_span(samples, rate)
    assert span is not None
    heard = span[1] - span[0]
    played_until_stop = asked - (said + speaker.last_first_audio_ms / 1000)
    assert heard < played_until_stop + 0.100, (heard, played_until_stop)
    assert heard > played_until_stop - 0.400, (heard, played_until_stop)  # it really was speaking until then
    speaker.say("Play some music.")
    assert events.wait_for(SpeechStopped, count=3) == SpeechStopped("done")


def test_every_stop_is_reported_as_interrupted(speak) -> None:
    speaker, events = speak()
    for n in range(1, 9):
        speaker.say(LONG)
        events.wait_for(SpeechStarted, count=n)
        time.sleep(0.02 * n)
        speaker.stop()
        assert events.wait_for(SpeechStopped, count=n, timeout=2.0) == SpeechStopped("interrupted")
    assert speaker.last_error is None


def test_replies_queue_and_play_in_order(speak) -> None:
    speaker, events = speak()
    for text in ("One.", "Two, the second reply.", "Three."):
        speaker.say(text)
    events.wait_for(SpeechStopped, count=3)
    assert events.items == [SpeechStarted("One."), SpeechStopped("done"), SpeechStarted("Two, the second reply."),
                            SpeechStopped("done"), SpeechStarted("Three."), SpeechStopped("done")]
    gaps = [b - a for a, b in zip(events.times, events.times[1:], strict=False)]
    assert gaps[0] > 0.4 and gaps[2] > 0.8  # each played for its length: none cut the one before


def test_os1_say_plays_on_the_speaker(pulse, recognise, tmp_path: Path) -> None:
    import subprocess
    import sys

    rec = tmp_path / "say.wav"
    with pulse.record_speaker(rec):
        run = subprocess.run([sys.executable, "-m", "os1.cli", "--home", str(tmp_path / "home"), "say",
                              "Set a timer for 10 minutes."], env=pulse.env, capture_output=True, text=True,
                             timeout=60, stdin=subprocess.DEVNULL)
        time.sleep(0.2)
    assert run.returncode == 0, run.stderr
    assert recognise(rec) == "set a timer for ten minutes"


def test_a_missing_output_device_reports_an_error_and_never_raises(speak) -> None:
    speaker, events = speak(output_device="no-such-speaker")
    problem = speaker.available()
    assert problem is not None and "no-such-speaker" in problem and "os1 devices" in problem
    speaker.say("Hello there.")
    assert events.wait_for(SpeechStopped) == SpeechStopped("error")
    assert events.of(SpeechStarted) == []
    assert "no-such-speaker" in (speaker.last_error or "")
    assert not speaker.speaking


def test_a_device_that_goes_away_mid_reply_ends_it_with_an_error(speak) -> None:
    from tests.support.pulse import virtual_audio

    speaker, events = speak()
    with virtual_audio():  # a second server, for this reply only; leaving the block stops it
        speaker.say(LONG)
        events.wait_for(SpeechStarted)
        time.sleep(0.5)
    assert events.wait_for(SpeechStopped, timeout=5.0) == SpeechStopped("error")
    assert "output device" in (speaker.last_error or "")
    assert not speaker.speaking
    speaker.say("Back on the first speaker.")  # the session's server again
    assert events.wait_for(SpeechStopped, count=2) == SpeechStopped("done")


def test_muted_and_unmuted(speak) -> None:
    speaker, events = speak(muted=True)
    speaker.say("You should not hear this.")
    assert events.wait_for(SpeechStopped) == SpeechStopped("muted")
    speaker.set_muted(False)
    speaker.say(LONG)
    events.wait_for(SpeechStarted)
    speaker.set_muted(True)
    assert events.wait_for(SpeechStopped, count=2) == SpeechStopped("muted")
    assert [type(e).__name__ for e in events.items] == ["SpeechStopped", "SpeechStarted", "SpeechStopped"]


@pytest.mark.parametrize("text", ["", "   ", "😀🎉🙂", "\x00\x07\x1b[31m\x1b[0m"])
def test_nothing_speakable_ends_at_once_without_sound(speak, text: str) -> None:
    speaker, events = speak()
    speaker.say(text)
    assert events.wait_for(SpeechStopped, timeout=2.0) == SpeechStopped("done")
    assert events.of(SpeechStarted) == []


def test_50_kb_emoji_and_an_unknown_voice(speak) -> None:
    speaker, events = speak(voice="no-such-voice")
    speaker.say("Hello 😀 there!\x07 " + "Lots of text. " * 3700)
    events.wait_for(SpeechStarted, timeout=10)
    assert "no-such-voice" in (speaker.last_error or "") and "os1 voices" in (speaker.last_error or "")
    speaker.stop()
    assert events.wait_for(SpeechStopped, timeout=2.0) == SpeechStopped("interrupted")
    assert len(events.of(SpeechStopped)) == 1


def test_a_worker_killed_or_hung_mid_reply_is_replaced(speak) -> None:
    speaker, events = speak()
    speaker.say("One. Two. Three.")
    events.wait_for(SpeechStarted)
    os.kill(speaker.worker_pid, signal.SIGKILL)
    assert events.wait_for(SpeechStopped) == SpeechStopped("done")
    speaker.say("Four, after a kill.")
    assert events.wait_for(SpeechStopped, count=2) == SpeechStopped("done")
    hung = speaker.worker_pid
    os.kill(hung, signal.SIGSTOP)
    speaker.say("Five, after a hang.")
    assert events.wait_for(SpeechStopped, count=3, timeout=20) == SpeechStopped("done")
    assert speaker.worker_pid not in (None, hung)
    assert len(events.of(SpeechStarted)) == 3


def test_progress_events(speak) -> None:
    from os1.voice.tts import Speaker, SpeechProgress

    events = Events()
    speaker = Speaker(Settings(), events, progress=True)
    try:
        speaker.say("One sentence here. And another one here.")
        events.wait_for(SpeechStopped)
    finally:
        speaker.close()
    progress = events.of(SpeechProgress)
    assert len(progress) >= 5
    assert [p.played_s for p in progress] == sorted(p.played_s for p in progress)
    assert {p.sentence for p in progress} == {0, 1} and progress[0].sentences == 2
    assert max(p.dbfs for p in progress) > -40
