"""Real mail servers on loopback for the email tests: Dovecot (IMAP) and aiosmtpd (SMTP).

Dovecot runs in the foreground as a child of the test process, with its configuration, state and
mail under a temporary directory and a free port; each test gets its own account (the password
file is re-read by Dovecot when it changes). Nothing here is a mock.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.shared import SHARED

sys.path.insert(0, str(Path(__file__).parent))

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
CPYTHON_MAIL = SHARED / "data" / "email" / "cpython-test-email"

_CONF = """
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
instance_name = os1-email-test-{port}
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
mail_location = maildir:{root}/mail/%u
first_valid_uid = 0
first_valid_gid = 0
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
  chroot =
}}
service anvil {{
  chroot =
}}
service auth {{
  user = root
}}
service auth-worker {{
  user = root
}}
namespace inbox {{
  inbox = yes
  separator = /
{mailboxes}
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.02)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {seconds} s")


@dataclass(frozen=True)
class Account:
    """One IMAP account on the test Dovecot."""

    host: str
    port: int
    user: str
    password: str
    maildir: Path
    """Where Dovecot keeps this account's mail (to check what the server really holds)."""


class Dovecot:
    """A Dovecot process serving IMAP on a free loopback port."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = free_port()
        for sub in ("run", "state", "mail"):
            (root / sub).mkdir(parents=True)
        # Accounts are made up front: Dovecot re-reads the password file by its mtime in whole
        # seconds, so users added during the run might not be seen.
        self._free = [(f"theo{i}", f"s3cret-{i}-pass") for i in range(1, 41)]
        (root / "users").write_text("".join(f"{u}:{{PLAIN}}{p}\n" for u, p in self._free))
        # Trash is called "Deleted Items" (as on Exchange-style servers): OS¹ must find it by its
        # special-use flag, not by name.
        boxes = "".join(f"  mailbox \"{name}\" {{\n    special_use = \\{use}\n    auto = create\n  }}\n"
                        for name, use in (("Deleted Items", "Trash"), ("Sent", "Sent"), ("Drafts", "Drafts"),
                                          ("Junk", "Junk"), ("Archive", "Archive")))
        # Dovecot reads mail as an unprivileged user (it refuses root), so its directory is
        # world-readable and the mail directory writable: a throwaway server on loopback.
        import pwd
        root.chmod(0o755)
        (root / "mail").chmod(0o777)
        nobody = pwd.getpwnam("nobody")
        (root / "dovecot.conf").write_text(_CONF.format(root=root, port=self.port, mailboxes=boxes,
                                                        uid=nobody.pw_uid, gid=nobody.pw_gid))
        self.proc = subprocess.Popen([DOVECOT, "-F", "-c", str(root / "dovecot.conf")],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            wait_port(self.port)
        except RuntimeError:
            self.stop()
            raise RuntimeError("Dovecot did not start: " + self.log()) from None

    def account(self) -> Account:
        user, pw = self._free.pop(0)
        return Account("127.0.0.1", self.port, user, pw, self.root / "mail" / user)

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


@pytest.fixture(scope="session")
def dovecot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dovecot]:
    if not Path(DOVECOT).exists():
        pytest.skip("Dovecot is not installed: apt-get install dovecot-imapd")
    root = Path(tempfile.mkdtemp(prefix="os1-dovecot-"))  # not under pytest's 0700 base
    root.chmod(0o755)
    server = Dovecot(root / "server")
    yield server
    server.stop()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture()
def account(dovecot: Dovecot) -> Account:
    return dovecot.account()


class SmtpSink:
    """aiosmtpd on a free loopback port, keeping every message it is given."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list[tuple[str, list[str], bytes]] = []
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
                sink.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
                return "250 OK"

        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()


@pytest.fixture()
def smtp() -> Iterator[SmtpSink]:
    sink = SmtpSink()
    yield sink
    sink.stop()


class DroppingProxy:
    """A TCP proxy to *port* that hangs up once the server has sent *allow* bytes after a body fetch starts."""

    def __init__(self, port: int, allow: int) -> None:
        self.target, self.allow = port, allow
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.dropped = threading.Event()
        self.armed = True
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target))
            state = {"fetching": False, "sent": 0}
            threading.Thread(target=self._pump, args=(client, server, state, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, state, False), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, state: dict, upstream: bool) -> None:
        try:
            while data := src.recv(65536):
                if upstream and b"BODY.PEEK[]" in data and self.armed:
                    state["fetching"] = True
                if not upstream and state["fetching"]:
                    state["sent"] += len(data)
                    if state["sent"] > self.allow:
                        self.armed = False
                        self.dropped.set()
                        dst.sendall(data[: max(0, len(data) // 2)])
                        break
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def close(self) -> None:
        self.listener.close()
