"""Mailbox settings (``[skills.email]`` in settings.toml) and where the password comes from.

A password is never read from the settings file: it comes from the system keyring
(``keyring_service``) or from a command that prints it (``password_command``, e.g. ``pass show
mail``). It is never logged, shown, or kept on disk by OS¹.
"""

from __future__ import annotations

import shlex
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["MailConfig", "MailError", "load_config", "password", "FOLDERS"]

FOLDERS = ("INBOX", "Sent", "Drafts", "Trash", "Archive", "Junk")
"""Logical folder names; ``folders`` in the settings maps them to the server's names."""


class MailError(Exception):
    """Something about the mailbox a person can act on; the message says what and how."""


@dataclass(frozen=True)
class MailConfig:
    """Where the mail is and who the person is."""

    maildir: Path
    """The local Maildir (the default mailbox)."""
    imap_host: str = ""
    """IMAP server; empty means use the local Maildir."""
    imap_port: int = 993
    imap_user: str = ""
    imap_ssl: bool = True
    """TLS from the start (port 993); False for plain or STARTTLS."""
    imap_starttls: bool = False
    password_command: str = ""
    """A command that prints the password on its first line (run without a shell)."""
    keyring_service: str = ""
    """Service name under which the password is in the system keyring (user: imap_user)."""
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    """Login for SMTP; empty for no login (a local relay)."""
    smtp_ssl: bool = False
    smtp_starttls: bool = True
    addresses: tuple[str, ...] = ()
    """The person's own addresses, lower case; the first one sends replies."""
    name: str = ""
    """The person's name for the From header of replies."""
    contacts: tuple[str, ...] = ()
    """Addresses of the person's contacts (in addition to ``contacts_file``, a vCard file)."""
    contacts_file: str = ""
    mbox_import: str = ""
    """An mbox file to import into the Maildir once (it is left as it is)."""
    folders: Mapping[str, str] = field(default_factory=dict)
    """Logical name -> the mailbox's own name (``{"Trash": "Deleted Items"}``); on IMAP, folders not named
    here are found by their special-use flags first."""
    refresh_seconds: float = 60.0
    """How old the index may be before "what's important" checks the mailbox again."""
    timeout: float = 20.0
    """Seconds to wait for a mail server."""

    @property
    def uses_imap(self) -> bool:
        return bool(self.imap_host)

    def folder(self, logical: str) -> str:
        return str(self.folders.get(logical, logical))


def _typed(settings: Mapping[str, Any], key: str, default: Any) -> Any:
    if key not in settings:
        return default
    value = settings[key]
    try:
        if isinstance(default, bool):
            if isinstance(value, str):
                return value.strip().lower() in ("1", "true", "yes", "on")
            return bool(value)
        if isinstance(default, tuple):
            items = value.split(",") if isinstance(value, str) else list(value)
            return tuple(str(v).strip().lower() for v in items if str(v).strip())
        if isinstance(default, dict):
            return {str(k): str(v) for k, v in dict(value).items()}
        return type(default)(value)
    except (TypeError, ValueError):
        raise MailError(f"The setting [skills.email] {key} = {value!r} in settings.toml is not a valid "
                        f"{type(default).__name__}.") from None


def load_config(settings: Mapping[str, Any], data_dir: Path) -> MailConfig:
    """Read the email settings; the Maildir defaults to ``<skill data>/Maildir``.

    Raises:
        MailError: a setting has the wrong type, or a password is written in the settings.
    """
    if "password" in settings or "imap_password" in settings or "smtp_password" in settings:
        raise MailError("settings.toml has a password under [skills.email]. I don't read passwords from "
                        "files: remove it, and set password_command (e.g. \"pass show mail\") or "
                        "keyring_service instead.")
    base = MailConfig(maildir=data_dir / "Maildir")
    values: dict[str, Any] = {}
    for name in MailConfig.__dataclass_fields__:
        if name == "maildir":
            continue
        values[name] = _typed(settings, name, getattr(base, name))
    maildir = Path(str(settings.get("maildir") or base.maildir)).expanduser()
    if "imap_port" not in settings and not values["imap_ssl"]:
        values["imap_port"] = 143
    return MailConfig(maildir=maildir, **values)


def password(config: MailConfig, user: str) -> str:
    """The password for *user*, from the keyring or the password command.

    Raises:
        MailError: neither is set, or they gave nothing; the message says which setting to fix.
    """
    if config.password_command:
        try:
            done = subprocess.run(shlex.split(config.password_command), capture_output=True, timeout=30,
                                  check=False)
        except (OSError, ValueError, subprocess.TimeoutExpired) as exc:
            raise MailError(f"The password command in [skills.email] password_command could not run "
                            f"({type(exc).__name__}). Check that it works in a terminal.") from None
        lines = done.stdout.decode("utf-8", "replace").splitlines()
        if done.returncode != 0 or not lines or not lines[0]:
            raise MailError(f"The password command in [skills.email] password_command failed (exit status "
                            f"{done.returncode}) or printed nothing. Check that it works in a terminal.")
        return lines[0]
    if config.keyring_service:
        try:
            import keyring  # only when a keyring is configured
            found = keyring.get_password(config.keyring_service, user)
        except Exception as exc:  # noqa: BLE001 - keyring backends raise their own types
            raise MailError(f"The system keyring could not be read ({type(exc).__name__}). Set "
                            f"password_command in [skills.email] instead.") from None
        if not found:
            raise MailError(f"There is no password in the keyring for service “{config.keyring_service}” "
                            f"and user “{user}”. Add it with: keyring set {config.keyring_service} {user}")
        return found
    raise MailError("I need the mail password: set password_command (a command that prints it) or "
                    "keyring_service under [skills.email] in settings.toml.")
