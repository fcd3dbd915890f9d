"""Domain tests for the `prompt_engineering` generator: computed answers are
recomputed from metadata["inputs"], and slot-built rows are checked
structurally (the improved prompt really contains the requested role, audience,
constraints, format and criteria; few-shot prompts are balanced; chains keep order)."""

from __future__ import annotations

import collections
import math
import re

import pytest

from ech0.data.generators import get_generator
from ech0.data.generators.contract import FINAL_ANSWER_PREFIX

SEED = 7
N = 1400


@pytest.fixture(scope="module")
def rows():
    # The task rows; refusal rows are tests/data/generators/test_refusals.py's.
    return [r for r in get_generator("prompt_engineering").rows(N, SEED) if not r["metadata"].get("refusal")]


def _by_template(rows, suffix):
    out = [r for r in rows if r["metadata"]["template"].endswith(suffix)]
    assert out, suffix
    return out


def _close(answer: str, expected: float) -> bool:
    tok = re.search(r"[-+]?\d*\.?\d+", answer.replace("$", "").replace(",", "")).group(0)
    dec = len(tok.split(".")[1]) if "." in tok else 0
    return abs(float(tok) - expected) <= 0.5 * 10 ** -dec + 1e-9 * max(1.0, abs(expected))


# --- independent recomputation ---------------------------------------------------------
def _chunks(t, c, o):
    """Walk the document: each chunk covers c tokens, the next starts o tokens before its end."""
    n, start = 0, 0
    while True:
        n += 1
        if start + c >= t:
            return n
        start += c - o


