"""Suppressions: findings an auditor has judged, held back with a reason (and maybe an expiry date).

A TOML file of ``[[suppress]]`` entries. Each entry selects findings by any of ``rule`` (a code
or a family prefix), ``path`` (a glob on the path relative to the run's root), ``project``,
``indicator`` and ``fingerprint`` - all given selectors must match - and must say ``reason``.
``expires`` (a TOML date) ends an entry: after it the findings show again and the run warns.

    [[suppress]]
    rule = "P003"
    path = "2023/*.xlsx"
    reason = "模板中的“+”是“=”的误排,已与财政局确认"
    expires = 2025-12-31
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from ..findings import Finding


class SuppressionError(Exception):
    """A suppressions file that cannot be used (names the file, the entry and the reason)."""


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    reason: str
    rule: str | None = None
    path: str | None = None
    project: str | None = None
    indicator: str | None = None
    fingerprint: str | None = None
    expires: dt.date | None = None

    @field_validator("reason")
    @classmethod
    def _reason_said(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a suppression must say why (reason is empty)")
        return value.strip()

    @field_validator("rule")
    @classmethod
    def _known_rule(cls, value: str | None) -> str | None:
        if value is None:
            return None
        from ..checks.registry import all_codes

        code = value.strip().upper()
        if not any(c.startswith(code) for c in all_codes()):
            raise ValueError(f"unknown rule code {value!r}")
        return code

    @model_validator(mode="after")
    def _selects_something(self) -> Entry:
        if not any((self.rule, self.path, self.project, self.indicator, self.fingerprint)):
            raise ValueError("an entry needs at least one of rule, path, project, indicator, fingerprint")
        return self

    def matches(self, f: Finding, key: str) -> bool:
        if self.fingerprint and f.fingerprint != self.fingerprint:
            return False
        if self.rule and not f.rule.startswith(self.rule):
            return False
        if self.path and not fnmatchcase(key, self.path.replace("\\", "/").lstrip("./")):
            return False
        if self.project and (f.project or "") != self.project:
            return False
        return not (self.indicator and (f.indicator or "") != self.indicator)

    def label(self) -> str:
        what = ", ".join(f"{k}={v}" for k, v in (("rule", self.rule), ("path", self.path), ("project", self.project),
                                                 ("indicator", self.indicator), ("fingerprint", self.fingerprint)) if v)
        return f"{what} ({self.reason})"


@dataclass(slots=True)
class Active:
    """The entries in force today, matched against findings (``key``: the root-relative path)."""

    entries: list[Entry]

    def match(self, f: Finding, key: str) -> Entry | None:
        for entry in self.entries:
            if entry.matches(f, key):
                return entry
        return None


@dataclass(slots=True)
class Suppressions:
    entries: list[Entry]
    source: str = ""

    def active(self, today: dt.date) -> Active:
        return Active([e for e in self.entries if e.expires is None or e.expires >= today])

    def expired(self, today: dt.date) -> list[str]:
        return [f"{e.label()} expired {e.expires.isoformat()}" for e in self.entries
                if e.expires is not None and e.expires < today]


def read_suppressions(path: str | Path) -> Suppressions:
    try:
        doc = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SuppressionError(f"{path}: no such file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise SuppressionError(f"{path}: cannot read: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SuppressionError(f"{path}: not TOML: {exc}") from exc
    unknown = set(doc) - {"suppress"}
    if unknown:
        raise SuppressionError(f"{path}: unknown key {sorted(unknown)[0]!r} (entries go under [[suppress]])")
    raw = doc.get("suppress", [])
    if not isinstance(raw, list):
        raise SuppressionError(f"{path}: 'suppress' must be an array of tables ([[suppress]])")
    entries = []
    for i, item in enumerate(raw, start=1):
        try:
            entries.append(Entry.model_validate(item))
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"]) or "entry"
            msg = "unknown key" if err["type"] == "extra_forbidden" else err["msg"].removeprefix("Value error, ")
            raise SuppressionError(f"{path}: suppress #{i}: {where}: {msg}") from exc
    return Suppressions(entries, source=str(path))
