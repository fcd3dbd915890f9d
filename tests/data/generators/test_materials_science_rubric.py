"""materials_science's rubric (src/ech0/data/generators/materials_science/rubric.py):
the final answer, its unit and the working."""

from __future__ import annotations

from ech0.data.generators.materials_science.rubric import checks


def test_units_and_working():
    meta = {"answer": "0.1292 nm"}
    good = "d = 0.3165 / 2.4495 = 0.1292 nm\nFinal answer: 0.1292 nm"
    assert checks("p", good, meta) == \
        {"final_answer_correct": True, "final_answer_given": True, "units_match": True, "working_shown": True}
    wrong_unit = good.replace("Final answer: 0.1292 nm", "Final answer: 0.1292 mm")
    assert checks("p", wrong_unit, meta) == \
        {"final_answer_correct": False, "final_answer_given": True, "units_match": False, "working_shown": True}
    assert checks("p", "Final answer: 0.1292 nm", meta)["working_shown"] is False


def test_a_row_without_an_answer_has_no_check_of_its_own():
    """ech0.eval.rubrics.rubric() then scores it on_topic + not_repetitive."""
    assert checks("Explain grain boundaries.", "Grain boundaries pin dislocations.", {}) == {}
