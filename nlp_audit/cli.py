"""The `nlp-audit` command: typer commands that wire the pipeline, no logic of their own.

Exit codes (SPEC §4): 0 nothing at or above --fail-on, 1 findings at or above it, 2 misuse.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import typer

from . import __version__
from .limits import DEFAULT_LIMITS, describe
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
    """Bytes to stdout, or to ``output`` through a partial file renamed into place."""
    from .output import AtomicReport

    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    report = None
    try:
        report = AtomicReport(output)
        report.out.write(data)
        report.commit()
    except OSError as exc:
        if report is not None:
            report.abandon()
        _fail(f"cannot write {output}: {exc.strerror}")


def _check_paths(paths: list[Path]) -> None:
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        _fail("no such file or folder: " + ", ".join(missing))


_DOC = {name: doc for name, _value, doc in describe()}


def _limit_help(name: str) -> str:
    return f"{_DOC[name]} Default {getattr(DEFAULT_LIMITS, name):g}."


def limit_options(command):
    """Give ``command`` one ``--max-*`` option per resource limit (limits.Limits), passed to it as one
    ``limits`` dict of the values given (None when not given): the limits are declared once, in
    limits.py, and every command that reads files takes the same options with the same help."""
    import functools
    import inspect

    options = {
        name: Annotated[type(value) | None, typer.Option("--" + name.replace("_", "-"), help=_limit_help(name))]
        for name, value, _doc in describe()
    }
    signature = inspect.signature(command, eval_str=True)
    own = [p for p in signature.parameters.values() if p.name != "limits"]
    added = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation)
             for name, annotation in options.items()]

    @functools.wraps(command)
    def with_limits(*args, **kwargs):
        given = {name: kwargs.pop(name, None) for name in options}
        return command(*args, limits=given, **kwargs)

    with_limits.__signature__ = signature.replace(parameters=own + added)  # type: ignore[attr-defined]
    with_limits.__annotations__ = {p.name: p.annotation for p in own + added}
    return with_limits


def _check_output(output: Path | None, inputs: Iterable[Path]) -> None:
    """-o must be writable and must not name an input, decided before any file is read."""
    from .output import OutputError, check_output

    if output is None:
        return
    try:
        check_output(output, inputs)
    except OutputError as exc:
        _fail(str(exc))


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


def _no_color() -> bool:
    """NO_COLOR (https://no-color.org): set and not empty turns colour off."""
    return bool(os.environ.get("NO_COLOR"))


def _note(message: str, quiet: bool) -> None:
    if not quiet:
        from .formatters.safe import neutralise

        typer.echo(f"nlp-audit: {neutralise(message)}", err=True)


@app.command()
@limit_options
def check(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders (searched recursively).")] = None,
    format: Annotated[str | None, typer.Option("--format", "-f", help="text|json|jsonl|csv|xlsx|html|sarif")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    rules: Annotated[str | None, typer.Option("--rules", help="Rule pack: built-in name or YAML path.")] = None,
    fail_on: Annotated[str | None, typer.Option("--fail-on", help="error|warning|info|never")] = None,
    select: Annotated[list[str] | None, typer.Option("--select", help="Only these codes/prefixes (C001,S).")] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", help="Skip these codes/prefixes.")] = None,
    embedder: Annotated[str | None, typer.Option("--embedder", help="e5 | tfidf | st:NAME_OR_PATH")] = None,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", help="Worker processes; 0 = one per core. Set (even 1), every file runs in a worker "
        "that is killed and replaced when it passes --max-seconds; not set, files run in this process.")] = None,
    exclude: Annotated[list[str] | None, typer.Option("--exclude", help="Leave out paths matching GLOB.")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="zh (default) or en for text/html/xlsx.")] = None,
    baseline: Annotated[str | None, typer.Option("--baseline", help="Report only findings not in FILE.")] = None,
    write_baseline: Annotated[Path | None, typer.Option("--write-baseline", help="Record every finding in FILE.")] = None,
    suppressions: Annotated[str | None, typer.Option("--suppressions", help="TOML suppressions, each with a reason.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress, notes or closing summary.")] = False,
    config: Annotated[list[str] | None, typer.Option("--config", help="Config FILE, or 'key = value' override.")] = None,
    isolated: Annotated[bool, typer.Option("--isolated", help="Ignore config files.")] = False,
    show_settings: Annotated[bool, typer.Option("--show-settings", help="Print the effective settings and exit.")] = False,
    limits: dict | None = None,
) -> None:
    """Parse and check forms; print findings. Exit 1 when findings reach --fail-on."""
    from . import formatters, pipeline
    from .discover import discover
    from .findings import parse_codes
    from .heap import keep_large_blocks_apart
    from .output import ReportWriteError
    from .progress import ProgressBar
    from .report.records import RunMeta
    from .settings import SettingsError, resolve

    paths = paths or []
    cli = {"format": format, "rules": rules, "fail_on": fail_on, "select": select, "ignore": ignore,
           "embedder": embedder, "jobs": jobs, "exclude": exclude, "lang": lang, "baseline": baseline,
           "suppressions": suppressions, **(limits or {})}
    if fail_on is not None and fail_on not in ("error", "warning", "info", "never"):
        _fail(f"--fail-on must be error, warning, info or never, not {fail_on!r}")
    if format is not None and format not in formatters.available():
        _fail(f"unknown --format {format!r}; choose from {', '.join(formatters.available())}")
    try:
        resolved = resolve(paths, cli, config, isolated)
    except SettingsError as exc:
        _fail(f"settings: {exc}")
    settings = resolved.settings
    if show_settings:
        typer.echo(resolved.show(), nl=False)
        raise typer.Exit(0)
    if not paths:
        _fail("give at least one file or folder to check")
    if settings.jobs is not None:  # files run in workers: their fork server warms up while this process goes on
        from .workers import prestart

        prestart()
    if settings.format == "xlsx" and output is None:
        _fail("--format xlsx writes a binary workbook: give --output FILE.xlsx")
    _check_paths(paths)
    found = discover(paths, settings.exclude)
    if not found.files:
        _fail("no input file to check in " + ", ".join(map(str, paths)) + _skipped_note(found.skipped))
    _check_output(output, (item.path for item in found.files))
    pack = _load_pack(settings.rules)
    select_codes, ignore_codes = parse_codes(settings.select), parse_codes(settings.ignore)
    _check_codes(select_codes + ignore_codes)
    gate = None if write_baseline is not None else _make_gate(settings.baseline, settings.suppressions)
    emb = _make_embedder(settings.embedder)
    color = output is None and sys.stdout.isatty() and not _no_color()
    bar = ProgressBar(enabled=False if quiet else None, delay=settings.progress_delay)
    target = _Target(output, settings.format)
    writer = formatters.writer(settings.format, target.out, RunMeta.for_pack(pack), spool=target.spool,
                               color=color, lang=settings.lang, quiet=quiet)
    recorder = None
    if write_baseline is not None:
        from .gate import BaselineRecorder

        recorder = BaselineRecorder()

    def sink(report) -> None:
        try:
            writer.add(report)
        except OSError as exc:
            raise ReportWriteError(target.failed(exc)) from exc
        if recorder is not None:
            recorder.add(report.findings, report.key)

    keep_large_blocks_apart()  # the heap would otherwise keep the high-water mark of every large array
    done = False
    result = None
    try:
        try:
            result = pipeline.run(paths, pack, select_codes, ignore_codes, embedder=emb,
                                  jobs=1 if settings.jobs is None else settings.jobs, exclude=settings.exclude,
                                  gate=gate, progress=bar, found=found, limits=settings.limits,
                                  isolate=settings.jobs is not None, sink=sink)
        finally:
            bar.close()
        for message in result.gate.expired:
            _note(f"suppression {message}: its findings are reported again", quiet)
        if recorder is not None:
            from .gate import BaselineError
            from .gate import write_baseline as save

            recorder.add(result.batch_findings, "")
            try:
                n = save(write_baseline, result, recorder)
            except BaselineError as exc:
                _fail(f"baseline: {exc}")
            _note(f"baseline: {n} finding(s) written to {write_baseline}", quiet)
        try:
            writer.finish(result)
        except OSError as exc:
            raise ReportWriteError(target.failed(exc)) from exc
        target.commit()
        done = True
    except ReportWriteError as exc:
        _fail(str(exc))
    finally:
        writer.close(keep=not done)
        if not done:
            target.abandon(quiet)
        if result is not None:
            result.close()  # the batch findings a large streamed run kept in a temporary file
    failed = write_baseline is None and result.totals.at_or_above(settings.fail_on)
    raise typer.Exit(1 if failed else 0)


