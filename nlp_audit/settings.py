"""Settings: one typed model, read from a config file found like ruff's, overridden by the command line.

Where settings come from, lowest to highest: the defaults below; the first config file found in
the folder of the first input and then its parents (else the working folder and its parents):
``nlp-audit.toml`` or ``.nlp-audit.toml`` (keys at top level) or ``pyproject.toml`` with a
``[tool.nlp-audit]`` table (a pyproject.toml without one is passed over); ``--config FILE``
instead of the search; ``--config 'key = value'`` for any key; the command's own flags. Unknown
keys and wrong types are errors naming the file and the key. Paths in a config file (rules pack,
baseline, suppressions) are relative to that file's folder.

Adding a setting is one change here: a field on ``Settings`` (type, default, description) is a
config key, a ``--config 'key = value'`` override and a line of ``--show-settings`` at once. The
resource limits are the one exception by design: they are defined once, in ``limits.Limits``
(name, default, meaning), and become settings fields here (``max-seconds = 30``) and command-line
flags in the CLI (``--max-seconds``) from that one definition.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal, get_type_hints

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model, field_validator

from .limits import DEFAULT_LIMITS, Limits

CONFIG_NAMES = ("nlp-audit.toml", ".nlp-audit.toml", "pyproject.toml")
PATH_KEYS = ("baseline", "suppressions")  # relative to the config file that sets them


def _kebab(name: str) -> str:
    return name.replace("_", "-")


def _codes(value: Any) -> Any:
    """'C001,S' or ['C001', 'S'] -> ['C001', 'S'] (upper-cased, blanks dropped)."""
    from .findings import parse_codes

    if isinstance(value, (str, list, tuple)):
        return parse_codes(value)
    return value


_CONFIG = ConfigDict(extra="forbid", alias_generator=_kebab, populate_by_name=True, frozen=True)


def _limit_fields() -> dict[str, Any]:
    """One settings field per ``Limits`` field: its type, default and doc, positive and finite."""
    hints = get_type_hints(Limits)
    return {
        f.name: (hints[f.name], Field(getattr(DEFAULT_LIMITS, f.name), gt=0, allow_inf_nan=False,
                                      description=f.metadata.get("doc", "")))
        for f in fields(Limits)
    }


class _CommonSettings(BaseModel):
    """Every setting of `nlp-audit check` but the limits, with its default and meaning."""

    model_config = _CONFIG

    select: list[str] = Field(default_factory=list, description="only these rule codes or families (C001, S)")
    ignore: list[str] = Field(default_factory=list, description="skip these rule codes or families")
    rules: str = Field("default", description="rule pack: a built-in name (default, hubei) or a YAML path")
    fail_on: Literal["error", "warning", "info", "never"] = Field(
        "error", description="exit 1 when a finding at or above this severity is reported")
    format: str = Field("text", description="text | json | jsonl | csv | xlsx | html | sarif")
    exclude: list[str] = Field(default_factory=list, description="globs of paths (relative to the run's root) "
                               "or file/folder names to leave out")
    embedder: str = Field("e5", description="e5 | tfidf | st:NAME_OR_PATH")
    jobs: int | None = Field(None, ge=0, description="worker processes (0 = one per core), each file in a worker "
                             "that is killed and replaced past max-seconds; not set: files run in this process")
    lang: Literal["zh", "en"] = Field("zh", description="language of the human-facing formats")
    baseline: str | None = Field(None, description="report only findings not in this baseline file")
    suppressions: str | None = Field(None, description="TOML file of suppressions, each with a reason")
    progress_delay: float = Field(1.0, ge=0, description="seconds a run lasts on a terminal before the "
                                  "progress bar appears")

    @property
    def limits(self) -> Limits:
        """The run's resource limits (see ``limits.Limits``)."""
        return Limits(**{f.name: getattr(self, f.name) for f in fields(Limits)}).validate()

    @field_validator("select", "ignore", mode="before")
    @classmethod
    def _split_codes(cls, value: Any) -> Any:
        return _codes(value)

    @field_validator("exclude", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("format")
    @classmethod
    def _known_format(cls, value: str) -> str:
        from . import formatters

        if value not in formatters.available():
            raise ValueError(f"unknown format {value!r}; choose from {', '.join(formatters.available())}")
        return value


Settings = create_model(
    "Settings", __base__=_CommonSettings, __module__=__name__,
    __doc__="Every setting of `nlp-audit check`: the common ones, then the limits (from ``Limits``).",
    **_limit_fields(),
)

KEYS = {_kebab(name): name for name in Settings.model_fields}


class SettingsError(Exception):
    """A config file or override that cannot be used: names the file (or option) and the key."""


@dataclass(slots=True)
class Resolved:
    """The effective settings and where each value came from ('default', a file, 'command line')."""

    settings: Settings
    sources: dict[str, str] = field(default_factory=dict)
    config_file: Path | None = None

    def show(self) -> str:
        """`--show-settings`: one TOML line per key, with its source as a comment."""
        import json

        lines = [f"# config file: {self.config_file if self.config_file else '(none found)'}"]
        data = self.settings.model_dump()
        width = max(len(k) for k in KEYS) + 3
        for key, name in KEYS.items():
            value = data[name]
            shown = "none" if value is None else json.dumps(value, ensure_ascii=False)
            lines.append(f"{key} = {shown}".ljust(width + 24) + f"  # {self.sources.get(name, 'default')}")
        return "\n".join(lines) + "\n"


def _table_of(path: Path) -> dict[str, Any] | None:
    """The nlp-audit table of a config file (None: a pyproject.toml without [tool.nlp-audit])."""
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path}: cannot read: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not TOML: {exc}") from exc
    if path.name == "pyproject.toml":
        table = doc.get("tool", {}).get("nlp-audit")
        if table is not None and not isinstance(table, dict):
            raise SettingsError(f"{path}: [tool.nlp-audit] must be a table")
        return table
    return doc


