"""Formatters, a registry keyed by format name; each turns a run's records into bytes.

Public API (the CLI relies on it):
    available() -> list[str]
    render(name: str, result: RunResult, **options) -> bytes
    writer(name, out, meta, spool=..., **options) -> ReportWriter   (a report written as files finish)
    is_binary(name) -> bool, suffix(name) -> str

Each format lives in its own module, imported only when used (`--format jsonl` never pays for
XlsxWriter), and says how it writes:

- ``Stream(meta, **options)`` with ``head()``, ``file(report)`` and ``tail(result)`` -> bytes: the
  report is written as each file finishes (text, jsonl, csv), its batch findings and closing
  summary at the end;
- ``write(result, out, **options)``: a format that needs the whole run first (the summary at the
  top, one table of every form: json, html, xlsx, sarif). The file reports wait in a spool on disk
  (``report.spool``) and ``write`` reads them back one file at a time;
- ``render(result, **options) -> bytes``: a plug-in's format, given the spooled run at the end.

``render`` runs the same code over a result held in memory, so a report written as the run goes
and one rendered afterwards are the same bytes. Options a formatter does not know are ignored
(``color`` only means something to ``text``). A plug-in can ``register()`` another format without
touching this file.
"""

from __future__ import annotations

import dataclasses
import importlib
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import ModuleType
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..report.records import FileReport, RunMeta, RunResult
    from ..report.spool import Spool


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


def _module(spec: FormatSpec) -> ModuleType | None:
    return None if callable(spec.target) else importlib.import_module(f"{__name__}.{spec.target}")


def render(name: str, result: Any, **options: Any) -> bytes:
    """The whole report of ``result`` (files held in memory, or spooled) in format ``name``."""
    spec = get(name)
    module = _module(spec)
    if module is None:
        return spec.target(result, **options)  # type: ignore[operator]
    if hasattr(module, "Stream"):
        stream = module.Stream(result.meta, **options)
        return b"".join([stream.head(), *(stream.file(fr) for fr in result.files), *_chunks(stream.tail(result))])
    if hasattr(module, "write"):
        buf = io.BytesIO()
        module.write(result, buf, **options)
        return buf.getvalue()
    return module.render(result, **options)


class ReportWriter:
    """A report written while the run goes: ``add`` each file's report as it finishes, ``finish``
    with the run's result (batch findings, totals) at the end."""

    def add(self, report: FileReport) -> None:
        raise NotImplementedError

    def finish(self, result: RunResult) -> None:
        raise NotImplementedError

    def close(self, keep: bool = False) -> None:
        """Release what the writer holds; its spool is removed unless ``keep`` (a run that did not
        finish leaves its records for inspection)."""


class _StreamWriter(ReportWriter):
    def __init__(self, stream: Any, out: IO[bytes]) -> None:
        self.stream, self.out = stream, out
        out.write(stream.head())

    def add(self, report: FileReport) -> None:
        self.out.write(self.stream.file(report))

    def finish(self, result: RunResult) -> None:
        for chunk in _chunks(self.stream.tail(result)):
            self.out.write(chunk)


def _chunks(tail: bytes | Iterable[bytes]) -> Iterable[bytes]:
    """A stream's tail: its bytes, or the pieces it yields (written one at a time)."""
    return (tail,) if isinstance(tail, bytes) else tail


class _SpoolWriter(ReportWriter):
    def __init__(self, name: str, out: IO[bytes], spool: Spool, options: dict[str, Any]) -> None:
        self.name, self.out, self.spool, self.options = name, out, spool, options

    def add(self, report: FileReport) -> None:
        self.spool.append(report)

    def finish(self, result: RunResult) -> None:
        result = dataclasses.replace(result, files=self.spool)  # the caller's result is left as it was
        spec = get(self.name)
        module = _module(spec)
        if module is not None and hasattr(module, "write"):
            module.write(result, self.out, **self.options)
        else:
            self.out.write(render(self.name, result, **self.options))

    def close(self, keep: bool = False) -> None:
        self.spool.close(remove=not keep)


def streams(name: str) -> bool:
    """True when format ``name`` is written as files finish (else its records wait in a spool)."""
    module = _module(get(name))
    return module is not None and hasattr(module, "Stream")


def writer(name: str, out: IO[bytes], meta: RunMeta, spool: Callable[[], Spool] | None = None,
           **options: Any) -> ReportWriter:
    """A writer of format ``name`` into ``out``: streamed as files finish where the format can be,
    else spooled (``spool()`` makes the spool; an anonymous temporary file by default)."""
    module = _module(get(name))
    if module is not None and hasattr(module, "Stream"):
        return _StreamWriter(module.Stream(meta, **options), out)
    if spool is None:
        from ..report.spool import Spool

        return _SpoolWriter(name, out, Spool.anonymous({"format": name}), options)
    return _SpoolWriter(name, out, spool(), options)
