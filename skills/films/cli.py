"""``os1 films import PATH``: add or update films from your own data file.

The file is a JSON list of films in the format of prust/wikipedia-movie-data (``title``, ``year``,
``cast``, ``genres``, ``extract``, ``href``), or the same objects one per line (JSON Lines). A film
with the same title (as matched: case, punctuation and articles aside) and year as one already
known replaces it; others are added. Imported films are kept in the data directory, never in
the shipped database, and the cache is rebuilt at once.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from os1._cli_common import fail

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="films_action", metavar="ACTION", required=True)
    imp = sub.add_parser("import", help="add or update films from a JSON or JSON Lines file",
                         description=__doc__.splitlines()[0])
    imp.add_argument("path", metavar="PATH", help="a .json list of films, or a .jsonl file with one film per line")
    imp.add_argument("--quiet", "-q", action="store_true", help="no progress bar")


class _Bar:
    """A one-line progress bar on stderr."""

    def __init__(self, label: str, quiet: bool) -> None:
        self.label, self.quiet, self.last = label, quiet, -1

    def __call__(self, done: int, total: int) -> None:
        if self.quiet or total <= 0:
            return
        percent = done * 100 // total
        if percent == self.last and done != total:
            return
        self.last = percent
        filled = percent * 30 // 100
        sys.stderr.write(f"\r{self.label:<10} [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def run(args: argparse.Namespace) -> int:
    from os1.paths import resolve_paths

    from ._import import ImportFailed, import_films

    paths = resolve_paths(args.home)
    try:
        report = import_films(Path(args.path).expanduser(), paths.skill_data("films"), paths.cache / "films",
                              read_progress=_Bar("reading", args.quiet), build_progress=_Bar("indexing", args.quiet))
    except ImportFailed as exc:
        return fail(str(exc))
    print(report.text())
    return 0

