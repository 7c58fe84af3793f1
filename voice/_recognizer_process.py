"""A recogniser in a process of its own, for the live session.

PocketSphinx's Python binding holds the interpreter lock while it works: building the search for
the full command grammar takes 0.6–1.5 s, and every 30 ms frame takes ~10 ms to decode. In the
dashboard's process that froze typing for up to a second at start-up (measured: 1 of 6 names typed
at the greeting echoed after 994 ms). Here the engine runs in a child process and the voice worker
waits on a pipe, which leaves the lock to the dashboard; on two cores the decoding also runs beside
it instead of in turns.

:class:`RecognizerProcess` has the :class:`~os1.voice.recognizer.Recognizer` surface. If the child
dies (a crash inside the engine), the utterance in progress is lost, a new child is started and the
grammar set again, and recognition goes on; a child that cannot start raises
:class:`~os1.voice.recognizer.RecognizerError` with the reason.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from .grammar import Grammar
from .recognizer import Final, Recognizer, RecognizerError

__all__ = ["RecognizerProcess"]

log = logging.getLogger("os1.voice.recognizer")
START_TIMEOUT_S = 60.0
"""Seconds a new child may take to import its engine and load the model (Vosk models are large)."""
CALL_TIMEOUT_S = 30.0
"""Seconds one call may take (a grammar build is the longest: ~1.5 s on a busy machine)."""
MAX_RESTARTS = 3
"""Children started again after dying, within ``RESTART_WINDOW_S``, before giving up."""
RESTART_WINDOW_S = 60.0


def _load(engine: str, model: str) -> Recognizer:
    if engine == "vosk":
        from .vosk_engine import VoskRecognizer

        return VoskRecognizer(Path(model))
    from .sphinx_engine import SphinxRecognizer

    return SphinxRecognizer()


def _serve(conn: Connection, engine: str, model: str) -> None:
    """The child: load the engine, then answer ``(method, args)`` calls until the pipe closes."""
    try:
        rec = _load(engine, model)
    except RecognizerError as exc:  # already says what to do
        conn.send(("error", str(exc)))
        return
    except Exception as exc:
        conn.send(("error", f"The speech recogniser could not start ({type(exc).__name__}: {exc})."))
        return
    conn.send(("ready", rec.engine, rec.detail))
    while True:
        try:
            method, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(("ok", getattr(rec, method)(*args)))
        except Exception as exc:
            conn.send(("raise", exc))


class _Duplex:
    """One pipe each way, as one connection (what multiprocessing's Pipe gives, over a child's
    standard input and output)."""

    def __init__(self, read_fd: int, write_fd: int) -> None:
        self._in = Connection(read_fd, writable=False)
        self._out = Connection(write_fd, readable=False)

    def send(self, obj: Any) -> None:
        self._out.send(obj)

    def recv(self) -> Any:
        return self._in.recv()

    def poll(self, timeout: float) -> bool:
        return self._in.poll(timeout)

    def close(self) -> None:
        self._out.close()
        self._in.close()


def main() -> None:
    """``python -m os1.voice._recognizer_process ENGINE MODEL``: the child's entry point. Its
    standard output becomes the channel; anything printed goes to standard error instead."""
    channel = os.dup(1)
    os.dup2(2, 1)
    _serve(_Duplex(0, channel), sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "")  # type: ignore[arg-type]


class RecognizerProcess:
    """A recogniser of *engine* (``vosk`` with a *model* directory, or ``pocketsphinx``) in a child
    process. Raises RecognizerError if the child cannot start."""

    def __init__(self, engine: str, model: Path | None = None) -> None:
        self._spec = (engine, str(model or ""))
        self._known: dict[str, bool] = {}
        self._grammar: Grammar | None = None
        self._proc: Any = None
        self._conn: _Duplex | None = None
        self._restarts: list[float] = []
        self.engine = engine
        self.detail = ""
        self._spawn()

    @property
    def pid(self) -> int | None:
        """The child's process id."""
        return self._proc.pid if self._proc is not None else None

    # -- the Recognizer surface ----------------------------------------------------------------
    def set_grammar(self, grammar: Grammar) -> None:
        self._grammar = grammar
        self._call("set_grammar", grammar)

    def known(self, word: str) -> bool:
        if word not in self._known:  # grammar building asks for every word of every template
            answer = self._call("known", word, lost=None)
            if answer is None:  # the child was replaced: ask again next time
                return True
            self._known[word] = bool(answer)
        return self._known[word]

    def start(self) -> None:
        self._call("start")

    def feed(self, pcm: bytes) -> str | None:
        return self._call("feed", pcm, lost=None)  # type: ignore[no-any-return]

    def finish(self) -> Final:
        return self._call("finish", lost=Final("", rejected="empty"))  # type: ignore[no-any-return]

    def close(self) -> None:
        """End the child (closing its input ends it)."""
        if self._conn is not None:
            self._conn.close()
        if self._proc is not None:
            try:
                self._proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        self._proc = self._conn = None

    # -- internals ------------------------------------------------------------------------------
    def _spawn(self) -> None:
        # a plain child process, not multiprocessing's spawn: that starts a resource tracker which
        # hands on sys.stderr's descriptor, and the dashboard has replaced sys.stderr
        proc = subprocess.Popen([sys.executable, "-m", __name__, *self._spec], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, close_fds=True, start_new_session=True)
        assert proc.stdin is not None and proc.stdout is not None
        conn = _Duplex(os.dup(proc.stdout.fileno()), os.dup(proc.stdin.fileno()))
        proc.stdin.close()
        proc.stdout.close()
        if not conn.poll(START_TIMEOUT_S):
            proc.kill()
            conn.close()
            raise RecognizerError(f"The speech recogniser did not start within {START_TIMEOUT_S:.0f} s.")
        try:
            reply = conn.recv()
        except EOFError:
            conn.close()
            raise RecognizerError(f"The speech recogniser exited as it started (code {proc.wait()}); "
                                  f"see the log.") from None
        if reply[0] == "error":
            conn.close()
            proc.wait(timeout=5)
            raise RecognizerError(reply[1])
        self._proc, self._conn = proc, conn
        self.engine, self.detail = reply[1], reply[2]

    def _call(self, method: str, *args: Any, lost: Any = None) -> Any:
        """Run *method* in the child. If the child has died: a new one, the grammar again, and *lost*."""
        conn = self._conn
        try:
            if conn is None:
                raise EOFError
            conn.send((method, args))
            if not conn.poll(CALL_TIMEOUT_S):
                raise TimeoutError
            kind, value = conn.recv()
        except (EOFError, OSError, TimeoutError) as exc:
            code = self._proc.poll() if self._proc is not None else None
            log.error("the speech recogniser process stopped during %s (%s, exit code %s): starting a new one",
                      method, type(exc).__name__, code)
            self.close()
            now = time.monotonic()
            self._restarts = [t for t in self._restarts if now - t < RESTART_WINDOW_S] + [now]
            if len(self._restarts) > MAX_RESTARTS:
                raise RecognizerError(f"The speech recogniser keeps stopping ({len(self._restarts)} times in "
                                      f"{RESTART_WINDOW_S:.0f} s); see the log.") from None
            self._spawn()
            if self._grammar is not None:
                self._call("set_grammar", self._grammar)
            return lost
        if kind == "raise":
            raise value
        return value


if __name__ == "__main__":
    main()
