"""Exact and near-duplicate detection (pure functions; the processed stage calls them).

Exact: rows whose case-folded, punctuation-free prompt+completion are equal.

Near: MinHash LSH (datasketch) over word 5-gram shingles, verified by the true
Jaccard of the shingle sets.
- Word 5-grams follow Lee et al. 2021 ("Deduplicating Training Data Makes
  Language Models Better"): one changed word alters at most 5 shingles, so
  templated rows that differ only in a number or two still look alike, while
  rows that merely share a topic do not.
- Candidates come from LSH at a lower threshold (0.7) than the decision (0.8).
  With 128 permutations datasketch then picks 14 bands x 9 rows, so a pair is
  a candidate with probability 1 - (1 - J^9)^14: 0.999 at J=0.9, 0.87 at 0.8,
  and 0.027 at 0.5. LSH at 0.8 itself (9 x 13) gives only 0.93 at J=0.9, under
  the 0.95 recall target. bench/bench_data.py measures recall on planted pairs.
- Candidates are confirmed with the exact Jaccard of the shingle sets >= 0.8,
  so an LSH false positive never removes a row; it only costs one comparison.
Rows are visited best-first (highest quality, then input order); a row is
dropped when it matches a row already kept, so the kept copy is the best one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import xxhash
from datasketch import MinHash, MinHashLSH

from ech0.text import comparison_key


def exact_key(prompt: str, completion: str) -> str:
    """Content hash used for exact dedup."""
    text = comparison_key(prompt) + "\x1e" + comparison_key(completion)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def shingles(text: str, size: int) -> np.ndarray:
    """Sorted unique 32-bit hashes of the word `size`-grams of `text`."""
    words = comparison_key(text).split()
    if len(words) < size:
        grams = [" ".join(words)]
    else:
        grams = [" ".join(words[i:i + size]) for i in range(len(words) - size + 1)]
    return np.unique(np.fromiter((xxhash.xxh32_intdigest(g.encode()) for g in grams), dtype=np.uint32, count=len(grams)))


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    inter = np.intersect1d(a, b, assume_unique=True).size
    return inter / (a.size + b.size - inter) if (a.size or b.size) else 1.0


@dataclass(frozen=True)
class Duplicate:
    index: int        # the dropped row
    kept: int         # the row it duplicates (kept)
    kind: str         # "exact" | "near"
    similarity: float


def find_exact(keys: Sequence[str], order: Sequence[int]) -> list[Duplicate]:
    """Rows whose key was already seen, visiting indices in `order`."""
    first: dict[str, int] = {}
    dups = []
    for i in order:
        k = keys[i]
        if k in first:
            dups.append(Duplicate(i, first[k], "exact", 1.0))
        else:
            first[k] = i
    return dups


def _identity(h):
    return h


def find_near(texts: Sequence[str], order: Sequence[int], *, threshold: float, lsh_threshold: float,
              num_perm: int, shingle_size: int, seed: int) -> list[Duplicate]:
    """Near-duplicates among `texts` (visiting `order`): shingle Jaccard >= threshold."""
    sets = [shingles(t, shingle_size) for t in texts]
    lsh = MinHashLSH(threshold=lsh_threshold, num_perm=num_perm)
    hashes = MinHash.generator((sets[i] for i in order), num_perm=num_perm, seed=seed, hashfunc=_identity)
    dups = []
    for i, mh in zip(order, hashes):
        best, best_sim = -1, 0.0
        for j in lsh.query(mh):
            sim = jaccard(sets[i], sets[j])
            if sim >= threshold and (sim > best_sim or (sim == best_sim and j < best)):
                best, best_sim = j, sim
        if best >= 0:
            dups.append(Duplicate(i, best, "near", round(best_sim, 4)))
        else:
            lsh.insert(i, mh, check_duplication=False)
    return dups
