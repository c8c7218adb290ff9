"""The `nlp-audit` command: typer commands that wire the pipeline, no logic of their own.

Exit codes (SPEC §4): 0 nothing at or above --fail-on, 1 findings at or above it, 2 misuse.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from . import __version__
from .limits import DEFAULT_LIMITS, Limits, describe
from .serve.limits import DEFAULTS as SERVE_LIMITS

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Audit Chinese performance forms (绩效自评表 / 绩效目标申报表): where words and numbers disagree.",
)

EXIT_MISUSE = 2


def _fail(message: str) -> None:
    typer.echo(f"nlp-audit: {message}", err=True)
    raise typer.Exit(EXIT_MISUSE)


def _write(data: bytes, output: Path | None) -> None:
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        try:
            output.write_bytes(data)
        except OSError as exc:
            _fail(f"cannot write {output}: {exc.strerror}")


def _check_paths(paths: list[Path]) -> None:
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        _fail("no such file or folder: " + ", ".join(missing))


_DOC = {name: doc for name, _value, doc in describe()}


def _limit_help(name: str) -> str:
    return f"{_DOC[name]} Default {getattr(DEFAULT_LIMITS, name):g}."


MaxFileBytes = Annotated[int | None, typer.Option("--max-file-bytes", help=_limit_help("max_file_bytes"))]
MaxPartBytes = Annotated[int | None, typer.Option("--max-part-bytes", help=_limit_help("max_part_bytes"))]
MaxSheetCells = Annotated[int | None, typer.Option("--max-sheet-cells", help=_limit_help("max_sheet_cells"))]
MaxRowColumns = Annotated[int | None, typer.Option("--max-row-columns", help=_limit_help("max_row_columns"))]
MaxCellChars = Annotated[int | None, typer.Option("--max-cell-chars", help=_limit_help("max_cell_chars"))]
MaxPdfPages = Annotated[int | None, typer.Option("--max-pdf-pages", help=_limit_help("max_pdf_pages"))]
MaxIndicators = Annotated[int | None, typer.Option("--max-indicators", help=_limit_help("max_indicators"))]
MaxSeconds = Annotated[float | None, typer.Option("--max-seconds", help=_limit_help("max_seconds"))]
MaxAbsNumber = Annotated[float | None, typer.Option("--max-abs-number", help=_limit_help("max_abs_number"))]


def _limits(**given) -> Limits:
    """The run's limits: the defaults with the flags given on the command line."""
    try:
        return DEFAULT_LIMITS.with_overrides(**given)
    except ValueError as exc:
        _fail(str(exc))
        raise  # unreachable: _fail exits


def _check_output(output: Path | None, inputs: list[Path]) -> None:
    """-o must be writable and must not name an input, decided before any file is read."""
    if output is None:
        return
    if output.is_dir():
        _fail(f"--output {output} is a folder; give a file name")
    parent = output.parent if str(output.parent) else Path(".")
    if not parent.is_dir():
        _fail(f"--output {output}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK) or (output.exists() and not os.access(output, os.W_OK)):
        _fail(f"--output {output}: not writable")
    target = _identity(output)
    for path in inputs:
        if target is not None and _identity(path) == target:
            _fail(f"--output {output} is one of the inputs; it would be overwritten")


def _identity(path: Path) -> tuple[int, int] | str | None:
    """(device, inode) of an existing file, else its absolute path (same identity through links)."""
    try:
        st = path.stat()
        return (st.st_dev, st.st_ino)
    except OSError:
        return os.path.abspath(path)


def _note_skipped(skipped) -> None:
    if skipped:
        shown = ", ".join(f"{s.path} ({s.reason})" for s in skipped[:5])
        more = f" and {len(skipped) - 5} more" if len(skipped) > 5 else ""
        typer.echo(f"nlp-audit: skipped {len(skipped)} special file(s): {shown}{more}", err=True)


def _load_pack(rules: str):
    from .packs import PackError, load_pack

    try:
        return load_pack(rules)
    except PackError as exc:
        _fail(f"rule pack: {exc}")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"nlp-audit {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True)] = False,
) -> None:
    """nlp-audit."""


