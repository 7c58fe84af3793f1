"""The microphone path end to end: sounddevice on a throwaway PulseAudio server, a virtual mic fed from a file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.support.pulse import pulse_available, virtual_audio

from ._speech import mix_noise, read, write

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.timeout(120),
              pytest.mark.skipif(pulse_available() is not None, reason=str(pulse_available()))]


def _child(home: Path, wait_s: float, env: dict, device: str = "", mode: str = "") -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.voice_in._mic_child", str(home), str(wait_s), device, mode],
                            cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)


def _events(lines: list[str]) -> list[dict]:
    return [json.loads(line) for line in lines if line.startswith("{")]


def test_wake_word_and_request_through_the_microphone(say, tmp_path):
    clean = read(say("samantha what can you do", "espeak:en-us"))
    pad = np.zeros(8000, np.float32)
    wav = write(tmp_path / "req.wav", mix_noise(np.concatenate([pad, clean, pad, pad]), 24, seed=4))
    with virtual_audio() as audio:
        proc = _child(tmp_path / "home", 40, dict(os.environ))
        lines = []
        for line in proc.stdout:
            lines.append(line.strip())
            if line.startswith("READY"):
                break
        audio.play_into_mic(wav)
        out, _ = proc.communicate(timeout=60)
        lines += out.splitlines()
    events = _events(lines)
    start = next(e for e in events if e["type"] == "start_returned")
    assert start["ms"] < 100, "start() must not block"
    states = [e["state"] for e in events if e["type"] == "ListenState"]
    assert states[0] == "wake", events
    turns = [e for e in events if e["type"] == "Turn"]
    assert len(turns) == 1, events
    assert turns[0]["intent"] == "help" and turns[0]["utterance"]["source"] == "voice"
    assert turns[0]["timings"]["transcribe_ms"] is not None
    assert any(e["type"] == "PartialTranscript" for e in events)
    assert any(e["type"] == "MicLevel" for e in events)
    levels = [e for e in events if e["type"] == "MicLevel"]
    assert max(e["dbfs"] for e in levels) > -40  # the speech was loud on the virtual mic


def test_no_audio_device_is_off_not_an_error(tmp_path):
    env = dict(os.environ)
    env["PULSE_SERVER"] = f"unix:{tmp_path}/nothing"  # no sound card here, and no sound server either
    proc = _child(tmp_path / "home", 5, env)
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0
    events = _events(out.splitlines())
    off = [e for e in events if e["type"] == "ListenState" and e["state"] == "off"]
    assert off and ("microphone" in off[0]["detail"] or "audio" in off[0]["detail"]), events


def test_push_to_talk_needs_no_wake_word(say, tmp_path):
    clean = read(say("tell me a joke", "espeak:en-us"))
    pad = np.zeros(8000, np.float32)
    wav = write(tmp_path / "ptt.wav", mix_noise(np.concatenate([pad, clean, pad, pad]), 24, seed=8))
    with virtual_audio() as audio:
        proc = _child(tmp_path / "home", 40, dict(os.environ), "", "ptt")
        lines = []
        for line in proc.stdout:
            lines.append(line.strip())
            if line.startswith("READY"):
                break
        audio.play_into_mic(wav)
        out, _ = proc.communicate(timeout=60)
        lines += out.splitlines()
    events = _events(lines)
    first = next(e for e in events if e["type"] == "ListenState")
    assert first["state"] == "wake" and first["detail"] == "push to talk"
    turns = [e for e in events if e["type"] == "Turn"]
    assert [t["intent"] for t in turns] == ["joke"], events
