"""Research export: `nlp-audit stats` turns a run into tables for pandas, R and DuckDB.

    forms       one row per form (header, funds, scores, indicator mix, deviations, claims, findings)
    indicators  one row per indicator (every parsed cell and the checker's reading of it)
    findings    the jsonl contract as a table

Modules: schema (columns, the contract), regions (province/county), checker_view (what the checks
concluded about a form), one module per table, build (rows of a run), writer (parquet/csv/json
through pyarrow). The tables are built from the run result (parsed files + findings) and the
same pack and embedder the run used.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .schema import TABLES
from .writer import FORMATS, SUFFIX, MissingPyArrow

__all__ = ["StatsError", "TABLES", "FORMATS", "parse_tables", "check_output", "export"]


class StatsError(Exception):
    """The export was asked for something it cannot do (bad format, table or output)."""


def parse_tables(spec: Iterable[str] | None) -> list[str] | None:
    """'forms,indicators' (or repeated) -> ['forms', 'indicators']; None when not given."""
    if not spec:
        return None
    names = [p.strip().lower() for item in spec for p in item.split(",") if p.strip()]
    unknown = [n for n in names if n not in TABLES]
    if unknown:
        raise StatsError(f"unknown table(s) {', '.join(unknown)}; choose from {', '.join(TABLES)}")
    return list(dict.fromkeys(names)) or None


def check_output(fmt: str, output: Path | None, tables: list[str] | None) -> None:
    """Refuse what cannot be written before the run starts."""
    if fmt not in FORMATS:
        raise StatsError(f"unknown --format {fmt!r}; choose from {', '.join(FORMATS)}")
    if tables is not None:
        if output is None:
            raise StatsError("--tables writes one file per table: give -o DIR")
        if output.exists() and not output.is_dir():
            raise StatsError(f"--tables needs a folder for -o, and {output} is a file")
    elif output is None and fmt == "parquet":
        raise StatsError("--format parquet is binary: give -o FILE.parquet")
    elif output is not None and output.is_dir():
        raise StatsError(f"{output} is a folder: give a file name, or --tables to write one file per table")


def export(
    paths: Iterable[str | Path],
    fmt: str = "parquet",
    output: Path | None = None,
    tables: list[str] | None = None,
    pack: Any = "default",
    embedder: Any = None,
    jobs: int = 1,
) -> bytes | None:
    """Check ``paths`` and write the tables; the bytes instead when there is no ``output`` (stdout).

    Without ``tables`` the forms table goes to ``output`` (a file); with them one file per table
    (forms.parquet, indicators.parquet...) goes into the folder ``output``.
    """
    from .. import pipeline
    from ..packs import load_pack
    from .build import build_tables
    from .writer import render

    check_output(fmt, output, tables)
    rule_pack = load_pack(pack) if isinstance(pack, str) else pack
    result = pipeline.run(paths, rule_pack, embedder=embedder, jobs=jobs)
    names = tables or ["forms"]
    rows = build_tables(result.parsed, result.findings, rule_pack, embedder, names)
    try:
        blobs = {name: render(name, rows[name], fmt) for name in names}
    except MissingPyArrow as exc:
        raise StatsError(str(exc)) from exc
    if output is None:
        return blobs["forms"]
    try:
        if tables is None:
            output.write_bytes(blobs["forms"])
        else:
            output.mkdir(parents=True, exist_ok=True)
            for name, blob in blobs.items():
                (output / f"{name}{SUFFIX[fmt]}").write_bytes(blob)
    except OSError as exc:
        raise StatsError(f"cannot write {output}: {exc.strerror or exc}") from exc
    return None
