"""A throwaway PulseAudio server with a virtual microphone and speaker, for real-audio tests.

No sound card is needed: two null sinks stand in for the hardware. ``micfeed`` is what the person
"says" (play a file into it; its monitor is the default source, i.e. the microphone) and ``speaker``
is where OS¹ plays (record its monitor to hear what came out). See shared/AUDIO-TESTING.md.

Set the environment *before* importing sounddevice: PortAudio lists devices once, at import.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

__all__ = ["VirtualAudio", "virtual_audio", "pulse_available"]

_TOOLS = ("pulseaudio", "pactl", "paplay", "parec", "parecord")


def pulse_available() -> str | None:
    """None when the server can be started here, else the reason it cannot."""
    missing = [t for t in _TOOLS if shutil.which(t) is None]
    if missing:
        return ("missing " + ", ".join(missing) +
                " (apt-get install pulseaudio pulseaudio-utils libasound2-plugins alsa-utils)")
    return None


def _spawn(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(args, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


@dataclass
class VirtualAudio:
    """A running server; ``env`` holds the variables a client needs."""

    root: Path
    env: dict[str, str]

    def pactl(self, *args: str) -> str:
        out = subprocess.run(["pactl", *args], env=self.env, capture_output=True, text=True, timeout=10,
                             stdin=subprocess.DEVNULL)
        return out.stdout

    def play_into_mic(self, wav: Path, wait: bool = True) -> subprocess.Popen[bytes]:
        """The person speaks *wav* into the microphone (pad files: the first ms can be lost)."""
        proc = _spawn(["paplay", "-d", "micfeed", str(wav)], self.env)
        if wait:
            proc.wait(timeout=120)
        return proc

    def echo_room(self, gain_db: float, latency_ms: int = 60) -> None:
        """OS¹'s speaker leaks into the microphone, as loudspeakers next to a laptop's microphone do:
        whatever plays on ``speaker`` reaches ``micfeed`` *latency_ms* later at *gain_db*."""
        self.pactl("load-module", "module-loopback", "source=speaker.monitor", "sink=micfeed",
                           f"latency_msec={latency_ms}", "source_dont_move=true", "sink_dont_move=true").strip()
        deadline = time.monotonic() + 10
        while True:
            inputs = [line.split("\t") for line in self.pactl("list", "short", "sink-inputs").splitlines()]
            mine = [i[0] for i in inputs if len(i) > 3 and i[3] == "module-loopback.c"]
            if mine or time.monotonic() > deadline:
                break
            time.sleep(0.02)
        if not mine:
            raise RuntimeError("the echo loopback has no sink input")
        self.pactl("set-sink-input-volume", mine[0], f"{gain_db}dB")

    def echo_cancel(self) -> None:
        """A system echo canceller (PulseAudio's WebRTC ``module-echo-cancel``, its gain control off)
        between OS¹ and the devices, made the default sink and source."""
        self.pactl("load-module", "module-echo-cancel", "source_master=micfeed.monitor", "sink_master=speaker",
                   "source_name=ec_mic", "sink_name=ec_speaker", "aec_method=webrtc", "use_master_format=1",
                   'aec_args="analog_gain_control=0 digital_gain_control=0"')
        self.pactl("set-default-sink", "ec_speaker")
        self.pactl("set-default-source", "ec_mic")

    @contextmanager
    def record_speaker(self, out: Path, rate: int = 16000) -> Iterator[Path]:
        """Record what is played to the speaker into *out* (WAV) while the block runs."""
        before = self.pactl("list", "short", "source-outputs").count("\n")
        proc = _spawn(["parecord", "-d", "speaker.monitor", f"--rate={rate}", "--channels=1",
                       "--file-format=wav", str(out)], self.env)
        deadline = time.monotonic() + 10
        while self.pactl("list", "short", "source-outputs").count("\n") <= before:
            if time.monotonic() > deadline:
                proc.kill()
                raise TimeoutError("parecord did not start recording within 10 s")
            time.sleep(0.02)
        try:
            yield out
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@contextmanager
def virtual_audio() -> Iterator[VirtualAudio]:
    """Start the server and its keep-alive readers; stop them all afterwards.

    Also applies the environment to ``os.environ`` for the duration (sounddevice reads it at import).
    """
    reason = pulse_available()
    if reason:
        raise RuntimeError(reason)
    root = Path(tempfile.mkdtemp(prefix="os1-pulse-"))
    env = dict(os.environ)
    env.update(PULSE_SERVER=f"unix:{root}/pulse/native", PULSE_RUNTIME_PATH=f"{root}/pulse",
               PULSE_STATE_PATH=f"{root}/state", PULSE_COOKIE=f"{root}/cookie", XDG_RUNTIME_DIR=str(root))
    (root / "pulse").mkdir()
    server = _spawn([
        "pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no", "--disallow-exit",
        f"--log-target=file:{root}/pa.log",
        "-L", f"module-native-protocol-unix auth-anonymous=1 socket={root}/pulse/native",
        "-L", "module-null-sink sink_name=speaker rate=16000 channels=1",
        "-L", "module-null-sink sink_name=micfeed rate=16000 channels=1",
    ], env)
    audio = VirtualAudio(root, env)
    keepalive: list[subprocess.Popen[bytes]] = []
    saved = {k: os.environ.get(k) for k in ("PULSE_SERVER", "PULSE_RUNTIME_PATH", "PULSE_STATE_PATH",
                                            "PULSE_COOKIE", "XDG_RUNTIME_DIR")}
    try:
        deadline = time.monotonic() + 10
        while subprocess.run(["pactl", "info"], env=env, capture_output=True, stdin=subprocess.DEVNULL).returncode:
            if server.poll() is not None or time.monotonic() > deadline:
                log = (root / "pa.log").read_text(errors="replace")[-800:] if (root / "pa.log").exists() else ""
                raise RuntimeError(f"PulseAudio did not start: {log}")
            time.sleep(0.05)
        audio.pactl("set-default-sink", "speaker")
        audio.pactl("set-default-source", "micfeed.monitor")
        # keep-alive readers: without them a null sink renders in 2 s blocks (AUDIO-TESTING.md)
        for dev in ("speaker.monitor", "micfeed.monitor"):
            keepalive.append(_spawn(["parec", "--latency-msec=10", "-d", dev, "--raw"], env))
        while audio.pactl("list", "short", "source-outputs").count("\n") < 2:
            if time.monotonic() > deadline:
                raise RuntimeError("PulseAudio keep-alive readers did not connect")
            time.sleep(0.02)
        for sink in ("speaker", "micfeed"):
            audio.pactl("suspend-sink", sink, "1")
            audio.pactl("suspend-sink", sink, "0")
        os.environ.update({k: env[k] for k in saved})
        yield audio
    finally:
        for proc in keepalive:
            proc.kill()
        server.terminate()
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(root, ignore_errors=True)
