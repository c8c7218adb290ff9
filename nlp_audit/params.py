"""Typed rule parameters: one frozen dataclass per group, each field with its default, doc and bounds.

Why: a pack value must mean what it says. Read through these classes, a value of 0 is used (not
replaced by the default), a misspelled key is an error naming the file and the key, a value out of
its bounds is refused at load time, and ``nlp-audit explain CODE`` prints every value a rule uses
with its meaning. The defaults here are the national ones (财预〔2020〕10号); a pack states only
what differs. Pack-wide groups are the fields of ``PackParams`` (``params:`` of a pack); a rule's own
parameters are a dataclass declared beside the rule and registered with it (``@check(params=...)``).

    @dataclass(frozen=True)
    class D002Params:
        min_chars: int = param(4, "a reason shorter than this says nothing specific", ge=0)
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any


class ParamError(ValueError):
    """A parameter that cannot be used: ``key`` is its dotted path, the message says why."""

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(f"{key}: {reason}")
        self.key = key
        self.reason = reason


def param(default: Any, doc: str, *, ge: float | None = None, gt: float | None = None, le: float | None = None,
          choices: tuple[str, ...] | None = None) -> Any:
    """A dataclass field with its default, its meaning and its bounds (``ge`` ≤ value ≤ ``le``)."""
    meta = {"doc": doc, "ge": ge, "gt": gt, "le": le, "choices": choices}
    if isinstance(default, (list, dict, set)):
        raise TypeError("use a tuple or a MappingProxyType default: parameters are immutable")
    if isinstance(default, types.MappingProxyType):  # immutable, but dataclasses want a factory
        return field(default_factory=lambda: default, metadata=meta)
    return field(default=default, metadata=meta)


def build(cls: type, data: Mapping[str, Any] | None, where: str) -> Any:
    """An instance of ``cls`` from ``data``: unknown keys, wrong types and values out of bounds raise
    ParamError naming ``where.key``; absent keys keep their defaults."""
    data = data or {}
    if not isinstance(data, Mapping):
        raise ParamError(where, f"must be a mapping, got {type(data).__name__}")
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = [k for k in data if k not in fields]
    if unknown:
        raise ParamError(f"{where}.{unknown[0]}", "unknown parameter (known: " + ", ".join(fields) + ")")
    hints = _hints(cls)
    values = {name: _value(hints[name], data[name], f"{where}.{name}", fields[name].metadata)
              for name in fields if name in data}
    return cls(**values)


def check_partial(cls: type, data: Mapping[str, Any] | None, where: str) -> None:
    """What ``build`` checks, for one file's share of a merged pack (every key present must be valid)."""
    build(cls, data, where)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _value(hint: Any, value: Any, key: str, meta: Mapping[str, Any]) -> Any:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        inner = [a for a in args if a is not type(None)]
        return _value(inner[0], value, key, meta)
    if dataclasses.is_dataclass(hint):
        return build(hint, value, key)
    if hint is float or hint is int:
        return _bounded(_number(value, key, integer=hint is int), key, meta)
    if hint is bool:
        if not isinstance(value, bool):
            raise ParamError(key, f"expected true or false, got {value!r}")
        return value
    if hint is str:
        if not isinstance(value, str):
            raise ParamError(key, f"expected text, got {value!r}")
        choices = meta.get("choices")
        if choices and value not in choices:
            raise ParamError(key, f"{value!r} is not one of {', '.join(choices)}")
        return value
    if origin is tuple:
        if not isinstance(value, (list, tuple)):
            raise ParamError(key, f"expected a list, got {value!r}")
        if len(args) == 2 and args[1] is Ellipsis:
            items = tuple(_value(args[0], v, f"{key}[{i}]", meta) for i, v in enumerate(value))
            choices = meta.get("choices")
            bad = [v for v in items if choices and v not in choices]
            if bad:
                raise ParamError(key, f"{bad[0]!r} is not one of {', '.join(choices)}")
            return items
        if len(value) != len(args):
            raise ParamError(key, f"expected {len(args)} values, got {len(value)}")
        items = tuple(_value(a, v, f"{key}[{i}]", meta) for i, (a, v) in enumerate(zip(args, value, strict=True)))
        if len(items) == 2 and all(isinstance(v, (int, float)) for v in items) and items[0] > items[1]:
            raise ParamError(key, f"the lower bound {items[0]} is above the upper bound {items[1]}")
        return items
    if origin in (dict, Mapping) or hint is dict:
        if not isinstance(value, Mapping):
            raise ParamError(key, f"expected a mapping, got {value!r}")
        vt = args[1] if len(args) == 2 else Any
        return types.MappingProxyType({str(k): (_value(vt, v, f"{key}.{k}", meta) if vt is not Any else v)
                                       for k, v in value.items()})
    return value


def _number(value: Any, key: str, integer: bool) -> float | int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ParamError(key, f"expected a number, got {value!r}")
    if integer:
        if float(value) != int(value):
            raise ParamError(key, f"expected a whole number, got {value!r}")
        return int(value)
    return float(value)


def _bounded(value: float | int, key: str, meta: Mapping[str, Any]) -> float | int:
    ge, gt, le = meta.get("ge"), meta.get("gt"), meta.get("le")
    if ge is not None and value < ge:
        raise ParamError(key, f"{value} is below its minimum {ge}")
    if gt is not None and value <= gt:
        raise ParamError(key, f"{value} must be above {gt}")
    if le is not None and value > le:
        raise ParamError(key, f"{value} is above its maximum {le}")
    return value


