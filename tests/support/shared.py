"""Where the project's shared material (real data for tests) is: ``../shared`` beside the repository."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def shared_dir() -> Path:
    """``$OS1_SHARED``, else ``shared/`` beside the repository, else /work/shared."""
    for candidate in (os.environ.get("OS1_SHARED"), ROOT.parent / "shared", Path("/work/shared")):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return ROOT.parent / "shared"


SHARED = shared_dir()
