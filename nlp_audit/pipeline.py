"""One pass per document: read -> layout -> NLP -> checks. The CLI and the benchmark call this.

Nothing here knows a column order, a lexicon or an output format: it wires the stages and makes
sure a broken file becomes a P001 record while the rest of the batch goes on.
"""

from __future__ import annotations

import functools
import gc
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .checks.parse_problems import problem_to_finding
from .checks.registry import BatchContext, FormContext, all_specs, run_batch_checks, run_form_checks
from .findings import Finding, filter_findings
from .model import ParsedFile, ParseProblem
from .packs import RulePack, load_pack

# .xls/.doc are listed so a folder scan reports them (P001, "save as .xlsx/.docx") instead of skipping them.
INPUT_SUFFIXES = (".txt", ".text", ".pdf", ".xlsx", ".xlsm", ".docx", ".xls", ".doc")


@dataclass(slots=True)
class RunResult:
    """Everything one run produced: the parsed files and the findings (already filtered)."""

    files: list[ParsedFile] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    pack: str = "default"

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


def iter_inputs(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files as given, folders walked recursively (sorted, so runs are reproducible)."""
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


def parse_file(path: str | Path) -> ParsedFile:
    """Read and parse one file; any failure becomes a P001 record on the returned ParsedFile."""
    from .layout import parse_text
    from .readers import ReadError, read_file

    spath = str(path)
    try:
        text = read_file(path)
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
        )
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
) -> RunResult:
    """Parse and check every input; ``jobs`` > 1 spreads files over worker processes.

    Results come back in input order whatever ``jobs`` is, so output is reproducible.
    """
    rule_pack = load_pack(pack) if isinstance(pack, str) else pack
    select, ignore = select or [], ignore or []

    enabled = _code_filter(select, ignore)
    inputs = list(iter_inputs(paths))
    result = RunResult(pack=rule_pack.name)
    if jobs == 0:
        jobs = os.cpu_count() or 1
    with batch_gc():
        if jobs > 1 and len(inputs) > 1:
            pairs = _run_parallel(inputs, rule_pack, embedder, select, ignore, jobs)
        else:
            pairs = (_parse_and_check(p, rule_pack, embedder, enabled) for p in inputs)
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
