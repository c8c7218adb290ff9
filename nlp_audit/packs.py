"""Rule packs: YAML files of weights, thresholds, lexicons, severities and sources.

A pack may ``extends:`` another and override only what differs (deep merge). Loading validates
the result and fails with the file, the key and the reason (``PackError``). The packs shipped with
the project live in the top-level ``rules/`` folder, installed as the ``nlp_audit.rulepacks`` package.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml


def _builtin_dir() -> Path:
    """rules/ beside the package in a checkout (editable install), else the installed copy."""
    checkout = Path(__file__).resolve().parent.parent / "rules"
    if (checkout / "default.yaml").exists():
        return checkout
    return Path(str(resources.files("nlp_audit.rulepacks")))


BUILTIN_DIR = _builtin_dir()
DEFAULT_PACK = "default"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class PackError(Exception):
    """A rule pack that cannot be used: names the file, the key and the reason."""


@dataclass(slots=True)
class RuleSettings:
    code: str
    severity: str
    enabled: bool = True
    source: str = ""
    params: dict[str, Any] = field(default_factory=dict)


_ABSENT = object()  # a dotted param the pack does not set (remembered like any other answer)


@dataclass(slots=True)
class RulePack:
    name: str
    path: str
    description: str
    params: dict[str, Any]
    lexicons: dict[str, Any]
    rules: dict[str, RuleSettings]
    # What the checks derive from this pack (resolved params, folded lexicons, verdicts keyed by
    # cell text), built on first use: checks ask the same questions for every row of every form.
    # It lives and dies with the pack, so two packs never share an answer. Packs are read-only
    # once loaded; build a new RulePack rather than editing one that was used.
    memo: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def param(self, dotted: str, default: Any = None) -> Any:
        """``pack.param("scoring.over_achievement_ratio")`` -> value, or default."""
        key = ("param", dotted)
        try:
            node = self.memo[key]
        except KeyError:
            node = self.memo[key] = self._lookup(dotted)
        return default if node is _ABSENT else node

    def __reduce__(self) -> tuple:
        """Pickled (for --jobs workers) and copied without the memo: it may hold this run's rule
        filter, which does not pickle, and every process builds its own answers anyway."""
        return (RulePack, (self.name, self.path, self.description, self.params, self.lexicons, self.rules))

    def _lookup(self, dotted: str) -> Any:
        node: Any = self.params
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                return _ABSENT
            node = node[part]
        return node

    def lexicon(self, name: str) -> list[str]:
        value = self.lexicons.get(name, [])
        return list(value) if isinstance(value, (list, tuple)) else [value]

    def rule(self, code: str) -> RuleSettings | None:
        return self.rules.get(code)


def builtin_packs() -> list[str]:
    return sorted(p.stem for p in BUILTIN_DIR.glob("*.yaml") if not p.stem.startswith("_"))


def _resolve(name_or_path: str, relative_to: Path | None = None) -> Path:
    candidate = Path(name_or_path)
    if candidate.suffix in (".yaml", ".yml"):
        if not candidate.is_absolute() and relative_to is not None and (relative_to / candidate).exists():
            return relative_to / candidate
        if candidate.exists():
            return candidate
        if (BUILTIN_DIR / candidate.name).exists():
            return BUILTIN_DIR / candidate.name
        raise PackError(f"{name_or_path}: rule pack file not found")
    builtin = BUILTIN_DIR / f"{name_or_path}.yaml"
    if builtin.exists():
        return builtin
    raise PackError(f"{name_or_path}: no such rule pack (built-in packs: {', '.join(builtin_packs())})")


def _merge(base: dict, over: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


# A pack given with --rules is untrusted text: it is measured before anything walks it. Real packs
# are a few kilobytes, a dozen levels deep, with a handful of anchors.
PACK_MAX_BYTES = 1024 * 1024
PACK_MAX_DEPTH = 64  # nesting of mappings and lists (libyaml's C loader crashes on deep nesting)
PACK_MAX_NODES = 100_000  # nodes once every alias is expanded (a 3 KB alias tree expands to billions)


def _read_yaml(path: Path) -> dict:
    trusted = _is_builtin(path)
    try:
        if not trusted:
            size = path.stat().st_size
            if size > PACK_MAX_BYTES:
                raise PackError(f"{path}: rule pack too large ({size:,} bytes > {PACK_MAX_BYTES:,})")
        with path.open("rb") as fh:
            raw = fh.read(PACK_MAX_BYTES + 1) if not trusted else fh.read()
        if len(raw) > PACK_MAX_BYTES and not trusted:
            raise PackError(f"{path}: rule pack too large (> {PACK_MAX_BYTES:,} bytes)")
        text = raw.decode("utf-8")
        if not trusted:
            _measure(path, text)
        # the C loader when PyYAML has it: packs and lexicons load on every cold start
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise PackError(f"{path}: not valid YAML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise PackError(f"{path}: not UTF-8 text: {exc.reason} at byte {exc.start}") from None
    except OSError as exc:
        raise PackError(f"{path}: cannot be read: {exc.strerror}") from None
    if not isinstance(data, dict):
        raise PackError(f"{path}: a rule pack must be a mapping at the top level")
    return data


def _is_builtin(path: Path) -> bool:
    try:
        return path.resolve().parent in (BUILTIN_DIR.resolve(), (BUILTIN_DIR / "lexicons").resolve())
    except OSError:
        return False


def _measure(path: Path, text: str) -> None:
    """PackError when the YAML nests deeper than PACK_MAX_DEPTH, expands past PACK_MAX_NODES through
    its aliases, or refers to an anchor from inside itself; measured on the pure-Python parser's
    event stream, which keeps its own stack (no recursion), before any loader builds a node."""
    open_frames: list[list] = [[None, 0]]  # [anchor, expanded node count] per open collection
    sizes: dict[str, int] = {}
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            open_frames.append([event.anchor, 1])
            if len(open_frames) - 1 > PACK_MAX_DEPTH:
                raise PackError(f"{path}: nested deeper than {PACK_MAX_DEPTH} levels (line {event.start_mark.line + 1})")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            anchor, count = open_frames.pop()
            if anchor is not None:
                sizes[anchor] = count
            _add(path, open_frames, count)
        elif isinstance(event, yaml.ScalarEvent):
            if event.anchor is not None:
                sizes[event.anchor] = 1
            _add(path, open_frames, 1)
        elif isinstance(event, yaml.AliasEvent):
            if any(frame[0] == event.anchor for frame in open_frames):
                raise PackError(f"{path}: alias *{event.anchor} refers to its own anchor (recursive)")
            _add(path, open_frames, sizes.get(event.anchor, 1))


def _add(path: Path, open_frames: list[list], count: int) -> None:
    open_frames[-1][1] += count
    total = sum(frame[1] for frame in open_frames)
    if total > PACK_MAX_NODES:
        raise PackError(f"{path}: aliases expand to more than {PACK_MAX_NODES:,} nodes")


def _load_raw(path: Path, seen: tuple[Path, ...] = ()) -> dict:
    if path in seen:
        raise PackError(f"{path}: 'extends' forms a cycle")
    data = _read_yaml(path)
    parent = data.pop("extends", None)
    if parent:
        base = _load_raw(_resolve(str(parent), path.parent), seen + (path,))
        data = _merge(base, data)
    return data


def _validate(path: Path, data: dict, known_codes: set[str]) -> RulePack:
    from .findings import SEVERITY_RANK

    rules: dict[str, RuleSettings] = {}
    raw_rules = data.get("rules", {}) or {}
    if not isinstance(raw_rules, dict):
        raise PackError(f"{path}: key 'rules' must be a mapping of rule code -> settings")
    for code, settings in raw_rules.items():
        if known_codes and code not in known_codes:
            raise PackError(f"{path}: rules.{code}: unknown rule code")
        settings = settings or {}
        if not isinstance(settings, dict):
            raise PackError(f"{path}: rules.{code}: settings must be a mapping")
        severity = settings.get("severity", "warning")
        if severity not in SEVERITY_RANK:
            raise PackError(f"{path}: rules.{code}.severity: {severity!r} is not one of info, warning, error")
        params = settings.get("params", {}) or {}
        if not isinstance(params, dict):
            raise PackError(f"{path}: rules.{code}.params: must be a mapping")
        rules[code] = RuleSettings(
            code=code,
            severity=severity,
            enabled=bool(settings.get("enabled", True)),
            source=str(settings.get("source", "")),
            params=params,
        )
    params = data.get("params", {}) or {}
    lexicons = data.get("lexicons", {}) or {}
    for key, value in (("params", params), ("lexicons", lexicons)):
        if not isinstance(value, dict):
            raise PackError(f"{path}: key '{key}' must be a mapping")
    _check_numbers(path, "params", params)
    return RulePack(
        name=str(data.get("name", path.stem)),
        path=str(path),
        description=str(data.get("description", "")),
        params=params,
        lexicons=lexicons,
        rules=rules,
    )


def _check_numbers(path: Path, prefix: str, node: Any) -> None:
    """Thresholds, weights and tolerances must be numbers: catch '0.3O' typos at load time."""
    if isinstance(node, dict):
        for key, value in node.items():
            _check_numbers(path, f"{prefix}.{key}", value)
    elif isinstance(node, str) and any(w in prefix for w in ("threshold", "tolerance", "ratio", "weight")):
        raise PackError(f"{path}: {prefix}: expected a number, got {node!r}")


@lru_cache(maxsize=16)
def load_pack(name_or_path: str = DEFAULT_PACK) -> RulePack:
    """Load and validate a pack by built-in name ("default", "hubei") or path to a YAML file.

    Any failure is a PackError naming the file and the reason, never another exception."""
    from .checks.registry import all_codes

    path = _resolve(name_or_path)
    try:
        data = _load_raw(path)
        return _validate(path, data, set(all_codes()))
    except PackError:
        raise
    except (RecursionError, MemoryError) as exc:
        raise PackError(f"{path}: rule pack too deep or too large to load ({type(exc).__name__})") from None
    except Exception as exc:  # noqa: BLE001 - a hostile pack must be exit 2 with a reason, not a traceback
        raise PackError(f"{path}: cannot be used: {type(exc).__name__}: {exc}") from None


@lru_cache(maxsize=8)
def load_lexicon_file(name: str) -> dict[str, Any]:
    """A shared lexicon file under rules/lexicons/ (quantities.yaml, layout.yaml...)."""
    path = BUILTIN_DIR / "lexicons" / name
    return _read_yaml(path)
