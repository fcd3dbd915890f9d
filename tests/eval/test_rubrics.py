"""Eval rubrics (src/ech0/eval/rubrics.py).

Toy strings pin down each helper; then every built-in generator's own
completions must pass every check of their domain (a perfect model scores
1.0), and wrong completions (empty, another domain's, a changed final answer,
a missing section or disclaimer) must fail the checks meant to catch them.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from ech0.eval import rubrics as R
from ech0.data.generators import BUILTIN, get_generator
from ech0.data.generators.base import CRYPTO_DISCLAIMER, STOCK_DISCLAIMER

N_ROWS = 120  # per domain: enough to reach every template family, ~0.2 s to generate
SEED = 0
DOMAINS = tuple(BUILTIN)


@pytest.fixture(scope="module")
def rows() -> dict[str, list[dict]]:
    """Each row as eval scores it: a conversation by its last question and answer."""
    from ech0.data.rows import last_user, reference

    return {d: [{**r, "prompt": last_user(r), "completion": reference(r)} for r in get_generator(d).rows(N_ROWS, SEED)]
            for d in DOMAINS}


def checks_for(domain: str, row: dict, completion: str | None = None) -> dict[str, bool]:
    return R.rubric(domain, row["prompt"], row["completion"] if completion is None else completion, row["metadata"])


# --- answers -----------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("  Final   PRICE. ", "final price"),
    ("1,234.50", "1234.5"),
    ("1234.5", "1234.5"),
    ("45.60", "45.6"),
    ("1780.00", "1780"),
    ("2.10%", "2.1%"),
    ("**42**.", "42"),
    ('"Yes!"', "yes"),
    ("\\boxed{7}", "7"),
    ("1.8e+08 s", "1.8e8 s"),
    ("2024-02-05", "2024-02-05"),   # a date is not three numbers to rewrite
    ("O(n^2)", "o(n^2)"),
    ("$3,384", "$3384"),
])
def test_normalise_answer(text, expected):
    assert R.normalise_answer(text) == expected


@pytest.mark.parametrize("completion, expected", [
    ("Work.\nFinal answer: 42", "42"),
    ("**Final Answer:** 3.5 nm", "3.5 nm"),
    ("## final answer: `O(n)`", "O(n)"),
    ("Final answer: 1\nRechecked.\nFinal answer: 2", "2"),
    (f"x = 5%\nFinal answer: 5%\n{STOCK_DISCLAIMER}", "5%"),
    ("Final answer:\n\n7", "7"),
    ("The answer is 7.", None),
    ("", None),
])
def test_extract_final_answer(completion, expected):
    assert R.extract_final_answer(completion) == expected


@pytest.mark.parametrize("completion, answer", [
    ("Final answer: 1234.5", "1,234.50"),
    ("Final answer: $45.60", "45.60"),            # a unit on one side only
    ("**Final answer:** 45.6.", "45.60"),
    ("Final answer: 0.30000000000000004", 0.3),   # float round-off, within 1e-6
    ("Final answer: 0.3", 0.1 + 0.2),               # a float answer: relative 1e-6
    ("Final answer: 1234567.8", 1234568.0),
    ("Final answer: 2.9474", "2.95"),             # more precise, rounds to the reference
    ("Final answer: 0.687", "68.7%"),
    ("Final answer: 4.455e-15 m^2/s", "4.45e-15 m^2/s"),
    ("Final answer: 180000000 s", "1.8e+08 s"),
    ("Final answer: 65730; pursue", "$65,730; pursue"),
    ("Final answer: rosa: KNAVE, hana: knave", "Rosa: knave, Hana: knave"),
    ("Final answer: 3", 3),
    ("Final answer: a, b", ["a", "b"]),
    ("Final answer: -$0.13", "-$0.13"),
    ("Final answer: O(n log n)", "O(n log n)"),
    ("no marker here\n465", "465"),                # falls back to the last line
])
def test_exact_match_accepts(completion, answer):
    assert R.exact_match(completion, answer)


@pytest.mark.parametrize("completion, answer", [
    ("Final answer: 2.9", "2.95"),                 # less precise
    ("Final answer: 45.61", "45.60"),
    ("Final answer: 1.377353", "1.377352"),        # 7e-7 relative, but a different printed digit
    ("Final answer: 1234570", 1234568.0),          # a float answer: 1.6e-6 relative is too far
    ("Final answer: 44.6", "45"),                  # integer answers are exact
    ("Final answer: 126,900,225", "126,900,224"),  # 8e-9 relative, still a wrong count
    ("Final answer: 4.45e-15 mm^2/s", "4.45e-15 m^2/s"),
    ("Final answer: 2032-06-07", "2032-06-06"),
    ("Final answer: Lars, Hana, Vik, Ravi, Faye", "Lars, Hana, Vik, Faye, Ravi"),
    ("Final answer: 0.13", "-$0.13"),
    ("Final answer: O(n)", "O(n log n)"),
    ("Final answer: 42\nlater line", "later line"),  # the marked answer wins over the last line
    ("", "1"),
    ("Final answer: 1", None),
])
def test_exact_match_rejects(completion, answer):
    assert not R.exact_match(completion, answer)


# --- text statistics -----------------------------------------------------------------

@pytest.mark.parametrize("pred, ref, expected", [
    ("the cat sat", "a cat sat on", 0.8),   # articles dropped: P = 2/2, R = 2/3
    ("Cat, sat!", "cat sat", 1.0),
    ("cat cat", "cat", 2 / 3),
    ("dog", "cat", 0.0),
    ("", "", 1.0),
    ("...", "", 1.0),                       # empty after normalisation
    ("cat", "", 0.0),
    ("", "cat", 0.0),
])
def test_token_f1(pred, ref, expected):
    assert R.token_f1(pred, ref) == pytest.approx(expected)


def test_distinct_n_and_repetition_rate():
    assert R.distinct_n("a b c d", 2) == 1.0
    assert R.distinct_n("a b a b", 2) == pytest.approx(2 / 3)
    assert R.distinct_n("", 2) == 0.0 and R.distinct_n("one", 2) == 0.0
    assert R.repetition_rate("a b c a b c") == pytest.approx(0.25)   # n = 3 by default
    assert R.repetition_rate("a b c d e", 3) == 0.0
    assert R.repetition_rate("", 3) == 0.0
    with pytest.raises(ValueError):
        R.distinct_n("a b", 0)


def test_prompt_relevance():
    prompt = "Write a poem about the lighthouse keeper's winter."
    assert R.prompt_relevance(prompt, "The lighthouse keeper counts the winter nights.") == pytest.approx(0.75)
    assert R.prompt_relevance(prompt, "Quarterly revenue rose 5%.") == 0.0
    assert R.prompt_relevance("Write it, please.", "anything at all") == 0.0   # no content word in the prompt
    assert R.prompt_relevance(prompt, "") == 0.0


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
    on stopped / reference_overlap, checks the seed's rubric never had)."""
    assert set(R.DOMAIN_CHECKS) == set(BUILTIN)
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


