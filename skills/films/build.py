"""Build the film data that ships with OS¹: ``python -m os1.skills.films.build [SOURCE_DIR]``.

Reads the ``movies-*.json`` files of prust/wikipedia-movie-data (MIT for the collection; the
summaries are Wikipedia text, CC BY-SA) and writes ``data/films.jsonl.xz`` next to this module:
one compact JSON object per film (``t`` title, ``y`` year, ``c`` cast, ``g`` genres, ``s`` summary,
``h`` Wikipedia page), sorted, so the same input always gives the same bytes. A small
``data/films.manifest.json`` records the count and a hash that the run-time cache is checked
against. Build it once; the output is committed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import lzma
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from os1.fileio import atomic_write

__all__ = ["DATA_DIR", "SHIPPED", "MANIFEST", "clean_film", "read_source_files", "encode", "main"]

DATA_DIR = Path(__file__).with_name("data")
SHIPPED = DATA_DIR / "films.jsonl.xz"
MANIFEST = DATA_DIR / "films.manifest.json"
DEFAULT_SOURCE = Path("/work/shared/data/films")


_CSS = re.compile(r"(?:\.mw-parser-output[^{]*\{[^}]*\})+")
"""Wikipedia style sheets that leaked into a few titles ("Naked Gun .mw-parser-output .frac{...}33+1⁄3")."""


class BadFilm(ValueError):
    """A record that is not a film (no title or year); the message says which field."""


def _names(values: Any) -> list[str]:
    """Cast or genre names: strings with at least one letter, stripped, in order, without repeats."""
    out: list[str] = []
    for value in values or ():
        if isinstance(value, str):
            name = " ".join(value.split()).strip(" ,;()")
            if any(ch.isalpha() for ch in name) and name not in out:
                out.append(name)
    return out


def clean_film(raw: Any) -> dict[str, Any]:
    """One record of the source format as a compact film dict.

    Raises:
        BadFilm: the record has no title or no usable year.
    """
    if not isinstance(raw, dict):
        raise BadFilm("it is not an object with a title and a year")
    title = " ".join(_CSS.sub(" ", str(raw.get("title") or "")).split())
    if not title:
        raise BadFilm("it has no title")
    try:
        year = int(raw.get("year"))
    except (TypeError, ValueError):
        raise BadFilm(f"“{title}” has no year (a whole number is needed)") from None
    film: dict[str, Any] = {"t": title, "y": year, "c": _names(raw.get("cast")), "g": _names(raw.get("genres"))}
    summary = " ".join(str(raw.get("extract") or "").split())
    if summary:
        film["s"] = summary
    if raw.get("href"):
        film["h"] = str(raw["href"])
    return film


def read_source_files(paths: Iterable[Path]) -> Iterator[Any]:
    """Every record in the given JSON files (each a list of film objects)."""
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, list):
            raise ValueError(f"{path} is not a JSON list of films")
        yield from data


def encode(films: Iterable[dict[str, Any]]) -> bytes:
    """Films as sorted JSON lines."""
    lines = sorted(json.dumps(f, ensure_ascii=False, sort_keys=True, separators=(",", ":")) for f in films)
    return ("\n".join(lines) + "\n").encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m os1.skills.films.build", description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", default=str(DEFAULT_SOURCE), help="folder with movies-*.json")
    args = parser.parse_args(argv)
    files = sorted(Path(args.source).glob("movies-*.json"))
    if not files:
        print(f"build: no movies-*.json files in {args.source}", file=sys.stderr)
        return 2
    films, skipped = [], 0
    for raw in read_source_files(files):
        try:
            films.append(clean_film(raw))
        except BadFilm:
            skipped += 1
    body = encode(films)
    packed = lzma.compress(body, preset=9 | lzma.PRESET_EXTREME)
    atomic_write(SHIPPED, packed)
    manifest = {"count": len(films), "sha256": hashlib.sha256(body).hexdigest(),
                "source": "prust/wikipedia-movie-data (MIT collection; summaries from Wikipedia, CC BY-SA)"}
    atomic_write(MANIFEST, (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode())
    for path in (SHIPPED, MANIFEST):
        path.chmod(0o644)  # package data must be readable by everyone
    print(f"wrote {len(films)} films ({skipped} skipped) to {SHIPPED} ({len(packed) / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
