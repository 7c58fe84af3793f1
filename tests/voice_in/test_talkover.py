"""Talking over OS¹ through real audio: OS¹'s speaker leaks into the microphone (a PulseAudio loopback
stands in for the room), a person starts a request while OS¹ speaks. No mocks.

- OS¹ must not stop for its own voice, however loud the echo;
- a person talking over it stops it and is heard from their first word.

PulseAudio's own echo canceller is measured by benchmarks/bench_bargein.py --live --echo-cancel, not
tested: in this virtual room its leftovers made OS¹ stop itself (see the README).

The latency is measured from the start of the person's speech in the injected file, as scheduled
(paplay start + the speech's start in the file), to the SpeechStopped event: an upper bound, since
paplay takes a few tens of ms to start.
"""

from __future__ import annotations

import statistics
import time

import pytest

from tests.support.pulse import pulse_available, virtual_audio

from ._live import LONG_REPLY, Recorder, open_session, padded, speak_long
from ._speech import read, speech_bounds

pytestmark = [pytest.mark.skipif(pulse_available() is not None, reason=str(pulse_available()))]

LATENCIES: dict[str, list[float]] = {}


def _request(say, tmp_path, text: str = "what can you do"):  # type: ignore[no-untyped-def]
    wav, _ = padded(say, text, tmp_path / "request.wav")
    return wav, speech_bounds(read(wav))[0]


def _talk_over(audio, session, events: Recorder, wav, speech_start: float, label: str) -> None:  # type: ignore[no-untyped-def]
    """OS¹ speaks; 1.2 s in, the person asks what it can do. It stops, listens, and answers that.

    (A phrase PocketSphinx reads reliably on espeak-ng speech: "what time is it" it mostly does not,
    echo or no echo — see shared/AUDIO-TESTING.md.)"""
    from os1.events import ListenState, SpeechStopped, Turn

    mark = speak_long(session, events)
    time.sleep(0.6)  # speak_long waited 0.6 s: the coupling is learned in the first 0.5 s
    started = time.monotonic()
    audio.play_into_mic(wav, wait=False)
    stopped = events.wait(lambda e: isinstance(e, SpeechStopped), 10, mark)
    assert stopped is not None, "OS¹ kept talking over the person"
    at, event = stopped
    assert event == SpeechStopped("interrupted")
    assert at >= started + speech_start - 0.05, "OS¹ stopped before the person spoke"
    LATENCIES.setdefault(label, []).append((at - (started + speech_start)) * 1000)
    assert events.wait(lambda e: isinstance(e, ListenState) and e.state == "listening", 5, mark)
    turn = events.wait(lambda e: isinstance(e, Turn), 20, mark)
    assert turn is not None and turn[1].intent == "help", [e for _, e in events.items[mark:]]
    session.stop_speaking()  # its answer need not be heard out
    time.sleep(0.8)