class _Target:
    """Where `check` writes its report as the run goes: a partial file beside ``-o`` renamed into place
    at the end (see ``output``); stdout as it comes when stdout is a pipe; stdout at the end when it is
    a terminal (a progress bar may be drawn on it meanwhile, and a person reads it whole)."""

    def __init__(self, output: Path | None, fmt: str) -> None:
        import io

        from .output import AtomicReport

        self.fmt = fmt
        self.report = None
        self.buffered: io.BytesIO | None = None
        if output is not None:
            try:
                self.report = AtomicReport(output)
            except OSError as exc:
                _fail(f"cannot write {output}: {exc.strerror}")
            self.out = self.report.out
        elif sys.stdout.isatty():
            self.out = self.buffered = io.BytesIO()
        else:
            self.out = sys.stdout.buffer

    def spool(self):
        from .report.spool import Spool

        if self.report is None:
            return Spool.anonymous({"format": self.fmt})
        return Spool.at(self.report.records, {"format": self.fmt, "report": str(self.report.target)})

    def failed(self, exc: OSError) -> str:
        """What to say when writing the report failed midway."""
        where = self.report.target if self.report is not None else "the report"
        return f"cannot write {where}: {exc.strerror or exc}"

    def commit(self) -> None:
        if self.report is not None:
            try:
                self.report.commit()
            except OSError as exc:
                _fail(f"cannot write {self.report.target}: {exc.strerror}")
        elif self.buffered is not None:
            sys.stdout.buffer.write(self.buffered.getvalue())
        sys.stdout.flush()

    def abandon(self, quiet: bool) -> None:
        """The run did not finish: the target is untouched, the partial report (and records) stay."""
        if self.report is not None:
            self.report.abandon()
            records = self.report.records
            kept = f" and {records}" if records.exists() else ""
            _note(f"the run did not finish; {self.report.target} is unchanged, what was written is in "
                  f"{self.report.partial}{kept}", quiet)


