"""The parent side of the synthesis worker: start it, ask it for audio with a timeout, replace it when it fails.

A hung or dead worker never freezes OS¹: every read has a deadline, and on a timeout or end of file
the process is killed (by its own id) and a fresh one is started for the next attempt.
"""

from __future__ import annotations

import json
import logging
import os
import select
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from .types import Audio, SynthesisError, UnknownVoice

__all__ = ["SynthWorker", "WorkerFailed"]

log = logging.getLogger(__name__)

START_TIMEOUT = 20.0
"""Seconds a new worker may take to import pyttsx3 and start its engine (a cold start on a busy machine)."""
BASE_TIMEOUT = 2.0
"""Seconds any synthesis may take, plus PER_CHAR_TIMEOUT for each character."""
PER_CHAR_TIMEOUT = 0.01
_SCRIPT = Path(__file__).with_name("_worker.py")


class WorkerFailed(Exception):
    """The worker hung, died, or spoke nonsense; it has been killed."""


class SynthWorker:
    """A synthesis process. Thread-safe: requests are serialised."""

    def __init__(self, start_timeout: float = START_TIMEOUT) -> None:
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self._next_id = 0
        self._start_timeout = start_timeout
        self.restarts = 0
        """How many times a failed worker was replaced."""

    @property
    def pid(self) -> int | None:
        """The worker's process id, or None when none is running."""
        proc = self._proc
        return proc.pid if proc is not None and proc.poll() is None else None

    def start(self) -> None:
        """Start the worker now (otherwise the first request does); waits until its engine is ready."""
        with self._lock:
            self._ensure()

    def synth(self, text: str, voice: str, rate: int, volume: float, attempts: int = 2) -> Audio:
        """Audio for *text*.

        Raises:
            UnknownVoice: *voice* is not installed.
            SynthesisError: the worker failed *attempts* times (each failure restarted it).
        """
        request = {"op": "synth", "text": text, "voice": voice, "rate": rate, "volume": volume}
        timeout = BASE_TIMEOUT + PER_CHAR_TIMEOUT * len(text)
        header, payload = self._request(request, timeout, attempts)
        return Audio(payload, int(header["rate"]))

    def voices(self) -> dict[str, Any]:
        """``{"voices": [{id, name, languages, gender}], "variants": [{id, name, gender}]}``."""
        header, _ = self._request({"op": "voices"}, BASE_TIMEOUT, 2)
        return {"voices": header.get("voices", []), "variants": header.get("variants", [])}

    def check_voice(self, voice: str) -> None:
        """Raises UnknownVoice (naming ``os1 voices``) unless *voice* is installed."""
        self._request({"op": "voice", "voice": voice}, BASE_TIMEOUT, 2)

    def close(self) -> None:
        """Stop the worker (closing its stdin lets it exit; it is killed if it does not)."""
        with self._lock:
            self._kill(graceful=True)

    def _request(self, request: dict[str, Any], timeout: float, attempts: int) -> tuple[dict[str, Any], bytes]:
        last = ""
        for attempt in range(max(1, attempts)):
            with self._lock:
                try:
                    self._ensure()
                    self._next_id += 1
                    request["id"] = self._next_id
                    return self._exchange(request, timeout)
                except WorkerFailed as exc:
                    last = str(exc)
                    log.warning("speech worker failed (%s); starting a new one (attempt %d)", exc, attempt + 1)
                    self._kill()
                    self.restarts += 1
        raise SynthesisError(f"The speech synthesiser failed: {last}. Check that espeak-ng is installed "
                             f"(apt-get install espeak-ng) and that pyttsx3 works: pip install pyttsx3")

    def _exchange(self, request: dict[str, Any], timeout: float) -> tuple[dict[str, Any], bytes]:
        proc = self._proc
        assert proc is not None and proc.stdin is not None
        try:
            proc.stdin.write(json.dumps(request).encode("utf-8") + b"\n")
            proc.stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            raise WorkerFailed(f"could not write to it: {exc}") from None
        deadline = time.monotonic() + timeout
        while True:
            header, payload = self._read_frame(deadline)
            if header.get("id") == request["id"]:
                break  # frames for older, abandoned requests are skipped
        if header.get("ok"):
            return header, payload
        if header.get("kind") == "voice":
            raise UnknownVoice(f"There is no voice called {request.get('voice')!r}. "
                               f"`os1 voices` lists the installed ones; set one with `voice = \"en-us+f3\"`.")
        raise WorkerFailed(str(header.get("error", "unknown error")))

    def _ensure(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            return
        self._kill()
        started = time.monotonic()
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self._proc = subprocess.Popen(  # stderr to /dev/null: the worker reports errors in its replies
            [sys.executable, str(_SCRIPT)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, env=env, start_new_session=True, close_fds=True)
        self._buffer = b""
        try:
            header, _ = self._read_frame(started + self._start_timeout)
        except WorkerFailed as exc:
            self._kill()
            raise WorkerFailed(f"it did not start: {exc}") from None
        if not header.get("ready"):
            self._kill()
            raise SynthesisError(f"The speech synthesiser could not start ({header.get('error')}). "
                                 f"Install espeak-ng (apt-get install espeak-ng) and pyttsx3 (pip install pyttsx3).")
        log.info("speech worker %s ready in %.0f ms", header.get("pid"), (time.monotonic() - started) * 1000)

    def _read_frame(self, deadline: float) -> tuple[dict[str, Any], bytes]:
        line = self._read_until(lambda buf: buf.find(b"\n") + 1, deadline)
        try:
            header = json.loads(line)
        except ValueError:
            raise WorkerFailed(f"bad reply {line[:80]!r}") from None
        size = int(header.get("bytes", 0))
        payload = self._read_until(lambda buf: size if len(buf) >= size else 0, deadline) if size else b""
        return header, payload

    def _read_until(self, complete: Any, deadline: float) -> bytes:
        """Bytes from the worker's stdout up to the length *complete(buffer)* returns once it is non-zero."""
        proc = self._proc
        assert proc is not None and proc.stdout is not None
        fd = proc.stdout.fileno()
        while True:
            n = complete(self._buffer)
            if n:
                chunk, self._buffer = self._buffer[:n], self._buffer[n:]
                return chunk
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise WorkerFailed("it did not answer in time (hung)")
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                continue
            data = os.read(fd, 1 << 16)
            if not data:
                raise WorkerFailed(f"it exited (status {proc.poll()})")
            self._buffer += data

    def _kill(self, graceful: bool = False) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if graceful and proc.poll() is None and proc.stdin is not None:
            try:
                proc.stdin.close()
                proc.wait(timeout=1.0)
            except (OSError, subprocess.TimeoutExpired):
                pass
        if proc.poll() is None:
            proc.kill()  # this process only, by its id
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            log.error("speech worker %s did not exit after SIGKILL", proc.pid)
        for stream in (proc.stdin, proc.stdout):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass
