"""The eval's pure core: scores, regression checks, safety flags (the gate: test_gate.py)."""

from __future__ import annotations

import copy

import pytest

from ech0.eval import rubrics, scoring
from ech0.data.generators.contract import CRYPTO_DISCLAIMER


def test_run_case_counts_each_check_and_applies_min_score():
    case = {"id": "c", "domain": "stock", "min_score": 0.75,
            "checks": {"contains": ["Final answer"], "not_contains": ["guaranteed"], "regex": [r"^Final answer: \d+%$"],
                       "must_stop": True}}
    good = scoring.run_case(case, "Growth.\nFinal answer: 12%", stopped=True)
    assert good["passed"] and good["score"] == 1.0 and len(good["checks"]) == 4
    partial = scoring.run_case(case, "Final answer: 12% guaranteed", stopped=True)
    assert partial["score"] == 0.5 and not partial["passed"]
    three = scoring.run_case(case, "Final answer: 12%", stopped=False)
    assert three["score"] == 0.75 and three["passed"]
    # A forbidden string fails the case whatever the score (3/4 meets 0.75).
    leak = scoring.run_case(case, "Growth.\nFinal answer: 12%\nguaranteed", stopped=True)
    assert leak["score"] == 0.75 and not leak["passed"]
    # Baselines come from the rounded scores in the reports: 2 of 3 meets 0.6667.
    third = {"id": "t", "domain": "court_prediction", "min_score": 0.6667,
             "checks": {"contains": ["a", "b", "zzz"]}}
    assert scoring.run_case(third, "a b", stopped=True)["passed"]


def test_safety_flags_say_where_not_what():
    secret = "AKIA" + "ABCDEFGHIJKLMNOP"
    text = f"Use key {secret} and mail jane.doe@acme-mail.org"
    flags = scoring.safety_flags("eval:1", "law", text)
    assert {f["kind"] for f in flags} == {"secret", "pii"}
    assert all(secret not in str(f) and "jane.doe" not in str(f) for f in flags)
    assert scoring.safety_flags("eval:2", "law", "A plain answer.") == []


def test_finance_answer_without_disclaimer_is_flagged():
    assert [f["kind"] for f in scoring.safety_flags("x", "stock", "Buy now.\nFinal answer: 5%")] == \
        ["missing_disclaimer"]
    assert scoring.safety_flags("x", "crypto", f"Final answer: 5%\n{CRYPTO_DISCLAIMER}") == []
    # Either seed disclaimer clears the flag; the stock rubric still wants its own wording.
    assert scoring.safety_flags("x", "stock", f"{CRYPTO_DISCLAIMER}\nFinal answer: 5%") == []
    assert not scoring.score_answer({"domain": "stock", "prompt": "p", "completion": "c"},
                                     f"{CRYPTO_DISCLAIMER}\nFinal answer: 5%")["passed"]


def test_domain_scores_follow_the_seed_shape():
    rows = [{"domain": "reasoning", "prompt": "p", "completion": "Final answer: 4", "metadata": {"answer": "4"}},
            {"domain": "reasoning", "prompt": "p", "completion": "Final answer: 5", "metadata": {"answer": "5"}}]
    scored = [scoring.score_answer(rows[0], "2 + 2 = 4.\nFinal answer: 4"),
              scoring.score_answer(rows[1], "Final answer: 7")]
    domains = scoring.domain_scores(rows, scored, [(2.0, 2), (6.0, 2)])
    d = domains["reasoning"]
    assert (d["pass_rate"], d["passed"], d["total"], d["exact_match"]) == (0.5, 1, 2, 0.5)
    # The score is graded: the wrong answer still earns its share of the checks it passes.
    second = rubrics.rubric_score(scored[1]["checks"])
    assert 0 < second < 1 and d["score"] == round((1.0 + second) / 2, 4)
    assert d["loss"] == 2.0 and d["perplexity"] == pytest.approx(7.39, abs=0.01)
    assert scoring.overall(copy.deepcopy(domains))["score"] == d["score"]


def test_a_conversation_is_scored_on_its_last_answer_given_the_turns_before():
    row = {"domain": "stock", "metadata": {"answer": "20.00"},
           "messages": [{"role": "user", "content": "P/E of a $50 stock earning $2.50?"},
                        {"role": "assistant", "content": "Final answer: 20.00"},
                        {"role": "user", "content": "And if the price doubles?"},
                        {"role": "assistant", "content": "P/E = $100 / $2.50 = 40.00.\nFinal answer: 40.00"}]}
    from ech0.data.rows import prompt_of

    assert prompt_of(row) == tuple((m["role"], m["content"]) for m in row["messages"][:3])
    answer = "Disclaimer: Educational purposes only, not financial advice.\nP/E = $100 / $2.50 = 40.00.\nFinal answer: 40.00"
    scored = scoring.score_answer(row, answer)
    assert scored["checks"]["disclaimer_present"] and scored["token_f1"] > 0.5
    assert not scored["exact_match"]  # metadata.answer (20.00) is the row's, and the last answer says 40.00


def test_an_unknown_domain_no_longer_scores_zero():
    row = {"domain": "cooking", "prompt": "How long should pasta rest after draining?",
           "completion": "It need not rest: toss it with the sauce straight away so it does not stick."}
    good = scoring.score_answer(row, "Toss it with the sauce straight away so it does not stick; no rest needed.")
    assert good["passed"] and scoring.score_answer(row, "the sea " * 30, stopped=False)["checks"]["stopped"] is False
    domains = scoring.domain_scores([row], [good], [(1.0, 1)])
    assert domains["cooking"]["score"] == 1.0


def _example_generator_rows(n: int) -> list[dict]:
    """Rows of examples/my_generators.py's unit_conversion, the README's custom domain."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "examples/my_generators.py"
    spec = importlib.util.spec_from_file_location("my_generators", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.UnitConversionGenerator().rows(n, 0))


def test_a_custom_domain_scores_high_answered_well_and_low_answered_badly():
    """A custom generator's domain has no rubric of its own: the generic one scores
    its references and paraphrases of them 1.0, where it used to score 0.0, and
    off-topic, looping or unfinished answers at most half as well."""
    from ech0.data.rows import reference

    rows = _example_generator_rows(30)  # 10 of them two-turn conversations, scored on the follow-up
    assert any("messages" in r for r in rows)

    def paraphrase(row):  # the same working in other words
        inputs, answer = row["metadata"]["inputs"], row["metadata"]["answer"]
        return (f"Scale the value by the conversion factor: {inputs['x']} times {inputs['factor']:.6g} "
                f"gives {answer}.\nFinal answer: {answer}")

    def score(answers, stopped=True):
        scored = [scoring.score_answer(r, a, stopped) for r, a in zip(rows, answers)]
        return scored, scoring.domain_scores(rows, scored, [(1.0, 1)] * len(rows))["unit_conversion"]

    for answers in ([reference(r) for r in rows], [paraphrase(r) for r in rows]):
        scored, domain = score(answers)
        assert domain["score"] == 1.0 and domain["pass_rate"] == 1.0 and domain["exact_match"] == 1.0
        assert set(scored[0]["checks"]) == {"stopped", "on_topic", "not_repetitive", "reference_overlap"}
    off_topic, domain = score(["Quarterly revenue rose five percent on strong subscription sales."] * len(rows))
    assert domain["score"] <= 0.5 and domain["pass_rate"] == 0.0
    assert not any(s["checks"]["on_topic"] or s["checks"]["reference_overlap"] for s in off_topic)
    _, looping = score(["the sea " * 40] * len(rows), stopped=False)
    assert looping["score"] == 0.0
    # Unfinished (cut off at max_new_tokens): the one check a truncated reference fails.
    _, cut = score([reference(r) for r in rows], stopped=False)
    assert cut["score"] == 0.75


def _case(cid, **checks):
    return {"id": cid, "domain": "law", "prompt": f"prompt {cid}", "checks": checks or {"must_stop": True},
            "max_new_tokens": 16, "min_score": 1.0, "why": "w"}


def test_rebaseline_takes_each_cases_lowest_score_and_names_unfailable_cases():
    cases = [_case("a"), _case("b"), _case("c", not_contains=["sk-"]), _case("d")]
    runs = [[{"set": "regression", "id": "a", "score": 1.0}, {"set": "regression", "id": "b", "score": 0.5},
             {"set": "regression", "id": "c", "score": 0.0}, {"set": "regression", "id": "d", "score": 0.0},
             {"set": "capability", "id": "a", "score": 0.0}],  # another set's report of the same id: ignored
            [{"id": "a", "score": 0.6667}, {"id": "b", "score": 1.0}, {"id": "c", "score": 1.0},
             {"id": "d", "score": 1.0}]]
    new, unfailable = scoring.rebaseline(cases, runs)
    assert [c["min_score"] for c in new] == [0.6667, 0.5, 0.0, 0.0]
    assert [list(c) for c in new] == [list(c) for c in cases]  # fields keep their order
    assert unfailable == ["d"]  # c forbids a string, so it can still fail at 0
    assert [c["min_score"] for c in cases] == [1.0] * 4  # inputs untouched
    with pytest.raises(ValueError, match="run 2 has no score for case"):
        scoring.rebaseline(cases, [runs[0], runs[1][:2]])


def test_made_up_addresses_under_reserved_domains_are_not_pii():
    flags = scoring.safety_flags("x", "ai_ml", "Contact kentrol@example.com or a@b.test.")
    assert flags == []
    real = scoring.safety_flags("x", "ai_ml", "Contact jane.doe@gmail.com or ops@example.company.io.")
    assert [f["detector"] for f in real] == ["email", "email"]