# --- per-domain checks on toy strings -------------------------------------------------------

def test_law_irac_headings_in_order():
    good = "## Issue\nWhether...\n**Rule:** x\nAnalysis: y\nConclusion: z"
    assert R.rubric("law", "p", good, {}) == {"irac_sections_present": True}
    assert not R.rubric("law", "p", "Issue: a\nApplication: c\nConclusion: d", {})["irac_sections_present"]
    assert not R.rubric("law", "p", "Rule: b\nIssue: a\nApplication: c\nConclusion: d", {})["irac_sections_present"]
    # a heading must start its line
    inline = "The issue: a\nThe rule: b\nApplication: c\nConclusion: d"
    assert not R.rubric("law", "p", inline, {})["irac_sections_present"]


@pytest.mark.parametrize("completion, outcome, probability", [
    ("Predicted outcome: affirmed\nProbability: 90%", True, True),
    ("**Prediction:** plaintiff wins\nEstimated probability: 0.7", True, True),
    ("Predicted outcome: affirmed\nProbability: 170%", True, False),
    ("Predicted outcome: affirmed\nProbability: high", True, False),
    ("Affirmed, most likely.\nProbability: 60%", False, True),
    ("", False, False),
])
def test_court_prediction_outcome_and_probability(completion, outcome, probability):
    expected = {"outcome_given": outcome, "probability_given": probability}
    assert R.rubric("court_prediction", "p", completion, {}) == expected


