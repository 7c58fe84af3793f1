"""The person's time zone and the clock, including a fixed clock for ``--now``."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["local_zone", "parse_now", "make_clock"]


def local_zone(name: str = "") -> tzinfo:
    """The zone called *name*, else ``$TZ``, else the system's, else UTC."""
    for candidate in (name, os.environ.get("TZ", "").lstrip(":"), _system_zone_name()):
        if candidate:
            try:
                return ZoneInfo(candidate)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return timezone.utc


def _system_zone_name() -> str:
    try:
        return Path("/etc/timezone").read_text(encoding="utf-8").strip()
    except OSError:
        pass
    try:
        target = str(Path("/etc/localtime").resolve())
    except OSError:
        return ""
    return target.split("zoneinfo/", 1)[1] if "zoneinfo/" in target else ""


def parse_now(text: str, zone: tzinfo) -> datetime:
    """An ISO 8601 time; without an offset it is read in *zone*.

    Raises:
        ValueError: not ISO 8601 (the message says what was expected).
    """
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"--now {text!r} is not an ISO 8601 time such as 2026-11-22T09:30") from None
    return value.replace(tzinfo=zone) if value.tzinfo is None else value.astimezone(zone)


def make_clock(zone: tzinfo, fixed: datetime | None = None) -> Callable[[], datetime]:
    """A function returning the current time in *zone*, or always *fixed*."""
    if fixed is not None:
        return lambda: fixed
    return lambda: datetime.now(zone)
