"""The OS¹ dashboard, a Textual app: ``create_app(assistant)`` builds it (``os1 dashboard`` runs it).

Importing this package does not import Textual; :func:`create_app` is loaded on first use.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(name)
