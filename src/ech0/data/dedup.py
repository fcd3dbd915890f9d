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

Speed (bench/bench_data.py): datasketch computes the signatures and picks the
band split; the banding itself is done here with numpy. datasketch's
incremental MinHashLSH index spent ~15 s per 100k rows converting and storing
a byte key per band per row; for one batch, the band keys are computed at once
and only buckets with 2+ members are ever touched (almost every row is alone
in every bucket), so this step is well under a second. Fingerprints (keys,
shingles, signatures) are computed on worker processes, a 4,000-row chunk at a
time in numpy (chunk_shingles, minhash_signatures): 100,000 rows take ~6 s on
2 workers, against ~10 s row by row through datasketch. shingles() and
WordHasher are the per-row definition the tests hold the batched path to.
"""

from __future__ import annotations

import hashlib
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import chain
from typing import Sequence

import numpy as np
import xxhash
from datasketch import MinHash, MinHashLSH

from ech0.data.text import comparison_key

# Odd 64-bit multiplier (golden ratio) for the rolling shingle hash.
_MIX = np.uint64(0x9E3779B97F4A7C15)


def exact_key(prompt_words: Sequence[str], completion_words: Sequence[str]) -> str:
    """Content hash for exact dedup, from comparison_key() words."""
    text = " ".join(prompt_words) + "\x1e" + " ".join(completion_words)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


class WordHasher:
    """xxh32 of each distinct word, computed once: a 100k-row corpus has ~10M
    words but only ~100k distinct ones, so this is most of the shingling cost."""

    def __init__(self) -> None:
        self._cache: dict[str, int] = {}

    def __call__(self, words: Sequence[str]) -> np.ndarray:
        cache = self._cache
        for w in set(words).difference(cache):  # set and map loop in C, not per word in Python
            cache[w] = xxhash.xxh32_intdigest(w.encode("utf-8"))
        return np.fromiter(map(cache.__getitem__, words), dtype=np.uint64, count=len(words))


def shingles(word_hashes: np.ndarray, size: int) -> np.ndarray:
    """Sorted unique 32-bit hashes of the word `size`-grams (one shingle if shorter)."""
    n = len(word_hashes) - size + 1
    if n <= 0:
        size, n = len(word_hashes), 1
    h = word_hashes[:n].copy()
    for j in range(1, size):
        h = h * _MIX + word_hashes[j:j + n]  # wraps mod 2^64: a polynomial hash of the gram
    h ^= h >> np.uint64(29)
    return np.unique((h >> np.uint64(32)).astype(np.uint32))


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


@dataclass
class Fingerprints:
    """Per-row dedup inputs, in input order."""

    exact: list[str]          # exact_key() of each row
    prompt_keys: list[str]    # comparison_key() of each prompt (the split hashes it)
    sets: list[np.ndarray]    # shingle hash sets
    sigs: np.ndarray          # MinHash signatures, N x num_perm uint32


# comparison_key() for ASCII text in one C-level pass: case-fold, and every
# character that is not a letter or digit becomes a space (what [\W_]+ -> " "
# does). 4x faster than the regex; non-ASCII text takes comparison_key().
_ASCII_KEY = str.maketrans({chr(c): (chr(c).lower() if chr(c).isalnum() else " ") for c in range(128)})


def key_words(text: str) -> list[str]:
    """comparison_key(text).split(), faster."""
    if text.isascii():
        return text.translate(_ASCII_KEY).split()
    return comparison_key(text).split()


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, as datasketch's affine32 scheme applies it."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


# Shingles per MinHash block: 1,024 x 128 permutations x 4 bytes = 512 KiB stays
# in L2; 65,536 (32 MiB) ran 4x slower, bound by memory.
_MINHASH_BLOCK = 1 << 10


def chunk_shingles(word_lists: Sequence[Sequence[str]], size: int) -> tuple[np.ndarray, np.ndarray]:
    """shingles(WordHasher()(words), size) of every row at once: (the sets
    concatenated, each row's set size). One pass of numpy over the whole chunk
    instead of ~20 small numpy calls per row (they cost ~40 us a row)."""
    lengths = np.fromiter(map(len, word_lists), dtype=np.int64, count=len(word_lists))
    hv = WordHasher()(list(chain.from_iterable(word_lists)))
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64)
    rows = np.arange(len(word_lists), dtype=np.uint64)
    keys = [np.zeros(0, dtype=np.uint64)]
    n = len(hv) - size + 1
    if n > 0:
        h = hv[:n].copy()
        for j in range(1, size):
            h = h * _MIX + hv[j:j + n]  # shingles()' polynomial hash, over the whole chunk
        h ^= h >> np.uint64(29)
        # A gram is a row's own when it ends inside the row it starts in.
        row_of = np.repeat(rows, lengths)[:n]
        keep = np.arange(n) + size <= (starts + lengths)[row_of.astype(np.int64)]
        keys.append((row_of[keep] << np.uint64(32)) | (h[keep] >> np.uint64(32)))
    for r in np.flatnonzero((lengths > 0) & (lengths < size)):  # shorter than a gram: one shingle
        one = shingles(hv[starts[r]:starts[r] + lengths[r]], size).astype(np.uint64)
        keys.append((rows[r] << np.uint64(32)) | one)
    keyed = np.sort(np.concatenate(keys))  # by row, then value
    # Drop repeats by hand: np.unique's hash-based path took 40x the sort.
    first = np.ones(keyed.size, dtype=bool)
    first[1:] = keyed[1:] != keyed[:-1]
    keyed = keyed[first]
    counts = np.bincount((keyed >> np.uint64(32)).astype(np.int64), minlength=len(word_lists))
    return (keyed & np.uint64(0xFFFFFFFF)).astype(np.uint32), counts


def minhash_signatures(values: np.ndarray, counts: np.ndarray, num_perm: int, seed: int) -> np.ndarray:
    """datasketch's MinHash (affine32 scheme, identity hashfunc) of each row's
    shingle set, bit for bit, for all rows at once: `values` holds the sets
    concatenated, `counts` their sizes. Calling datasketch per row spent most of
    its time in a Python loop over every shingle."""
    a, b = MinHash(num_perm=num_perm, seed=seed).permutations
    sigs = np.full((len(counts), num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
    mixed = _fmix32(values)
    ends = np.cumsum(counts)
    row = 0
    while row < len(counts):
        start = ends[row] - counts[row]
        # Rows whose shingles fit in one block (at least one row per block).
        last = max(row + 1, int(np.searchsorted(ends, start + _MINHASH_BLOCK, side="right")))
        block = mixed[start:ends[last - 1]]
        nonempty = np.flatnonzero(counts[row:last]) + row
        if nonempty.size:
            permuted = block[:, None] * a + b  # wraps mod 2^32, as datasketch's does
            sigs[nonempty] = np.minimum.reduceat(permuted, ends[nonempty] - counts[nonempty] - start, axis=0)
        row = last
    return sigs


def _fingerprint_chunk(args) -> tuple[list[str], list[str], np.ndarray, np.ndarray, np.ndarray]:
    pairs, shingle_size, num_perm, seed = args
    exact, prompt_keys, word_lists = [], [], []
    for prompt, completion in pairs:
        pw, cw = key_words(prompt), key_words(completion)
        exact.append(exact_key(pw, cw))
        prompt_keys.append(" ".join(pw))
        word_lists.append(pw + cw)
    values, counts = chunk_shingles(word_lists, shingle_size)
    return exact, prompt_keys, values, counts, minhash_signatures(values, counts, num_perm, seed)


def fingerprints(pairs: Sequence[tuple[str, str]], *, shingle_size: int, num_perm: int, seed: int,
                 workers: int = 1) -> Fingerprints:
    """Fingerprints of (prompt, completion) pairs; identical for any `workers`."""
    chunk = 4000
    jobs = [(pairs[i:i + chunk], shingle_size, num_perm, seed) for i in range(0, len(pairs), chunk)]
    if workers > 1 and len(jobs) > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            parts = list(pool.map(_fingerprint_chunk, jobs))
    else:
        parts = [_fingerprint_chunk(j) for j in jobs]
    fp = Fingerprints([], [], [], np.zeros((0, num_perm), dtype=np.uint32))
    for exact, prompt_keys, values, counts, _ in parts:
        fp.exact += exact
        fp.prompt_keys += prompt_keys
        fp.sets += np.split(values, np.cumsum(counts)[:-1])  # views, no copies
    if parts:
        fp.sigs = np.concatenate([p[4] for p in parts])
    return fp


def band_keys(sigs: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """N x bands uint64: one key per band (a polynomial hash of its `rows` values)."""
    keys = np.zeros((sigs.shape[0], bands), dtype=np.uint64)
    for b in range(bands):
        k = np.zeros(sigs.shape[0], dtype=np.uint64)
        for v in sigs[:, b * rows:(b + 1) * rows].T.astype(np.uint64):
            k = k * _MIX + v
        keys[:, b] = k
    return keys


def find_near(sets: Sequence[np.ndarray], sigs: np.ndarray, order: Sequence[int], *, threshold: float,
              lsh_threshold: float) -> list[Duplicate]:
    """Near-duplicates (shingle Jaccard >= threshold), visiting rows in `order`.

    `sets` and `sigs` are indexed by row; rows absent from `order` are ignored.
    """
    order = list(order)
    num_perm = sigs.shape[1]
    lsh = MinHashLSH(threshold=lsh_threshold, num_perm=num_perm)  # only for its optimal (bands, rows)
    bands, rows = lsh.b, lsh.r
    idx = np.array(order, dtype=np.int64)
    keys = np.zeros((sigs.shape[0], bands), dtype=np.uint64)
    keys[idx] = band_keys(sigs[idx], bands, rows)
    shared = np.zeros_like(keys, dtype=bool)
    for b in range(bands):
        _, inverse, counts = np.unique(keys[idx, b], return_inverse=True, return_counts=True)
        shared[idx, b] = counts[inverse] > 1
    buckets: list[dict[int, list[int]]] = [{} for _ in range(bands)]
    dups = []
    for i in order:
        row_bands = np.flatnonzero(shared[i])
        if row_bands.size == 0:
            continue  # alone in every bucket: no candidate, and no later row can match it
        candidates: set[int] = set()
        for b in row_bands:
            candidates.update(buckets[b].get(int(keys[i, b]), ()))
        best, best_sim = -1, 0.0
        for j in sorted(candidates):
            sim = jaccard(sets[i], sets[j])
            if sim >= threshold and sim > best_sim:
                best, best_sim = j, sim
        if best >= 0:
            dups.append(Duplicate(i, best, "near", round(best_sim, 4)))
        else:
            for b in row_bands:
                buckets[b].setdefault(int(keys[i, b]), []).append(i)
    return dups
