"""Voice-out figures: reply text to first audio sample (warm and cold), synthesis real-time factor, stop latency.

Reproduce (from the repository root; starts its own throwaway PulseAudio server, needs no sound card):

    .venv/bin/python benchmarks/bench_tts.py            # ~1 minute
    .venv/bin/python benchmarks/bench_tts.py --quick    # fewer runs

"First audio" is ``Speaker.say()`` to the audio callback that hands the first speech sample to PortAudio;
the device buffer after that (PortAudio's reported output latency) is printed next to it.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REPLY = "It's 9:30 pm. You have two meetings tomorrow, and the first one is at 10 am."
SENTENCES = {
    "short (2 words)": "Of course.",
    "medium (12 words)": "I found three films with Joaquin Phoenix, and the newest one is from 2019.",
    "long (40 words)": " ".join(["This is a long sentence that keeps going for a while,"] * 4) + " and then it ends.",
}
COLD = """
import sys, time, threading
sys.path.insert(0, {root!r})
from os1.settings import Settings
from os1.voice.tts import Speaker
from os1.events import SpeechStopped
done = threading.Event()
s = Speaker(Settings(), lambda e: done.set() if isinstance(e, SpeechStopped) else None, warm=False)
s.say({reply!r})
while s.last_first_audio_ms is None and not done.is_set():
    time.sleep(0.002)
print(s.last_first_audio_ms)
s.close()
"""


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def report(name: str, values: list[float], unit: str, fmt: str = ".1f") -> None:
    med, p95 = format(statistics.median(values), fmt), format(pct(values, 95), fmt)
    print(f"  {name:<34} median {med:>8} {unit:<3} p95 {p95:>8} {unit:<3}"
          f" (n={len(values)}, min {min(values):{fmt}}, max {max(values):{fmt}})")


def first_audio(speaker, stopped: threading.Event, text: str) -> float:
    speaker.last_first_audio_ms = None
    stopped.clear()
    speaker.say(text)
    deadline = time.monotonic() + 10
    while speaker.last_first_audio_ms is None and time.monotonic() < deadline:
        time.sleep(0.002)
    value = speaker.last_first_audio_ms
    speaker.stop()
    stopped.wait(2)
    if value is None:
        raise RuntimeError(f"no audio: {speaker.last_error}")
    return value


def audible_after_stop(pulse, speaker, started: threading.Event, stopped: threading.Event) -> float:
    """ms of speech recorded from the speaker's monitor after stop(), beyond what was due until then."""
    import tempfile
    import wave

    import numpy as np

    with tempfile.TemporaryDirectory() as tmp:
        rec = Path(tmp) / "cut.wav"
        with pulse.record_speaker(rec):
            started.clear()
            stopped.clear()
            said = time.monotonic()
            speaker.say("This reply is long enough to be interrupted. " * 8)
            started.wait(10)
            time.sleep(1.0)
            asked = time.monotonic()
            speaker.stop()
            stopped.wait(2)
            time.sleep(0.4)
        with wave.open(str(rec)) as wav:
            x = np.frombuffer(wav.readframes(wav.getnframes()), "<i2")
            rate = wav.getframerate()
    loud = np.flatnonzero(np.abs(x.astype(np.int32)) > 500)
    heard = (loud[-1] - loud[0]) / rate
    due = asked - (said + speaker.last_first_audio_ms / 1000)
    return (heard - due) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    runs = 10 if args.quick else 30
    from tests.support.pulse import virtual_audio

    with virtual_audio() as pulse:
        import sounddevice as sd
        from os1.voice.tts import Speaker
        from os1.voice.tts._client import SynthWorker

        from os1.events import SpeechStarted, SpeechStopped
        from os1.settings import Settings

        print(f"OS¹ voice out — {runs} runs each; virtual PulseAudio null sink; {time.strftime('%Y-%m-%d %H:%M')}")
        stopped = threading.Event()
        started = threading.Event()

        def on_event(event) -> None:
            if isinstance(event, SpeechStopped):
                stopped.set()
            elif isinstance(event, SpeechStarted):
                started.set()

        speaker = Speaker(Settings(), on_event)
        speaker._worker.start()  # the benchmark waits for warm-up so it measures the steady state
        first_audio(speaker, stopped, "Warm up.")
        warm = [first_audio(speaker, stopped, REPLY) for _ in range(runs)]
        print("\nReply text to first audio sample (target < 150 ms):")
        report("warm (worker running)", warm, "ms")
        cold = []
        for _ in range(max(3, runs // 6)):
            out = subprocess.run([sys.executable, "-c", COLD.format(root=str(ROOT), reply=REPLY)],
                                 capture_output=True, text=True, timeout=60)
            cold.append(float(out.stdout.strip().splitlines()[-1]))
        report("cold (new process, no warm-up)", cold, "ms")
        stream = sd.OutputStream(samplerate=22050, channels=1, dtype="int16", latency="low")
        print(f"  + device buffer after the callback: {stream.latency * 1000:.1f} ms (PortAudio output latency)")
        stream.close()

        print("\nSynthesis real-time factor (synthesis time / audio duration; lower is faster):")
        worker = SynthWorker()
        worker.start()
        for name, text in SENTENCES.items():
            rtf, ms = [], []
            for _ in range(runs):
                t0 = time.perf_counter()
                audio = worker.synth(text, "en-us+f3", 175, 1.0)
                elapsed = time.perf_counter() - t0
                rtf.append(elapsed / audio.seconds)
                ms.append(elapsed * 1000)
            report(f"{name}, {audio.seconds:.1f} s audio", rtf, "", ".4f")
            report("   synthesis time", ms, "ms")
        starts = []
        for _ in range(max(3, runs // 6)):
            fresh = SynthWorker()
            t0 = time.perf_counter()
            fresh.start()
            starts.append((time.perf_counter() - t0) * 1000)
            fresh.close()
        report("worker start (cold)", starts, "ms")
        worker.close()

        print("\nStop latency (stop() call to the output stream stopped; target < 100 ms):")
        stops = []
        for _ in range(runs):
            started.clear()
            stopped.clear()
            speaker.say("This reply is long enough to be interrupted. " * 8)
            started.wait(10)
            time.sleep(0.3)
            t0 = time.perf_counter()
            speaker.stop()
            stops.append((time.perf_counter() - t0) * 1000)
            stopped.wait(2)
        report("stop() returns", stops, "ms")
        heard_after = [audible_after_stop(pulse, speaker, started, stopped) for _ in range(max(3, runs // 3))]
        report("sound heard after stop() (monitor)", heard_after, "ms")
        speaker.close()
    print("\nReproduce: .venv/bin/python benchmarks/bench_tts.py" + (" --quick" if args.quick else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
