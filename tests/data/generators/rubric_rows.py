"""Rows as the eval scores them, for the domain rubric tests (test_<domain>_rubric.py)."""

from __future__ import annotations

from ech0.data.generators import get_generator
from ech0.data.rows import last_user, reference

N_ROWS = 120  # per domain: enough to reach every template family, ~0.2 s to generate
SEED = 0


def eval_rows(domain: str, n: int = N_ROWS, seed: int = SEED) -> list[dict]:
    """The generator's rows, each with the `prompt` (last user turn) and `completion`
    (its reference answer) that ech0.eval.rubrics.rubric() is given."""
    return [{**r, "prompt": last_user(r), "completion": reference(r)} for r in get_generator(domain).rows(n, seed)]