@app.command()
def check(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (searched recursively).")],
    format: Annotated[str, typer.Option("--format", "-f", help="text|json|jsonl|csv|xlsx|html|sarif")] = "text",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    rules: Annotated[str, typer.Option("--rules", help="Rule pack: built-in name or YAML path.")] = "default",
    fail_on: Annotated[str, typer.Option("--fail-on", help="error|warning|info|never")] = "error",
    select: Annotated[list[str] | None, typer.Option("--select", help="Only these codes/prefixes (C001,S).")] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", help="Skip these codes/prefixes.")] = None,
    embedder: Annotated[str, typer.Option("--embedder", help="e5 | tfidf | st:NAME_OR_PATH")] = "e5",
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", help="Worker processes; 0 = one per core. Given (even 1), every file runs in a worker "
        "that is killed and replaced when it passes --max-seconds; not given, files run in this process.")] = None,
    max_file_bytes: MaxFileBytes = None,
    max_part_bytes: MaxPartBytes = None,
    max_sheet_cells: MaxSheetCells = None,
    max_row_columns: MaxRowColumns = None,
    max_cell_chars: MaxCellChars = None,
    max_pdf_pages: MaxPdfPages = None,
    max_indicators: MaxIndicators = None,
    max_seconds: MaxSeconds = None,
    max_abs_number: MaxAbsNumber = None,
) -> None:
    """Parse and check forms; print findings. Exit 1 when findings reach --fail-on."""
    from . import formatters, pipeline
    from .findings import at_or_above, parse_codes

    if fail_on not in ("error", "warning", "info", "never"):
        _fail(f"--fail-on must be error, warning, info or never, not {fail_on!r}")
    if format not in formatters.available():
        _fail(f"unknown --format {format!r}; choose from {', '.join(formatters.available())}")
    if format == "xlsx" and output is None:
        _fail("--format xlsx writes a binary workbook: give --output FILE.xlsx")
    _check_paths(paths)
    limits = _limits(max_file_bytes=max_file_bytes, max_part_bytes=max_part_bytes, max_sheet_cells=max_sheet_cells,
                     max_row_columns=max_row_columns, max_cell_chars=max_cell_chars, max_pdf_pages=max_pdf_pages,
                     max_indicators=max_indicators, max_seconds=max_seconds, max_abs_number=max_abs_number)
    pack = _load_pack(rules)
    select_codes, ignore_codes = parse_codes(select), parse_codes(ignore)
    _check_codes(select_codes + ignore_codes)
    if jobs is not None and jobs < 0:
        _fail("--jobs must be 0 (one per core) or a positive number")
    inputs = pipeline.collect_inputs(paths)
    _check_output(output, inputs.files)
    emb = _make_embedder(embedder)
    _note_skipped(inputs.skipped)
    result = pipeline.run(inputs, pack, select_codes, ignore_codes, embedder=emb, jobs=1 if jobs is None else jobs,
                          limits=limits, isolate=jobs is not None)
    _write(formatters.render(format, result, color=(output is None and sys.stdout.isatty())), output)
    raise typer.Exit(1 if at_or_above(result.findings, fail_on) else 0)


def _check_codes(codes: list[str]) -> None:
    from .checks.registry import all_codes

    known = all_codes()
    bad = [c for c in codes if not any(k.startswith(c) for k in known)]
    if bad:
        _fail("unknown rule code(s): " + ", ".join(bad))


def _make_embedder(spec: str):
    try:
        from .nlp.embedders import EmbedderError, make_embedder
    except ImportError:
        return None
    try:
        return make_embedder(spec)
    except EmbedderError as exc:
        _fail(f"--embedder: {exc}")


@app.command()
def parse(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (searched recursively).")],
    format: Annotated[str, typer.Option("--format", "-f", help="json|text")] = "json",
    output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
    max_file_bytes: MaxFileBytes = None,
    max_part_bytes: MaxPartBytes = None,
    max_sheet_cells: MaxSheetCells = None,
    max_row_columns: MaxRowColumns = None,
    max_cell_chars: MaxCellChars = None,
    max_pdf_pages: MaxPdfPages = None,
    max_indicators: MaxIndicators = None,
    max_seconds: MaxSeconds = None,
    max_abs_number: MaxAbsNumber = None,
) -> None:
    """Parse forms into the document model (no checks)."""
    from . import pipeline
    from .report_parse import parse_json, parse_text_summary

    if format not in ("json", "text"):
        _fail(f"parse --format must be json or text, not {format!r}")
    _check_paths(paths)
    limits = _limits(max_file_bytes=max_file_bytes, max_part_bytes=max_part_bytes, max_sheet_cells=max_sheet_cells,
                     max_row_columns=max_row_columns, max_cell_chars=max_cell_chars, max_pdf_pages=max_pdf_pages,
                     max_indicators=max_indicators, max_seconds=max_seconds, max_abs_number=max_abs_number)
    inputs = pipeline.collect_inputs(paths)
    _check_output(output, inputs.files)
    _note_skipped(inputs.skipped)
    files = list(pipeline.parse_files(inputs.files, limits))
    data = parse_json(files) if format == "json" else parse_text_summary(files)
    _write(data.encode("utf-8"), output)


@app.command("rules")
def rules_cmd(
    rules: Annotated[str, typer.Option("--rules", help="Rule pack whose severities to show.")] = "default",
    format: Annotated[str, typer.Option("--format", "-f", help="text|json")] = "text",
) -> None:
    """List every rule: code, name, severity and one line."""
    from .checks.registry import all_specs

    pack = _load_pack(rules)
    rows = []
    for spec in all_specs():
        settings = pack.rule(spec.code)
        rows.append(
            {
                "code": spec.code,
                "name": spec.name,
                "severity": settings.severity if settings else spec.severity,
                "enabled": settings.enabled if settings else True,
                "summary": spec.summary,
            }
        )
    if format == "json":
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for r in rows:
        flag = "" if r["enabled"] else " (off)"
        typer.echo(f"{r['code']}  {r['name']:<44} {r['severity']:<8}{flag} {r['summary']}")


