"""Talking over OS¹: how soon a person is heard over OS¹'s own echo, and how often OS¹ stops for itself.

Reproduce (from the repository root; needs espeak-ng and flite; ``--live`` starts its own throwaway
PulseAudio server, no sound card needed):

    .venv/bin/python benchmarks/bench_bargein.py                  # simulated room, ~1 minute
    .venv/bin/python benchmarks/bench_bargein.py --live           # + through PulseAudio, ~3 minutes
    .venv/bin/python benchmarks/bench_bargein.py --live --echo-cancel   # + PulseAudio's echo canceller

Simulated room (tests/voice_out/_room.py): OS¹'s default voice, its echo after 20 or 200 ms through
a room of RT60 0.3 or 0.7 s at a given level, a person (3 voices) at -26 dBFS starting at known
moments. "Heard" means the onset was found between 50 ms before and 250 ms after the person's voice
reached the microphone; latency is from that moment to the deciding frame (add one 30 ms block of
capture and the few ms the speaker takes to stop). Live: a PulseAudio loopback is the room; latency
is from the start of the person's speech as scheduled to SpeechStopped (paplay's own start-up
included, so an upper bound); "answered" means the request said over OS¹ was recognised and answered.
A last live table says what became of three phrases said over OS¹ (the intent of the next turn).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from os1.voice.echo import TalkDetector  # noqa: E402

from tests.voice_out._room import RATE, load, resample, scene  # noqa: E402

REPLY = ("Here is a long reply about the weather. Tomorrow will be sunny with a light breeze from the west. "
         "In the afternoon a few clouds may gather over the hills, but no rain is expected at all.")
PEOPLE = {"espeak en-us": "what time is it", "espeak en-gb+m3": "what is on my calendar today",
          "flite slt": "read my email"}


def _voices(d: Path) -> tuple[tuple[np.ndarray, int], list[np.ndarray]]:
    subprocess.run(["espeak-ng", "-v", "en-us+f3", "-w", str(d / "os1.wav"), REPLY], check=True)
    people = []
    for i, (voice, text) in enumerate(PEOPLE.items()):
        engine, name = voice.split()
        out = d / f"p{i}.wav"
        cmd = (["flite", "-voice", name, "-t", text, "-o", str(out)] if engine == "flite"
               else ["espeak-ng", "-v", name, "-w", str(out), text])
        subprocess.run(cmd, check=True)
        people.append(resample(*load(out)))
    return load(d / "os1.wav"), people


def _detect(sc) -> object:  # type: ignore[no-untyped-def]
    detector = TalkDetector(sc.played)
    detector.idle((np.random.default_rng(5).standard_normal(RATE) * 10 ** (-65 / 20) * 32767).astype("<i2").tobytes())
    detector.start_turn()
    for pcm, at in sc.blocks():
        onset = detector.feed(pcm, at)
        if onset is not None:
            return onset
    return None


def simulated() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        (reply, rate), people = _voices(Path(tmp))
    print("simulated room — person at -26 dBFS; OS¹'s echo at the microphone:")
    print(f"{'echo':>14} {'person − echo':>14} {'self-stops':>11} {'heard':>8} {'latency p50':>12} {'p95':>6}")
    for echo_db in (-56, -46, -40, -36, -32, -26):
        false = runs = 0
        latencies: list[float] = []
        missed = 0
        for seed in range(3):
            for rt60 in (0.3, 0.7):
                for delay in (0.02, 0.2):
                    runs += 1
                    if _detect(scene(reply, rate, echo_db=echo_db, rt60=rt60, delay=delay, seed=seed)) is not None:
                        false += 1
                    for k, person in enumerate(people):
                        talk_at = 1.5 + 0.9 * k + 0.3 * seed
                        sc = scene(reply, rate, echo_db=echo_db, rt60=rt60, delay=delay, seed=seed,
                                   person=person, person_db=-26, talk_at=talk_at)
                        onset = _detect(sc)
                        if onset is None or not (talk_at - 0.05 <= onset.heard_at <= talk_at + 0.25):
                            missed += 1
                        else:
                            latencies.append((onset.heard_at - talk_at) * 1000)
        total = runs * len(people)
        p50 = f"{statistics.median(latencies):.0f} ms" if latencies else "—"
        p95 = f"{np.percentile(latencies, 95):.0f}" if latencies else "—"
        print(f"{echo_db:>10} dBFS {-26 - echo_db:>11} dB {false:>5}/{runs:<5} {total - missed:>3}/{total:<4} "
              f"{p50:>12} {p95:>6}")


def live(echo_cancel: bool) -> None:
    from os1.events import SpeechStopped, Turn
    from tests.support.pulse import virtual_audio
    from tests.voice_in._live import open_session, padded, speak_long
    from tests.voice_in._speech import read, speech_bounds, synth

    settings = [(-14, False), (-10, False), (0, False)] + ([(-6, True), (0, True)] if echo_cancel else [])
    print("\nlive, through PulseAudio (a loopback is the room; the person is ~0 dB at gain 0):")
    print(f"{'echo gain':>10} {'canceller':>10} {'self-stops':>11} {'stopped':>8} {'answered':>9} {'latency p50':>12}")
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        wav, _ = padded(lambda text, voice: synth(text, voice, d / "req-raw.wav"), "what can you do", d / "req.wav")
        start = speech_bounds(read(wav))[0]
        for gain, cancel in settings:
            with virtual_audio() as audio:
                if cancel:
                    audio.echo_cancel()
                audio.echo_room(gain)
                assistant, session, events = open_session(d / f"s{gain}{cancel}")
                self_stops, stopped, answered, latencies = 0, 0, 0, []
                try:
                    for _ in range(3):
                        mark = speak_long(session, events)
                        done = events.wait(lambda e: isinstance(e, SpeechStopped), 40, mark)
                        self_stops += done is None or done[1].reason != "done"
                    for _ in range(5):
                        mark = speak_long(session, events)
                        time.sleep(0.6)
                        t0 = time.monotonic()
                        audio.play_into_mic(wav, wait=False)
                        hit = events.wait(lambda e: isinstance(e, SpeechStopped), 10, mark)
                        if hit is not None and hit[0] >= t0 + start - 0.05:
                            stopped += 1
                            latencies.append((hit[0] - t0 - start) * 1000)
                        elif hit is not None:
                            self_stops += 1
                        turn = events.wait(lambda e: isinstance(e, Turn), 8, mark)
                        answered += turn is not None and turn[1].intent == "help"
                        session.stop_speaking()
                        time.sleep(1.0)
                finally:
                    session.close()
                    assistant.close()
            p50 = f"{statistics.median(latencies):.0f} ms" if latencies else "—"
            print(f"{gain:>7} dB {'on' if cancel else 'off':>10} {self_stops:>7}/8 {stopped:>6}/5 {answered:>7}/5 {p50:>12}")


OVER = {"what can you do": "help", "samantha what can you do": "help", "stop": "hush"}
"""Said over OS¹ (espeak-ng en-us) in --live: the intent each should become."""


def live_understood(tries: int = 8) -> None:
    """What was understood of requests said over OS¹ (it stopped for them): the intent of the turn
    that followed, per phrase. For "stop", no turn at all also leaves OS¹ quiet and listening."""
    from os1.events import SpeechStopped, Turn
    from tests.support.pulse import virtual_audio
    from tests.voice_in._live import open_session, padded, speak_long
    from tests.voice_in._speech import synth

    print(f"\nlive, said over OS¹ 1.2 s into a long reply ({tries} tries each): what became of it")
    print(f"{'echo gain':>10} {'phrase':>26} {'stopped':>8} {'understood':>11} {'no turn':>8}  other readings")
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        for gain in (-14, -10):
            with virtual_audio() as audio:
                audio.echo_room(gain)
                assistant, session, events = open_session(d / f"u{gain}")
                try:
                    for phrase, intent in OVER.items():
                        wav, _ = padded(lambda text, voice: synth(text, voice, d / "raw.wav"), phrase, d / "over.wav")
                        stopped, got = 0, []
                        for _ in range(tries):
                            mark = speak_long(session, events)
                            time.sleep(0.6)
                            audio.play_into_mic(wav, wait=False)
                            hit = events.wait(lambda e: isinstance(e, SpeechStopped), 10, mark)
                            stopped += hit is not None and hit[1].reason == "interrupted"
                            turn = events.wait(lambda e: isinstance(e, Turn), 6, mark)
                            got.append(turn[1].intent if turn is not None else None)
                            session.stop_speaking()
                            time.sleep(1.0)
                        other = sorted({str(g) for g in got if g not in (intent, None)})
                        print(f"{gain:>7} dB {phrase!r:>26} {stopped:>6}/{tries} {got.count(intent):>8}/{tries} "
                              f"{got.count(None):>6}/{tries}  {', '.join(other) or '-'}")
                finally:
                    session.close()
                    assistant.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--live", action="store_true", help="also measure through a throwaway PulseAudio server")
    parser.add_argument("--echo-cancel", action="store_true", help="with --live: also with PulseAudio's echo canceller")
    args = parser.parse_args()
    simulated()
    if args.live:
        live(args.echo_cancel)
        live_understood()


if __name__ == "__main__":
    main()
