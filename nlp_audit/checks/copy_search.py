"""B001's search for near-identical texts across a batch, run from the signature store in bounded memory.

The texts stay in the store (``checks/store.py``); memory holds a few numbers per text (17 bytes:
union-find parent, lowest similarity, index sizes, in arrays), the shingle sets of the 256 most
recent candidates, and the clusters found (what the findings quote). Three passes, for one kind
of text (narratives, or deviation reasons) at a time:

1. the forms' B001 parts, read once per form (a file given twice is one form), are written as
   numbered rows (the number is the text's place in the batch);
2. the rows grouped by folded text (SQLite sorts on disk): the first of each group represents it,
   and every other member from another form is an exact copy (similarity 1);
3. the representatives, in batch order, go through an index of sampled character 3-gram shingles
   kept in the store (one row per shingle: the numbers of the texts indexed under it, packed, at
   most ``max_postings`` + 1 of them; a shingle past that is template text and is never asked
   again); every candidate sharing enough keys is confirmed on the full shingle sets.

Pairs are joined in a union-find whose roots are the lowest member, so the clusters come out in
batch order. The pairs, the similarities and the clusters are those of an in-memory search over
the same texts in the same order.
"""

from __future__ import annotations

import struct
from array import array
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .store import FormRef, decode, encode

if TYPE_CHECKING:
    from .store import SignatureStore

SHINGLE = 3
TWIN = 0.95  # Jaccard above which a text is not indexed again (its twin already is)
FULL_INDEX_BELOW = 40  # shingles; shorter texts (reasons) are indexed whole, sampling would lose them
KINDS = ("actual", "reason")
_NO_PAIR = 2.0  # the lowest similarity of a text in no pair (similarities are at most 1)
_IN_BUCKETS = (8, 32, 128, 512)  # shingles asked for in one statement, padded to one of these sizes
_WRITE_EVERY = 512  # rows written per executemany while loading
_INT = array("i").itemsize  # bytes of a text's number in a packed posting list (struct "i")


@dataclass(frozen=True, slots=True)
class Copy:
    """One member of a cluster: its number among the batch's texts of its kind, its form and, for a
    deviation reason, its indicator."""

    number: int
    form: FormRef
    indicator: str | None


@dataclass(slots=True)
class Cluster:
    """Near-identical texts from at least two forms, in batch order; ``text`` is the first one as printed."""

    members: list[Copy]
    similarity: float  # the lowest similarity that joined a member
    text: str

    @property
    def forms(self) -> int:
        return len({m.form.id for m in self.members})


def shingles(norm: str) -> frozenset[str]:
    return frozenset(norm[i:i + SHINGLE] for i in range(len(norm) - SHINGLE + 1))


def index_keys(sh: frozenset[str]) -> tuple[list[str], int, bool]:
    """(keys, sampled count, whole): about one shingle in four, chosen by content (stable across
    runs and processes), enough to propose every near-identical pair of long texts at a quarter of
    the index work; short texts are indexed whole."""
    sampled = [s for s in sh if (ord(s[0]) + 3 * ord(s[-1])) % 4 == 0]
    if len(sh) < FULL_INDEX_BELOW:
        return list(sh), len(sampled), True
    return sampled, len(sampled), False


def load_texts(store: SignatureStore) -> dict[str, int]:
    """B001's texts written as numbered rows, one table per kind (``b001_actual``, ``b001_reason``):
    how many of each kind."""
    db = store.db
    for kind in KINDS:
        db.execute(f"DROP TABLE IF EXISTS b001_{kind}")
        db.execute(f"CREATE TABLE b001_{kind} (seq INTEGER PRIMARY KEY, form INTEGER NOT NULL, norm BLOB NOT NULL, "
                   "text BLOB NOT NULL, indicator BLOB)")
    counts = dict.fromkeys(KINDS, 0)
    rows: dict[str, list[tuple]] = {kind: [] for kind in KINDS}
    parts = store.parts("B001", once_per_form=True)
    with store.transaction():
        for ref, texts in parts:
            for t in texts:
                rows[t.kind].append((counts[t.kind], ref.id, encode(t.norm), encode(t.text),
                                     None if t.indicator is None else encode(t.indicator)))
                counts[t.kind] += 1
            for kind, pending in rows.items():
                if len(pending) >= _WRITE_EVERY:
                    _write(store, kind, pending)
        for kind, pending in rows.items():
            _write(store, kind, pending)
    return counts