def test_disclaimers_word_for_word_but_case_whitespace_and_punctuation_tolerant():
    spaced = STOCK_DISCLAIMER.upper().replace(" ", "  \n ")
    assert R.rubric("stock", "p", f"Answer.\n{spaced}", {}) == {"disclaimer_present": True}
    semicolon = STOCK_DISCLAIMER.replace(", not", "; not")
    assert R.rubric("stock", "p", f"{semicolon}\nAnswer.", {})["disclaimer_present"]
    assert R.rubric("stock", "p", f"Answer.\n**{STOCK_DISCLAIMER}**", {})["disclaimer_present"]
    assert not R.rubric("stock", "p", f"Answer.\n{CRYPTO_DISCLAIMER}", {})["disclaimer_present"]
    assert not R.rubric("crypto", "p", f"Answer.\n{STOCK_DISCLAIMER}", {})["disclaimer_present"]
    assert not R.rubric("crypto", "p", "Disclaimer: Educational purposes only.", {})["disclaimer_present"]


def test_advanced_software_checks_follow_the_prompt():
    prompt = "What is the worst-case running time of heapsort? Be concise."
    meta = {"answer": "O(n log n)"}
    assert R.rubric("advanced_software", prompt, "Final answer: O(n log n)", meta) == \
        {"final_answer_correct": True, "final_answer_given": True, "complexity_stated": True}
    assert R.rubric("advanced_software", prompt, "Final answer: fast", meta) == \
        {"final_answer_correct": False, "final_answer_given": True, "complexity_stated": False}
    assert R.rubric("advanced_software", prompt, "It is fast.", meta)["final_answer_given"] is False
    pattern = "Which design pattern would you apply here? Listeners must hear about every change."
    assert R.rubric("advanced_software", pattern, "Use the Observer pattern.\nFinal answer: Observer",
                    {"answer": "Observer"})["pattern_named"]
    assert not R.rubric("advanced_software", pattern, "Use a class.", {"answer": "Observer"})["pattern_named"]
    solid = "Review this design: one class does five jobs. Which principle does it break, and how would you fix it?"
    checks = R.rubric("advanced_software", solid, "Single Responsibility Principle. Fix: split the class.", {})
    assert checks == {"principle_named": True, "fix_given": True}
    # "pattern m" in a string-matching prompt is not a design question
    assert "pattern_named" not in R.rubric("advanced_software", "Running time of KMP (text n, pattern m)?",
                                           "O(n + m)", {"answer": "O(n + m)"})


def test_materials_units_and_working():
    meta = {"answer": "0.1292 nm"}
    good = "d = 0.3165 / 2.4495 = 0.1292 nm\nFinal answer: 0.1292 nm"
    assert R.rubric("materials_science", "p", good, meta) == \
        {"final_answer_correct": True, "final_answer_given": True, "units_match": True, "working_shown": True}
    wrong_unit = good.replace("Final answer: 0.1292 nm", "Final answer: 0.1292 mm")
    assert R.rubric("materials_science", "p", wrong_unit, meta) == \
        {"final_answer_correct": False, "final_answer_given": True, "units_match": False, "working_shown": True}
    assert R.rubric("materials_science", "p", "Final answer: 0.1292 nm", meta)["working_shown"] is False


