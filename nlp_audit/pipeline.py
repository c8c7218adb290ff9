"""One pass per document: read -> layout -> NLP -> checks -> report records. The CLI and the benchmark call this.

Nothing here knows a column order, a lexicon or an output format: it wires the stages and makes
sure a broken file becomes a P001 record while the rest of the batch goes on. Each file's result
is turned into a ``FileReport`` (located, fingerprinted findings and a slim view of its forms) as
soon as it is checked; formatters read those, never the parsed text.
"""

from __future__ import annotations

import functools
import gc
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .checks.parse_problems import problem_to_finding
from .checks.registry import BatchContext, FormContext, all_specs, run_batch_checks, run_form_checks
from .deadline import Watchdog, watchdog
from .discover import INPUT_SUFFIXES, Discovery, discover, display_path
from .findings import Finding, filter_findings
from .limits import DEFAULT_LIMITS, FileTimeLimit, LimitExceeded, Limits
from .model import ParsedFile, ParseProblem
from .packs import RulePack, load_pack
from .report.build import batch_findings, file_report
from .report.records import FileReport, RunMeta, RunResult

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
    return guard_file(parsed, limits)


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
    """The shared NLP pass of one form (sentences, quantities, claims), or None if NLP is absent."""
    try:
        from .nlp.analysis import analyze
    except ImportError:
        return None
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
        ctx = FormContext(form=form, pack=pack, analyzer=functools.partial(analyze_form, form, pack, embedder))
        out.extend(run_form_checks(ctx, enabled, failures))
        if ctx.nlp_error:
            failures.insert(0, ctx.nlp_error)
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
    limits: Limits = DEFAULT_LIMITS,
    isolate: bool = False,
) -> RunResult:
    """Parse and check every input; ``jobs`` > 1 (or ``isolate``) runs files in worker processes.

    Results come back in input order whatever ``jobs`` is, so output is reproducible. ``gate``
    (baseline, suppressions) filters the finished result; ``progress`` is told after each file;
    ``found`` is the discovery of ``paths`` when the caller already made it. Each file is held to
    ``limits`` (sizes, and wall time: see ``deadline`` for why in-process by default; in workers,
    one stuck even inside native code is killed and replaced).
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
    with batch_gc(), watchdog() as dog:
        if (jobs > 1 and len(inputs) > 1) or (isolate and inputs):
            pairs = _run_parallel(inputs, rule_pack, embedder, select, ignore, jobs, limits)
        else:
            pairs = (_parse_and_check(p, rule_pack, embedder, enabled, limits, dog) for p in inputs)
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


def _parse_and_check(path: Path, pack: RulePack, embedder, enabled, limits: Limits,
                     dog: Watchdog) -> tuple[ParsedFile, list[Finding]]:
    """One file, read to findings within the wall-time limit (a P001 when it runs out)."""
    try:
        with dog.limit(limits.max_seconds):
            parsed = parse_file(path, limits)
            return parsed, check_parsed(parsed, pack, embedder, enabled)
    except FileTimeLimit:
        parsed = timed_out(path, limits)
        return parsed, check_parsed(parsed, pack, None, enabled)


def _code_filter(select: list[str], ignore: list[str]) -> Callable[[str], bool]:
    """Which rule codes run at all, from --select/--ignore (so unselected checks cost nothing)."""

    def enabled(code: str) -> bool:
        return bool(filter_findings([_probe(code)], select, ignore))

    return enabled


_WORKER: tuple = ()  # (pack, embedder, enabled, limits, watchdog) of this worker process
_KILL_GRACE = 5.0  # seconds past the per-file limit before the parent kills a worker stuck in C code


def _init_worker(pack: RulePack, embedder_spec: str, select: list[str], ignore: list[str], limits: Limits) -> None:
    global _WORKER
    embedder = None
    if embedder_spec:
        from .nlp.embedders import make_embedder

        embedder = make_embedder(embedder_spec)
    _WORKER = (pack, embedder, _code_filter(select, ignore), limits, Watchdog())
    # the lazy imports and lexicons of a first form load here, not inside the first file's time limit
    from .layout import parse_text

    check_parsed(parse_text(_WARM_UP, "warm-up.txt"), pack, None, _WORKER[2])


_WARM_UP = "项目名称\t预热\n一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n产出指标\t数量指标\t次数\t≥1(次)\t1(次)\t10\t10\n"


def _worker(path: Path) -> tuple[ParsedFile, list[Finding]]:
    pack, embedder, enabled, limits, dog = _WORKER
    return _parse_and_check(path, pack, embedder, enabled, limits, dog)


def _run_parallel(inputs: list[Path], pack: RulePack, embedder, select: list[str], ignore: list[str], jobs: int,
                  limits: Limits) -> Iterator[tuple[ParsedFile, list[Finding]]]:
    """Files over worker processes, results in input order; a worker past the time limit is replaced.

    Each worker holds files to the limit itself (the watchdog, a clean P001); a worker that does not
    answer within the limit and a grace (stuck in C code) or dies (a crash in a native library, the
    kernel's OOM killer) is killed and replaced by pebble, and its file becomes a P001. At most a few
    files per worker are in flight, so memory does not grow with the batch. Workers are spawned, not
    forked, each building its own embedder from its spec: forking a process whose model already
    started a native thread pool (OpenMP) can hang the children.
    """
    import multiprocessing
    from collections import deque
    from concurrent.futures import TimeoutError as FutureTimeout

    from pebble import ProcessExpired, ProcessPool

    spec = getattr(embedder, "spec", "") if embedder is not None else ""
    ctx = multiprocessing.get_context("spawn")
    timeout = limits.max_seconds + _KILL_GRACE
    ahead = jobs * 4
    pool = ProcessPool(max_workers=jobs, initializer=_init_worker,
                       initargs=(pack, spec, select, ignore, limits), context=ctx)
    finished = False
    try:
        pending: deque = deque()
        todo = iter(inputs)
        while True:
            while len(pending) < ahead:
                path = next(todo, None)
                if path is None:
                    break
                pending.append((path, pool.schedule(_worker, args=(path,), timeout=timeout)))
            if not pending:
                break
            path, future = pending.popleft()
            try:
                yield future.result()
            except FutureTimeout:
                parsed = timed_out(path, limits)
                yield parsed, check_parsed(parsed, pack, None, _code_filter(select, ignore))
            except ProcessExpired as exc:
                parsed = _crashed(path, f"worker process died (exit code {exc.exitcode})")
                yield parsed, check_parsed(parsed, pack, None, _code_filter(select, ignore))
            except Exception as exc:  # noqa: BLE001 - a result that does not come back must not stop the batch
                parsed = _crashed(path, f"{type(exc).__name__}: {exc}")
                yield parsed, check_parsed(parsed, pack, None, _code_filter(select, ignore))
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
