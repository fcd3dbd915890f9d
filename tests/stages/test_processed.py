"""processed core: dedup before split, stable split, seed-semantics mixing, accounting."""

from __future__ import annotations

import copy

import pytest

from ech0.stages.processed import mix_domain, process, split_of
from ech0.data.text import comparison_key

PARAMS = {
    "seed": 1,
    "domains": {"a": {"enabled": True, "weight": 1.5, "max_samples": 1000},
                "b": {"enabled": True, "weight": 0.5, "max_samples": 1000},
                "off": {"enabled": False, "weight": 1.0, "max_samples": 10}},
    "processed": {"eval_fraction": 0.2, "split_salt": "s", "open_weight": 3.0, "workers": 1,
                  "dedup": {"near": True, "threshold": 0.8, "lsh_threshold": 0.7, "num_perm": 128, "shingle_words": 5}},
}
WORDS = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau "
         "upsilon phi chi psi omega").split()


def text(i: int, n: int = 70) -> str:
    # Distinct word sequences per i: consecutive-word windows never repeat across rows.
    return " ".join(f"{WORDS[(i * 7 + k) % len(WORDS)]}{(i * 31 + k * 17) % 997}" for k in range(n))


def mk(i, domain="a", q=0.9, prompt=None, completion=None):
    return {"id": f"{domain}:{i}", "prompt": prompt or f"Question {i}: {text(i, 8)}",
            "completion": completion or text(i), "tags": [], "quality_score": q, "domain": domain,
            "category": "c", "difficulty": "easy", "source": "s", "metadata": {}}


def test_counts_add_up_and_every_drop_has_a_reason():
    rows = [mk(i) for i in range(200)] + [mk(i, "b") for i in range(200, 300)] + [mk(i, "off") for i in range(300, 305)]
    rows.append(dict(mk(0), id="a:dup"))  # exact duplicate of a:0
    near = mk(1)
    near["completion"] = near["completion"].replace(near["completion"].split()[15], "changed")
    rows.append(dict(near, id="a:near", quality_score=0.5))
    train, evals, dropped, m = process(rows, PARAMS)
    assert m["rows_in"] == len(rows)
    assert m["exact_duplicates"] == 1 and m["near_duplicates"] == 1 and m["domain_disabled"] == 5
    assert (m["domain_disabled"] + m["exact_duplicates"] + m["near_duplicates"] + m["over_max_samples"]
            + m["mixing_subsample"] + m["train_unique_rows"] + m["eval_rows"]) == m["rows_in"]
    assert len(dropped) == m["rows_in"] - m["train_unique_rows"] - m["eval_rows"]
    assert {d["id"]: d["reason"] for d in dropped}["a:dup"] == "exact_duplicate"
    near_drop = next(d for d in dropped if d["id"] == "a:near")
    assert near_drop["reason"] == "near_duplicate" and near_drop["duplicate_of"] == "a:1"


def test_dedup_keeps_the_higher_quality_copy():
    rows = [mk(0, q=0.3), dict(mk(0, q=0.95), id="a:best")]
    _, _, dropped, _ = process(rows, PARAMS)
    assert dropped[0]["id"] == "a:0" and dropped[0]["duplicate_of"] == "a:best"


def test_no_near_duplicate_pair_crosses_train_and_eval():
    # Pairs at Jaccard ~0.95, where LSH recall is ~0.9999 (dedup.py).
    rows = []
    for i in range(150):
        base = mk(i, completion=text(i, 150))
        rows.append(base)
        twin = dict(base, id=f"a:twin{i}", prompt=base["prompt"] + " please")
        rows.append(twin)
    train, evals, dropped, _ = process(rows, PARAMS)
    kept_ids = {r["id"] for r in train} | {r["id"] for r in evals}
    for i in range(150):
        assert not ({f"a:{i}", f"a:twin{i}"} <= kept_ids)


def test_split_is_stable_when_rows_are_added():
    rows = [mk(i) for i in range(300)]
    _, ev1, _, _ = process(rows, PARAMS)
    _, ev2, _, _ = process(rows + [mk(i) for i in range(300, 600)], PARAMS)
    assert {r["id"] for r in ev1} <= {r["id"] for r in ev2}
    assert split_of(comparison_key("Same prompt"), "s", 0.2) == split_of(comparison_key("same   PROMPT!"), "s", 0.2)


def test_weights_follow_seed_semantics():
    rows = [mk(i) for i in range(10)]
    up, dropped_up = mix_domain(rows, 1.5, seed=1, domain="a")
    assert len(up) == 15 and not dropped_up and {r["id"] for r in up} == {r["id"] for r in rows}
    down, dropped_down = mix_domain(rows, 0.8, seed=1, domain="a")
    assert len(down) == 8 and len(dropped_down) == 2
    assert mix_domain(rows, 2.0, seed=1, domain="a")[0] == rows * 2


