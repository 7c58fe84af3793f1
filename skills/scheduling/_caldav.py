"""A calendar on a CalDAV server (Nextcloud, Radicale, iCloud, Fastmail ...) via ``caldav``.

The password comes from ``password_command`` (run without a shell; its output is never logged)
or from the system keyring (service ``os1-caldav``, the user name as the account).
"""

from __future__ import annotations

import logging
import shlex
import subprocess
import time
import uuid
from collections.abc import Mapping
from datetime import datetime, timezone, tzinfo
from pathlib import Path
from typing import Any

from ._model import Event, from_component, to_component
from ._store import StoreError

__all__ = ["CaldavStore", "password_from"]

log = logging.getLogger("os1.skill.scheduling")
KEYRING_SERVICE = "os1-caldav"


def password_from(settings: Mapping[str, Any]) -> str | None:
    """The CalDAV password: ``password_command``'s output, else the keyring's entry, else None.

    Raises:
        StoreError: the command failed (the message names it, never its output).
    """
    command = str(settings.get("password_command", "") or "")
    if command:
        try:
            done = subprocess.run(shlex.split(command), capture_output=True, text=True, timeout=15, check=False)
        except (OSError, ValueError, subprocess.TimeoutExpired) as exc:
            raise StoreError(f"The calendar password command ({shlex.split(command)[0]}) could not run: "
                             f"{type(exc).__name__}. Check password_command in [skills.scheduling].") from None
        if done.returncode != 0:
            raise StoreError(f"The calendar password command exited with status {done.returncode}. "
                             f"Check password_command in [skills.scheduling].")
        return done.stdout.strip().splitlines()[0] if done.stdout.strip() else ""
    username = str(settings.get("username", "") or "")
    if not username:
        return None
    try:
        import keyring

        return keyring.get_password(str(settings.get("keyring_service", KEYRING_SERVICE)), username)
    except Exception as exc:  # no keyring backend on this machine
        log.info("no keyring password for %s: %s", username, type(exc).__name__)
        return None


class CaldavStore:
    """One calendar on a CalDAV server.

    Args:
        settings: ``caldav_url``, ``username``, ``password_command``, ``calendar_name``.
        zone: the zone for floating times.
        mark: a small file every OS¹ store on this calendar rewrites after a change, so that another
            store in OS¹ (the email skill's, accepting an invitation) does not answer from a stale cache.
    """

    def __init__(self, settings: Mapping[str, Any], zone: tzinfo, mark: Path | None = None) -> None:
        self.settings = settings
        self.zone = zone
        self.mark = mark
        self._mark_seen = ""
        self.url = str(settings.get("caldav_url", ""))
        self._calendar: Any = None
        self._objects: dict[str, Any] = {}
        self.skipped = 0
        self.generation = 0
        """Goes up with each fetch (callers cache what they build on the events)."""
        self._cache: list[Event] | None = None
        self._fetched = 0.0

    def _connect(self) -> Any:
        if self._calendar is not None:
            return self._calendar
        import caldav
        from caldav.lib import error

        password = password_from(self.settings)
        client = caldav.DAVClient(url=self.url, username=self.settings.get("username") or None,
                                  password=password, timeout=float(self.settings.get("timeout", 10)))
        try:
            calendars = client.principal().calendars()
        except error.AuthorizationError:
            raise StoreError(f"The calendar server at {self.url} refused the user name or password. "
                             f"Check username and password_command in [skills.scheduling].") from None
        except Exception as exc:
            raise StoreError(f"I couldn't reach the calendar server at {self.url} ({type(exc).__name__}). "
                             f"Is it running, and is caldav_url right?") from None
        wanted = str(self.settings.get("calendar_name", "") or "")
        for cal in calendars:
            if not wanted or (cal.get_display_name() or "") == wanted:
                self._calendar = cal
                return cal
        if calendars:
            raise StoreError(f"There is no calendar called “{wanted}” on {self.url}.")
        raise StoreError(f"The server at {self.url} has no calendars yet; create one there first.")

    def events(self) -> list[Event]:
        """Every event, fetched afresh unless fetched in the last ``cache_seconds`` (default 20)."""
        fresh = time.monotonic() - self._fetched < float(self.settings.get("cache_seconds", 20))
        mark = self._read_mark()
        if self._cache is not None and fresh and mark == self._mark_seen:
            return list(self._cache)
        self._mark_seen = mark
        cal = self._connect()
        try:
            objects = cal.events()
        except Exception as exc:
            raise StoreError(f"The calendar server at {self.url} didn't answer ({type(exc).__name__}).") from None
        out: list[Event] = []
        self._objects, self.skipped = {}, 0
        for obj in objects:
            try:
                for comp in obj.icalendar_instance.walk("VEVENT"):
                    event = from_component(comp, self.zone)
                    if event is not None:
                        out.append(event)
                        self._objects.setdefault(event.uid, obj)
            except Exception as exc:
                self.skipped += 1
                log.warning("skipped an unreadable event on %s: %s", self.url, exc)
        self._cache, self._fetched = out, time.monotonic()
        self.generation += 1
        return list(out)

    def _changed(self) -> None:
        self._cache = None  # the next read fetches what the server now holds
        if self.mark is not None:
            token = uuid.uuid4().hex
            try:
                self.mark.parent.mkdir(parents=True, exist_ok=True)
                self.mark.write_text(token, encoding="ascii")
            except OSError as exc:  # only a cache hint: the other store refreshes within cache_seconds anyway
                log.info("could not write %s: %s", self.mark, exc)

    def _read_mark(self) -> str:
        if self.mark is None:
            return ""
        try:
            return self.mark.read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError):
            return ""

    def _wrap(self, event: Event) -> str:
        from icalendar import Calendar

        cal = Calendar()
        cal.add("PRODID", "-//OS1//scheduling//EN")
        cal.add("VERSION", "2.0")
        cal.add_component(to_component(event, datetime.now(timezone.utc).replace(microsecond=0)))
        cal.add_missing_timezones()
        return cal.to_ical().decode("utf-8")

    def _write(self, action: str, call: Any) -> Any:
        try:
            return call()
        except StoreError:
            raise
        except Exception as exc:
            log.warning("CalDAV %s failed: %s", action, exc)
            raise StoreError(f"The calendar server refused to {action} ({type(exc).__name__}). "
                             f"Nothing was changed.") from None
        finally:
            self._changed()

    def add(self, event: Event) -> None:
        cal = self._connect()
        self._write("save the event", lambda: cal.save_event(self._wrap(event)))

    def replace(self, event: Event) -> None:
        obj = self._objects.get(event.uid)
        if obj is None:
            self.events()
            obj = self._objects.get(event.uid)
        if obj is None:
            raise StoreError(f"“{event.title}” is no longer in your calendar, so I couldn't change it.")

        def save() -> None:
            obj.data = self._wrap(event)
            obj.save()

        self._write("change the event", save)

    def remove(self, uid: str) -> list[Event]:
        gone = [e for e in self.events() if e.uid == uid]
        obj = self._objects.get(uid)
        if obj is None or not gone:
            raise StoreError("That event is no longer in your calendar.")
        self._write("delete the event", obj.delete)
        return gone
