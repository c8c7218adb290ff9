"""B001's search from the signature store agrees with the in-memory search it replaced.

The reference below is the search as it ran on a list of texts (before issue 11's store): exact
copies grouped first, then representatives in batch order through an index of sampled shingles
capped at max_postings, near-twins not indexed, pairs joined into clusters. Random batches of
copies, near copies (words changed, text added), short texts (indexed whole) and long ones
(sampled), with small caps so that template shingles close early, must give the same clusters
with the same similarities, from a store in memory and from one on disk.
"""

from __future__ import annotations

import random
from collections import Counter
from functools import lru_cache

import pytest

from nlp_audit.checks import copy_search
from nlp_audit.checks.batch import CopyText
from nlp_audit.checks.registry import FormSignature
from nlp_audit.checks.store import SignatureStore

ALPHABET = "党建活动服务站居民走访协调会议设计方案电梯改造便民项目接待培训志愿巡查台账整改宣传"


def _reference(texts: list[tuple[int, str]], jaccard: float, containment: float,
               max_postings: int) -> list[tuple[list[int], float]]:
    """(members, lowest similarity) of every cluster of (form, folded text) pairs, the old way."""
    shingles, index_keys = copy_search.shingles, copy_search.index_keys
    first: dict[str, int] = {}
    reps: list[int] = []
    pairs: list[tuple[int, int, float]] = []
    for i, (form, norm) in enumerate(texts):
        j = first.get(norm)
        if j is None:
            first[norm] = i
            reps.append(i)
        elif texts[j][0] != form:
            pairs.append((j, i, 1.0))
    postings: dict[str, list[int]] = {}
    sizes: dict[int, tuple[int, int, bool]] = {}
    cached = lru_cache(maxsize=256)(shingles)
    for i in reps:
        a = shingles(texts[i][1])
        keys, n_sampled, whole = index_keys(a)
        sizes[i] = (len(keys), n_sampled, whole)
        counts: Counter[int] = Counter()
        for sh in keys:
            plist = postings.get(sh)
            if plist is not None and len(plist) <= max_postings:
                counts.update(plist)
        twin = False
        for j, shared in counts.items():
            nj, sj, whole_j = sizes[j]
            common = min(len(keys), nj) if whole and whole_j else min(n_sampled, sj)
            if shared < 0.5 * containment * common or texts[j][0] == texts[i][0]:
                continue
            b = cached(texts[j][1])
            inter = len(a & b)
            jac, con = inter / (len(a) + len(b) - inter), inter / min(len(a), len(b))
            if jac >= jaccard or con >= containment:
                twin = twin or jac >= copy_search.TWIN
                pairs.append((j, i, max(jac, con)))
        if not twin:
            for sh in keys:
                plist = postings.setdefault(sh, [])
                if len(plist) <= max_postings:
                    plist.append(i)
    parent = list(range(len(texts)))

    def find(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    low: dict[int, float] = {}
    for i, j, sim in pairs:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
        low[i], low[j] = min(low.get(i, 1.0), sim), min(low.get(j, 1.0), sim)
    groups: dict[int, list[int]] = {}
    for i in sorted(low):
        groups.setdefault(find(i), []).append(i)
    return [(m, min(low[x] for x in m)) for _, m in sorted(groups.items()) if len({texts[x][0] for x in m}) >= 2]


def _batch(rng: random.Random, forms: int) -> list[list[str]]:
    """Each form's folded texts: some fresh, some copies or edited copies of an earlier one."""
    pool: list[str] = []
    out = []
    for _ in range(forms):
        texts = []
        for _ in range(rng.choice((1, 1, 2))):
            roll = rng.random()
            if pool and roll < 0.35:
                texts.append(rng.choice(pool))  # an exact copy
            elif pool and roll < 0.7:
                text = list(rng.choice(pool))
                for _ in range(rng.randrange(1, 4)):  # a few characters changed
                    text[rng.randrange(len(text))] = rng.choice(ALPHABET)
                texts.append("".join(text) + "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(0, 6))))
            else:
                length = rng.choice((14, 25, 60, 150))  # under and over the whole-index size
                texts.append("".join(rng.choice(ALPHABET) for _ in range(length)))
            pool.append(texts[-1])
        out.append(texts)
    return out


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("max_postings", [2, 6, 200])
def test_the_store_search_finds_the_clusters_of_the_in_memory_search(seed: int, max_postings: int, tmp_path) -> None:
    rng = random.Random(seed)
    batch = _batch(rng, 80)
    texts = [(form, norm) for form, norms in enumerate(batch, start=1) for norm in norms]
    expected = _reference(texts, 0.8, 0.9, max_postings)
    assert expected, "the batch plants copies: some cluster must be found"
    sigs = [FormSignature(f"{form}.txt", 0, None, "self_evaluation",
                          {"B001": tuple(CopyText("actual", norm, norm[:20]) for norm in norms)})
            for form, norms in enumerate(batch, start=1)]
    for store in (SignatureStore.in_memory(), SignatureStore.temporary(tmp_path)):
        with store:
            for sig in sigs:
                store.add(sig)
            counts = copy_search.load_texts(store)
            assert counts == {"actual": len(texts), "reason": 0}
            found = list(copy_search.search(store, "actual", counts["actual"], 0.8, 0.9, max_postings))
        members = [[m.number for m in c.members] for c in found]
        assert [(m, c.similarity) for m, c in zip(members, found, strict=True)] == expected
        assert all(c.text == texts[m[0]][1][:20] for c, m in zip(found, members, strict=True))
        assert all(c.forms == len({texts[i][0] for i in m}) for c, m in zip(found, members, strict=True))
