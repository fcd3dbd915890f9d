import random

import numpy as np

from datasketch import MinHash

from ech0.data.dedup import WordHasher, exact_key, fingerprints, find_exact, find_near, jaccard, key_words, shingles
from ech0.data.text import comparison_key


def test_exact_key_separates_prompt_and_completion():
    assert exact_key(["a"], ["b", "c"]) != exact_key(["a", "b"], ["c"])
    fp = fingerprints([("Hello, World", "Yes!"), ("hello world", "yes")], shingle_size=5, num_perm=16, seed=1)
    assert fp.exact[0] == fp.exact[1] and fp.prompt_keys == ["hello world", "hello world"]


def test_find_exact_keeps_first_in_order():
    dups = find_exact(["k1", "k2", "k1", "k1"], [3, 0, 1, 2])
    assert [(d.index, d.kept) for d in dups] == [(0, 3), (2, 3)]


def test_shingle_jaccard():
    h = WordHasher()
    a = shingles(h("one two three four five six seven".split()), 5)
    assert a.size == 3 and jaccard(a, a) == 1.0
    assert shingles(h(["tiny", "text"]), 5).size == 1
    b = shingles(h("one two three four five six eight".split()), 5)
    assert jaccard(a, b) == 2 / 4


def test_near_duplicates_found_and_distinct_rows_kept():
    rng = random.Random(0)
    vocab = [f"w{i}" for i in range(3000)]
    texts = [" ".join(rng.choice(vocab) for _ in range(100)) for _ in range(500)]
    for k in range(50):  # one word changed -> Jaccard ~0.9
        words = texts[k].split()
        words[50] = "changed"
        texts.append(" ".join(words))
    pairs = [("", t) for t in texts]
    fp = fingerprints(pairs, shingle_size=5, num_perm=128, seed=1)
    dups = find_near(fp.sets, fp.sigs, range(len(texts)), threshold=0.8, lsh_threshold=0.7)
    assert sorted((d.index, d.kept) for d in dups) == [(500 + k, k) for k in range(50)]
    assert all(0.8 <= d.similarity < 1 for d in dups)


def test_fingerprints_do_not_depend_on_workers():
    rng = random.Random(1)
    pairs = [(f"q{i}", " ".join(rng.choice("abcdefgh") for _ in range(40))) for i in range(9000)]
    one = fingerprints(pairs, shingle_size=5, num_perm=32, seed=3, workers=1)
    two = fingerprints(pairs, shingle_size=5, num_perm=32, seed=3, workers=2)
    assert one.exact == two.exact and np.array_equal(one.sigs, two.sigs)


def test_key_words_is_comparison_key_split():
    every_ascii = "".join(map(chr, range(128)))
    for text in (every_ascii, "Hello,\tWORLD__x_y  (1.5)\n", "Ärger über ﬁ ligatures", "", "___", "İstanbul K"):
        assert key_words(text) == comparison_key(text).split(), repr(text)


def test_batched_fingerprints_match_the_per_row_reference():
    """The chunked path (one numpy pass per 4,000 rows) against the plain
    definition: shingles() of each row, and datasketch's own MinHash of them."""
    rng = random.Random(2)
    vocab = [f"w{i}" for i in range(400)] + ["Straße", "NAÏVE", "x_y"]
    pairs = [("", ""), ("One", "two"), ("a b", "c d"), ("...", "!!!"), ("", "one two three four five")]
    pairs += [(" ".join(rng.choice(vocab) for _ in range(rng.randint(0, 8))),
               " ".join(rng.choice(vocab) for _ in range(rng.randint(0, 60)))) for _ in range(300)]
    pairs.append(("long", " ".join(rng.choice(vocab) for _ in range(3000))))  # > one MinHash block alone
    fp = fingerprints(pairs, shingle_size=5, num_perm=64, seed=7)
    hasher = WordHasher()
    for i, (prompt, completion) in enumerate(pairs):
        pw, cw = comparison_key(prompt).split(), comparison_key(completion).split()
        assert fp.prompt_keys[i] == comparison_key(prompt)
        assert fp.exact[i] == exact_key(pw, cw)
        want = shingles(hasher(pw + cw), 5)
        assert np.array_equal(fp.sets[i], want), i
        m = MinHash(num_perm=64, seed=7, hashfunc=lambda h: h)
        m.update_batch(want.tolist())
        assert np.array_equal(fp.sigs[i], m.hashvalues), i