def _wake_word_over(audio, session, events: Recorder, say, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The wake word said over OS¹ stops it and OS¹ listens; "samantha, what can you do" is answered.

    Not asserted: that "samantha" alone never becomes a turn. Its echo-smeared start is sometimes read
    as a free-text request ("who is and so"): 1 in 8 measured (4 in 8 before the keyword spotter
    was kept listening after the onset to restart the utterance after the wake word).
    """
    from os1.events import ListenState, SpeechStopped, Turn

    wake, _ = padded(say, "samantha", tmp_path / "wake.wav")
    request, _ = padded(say, "samantha what can you do", tmp_path / "wake-request.wav")
    mark = speak_long(session, events)
    time.sleep(0.6)
    audio.play_into_mic(wake)
    stopped = events.wait(lambda e: isinstance(e, SpeechStopped), 5, mark)
    assert stopped is not None and stopped[1] == SpeechStopped("interrupted")
    assert events.wait(lambda e: isinstance(e, ListenState) and e.state == "listening", 1, mark)
    time.sleep(1.0)
    session.stop_speaking()
    mark = len(events.items)
    audio.play_into_mic(request)
    turn = events.wait(lambda e: isinstance(e, Turn), 20, mark)
    assert turn is not None and turn[1].intent == "help", [e for _, e in events.items[mark:]]
    session.stop_speaking()


def _wake_and_request_in_one_breath(audio, session, events: Recorder, say, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """"Samantha, what can you do" said over OS¹ without a pause is answered: the talk onset hands
    the recogniser the wake word's first syllable, and the spotter hearing "samantha" a moment
    later must not throw the request away (a run of the end-to-end test under load caught that)."""
    from os1.events import SpeechStopped, Turn

    request, _ = padded(say, "samantha what can you do", tmp_path / "wake-request.wav")
    mark = speak_long(session, events)
    time.sleep(0.6)
    audio.play_into_mic(request, wait=False)
    stopped = events.wait(lambda e: isinstance(e, SpeechStopped), 5, mark)
    assert stopped is not None and stopped[1] == SpeechStopped("interrupted")
    turn = events.wait(lambda e: isinstance(e, Turn), 20, mark)
    assert turn is not None and turn[1].intent == "help", [e for _, e in events.items[mark:]]
    session.stop_speaking()
    time.sleep(0.8)


def _already_talking_when_os1_begins(audio, session, events: Recorder, say, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A reply comes (a typed one, or one still being synthesised) while the person is in the middle
    of a request: OS¹ does not talk over them. The reply waits; their request is heard whole and
    answered, and that answer replaces the one that waited."""
    from os1.events import SpeechStarted, Turn

    request, _ = padded(say, "samantha what can you do", tmp_path / "wake-request.wav")
    start, _ = speech_bounds(read(request))
    mark = len(events.items)
    audio.play_into_mic(request, wait=False)
    time.sleep(start + 0.6)  # "samantha" said: the recogniser is in the middle of an utterance
    session.speak(LONG_REPLY)
    turn = events.wait(lambda e: isinstance(e, Turn), 20, mark)
    assert turn is not None and turn[1].intent == "help", events.told(mark)
    spoken = events.wait(lambda e: isinstance(e, SpeechStarted), 10, mark)
    assert spoken is not None and spoken[1].text == turn[1].speech, events.told(mark)
    assert not any(isinstance(e, SpeechStarted) and e.text == LONG_REPLY for _, e in events.items[mark:]), \
        "OS¹ talked over the person"
    session.stop_speaking()
    time.sleep(0.8)


def _speaks_to_the_end(session, events: Recorder) -> None:  # type: ignore[no-untyped-def]
    from os1.events import SpeechStopped, Turn

    mark = speak_long(session, events)
    done = events.wait(lambda e: isinstance(e, SpeechStopped), 40, mark)
    assert done is not None and done[1] == SpeechStopped("done"), [e for _, e in events.items[mark:]]
    assert not any(isinstance(e, Turn) for _, e in events.items[mark:]), "OS¹ took its own voice for a request"


def _report(label: str) -> None:
    values = LATENCIES.get(label, [])
    print(f"\ntalk-over latency ({label}), start of speech to SpeechStopped (ms, upper bound): "
          f"{[round(x) for x in values]}, median {statistics.median(values):.0f}")


@pytest.mark.timeout(150)
def test_talking_over_os1_stops_it_and_the_request_is_heard(say, tmp_path):
    wav, start = _request(say, tmp_path)
    with virtual_audio() as audio:
        audio.echo_room(-14)  # the loudspeaker reaches the microphone ~12 dB below the person
        assistant, session, events = open_session(tmp_path)
        try:
            _speaks_to_the_end(session, events)
            for _ in range(3):
                _talk_over(audio, session, events, wav, start, "room echo 12 dB under the person")
            _wake_word_over(audio, session, events, say, tmp_path)
        finally:
            session.close()
            assistant.close()
    _report("room echo 12 dB under the person")
    assert max(LATENCIES["room echo 12 dB under the person"]) < 400


@pytest.mark.timeout(150)
def test_the_wake_word_and_a_request_over_os1_or_as_it_begins_are_heard_whole(say, tmp_path):
    with virtual_audio() as audio:
        audio.echo_room(-14)
        assistant, session, events = open_session(tmp_path)
        try:
            for _ in range(2):
                _wake_and_request_in_one_breath(audio, session, events, say, tmp_path)
            for _ in range(2):
                _already_talking_when_os1_begins(audio, session, events, say, tmp_path)
        finally:
            session.close()
            assistant.close()


@pytest.mark.timeout(120)
def test_a_loud_echo_never_makes_os1_interrupt_itself(say, tmp_path):
    with virtual_audio() as audio:
        audio.echo_room(0)  # OS¹'s voice reaches the microphone as loud as a person's
        assistant, session, events = open_session(tmp_path)
        try:
            for _ in range(2):
                _speaks_to_the_end(session, events)
        finally:
            session.close()
            assistant.close()
