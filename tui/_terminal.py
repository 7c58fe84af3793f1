"""The dashboard draws on its own descriptor for the terminal, not on the process's stderr.

Textual's Linux driver writes every frame to ``sys.__stderr__`` (descriptor 2). Libraries that
silence C-level chatter point descriptor 2 at ``/dev/null`` for a moment and then put it back:
``sounddevice`` does so around ``Pa_Initialize`` when it is first imported, which the voice side
does in the background just as the dashboard starts. A frame flushed in that moment went to
``/dev/null``; Textual only repaints what changes, so the lost part of the screen stayed stale
until it next changed: typed keys seemed to arrive late (until the cursor blinked), or the opening
greeting never appeared. Drawing on a duplicate of the terminal's descriptor, taken before the
app starts, is immune to whatever happens to descriptor 2 later.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver

__all__ = ["OwnTerminalDriver", "driver_for"]

log = logging.getLogger("os1.tui")


class OwnTerminalDriver(LinuxDriver):
    """Textual's Linux driver, writing to a private duplicate of the terminal's descriptor."""

    def __init__(self, app: Any, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self._own_file = None
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

    def close(self) -> None:
        """Stop the writer thread (Textual calls this last), then close the private descriptor."""
        super().close()
        own, self._own_file = self._own_file, None
        if own is not None:
            try:
                own.close()
            except OSError:
                pass


def driver_for(default: type[Driver]) -> type[Driver]:
    """The driver to use where Textual would use *default*: ours in place of its Linux driver."""
    return OwnTerminalDriver if default is LinuxDriver else default