def _skipped_note(skipped) -> str:
    parts = [f"{n} {what}" for what, n in (("excluded", skipped.get("excluded")), ("Office lock file(s)",
             skipped.get("lock")), ("non-regular file(s)", skipped.get("special"))) if n]
    return f" ({', '.join(parts)} skipped)" if parts else " (no .txt/.pdf/.xlsx/.docx file found)"


def _make_gate(baseline: str | None, suppressions: str | None):
    from .gate import BaselineError, Gate, SuppressionError, read_baseline, read_suppressions

    if baseline is None and suppressions is None:
        return None
    try:
        return Gate(
            baseline=read_baseline(baseline) if baseline else None,
            suppressions=read_suppressions(suppressions) if suppressions else None,
        )
    except BaselineError as exc:
        _fail(f"baseline: {exc}")
    except SuppressionError as exc:
        _fail(f"suppressions: {exc}")


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
@limit_options
def parse(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (searched recursively).")],
    format: Annotated[str, typer.Option("--format", "-f", help="json|text")] = "json",
    output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
    limits: dict | None = None,
) -> None:
    """Parse forms into the document model (no checks; the limits of the config file apply)."""
    from . import pipeline
    from .discover import discover
    from .report_parse import parse_json, parse_text_summary
    from .settings import SettingsError, resolve

    if format not in ("json", "text"):
        _fail(f"parse --format must be json or text, not {format!r}")
    _check_paths(paths)
    try:
        run_limits = resolve(paths, dict(limits or {})).settings.limits
    except SettingsError as exc:
        _fail(f"settings: {exc}")
    inputs = [item.path for item in discover(paths).files]
    _check_output(output, inputs)
    files = list(pipeline.parse_files(inputs, run_limits))
    data = parse_json(files) if format == "json" else parse_text_summary(files)
    _write(data.encode("utf-8"), output)


def _lang(lang: str) -> str:
    from .i18n import LANGS

    if lang not in LANGS:
        _fail(f"--lang must be one of {', '.join(LANGS)}, not {lang!r}")
    return lang


@app.command("rules")
def rules_cmd(
    rules: Annotated[str, typer.Option("--rules", help="Rule pack whose severities to show.")] = "default",
    format: Annotated[str, typer.Option("--format", "-f", help="text|json")] = "text",
    lang: Annotated[str, typer.Option("--lang", help="zh (default) or en")] = "zh",
) -> None:
    """List every rule: code, title, severity and one line."""
    from . import i18n
    from .report.records import RunMeta

    lang = _lang(lang)
    meta = RunMeta.for_pack(_load_pack(rules))
    if format == "json":
        typer.echo(json.dumps([m.to_json() for m in meta.rules.values()], ensure_ascii=False, indent=1))
        return
    for m in meta.rules.values():
        flag = "" if m.enabled else " " + i18n.t("off", lang)
        sev = i18n.severity(m.severity, lang)
        if lang == "en":
            typer.echo(f"{m.code}  {m.name:<44} {sev:<8}{flag} {m.summary}")
        else:
            typer.echo(f"{m.code}  {m.title_zh} ({m.name})  {sev}{flag}  {m.summary_zh}")


