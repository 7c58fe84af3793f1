"""The dashboard draws on its own descriptor for the terminal, and points descriptor 2 at the log.

Textual's Linux driver writes every frame to ``sys.__stderr__`` (descriptor 2). Libraries that
silence C-level chatter point descriptor 2 at ``/dev/null`` for a moment and then put it back:
``sounddevice`` does so around ``Pa_Initialize`` when it is first imported, which the voice side
does in the background just as the dashboard starts. A frame flushed in that moment went to
``/dev/null``; Textual only repaints what changes, so the lost part of the screen stayed stale
until it next changed: typed keys seemed to arrive late (until the cursor blinked), or the opening
greeting never appeared. Drawing on a duplicate of the terminal's descriptor, taken before the
app starts, is immune to whatever happens to descriptor 2 later.

The other way round, C libraries write their own messages straight to descriptor 2 — ALSA's
``underrun occurred``, PortAudio's ``Expression '…' failed`` — which scribbled over the screen
until the next repaint. So while the dashboard is in application mode descriptor 2 points at
OS¹'s log file (:class:`StderrToLog`), and is put back when it leaves it: on quitting, on an
exception and on Ctrl+C alike, before Textual prints a crash report, which therefore reaches the
terminal.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any, TextIO

from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver

__all__ = ["OwnTerminalDriver", "StderrToLog", "driver_for"]

log = logging.getLogger("os1.tui")


class StderrToLog:
    """Descriptor 2 pointed at a log file (appending), and put back.

    Everything written to descriptor 2 meanwhile — by C libraries, by ``sys.__stderr__`` (which
    writes to it, line-buffered), by child processes started meanwhile (they inherit it) — ends up
    in the file. The terminal is kept on a private descriptor, which child processes do not inherit.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        """The log file, created if missing (with its directory)."""
        self._terminal: int | None = None
        """A duplicate of what descriptor 2 was, while it points at the file."""

    @property
    def active(self) -> bool:
        """Descriptor 2 points at the file now."""
        return self._terminal is not None

    def start(self) -> bool:
        """Point descriptor 2 at the file; False (and logged) if that cannot be done."""
        if self._terminal is not None:
            return True
        _flush(sys.stderr, sys.__stderr__)  # what was written before belongs on the terminal
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o666)
        except OSError as exc:
            log.warning("C libraries' messages stay on the terminal: cannot open %s (%s)", self.path, exc)
            return False
        try:
            terminal = os.dup(2)  # not inheritable (PEP 446)
        except OSError as exc:
            os.close(fd)
            log.warning("C libraries' messages stay on the terminal: cannot duplicate descriptor 2 (%s)", exc)
            return False
        os.dup2(fd, 2)  # inheritable: a child process started now writes its errors to the log
        os.close(fd)
        self._terminal = terminal
        for handler in _stderr_handlers():  # --verbose: its lines would reach the log twice
            handler.addFilter(_MUTED)
        log.info("the dashboard has the terminal: descriptor 2 (C libraries' messages, stray output) "
                 "is appended here until it closes")
        return True

    def stop(self) -> None:
        """Point descriptor 2 back where it was. Safe to call twice, or without :meth:`start`."""
        terminal, self._terminal = self._terminal, None
        if terminal is None:
            return
        _flush(sys.stderr, sys.__stderr__)  # what was written meanwhile belongs in the log
        try:
            os.dup2(terminal, 2)
        finally:
            os.close(terminal)
        for handler in _stderr_handlers():
            handler.removeFilter(_MUTED)


def _MUTED(record: logging.LogRecord) -> bool:  # noqa: N802 - a constant filter, used by identity
    """A logging filter that drops everything."""
    return False


def _stderr_handlers() -> list[logging.Handler]:
    """OS¹'s log handlers that write to standard error (``--verbose``)."""
    return [h for h in logging.getLogger("os1").handlers
            if type(h) is logging.StreamHandler and h.stream in (sys.stderr, sys.__stderr__)]


def _flush(*streams: TextIO | None) -> None:
    for stream in streams:
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            pass


class OwnTerminalDriver(LinuxDriver):
    """Textual's Linux driver, writing to a private duplicate of the terminal's descriptor.

    In application mode descriptor 2 points at ``app.stderr_log`` when the app has one (a path, or
    None to leave descriptor 2 alone) and descriptor 2 is a terminal.
    """

    def __init__(self, app: Any, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self._own_file: TextIO | None = None
        self._stderr_log: StderrToLog | None = None
        self._open_own_file()

    def _open_own_file(self) -> None:
        """Draw on a duplicate of descriptor 2 (or on descriptor 2 itself, logged, if that fails)."""
        stderr = sys.__stderr__
        try:
            assert stderr is not None
            fd = os.dup(stderr.fileno())  # not inherited by child processes (PEP 446)
        except (AssertionError, AttributeError, OSError, ValueError) as exc:
            log.warning("drawing on stderr: could not duplicate it (%s)", exc)
            return
        # Line-buffered with stderr's encoding and error handler, as Textual's own output is.
        self._own_file = open(fd, "w", buffering=1, encoding=stderr.encoding or "utf-8",  # noqa: SIM115 - closed in close()
                              errors="backslashreplace")
        self._file = self._own_file

    @property
    def stderr_to_log(self) -> bool:
        """Descriptor 2 points at the log now (the app's stray Python output goes there too)."""
        return self._stderr_log is not None and self._stderr_log.active

    def start_application_mode(self) -> None:
        """Textual's, then point descriptor 2 at the log (after: if this fails, nothing to undo)."""
        if self._own_file is None and self._file is not sys.__stderr__:
            self._open_own_file()  # resumed after a suspend, which closed it
        super().start_application_mode()
        path = getattr(self._app, "stderr_log", None)
        if path is not None and self._own_file is not None and _is_terminal(2):
            self._stderr_log = StderrToLog(Path(path))
            self._stderr_log.start()

    def stop_application_mode(self) -> None:
        """Textual's, then descriptor 2 back to the terminal, whatever happened."""
        try:
            super().stop_application_mode()
        finally:
            redirect, self._stderr_log = self._stderr_log, None
            if redirect is not None:
                redirect.stop()

    def close(self) -> None:
        """Stop the writer thread (Textual calls this last), then close the private descriptor."""
        super().close()
        own, self._own_file = self._own_file, None
        if own is not None:
            try:
                own.close()
            except OSError:
                pass


def _is_terminal(fd: int) -> bool:
    try:
        return os.isatty(fd)
    except OSError:
        return False


def driver_for(default: type[Driver]) -> type[Driver]:
    """The driver to use where Textual would use *default*: ours in place of its Linux driver."""
    return OwnTerminalDriver if default is LinuxDriver else default