def find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The first config file in ``start`` (a folder, or a file's folder) or its parents."""
    here = start.resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                table = _table_of(candidate)
                if table is not None:
                    return candidate, table
    return None


def _validate(values: dict[str, Any], where: str) -> None:
    """Check the keys and types of one source alone, so the error names the source that is wrong."""
    unknown = [k for k in values if k not in KEYS and k not in KEYS.values()]
    if unknown:
        raise SettingsError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(KEYS)})")
    try:
        Settings.model_validate(values)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = _kebab(str(err["loc"][0])) if err["loc"] else "?"
        raise SettingsError(f"{where}: {key}: {err['msg'].removeprefix('Value error, ')}") from exc


def _normalise(values: dict[str, Any]) -> dict[str, Any]:
    return {KEYS.get(k, k): v for k, v in values.items()}


def _relative_paths(values: dict[str, Any], folder: Path) -> dict[str, Any]:
    out = dict(values)
    for key in PATH_KEYS:
        if isinstance(out.get(key), str):
            out[key] = str(folder / out[key])
    rules = out.get("rules")
    if isinstance(rules, str) and rules.endswith((".yaml", ".yml")) and not Path(rules).is_absolute():
        out["rules"] = str(folder / rules)
    return out


def parse_override(text: str) -> dict[str, Any]:
    """``--config 'key = value'`` (TOML syntax) -> {key: value}."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"--config {text!r}: not a 'key = value' TOML line: {exc}") from exc


def resolve(
    inputs: list[Path] | None = None,
    cli: dict[str, Any] | None = None,
    config: list[str] | None = None,
    isolated: bool = False,
) -> Resolved:
    """The effective settings for a run over ``inputs``.

    ``cli``: the flags given on the command line (None values are "not given"); ``config``: the
    ``--config`` values (a file path, or a 'key = value' override); ``isolated``: no config file.
    """
    merged: dict[str, Any] = {}
    sources: dict[str, str] = {}
    config_file: Path | None = None
    files = [c for c in (config or []) if "=" not in c or Path(c).is_file()]
    overrides = [c for c in (config or []) if c not in files]
    if len(files) > 1:
        raise SettingsError("--config: give at most one config file")
    found: tuple[Path, dict[str, Any]] | None = None
    if files:
        path = Path(files[0])
        if not path.is_file():
            raise SettingsError(f"--config {path}: no such file")
        table = _table_of(path)
        found = (path, table if table is not None else {})
    elif not isolated:
        start = Path(inputs[0]) if inputs else Path.cwd()
        found = find_config(start if start.exists() else Path.cwd())
    if found is not None:
        config_file, table = found
        _validate(table, str(config_file))
        values = _relative_paths(_normalise(table), config_file.parent)
        merged.update(values)
        sources.update(dict.fromkeys(values, str(config_file)))
    for text in overrides:
        values = parse_override(text)
        _validate(values, f"--config {text!r}")
        values = _normalise(values)
        merged.update(values)
        sources.update(dict.fromkeys(values, "--config"))
    given = {k: v for k, v in (cli or {}).items() if v is not None}
    if given:
        _validate(given, "command line")
        merged.update(_normalise(given))
        sources.update(dict.fromkeys(_normalise(given), "command line"))
    try:
        settings = Settings.model_validate(merged)
    except ValidationError as exc:  # pragma: no cover - every source was validated alone
        raise SettingsError(str(exc)) from exc
    return Resolved(settings, sources, config_file)
