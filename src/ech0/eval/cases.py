"""Regression and capability case files (eval/baselines/*.jsonl): read and checked
with the standard library, so `ech0 baseline` runs without torch."""

from __future__ import annotations

import json
from pathlib import Path

# The eval stage's case files (dvc.yaml deps), the defaults of `ech0 eval` and `ech0 baseline`.
CASES = Path("eval/baselines/regression.jsonl")
CAPABILITY = Path("eval/baselines/capability.jsonl")


def read_cases(path: Path) -> list[dict]:
    """Regression cases, one JSON object a line; a bad line is an error naming file:line and field."""
    cases = []
    for n, line in enumerate(Path(path).read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SystemExit(f"{path}:{n}: not valid JSON: {exc.msg}") from None
        for field, kind in (("id", str), ("domain", str), ("prompt", str), ("checks", dict),
                            ("max_new_tokens", int), ("min_score", (int, float))):
            if not isinstance(case.get(field), kind):
                raise SystemExit(f"{path}:{n}: field '{field}' is missing or of the wrong type")
        unknown = set(case["checks"]) - {"contains", "not_contains", "regex", "must_stop"}
        if unknown:
            raise SystemExit(f"{path}:{n}: field 'checks' has unknown check(s) {sorted(unknown)}")
        cases.append(case)
    ids = [c["id"] for c in cases]
    if len(ids) != len(set(ids)):
        raise SystemExit(f"{path}: duplicate case ids")
    return cases