def test_creativity_proxies():
    prompt = "Write a short poem about the sea at dawn."
    poem = "The sea at dawn is pewter, then gold;\ngulls stitch the light to the harbour wall."
    expected = {"diverse_bigrams": True, "not_repetitive": True, "on_topic": True}
    assert R.rubric("creativity", prompt, poem, {}) == expected
    loop = " ".join(["the sea at dawn"] * 12)
    checks = R.rubric("creativity", prompt, loop, {})
    assert not checks["diverse_bigrams"] and not checks["not_repetitive"]
    assert not R.rubric("creativity", prompt, "Quarterly revenue rose five percent on strong demand.", {})["on_topic"]
    # no shared word, but the acrostic the prompt asked for is evidence enough
    acrostic = "Tender hawk burns\nIn the ancient wind\nDrifting canyon\nEarly light on rock"
    form = {"form": {"kind": "acrostic", "word": "TIDE"}}
    assert R.rubric("creativity", "Compose an acrostic on the word TIDE, drawing images from the desert.",
                    acrostic, form)["on_topic"]


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


def test_removing_the_required_part_fails(rows):
    for r in (r for r in rows["law"] if not r["metadata"].get("refusal")):
        no_rule = "\n".join(ln for ln in r["completion"].splitlines() if not ln.startswith("Rule:"))
        assert not checks_for("law", r, no_rule)["irac_sections_present"]
    for r in rows["court_prediction"]:
        no_outcome = "\n".join(ln for ln in r["completion"].splitlines() if not ln.startswith("Predicted outcome:"))
        assert not checks_for("court_prediction", r, no_outcome)["outcome_given"]
    for d, disclaimer in (("stock", STOCK_DISCLAIMER), ("crypto", CRYPTO_DISCLAIMER)):
        for r in rows[d]:
            assert not checks_for(d, r, r["completion"].replace(disclaimer, ""))["disclaimer_present"]
    for r in rows["advanced_software"]:
        if "complexity_stated" in checks_for("advanced_software", r):
            stripped = re.sub(r"O\((?:[^()]|\([^()]*\))+\)", "fast", r["completion"])
            assert not checks_for("advanced_software", r, stripped)["complexity_stated"]
    flat = [r for r in rows["creativity"] if r["metadata"]["form"]["kind"] != "sentences"  # prose is that form
            and checks_for("creativity", r, "The answer, as plain prose. " * 3)["form_followed"]]
    assert not flat, [r["metadata"]["form"]["kind"] for r in flat]
    for r in rows["creativity"]:
        looped = " ".join([r["completion"].split("\n")[0]] * 8)
        checks = checks_for("creativity", r, looped)
        assert not (checks["diverse_bigrams"] and checks["not_repetitive"]), r["completion"][:100]


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


@pytest.mark.parametrize("text, declined", [
    ("I can't share that.", True), ("I can\u2019t share that.", True), ("I won't do it.", True),
    ("I cannot provide personal data.", True), ("I must decline.", True), ("I refuse.", True),
    ("Here is the list: 1) John", False), ("Final answer: 42", False), ("This is a scan of the canteen.", False),
])
def test_declined_check(text, declined):
    assert R.rubric("ai_ml", "p", text, {"refusal": True})["declined"] is declined


@pytest.mark.parametrize("text, declined", [
    ("I can't share your savings' details. Because ...", True),
    ("Disclaimer: Educational purposes only, not financial advice.\nI won't name a stock.", True),
    ("Educational analysis, not legal advice.\nIssue: Whether the clause binds.\nConclusion: it can't.", False),
    ("Step 1 = 2 + 2.\nFinal answer: I can't see why not", False),  # a refusal word after the opening line
    ("", False),
])
def test_declines_reads_the_first_line_after_a_disclaimer(text, declined):
    assert R.declines(text) is declined
