"""Formatters, a registry keyed by format name; each turns a RunResult into bytes.

Public API (the CLI relies on it):
    available() -> list[str]
    render(name: str, result: RunResult, **options) -> bytes
    is_binary(name) -> bool, suffix(name) -> str

Each format lives in its own module exposing ``render(result, **options) -> bytes`` and is
imported only when used, so `nlp-audit check --format jsonl` never pays for XlsxWriter. Options a
formatter does not know are ignored (``color`` only means something to ``text``). A plug-in can
``register()`` another format without touching this file.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


class UnknownFormat(ValueError):
    """Asked for a format that is not registered."""


@dataclass(frozen=True, slots=True)
class FormatSpec:
    name: str
    target: str | Callable[..., bytes]  # module name inside this package, or a render callable
    suffix: str
    binary: bool = False
    summary: str = ""


_REGISTRY: dict[str, FormatSpec] = {}


def register(spec: FormatSpec) -> None:
    """Add (or replace) a format; order of registration is the order `available()` lists."""
    _REGISTRY[spec.name] = spec


for _spec in (
    FormatSpec("text", "text", ".txt", summary="findings per file and form, for people"),
    FormatSpec("json", "json_out", ".json", summary='{"version", "pack", "summary", "forms", "findings"}'),
    FormatSpec("jsonl", "jsonl", ".jsonl", summary="one finding per line (SPEC §4)"),
    FormatSpec("csv", "csv_out", ".csv", summary="one finding per row, UTF-8 with BOM for Excel"),
    FormatSpec("xlsx", "xlsx", ".xlsx", binary=True, summary="Findings / Summary / Forms sheets"),
    FormatSpec("html", "html_out", ".html", summary="one self-contained page"),
    FormatSpec("sarif", "sarif", ".sarif", summary="SARIF 2.1.0 for code-scanning tools"),
):
    register(_spec)


def available() -> list[str]:
    return list(_REGISTRY)


def get(name: str) -> FormatSpec:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UnknownFormat(f"unknown format {name!r}; choose from {', '.join(available())}") from None


def is_binary(name: str) -> bool:
    return get(name).binary


def suffix(name: str) -> str:
    return get(name).suffix


def render(name: str, result: Any, **options: Any) -> bytes:
    """The whole report of ``result`` in format ``name``."""
    spec = get(name)
    fn = spec.target if callable(spec.target) else importlib.import_module(f"{__name__}.{spec.target}").render
    return fn(result, **options)
