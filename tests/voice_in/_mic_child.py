"""Run a VoiceSession on the (virtual) default microphone and print its events as JSON lines.

Started by test_microphone.py in a child process with the PulseAudio variables already set, so
sounddevice lists the virtual devices when it is first imported here.
"""

from __future__ import annotations

import json
import sys
import threading
import time

from os1.skills.persona import PersonaSkill
from os1.voice.session import VoiceSession

from os1.app import build_assistant
from os1.events import ListenState, Turn, to_dict

from ._skills import TimerSkill


def main() -> int:
    home, wait_s = sys.argv[1], float(sys.argv[2])
    ptt = len(sys.argv) > 4 and sys.argv[4] == "ptt"
    overrides = {"recognizer": "pocketsphinx", "input_device": sys.argv[3] if len(sys.argv) > 3 else "",
                 "push_to_talk": ptt}
    assistant = build_assistant(home=home, overrides=overrides, skills=[PersonaSkill, TimerSkill],
                                discover_skills=False)
    done = threading.Event()
    ready = threading.Event()

    def on_event(event):
        print(json.dumps(to_dict(event), ensure_ascii=False), flush=True)
        if isinstance(event, ListenState) and event.state in ("wake", "off"):
            ready.set()
            if event.state == "off":
                done.set()
        if isinstance(event, Turn):
            done.set()

    session = VoiceSession(assistant, on_event)
    started = time.monotonic()
    session.start()
    print(json.dumps({"type": "start_returned", "ms": (time.monotonic() - started) * 1000}), flush=True)
    ready.wait(30)
    if ptt:
        session.push_to_talk()
        time.sleep(0.3)
    print("READY", flush=True)
    done.wait(wait_s)
    session.close()
    assistant.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