_SECTIONS = {"Formula": "公式", "Fires": "触发示例", "Passes": "不触发示例"}  # Why: the Chinese why_zh instead


def _doc_sections(doc: str) -> list[tuple[str, str]]:
    """A rule docstring as (section, text): ('', summary), ('Why', ...), ('Formula', ...) ..."""
    import re

    out: list[tuple[str, str]] = []
    name, lines = "", []
    for line in _dedent(doc).splitlines():
        m = re.match(r"^(Why|Formula|Fires|Passes):\s*(.*)$", line)
        if m:
            out.append((name, "\n".join(lines).strip()))
            name, lines = m.group(1), [m.group(2)]
        else:
            lines.append(line)
    out.append((name, "\n".join(lines).strip()))
    return [(n, t) for n, t in out if t]


@app.command()
def explain(
    code: Annotated[str, typer.Argument(help="Rule code, e.g. S004.")],
    rules: Annotated[str, typer.Option("--rules", help="Rule pack whose settings to show.")] = "default",
    lang: Annotated[str, typer.Option("--lang", help="zh (default) or en")] = "zh",
) -> None:
    """Explain a rule: what it checks, why, the formula, its source, the parameters it uses, examples."""
    from . import i18n
    from .checks.registry import get_spec
    from .report.records import RunMeta

    lang = _lang(lang)
    spec = get_spec(code)
    if spec is None:
        _fail(f"unknown rule code {code!r} (see `nlp-audit rules`)")
    pack = _load_pack(rules)
    settings = pack.rule(spec.code)
    meta = RunMeta.for_pack(pack).rule(spec.code)
    if lang == "en":
        typer.echo(f"{spec.code} {spec.name}")
        off = "" if settings is None or settings.enabled else "   (disabled in this pack)"
        typer.echo(f"severity: {meta.severity}   field: {spec.field}{off}")
        if settings and settings.source:
            typer.echo(f"source: {settings.source}")
        _echo_params(pack, spec, f"parameters (pack {pack.name})")
        typer.echo("")
        typer.echo(_dedent(spec.doc))
        return
    typer.echo(f"{spec.code} {meta.title_zh} ({spec.name})")
    typer.echo(f"{i18n.t('severity', lang)}: {i18n.severity(meta.severity, lang)}   "
               f"{i18n.t('field', lang)}: {i18n.field_name(spec.field, lang)}")
    if settings and settings.source:
        typer.echo(f"{i18n.t('source', lang)}: {settings.source}")
    _echo_params(pack, spec, f"{i18n.t('params', lang)} ({pack.name})")
    typer.echo("")
    typer.echo(f"{i18n.t('summary', lang)}: {meta.summary_zh}")
    typer.echo(f"{i18n.t('why', lang)}: {meta.why_zh}")
    for name, text in _doc_sections(spec.doc):
        if name in ("Formula", "Fires", "Passes"):
            typer.echo(f"{_SECTIONS[name]}: {text}")


def _echo_params(pack, spec, title: str) -> None:
    """Every parameter the rule reads, as the pack sets it: its own (rules.CODE.params) and the
    pack-wide ones it uses (params.…), with what each means; then the lexicons it reads."""
    from .params import describe, lookup, show

    rows = []
    own = pack.rule_params(spec.code)
    if own is not None:
        rows += [(f"rules.{spec.code}.params.{k}", v, doc) for k, v, doc in describe(own)]
    for dotted in spec.uses:
        value = lookup(pack.settings, dotted)
        if hasattr(value, "__dataclass_fields__"):
            rows += [(f"params.{k}", v, doc) for k, v, doc in describe(value, dotted + ".")]
        else:
            rows.append((f"params.{dotted}", value, _field_doc(pack.settings, dotted)))
    if rows:
        typer.echo(f"{title}:")
        width = max(len(k) for k, _v, _d in rows)
        vwidth = max(len(show(v)) for _k, v, _d in rows)
        for key, value, doc in rows:
            typer.echo(f"  {key:<{width}} = {show(value):<{vwidth}}  {doc}")
    if spec.lexicons:
        typer.echo("lexicons: " + ", ".join(spec.lexicons))


def _field_doc(obj, dotted: str) -> str:
    import dataclasses

    *path, last = dotted.split(".")
    for part in path:
        obj = getattr(obj, part)
    return next((f.metadata.get("doc", "") for f in dataclasses.fields(obj) if f.name == last), "")


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
    # pydantic looks for plugins in the entry points of every installed distribution the first time a
    # model is built (~30 ms of a one-form run's 1 s budget with 180 packages); the CLI wants none.
    # setdefault: a user who asks for plugins still gets them.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    app()


if __name__ == "__main__":
    main()
