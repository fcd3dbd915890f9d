import random

from ech0.dedup import exact_key, find_exact, find_near, jaccard, shingles


def test_exact_key_normalises_case_and_punctuation():
    assert exact_key("Hello, World", "Yes!") == exact_key("hello world", "yes")
    assert exact_key("a", "b c") != exact_key("a b", "c")


def test_find_exact_keeps_first_in_order():
    dups = find_exact(["k1", "k2", "k1", "k1"], [3, 0, 1, 2])
    assert [(d.index, d.kept) for d in dups] == [(0, 3), (2, 3)]


def test_shingle_jaccard():
    a = shingles("one two three four five six seven", 5)
    assert a.size == 3 and jaccard(a, a) == 1.0
    assert shingles("tiny text", 5).size == 1


def test_near_duplicates_found_and_distinct_rows_kept():
    rng = random.Random(0)
    vocab = [f"w{i}" for i in range(3000)]
    texts = [" ".join(rng.choice(vocab) for _ in range(100)) for _ in range(500)]
    for k in range(50):  # one word changed -> Jaccard ~0.9
        words = texts[k].split()
        words[50] = "changed"
        texts.append(" ".join(words))
    dups = find_near(texts, list(range(len(texts))), threshold=0.8, lsh_threshold=0.7, num_perm=128,
                     shingle_size=5, seed=1)
    assert sorted((d.index, d.kept) for d in dups) == [(500 + k, k) for k in range(50)]
    assert all(0.8 <= d.similarity < 1 for d in dups)