@app.command()
def explain(
    code: Annotated[str, typer.Argument(help="Rule code, e.g. S004.")],
    rules: Annotated[str, typer.Option("--rules", help="Rule pack for severity and source.")] = "default",
) -> None:
    """Explain a rule: what it checks, why, the formula, its source, examples."""
    from .checks.registry import get_spec

    spec = get_spec(code)
    if spec is None:
        _fail(f"unknown rule code {code!r} (see `nlp-audit rules`)")
    pack = _load_pack(rules)
    settings = pack.rule(spec.code)
    typer.echo(f"{spec.code} {spec.name}")
    typer.echo(f"severity: {settings.severity if settings else spec.severity}   field: {spec.field}")
    if settings and settings.source:
        typer.echo(f"source: {settings.source}")
    if settings and settings.params:
        typer.echo("params: " + json.dumps(settings.params, ensure_ascii=False))
    typer.echo("")
    typer.echo(_dedent(spec.doc))


def _dedent(doc: str) -> str:
    import inspect

    return inspect.cleandoc(doc)


@app.command()
def quantities(
    texts: Annotated[list[str], typer.Argument(help="Strings to read.")],
    format: Annotated[str, typer.Option("--format", "-f", help="json|text")] = "json",
) -> None:
    """Run the quantity grammar on each TEXT."""
    from .quantities import find_quantities

    out = [{"text": t, "spans": [q.to_json() for q in find_quantities(t)]} for t in texts]
    if format == "json":
        typer.echo(json.dumps(out, ensure_ascii=False, indent=1))
        return
    for item in out:
        typer.echo(item["text"])
        for s in item["spans"]:
            bounds = f" low={s['low']} high={s['high']}" if s["op"] == "range" else ""
            direction = f" direction={s['direction']}" if s.get("direction") else ""
            typer.echo(
                f"  [{s['start']}:{s['end']}] {s['text']!r} value={s['value']} op={s['op']}{bounds} "
                f"unit={s['unit']} kind={s['kind']} approx={s['approx']} period={s['period']}{direction}"
            )


@app.command()
def stats(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (searched recursively).")],
    format: Annotated[str, typer.Option("--format", "-f", help="parquet|csv|json")] = "parquet",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="FILE (forms table) or DIR (--tables).")] = None,
    tables: Annotated[list[str] | None, typer.Option("--tables", help="forms,indicators,findings: one file each in -o DIR.")] = None,
    rules: Annotated[str, typer.Option("--rules", help="Rule pack: built-in name or YAML path.")] = "default",
    embedder: Annotated[str, typer.Option("--embedder", help="e5 | tfidf | st:NAME_OR_PATH")] = "e5",
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes; 0 = one per core.")] = 1,
) -> None:
    """Research export: the forms table (or --tables forms,indicators,findings) as parquet, CSV or JSON."""
    from . import stats as research

    try:
        table_names = research.parse_tables(tables)
        research.check_output(format, output, table_names)
    except research.StatsError as exc:
        _fail(str(exc))
    _check_paths(paths)
    if jobs < 0:
        _fail("--jobs must be 0 (one per core) or a positive number")
    pack, emb = _load_pack(rules), _make_embedder(embedder)
    try:
        data = research.export(paths, format, output, table_names, pack, emb, jobs)
    except research.StatsError as exc:
        _fail(str(exc))
    if data is not None:
        _write(data, None)


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.")] = 8000,
    workers: Annotated[int, typer.Option("--workers", help="Warm check processes; 0 = one per core.")] = 0,
    embedder: Annotated[str, typer.Option("--embedder", help="e5 | tfidf | st:NAME_OR_PATH")] = "e5",
    max_request_bytes: Annotated[int, typer.Option(help="Largest request body; more is 413.")] = SERVE_LIMITS.max_request_bytes,
    time_limit: Annotated[float, typer.Option(help="Seconds per check; past it 504 and the worker is replaced.")] = SERVE_LIMITS.time_limit,
    max_pending: Annotated[int, typer.Option(help="Requests running or queued; more is 503.")] = SERVE_LIMITS.max_pending,
) -> None:
    """Gate service: POST /v1/check answers with the findings of one form; docs at /docs."""
    import os

    from .serve.limits import ServeLimits

    try:
        limits = ServeLimits(max_request_bytes, time_limit, max_pending)
    except ValueError as exc:
        _fail(str(exc))
    if workers < 0:
        _fail("--workers must be 0 (one per core) or a positive number")
    _make_embedder(embedder)  # a bad spec fails here, not in every worker
    try:
        from .packs import builtin_packs
        from .serve.app import run_server
        from .serve.pool import PoolSettings
    except ImportError as exc:
        _fail(f"the service needs the 'serve' extra ({exc.name} is missing): pip install 'nlp-audit[serve]'")
    settings = PoolSettings(workers=workers or os.cpu_count() or 1, embedder=embedder, packs=tuple(builtin_packs()))
    run_server(host, port, settings, limits)


def main() -> None:
    """Console entry point; typer's usage errors exit 2 already."""
    app()


if __name__ == "__main__":
    main()
