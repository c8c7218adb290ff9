"""Checks, one module per family; importing the package registers them all (see registry.py)."""

from __future__ import annotations

import importlib
import pkgutil

_LOADED = False
_SKIP = {"registry", "parse_problems", "examples", "notes"}


def load_all() -> None:
    """Import every check module of this package once, so each @check decorator runs."""
    global _LOADED
    if _LOADED:
        return
    _LOADED = True
    for info in pkgutil.iter_modules(__path__):
        if info.name not in _SKIP and not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")
