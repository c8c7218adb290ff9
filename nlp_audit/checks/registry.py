"""The registry of checks: each check is a small function with its code, name and explanation.

A check reads the shared, already analysed form (``FormContext``) and yields ``Finding``s built
with ``ctx.finding(...)``, which fills name, severity (from the pack), path, form and project.
Checks never parse text themselves and never print.

    @check("F001", "execution-rate-mismatch", severity="error", field="funds")
    def execution_rate(ctx: FormContext) -> Iterator[Finding]:
        '''Stated 执行率 differs from 执行数 / 全年预算数.

        Why: ...
        Formula: 执行率 = 全年执行数 / 全年预算数 × 100%
        Fires: 年度资金总额 155.17 / 155.17, 执行率 90.00
        Passes: 年度资金总额 155.17 / 155.17, 执行率 100.00
        '''

The docstring is what ``nlp-audit explain CODE`` prints: first line = summary, then the sections
Why / Formula / Fires / Passes. The rule's source (the regulation) lives in the rule pack.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..findings import Finding
from ..model import Source

if TYPE_CHECKING:
    from ..model import Form, Indicator
    from ..nlp.analysis import FormAnalysis
    from ..packs import RulePack
    from .store import SignatureStore

CheckFn = Callable[["FormContext"], Iterable[Finding]]  # a batch check takes a BatchContext instead
CollectFn = Callable[["FormContext"], Any]  # what a batch check keeps of one form (its part of the signature)


@dataclass(slots=True)
class CheckSpec:
    code: str
    name: str
    severity: str
    field: str
    fn: CheckFn | None
    doc: str
    scope: str = "form"  # "form" (one form at a time) or "batch" (all forms of a run)
    params: type | None = None  # the rule's own parameters (a dataclass of nlp_audit/params.py fields)
    uses: tuple[str, ...] = ()  # pack-wide parameters it reads ('execution.rate_tolerance', 'matching')
    lexicons: tuple[str, ...] = ()  # pack lexicons it reads ('reason_boilerplate', 'narrative')
    collect: CollectFn | None = None  # batch checks: the compact part of each form they need

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0] if self.doc.strip() else self.name


_REGISTRY: dict[str, CheckSpec] = {}

# Codes whose findings the parser itself produces (ParseProblem -> Finding); registered so that
# packs, `rules` and `explain` know them.
PARSER_CODES = {
    "P001": ("unreadable-form", "error", "form"),
    "P002": ("missing-field", "error", "form"),
    "P003": ("unparsed-value", "warning", "indicator"),
    "P004": ("template-placeholder", "warning", "form"),
}


def check(code: str, name: str, severity: str = "warning", field: str = "indicator", scope: str = "form",
          params: type | None = None, uses: tuple[str, ...] = (), lexicons: tuple[str, ...] = (),
          collect: CollectFn | None = None):
    """Register a check function under a stable code, with what it reads from the pack: its own
    parameters (``params``, a dataclass), the pack-wide ones (``uses``) and the lexicons.

    A batch check (scope="batch") names with ``collect`` what it keeps of each form: a run keeps
    that compact part (a few folded sentences, a few counts) as files finish, never the parsed
    forms, so a batch of 50,000 forms does not hold 50,000 forms in memory.
    """
    if scope == "batch" and collect is None:
        raise ValueError(f"batch check {code} needs a collect function (what it keeps of each form)")

    def wrap(fn: CheckFn) -> CheckFn:
        if code in _REGISTRY and _REGISTRY[code].fn is not None:
            raise ValueError(f"check {code} registered twice")
        _REGISTRY[code] = CheckSpec(code, name, severity, field, fn, fn.__doc__ or "", scope, params, uses, lexicons,
                                    collect)
        _SORTED.clear()
        return fn

    return wrap


def _ensure_loaded() -> None:
    """Import every check module once so their decorators run."""
    from . import load_all

    load_all()
    for code, (name, severity, fld) in PARSER_CODES.items():
        if code not in _REGISTRY:
            from . import parse_problems

            _REGISTRY[code] = CheckSpec(code, name, severity, fld, None, parse_problems.DOCS.get(code, name))
            _SORTED.clear()


# The registry sorted by code, kept until a check is registered: the runner walks it for every form
# and sorting it each time was a visible cost of a 1,000-form batch.
_SORTED: list[CheckSpec] = []


def _sorted_specs() -> list[CheckSpec]:
    _ensure_loaded()
    if len(_SORTED) != len(_REGISTRY):
        _SORTED[:] = sorted(_REGISTRY.values(), key=lambda s: s.code)
    return _SORTED


def all_specs() -> list[CheckSpec]:
    return list(_sorted_specs())


def all_codes() -> list[str]:
    return [s.code for s in all_specs()]


def get_spec(code: str) -> CheckSpec | None:
    _ensure_loaded()
    return _REGISTRY.get(code.upper())


class _PackLookups:
    """Severity and parameter lookups from the pack, shared by form and batch contexts."""

    __slots__ = ()
    pack: RulePack

    def severity_of(self, code: str) -> str:
        settings = self.pack.rule(code)
        if settings is not None:
            return settings.severity
        spec = _REGISTRY.get(code)
        return spec.severity if spec else "warning"

    def params(self, code: str) -> Any:
        """Rule ``code``'s typed parameters under this pack (its dataclass; see nlp_audit/params.py)."""
        return self.pack.rule_params(code)

    @property
    def settings(self) -> Any:
        """The pack-wide typed parameters (nlp_audit.params.PackParams)."""
        return self.pack.settings

    def _new(self, code: str, message: str, evidence: str, reasons: list[str] | None = None, **where: Any) -> Finding:
        """A Finding with the rule's registered name and the pack's severity; ``where`` says the rest."""
        return Finding(
            rule=code,
            name=_REGISTRY[code].name,
            severity=self.severity_of(code),
            message=message,
            evidence=evidence,
            reasons=list(reasons or []),
            **where,
        )