def _calls(i):
    n = _chunks(i["tokens"], i["chunk"], i["overlap"])
    if i["fan_in"] is None:
        return n + 1
    reduce_calls, m = 0, n
    while m > 1:
        m = -(-m // i["fan_in"])
        reduce_calls += m
    return n + reduce_calls


def _stages(deps):
    memo = {}

    def depth(x):
        if x not in memo:
            memo[x] = 1 + max((depth(p) for p in deps[x]), default=0)
        return memo[x]

    return max(depth(x) for x in deps)


def _first_bad(i):
    cur = i["start"]
    for k, ((op, a), line) in enumerate(zip(i["ops"], i["shown"])):
        cur = {"+": cur + a, "-": cur - a, "x": cur * a}[op]
        written = int(line.rsplit("=", 1)[1])
        if written != cur:
            return f"Step {k + 1}"
        cur = written
    return None


def _z(i):
    pa, pb = i["a_pass"] / i["a_n"], i["b_pass"] / i["b_n"]
    p = (i["a_pass"] + i["b_pass"]) / (i["a_n"] + i["b_n"])
    se = math.sqrt(p * (1 - p) * (1 / i["a_n"] + 1 / i["b_n"]))
    return (pb - pa) / se if se else 0.0


# Markers of instruction-injection text, written independently of the generator's table.
_INJECTION_MARKERS = ("ignore all previous", "override", "note to any ai", "assistant, when", "hidden comment for ai",
                      "disregard the user", "base64", "new instructions from")

RECOMPUTE = {
    "component_count": lambda i: f"{len(i['present'])}/7",
    "discount_tax": lambda i: i["n"] * i["price"] * (100 - i["discount_pct"]) * (100 + i["tax_pct"]) / 10_000,
    "meeting_time": lambda i: i["distance"] / (i["v1"] + i["v2"]),
    "combined_work": lambda i: 1 / (1 / i["a"] + 1 / i["b"]),
    "majority_vote": lambda i: collections.Counter(i["samples"]).most_common(1)[0][0],
    "first_bad_step": _first_bad,
    "max_examples": lambda i: str((i["window"] - i["instructions"] - i["query"] - i["reserve"]) // i["per_example"]),
    "max_balanced_examples": lambda i: str(
        ((i["window"] - i["instructions"] - i["query"] - i["reserve"]) * (100 - i["margin_pct"]) // 100)
        // (i["labels"] * i["per_example"]) * i["labels"]),
    "map_reduce_calls": lambda i: str(_calls(i)),
    "dag_stages": lambda i: str(_stages(i["deps"])),
    "weighted_score": lambda i: sum(w * s for w, s in zip(i["weights"], i["scores"])) / sum(i["weights"]),
    "pass_rate_diff": lambda i: 100 * (i["b_pass"] / i["b_n"] - i["a_pass"] / i["a_n"]),
    "two_proportion_z": _z,
    "injection_indices": lambda i: ", ".join(str(k + 1) for k, t in enumerate(i["snippets"])
                                             if any(m in t.lower() for m in _INJECTION_MARKERS)),
    "asr": lambda i: 100 * sum(i["successes"]) / sum(i["attempts"]),
}


def test_every_computed_answer_recomputes(rows):
    seen = collections.Counter()
    for r in rows:
        md = r["metadata"]
        if "formula" not in md:
            assert "answer" not in md
            continue
        f = md["formula"]
        exp = RECOMPUTE[f](md["inputs"])
        seen[f] += 1
        if isinstance(exp, str):
            assert md["answer"] == exp, (f, md["inputs"], md["answer"], exp)
        else:
            assert _close(md["answer"], exp), (f, md["inputs"], md["answer"], exp)
        assert FINAL_ANSWER_PREFIX + md["answer"] == r["completion"].splitlines()[-1]
    assert set(seen) == set(RECOMPUTE), set(RECOMPUTE) - set(seen)


def test_self_consistency_winner_is_a_strict_majority(rows):
    for r in _by_template(rows, "self_consistency"):
        c = collections.Counter(r["metadata"]["inputs"]["samples"])
        assert c.most_common(1)[0][1] > len(r["metadata"]["inputs"]["samples"]) // 2


@pytest.mark.parametrize("suffix", ["rewrite_weak", "add_constraints"])
def test_improved_prompt_contains_every_requested_slot(rows, suffix):
    for r in _by_template(rows, suffix):
        s, c = r["metadata"]["slots"], r["completion"]
        assert f"You are {s['role']}." in c
        assert s["audience"] in c and s["format"] in c
        for con in s["constraints"]:
            assert f"- {con}" in c, con
        for crit in s["criteria"]:
            assert crit in c
        # section labels present (one of the label sets)
        assert re.search(r"(Constraints|Requirements|CONSTRAINTS):", c)
        assert re.search(r"(Output format|Format|OUTPUT FORMAT):", c)
        if suffix == "add_constraints":   # the prompt asked for exactly these
            assert all(con in r["prompt"] for con in s["constraints"]) and s["audience"] in r["prompt"]


def test_structured_output_lists_requested_fields(rows):
    for r in _by_template(rows, "structured_output"):
        for f in r["metadata"]["slots"]["fields"]:
            assert f in r["prompt"] and f'- "{f}":' in r["completion"]


def test_few_shot_prompts_are_balanced_and_end_on_the_query(rows):
    for r in _by_template(rows, "build_prompt"):
        s = r["metadata"]["slots"]
        counts = collections.Counter(lab for _, lab in s["shots"])
        assert set(counts) == set(s["labels"]) and len(set(counts.values())) == 1
        assert s["query"] not in [t for t, _ in s["shots"]], "the query must not leak into the examples"
        c = r["completion"]
        for t, _ in s["shots"]:
            assert t in c
        assert c.rindex(s["query"]) > max(c.index(t) for t, _ in s["shots"])
        assert f"{len(s['shots'])}-shot" in r["prompt"]


def test_fix_format_keeps_every_example(rows):
    for r in _by_template(rows, "fix_format"):
        for t, lab in r["metadata"]["slots"]["shots"]:
            assert re.search(re.escape(t) + r"(\n| \| )(Label|Output): " + lab, r["completion"])


def test_pipeline_steps_in_order(rows):
    for r in _by_template(rows, "pipeline"):
        steps = r["metadata"]["slots"]["steps"]
        pos = [r["completion"].index(st[0].upper() + st[1:]) for st in steps]
        assert pos == sorted(pos) and len(steps) == int(re.search(r"(\d+)", r["prompt"]).group(1))


def test_meta_and_adversarial_structure(rows):
    for r in _by_template(rows, "prompt_generator"):
        assert all(sec in r["completion"] for sec in r["metadata"]["slots"]["sections"])
    for r in _by_template(rows, "harden_system_prompt"):
        mits = r["metadata"]["slots"]["mitigations"]
        assert len(re.findall(r"^\d+\. ", r["completion"], re.M)) == len(mits)
        assert "untrusted" in r["completion"]
    for r in _by_template(rows, "jailbreak_pattern"):
        for p in r["metadata"]["slots"]["patterns"]:
            assert f"Pattern: {p}. Defence:" in r["completion"]


def test_categories_templates_difficulty(rows):
    gen = get_generator("prompt_engineering")
    assert set(gen.categories) == {"prompt_optimization", "chain_of_thought", "few_shot_learning",
                                   "prompt_decomposition", "meta_prompting", "adversarial_prompting"}
    per_cat = collections.defaultdict(set)
    for r in rows:
        per_cat[r["category"]].add(r["metadata"]["template"])
    assert set(per_cat) == set(gen.categories) and all(len(t) >= 3 for t in per_cat.values())
    assert {r["difficulty"] for r in rows} == {"easy", "medium", "hard"}


def test_completions_vary_for_the_same_weak_prompt(rows):
    """Slot combination, not one fixed text per task."""
    by_weak = collections.defaultdict(list)
    for r in _by_template(rows, "rewrite_weak"):
        weak = re.search(r"'([^']+)'", r["prompt"]).group(1)
        by_weak[weak].append(r["completion"])
    multi = [v for v in by_weak.values() if len(v) > 1]
    assert multi and all(len(set(v)) == len(v) for v in multi)


def test_bare_rewrite_requests_still_get_a_full_prompt(rows):
    # Half of rewrite_weak's asks are bare ("Transform 'X' into an expert-level
    # prompt."), as the guide writes them; the rewrite still names an audience.
    rewrites = _by_template(rows, "rewrite_weak")
    bare = [r for r in rewrites if "The answer is for" not in r["prompt"]]
    assert 0.3 < len(bare) / len(rewrites) < 0.7, (len(bare), len(rewrites))
    for r in bare:
        assert r["difficulty"] == "easy" and len(r["prompt"].split()) <= 14, r["prompt"]
        assert r["metadata"]["slots"]["audience"] in r["completion"], r["completion"]
