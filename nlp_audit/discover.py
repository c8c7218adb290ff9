"""Which files a run reads: folders walked, the batch's litter skipped and counted, --exclude applied.

Real batches hold Office lock files (``~$form.xlsx``, a few bytes that are no workbook), FIFOs and
sockets that would block a read forever, and drafts the auditor wants left out. They are skipped,
never read, and counted so the summary can say so. Each file also gets its *key*: its path
relative to the run's root (the folder given, or the common folder of everything given), '/'
separated. Fingerprints, suppressions and --exclude use the key, so a finding keeps its identity
when the batch folder is moved or checked out elsewhere, and two ``a.txt`` in two folders differ.
"""

from __future__ import annotations

import os
import stat
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath
from typing import overload

# .xls/.doc/.wps/.et are listed so a folder scan reports them (P001, "save as .xlsx/.docx") instead
# of skipping them silently.
INPUT_SUFFIXES = (".txt", ".text", ".pdf", ".xlsx", ".xlsm", ".docx", ".xls", ".doc", ".wps", ".et")
LOCK_PREFIX = "~$"  # Microsoft Office's owner file beside an open document

SKIP_REASONS = ("lock", "special", "excluded")  # the keys of Discovery.skipped


@dataclass(frozen=True, slots=True)
class InputFile:
    """One file to read: where, as the user gave or the walk found it, and its root-relative ``key``."""

    location: str
    key: str

    @property
    def path(self) -> Path:
        return Path(self.location)


class FileList(Sequence[InputFile]):
    """The run's files in input order, packed: every place and key as UTF-8 in one buffer each, with
    their end offsets; an ``InputFile`` is made when an item is read.

    A run holds its list from start to end, so its cost grows with the batch: at 41,000 files, Path
    objects with the parts they cache took 16 MiB, an ``InputFile`` of two texts each 8.9 MiB, this
    about 3 MiB (the paths' bytes and two offsets). Surrogates (a name that is not UTF-8, carried with
    surrogateescape) are passed through, so an item reads back exactly as it was appended.
    """

    def __init__(self, items: Iterable[InputFile] = ()) -> None:
        self._text = bytearray()
        self._ends = array("Q")  # end of each item's place, then of its key, in _text
        for item in items:
            self.append(item)

    def append(self, item: InputFile) -> None:
        for part in (item.location, item.key):
            self._text += part.encode("utf-8", "surrogatepass")
            self._ends.append(len(self._text))

    def __len__(self) -> int:
        return len(self._ends) // 2

    @overload
    def __getitem__(self, index: int) -> InputFile: ...

    @overload
    def __getitem__(self, index: slice) -> list[InputFile]: ...

    def __getitem__(self, index: int | slice) -> InputFile | list[InputFile]:
        if isinstance(index, slice):
            return [self._item(i) for i in range(*index.indices(len(self)))]
        n = len(self)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("file list index out of range")
        return self._item(index)

    def __iter__(self) -> Iterator[InputFile]:
        return (self._item(i) for i in range(len(self)))

    def _item(self, i: int) -> InputFile:
        start = self._ends[2 * i - 1] if i else 0
        middle, end = self._ends[2 * i], self._ends[2 * i + 1]
        text = self._text
        return InputFile(text[start:middle].decode("utf-8", "surrogatepass"),
                         text[middle:end].decode("utf-8", "surrogatepass"))


@dataclass(slots=True)
class Discovery:
    files: FileList = field(default_factory=FileList)
    root: str = ""
    skipped: Counter[str] = field(default_factory=Counter)


def _normalise_pattern(pattern: str) -> str:
    pattern = pattern.strip().replace("\\", "/")
    while pattern.startswith(("./", "**/")):
        pattern = pattern[2:] if pattern.startswith("./") else pattern[3:]
    return pattern.rstrip("/")


class Excluder:
    """--exclude GLOB: a pattern matches a path relative to the run's root or a bare file/folder
    name ('drafts', '*.bak.xlsx', '2023/草稿/*'); '*' also crosses '/' (fnmatch)."""

    def __init__(self, patterns: Iterable[str] = ()) -> None:
        self.patterns = [p for p in (_normalise_pattern(p) for p in patterns) if p]

    def __bool__(self) -> bool:
        return bool(self.patterns)

    def matches(self, key: str) -> bool:
        if not self.patterns or not key:
            return False
        name = key.rsplit("/", 1)[-1]
        return any(fnmatchcase(key, p) or fnmatchcase(name, p) for p in self.patterns)


def display_path(path: str | Path) -> str:
    """The path as every output shows it: a name that is not valid UTF-8 (carried by Python with
    surrogate escapes, so it can still be opened) is shown with its bytes escaped, 'bad\\xff.txt'."""
    text = str(path)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace")


def run_root(paths: Sequence[str | Path]) -> str:
    """The folder every key is relative to: the folder given, or the common folder of the inputs."""
    anchors = []
    for raw in paths:
        absolute = os.path.abspath(raw)
        anchors.append(absolute if os.path.isdir(absolute) else os.path.dirname(absolute))
    if not anchors:
        return os.getcwd()
    try:
        return os.path.commonpath(anchors)
    except ValueError:  # different drives on Windows: no common folder
        return anchors[0]


def key_of(path: str | Path, root: str) -> str:
    """``path`` relative to ``root``, '/'-separated (the absolute path when it is not below root), a
    name that is not UTF-8 escaped as ``display_path`` shows it (fingerprints hash UTF-8)."""
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute, root)
    except ValueError:
        rel = absolute
    if rel.startswith(".."):
        rel = absolute
    return display_path(PurePosixPath(*Path(rel).parts).as_posix())


def _is_special(path: str | Path) -> bool:
    """Exists but is no regular file (through symlinks): a FIFO, socket or device would block or
    stream forever. A missing file is not special: the reader reports it as unreadable (P001)."""
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def discover(paths: Sequence[str | Path], exclude: Iterable[str] = ()) -> Discovery:
    """Files as given, folders walked recursively in sorted order (runs are reproducible)."""
    out = Discovery(root=run_root(paths))
    excluder = Excluder(exclude)
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            _walk(path, out, excluder)
        else:
            _consider(path, out, excluder)
    return out


def _walk(top: Path, out: Discovery, excluder: Excluder) -> None:
    for root, dirs, files in os.walk(top):
        keep = []
        for d in sorted(dirs):
            if d.startswith("."):
                continue
            if excluder and excluder.matches(key_of(Path(root) / d, out.root)):
                out.skipped["excluded"] += 1
                continue
            keep.append(d)
        dirs[:] = keep
        for name in sorted(files):
            if name.lower().endswith(INPUT_SUFFIXES) and not name.startswith("."):
                _consider(Path(root) / name, out, excluder)


def _consider(path: Path, out: Discovery, excluder: Excluder) -> None:
    key = key_of(path, out.root)
    if excluder and excluder.matches(key):
        out.skipped["excluded"] += 1
    elif path.name.startswith(LOCK_PREFIX):
        out.skipped["lock"] += 1
    elif _is_special(path):
        out.skipped["special"] += 1
    else:
        out.files.append(InputFile(os.fspath(path), key))