@dataclass(slots=True)
class FormContext(_PackLookups):
    """What a check sees: the form, the pack, and the one analysis of the form (nlp/analysis.py)."""

    form: Form
    pack: RulePack
    analysis: FormAnalysis = None  # type: ignore[assignment] - built from form and pack when not given
    findings: list[Finding] = field(default_factory=list)
    memo: dict[str, Any] = field(default_factory=dict)  # small per-form results shared by checks

    def __post_init__(self) -> None:
        if self.analysis is None:
            from ..nlp.analysis import FormAnalysis

            self.analysis = FormAnalysis(self.form, self.pack)

    def claims(self) -> list:
        """The judged claims of the form's narratives, built on first use: a run whose enabled
        rules need no claims (``--select F,S,A,D``) never pays for them. A failure is kept in
        ``analysis.errors`` (reported as P001) and the claims are then empty."""
        return self.analysis.claims

    def finding(
        self,
        code: str,
        message: str,
        evidence: str = "",
        *,
        indicator: Indicator | None = None,
        source: Source | None = None,
        field: str | None = None,
        expected: Any = None,
        actual: Any = None,
        formula: str | None = None,
        reasons: list[str] | None = None,
    ) -> Finding:
        src = _tighten(self.form, source or (indicator.source if indicator is not None else None), evidence)
        return self._new(
            code,
            message,
            evidence,
            field=field or _REGISTRY[code].field,
            path=self.form.path,
            form=self.form.index,
            project=self.form.project,
            indicator=indicator.name if indicator is not None else None,
            start=src.start if src else None,
            end=src.end if src else None,
            line=src.line if src else None,
            expected=expected,
            actual=actual,
            formula=formula,
            reasons=reasons,
        )


def _tighten(form: Form, src: Source | None, evidence: str) -> Source | None:
    """Offsets that point at the evidence itself: a row's Source may include the blanks or the
    cell separators around the quoted text, and a report must highlight exactly what it quotes."""
    if src is None or src.start is None or src.end is None or not evidence:
        return src
    start, end = src.start - form.text_offset, src.end - form.text_offset
    if not (0 <= start < end <= len(form.text)):
        return src
    window = form.text[start:end]
    if window == evidence:
        return src
    at = window.find(evidence)
    if at < 0:
        return src
    line = src.line + window.count("\n", 0, at) if src.line is not None else None
    return Source(path=src.path, start=src.start + at, end=src.start + at + len(evidence), line=line)


def _plan(scope: str, pack: RulePack, enabled: Callable[[str], bool] | None) -> list[CheckSpec]:
    """The checks of ``scope`` that the pack and ``enabled`` (--select/--ignore) let run, in code order.

    Worked out once per run instead of for every form: kept in the pack's memo with the predicate
    and the registry size it was made for, and made again when either changes.
    """
    key = ("checks", scope)
    cached = pack.memo.get(key)
    if cached is not None and cached[0] is enabled and cached[1] == len(_REGISTRY):
        return cached[2]
    specs = []
    for spec in _sorted_specs():
        if spec.fn is None or spec.scope != scope:
            continue
        settings = pack.rule(spec.code)
        if settings is not None and not settings.enabled:
            continue
        if enabled is not None and not enabled(spec.code):
            continue
        specs.append(spec)
    pack.memo[key] = (enabled, len(_REGISTRY), specs)
    return specs


def _run_scope(
    scope: str,
    ctx: FormContext | BatchContext,
    enabled: Callable[[str], bool] | None,
    failures: list[str] | None,
) -> Iterator[Finding]:
    """Every registered check of ``scope`` that the pack (and ``enabled``) lets through.

    With a ``failures`` list each rule is isolated: a crash is recorded there, keeps what the rule
    found so far and does not silence the rules after it. Without one, a crash propagates (tests).
    """
    for spec in _plan(scope, ctx.pack, enabled):
        if failures is None:
            yield from spec.fn(ctx)  # type: ignore[arg-type,misc]
            continue
        found: list[Finding] = []
        try:
            found.extend(spec.fn(ctx))  # type: ignore[arg-type,misc]
        except Exception as exc:  # noqa: BLE001 - one bad rule must not stop the batch
            failures.append(f"{spec.code}: {type(exc).__name__}: {exc}")
        yield from found


