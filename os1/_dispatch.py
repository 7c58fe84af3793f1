"""Run one skill handler where it cannot take OS¹ down: its own thread, a time limit, errors caught."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["Outcome", "run_contained"]

log = logging.getLogger("os1.dispatch")


@dataclass(frozen=True)
class Outcome:
    """What a handler did."""

    value: Any = None
    error: BaseException | None = None
    timed_out: bool = False


def run_contained(func: Callable[[], Any], timeout: float, label: str) -> Outcome:
    """Call *func* in a daemon thread and wait at most *timeout* seconds.

    A handler that hangs is left running in its daemon thread (Python cannot kill a thread); its
    result, if it ever comes, is dropped.
    """
    box: dict[str, Any] = {}
    done = threading.Event()

    def target() -> None:
        try:
            box["value"] = func()
        except BaseException as exc:  # a plugin may raise anything; it must not end OS¹
            box["error"] = exc
            log.error("%s raised %s", label, type(exc).__name__, exc_info=exc)
        finally:
            done.set()

    thread = threading.Thread(target=target, name=f"skill:{label}", daemon=True)
    thread.start()
    if not done.wait(timeout):
        log.error("%s did not answer within %.1f s", label, timeout)
        return Outcome(timed_out=True)
    return Outcome(box.get("value"), box.get("error"))
