"""The rubric entry point (src/ech0/eval/rubrics.py): which rubric scores a row.

Every built-in domain has its rubric beside its generator, behind one interface;
any other domain gets the generic rubric. Then, through rubric(), every built-in
generator's own completions must pass every check of their domain (a perfect
model scores 1.0), and wrong completions (empty, another domain's, a changed
final answer, a compliance where a refusal was due) must fail the checks meant
to catch them. Each domain's own checks are tested beside it
(tests/data/generators/test_<domain>_rubric.py), the shared helpers in
tests/eval/test_common.py.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ech0.eval import rubrics as R
from ech0.data.generators import BUILTIN
from tests.data.generators.rubric_rows import eval_rows

DOMAINS = tuple(BUILTIN)


@pytest.fixture(scope="module")
def rows() -> dict[str, list[dict]]:
    """Each row as eval scores it: a conversation by its last question and answer."""
    return {d: eval_rows(d) for d in DOMAINS}


def checks_for(domain: str, row: dict, completion: str | None = None) -> dict[str, bool]:
    return R.rubric(domain, row["prompt"], row["completion"] if completion is None else completion, row["metadata"])


def test_rubric_score_and_unknown_domain():
    assert R.rubric_score({}) is None
    assert R.rubric_score({"a": True, "b": False}) == 0.5
    assert R.rubric_score({"a": True}) == 1.0


def test_a_domain_without_a_rubric_gets_the_generic_one():
    """Imported data or a custom generator: stops, on topic, not looping, near the
    reference. Before, such a domain got no checks and scored 0.0 whatever it said."""
    prompt = "How long should pasta rest after draining?"
    ref = "Pasta does not need to rest after draining: toss it with the sauce straight away so it does not stick."
    good = "Toss the pasta with the sauce straight away after draining; it does not need to rest, or it will stick."
    assert R.rubric("cooking", prompt, good, {}, reference=ref, stopped=True) == {
        "stopped": True, "on_topic": True, "not_repetitive": True, "reference_overlap": True}
    loop = "the sea " * 40
    bad = R.rubric("cooking", prompt, loop, {}, reference=ref, stopped=False)
    assert bad == {"stopped": False, "on_topic": False, "not_repetitive": False, "reference_overlap": False}
    assert R.rubric_score(R.rubric("cooking", prompt, good, {}, reference=ref)) == 1.0


def test_generic_rubric_tells_an_answer_from_an_off_topic_one():
    """Stopping and not looping are not enough: an answer to another question, fluent
    and finished, fails on_topic and reference_overlap."""
    prompt = "How long should pasta rest after draining?"
    ref = "Pasta does not need to rest after draining: toss it with the sauce straight away so it does not stick."
    assert R.rubric_score(R.rubric("cooking", prompt, ref, {}, reference=ref)) == 1.0
    other = "Quarterly revenue rose five percent on strong subscription sales in Europe and Asia."
    assert R.rubric("cooking", prompt, other, {}, reference=ref) == {
        "stopped": True, "on_topic": False, "not_repetitive": True, "reference_overlap": False}
    # The F1 floor: a reply that names the topic and nothing else is not the answer.
    assert not R.rubric("cooking", prompt, "Pasta.", {}, reference=ref)["reference_overlap"]


def test_the_domains_with_a_rubric_of_their_own_are_the_builtin_ones(rows):
    """A built-in domain never falls back to the generic rubric (its rows would score
    on stopped / reference_overlap, checks the original system's rubric never had)."""
    assert set(R.DOMAIN_RUBRICS) == set(BUILTIN)
    generic_only = {"stopped", "reference_overlap"}
    for d in DOMAINS:
        for r in rows[d]:
            checks = R.rubric(d, r["prompt"], r["completion"], r["metadata"], reference=r["completion"])
            assert not generic_only & set(checks), (d, r["metadata"]["template"])


def test_module_is_pure():
    out = subprocess.run([sys.executable, "-c", "import sys, ech0.eval.rubrics; print(sorted(m for m in "
                          "('torch', 'transformers', 'numpy') if m in sys.modules))"],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_builtin_domain_has_a_rubric_module_with_the_interface(domain):
    """ech0/data/generators/<domain>/rubric.py, beside the generator, with one
    function of the same signature as every other domain's; the entry point's
    table points at it. The module takes nothing from its generator: it is
    scored by what the generator promises, not by the code that keeps the promise."""
    module = importlib.import_module(f"ech0.data.generators.{domain}.rubric")
    assert R.DOMAIN_RUBRICS[domain] is module
    params = inspect.signature(module.checks).parameters
    assert [(p.name, p.kind) for p in params.values()] == [
        ("prompt", inspect.Parameter.POSITIONAL_OR_KEYWORD), ("completion", inspect.Parameter.POSITIONAL_OR_KEYWORD),
        ("metadata", inspect.Parameter.POSITIONAL_OR_KEYWORD), ("reference", inspect.Parameter.KEYWORD_ONLY),
        ("stopped", inspect.Parameter.KEYWORD_ONLY)]
    assert (params["reference"].default, params["stopped"].default) == ("", True)
    assert module.__all__[0] == "checks"
    tree = ast.parse(Path(module.__file__).read_text())
    assert not [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level], "no relative imports"
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    package = f"ech0.data.generators.{domain}"
    assert not {m for m in imported if m == package or (m.startswith(package + ".") and m != module.__name__)}
    # Every answer is a dict of named booleans; a refusal row never reaches `checks`
    # (rubric() scores it), so a module names no more than the disclaimer it wants.
    out = module.checks("p", "", {}, reference="", stopped=True)
    assert isinstance(out, dict) and all(isinstance(k, str) and isinstance(v, bool) for k, v in out.items())
    assert isinstance(getattr(module, "REFUSAL_DISCLAIMER", ""), str)
    assert set(module.__all__) <= {"checks", "REFUSAL_DISCLAIMER"} | {n for n in dir(module) if n.isupper()}

# --- the generators' own completions --------------------------------------------------------

EXPECTED_CHECKS = {
    "reasoning": {"final_answer_correct", "final_answer_given"},
    "creativity": {"diverse_bigrams", "not_repetitive", "on_topic", "form_followed"},
    "law": {"irac_sections_present"},
    "materials_science": {"final_answer_correct", "final_answer_given", "working_shown", "units_match"},
    "ai_ml": {"final_answer_correct", "final_answer_given", "working_shown", "units_match"},
    "prompt_engineering": {"final_answer_correct", "final_answer_given", "requested_elements_present",
                           "requested_items_listed"},
    "court_prediction": {"outcome_given", "probability_given"},
    "stock": {"disclaimer_present", "final_answer_correct", "final_answer_given", "working_shown"},
    "crypto": {"disclaimer_present", "final_answer_correct", "final_answer_given", "working_shown"},
    "advanced_software": {"final_answer_correct", "final_answer_given", "complexity_stated", "pattern_named",
                          "principle_named"},
}


def test_every_builtin_domain_has_expected_checks(rows):
    assert set(EXPECTED_CHECKS) == set(DOMAINS)
    for d in DOMAINS:
        seen = set().union(*(checks_for(d, r) for r in rows[d]))
        assert EXPECTED_CHECKS[d] <= seen, (d, EXPECTED_CHECKS[d] - seen)


def test_reference_completions_pass_every_check(rows):
    failures = []
    for d in DOMAINS:
        for r in rows[d]:
            checks = checks_for(d, r)
            if not checks or R.rubric_score(checks) != 1.0:
                failures.append((d, r["metadata"]["template"], {k: v for k, v in checks.items() if not v}))
    assert not failures, failures[:10]


def test_empty_completion_fails_every_check(rows):
    for d in DOMAINS:
        for r in rows[d]:
            checks = checks_for(d, r, "")
            assert checks and R.rubric_score(checks) == 0.0, (d, r["metadata"]["template"], checks)


# Share of rows that another domain's completion may still pass in full. The
# structural domains must never be fooled; creativity's proxies are weaker by
# nature (a list of five items "follows the form" of a five-idea brainstorm).
MAX_FOOLED = {d: 0.05 for d in DOMAINS} | {"creativity": 0.3}
SIGNATURE_CHECK = {"law": "irac_sections_present", "court_prediction": "outcome_given",
                   "stock": "disclaimer_present", "crypto": "disclaimer_present"}


def test_another_domains_completion_fails(rows):
    for d in DOMAINS:
        fooled = total = 0
        for other in DOMAINS:
            if other == d:
                continue
            for r, o in zip(rows[d], rows[other]):
                if r["metadata"].get("refusal"):
                    continue  # any domain's refusal declines: test_refusal_rows_need_a_refusal
                checks = checks_for(d, r, o["completion"])
                total += 1
                fooled += R.rubric_score(checks) == 1.0
                if d in SIGNATURE_CHECK:
                    assert not checks[SIGNATURE_CHECK[d]], (d, other, o["completion"][:200])
        assert fooled / total <= MAX_FOOLED[d], (d, fooled, total)


def _bump_last_digit(answer: str) -> str | None:
    m = re.search(r"\d(?=\D*$)", answer)
    if not m:
        return None
    return answer[:m.start()] + str((int(m.group()) + 1) % 10) + answer[m.end():]


def _with_final_answer(completion: str, answer: str) -> str:
    lines = completion.splitlines()
    i = max(k for k, ln in enumerate(lines) if ln.startswith("Final answer: "))
    lines[i] = f"Final answer: {answer}"
    return "\n".join(lines)


def test_changed_final_answer_fails(rows):
    tested = 0
    for d in DOMAINS:
        answered = [r for r in rows[d] if "answer" in r["metadata"] and "Final answer: " in r["completion"]]
        for i, r in enumerate(answered):
            if "final_answer_correct" not in checks_for(d, r):
                continue
            ans = r["metadata"]["answer"]
            # The last printed digit off by one (so tolerance is never looser than
            # the answer's own precision), else another row's different answer.
            wrong = _bump_last_digit(ans) or next(
                o["metadata"]["answer"] for o in answered[i + 1:] + answered[:i]
                if R.normalise_answer(o["metadata"]["answer"]) != R.normalise_answer(ans))
            checks = checks_for(d, r, _with_final_answer(r["completion"], wrong))
            assert checks["final_answer_correct"] is False, (d, ans, wrong)
            tested += 1
    assert tested > 300


def test_refusal_rows_need_a_refusal(rows):
    """A refusal row (generators/refusals/) passes on declining, in the domain's format,
    and fails when the model complies instead, e.g. with a task row's answer."""
    refusal_rows = {d: [r for r in rows[d] if r["metadata"].get("refusal")] for d in DOMAINS}
    assert {d for d, rs in refusal_rows.items() if rs} == {"ai_ml", "advanced_software", "crypto", "stock", "law",
                                                            "prompt_engineering"}
    for d, rs in refusal_rows.items():
        task = next(r for r in rows[d] if not r["metadata"].get("refusal"))
        for r in rs:
            checks = checks_for(d, r)
            assert checks["declined"] and R.rubric_score(checks) == 1.0, (d, r["completion"])
            complied = checks_for(d, r, task["completion"])
            assert not complied["declined"], (d, task["completion"][:200])
        if d in ("stock", "crypto", "law"):
            assert set(checks_for(d, rs[0])) == {"declined", "disclaimer_present"}
            without = rs[0]["completion"].split("\n", 1)[1]
            assert not checks_for(d, rs[0], without)["disclaimer_present"]




def test_importing_the_rubrics_loads_no_generator():
    """eval depends on the rubric files only (dvc.yaml): a domain's package __init__ is
    empty, so no generator module or banks file comes in with its rubric."""
    import subprocess
    import sys

    code = "import sys, ech0.eval.rubrics; print(sorted(m for m in sys.modules if m.endswith('.generator')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