def run_form_checks(
    ctx: FormContext,
    enabled: Callable[[str], bool] | None = None,
    failures: list[str] | None = None,
) -> Iterator[Finding]:
    """Run the per-form checks on one form (see ``_run_scope`` for ``failures``)."""
    return _run_scope("form", ctx, enabled, failures)


@dataclass(slots=True)
class FormSignature:
    """What a run keeps of one form for the batch checks: who it is, and each batch check's part.

    ``parts`` maps a batch check's code to what its ``collect`` returned for this form (absent when
    the check does not run); ``errors`` are the collects that crashed on this form.
    """

    path: str
    index: int
    project: str | None
    kind: str
    parts: dict[str, Any] = field(default_factory=dict)
    errors: tuple[str, ...] = ()


def batch_plan(pack: RulePack, enabled: Callable[[str], bool] | None = None) -> list[CheckSpec]:
    """The batch checks a run with ``pack`` and ``enabled`` runs (none: no signature is kept)."""
    return _plan("batch", pack, enabled)


def form_signature(ctx: FormContext, enabled: Callable[[str], bool] | None = None) -> FormSignature:
    """The signature of ``ctx.form``: each planned batch check's collect, a crash recorded, not raised."""
    form = ctx.form
    parts: dict[str, Any] = {}
    errors: list[str] = []
    for spec in batch_plan(ctx.pack, enabled):
        try:
            parts[spec.code] = spec.collect(ctx)  # type: ignore[misc]
        except Exception as exc:  # noqa: BLE001 - one bad collect must not cost the form's other checks
            errors.append(f"{spec.code}: {type(exc).__name__}: {exc}")
    return FormSignature(form.path, form.index, form.project, form.kind, parts, tuple(errors))


@dataclass(slots=True)
class BatchContext(_PackLookups):
    """What a batch check (scope="batch") sees: the signature of every form of the run, in input
    order, in the run's store, and the pack.

    Batch checks run once, in the parent process, after every file was parsed and checked (so
    ``--jobs`` does not split a batch), on the ``FormSignature``s collected as files finished, never
    on the parsed forms. They read them from ``signatures`` (``checks/store.py``) in streaming
    passes: a large batch keeps them in a temporary file, not in memory. Findings are built with
    ``ctx.finding(...)``: field "batch", path "" and form None (formatters group them as the batch),
    ``forms`` naming the forms involved in the message.
    """

    signatures: SignatureStore
    pack: RulePack
    memo: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of_forms(cls, forms: Iterable[Form], pack: RulePack,
                 enabled: Callable[[str], bool] | None = None) -> BatchContext:
        """The context of parsed forms (tests, in-process callers): their signatures, as a run keeps them."""
        return cls.of_signatures((form_signature(FormContext(form=f, pack=pack), enabled) for f in forms), pack)

    @classmethod
    def of_signatures(cls, signatures: Iterable[FormSignature], pack: RulePack) -> BatchContext:
        """The context of signatures already made, in a store in memory."""
        from .store import SignatureStore

        store = SignatureStore.in_memory()
        for sig in signatures:
            store.add(sig)
        return cls(store, pack)

    def finding(
        self,
        code: str,
        message: str,
        evidence: str = "",
        *,
        indicator: str | None = None,
        expected: Any = None,
        actual: Any = None,
        formula: str | None = None,
        reasons: list[str] | None = None,
    ) -> Finding:
        return self._new(
            code, message, evidence, field="batch", path="", form=None, project=None, indicator=indicator,
            expected=expected, actual=actual, formula=formula, reasons=reasons,
        )


def run_batch_checks(
    ctx: BatchContext,
    enabled: Callable[[str], bool] | None = None,
    failures: list[str] | None = None,
) -> Iterator[Finding]:
    """Run the batch checks once over all forms (see ``_run_scope`` for ``failures``).

    Findings come out as each rule makes them, not once the rule is done: B001 may quote thousands
    of copies in a large batch, and a streamed run writes them out instead of holding them. A crash
    is recorded after what the rule found so far, as ``_run_scope`` does.
    """
    for spec in _plan("batch", ctx.pack, enabled):
        if failures is None:
            yield from spec.fn(ctx)  # type: ignore[arg-type,misc]
            continue
        try:
            yield from spec.fn(ctx)  # type: ignore[arg-type,misc]
        except Exception as exc:  # noqa: BLE001 - one bad rule must not stop the batch
            failures.append(f"{spec.code}: {type(exc).__name__}: {exc}")
