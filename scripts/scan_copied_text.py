"""Find text of the real excerpts (../shared/real-dev) that was copied into the repository.

The real excerpts are for development and evaluation only; fixtures, corpus files and code examples
must be invented (the seeds under ../shared/seeds may be copied). This scan compares character
n-grams: every run of repository text that also occurs in a real excerpt is printed with its file,
line, the run (consecutive hit grams merged) and the excerpt it comes from (file:line).

Not reported, because it is the national templates' own vocabulary: grams found in the seeds or in
real excerpts of two or more unrelated places (MANIFEST.tsv's region; same province and city =
related), and runs made wholly of such vocabulary (a header row is the same labels in an order only
one excerpt may have). What remains and is still legitimate — a label or an instruction printed on
the official forms — is listed with its reason in the allow-list, scripts/copied_text_allow.toml.

Texts are compared after NFKC, traditional -> simplified folding, and dropping whitespace, cell bars,
ASCII quotes and backslash escapes, so a copy re-typed with other separators, split over two string
literals, escaped in JSON or converted to simplified characters is still found.

    python scripts/scan_copied_text.py [-n 12] [--shared ../shared] [--allow FILE] [--no-allow] [PATH...]

Exit 0: nothing found (or no ../shared/real-dev: nothing to compare with, said on stdout); 1: hits.
"""

from __future__ import annotations

import argparse
import csv
import re
import subprocess
import sys
import tomllib
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from nlp_audit.text import traditional

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ALLOW = ROOT / "scripts" / "copied_text_allow.toml"
TEXT_SUFFIXES = {".py", ".txt", ".md", ".yaml", ".yml", ".json", ".jsonl", ".tsv", ".csv", ".html", ".j2",
                 ".js", ".css", ".toml", ".sh", ".cfg", ".ini", ""}
ZIPPED_SUFFIXES = {".docx", ".xlsx"}  # their text is in XML parts
CJK_SHARE = 0.75  # a gram must be mostly Chinese: digits and punctuation alone are no copied text
PIECE = 4  # length of the template pieces a run of labels is made of
EDGE = 2  # characters at either end of a label run that may be the first word of the (invented) text after it
_DROPPED = frozenset("\"'`|│")


@dataclass(frozen=True)
class Flat:
    """A text as compared, and each kept character's line in the original."""

    text: str
    lines: tuple[int, ...]


@dataclass(frozen=True)
class Hit:
    path: str
    line: int
    run: str
    excerpt: str
    excerpt_line: int


@dataclass
class AllowList:
    """Texts that may stay, each with its reason; a run they cover (in PIECE-long pieces) is not reported."""

    texts: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    pieces: dict[str, set[int]] = field(default_factory=dict)
    used: set[int] = field(default_factory=set)

    @classmethod
    def load(cls, path: Path) -> AllowList:
        """[[allow]] text = "…", reason = "…" entries; an entry without a reason is an error."""
        out = cls()
        if not path.exists():
            return out
        for i, entry in enumerate(tomllib.loads(path.read_text(encoding="utf-8")).get("allow", []), 1):
            text, reason = str(entry.get("text", "")), str(entry.get("reason", "")).strip()
            if not text.strip() or not reason:
                raise SystemExit(f"{path}: entry {i} needs a text and a reason")
            k = len(out.texts)
            out.texts.append(flatten(text).text)
            out.reasons.append(reason)
            for _, piece in _grams(out.texts[-1], PIECE):
                out.pieces.setdefault(piece, set()).add(k)
        return out


class _Kept(dict):
    """str.translate table: what each character compares as (NFKC of its simplified form; whitespace,
    cell bars and ASCII quotes dropped), filled in as characters are met."""

    def __missing__(self, code: int) -> str:
        kept = "".join(c for c in unicodedata.normalize("NFKC", chr(code).translate(traditional()))
                       if not (c.isspace() or c in _DROPPED))
        self[code] = kept
        return kept


_KEPT = _Kept()
_ESCAPE = re.compile(r"\\[nrt]?")


def flatten(text: str) -> Flat:
    """The text as compared (backslash escapes out, then every character through _KEPT), line by line."""
    parts: list[str] = []
    lines: list[int] = []
    for number, line in enumerate(text.split("\n"), 1):
        kept = _ESCAPE.sub("", line).translate(_KEPT)
        parts.append(kept)
        lines.extend([number] * len(kept))
    return Flat("".join(parts), tuple(lines))


def _grams(text: str, n: int) -> Iterator[tuple[int, str]]:
    for i in range(len(text) - n + 1):
        yield i, text[i:i + n]


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _mostly_chinese(gram: str) -> bool:
    return sum(map(_is_cjk, gram)) >= len(gram) * CJK_SHARE


def _place_key(region: str) -> str:
    """Province and city of a MANIFEST region ('安徽六安霍山县(医疗保障局)' -> '安徽六安')."""
    return region.split("(")[0][:4]


def _places(real_dev: Path) -> dict[str, str]:
    manifest = real_dev / "MANIFEST.tsv"
    if not manifest.exists():
        return {}
    with manifest.open(encoding="utf-8", newline="") as fh:
        return {row["file"]: _place_key(row.get("region") or row["file"]) for row in csv.DictReader(fh, delimiter="\t")}


def _common(texts: list[tuple[str, str]], seeds: list[str], n: int) -> set[str]:
    """Grams of length n in any seed or in the texts (place, text) of two or more places."""
    place_of: dict[str, str] = {}
    common: set[str] = set()
    for place, text in texts:
        for _, gram in _grams(text, n):
            if place_of.setdefault(gram, place) != place:
                common.add(gram)
    for seed in seeds:
        common.update(g for _, g in _grams(seed, n))
    return common


