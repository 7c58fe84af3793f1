"""The synthesis worker: a separate process that holds one pyttsx3 engine and turns text into PCM.

pyttsx3 can hang in its run loop, so it runs here, where a hang only costs a restart (see
``_client.SynthWorker``). Run as a script (``python _worker.py``): it imports nothing from OS¹.

Protocol, over the process's pipes:
    parent -> worker, one JSON object per line on stdin:
        {"id": 1, "op": "synth", "text": "...", "voice": "en-us+f3", "rate": 175, "volume": 1.0}
        {"id": 2, "op": "voices"}
        {"id": 3, "op": "voice", "voice": "en-us+f3"}           (is this voice installed?)
    worker -> parent, on the original stdout: a JSON header line, then ``bytes`` raw bytes of PCM:
        {"ready": true, "pid": 123}                             (once, after the engine is up)
        {"id": 1, "ok": true, "rate": 22050, "bytes": 44100}  + PCM (16-bit LE mono)
        {"id": 2, "ok": true, "voices": [...], "variants": [...], "bytes": 0}
        {"id": 1, "ok": false, "kind": "voice" | "error", "error": "...", "bytes": 0}
"""

from __future__ import annotations

import io
import json
import os
import sys
import threading
import wave
from typing import Any, BinaryIO

EMPTY_RETRIES = 2
"""Times an utterance that came back without audio is synthesised again."""
FINISH_TIMEOUT = 20.0
"""Seconds to wait for pyttsx3's finished-utterance callback (the parent's own timeout is shorter)."""


def _send(out: BinaryIO, header: dict[str, Any], payload: bytes = b"") -> None:
    header["bytes"] = len(payload)
    out.write(json.dumps(header).encode("utf-8") + b"\n" + payload)
    out.flush()


def _variants() -> list[dict[str, Any]]:
    """espeak-ng's voice variants ("f3", "Annie"), or [] when the driver is not espeak."""
    try:
        import ctypes

        from pyttsx3.drivers import _espeak
    except Exception:  # other platforms' drivers have no variants
        return []
    spec = _espeak.VOICE()
    spec.languages = b"variant"
    out = []
    for v in _espeak.ListVoices(ctypes.pointer(spec)):
        ident = v.identifier.decode("utf-8", "replace")
        out.append({"id": ident.rsplit("/", 1)[-1], "name": v.name.decode("utf-8", "replace"),
                    "gender": [None, "male", "female"][v.gender] if v.gender < 3 else None})
    return out


class UnusableVoice(Exception):
    """The engine refused a voice that its own list names."""


def _keep_last_samples(engine: Any) -> None:
    """Work around pyttsx3 2.99's espeak driver losing the end of every utterance.

    Its synth callback handles the events of a buffer *before* appending the buffer's samples, so the
    samples that arrive together with the end-of-message event (up to a second) are dropped: short
    sentences came back empty, long ones without their last words. Append first, then let the driver
    handle the events. Other drivers are left alone.
    """
    driver = getattr(getattr(engine, "proxy", None), "_driver", None)
    if not all(hasattr(driver, name) for name in ("_onSynth", "_data_buffer", "_speaking")):
        return
    import ctypes

    from pyttsx3.drivers import _espeak

    original = driver._onSynth

    def on_synth(wav: Any, numsamples: int, events: Any) -> int:
        if numsamples > 0 and driver._speaking:
            driver._data_buffer += ctypes.string_at(wav, numsamples * ctypes.sizeof(ctypes.c_short))
        return original(wav, 0, events)

    _espeak.SetSynthCallback(on_synth)


