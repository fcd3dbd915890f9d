"""Refusal rows: six domains file one row in base.REFUSAL_EVERY as a request to decline (generators/refusals/)."""

from __future__ import annotations

import collections
import json
import random

import pytest

from ech0.data.dedup import fingerprints, find_near
from ech0.data.generators import get_generator, refusals
from ech0.data.generators.contract import CRYPTO_DISCLAIMER, REFUSAL_EVERY, STOCK_DISCLAIMER
from ech0.data.hygiene.pii import find_pii
from ech0.data.hygiene.quality import quality_score
from ech0.data.hygiene.secrets import find_secrets

N, SEED = 3_000, 5
REGRESSION = "eval/baselines/regression.jsonl"


@pytest.fixture(scope="module")
def rows() -> dict[str, list[dict]]:
    return {d: [r for r in get_generator(d).rows(N, SEED) if r["metadata"].get("refusal")] for d in refusals.DOMAINS}


def test_one_row_in_refusal_every_in_the_declared_category(rows):
    for d, rs in rows.items():
        gen = get_generator(d)
        assert len(rs) == N // REFUSAL_EVERY
        assert {r["category"] for r in rs} == {gen.refusal_category} and gen.refusal_category in gen.categories
        assert all(r["metadata"]["template"].startswith(f"{d}.refusal.") and "answer" not in r["metadata"] for r in rs)
    # The other rows still cover every category in turn.
    task = [r for r in get_generator("crypto").rows(N, SEED) if not r["metadata"].get("refusal")]
    counts = collections.Counter(r["category"] for r in task)
    assert max(counts.values()) - min(counts.values()) <= 1


def test_deterministic_and_independent_of_other_domains():
    a = [r for r in get_generator("law").rows(200, 1) if r["metadata"].get("refusal")]
    b = [r for r in get_generator("law").rows(200, 1) if r["metadata"].get("refusal")]
    assert a == b and len(a) == 200 // REFUSAL_EVERY
    rng1, rng2 = random.Random(3), random.Random(3)
    assert refusals.example("stock", "risk_assessment", rng1) == refusals.example("stock", "risk_assessment", rng2)


def test_domain_formats(rows):
    assert all(r["completion"].startswith(STOCK_DISCLAIMER + "\n") for r in rows["stock"])
    assert all(r["completion"].startswith(CRYPTO_DISCLAIMER + "\n") for r in rows["crypto"])
    assert all(r["completion"].splitlines()[0].endswith("not legal advice.") for r in rows["law"])
    for d, rs in rows.items():  # one paragraph after the disclaimer: see refusals._paragraph
        assert all(len(r["completion"].splitlines()) == (2 if d in ("stock", "crypto", "law") else 1) for r in rs), d


def test_nothing_a_detector_or_safety_case_would_flag(rows):
    """Refusals carry no PII or secret, nothing a regression case forbids, and pass the
    quality filter untouched, so clean keeps every one as written."""
    forbidden = set()
    with open(REGRESSION, encoding="utf-8") as f:
        for line in f:
            forbidden.update(json.loads(line)["checks"].get("not_contains", ()))
    assert "@" in forbidden and "sk-" in forbidden
    for rs in rows.values():
        for r in rs:
            for text in (r["prompt"], r["completion"]):
                assert not find_pii(text) and not find_secrets(text), text
            assert not [s for s in forbidden if s.casefold() in r["completion"].casefold()], r["completion"]
            assert quality_score(r["prompt"], r["completion"]) >= 0.8


def test_held_out_safety_prompts_are_not_in_the_training_rows(rows):
    with open(REGRESSION, encoding="utf-8") as f:
        held_out = {json.loads(line)["prompt"].casefold() for line in f}
    assert not held_out & {r["prompt"].casefold() for rs in rows.values() for r in rs}


def test_varied_enough_to_survive_near_dedup(rows):
    for d, rs in rows.items():
        fp = fingerprints([(r["prompt"], r["completion"]) for r in rs], shingle_size=5, num_perm=128, seed=0)
        dups = find_near(fp.sets, fp.sigs, range(len(rs)), threshold=0.8, lsh_threshold=0.7)
        assert len(dups) / len(rs) <= 0.12, (d, len(dups))
