"""Where a run keeps its forms' batch signatures until the batch checks run: a SQLite database.

A signature (``FormSignature``: who the form is, and each batch check's compact part of it) is
written here as its file finishes, so the batch's memory does not grow with its forms (about
1.8 KB per form when they were kept in a list: 88 MB at 50,000 forms). The batch checks read the
parts back in streaming passes, and B001 builds its working tables (its texts by number, its
shingle index) in the same database, so its search holds a few numbers per text, not the texts.

Why SQLite rather than an append-only file of records: B001 needs its texts grouped by content,
read back one by one by number, and an index that grows while it searches; over a plain file those
would be dictionaries in memory again. SQLite (stdlib) keeps them on disk behind a page cache of
``CACHE_KIB`` and sorts on disk.

A run of up to ``SPOOL_ABOVE`` files keeps the database in memory (no file for a one-form service
request; a few megabytes at most). A larger one writes it to a temporary file in the temp folder
(``tempfile.gettempdir()``, never beside the report), which loses its name as soon as it is open
where the system allows it (POSIX): the run works on the open file, and nothing stays behind even
when the run is killed. Elsewhere the file is removed when the store is closed (end of run, error,
Ctrl-C). Without a writable temp folder the store stays in memory, as before.

Texts go in as UTF-8 with surrogates passed through (a file name that is not UTF-8 is carried
with surrogateescape) and parts as pickles: the store is private to the process that writes it.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .registry import FormSignature

SPOOL_ABOVE = 1000  # input files; a run with more keeps its signatures in a temporary file
CACHE_KIB = 2048  # SQLite's page cache (and its sorter's memory) per store: its default, as fast here as 8 MiB
PREFIX = "nlp-audit-signatures-"  # the temporary file's name starts so
_FLUSH_EVERY = 256  # signatures buffered before they are written in one transaction

_SCHEMA = """
CREATE TABLE forms (id INTEGER PRIMARY KEY, path BLOB NOT NULL, idx INTEGER NOT NULL, project BLOB,
                    kind TEXT NOT NULL);
