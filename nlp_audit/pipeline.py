"""One pass per document: read -> layout -> NLP -> checks -> report records. The CLI and the benchmark call this.

Nothing here knows a column order, a lexicon or an output format: it wires the stages and makes
sure a broken file becomes a P001 record while the rest of the batch goes on. Each file's result
is turned into a ``FileReport`` (located, fingerprinted findings and a slim view of its forms) as
soon as it is checked; formatters read those, never the parsed text.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .checks.parse_problems import problem_to_finding
from .checks.registry import BatchContext, FormContext, all_specs, run_batch_checks, run_form_checks
from .discover import INPUT_SUFFIXES, Discovery, discover
from .findings import Finding, filter_findings
from .model import ParsedFile, ParseProblem
from .nlp.analysis import FormAnalysis
from .packs import RulePack, load_pack
from .report.build import batch_findings, file_report
from .report.records import FileReport, RunMeta, RunResult

__all__ = ["INPUT_SUFFIXES", "FileReport", "RunResult", "check_batch", "check_parsed", "iter_inputs",
           "parse_file", "run"]

Progress = Callable[[int, int, int], None]  # (files done, files in the run, forms so far)


@contextmanager
def batch_gc() -> Iterator[None]:
    """Collect garbage less often during a batch: parsing makes millions of short-lived small
    objects and the default thresholds spend ~9% of a run in the collector. Restored after."""
    old = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*old)
        gc.unfreeze()


def iter_inputs(paths: Iterable[str | Path], exclude: Iterable[str] = ()) -> Iterator[Path]:
    """Files as given, folders walked recursively (sorted, so runs are reproducible); lock files,
    FIFOs/sockets/devices and excluded paths left out (see ``discover``)."""
    for item in discover(list(paths), exclude).files:
        yield item.path


def parse_file(path: str | Path) -> ParsedFile:
    """Read and parse one file; any failure becomes a P001 record on the returned ParsedFile."""
    from . import readers
    from .layout import parse_text
    from .readers import ReadError

    spath = str(path)
    try:
        text, source_map = readers.read_file_mapped(path)
    except ReadError as exc:
        return ParsedFile(path=spath, errors=[ParseProblem("P001", f"无法读取文件: {exc}", field="form")])
    except Exception as exc:  # noqa: BLE001 - a reader bug on one odd file must not stop the batch
        return ParsedFile(
            path=spath,
            errors=[ParseProblem("P001", f"无法读取文件 (reader error {type(exc).__name__}: {exc})", field="form")],
        )
    try:
        parsed = parse_text(text, spath)
    except Exception as exc:  # noqa: BLE001 - a parser bug must not stop a batch of thousands
        return ParsedFile(
            path=spath,
            text=text,
            errors=[ParseProblem("P001", f"解析失败 (parser error {type(exc).__name__}: {exc})", evidence=text[:80])],
            source_map=source_map,
        )
    parsed.source_map = source_map
    if not parsed.forms and not parsed.errors:
        parsed.errors.append(
            ParseProblem(
                "P001",
                "未识别出绩效表:找不到项目名称、资金或指标表 (no form found: no header, funds block or indicator table)",
                evidence=text[:80].strip(),
            )
        )
    return parsed


def analyze_form(form, pack: RulePack, embedder=None):
    """The analysis of one form with its claims judged (the benchmark times this)."""
    from .nlp.analysis import analyze

    return analyze(form, pack, embedder=embedder)


def check_parsed(
    parsed: ParsedFile,
    pack: RulePack,
    embedder=None,
    enabled: Callable[[str], bool] | None = None,
) -> list[Finding]:
    """All findings of one parsed file: its parse problems, then every check on every form."""
    out: list[Finding] = []
    for problem in parsed.errors:
        out.append(problem_to_finding(problem, parsed.path, None, None, _severity(pack, problem.code)))
    for form in parsed.forms:
        for problem in form.problems:
            out.append(
                problem_to_finding(problem, parsed.path, form.index, form.project, _severity(pack, problem.code))
            )
        failures: list[str] = []
        ctx = FormContext(form=form, pack=pack, analysis=FormAnalysis(form, pack, embedder))
        out.extend(run_form_checks(ctx, enabled, failures))
        failures[:0] = [f"NLP: {e}" for e in ctx.analysis.errors]
        if failures:
            out.append(
                problem_to_finding(
                    ParseProblem("P001", "检查过程出错 (check crashed; " + "; ".join(failures) + ")",
                                 evidence=form.project or ""),
                    parsed.path,
                    form.index,
                    form.project,
                    "error",
                )
            )
    return [f.seal() for f in out]


def _severity(pack: RulePack, code: str) -> str:
    settings = pack.rule(code)
    if settings is not None:
        return settings.severity
    for spec in all_specs():
        if spec.code == code:
            return spec.severity
    return "error"


def run(
    paths: Iterable[str | Path],
    pack: RulePack | str = "default",
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    embedder=None,
    jobs: int = 1,
    *,
    exclude: Iterable[str] = (),
    gate: Callable[[RunResult], None] | None = None,
    progress: Progress | None = None,
    found: Discovery | None = None,
) -> RunResult:
    """Parse and check every input; ``jobs`` > 1 spreads files over worker processes.

    Results come back in input order whatever ``jobs`` is, so output is reproducible. ``gate``
    (baseline, suppressions) filters the finished result; ``progress`` is told after each file;
    ``found`` is the discovery of ``paths`` when the caller already made it.
    """
    rule_pack = load_pack(pack) if isinstance(pack, str) else pack
    select, ignore = select or [], ignore or []

    enabled = _code_filter(select, ignore)
    if found is None:
        found = discover(list(paths), exclude)
    inputs = [item.path for item in found.files]
    meta = RunMeta.for_pack(rule_pack)
    result = RunResult(meta=meta, skipped=found.skipped, root=found.root)
    if jobs == 0:
        jobs = os.cpu_count() or 1
    every: list[Finding] = []  # unfiltered, for the batch checks to read
    forms = 0
    with batch_gc():
        if jobs > 1 and len(inputs) > 1:
            pairs = _run_parallel(inputs, rule_pack, embedder, select, ignore, jobs)
        else:
            pairs = (_parse_and_check(p, rule_pack, embedder, enabled) for p in inputs)
        for done, ((parsed, findings), item) in enumerate(zip(pairs, found.files, strict=True), start=1):
            every.extend(findings)
            shown = filter_findings(findings, select, ignore)
            result.files.append(file_report(parsed, shown, item.key, meta))
            result.parsed.append(parsed)
            forms += len(parsed.forms)
            if progress is not None:
                progress(done, len(inputs), forms)
            gc.freeze()  # a file's results live to the end of the run: the collector need not walk them again
        batch = check_batch(result.parsed, rule_pack, enabled, every)
        result.batch_findings = batch_findings(filter_findings(batch, select, ignore), meta)
    if gate is not None:
        gate(result)
    return result


def check_batch(
    files: list[ParsedFile],
    pack: RulePack,
    enabled: Callable[[str], bool] | None = None,
    findings: list[Finding] | None = None,
) -> list[Finding]:
    """The batch checks (B rules), once over every form of the run, in the parent process."""
    forms = [form for parsed in files for form in parsed.forms]
    ctx = BatchContext(forms=forms, pack=pack, findings=list(findings or []))
    failures: list[str] = []
    out = list(run_batch_checks(ctx, enabled, failures))
    if failures:
        out.append(
            problem_to_finding(
                ParseProblem("P001", "批量检查出错 (batch check crashed; " + "; ".join(failures) + ")", field="batch"),
                "", None, None, "error",
            )
        )
    return [f.seal() for f in out]


def _parse_and_check(path: Path, pack: RulePack, embedder, enabled) -> tuple[ParsedFile, list[Finding]]:
    parsed = parse_file(path)
    return parsed, check_parsed(parsed, pack, embedder, enabled)


def _code_filter(select: list[str], ignore: list[str]) -> Callable[[str], bool]:
    """Which rule codes run at all, from --select/--ignore (so unselected checks cost nothing)."""

    def enabled(code: str) -> bool:
        return bool(filter_findings([_probe(code)], select, ignore))

    return enabled


_WORKER: tuple = ()  # (pack, embedder, enabled) of this worker process


def _init_worker(pack: RulePack, embedder_spec: str, select: list[str], ignore: list[str]) -> None:
    global _WORKER
    embedder = None
    if embedder_spec:
        from .nlp.embedders import make_embedder

        embedder = make_embedder(embedder_spec)
    _WORKER = (pack, embedder, _code_filter(select, ignore))


def _worker(path: Path) -> tuple[ParsedFile, list[Finding]]:
    pack, embedder, enabled = _WORKER
    return _parse_and_check(path, pack, embedder, enabled)


def _run_parallel(inputs: list[Path], pack: RulePack, embedder, select: list[str], ignore: list[str], jobs: int):
    """Spawned (not forked) workers, each building its own embedder from its spec: forking a
    process whose model already started a native thread pool (OpenMP) can hang the children."""
    import multiprocessing

    spec = getattr(embedder, "spec", "") if embedder is not None else ""
    ctx = multiprocessing.get_context("spawn")
    chunk = max(1, min(32, len(inputs) // (jobs * 8) or 1))
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(pack, spec, select, ignore)) as pool:
        yield from pool.imap(_worker, inputs, chunksize=chunk)


def _probe(code: str) -> Finding:
    return Finding(rule=code, name="", severity="info", field="form", message="")
