"""Which province and county a form comes from, read from its own header (title, project, units).

Why a small lexicon and no gazetteer: researchers group forms by province first, and the 34
provincial-level names are few and unambiguous; counties are thousands, so the county is read from
the administrative chain at the start of 实施单位 / 主管部门 ('毕节市金沙县民政局' -> 金沙县) with the
suffix rules of rules/lexicons/regions.yaml, best effort. A county-level form that never names its
province leaves the province empty rather than guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..text import fold

LEXICON_FILE = "regions.yaml"


@dataclass(frozen=True, slots=True)
class _Regions:
    full: tuple[str, ...]  # official names, longest first
    short: tuple[tuple[str, str], ...]  # (short name, official name), longest first
    noise: tuple[str, ...]
    short_blocked: tuple[str, ...]
    link: re.Pattern[str]  # one link of the administrative chain
    county_suffixes: tuple[str, ...]
    city_suffixes: tuple[str, ...]
    false_links: tuple[str, ...]


@lru_cache(maxsize=1)
def _regions() -> _Regions:
    from ..packs import load_lexicon_file

    data = load_lexicon_file(LEXICON_FILE)
    provinces = {str(k): [str(s) for s in (v or [])] for k, v in (data.get("provinces") or {}).items()}
    county = [str(s) for s in data.get("county_suffixes", [])]
    city = [str(s) for s in data.get("city_suffixes", [])]
    prefecture = [str(s) for s in data.get("prefecture_suffixes", [])]
    blocked = {str(k): [str(c) for c in v] for k, v in (data.get("blocked_after") or {}).items()}
    suffixes = sorted(county + city + prefecture, key=len, reverse=True)
    alternatives = "|".join(
        re.escape(s) + (f"(?![{''.join(map(re.escape, blocked[s]))}])" if blocked.get(s) else "") for s in suffixes
    )
    longest = int(data.get("link_max_name", 8))
    link = re.compile(rf"[\u4e00-\u9fff]{{2,{longest}}}?(?:{alternatives})")
    return _Regions(
        full=tuple(sorted(provinces, key=len, reverse=True)),
        short=tuple(sorted(((s, k) for k, v in provinces.items() for s in v), key=lambda p: -len(p[0]))),
        noise=tuple(sorted((str(s) for s in data.get("leading_noise", [])), key=len, reverse=True)),
        short_blocked=tuple(str(s) for s in data.get("short_name_blocked", [])),
        link=link,
        county_suffixes=tuple(sorted(county, key=len, reverse=True)),
        city_suffixes=tuple(city),
        false_links=tuple(str(s) for s in data.get("false_links", [])),
    )


# codes, brackets and notes before the name: '414003-柘城县…', '[155]灵璧县…', '(盖章):某市…'
_LEADING_JUNK = re.compile(r"^(?:[^\u4e00-\u9fff（(]+|[（(][^）)]*[）)])+")


def _strip_noise(text: str, regions: _Regions) -> str:
    text = _LEADING_JUNK.sub("", text)
    for word in regions.noise:
        if text.startswith(word):
            return text[len(word):]
    return text


def _folded(text: str | None) -> str:
    return "".join(fold(text or "").split())


def province_of(*fields: str | None) -> str | None:
    """The official name of the province the fields name, or None.

    ``fields`` in order of trust (title, project, department, unit): the first field holding an
    official name decides; failing that, a short name at the very start of a field.
    """
    regions = _regions()
    texts = [_folded(f) for f in fields]
    for text in texts:
        hits = [(text.find(name), name) for name in regions.full if name in text]
        if hits:
            return min(hits)[1]
    for text in texts:
        text = _strip_noise(text, regions)
        for short, official in regions.short:
            if text.startswith(short) and not any(text.startswith(b) for b in regions.short_blocked):
                return official
    return None


def county_of(*fields: str | None) -> str | None:
    """The county (县/区/旗, else 市) named by the administrative chain leading one of ``fields``."""
    regions = _regions()
    for field in fields:
        text = _strip_noise(_folded(field), regions)
        text = _strip_province(text, regions)
        links = _chain(text, regions)
        county = next((ln for ln in reversed(links) if ln.endswith(regions.county_suffixes)), None)
        if county is None:
            county = next((ln for ln in reversed(links) if ln.endswith(regions.city_suffixes)), None)
        if county is not None:
            return county
    return None


def _strip_province(text: str, regions: _Regions) -> str:
    for name in regions.full:
        if text.startswith(name):
            return text[len(name):]
    for short, _official in regions.short:
        if text.startswith(short) and not any(text.startswith(b) for b in regions.short_blocked):
            return text[len(short):]
    return text


def _chain(text: str, regions: _Regions) -> list[str]:
    """The links of the administrative chain at the start of ``text`` ('毕节市', '金沙县')."""
    links: list[str] = []
    pos = 0
    while True:
        m = regions.link.match(text, pos)
        if m is None or m.group().endswith(regions.false_links):
            return links
        links.append(m.group())
        pos = m.end()