def test_open_form_rows_get_open_weight_times_the_domain_weight():
    rows = [mk(i) for i in range(200)] + [mk(i, "b") for i in range(200, 400)]
    for r in rows[::4]:
        r["metadata"] = {"form": "open"}
    train, evals, dropped, m = process(rows, PARAMS)
    for domain, weight in (("a", 1.5), ("b", 0.5)):
        open_train = sum(1 for r in rows if r["domain"] == domain and r["metadata"]
                         and r["id"] not in {e["id"] for e in evals})
        got = [r for r in train if r["domain"] == domain and r["metadata"].get("form") == "open"]
        w = weight * 3.0  # mix_domain: every row int(w) times, plus a seeded share of w % 1
        assert len(got) == m["domains"][domain]["open_train_rows"] == int(w) * open_train + round(w % 1 * open_train)
    assert m["open_train_rows"] == sum(d["open_train_rows"] for d in m["domains"].values())
    assert (m["exact_duplicates"] + m["near_duplicates"] + m["mixing_subsample"] + m["train_unique_rows"]
            + m["eval_rows"]) == m["rows_in"]
    one = copy.deepcopy(PARAMS)
    one["processed"]["open_weight"] = 1.0
    plain = process([dict(r, metadata={}) for r in rows], one)[3]
    assert process(rows, one)[3]["train_rows"] == plain["train_rows"]


def test_max_samples_caps_distinct_rows_and_is_deterministic():
    params = copy.deepcopy(PARAMS)
    params["domains"]["a"]["max_samples"] = 50
    rows = [mk(i) for i in range(120)]
    t1, e1, d1, m1 = process(rows, params)
    t2, e2, d2, m2 = process(rows, params)
    assert m1["over_max_samples"] == 70 and m1["domains"]["a"]["unique"] == 50
    assert t1 == t2 and e1 == e2 and d1 == d2


def test_seed_changes_mix_but_not_split():
    rows = [mk(i) for i in range(200)]
    t1, e1, _, _ = process(rows, PARAMS)
    t2, e2, _, _ = process(rows, {**PARAMS, "seed": 2})
    assert e1 == e2 and [r["id"] for r in t1] != [r["id"] for r in t2]


@pytest.mark.parametrize("near", [True, False])
def test_near_dedup_switch(near):
    params = copy.deepcopy(PARAMS)
    params["processed"]["dedup"]["near"] = near
    a = mk(1)
    b = dict(a, id="a:2", completion=a["completion"].replace(a["completion"].split()[10], "other"))
    _, _, _, m = process([a, b], params)
    assert m["near_duplicates"] == (1 if near else 0)


def as_conversation(row: dict, *follow: str) -> dict:
    """`row` as a conversation: its exchange, then (user, assistant) follow-up pairs."""
    out = {k: v for k, v in row.items() if k not in ("prompt", "completion")}
    turns = [row["prompt"], row["completion"], *follow]
    out["messages"] = [{"role": ("user", "assistant")[i % 2], "content": t} for i, t in enumerate(turns)]
    return out


def test_conversations_dedup_whole_and_split_on_the_first_user_turn():
    base = [mk(i) for i in range(120)]
    convs = [as_conversation(mk(i), f"Follow-up {i}: {text(i + 500, 8)}", text(i + 500)) for i in range(120)]
    for c in convs:
        c["id"] = c["id"].replace("a:", "a:conv")
    same = dict(convs[0], id="a:same")                                   # the whole conversation again
    other_turn = as_conversation(mk(0), "A different follow-up.", text(900))
    other_turn["id"] = "a:other"                                         # same opening, new second exchange
    train, evals, dropped, m = process(base + convs + [same, other_turn], PARAMS)
    reasons = {d["id"]: d["reason"] for d in dropped}
    assert reasons["a:same"] == "exact_duplicate" and "a:other" not in reasons
    assert "a:conv0" not in reasons and "a:0" not in reasons  # an opening exchange alone is not a copy
    # Every conversation lands with the single-turn row that shares its first user turn.
    side = {r["id"]: s for s, rs in (("train", train), ("eval", evals)) for r in rs}
    assert all(side[f"a:{i}"] == side[f"a:conv{i}"] for i in range(120))
    assert side["a:other"] == side["a:0"] and {"train", "eval"} <= set(side.values())
    assert m["train_unique_rows"] + m["eval_rows"] + sum(1 for _ in dropped) == len(base) + len(convs) + 2