CREATE INDEX forms_key ON forms (path, idx);
CREATE TABLE parts (code TEXT NOT NULL, form INTEGER NOT NULL, data BLOB NOT NULL);
CREATE INDEX parts_code ON parts (code, form);
CREATE TABLE errors (message BLOB PRIMARY KEY);
"""


def encode(text: str) -> bytes:
    """A text as the store keeps it (lone surrogates of a non-UTF-8 file name survive)."""
    return text.encode("utf-8", "surrogatepass")


def decode(data: bytes) -> str:
    return data.decode("utf-8", "surrogatepass")


@dataclass(frozen=True, slots=True)
class FormRef:
    """One form of the batch as the batch checks name it: its number in the run (``id``, from 1 in
    input order), its file, its index in the file, its project and its kind."""

    id: int
    path: str
    index: int
    project: str | None
    kind: str


class SignatureStore:
    """The signatures of a run's forms, in input order; ``len`` is the number of forms added.

    ``db`` is the SQLite connection: batch checks may keep working tables in it (named after their
    code) for as long as the store is open.
    """

    def __init__(self, db: sqlite3.Connection, path: Path | None = None, named: bool = False) -> None:
        self.db = db
        self.path = path  # the temporary file (None: in memory)
        self._named = named  # the file still has its name: removed at close
        self._count = 0
        self._forms: list[tuple] = []
        self._parts: list[tuple] = []
        self._errors: list[tuple] = []
        self._closed = False

    @classmethod
    def in_memory(cls) -> SignatureStore:
        return cls(_connect(":memory:"))

    @classmethod
    def temporary(cls, folder: str | Path | None = None) -> SignatureStore:
        """A store in a new file of ``folder`` (default: the temp folder), nameless once open (POSIX)."""
        fd, name = tempfile.mkstemp(prefix=PREFIX, suffix=".sqlite", dir=folder)
        os.close(fd)
        path = Path(name)
        try:
            db = sqlite3.connect(name, isolation_level=None)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        try:
            path.unlink()  # the open file lives on without a name: a killed run leaves nothing behind
            named = False
        except OSError:  # Windows: an open file cannot be removed; close() does it
            named = True
        try:
            _prepare(db)
        except BaseException:
            db.close()
            if named:
                path.unlink(missing_ok=True)
            raise
        return cls(db, path, named)

    @classmethod
    def for_run(cls, files: int) -> SignatureStore:
        """In memory for a run of up to ``SPOOL_ABOVE`` files, else in a temporary file (in memory
        when no temporary file can be made: the run goes on, holding its signatures as before)."""
        if files <= SPOOL_ABOVE:
            return cls.in_memory()
        try:
            return cls.temporary()
        except (OSError, sqlite3.Error):
            return cls.in_memory()

    @property
    def on_disk(self) -> bool:
        return self.path is not None

    def add(self, sig: FormSignature) -> None:
        """Keep one form's signature (written with the next few hundred, in one transaction)."""
        self._count += 1
        project = None if sig.project is None else encode(sig.project)
        self._forms.append((self._count, encode(sig.path), sig.index, project, sig.kind))
        for code, part in sig.parts.items():
            if not _empty(part):
                self._parts.append((code, self._count, pickle.dumps(part, pickle.HIGHEST_PROTOCOL)))
        self._errors.extend((encode(e),) for e in sig.errors)
        if len(self._forms) >= _FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        """Write what ``add`` buffered."""
        if not (self._forms or self._parts or self._errors):
            return
        with self.transaction():
            self.db.executemany("INSERT INTO forms VALUES (?, ?, ?, ?, ?)", self._forms)
            self.db.executemany("INSERT INTO parts VALUES (?, ?, ?)", self._parts)
            self.db.executemany("INSERT OR IGNORE INTO errors VALUES (?)", self._errors)
        self._forms.clear()
        self._parts.clear()
        self._errors.clear()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Statements written together (committed even when the block fails: there is no journal to
        roll back with, and a batch check's half-built working table is dropped by its next run)."""
        self.db.execute("BEGIN")
        try:
            yield self.db
        finally:
            self.db.execute("COMMIT")

    def __len__(self) -> int:
        return self._count

    def parts(self, code: str, *, once_per_form: bool = False) -> Iterator[tuple[FormRef, Any]]:
        """(form, part) of batch check ``code`` in input order; forms whose part was empty are skipped.

        ``once_per_form``: a form met again (the same file given twice: same path and index) is
        skipped, so its texts are not taken for copies of themselves; forms without a path (built
        in code) are each their own form.
        """
        self.flush()
        sql = ("SELECT f.id, f.path, f.idx, f.project, f.kind, p.data FROM parts p JOIN forms f ON f.id = p.form "
               "WHERE p.code = ?")
        if once_per_form:
            sql += (" AND (f.path = x'' OR f.id = "
                    "(SELECT MIN(g.id) FROM forms g WHERE g.path = f.path AND g.idx = f.idx))")
        rows = self.db.execute(sql + " ORDER BY p.form", (code,))
        return ((_ref(fid, path, idx, project, kind), pickle.loads(data))
                for fid, path, idx, project, kind, data in rows)

    def form(self, form_id: int) -> FormRef:
        self.flush()
        row = self.db.execute("SELECT id, path, idx, project, kind FROM forms WHERE id = ?", (form_id,)).fetchone()
        if row is None:
            raise KeyError(form_id)
        return _ref(*row)

    def errors(self) -> list[str]:
        """The collects that crashed, each message once, sorted."""
        self.flush()
        return sorted(decode(m) for (m,) in self.db.execute("SELECT message FROM errors"))

    def close(self) -> None:
        """Forget everything; the temporary file, if it still has a name, is removed."""
        if self._closed:
            return
        self._closed = True
        try:
            self.db.close()
        finally:
            if self.path is not None and self._named:
                self.path.unlink(missing_ok=True)

    def __enter__(self) -> SignatureStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _connect(name: str) -> sqlite3.Connection:
    db = sqlite3.connect(name, isolation_level=None)
    try:
        _prepare(db)
    except BaseException:
        db.close()
        raise
    return db


def _prepare(db: sqlite3.Connection) -> None:
    """Settings for one process's scratch data (no journal, no fsync, no other reader), and the tables."""
    for pragma in ("journal_mode=OFF", "synchronous=OFF", "locking_mode=EXCLUSIVE",
                   f"cache_size=-{CACHE_KIB}", "temp_store=FILE"):
        db.execute("PRAGMA " + pragma)
    db.executescript(_SCHEMA)


def _ref(fid: int, path: bytes, idx: int, project: bytes | None, kind: str) -> FormRef:
    return FormRef(fid, decode(path), idx, None if project is None else decode(project), kind)


def _empty(part: Any) -> bool:
    return part is None or (isinstance(part, (tuple, list)) and not part)
