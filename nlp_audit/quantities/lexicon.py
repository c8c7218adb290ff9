"""The quantity lexicons (rules/lexicons/quantities.yaml), loaded once and compiled for the grammar.

Loaded lazily on first use, so ``import nlp_audit.quantities`` stays cheap (cold start budget):
the YAML read and the regex compilation happen once per process and are cached.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

LEXICON_FILE = "quantities.yaml"


def _lexicon_path() -> Path:
    from ..packs import BUILTIN_DIR

    return BUILTIN_DIR / "lexicons" / LEXICON_FILE


def _alt(words) -> str:
    """Regex alternation, longest first (so 及以上 wins over 以上)."""
    ws = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w) for w in ws)


def _round_alt(kinds: dict[str, str], not_after: dict[str, str]) -> str:
    """Alternation of round-number prefixes, each guarded by the characters that must not precede it."""
    parts = []
    for w in sorted(kinds, key=lambda w: (-len(w), w)):
        bad = str(not_after.get(w) or "")
        # the word first, then the look-behind: most positions fail on the word's first character at once
        guard = f"(?<![{re.escape(bad)}]{re.escape(w)})" if bad else ""
        parts.append(re.escape(w) + guard)
    return "|".join(parts)


@dataclass(frozen=True, slots=True)
class Lexicon:
    raw: dict[str, Any]
    table: dict[int, str]  # str.translate table, 1 char -> 1 char
    symbol_ops: dict[str, str]  # "≥" -> ">="
    garbled_ops: dict[str, str]
    prefix_ops: dict[str, str]  # "不少于" -> ">="
    suffix_ops: dict[str, str]  # "以上" -> ">="
    more_than: frozenset[str]
    approx_prefix: frozenset[str]
    approx_suffix: frozenset[str]
    below_approx: frozenset[str]
    magnitudes: dict[str, float]
    unit_alias: dict[str, str]  # alias -> canonical
    money: dict[str, float]  # canonical money unit -> factor to 万元
    scaled: dict[str, tuple[float, str]]
    event_units: frozenset[str]
    duration_units: frozenset[str]
    period_prefix: dict[str, str]  # "每月" -> "月"
    period_suffix: dict[str, str]  # "/年" -> "年"
    money_context: re.Pattern
    qualitative: dict[str, str]  # variant -> canonical
    placeholders: frozenset[str]
    share_words: dict[str, tuple[float, str | None]]
    idioms: re.Pattern | None
    relative_verbs: re.Pattern
    change_from: frozenset[str]
    change_up: tuple[str, ...]
    change_down: tuple[str, ...]
    change_to: frozenset[str]
    range_seps: frozenset[str]
    deadline_suffix: tuple[str, ...]
    round_kind: dict[str, str]  # "近" -> "below", "数" -> "range" (round-number words: 近百, 数十)
    round_mags: dict[str, float]  # "百" -> 100
    alts: dict[str, str]  # regex alternations by name
    currency_prefix: dict[str, str]  # "￥" -> "元": currency written before the number
    range_joiners: tuple[str, ...]  # 且, 并且, ",": between the two bounds of "大于10且小于20"
    between_open: tuple[str, ...]  # 介于 / 在 ... 之间
    between_seps: tuple[str, ...]
    between_close: tuple[str, ...]
    range_holders: tuple[str, ...]  # 控制在: "at most" alone, only "where" before a range (控制在50到80人之间)


def _invert(groups: dict[str, list[str]]) -> dict[str, str]:
    return {w: key for key, words in (groups or {}).items() for w in (words or [])}


def _translate_table(raw: dict[str, Any]) -> dict[int, str]:
    from ..nlp.fold import traditional

    keep = set(raw.get("keep_fullwidth") or [])
    table: dict[int, str] = {}
    for cp in range(0xFF01, 0xFF5F):  # full-width ASCII block -> ASCII
        if chr(cp) not in keep:
            table[cp] = chr(cp - 0xFEE0)
    for src, dst in (raw.get("lookalikes") or {}).items():
        if len(src) == 1 and len(dst) == 1:
            table[ord(src)] = dst
    table.update(traditional())  # the shared table (nlp/fold.py), then this lexicon's own pairs
    for pair in str(raw.get("traditional") or "").split():
        if len(pair) == 2 and pair[0] != pair[1]:
            table[ord(pair[0])] = pair[1]
    return table


def build(raw: dict[str, Any]) -> Lexicon:
    """Compile a raw lexicon mapping (the YAML) into lookup tables and regex alternations."""
    table = _translate_table(raw)
    norm = lambda w: str(w).translate(table)  # noqa: E731 - lexicon words normalised like the text
    normd = lambda d: {norm(k): v for k, v in d.items()}  # noqa: E731
    symbol_ops = normd(_invert(raw.get("symbol_comparators")))
    prefix_ops = normd(_invert(raw.get("prose_prefix")))
    suffix_ops = normd(_invert(raw.get("prose_suffix")))
    unit_alias: dict[str, str] = {}
    for canon, aliases in (raw.get("units") or {}).items():
        unit_alias[norm(canon)] = str(canon)
        for a in aliases or []:
            unit_alias[norm(a)] = str(canon)
    period_prefix = normd(_invert(raw.get("periods")))
    period_suffix = normd(_invert(raw.get("period_suffix")))
    qual: dict[str, str] = {}
    for canon, variants in (raw.get("qualitative") or {}).items():
        qual[norm(canon)] = str(canon)
        for v in variants or []:
            qual.setdefault(norm(v), str(canon))
    share = {norm(k): (float(v[0]), v[1]) for k, v in (raw.get("share_words") or {}).items()
             if isinstance(v, list) and v and v[0] is not None}
    idioms = [norm(w) for key in ("idioms", "date_idioms", "place_idioms") for w in raw.get(key) or []]
    round_kind = _invert(raw.get("round_prefix"))
    approx_prefix = [norm(w) for w in raw.get("approx_prefix") or []]
    alts = {
        "symbol": _alt(symbol_ops) + "|" + _alt(raw.get("garbled_comparators") or {}),
        "prefix": _alt(prefix_ops),
        "suffix": _alt(suffix_ops),
        "more": _alt(raw.get("more_than_suffix") or []),
        "approx_pre": _round_alt({w: "" for w in approx_prefix}, raw.get("approx_not_after") or {}),
        "approx_suf": _alt(raw.get("approx_suffix") or []),
        "mag": _alt(raw.get("magnitudes") or {}),
        # 方 is a unit (cubic metres) only after 万 (50万方); alone it is a side or a party (三方协议)
        "unit": _alt(unit_alias) + "|(?<=万)方",
        "period_pre": _alt(period_prefix),
        "period_suf": _alt(period_suffix),
        "share": _alt(share),
        "deadline": _alt(raw.get("deadline_suffix") or []),
        "label": _alt(norm(w) for w in raw.get("label_words") or []),
        "round_pre": _round_alt(round_kind, raw.get("round_not_after") or {}),
        "round_mag": _alt(raw.get("round_magnitudes") or {}),
        # after a space only words of two characters or more: "90% 以上" is one phrase, but in
        # space-separated table text "10 内容" is a number and the next cell, not "10以内"
        "suffix_long": _alt(w for w in suffix_ops if len(w) > 1),
        "approx_suf_long": _alt(w for w in raw.get("approx_suffix") or [] if len(w) > 1),
    }
    return Lexicon(
        raw=raw,
        table=table,
        symbol_ops=symbol_ops,
        garbled_ops=dict(raw.get("garbled_comparators") or {}),
        prefix_ops=prefix_ops,
        suffix_ops=suffix_ops,
        more_than=frozenset(raw.get("more_than_suffix") or []),
        approx_prefix=frozenset(approx_prefix),
        approx_suffix=frozenset(raw.get("approx_suffix") or []),
        below_approx=frozenset(raw.get("below_approx") or []),
        magnitudes={str(k): float(v) for k, v in (raw.get("magnitudes") or {}).items()},
        unit_alias=unit_alias,
        money={str(k): float(v) for k, v in (raw.get("money_units") or {}).items()},
        scaled={str(k): (float(v[0]), str(v[1])) for k, v in (raw.get("scaled_units") or {}).items()},
        event_units=frozenset(raw.get("event_units") or []),
        duration_units=frozenset(raw.get("duration_units") or []),
        period_prefix=period_prefix,
        period_suffix=period_suffix,
        money_context=re.compile(_alt(norm(w) for w in raw.get("money_context") or [])),
        qualitative=qual,
        placeholders=frozenset(norm(w) for w in raw.get("placeholders") or []),
        share_words=share,
        idioms=re.compile(_alt(idioms)) if idioms else None,
        relative_verbs=re.compile("(?:同比|环比)?(?:" + _alt(norm(w) for w in raw.get("relative_verbs") or []) + ")了?$"),
        change_from=frozenset(raw.get("change_from") or []),
        change_up=tuple(raw.get("change_up") or []),
        change_down=tuple(raw.get("change_down") or []),
        change_to=frozenset(raw.get("change_to") or []),
        range_seps=frozenset(norm(w) for w in raw.get("range_separators") or []),
        deadline_suffix=tuple(raw.get("deadline_suffix") or []),
        round_kind=round_kind,
        round_mags={str(k): float(v) for k, v in (raw.get("round_magnitudes") or {}).items()},
        alts=alts,
        currency_prefix={norm(k): str(v) for k, v in (raw.get("currency_prefix") or {}).items()},
        range_joiners=tuple(norm(w) for w in raw.get("range_joiners") or []),
        between_open=tuple(norm(w) for w in raw.get("between_open") or []),
        between_seps=tuple(norm(w) for w in raw.get("between_seps") or []),
        between_close=tuple(norm(w) for w in raw.get("between_close") or []),
        range_holders=tuple(norm(w) for w in raw.get("range_holders") or []),
    )


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The shipped lexicon, read once (C YAML loader when available: it is on the cold-start path)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    raw = yaml.load(_lexicon_path().read_text(encoding="utf-8"), Loader=loader) or {}
    return build(raw)


def normalize(text: str) -> str:
    """Full-width -> ASCII, look-alike comparators -> ≥ ≤ =, traditional -> simplified; same length."""
    from ..text import translate

    return translate(text, lexicon().table)