class Reference:
    """The real excerpts' grams (with where each first occurs) and the template pieces."""

    def __init__(self, shared: Path, n: int) -> None:
        self.n = n
        real_dev = shared / "real-dev"
        places = _places(real_dev)
        excerpts = {p.name: flatten(p.read_text(encoding="utf-8", errors="replace")) for p in sorted(real_dev.glob("*.txt"))}
        seeds = [flatten(p.read_text(encoding="utf-8", errors="replace")).text
                 for p in sorted((shared / "seeds").rglob("*")) if p.is_file()]
        by_place = [(places.get(name, name), flat.text) for name, flat in excerpts.items()]
        self.template = _common(by_place, seeds, PIECE)
        common = _common(by_place, seeds, n)
        self.origin: dict[str, tuple[str, int]] = {}
        for name, flat in excerpts.items():
            for i, gram in _grams(flat.text, n):
                if gram not in common and gram not in self.origin and _mostly_chinese(gram):
                    self.origin[gram] = (name, flat.lines[i])

    def covered(self, run: str, allow: AllowList | None = None) -> bool:
        """Whether every Chinese character of the run lies in a template (or allowed) piece inside it,
        but for at most EDGE characters at its ends. Digits and signs are values, no text of their own."""
        cov = [not _is_cjk(ch) for ch in run]
        for i, piece in _grams(run, PIECE):
            if piece in self.template or (allow is not None and piece in allow.pieces):
                cov[i:i + PIECE] = [True] * PIECE
        return all(cov[EDGE:len(cov) - EDGE]) and cov.count(False) <= EDGE


def scan_text(label: str, text: str, ref: Reference, allow: AllowList) -> list[Hit]:
    """Hits of one text: runs of overlapping real-excerpt grams that are neither template nor allowed."""
    flat, n = flatten(text), ref.n
    t, origin = flat.text, ref.origin
    at = [i for i in range(len(t) - n + 1) if t[i:i + n] in origin]
    hits: list[Hit] = []
    start = 0
    while start < len(at):
        end = start
        while end + 1 < len(at) and at[end + 1] <= at[end] + n:
            end += 1
        first, run = at[start], flat.text[at[start]:at[end] + n]
        start = end + 1
        if ref.covered(run):
            continue
        if ref.covered(run, allow):
            allow.used.update(k for _, piece in _grams(run, PIECE) for k in allow.pieces.get(piece, ()))
            continue
        excerpt, excerpt_line = ref.origin[flat.text[first:first + n]]
        hits.append(Hit(label, flat.lines[first], run, excerpt, excerpt_line))
    return hits


def repository_files(root: Path) -> list[Path]:
    """Tracked and untracked-but-not-ignored files (git), else every file under the root."""
    try:
        out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                             cwd=root, capture_output=True, check=True).stdout.decode()
        files = [root / p for p in out.split("\0") if p]
    except (OSError, subprocess.CalledProcessError):
        files = [p for p in root.rglob("*") if ".git" not in p.parts]
    return sorted(p for p in files if p.is_file())


def read_text(path: Path) -> str | None:
    """The file's text; a .docx/.xlsx gives the text of its XML parts; other binaries None."""
    suffix = path.suffix.lower()
    if suffix in ZIPPED_SUFFIXES:
        try:
            with zipfile.ZipFile(path) as z:
                xml = "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
        except (zipfile.BadZipFile, OSError):
            return None
        return re.sub(r"<[^>]*>", "", xml)
    if suffix not in TEXT_SUFFIXES:
        return None
    try:
        return path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return None


def scan(paths: Iterable[Path], root: Path, ref: Reference, allow: AllowList, skip: set[Path]) -> list[Hit]:
    hits: list[Hit] = []
    for path in paths:
        if path.resolve() in skip:
            continue
        text = read_text(path)
        if text is not None:
            label = str(path.resolve().relative_to(root)) if path.resolve().is_relative_to(root) else str(path)
            hits.extend(scan_text(label, text, ref, allow))
    return hits


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", type=Path, help="files or folders (default: the repository's files)")
    ap.add_argument("-n", type=int, default=12, help="gram length in characters (default 12)")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared folder (default ../shared)")
    ap.add_argument("--allow", type=Path, default=DEFAULT_ALLOW, help="allow-list: [[allow]] text = …, reason = …")
    ap.add_argument("--no-allow", action="store_true", help="report the allowed runs too")
    args = ap.parse_args(argv)
    if not (args.shared / "real-dev").is_dir():
        print(f"{args.shared / 'real-dev'} not found: nothing to compare with")
        return 0
    ref = Reference(args.shared, args.n)
    allow = AllowList() if args.no_allow else AllowList.load(args.allow)
    files = (sorted(f for p in args.paths for f in ([p] if p.is_file() else p.rglob("*")) if f.is_file())
             if args.paths else repository_files(ROOT))
    hits = scan(files, ROOT, ref, allow, {Path(__file__).resolve(), args.allow.resolve()})
    for h in hits:
        print(f"{h.path}:{h.line}: {h.run}  <- {h.excerpt}:{h.excerpt_line}")
    for k, text in enumerate(allow.texts):
        if k not in allow.used:
            print(f"note: allow-list entry {k + 1} matched nothing: {text}", file=sys.stderr)
    print(f"{len(hits)} copied run(s) in {len({h.path for h in hits})} file(s) (n={args.n}, {len(files)} files scanned)")
    return 1 if hits else 0


if __name__ == "__main__":
    sys.exit(main())
