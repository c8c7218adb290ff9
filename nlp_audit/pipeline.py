"""One pass per document: read -> layout -> NLP -> checks. The CLI and the benchmark call this.

Nothing here knows a column order, a lexicon or an output format: it wires the stages and makes
sure a broken file becomes a P001 record while the rest of the batch goes on.
"""

from __future__ import annotations

import functools
import gc
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .checks.parse_problems import problem_to_finding
from .checks.registry import BatchContext, FormContext, all_specs, run_batch_checks, run_form_checks
from .deadline import Watchdog, watchdog
from .findings import Finding, filter_findings
from .limits import DEFAULT_LIMITS, FileTimeLimit, LimitExceeded, Limits
from .model import ParsedFile, ParseProblem
from .packs import RulePack, load_pack

# .xls/.doc are listed so a folder scan reports them (P001, "save as .xlsx/.docx") instead of skipping them.
INPUT_SUFFIXES = (".txt", ".text", ".pdf", ".xlsx", ".xlsm", ".docx", ".xls", ".doc")


@dataclass(frozen=True, slots=True)
class SkippedFile:
    """An input that is not a regular file (FIFO, device, socket, or a link to one): never opened."""

    path: str  # as shown (display_path)
    reason: str


@dataclass(slots=True)
class Inputs:
    """The files a run reads, in order, and the special files it skipped."""

    files: list[Path] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)


@dataclass(slots=True)
class RunResult:
    """Everything one run produced: the parsed files and the findings (already filtered)."""

    files: list[ParsedFile] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    pack: str = "default"
    skipped: list[SkippedFile] = field(default_factory=list)

    @property
    def form_count(self) -> int:
        return sum(len(f.forms) for f in self.files)

    @property
    def unreadable_files(self) -> list[ParsedFile]:
        return [f for f in self.files if f.errors and not f.forms]


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


def display_path(path: str | Path) -> str:
    """The path as every output shows it: a name that is not valid UTF-8 (carried by Python with
    surrogate escapes, so it can still be opened) is shown with its bytes escaped, 'bad\\xff.txt'."""
    text = str(path)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace")


def collect_inputs(paths: Iterable[str | Path]) -> Inputs:
    """Files as given, folders walked recursively (sorted, so runs are reproducible); special files
    (FIFOs, devices, sockets, links to them) skipped and listed, since reading one can block forever."""
    out = Inputs()
    for path in _walk(paths):
        reason = _special(path)
        if reason is None:
            out.files.append(path)
        else:
            out.skipped.append(SkippedFile(display_path(path), reason))
    return out


def iter_inputs(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The regular files ``collect_inputs`` would read."""
    for path in _walk(paths):
        if _special(path) is None:
            yield path


def _walk(paths: Iterable[str | Path]) -> Iterator[Path]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.lower().endswith(INPUT_SUFFIXES) and not name.startswith("."):
                        yield Path(root) / name
        else:
            yield path


def _special(path: Path) -> str | None:
    """Why ``path`` is skipped (a FIFO, device or socket, after links), or None to read it."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # missing or a dangling link: reading it reports why
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    from .readers import special_kind

    return f"不是普通文件,已跳过 (not a regular file: {special_kind(mode)})"


def parse_file(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> ParsedFile:
    """Read and parse one file; any failure becomes a P001 record on the returned ParsedFile.

    No wall-time limit here (``parse_files`` and ``run`` add it); every size limit applies.
    """
    from .layout import parse_text
    from .readers import ReadError, read_file
    from .sanity import guard_file

    spath = display_path(path)
    try:
        text = read_file(path, limits)
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
        )
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
        for path in iter_inputs(paths):
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
    paths: Iterable[str | Path] | Inputs,
    pack: RulePack | str = "default",
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    embedder=None,
    jobs: int = 1,
    limits: Limits = DEFAULT_LIMITS,
    isolate: bool = False,
) -> RunResult:
    """Parse and check every input; ``jobs`` > 1 (or ``isolate``) runs files in worker processes.

    Results come back in input order whatever ``jobs`` is, so output is reproducible. Each file is
    held to ``limits`` (sizes, and wall time: see ``deadline`` for why in-process by default; in
    workers, one stuck even inside native code is killed and replaced).
    """
    rule_pack = load_pack(pack) if isinstance(pack, str) else pack
    select, ignore = select or [], ignore or []

    enabled = _code_filter(select, ignore)
    collected = paths if isinstance(paths, Inputs) else collect_inputs(paths)
    inputs = collected.files
    result = RunResult(pack=rule_pack.name, skipped=list(collected.skipped))
    if jobs == 0:
        jobs = os.cpu_count() or 1
    with batch_gc(), watchdog() as dog:
        if (jobs > 1 and len(inputs) > 1) or (isolate and inputs):
            pairs = _run_parallel(inputs, rule_pack, embedder, select, ignore, jobs, limits)
        else:
            pairs = (_parse_and_check(p, rule_pack, embedder, enabled, limits, dog) for p in inputs)
        for parsed, findings in pairs:
            result.files.append(parsed)
            result.findings.extend(findings)
            gc.freeze()  # a file's results live to the end of the run: the collector need not walk them again
        result.findings.extend(check_batch(result.files, rule_pack, enabled, result.findings))
    result.findings = filter_findings(result.findings, select, ignore)
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
