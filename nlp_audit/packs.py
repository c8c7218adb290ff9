"""Rule packs: YAML files of weights, thresholds, lexicons, severities and sources.

A pack may ``extends:`` another and override only what differs (deep merge). Every file is
validated on its own before the merge, so an error names the file that holds the bad key: an
unknown key anywhere (top level, ``params``, a rule's settings or parameters, a lexicon), a value of
the wrong type or out of its bounds (nlp_audit/params.py) is a ``PackError`` with the file, the key
and the reason. Parameters are typed: ``pack.settings`` (pack-wide) and ``pack.rule_params(code)``
(a rule's own), with the defaults of nlp_audit/params.py and of each rule's dataclass. The packs
shipped with the project live in the top-level ``rules/`` folder, installed as the
``nlp_audit.rulepacks`` package.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .params import PackParams, ParamError, build


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


# A pack file's top-level keys, a rule's settings, and the lexicon files a pack may overlay
# (``lexicons: {narrative: {...}}``). Not overlaid: the layout and quantity lexicons (the parse and the
# grammar take no pack).
TOP_KEYS = ("name", "description", "extends", "params", "lexicons", "rules")
RULE_KEYS = ("severity", "enabled", "source", "params")
OVERLAY_FILES = {"narrative": "narrative.yaml", "writing": "writing.yaml", "claims": "claims.yaml",
                 "indicators": "indicators.yaml"}


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

    @property
    def settings(self) -> PackParams:
        """The pack-wide parameters, typed (``params:`` over the defaults of nlp_audit/params.py)."""
        found = self.memo.get("settings")
        if found is None:
            found = self.memo["settings"] = build(PackParams, self.params, "params")
        return found

    def rule_params(self, code: str) -> Any:
        """The typed parameters of rule ``code`` (its dataclass over ``rules.CODE.params``), or None
        for a rule that takes none."""
        key = ("rule_params", code)
        if key not in self.memo:
            from .checks.registry import get_spec

            spec = get_spec(code)
            settings = self.rules.get(code)
            raw = settings.params if settings is not None else {}
            self.memo[key] = (build(spec.params, raw, f"rules.{code}.params")
                              if spec is not None and spec.params is not None else None)
        return self.memo[key]

    def __reduce__(self) -> tuple:
        """Pickled (for --jobs workers) and copied without the memo: it may hold this run's rule
        filter, which does not pickle, and every process builds its own answers anyway."""
        return (RulePack, (self.name, self.path, self.description, self.params, self.lexicons, self.rules))

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
    _check_file(path, data)
    parent = data.pop("extends", None)
    if parent:
        base = _load_raw(_resolve(str(parent), path.parent), seen + (path,))
        data = _merge(base, data)
    return data


def _check_file(path: Path, data: dict) -> None:
    """Every key of one pack file is known and every value usable (before any merge, so the error
    names this file)."""
    from .checks.registry import get_spec

    for key in data:
        if key not in TOP_KEYS:
            raise PackError(f"{path}: {key}: unknown key (a pack has {', '.join(TOP_KEYS)})")
    for key in ("params", "lexicons", "rules"):
        if data.get(key) is not None and not isinstance(data[key], dict):
            raise PackError(f"{path}: key '{key}' must be a mapping")
    try:
        build(PackParams, data.get("params") or {}, "params")
    except ParamError as exc:
        raise PackError(f"{path}: {exc}") from None
    for code, settings in (data.get("rules") or {}).items():
        spec = get_spec(str(code))
        if spec is None or spec.code != code:
            raise PackError(f"{path}: rules.{code}: unknown rule code")
        settings = settings or {}
        if not isinstance(settings, dict):
            raise PackError(f"{path}: rules.{code}: settings must be a mapping")
        for key in settings:
            if key not in RULE_KEYS:
                raise PackError(f"{path}: rules.{code}.{key}: unknown key (a rule has {', '.join(RULE_KEYS)})")
        _check_rule(path, code, settings, spec)
    _check_lexicons(path, data.get("lexicons") or {})


def _check_rule(path: Path, code: str, settings: dict, spec: Any) -> None:
    from .findings import SEVERITY_RANK

    if "severity" in settings and settings["severity"] not in SEVERITY_RANK:
        raise PackError(f"{path}: rules.{code}.severity: {settings['severity']!r} is not one of info, warning, error")
    if "enabled" in settings and not isinstance(settings["enabled"], bool):
        raise PackError(f"{path}: rules.{code}.enabled: expected true or false, got {settings['enabled']!r}")
    params = settings.get("params") or {}
    if not isinstance(params, dict):
        raise PackError(f"{path}: rules.{code}.params: must be a mapping")
    if params and spec.params is None:
        raise PackError(f"{path}: rules.{code}.params.{next(iter(params))}: unknown parameter ({code} takes none)")
    if spec.params is not None:
        try:
            build(spec.params, params, f"rules.{code}.params")
        except ParamError as exc:
            raise PackError(f"{path}: {exc}") from None


def _check_lexicons(path: Path, lexicons: dict) -> None:
    """Lexicon names the checks know (those of the default pack, and the overlay files), each of the
    shape it has there (a list of words, or a mapping)."""
    known = _default_lexicons()
    for name, value in lexicons.items():
        if name in OVERLAY_FILES:
            base = load_lexicon_file(OVERLAY_FILES[name])
            if not isinstance(value, dict):
                raise PackError(f"{path}: lexicons.{name}: must be a mapping of {OVERLAY_FILES[name]} keys")
            for key, entry in value.items():
                if key not in base and not (name == "narrative" and key == "trad_to_simp"):
                    raise PackError(f"{path}: lexicons.{name}.{key}: unknown key of rules/lexicons/{OVERLAY_FILES[name]}")
                _same_shape(path, f"lexicons.{name}.{key}", base.get(key), entry)
            continue
        if name not in known:
            raise PackError(f"{path}: lexicons.{name}: unknown lexicon")
        _same_shape(path, f"lexicons.{name}", known[name], value)


def _same_shape(path: Path, key: str, base: Any, value: Any) -> None:
    if isinstance(base, list) and not isinstance(value, list):
        raise PackError(f"{path}: {key}: must be a list")
    if isinstance(base, dict) and not isinstance(value, dict):
        raise PackError(f"{path}: {key}: must be a mapping")


@lru_cache(maxsize=1)
def _default_lexicons() -> dict[str, Any]:
    return dict(_read_yaml(BUILTIN_DIR / f"{DEFAULT_PACK}.yaml").get("lexicons") or {})


def _validate(path: Path, data: dict) -> RulePack:
    """The merged pack (each file was checked by _check_file) as a RulePack with typed settings."""
    rules: dict[str, RuleSettings] = {}
    for code, settings in (data.get("rules") or {}).items():
        settings = settings or {}
        rules[code] = RuleSettings(
            code=code,
            severity=settings.get("severity", _registered_severity(code)),
            enabled=bool(settings.get("enabled", True)),
            source=str(settings.get("source", "")),
            params=dict(settings.get("params") or {}),
        )
    pack = RulePack(
        name=str(data.get("name", path.stem)),
        path=str(path),
        description=str(data.get("description", "")),
        params=dict(data.get("params") or {}),
        lexicons=dict(data.get("lexicons") or {}),
        rules=rules,
    )
    try:
        _ = pack.settings
        for code in rules:
            pack.rule_params(code)
    except ParamError as exc:  # values valid per file may still clash once merged
        raise PackError(f"{path}: {exc}") from None
    return pack


def _registered_severity(code: str) -> str:
    from .checks.registry import get_spec

    spec = get_spec(code)
    return spec.severity if spec is not None else "warning"


@lru_cache(maxsize=16)
def load_pack(name_or_path: str = DEFAULT_PACK) -> RulePack:
    """Load and validate a pack by built-in name ("default", "hubei") or path to a YAML file.

    Any failure is a PackError naming the file and the reason, never another exception."""
    path = _resolve(name_or_path)
    try:
        data = _load_raw(path)
        return _validate(path, data)
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
