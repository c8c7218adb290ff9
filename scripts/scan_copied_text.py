"""Find text of the real excerpts (../shared/real-dev) that was copied into the repository.

The real excerpts are for development and evaluation only; fixtures, corpus files and code examples
must be invented (the seeds under ../shared/seeds may be copied). This scan compares character
n-grams: every run of repository text that also occurs in a real excerpt is printed with its file,
line, the run (consecutive hit grams merged) and the excerpt it comes from. Grams that are the
national templates' own vocabulary are not reported: those in the seeds, and those found in real
excerpts of two or more unrelated places (MANIFEST.tsv's region: same province and city = related).
What remains and is still legitimate (a label or an instruction printed on the official form) is
listed with a reason in the allow-list (scripts/copied_text_allow.toml).

    python scripts/scan_copied_text.py [-n 12] [--shared ../shared] [--allow FILE] [PATH...]

Exit 0: nothing found (or ../shared absent: nothing to compare with, said on stdout); 1: hits.
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
from dataclasses import dataclass
from pathlib import Path

from nlp_audit.text import traditional

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ALLOW = ROOT / "scripts" / "copied_text_allow.toml"
TEXT_SUFFIXES = {".py", ".txt", ".md", ".yaml", ".yml", ".json", ".jsonl", ".tsv", ".csv", ".html", ".j2",
                 ".js", ".css", ".toml", ".sh", ".cfg", ".ini"}
ZIPPED_SUFFIXES = {".docx", ".xlsx"}
CJK_SHARE = 0.75  # a gram must be mostly Chinese: digits and punctuation alone are no copied text
# Dropped before comparing, on both sides: whitespace, cell bars, ASCII quotes and backslash escapes,
# so a row written with other separators, or a sentence split over two string literals or written as
# JSON ("…\\n…"), still matches.
_DROPPED = frozenset("\"'`|│")


@dataclass(frozen=True)
class Flat:
    """A text with the ignored characters dropped, and each kept character's line in the original."""

    text: str
    lines: tuple[int, ...]


@dataclass(frozen=True)
class Hit:
    path: str
    line: int
    run: str
    excerpt: str
    excerpt_line: int


@dataclass(frozen=True)
class Allowed:
    text: str
    reason: str


def flatten(text: str) -> Flat:
    """NFKC per character (full-width and ASCII punctuation compare equal), traditional characters
    folded to simplified (a converted copy is still a copy), ignored characters out."""
    fold = traditional()
    chars: list[str] = []
    lines: list[int] = []
    line, i = 1, 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2 if text[i + 1:i + 2] in ("n", "r", "t") else 1
            continue
        for norm in unicodedata.normalize("NFKC", ch.translate(fold)):
            if not (norm.isspace() or norm in _DROPPED):
                chars.append(norm)
                lines.append(line)
        line += ch == "\n"
        i += 1
    return Flat("".join(chars), tuple(lines))


def _grams(text: str, n: int) -> Iterator[tuple[int, str]]:
    for i in range(len(text) - n + 1):
        yield i, text[i:i + n]


def _mostly_chinese(gram: str) -> bool:
    return sum("\u4e00" <= ch <= "\u9fff" for ch in gram) >= len(gram) * CJK_SHARE


def _place_key(region: str) -> str:
    """Province and city of a MANIFEST region ('安徽六安霍山县(医疗保障局)' -> '安徽六安')."""
    return region.split("(")[0][:4]


def _places(real_dev: Path) -> dict[str, str]:
    manifest = real_dev / "MANIFEST.tsv"
    if not manifest.exists():
        return {}
    with manifest.open(encoding="utf-8", newline="") as fh:
        return {row["file"]: _place_key(row.get("region") or row["file"])
                for row in csv.DictReader(fh, delimiter="\t")}