class Synth:
    """One pyttsx3 engine, used for many utterances (always through ``save_to_file``)."""

    def __init__(self) -> None:
        import pyttsx3

        self.engine = pyttsx3.init()
        _keep_last_samples(self.engine)
        self.done = threading.Event()
        self.errors: list[BaseException] = []
        self.engine.connect("finished-utterance", lambda **_: self.done.set())
        self.engine.connect("error", lambda exception=None, **_: self.errors.append(exception))
        self.voices = [{"id": v.id, "name": v.name, "languages": list(v.languages or []),
                        "gender": (v.gender or "").lower() or None} for v in self.engine.getProperty("voices")]
        self.variants = _variants()
        self.current: tuple[str, int, float] | None = None

    def resolve(self, spec: str) -> str | None:
        """The voice name to give the driver for *spec* ("en-us+f3", "gmw/en-us", "English (America)")."""
        if not spec.strip():
            return ""  # the engine's own default voice
        base, _, variant = spec.strip().partition("+")
        want = base.lower()
        keys = (lambda v: (v["id"].lower(), v["id"].lower().rsplit("/", 1)[-1]), lambda v: (v["name"].lower(),),
                lambda v: tuple(lang.lower() for lang in v["languages"]))
        found = next((v for key in keys for v in self.voices if want in key(v)), None)
        variants = {x["id"].lower(): x["id"] for x in self.variants}
        if found is None or (variant and self.variants and variant.lower() not in variants):
            return None
        # the driver finds voices by identifier ("gmw/en-us"), not by language ("en-gb" is "gmw/en")
        return found["id"] + (f"+{variants.get(variant.lower(), variant)}" if variant else "")

    def _apply(self, voice: str, rate: int, volume: float) -> None:
        """Set voice, rate and volume, and wait until the engine has really taken them.

        Queued through ``engine.setProperty`` they are applied inside ``runAndWait`` just before the
        text, and espeak-ng's asynchronous mode then raced them against the synthesis: about half the
        worker processes spoke at the default 200 wpm, and one utterance came back empty. Setting them
        directly on the espeak driver and calling ``espeak_Synchronize`` removed both (see tests).
        """
        driver = getattr(self.engine.proxy, "_driver", None)
        try:
            from pyttsx3.drivers import _espeak
            from pyttsx3.drivers.espeak import EspeakDriver
        except Exception:  # not the espeak driver
            driver = None
        if not isinstance(driver, EspeakDriver):
            if voice:
                self.engine.setProperty("voice", voice)
            self.engine.setProperty("rate", rate)
            self.engine.setProperty("volume", volume)
            return
        if voice:
            try:
                driver.setProperty("voice", voice)
            except ValueError as exc:
                raise UnusableVoice(str(exc)) from None
        driver.setProperty("rate", rate)
        driver.setProperty("volume", volume)
        _espeak.Synchronize()

    def synth(self, text: str, voice: str, rate: int, volume: float) -> tuple[bytes, int]:
        if self.current != (voice, rate, volume):
            self._apply(voice, int(rate), max(0.0, min(1.0, float(volume))))
            self.current = (voice, rate, volume)
        target = io.BytesIO()
        self.done.clear()
        self.errors.clear()
        # The driver writes later say() calls into the last save_to_file target; OS¹ never calls say().
        self.engine.save_to_file(text, target)
        self.engine.runAndWait()
        # runAndWait may return before the audio is written: the callback is the real end
        if not self.done.wait(FINISH_TIMEOUT):
            raise TimeoutError("pyttsx3 did not finish the utterance")
        if self.errors:
            self.current = None
            raise RuntimeError(f"pyttsx3 failed: {self.errors[0]}")
        target.seek(0)
        with wave.open(target, "rb") as wav:
            return wav.readframes(wav.getnframes()), wav.getframerate()


def _handle(synth: Synth, request: dict[str, Any], out: BinaryIO) -> None:
    rid = request.get("id")
    if request.get("op") == "voices":
        _send(out, {"id": rid, "ok": True, "voices": synth.voices, "variants": synth.variants})
        return
    spec = str(request.get("voice") or "")
    voice = synth.resolve(spec)
    if voice is None:
        _send(out, {"id": rid, "ok": False, "kind": "voice", "error": f"there is no voice called {spec!r}"})
        return
    if request.get("op") == "voice":
        _send(out, {"id": rid, "ok": True, "voice": voice})
        return
    text = str(request.get("text", ""))
    try:
        for _ in range(EMPTY_RETRIES + 1):
            pcm, rate = synth.synth(text, voice, int(request.get("rate", 175)), float(request.get("volume", 1.0)))
            if pcm or not any(ch.isalnum() for ch in text):
                break
            # espeak-ng now and then ends a message at once, with no audio: the same text again works
            print(f"empty audio for {text[:40]!r}; synthesising it again", file=sys.stderr)
    except UnusableVoice as exc:
        synth.current = None
        _send(out, {"id": rid, "ok": False, "kind": "voice", "error": str(exc)})
        return
    except Exception as exc:  # reported to the parent, which logs it and may restart us
        _send(out, {"id": rid, "ok": False, "kind": "error", "error": f"{type(exc).__name__}: {exc}"})
        return
    _send(out, {"id": rid, "ok": True, "rate": rate}, pcm)


def main() -> int:
    out = os.fdopen(os.dup(1), "wb", buffering=0)
    # pyttsx3 prints "Audio saved to ..." on stdout: keep fd 1 away from the protocol
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process
    try:
        synth = Synth()
    except Exception as exc:
        _send(out, {"ready": False, "error": f"{type(exc).__name__}: {exc}"})
        return 1
    _send(out, {"ready": True, "pid": os.getpid()})
    for line in sys.stdin.buffer:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
        except ValueError:
            _send(out, {"id": None, "ok": False, "kind": "error", "error": "bad request"})
            continue
        _handle(synth, request, out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
