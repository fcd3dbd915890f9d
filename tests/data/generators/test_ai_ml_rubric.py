"""ai_ml's rubric (src/ech0/data/generators/ai_ml/rubric.py): worked answers, and the
risks and mitigations a risk review asks for."""

from __future__ import annotations

from ech0.data.generators.ai_ml.rubric import checks


def test_a_worked_answer():
    text = "params = 512 x 512 x 4 = 1,048,576\nFinal answer: 1,048,576"
    assert checks("p", text, {"answer": "1,048,576"}) == \
        {"final_answer_correct": True, "final_answer_given": True, "working_shown": True}


def test_a_risk_review_lists_the_risks_and_how_to_reduce_them():
    prompt = "Name 4 key risks and how to reduce them for a resume-screening model."
    good = ("- Bias: audit by group\n- Drift: monitor monthly\n- Leakage: mitigate with access control\n"
            "- Overreach: human review")
    assert checks(prompt, good, {}) == {"requested_items_listed": True, "mitigations_given": True}
    short = "- Bias\n- Drift\n- Leakage"
    assert checks(prompt, short, {}) == {"requested_items_listed": False, "mitigations_given": False}