class Reference:
    """The real excerpts' grams (where each first occurs), minus template vocabulary and seed text.

    Template vocabulary is what the national templates print on every form: text found in the seeds
    or in excerpts of two or more unrelated places. A run of hits is also template vocabulary when
    every character of it lies in such a piece (`piece` characters long): a header row is the same
    labels in an order that only one excerpt may have ('三级指标分值年度指标值全年实际值得分').
    """

    def __init__(self, shared: Path, n: int, piece: int = 4) -> None:
        self.n, self.piece = n, piece
        real_dev = shared / "real-dev"
        places = _places(real_dev)
        excerpts = {path.name: flatten(path.read_text(encoding="utf-8", errors="replace"))
                    for path in sorted(real_dev.glob("*.txt"))}
        seeds = [flatten(path.read_text(encoding="utf-8", errors="replace")).text
                 for path in sorted((shared / "seeds").rglob("*")) if path.is_file()]
        by_place = [(places.get(name, name), flat.text) for name, flat in excerpts.items()]
        self.template = self._common(by_place, seeds, piece)
        common = self._common(by_place, seeds, n)
        self.origin: dict[str, tuple[str, int]] = {}
        for name, flat in excerpts.items():
            for i, gram in _grams(flat.text, n):
                if gram not in common and gram not in self.origin and _mostly_chinese(gram):
                    self.origin[gram] = (name, flat.lines[i])

    @staticmethod
    def _common(excerpts: list[tuple[str, str]], seeds: list[str], n: int) -> set[str]:
        """Grams of length n in any seed or in the excerpts (place, text) of two or more places."""
        place_of: dict[str, str] = {}
        common: set[str] = set()
        for place, text in excerpts:
            for _, gram in _grams(text, n):
                if place_of.setdefault(gram, place) != place:
                    common.add(gram)
        for seed in seeds:
            common.update(g for _, g in _grams(seed, n))
        return common

    def is_template(self, text: str) -> bool:
        """Whether every character of the text lies in a template piece inside it."""
        covered = [False] * len(text)
        for i, gram in _grams(text, self.piece):
            if gram in self.template:
                covered[i:i + self.piece] = [True] * self.piece
        return all(covered)


def load_allow(path: Path) -> list[Allowed]:
    """Allow-list entries: [[allow]] text = "…", reason = "…" (a reason is required)."""
    if not path.exists():
        return []
    entries = []
    for i, entry in enumerate(tomllib.loads(path.read_text(encoding="utf-8")).get("allow", []), 1):
        text, reason = entry.get("text", ""), entry.get("reason", "").strip()
        if not text or not reason:
            raise SystemExit(f"{path}: entry {i} needs a text and a reason")
        entries.append(Allowed(flatten(text).text, reason))
    return entries


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
    if suffix not in TEXT_SUFFIXES and path.name not in {"run"}:
        return None
    try:
        return path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return None


def scan_text(label: str, text: str, ref: Reference, allowed: list[Allowed], used: set[int]) -> list[Hit]:
    """Hits of one text: runs of overlapping grams that are real-excerpt text and not allowed."""
    flat, n = flatten(text), ref.n
    hit_at: list[int] = []
    for i, gram in _grams(flat.text, n):
        if gram not in ref.origin:
            continue
        allowing = next((k for k, a in enumerate(allowed) if gram in a.text), None)
        if allowing is not None:
            used.add(allowing)
            continue
        hit_at.append(i)
    hits: list[Hit] = []
    start = 0
    while start < len(hit_at):
        end = start
        while end + 1 < len(hit_at) and hit_at[end + 1] <= hit_at[end] + n:
            end += 1
        first, last = hit_at[start], hit_at[end]
        run = flat.text[first:last + n]
        if not ref.is_template(run):
            excerpt, excerpt_line = ref.origin[flat.text[first:first + n]]
            hits.append(Hit(label, flat.lines[first], run, excerpt, excerpt_line))
        start = end + 1
    return hits


def scan(paths: Iterable[Path], root: Path, ref: Reference, allowed: list[Allowed],
         skip: set[Path]) -> tuple[list[Hit], set[int]]:
    hits: list[Hit] = []
    used: set[int] = set()
    for path in paths:
        if path.resolve() in skip:
            continue
        text = read_text(path)
        if text is None:
            continue
        label = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
        hits.extend(scan_text(label, text, ref, allowed, used))
    return hits, used


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", type=Path, help="files or folders (default: the repository)")
    ap.add_argument("-n", type=int, default=12, help="gram length in characters (default 12)")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--allow", type=Path, default=DEFAULT_ALLOW, help="allow-list (TOML, [[allow]] text, reason)")
    ap.add_argument("--no-allow", action="store_true", help="report allowed runs too")
    args = ap.parse_args(argv)
    if not (args.shared / "real-dev").is_dir():
        print(f"{args.shared}/real-dev not found: nothing to compare with")
        return 0
    ref = Reference(args.shared, args.n)
    allowed = [] if args.no_allow else load_allow(args.allow)
    if args.paths:
        files = sorted(f for p in args.paths for f in ([p] if p.is_file() else p.rglob("*")) if f.is_file())
    else:
        files = repository_files(ROOT)
    skip = {Path(__file__).resolve(), args.allow.resolve()}
    hits, used = scan(files, Path.cwd().resolve() if args.paths else ROOT, ref, allowed, skip)
    for h in hits:
        print(f"{h.path}:{h.line}: {h.run}  <- {h.excerpt}:{h.excerpt_line}")
    for k, a in enumerate(allowed):
        if k not in used:
            print(f"note: allow-list entry unused at n={args.n}: {a.text}", file=sys.stderr)
    files_hit = len({h.path for h in hits})
    print(f"{len(hits)} copied run(s) in {files_hit} file(s) (n={args.n}, {len(files)} files scanned)")
    return 1 if hits else 0


if __name__ == "__main__":
    sys.exit(main())
