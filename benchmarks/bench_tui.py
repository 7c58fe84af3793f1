"""Dashboard timings: start-up to a usable input line, keystroke to answer, input echo under load,
and the first keys typed while the voice side starts.

Run:  .venv/bin/python benchmarks/bench_tui.py            (about two minutes; needs tmux for the
      real-terminal figures, which are skipped without it)

Prints medians (and p95 / max where the tail matters). Two kinds of figure:
- "tmux": the real ``os1 dashboard --text`` process in a detached 80×24 tmux session, read back
  with capture-pane polled every 10 ms (so these carry up to ~10 ms of polling granularity).
- "tmux, voice on": ``os1 dashboard`` with voice as installed; the name is typed the moment the
  greeting shows, while the voice side starts, and the time to its echo is taken. Run twice: with
  OS¹'s terminal driver, and with Textual's own (``TEXTUAL_DRIVER``), which draws on descriptor 2
  and lost frames while sounddevice pointed it at /dev/null.
- "headless": the same app built by ``create_app`` and driven in-process by Textual's pilot
  (no terminal; output is rendered and discarded), for what the app itself costs.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import datetime
from pathlib import Path

NOW = "2026-11-22T09:30"
OS1 = Path(sys.executable).with_name("os1")


def _fmt(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(ordered):7.1f} ms   p95 {p95:7.1f} ms   max {ordered[-1]:7.1f} ms   (n={len(ordered)})"


# -- real terminal ------------------------------------------------------------------------------
class Tmux:
    def __init__(self, command: str, env: dict[str, str]) -> None:
        self.name = f"os1-bench-{uuid.uuid4().hex[:8]}"
        self.t0 = time.perf_counter()
        subprocess.run(["tmux", "-L", self.name, "new-session", "-d", "-s", self.name, "-x", "80", "-y", "24",
                        command], check=True, env=env)

    def screen(self) -> str:
        """The conversation column as one line (panels cut off each row, wrapped replies rejoined)."""
        screen = subprocess.run(["tmux", "-L", self.name, "capture-pane", "-p", "-t", self.name],
                                capture_output=True, text=True, check=False).stdout
        rows = [re.split("[│╭╰]", row, maxsplit=1)[0] for row in screen.splitlines()]
        return " ".join(" ".join(rows).split())

    def wait(self, predicate, timeout: float = 30.0) -> float:
        """Seconds until predicate(screen) holds, polling every 10 ms."""
        start = time.perf_counter()
        while not predicate(self.screen()):
            if time.perf_counter() - start > timeout:
                raise TimeoutError(self.screen())
            time.sleep(0.01)
        return time.perf_counter()

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "-L", self.name, "send-keys", "-t", self.name, *keys], check=True)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.name, "kill-server"], capture_output=True, check=False)


def bench_tmux(runs: int = 5, answers: int = 10) -> None:
    if shutil.which("tmux") is None or not OS1.exists():
        print("tmux figures skipped: tmux or the os1 command is missing")
        return
    env = {k: v for k, v in os.environ.items() if not k.startswith("TMUX")}
    env["TERM"] = "xterm-256color"
    startups: list[float] = []
    typed: list[float] = []
    homes: list[str] = []
    for run in range(runs):
        home = tempfile.mkdtemp(prefix="os1-bench-")
        homes.append(home)
        term = Tmux(f"{OS1} --home {home} dashboard --text --now {NOW}", env)
        try:
            startups.append((term.wait(lambda s: "press Enter" in s) - term.t0) * 1000)
            term.wait(lambda s: "What should I call you?" in s)
            term.keys("Theodore", "Enter")
            term.wait(lambda s: "Hi Theodore" in s)
            if run == 0:
                for i in range(answers):  # a reply that names the request, so each is told apart
                    request = f"remember that my number is {1000 + i}"
                    term.keys(request)
                    term.wait(lambda s, r=request: r in s)
                    t0 = time.perf_counter()
                    term.keys("Enter")
                    typed.append((term.wait(lambda s, n=1000 + i: f"your number is {n}." in s) - t0) * 1000)
        finally:
            term.close()
    for home in homes:
        shutil.rmtree(home, ignore_errors=True)
    print(f"tmux      start-up to a usable input line        {_fmt(startups)}")
    print(f"tmux      Enter to answer on screen (typed)      {_fmt(typed)}")


def bench_tmux_voice(runs: int = 10, give_up_s: float = 10.0) -> None:
    if shutil.which("tmux") is None or not OS1.exists():
        print("tmux voice figures skipped: tmux or the os1 command is missing")
        return
    base = {k: v for k, v in os.environ.items() if not k.startswith("TMUX") and k != "TEXTUAL_DRIVER"}
    base["TERM"] = "xterm-256color"
    drivers = [("OS¹'s driver", {}),
               ("Textual's driver", {"TEXTUAL_DRIVER": "textual.drivers.linux_driver:LinuxDriver"})]
    for label, extra in drivers:
        echoes: list[float] = []
        lost = 0
        for _ in range(runs):
            home = tempfile.mkdtemp(prefix="os1-bench-")
            term = Tmux(f"{OS1} --home {home} dashboard --now {NOW}", {**base, **extra})
            try:
                term.wait(lambda s: "What should I call you?" in s, timeout=give_up_s)
                t0 = time.perf_counter()
                term.keys("Theodore")
                echoes.append((term.wait(lambda s: "Theodore" in s, timeout=give_up_s) - t0) * 1000)
            except TimeoutError:
                lost += 1  # the greeting or the echo was drawn while descriptor 2 went nowhere
            finally:
                term.close()
                shutil.rmtree(home, ignore_errors=True)
        slow = sum(v > 300 for v in echoes)
        print(f"tmux      voice on, {label + ':':18} name typed at the greeting to echo  "
              f"{_fmt(echoes) if echoes else '(none shown)'}")
        print(f"          ({slow} of {runs} echoes over 300 ms; {lost} of {runs} never showed in {give_up_s:g} s)")


def bench_tmux_voice_live(runs: int = 5, keys: int = 40, give_up_s: float = 20.0) -> None:
    """Typing while the voice side really starts: a throwaway PulseAudio server gives it a
    microphone, so the recogniser loads and builds its grammars meanwhile. From the greeting on, a
    key every 100 ms for 4 s; each key's time to its echo on screen. (A single name typed at the
    greeting only sometimes met a grammar build; a run of keys always spans it.)"""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.support.pulse import pulse_available, virtual_audio

    if shutil.which("tmux") is None or not OS1.exists() or pulse_available() is not None:
        print("tmux live-voice figures skipped: needs tmux, the os1 command and PulseAudio")
        return
    base = {k: v for k, v in os.environ.items() if not k.startswith("TMUX")}
    base.update(TERM="xterm-256color", OS1_RECOGNIZER="pocketsphinx")
    echoes: list[float] = []
    worst: list[float] = []
    for _ in range(runs):
        home = tempfile.mkdtemp(prefix="os1-bench-")
        with virtual_audio() as audio:
            term = Tmux(f"{OS1} --home {home} dashboard --now {NOW}", {**base, **audio.env})
            try:
                term.wait(lambda s: "What should I call you?" in s, timeout=give_up_s)
                run: list[float] = []
                for k in range(1, keys + 1):
                    t0 = time.perf_counter()
                    term.keys("x")
                    run.append((term.wait(lambda s, k=k: "x" * k in s, timeout=give_up_s) - t0) * 1000)
                    time.sleep(max(0.0, 0.1 - (time.perf_counter() - t0)))
                echoes += run
                worst.append(max(run))
            finally:
                term.close()
                shutil.rmtree(home, ignore_errors=True)
    print(f"tmux      voice on, microphone live:  a key every 100 ms from the greeting, to its echo  {_fmt(echoes)}")
    print(f"          (worst key per run: {', '.join(f'{w:.0f}' for w in worst)} ms; "
          f"{sum(v > 300 for v in echoes)} of {len(echoes)} keys over 300 ms)")


# -- headless, in-process ---------------------------------------------------------------------
async def _headless(runs: int = 5, answers: int = 30, keys: int = 60) -> None:
    from os1.tui.app import create_app, text_only
    from os1.tui.widgets import MicMeter, PromptInput, TurnEntry
    from textual import events

    from os1.app import build_assistant
    from os1.events import MicLevel, PartialTranscript

    now = datetime.fromisoformat(NOW)
    mounts: list[float] = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as home:
            t0 = time.perf_counter()
            assistant = build_assistant(home=home, now=now)
            app = create_app(assistant, voice_factory=text_only, poll_interval=0)
            async with app.run_test(size=(80, 24)) as pilot:
                while app.focused is not app.query_one(PromptInput):
                    await pilot.pause(0.001)
                mounts.append((time.perf_counter() - t0) * 1000)
            app.finish_work()
            assistant.close()
    print(f"headless  build assistant + app to focused input {_fmt(mounts)}")

    with tempfile.TemporaryDirectory() as home:
        assistant = build_assistant(home=home, now=now)
        assistant.memory.set("user.name", "Theodore")
        app = create_app(assistant, voice_factory=text_only, poll_interval=0)
        async with app.run_test(size=(80, 24)) as pilot:
            prompt = app.query_one(PromptInput)
            driver = app._driver
            assert driver is not None
            writes = [0.0]
            real_display = app._display

            def timed_display(screen, renderable) -> None:  # a frame composed for the terminal
                if renderable is not None:
                    writes[0] = time.perf_counter()
                real_display(screen, renderable)

            app._display = timed_display  # type: ignore[method-assign]

            def key(name: str, char: str | None) -> None:
                """Deliver a key the way the terminal driver does (no pilot waits)."""
                event = events.Key(name, char)
                event.set_sender(app)
                driver.send_message(event)

            async def painted_after(t: float) -> float:
                while writes[0] <= t:
                    await asyncio.sleep(0.0002)
                return writes[0]

            answer_ms: list[float] = []
            for _ in range(answers):
                await pilot.press(*"what time is it")
                await pilot.pause(0.01)
                done = len(app.exchanges)
                t0 = time.perf_counter()
                key("enter", "\r")
                while len(app.exchanges) == done:
                    await asyncio.sleep(0.0002)
                answer_ms.append((await painted_after(time.perf_counter()) - t0) * 1000)
            assert "It's 9:30 AM." in list(app.query(TurnEntry))[-1].text
            print(f"headless  Enter to answer painted (typed)       {_fmt(answer_ms)}")

            async def echo(samples: int) -> list[float]:
                out = []
                for i in range(samples):
                    char = "abcdefgh"[i % 8]
                    want = prompt.value + char
                    await asyncio.sleep(0.02)  # a person types ~10 keys a second at most
                    t0 = time.perf_counter()
                    key(char, char)
                    while prompt.value != want:
                        await asyncio.sleep(0.0002)
                    out.append((await painted_after(time.perf_counter()) - t0) * 1000)
                prompt.value = ""
                return out

            quiet = await echo(keys)
            shown = [0]
            real_show = MicMeter.show

            def counting_show(self, dbfs):  # count meter repaints to show the coalescing at work
                shown[0] += 1
                real_show(self, dbfs)

            MicMeter.show = counting_show  # type: ignore[method-assign]
            stop = threading.Event()
            sent = [0, 0]

            def feed() -> None:  # the voice side flat out: levels at ~200/s, partials at ~50/s
                i = 0
                while not stop.is_set():
                    app.voice_event(MicLevel(-60.0 + (i * 7) % 60))
                    sent[0] += 1
                    if i % 4 == 0:
                        app.voice_event(PartialTranscript("the words so far " * (1 + i % 4)))
                        sent[1] += 1
                    i += 1
                    time.sleep(0.005)

            feeder = threading.Thread(target=feed, daemon=True)
            feeder.start()
            t_load = time.perf_counter()
            loaded = await echo(keys)
            stop.set()
            feeder.join()
            seconds = time.perf_counter() - t_load
            MicMeter.show = real_show  # type: ignore[method-assign]
            print(f"headless  input echo painted, idle              {_fmt(quiet)}")
            print(f"headless  input echo painted, under voice load  {_fmt(loaded)}")
            print(f"          ({sent[0]} levels and {sent[1]} partials in {seconds:.1f} s; meter repainted "
                  f"{shown[0]} times; echoes under 50 ms: {sum(v < 50 for v in loaded)}/{len(loaded)})")
        app.finish_work()
        assistant.close()


def main() -> int:
    print(f"OS¹ dashboard benchmark · python {sys.version.split()[0]} · {os.cpu_count()} cores")
    print("reproduce: .venv/bin/python benchmarks/bench_tui.py\n")
    bench_tmux()
    bench_tmux_voice()
    bench_tmux_voice_live()
    asyncio.run(_headless())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
