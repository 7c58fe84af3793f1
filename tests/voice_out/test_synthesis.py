"""The synthesis worker (real pyttsx3 + espeak-ng in a child process), its recovery, and the loop-back test."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from os1.voice.tts._client import SynthWorker
from os1.voice.tts.types import SynthesisError, UnknownVoice

from .conftest import read_wav

pytestmark = pytest.mark.timeout(60)

OS1 = [sys.executable, "-m", "os1.cli"]


@pytest.fixture
def worker():
    w = SynthWorker()
    yield w
    w.close()


def _espeak_seconds(text: str, tmp_path: Path) -> float:
    out = tmp_path / "espeak.wav"
    subprocess.run(["espeak-ng", "-v", "en-us+f3", "-s", "175", "-w", str(out), text], check=True, timeout=30)
    samples, rate = read_wav(out)
    return len(samples) / rate


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_every_sentence_comes_back_whole_at_the_set_rate(worker: SynthWorker, tmp_path: Path) -> None:
    # pyttsx3 2.99 dropped the end of utterances and raced the rate against the text; the worker fixes both
    texts = ["Hello there.", "This is the second sentence, which is longer than the first one.", "OK."]
    want = [_espeak_seconds(t, tmp_path) for t in texts]
    worker.start()
    time.sleep(0.3)  # the races showed after an idle moment
    for _ in range(3):
        got = [worker.synth(t, "en-us+f3", 175, 1.0).seconds for t in texts]
        for g, w in zip(got, want, strict=True):
            assert abs(g - w) < 0.05 * w, (got, want)


def test_voices_and_unknown_voice(worker: SynthWorker) -> None:
    voices = worker.voices()
    ids = {v["id"].rsplit("/", 1)[-1] for v in voices["voices"]}
    assert "en-us" in ids
    assert "f3" in {v["id"] for v in voices["variants"]}
    worker.check_voice("en-us+f3")
    for bad in ("nope", "en-us+nosuchvariant"):
        with pytest.raises(UnknownVoice, match="os1 voices"):
            worker.synth("Hello.", bad, 175, 1.0)
    assert worker.synth("Still fine.", "en-gb", 175, 1.0).seconds > 0.3


def test_a_hung_worker_is_replaced_and_the_next_reply_is_spoken(worker: SynthWorker) -> None:
    worker.start()
    hung = worker.pid
    assert hung is not None
    os.kill(hung, signal.SIGSTOP)  # a real hang: the process is alive and never answers
    started = time.monotonic()
    audio = worker.synth("After the hang.", "en-us+f3", 175, 1.0)
    assert audio.seconds > 0.5
    assert time.monotonic() - started < 5.0
    assert worker.restarts == 1 and worker.pid not in (None, hung)
    with pytest.raises(ProcessLookupError):
        os.kill(hung, 0)  # killed and reaped, not left behind


def test_a_worker_killed_mid_sentence_is_replaced(worker: SynthWorker) -> None:
    worker.start()
    pid = worker.pid
    assert pid is not None
    long = "This sentence is long enough that the worker is still busy with it when it is killed, " * 3
    import threading

    killer = threading.Timer(0.003, os.kill, (pid, signal.SIGKILL))
    killer.start()
    audio = worker.synth(long, "en-us+f3", 175, 1.0)
    killer.join()
    assert audio.seconds > 10
    assert worker.restarts in (0, 1)  # 0 only if it had already answered before the kill landed
    assert worker.synth("And the next one.", "en-us+f3", 175, 1.0).seconds > 0.5
    assert worker.pid != pid


def test_a_worker_that_cannot_start_gives_an_actionable_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import os1.voice.tts._client as client

    monkeypatch.setattr(client, "_SCRIPT", Path(__file__).with_name("no_such_worker.py"))
    worker = SynthWorker(start_timeout=10)
    with pytest.raises(SynthesisError, match="espeak-ng"):
        worker.synth("Hello.", "en-us", 175, 1.0)
    worker.close()


def test_loopback_say_out_is_recognised_with_key_words(tmp_path: Path, recognise) -> None:
    out = tmp_path / "reply.wav"
    for text, phrase in (("Turn on the kitchen lights.", "turn on the kitchen lights"),
                         ("Set a timer for 20 min!", "set a timer for twenty minutes")):
        run = subprocess.run([*OS1, "--home", str(tmp_path / "home"), "say", "--out", str(out), text],
                             capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
        assert run.returncode == 0, run.stderr
        assert "wrote" in run.stdout
        assert recognise(out) == phrase
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []  # written atomically


@pytest.mark.parametrize("args, status, message", [
    (["say", "--voice", "nope", "hi"], 2, "os1 voices"),
    (["say", ""], 2, "nothing to say"),
    (["say", "--out", "{tmp}/x.wav", "😀🎉 \x07"], 2, "nothing speakable"),
    (["say", "--rate", "5", "hi"], 2, "rate"),
])
def test_cli_bad_input_is_refused_with_a_reason(tmp_path: Path, args, status, message) -> None:
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    run = subprocess.run([*OS1, "--home", str(tmp_path / "home"), *args], capture_output=True, text=True,
                         timeout=60, stdin=subprocess.DEVNULL)
    assert run.returncode == status, run.stderr
    assert message in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "x.wav").exists()


def test_cli_with_no_output_device_says_so(tmp_path: Path) -> None:
    env = dict(os.environ, PULSE_SERVER=f"unix:{tmp_path}/no-server", XDG_RUNTIME_DIR=str(tmp_path))
    run = subprocess.run([*OS1, "--home", str(tmp_path / "home"), "say", "Hello."], capture_output=True,
                         text=True, timeout=60, env=env, stdin=subprocess.DEVNULL)
    assert run.returncode == 1
    assert "no audio output device" in run.stderr and "--out" in run.stderr
    assert "Traceback" not in run.stderr


def test_cli_voices_lists_the_default(tmp_path: Path) -> None:
    run = subprocess.run([*OS1, "--home", str(tmp_path / "home"), "voices", "--lang", "en"], capture_output=True,
                         text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert run.returncode == 0, run.stderr
    assert "* en-us" in run.stdout and "en-us+f3" in run.stdout