def _write(store: SignatureStore, kind: str, rows: list[tuple]) -> None:
    store.db.executemany(f"INSERT INTO b001_{kind} VALUES (?, ?, ?, ?, ?)", rows)
    rows.clear()


class _Pairs:
    """Pairs joined as they are found: union-find parents and each text's lowest similarity."""

    def __init__(self, n: int) -> None:
        self.parent = array("i", range(n))
        self.low = array("d", [_NO_PAIR]) * n

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def add(self, i: int, j: int, sim: float) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)  # the root is a cluster's first text
        low = self.low
        if sim < low[i]:
            low[i] = sim
        if sim < low[j]:
            low[j] = sim


def search(store: SignatureStore, kind: str, n: int, jaccard: float, containment: float,
           max_postings: int) -> Iterator[Cluster]:
    """The clusters of near-identical texts of ``kind`` (``n`` of them loaded by ``load_texts``), in
    batch order: every pair with Jaccard ≥ ``jaccard`` or containment ≥ ``containment``."""
    pairs = _Pairs(n)
    reps = _exact_copies(store, kind, n, pairs)
    _near_copies(store, kind, n, reps, pairs, 0.5 * containment, jaccard, containment, max_postings)
    yield from _clusters(store, kind, n, pairs)


def _exact_copies(store: SignatureStore, kind: str, n: int, pairs: _Pairs) -> bytearray:
    """Texts grouped by their folded form: the first of a group represents it (a text pasted into
    hundreds of forms costs one index entry), the others of other forms are copies of it."""
    reps = bytearray(n)
    previous, rep, rep_form = None, -1, -1
    for seq, form, norm in store.db.execute(f"SELECT seq, form, norm FROM b001_{kind} ORDER BY norm, seq"):
        if norm != previous:
            previous, rep, rep_form = norm, seq, form
            reps[seq] = 1
        elif form != rep_form:
            pairs.add(rep, seq, 1.0)
    return reps


def _near_copies(store: SignatureStore, kind: str, n: int, reps: bytearray, pairs: _Pairs, half: float,
                 jaccard: float, containment: float, max_postings: int) -> None:
    """Representatives in batch order against the shingle index of those before them.

    A text's full shingle set is built when it is indexed and again when it is a candidate (the
    sets of the last few hundred candidates are kept), never for the whole batch.
    """
    db = store.db
    table = f"b001_{kind}"
    db.execute("DROP TABLE IF EXISTS b001_index")
    db.execute("CREATE TABLE b001_index (shingle BLOB PRIMARY KEY, texts BLOB NOT NULL) WITHOUT ROWID")
    n_keys, n_sampled, whole = array("i", bytes(4 * n)), array("i", bytes(4 * n)), bytearray(n)
    full = _INT * max_postings  # bytes of a posting list that is still asked (len <= max_postings)
    closed: set[bytes] = set()  # shingles past that: never asked nor grown again (one in max_postings entries)

    seen = _Candidates(db, table)
    with store.transaction():
        for i, form_i, norm in db.execute(f"SELECT seq, form, norm FROM {table} ORDER BY seq"):
            if not reps[i]:
                continue
            a = shingles(decode(norm))
            keys, sampled_i, whole_i = index_keys(a)
            n_i = len(keys)
            n_keys[i], n_sampled[i], whole[i] = n_i, sampled_i, whole_i
            encoded = [sh for sh in map(encode, keys) if sh not in closed]
            lists = _select_in(db, "SELECT shingle, texts FROM b001_index WHERE shingle IN ({})", encoded)
            counts: Counter[int] = Counter()
            for packed in lists.values():
                counts.update(array("i", packed))
            near = []  # candidates sharing enough keys for either text to be (nearly) inside the other
            for j, shared in counts.items():
                if whole_i and whole[j]:
                    common = n_i if n_i < n_keys[j] else n_keys[j]
                else:
                    common = sampled_i if sampled_i < n_sampled[j] else n_sampled[j]
                if shared >= half * common:
                    near.append(j)
            twin = False
            for j, (b, form_j) in seen.get(near):
                if form_j == form_i:
                    continue
                inter = len(a & b)
                jac = inter / (len(a) + len(b) - inter)
                con = inter / (len(a) if len(a) < len(b) else len(b))
                if jac >= jaccard or con >= containment:
                    twin = twin or jac >= TWIN
                    pairs.add(j, i, max(jac, con))
            if not twin:  # a near-twin of an indexed text adds nothing to the index but work
                me = struct.pack("i", i)
                grown = [(sh, lists.get(sh, b"") + me) for sh in encoded]
                db.executemany("INSERT OR REPLACE INTO b001_index VALUES (?, ?)", grown)
                closed.update(sh for sh, packed in grown if len(packed) > full)
    db.execute("DROP TABLE b001_index")