def describe(obj: Any, prefix: str = "") -> list[tuple[str, Any, str]]:
    """(dotted key, value, doc) of every parameter of ``obj``, nested groups flattened."""
    out: list[tuple[str, Any, str]] = []
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        key = f"{prefix}{f.name}"
        if dataclasses.is_dataclass(value):
            out.extend(describe(value, key + "."))
        else:
            out.append((key, value, f.metadata.get("doc", "")))
    return out


def lookup(obj: Any, dotted: str) -> Any:
    """The value at ``dotted`` ('execution.rate_tolerance'); AttributeError when there is none."""
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


def show(value: Any) -> str:
    """A parameter value as a pack would write it."""
    if isinstance(value, types.MappingProxyType):
        return "{" + ", ".join(f"{k}: {show(v)}" for k, v in value.items()) + "}"
    if isinstance(value, tuple):
        return "[" + ", ".join(show(v) for v in value) + "]"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# ------------------------------------------------------------------------------------------ pack-wide


_CATEGORIES = ("output", "benefit", "satisfaction")


@dataclass(frozen=True)
class Weights:
    """The split of the 100 points a pack expects (S007); null = not prescribed for that block."""

    funds: float | None = param(10.0, "预算执行率 points", ge=0)
    output: float | None = param(50.0, "产出指标 points", ge=0)
    benefit: float | None = param(30.0, "效益指标 points", ge=0)
    satisfaction: float | None = param(10.0, "满意度指标 points", ge=0)
    indicators: float | None = param(None, "all indicator blocks together (Hubei: 80), compared as one", ge=0)


@dataclass(frozen=True)
class Execution:
    full_score_threshold: float | None = param(
        None, "执行率 (%) at or above which the funds score is full; null = proportional min(rate, 100%)",
        ge=0, le=100)
    rate_tolerance: float = param(0.5, "percentage points a stated 执行率 may differ from the computed one "
                                       "(F001, and the narrative's rate in C008)", ge=0)
    max_funds_weight: float = param(50.0, "a funds 分值 above this is a misread column, not judged (F002)", ge=0)


@dataclass(frozen=True)
class Scoring:
    over_achievement_ratio: float = param(1.3, "actual ≥ this × target is far over target: it must be explained "
                                               "(S008, D001) and is not a deduction to question (S003)", ge=1)
    score_tolerance: float = param(0.0, "points of slack on top of the form's own rounding", ge=0)
    reverse_zero_at_ratio: float = param(2.0, "reverse indicators (linear rule): the score reaches 0 at this "
                                              "× target", gt=1)
    reverse_rule: str = param("linear", "linear (to 0 at reverse_zero_at_ratio × target) | inverse_ratio "
                                        "(target / actual × 分值)", choices=("linear", "inverse_ratio"))


@dataclass(frozen=True)
class QualitativeBands:
    """Share of 分值 a qualitative row earns by its attainment (S002-S004)."""

    achieved: tuple[float, float] = param((0.8, 1.0), "达成年度指标", ge=0, le=1)
    partial: tuple[float, float] = param((0.6, 0.8), "部分达成年度指标并具有一定效果", ge=0, le=1)
    failed: tuple[float, float] = param((0.0, 0.6), "未达成年度指标且效果较差", ge=0, le=1)


@dataclass(frozen=True)
class Funds:
    sum_tolerance: float = param(0.011, "万元 of slack per source row when adding up a funds total (F003)", ge=0)


@dataclass(frozen=True)
class Structure:
    required_level1: tuple[str, ...] = param(_CATEGORIES, "一级指标 blocks a complete form must have (S007)",
                                             choices=_CATEGORIES)


@dataclass(frozen=True)
class Matching:
    """How a narrative claim is tied to an indicator (C001, C002, C007)."""

    min_shared_bigrams: int = param(2, "content character pairs a claim and an indicator name must share to "
                                       "speak of the same thing", ge=1)
    min_cover_single: float = param(0.5, "... or one shared pair covering at least this share of the "
                                         "indicator's content", ge=0, le=1)
    margin_e5: float = param(0.01, "semantic lead the best indicator needs over the second (e5)", ge=0, le=1)
    margin_st: float = param(0.01, "the same for a sentence-transformers model", ge=0, le=1)
    margin_tfidf: float = param(0.05, "the same for tf-idf", ge=0, le=1)
    margin_default: float = param(0.02, "the same for any other embedder", ge=0, le=1)

    def margin(self, backend: str) -> float:
        return float(getattr(self, f"margin_{backend}", self.margin_default))


_GRADES = types.MappingProxyType({"优": 90.0, "良": 80.0, "中": 60.0, "差": 0.0})


@dataclass(frozen=True)
class PackParams:
    """``params:`` of a rule pack (every group and value, with the national defaults)."""

    weights: Weights = param(Weights(), "expected split of the points (S007)")
    weight_tolerance: float = param(5.0, "points a block may differ from its expected weight (S007)", ge=0)
    execution: Execution = param(Execution(), "the funds block's rate and score")
    scoring: Scoring = param(Scoring(), "how rows are scored")
    qualitative_bands: QualitativeBands = param(QualitativeBands(), "qualitative attainment bands")
    grade_bands: dict[str, float] = param(_GRADES, "lower bound (inclusive) of each grade's 总分 (S006, B002)")
    budget_adjustment_ratio: float = param(0.3, "|全年 − 年初| / 年初 beyond this needs explaining (F004)", ge=0)
    funds: Funds = param(Funds(), "funds sums")
    structure: Structure = param(Structure(), "indicator blocks")
    matching: Matching = param(Matching(), "claim-to-indicator matching")


DEFAULT_PARAMS = PackParams()
