"""``os1 models list | download NAME | use NAME``: Vosk speech models."""

from __future__ import annotations

import argparse
import sys
import time

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION")
    ls = sub.add_parser("list", help="installed models, and the official list if it can be fetched")
    ls.add_argument("--lang", help="only models for this language code (en-us, de, ...)")
    ls.add_argument("--all", action="store_true", help="also list obsolete models")
    dl = sub.add_parser("download", help="download, verify and install a model (resumable)")
    dl.add_argument("name")
    use = sub.add_parser("use", help="recognise speech with this installed model")
    use.add_argument("name")


def _bar(done: int, total: int, started: float) -> None:
    width = 30
    frac = done / total if total else 0.0
    rate = done / max(time.monotonic() - started, 1e-6) / 1e6
    sys.stderr.write(f"\r[{'#' * int(frac * width):{width}}] {frac:6.1%} {done / 1e6:7.1f}/{total / 1e6:.1f} MB "
                     f"{rate:5.1f} MB/s")
    sys.stderr.flush()


def run(args: argparse.Namespace) -> int:
    from os1._cli_common import fail
    from os1.paths import resolve_paths
    from os1.settings import SettingsError, load_settings, save_setting

    from .models import ModelError, download, fetch_list, installed

    paths = resolve_paths(args.home)
    try:
        settings = load_settings(paths)
    except SettingsError as exc:
        return fail(str(exc))
    have = {m.name: m for m in installed(settings)}
    action = getattr(args, "action", None) or "list"
    if action == "list":
        current = settings.vosk_model or (next(iter(have), "") if settings.recognizer != "pocketsphinx" else "")
        print("Installed:" if have else "Installed: none (the bundled PocketSphinx recogniser is used)")
        for name, m in have.items():
            print(f"  {name}{'  (in use)' if name == current else ''}  {m.path}")
        try:
            entries = fetch_list()
        except ModelError as exc:
            print(f"\n{exc} Showing installed models only.")
            return 0
        lang = (getattr(args, "lang", None) or "").lower()
        shown = [e for e in entries if (args.all or not e.obsolete) and (not lang or e.lang.lower() == lang)]
        print("\nAvailable (os1 models download NAME):")
        for e in shown:
            print(f"  {e.name:45} {e.lang:8} {e.type:6} {e.size / 1e6:8.1f} MB{'  installed' if e.name in have else ''}")
        return 0
    if action == "use":
        if args.name not in have:
            return fail(f"No installed model called {args.name!r}. Installed: {', '.join(have) or 'none'}. "
                        f"Download it first: `os1 models download {args.name}`.")
        try:
            save_setting(paths, "vosk_model", args.name)
            save_setting(paths, "recognizer", "vosk")
        except SettingsError as exc:
            return fail(str(exc))
        print(f"Speech is now recognised with {args.name}.")
        return 0
    try:
        entries = fetch_list()
    except ModelError as exc:
        return fail(f"{exc} Check the network connection and try again.")
    entry = next((e for e in entries if e.name == args.name), None)
    if entry is None:
        near = [e.name for e in entries if args.name.lower() in e.name.lower()][:5]
        return fail(f"There is no model called {args.name!r} on the list." +
                    (f" Did you mean: {', '.join(near)}?" if near else " See `os1 models list`."))
    started = time.monotonic()
    try:
        path = download(entry, settings, lambda d, t: _bar(d, t, started))
    except ModelError as exc:
        sys.stderr.write("\n")
        return fail(str(exc))
    sys.stderr.write("\n")
    print(f"Installed {entry.name} in {path}. Use it with `os1 models use {entry.name}`.")
    return 0