class _Candidates:
    """Candidates' shingle sets and forms, read from the store in one statement per text searched.

    The sets read lately are kept (a text near many others is asked for often): those of the
    current generation and of the one before, ``keep`` texts each, so at most 2 × ``keep``.
    """

    def __init__(self, db, table: str, keep: int = 256) -> None:
        self._db = db
        self._sql = f"SELECT seq, norm, form FROM {table} WHERE seq IN ({{}})"
        self._keep = keep
        self._new: dict[int, tuple[frozenset[str], int]] = {}
        self._old: dict[int, tuple[frozenset[str], int]] = {}

    def get(self, wanted: list[int]) -> list[tuple[int, tuple[frozenset[str], int]]]:
        new, old = self._new, self._old
        out: list[tuple[int, tuple[frozenset[str], int]]] = []
        missing: list[int] = []
        for j in wanted:
            got = new.get(j) or old.get(j)
            if got is None:
                missing.append(j)
            else:
                out.append((j, got))
                new[j] = got
        for j, norm, form in _select_in(self._db, self._sql, missing, rows=True):
            new[j] = got = (shingles(decode(norm)), form)
            out.append((j, got))
        if len(new) >= self._keep:
            self._old, self._new = new, {}
        return out


def _select_in(db, sql: str, values: list, rows: bool = False):
    """``sql`` with its ``IN ({})`` filled for ``values``, asked in statements of a few fixed sizes (so
    they stay prepared): a dict of the two-column rows, or (``rows``) the rows."""
    out: list | dict = [] if rows else {}
    add = out.extend if rows else out.update  # type: ignore[union-attr]
    start = 0
    while start < len(values):
        chunk = values[start:start + _IN_BUCKETS[-1]]
        start += len(chunk)
        size = next(b for b in _IN_BUCKETS if b >= len(chunk))
        add(db.execute(sql.format(",".join("?" * size)), chunk + [chunk[0]] * (size - len(chunk))))
    return out


def _clusters(store: SignatureStore, kind: str, n: int, pairs: _Pairs) -> Iterator[Cluster]:
    """The groups of paired texts, by their first text; only those spanning two forms or more."""
    groups: dict[int, array] = {}
    low = pairs.low
    for i in range(n):
        if low[i] != _NO_PAIR:
            groups.setdefault(pairs.find(i), array("i")).append(i)
    sql = (f"SELECT t.text, t.indicator, f.id, f.path, f.idx, f.project, f.kind FROM b001_{kind} t "
           "JOIN forms f ON f.id = t.form WHERE t.seq = ?")
    for root in sorted(groups):
        members: list[Copy] = []
        first_text = ""
        for m in groups[root]:
            text, indicator, fid, path, idx, project, fkind = store.db.execute(sql, (m,)).fetchone()
            if not members:
                first_text = decode(text)
            form = FormRef(fid, decode(path), idx, None if project is None else decode(project), fkind)
            members.append(Copy(m, form, None if indicator is None else decode(indicator)))
        cluster = Cluster(members, min(low[m] for m in groups[root]), first_text)
        if cluster.forms >= 2:
            yield cluster
