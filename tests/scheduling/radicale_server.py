"""A real Radicale CalDAV server on loopback for the tests: started in a subprocess, stopped after."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

__all__ = ["Radicale"]

USER, PASSWORD = "theodore", "samantha-secret"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Radicale:
    """Radicale with htpasswd auth (plain), its storage in *root*; ``read_only`` refuses every write."""

    def __init__(self, root: Path, read_only: bool = False) -> None:
        self.root = root
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        users = root / "users"
        users.write_text(f"{USER}:{PASSWORD}\n", encoding="utf-8")
        args = [sys.executable, "-m", "radicale", "--config", "", "--server-hosts", f"127.0.0.1:{self.port}",
                "--storage-filesystem-folder", str(root / "collections"), "--auth-type", "htpasswd",
                "--auth-htpasswd-filename", str(users), "--auth-htpasswd-encryption", "plain",
                "--logging-level", "warning"]
        if read_only:
            rights = root / "rights"
            rights.write_text("[all]\nuser: .+\ncollection: .*\npermissions: Rr\n", encoding="utf-8")
            args += ["--rights-type", "from_file", "--rights-file", str(rights)]
        self.log = open(root / f"radicale-{self.port}.log", "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT)
        self._wait()

    def _wait(self, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"Radicale exited with {self.proc.returncode}; see {self.log.name}")
            try:
                urllib.request.urlopen(self.url, timeout=1)  # noqa: S310 - loopback
                return
            except urllib.error.HTTPError:
                return  # it answers (401 without credentials)
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("Radicale did not start within 20 s")

    def make_calendar(self, name: str = "Personal") -> None:
        import caldav

        client = caldav.DAVClient(url=self.url, username=USER, password=PASSWORD)
        client.principal().make_calendar(name=name)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)
        self.log.close()
