"""One pass per document: read -> layout -> NLP -> checks -> report records. The CLI and the benchmark call this.

Nothing here knows a column order, a lexicon or an output format: it wires the stages and makes
sure a broken file becomes a P001 record while the rest of the batch goes on. Each file's result
is turned into a ``FileReport`` (located, fingerprinted findings and a slim view of its forms) as
soon as it is checked; formatters read those, never the parsed text.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .checks.parse_problems import problem_to_finding
from .checks.registry import (
    BatchContext,
    FormContext,
    FormSignature,
    all_specs,
    batch_plan,
    form_signature,
    run_batch_checks,
    run_form_checks,
)
from .checks.store import SignatureStore
from .deadline import Watchdog, watchdog
from .discover import INPUT_SUFFIXES, Discovery, InputFile, discover, display_path
from .findings import Finding, filter_findings
from .limits import DEFAULT_LIMITS, FileTimeLimit, LimitExceeded, Limits
from .model import ParsedFile, ParseProblem
from .nlp.analysis import FormAnalysis
from .packs import RulePack, load_pack
from .report.build import batch_findings, file_report
from .report.records import FileReport, RunMeta, RunResult, RunTotals
from .report.spool import FindingSpool

if TYPE_CHECKING:
    from .gate import Gate

__all__ = ["INPUT_SUFFIXES", "FileReport", "RunResult", "check_batch", "check_parsed", "display_path",
           "iter_inputs", "parse_file", "parse_files", "run"]

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


def parse_file(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> ParsedFile:
    """Read and parse one file; any failure becomes a P001 record on the returned ParsedFile.

    No wall-time limit here (``parse_files`` and ``run`` add it); every size limit applies.
    """
    from . import readers
    from .completeness import review
    from .layout import parse_text
    from .readers import ReadError
    from .sanity import guard_file

    spath = display_path(path)
    try:
        text, source_map = readers.read_file_mapped(path, limits)
    except ReadError as exc:
        return ParsedFile(path=spath, errors=[ParseProblem("P001", f"无法读取文件: {exc}", field="form")])
    except LimitExceeded as exc:
        return ParsedFile(path=spath, errors=[_limit_problem(exc)])
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
    return review(guard_file(parsed, limits))


def _limit_problem(exc: LimitExceeded) -> ParseProblem:
    return ParseProblem("P001", f"文件超过处理上限,未检查 (file over a limit, not checked): {exc}", field="form")


def timed_out(path: str | Path, limits: Limits) -> ParsedFile:
    """The record of a file whose wall-time limit ran out (in this process or in a worker)."""
    return ParsedFile(
        path=display_path(path),
        errors=[ParseProblem(
            "P001",
            f"处理时间超过上限 max_seconds={limits.max_seconds:g},未检查 (file took longer than the time limit)",
            field="form",
        )],
    )


def parse_files(paths: Iterable[str | Path], limits: Limits = DEFAULT_LIMITS) -> Iterator[ParsedFile]:
    """parse_file over every input, each within the wall-time limit (`nlp-audit parse`)."""
    with watchdog() as dog:
        for path in paths:
            try:
                with dog.limit(limits.max_seconds):
                    parsed = parse_file(path, limits)
            except FileTimeLimit:
                parsed = timed_out(path, limits)
            yield parsed


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


@dataclass(slots=True)
class FileOutcome:
    """One file after its checks: the report record, its forms' batch signatures, and the parsed file
    when the caller keeps parsed files (a streamed run does not: it keeps the signatures alone)."""

    report: FileReport
    signatures: list[FormSignature] = field(default_factory=list)
    parsed: ParsedFile | None = None


@dataclass(slots=True)
class _Job:
    """What every file of a run is checked with (built once per process)."""

    pack: RulePack
    embedder: object
    enabled: Callable[[str], bool]
    select: list[str]
    ignore: list[str]
    limits: Limits
    meta: RunMeta
    keep_parsed: bool


Sink = Callable[[FileReport], None]  # takes each file's report as the file finishes (a report writer)


def run(
    paths: Iterable[str | Path],
    pack: RulePack | str = "default",
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    embedder=None,
    jobs: int = 1,
    *,
    exclude: Iterable[str] = (),
    gate: Gate | Callable[[RunResult], None] | None = None,
    progress: Progress | None = None,
    found: Discovery | None = None,
    limits: Limits = DEFAULT_LIMITS,
    isolate: bool = False,
    sink: Sink | None = None,
    keep_parsed: bool | None = None,
) -> RunResult:
    """Parse and check every input; ``jobs`` > 1 (or ``isolate``) runs files in worker processes.

    Results come back in input order whatever ``jobs`` is, so output is reproducible. ``gate``
    (baseline, suppressions) filters each file's findings as it finishes; ``progress`` is told after
    each file; ``found`` is the discovery of ``paths`` when the caller already made it. Each file is
    held to ``limits`` (sizes, and wall time: see ``deadline`` for why in-process by default; in
    workers, one stuck even inside native code is killed and replaced).

    With a ``sink`` the run streams: each file's report goes to the sink as the file finishes and is
    not kept; the result then holds the batch findings and the totals (``result.streamed``), and
    memory holds neither the files nor their forms. When the signatures are on disk (below), the
    batch findings are too, until the caller's ``result.close()``. What the batch rules need of each form (its
    ``FormSignature``) goes to the run's signature store as the file finishes: in memory for a
    run of up to ``checks.store.SPOOL_ABOVE`` files, else in a temporary file, removed when the
    run ends, fails or is interrupted (``checks/store.py``).
    Without one, the reports are in ``result.files`` and, unless ``keep_parsed`` is False, the
    parsed files in ``result.parsed`` (research exports, benchmarks).
    """
    from .gate import Gate

    rule_pack = load_pack(pack) if isinstance(pack, str) else pack
    select, ignore = select or [], ignore or []
    if keep_parsed is None:
        keep_parsed = sink is None

    enabled = _code_filter(select, ignore)
    if found is None:
        found = discover(list(paths), exclude)
    meta = RunMeta.for_pack(rule_pack)
    result = RunResult(meta=meta, skipped=found.skipped, root=found.root)
    held = gate.session(result.gate) if isinstance(gate, Gate) else None
    if gate is not None and held is None and sink is not None:
        raise ValueError("a streamed run needs a Gate (filtered file by file), not a callable on the finished result")
    if jobs == 0:
        jobs = os.cpu_count() or 1
    job = _Job(rule_pack, embedder, enabled, select, ignore, limits, meta, keep_parsed)
    totals = RunTotals()
    files: list[FileReport] = []
    items = found.files
    spooled = len(items) if batch_plan(rule_pack, enabled) else 0  # no batch rule: nothing to keep
    with batch_gc(), watchdog() as dog, SignatureStore.for_run(spooled) as signatures:
        if (jobs > 1 and len(items) > 1) or (isolate and items):
            outcomes = _run_parallel(items, job, jobs)
        else:
            outcomes = (_check_file(item.path, item.key, job, dog) for item in items)
        for done, outcome in enumerate(outcomes, start=1):
            fr = outcome.report
            if held is not None:
                fr.findings = held(fr.findings, fr.key)
            totals.add_file(fr)
            for sig in outcome.signatures:
                signatures.add(sig)
            if outcome.parsed is not None:
                result.parsed.append(outcome.parsed)
            if sink is not None:
                sink(fr)
            else:
                files.append(fr)
                gc.freeze()  # the file's results live to the end of the run: the collector need not walk them again
            if progress is not None:
                progress(done, len(items), totals.forms)
        result.batch_findings = _batch_stage(signatures, rule_pack, enabled, select, ignore, meta, held, totals,
                                             spill=sink is not None and signatures.on_disk)
        result.files = files
    if sink is not None:
        result.streamed = totals
    elif gate is not None and held is None:
        gate(result)
    return result


def _batch_stage(
    signatures: SignatureStore,
    pack: RulePack,
    enabled: Callable[[str], bool],
    select: list[str],
    ignore: list[str],
    meta: RunMeta,
    held: Callable[[list[Finding], str], list[Finding]] | None,
    totals: RunTotals,
    *,
    spill: bool,
) -> list[Finding] | FindingSpool:
    """The batch findings of a run as the report shows them (filtered, titled, gated), counted in ``totals``.

    ``spill`` (a streamed run large enough to keep its signatures on disk): they wait in an anonymous
    temporary file for the end of the report, not in memory (B001 quotes every place of every copy:
    ~10 MB of JSON at 50,000 forms), and the caller's ``RunResult.close`` releases it; the file is
    closed here if the stage fails. Without a temp folder they stay in memory.
    """
    out: list[Finding] | FindingSpool = []
    if spill:
        try:
            out = FindingSpool.anonymous()
        except OSError:
            out = []
    try:
        for made in iter_signature_findings(signatures, pack, enabled):
            shown = batch_findings(filter_findings([made], select, ignore), meta)
            for f in held(shown, "") if held is not None else shown:
                totals.add_findings((f,))
                out.append(f)
    except BaseException:
        if isinstance(out, FindingSpool):
            out.close()
        raise
    return out


def check_batch(
    files: list[ParsedFile],
    pack: RulePack,
    enabled: Callable[[str], bool] | None = None,
) -> list[Finding]:
    """The batch checks (B rules) over every form of parsed files (their signatures, as a run keeps them)."""
    ctx = BatchContext.of_forms((form for parsed in files for form in parsed.forms), pack, enabled)
    try:
        return check_signatures(ctx.signatures, pack, enabled)
    finally:
        ctx.signatures.close()


def check_signatures(
    signatures: SignatureStore,
    pack: RulePack,
    enabled: Callable[[str], bool] | None = None,
) -> list[Finding]:
    """The batch checks (B rules), once over the signatures of every form of the run, in the parent process."""
    return list(iter_signature_findings(signatures, pack, enabled))


def iter_signature_findings(
    signatures: SignatureStore,
    pack: RulePack,
    enabled: Callable[[str], bool] | None = None,
) -> Iterator[Finding]:
    """``check_signatures`` one finding at a time, as the rules make them; a P001 naming every collect
    or rule that crashed comes last."""
    ctx = BatchContext(signatures=signatures, pack=pack)
    failures: list[str] = signatures.errors()
    for f in run_batch_checks(ctx, enabled, failures):
        yield f.seal()
    if failures:
        yield problem_to_finding(
            ParseProblem("P001", "批量检查出错 (batch check crashed; " + "; ".join(failures) + ")", field="batch"),
            "", None, None, "error",
        ).seal()


def _check_file(path: Path, key: str, job: _Job, dog: Watchdog) -> FileOutcome:
    """One file read to its report within the wall-time limit (a P001 when it runs out): parse, checks,
    locations and fingerprints, and the signatures of its forms for the batch rules."""
    try:
        with dog.limit(job.limits.max_seconds):
            parsed = parse_file(path, job.limits)
            return _outcome(parsed, check_parsed(parsed, job.pack, job.embedder, job.enabled), key, job)
    except FileTimeLimit:
        parsed = timed_out(path, job.limits)
        return _outcome(parsed, check_parsed(parsed, job.pack, None, job.enabled), key, job)


def _outcome(parsed: ParsedFile, findings: list[Finding], key: str, job: _Job) -> FileOutcome:
    shown = filter_findings(findings, job.select, job.ignore)
    report = file_report(parsed, shown, key, job.meta)
    signatures = []
    if parsed.forms and batch_plan(job.pack, job.enabled):
        signatures = [form_signature(FormContext(form=form, pack=job.pack), job.enabled) for form in parsed.forms]
    return FileOutcome(report, signatures, parsed if job.keep_parsed else None)


def _code_filter(select: list[str], ignore: list[str]) -> Callable[[str], bool]:
    """Which rule codes run at all, from --select/--ignore (so unselected checks cost nothing)."""

    def enabled(code: str) -> bool:
        return bool(filter_findings([_probe(code)], select, ignore))

    return enabled


_WORKER: _Job | None = None  # the job of this worker process
_WORKER_DOG: Watchdog | None = None
_KILL_GRACE = 5.0  # seconds past the per-file limit before the parent kills a worker stuck in C code


def _init_worker(pack: RulePack, embedder_spec: str, select: list[str], ignore: list[str], limits: Limits,
                 keep_parsed: bool, environ: dict[str, str]) -> None:
    global _WORKER, _WORKER_DOG
    from .heap import keep_large_blocks_apart

    if os.environ != environ:  # forked from a fork server: the run's environment, as a spawned worker has it
        os.environ.clear()
        os.environ.update(environ)
    keep_large_blocks_apart()  # as the parent of a `check` run does: a worker lives for the batch
    embedder = None
    if embedder_spec:
        from .nlp.embedders import make_embedder

        embedder = make_embedder(embedder_spec)
    enabled = _code_filter(select, ignore)
    _WORKER = _Job(pack, embedder, enabled, select, ignore, limits, RunMeta.for_pack(pack), keep_parsed)
    _WORKER_DOG = Watchdog()
    warm_up(pack, enabled)


def warm_up(pack: RulePack, enabled: Callable[[str], bool] | None = None) -> None:
    """Check one tiny form, so the lazy imports, lexicons and patterns of a first form load here (in a
    worker's start, or once in the fork server: ``warm``), not inside the first file's time limit."""
    from .layout import parse_text

    check_parsed(parse_text(_WARM_UP, "warm-up.txt"), pack, None, enabled)


_WARM_UP = "项目名称\t预热\n一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n产出指标\t数量指标\t次数\t≥1(次)\t1(次)\t10\t10\n"


def _worker(path: Path, key: str) -> FileOutcome:
    assert _WORKER is not None and _WORKER_DOG is not None
    return _check_file(path, key, _WORKER, _WORKER_DOG)


def _run_parallel(items: Sequence[InputFile], job: _Job, jobs: int) -> Iterator[FileOutcome]:
    """Files over worker processes, outcomes in input order; a worker past the time limit is replaced.

    Each worker holds files to the limit itself (the watchdog, a clean P001) and sends back the
    file's report and signatures (the parsed file only when the caller keeps them); a worker that
    does not answer within the limit and a grace (stuck in C code) or dies (a crash in a native
    library, the kernel's OOM killer) is killed and replaced by pebble, and its file becomes a P001.
    At most a few files per worker are in flight, so memory does not grow with the batch. Workers
    are forked from the run's warm fork server (``workers``), not from this process, each building its
    own embedder from its spec: forking a process whose model already started a native thread pool
    (OpenMP) can hang the children.
    """
    from pebble import ProcessPool

    from .workers import worker_context

    spec = getattr(job.embedder, "spec", "") if job.embedder is not None else ""
    timeout = job.limits.max_seconds + _KILL_GRACE
    ahead = jobs * 4
    with worker_context() as ctx:
        pool = ProcessPool(max_workers=jobs, initializer=_init_worker, context=ctx,
                           initargs=(job.pack, spec, job.select, job.ignore, job.limits, job.keep_parsed,
                                     dict(os.environ)))
        yield from _outcomes(pool, items, job, timeout, ahead)


def _outcomes(pool, items: Sequence[InputFile], job: _Job, timeout: float, ahead: int) -> Iterator[FileOutcome]:
    """The pool's outcomes in input order, ``ahead`` files in flight; the pool is joined at the end."""
    from collections import deque
    from concurrent.futures import TimeoutError as FutureTimeout

    from pebble import ProcessExpired

    finished = False
    try:
        pending: deque = deque()
        todo = iter(items)
        while True:
            while len(pending) < ahead:
                item = next(todo, None)
                if item is None:
                    break
                pending.append((item, pool.schedule(_worker, args=(item.path, item.key), timeout=timeout)))
            if not pending:
                break
            item, future = pending.popleft()
            try:
                yield future.result()
            except FutureTimeout:
                parsed = timed_out(item.path, job.limits)
                yield _outcome(parsed, check_parsed(parsed, job.pack, None, job.enabled), item.key, job)
            except ProcessExpired as exc:
                parsed = _crashed(item.path, f"worker process died (exit code {exc.exitcode})")
                yield _outcome(parsed, check_parsed(parsed, job.pack, None, job.enabled), item.key, job)
            except Exception as exc:  # noqa: BLE001 - a result that does not come back must not stop the batch
                parsed = _crashed(item.path, f"{type(exc).__name__}: {exc}")
                yield _outcome(parsed, check_parsed(parsed, job.pack, None, job.enabled), item.key, job)
        finished = True
    finally:
        if finished:
            pool.close()
        else:  # interrupted (Ctrl-C, an error in the caller): do not wait for queued files
            pool.stop()
        pool.join()


def _crashed(path: Path, why: str) -> ParsedFile:
    return ParsedFile(path=display_path(path), errors=[ParseProblem(
        "P001", f"处理该文件的进程异常退出,未检查 (the worker checking this file failed: {why})", field="form")])


def _probe(code: str) -> Finding:
    return Finding(rule=code, name="", severity="info", field="form", message="")
