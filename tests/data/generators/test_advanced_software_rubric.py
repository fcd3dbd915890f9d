"""advanced_software's rubric (src/ech0/data/generators/advanced_software/rubric.py):
the final answer, and the Big-O, pattern, principle or fix the prompt asks for."""

from __future__ import annotations

import re

from ech0.data.generators.advanced_software.rubric import checks
from tests.data.generators.rubric_rows import eval_rows


def test_checks_follow_the_prompt():
    prompt = "What is the worst-case running time of heapsort? Be concise."
    meta = {"answer": "O(n log n)"}
    assert checks(prompt, "Final answer: O(n log n)", meta) == \
        {"final_answer_correct": True, "final_answer_given": True, "complexity_stated": True}
    assert checks(prompt, "Final answer: fast", meta) == \
        {"final_answer_correct": False, "final_answer_given": True, "complexity_stated": False}
    assert checks(prompt, "It is fast.", meta)["final_answer_given"] is False
    pattern = "Which design pattern would you apply here? Listeners must hear about every change."
    assert checks(pattern, "Use the Observer pattern.\nFinal answer: Observer", {"answer": "Observer"})["pattern_named"]
    assert not checks(pattern, "Use a class.", {"answer": "Observer"})["pattern_named"]
    solid = "Review this design: one class does five jobs. Which principle does it break, and how would you fix it?"
    assert checks(solid, "Single Responsibility Principle. Fix: split the class.", {}) == \
        {"principle_named": True, "fix_given": True}
    # "pattern m" in a string-matching prompt is not a design question
    assert "pattern_named" not in checks("Running time of KMP (text n, pattern m)?", "O(n + m)", {"answer": "O(n + m)"})


def test_removing_the_complexity_fails():
    for r in eval_rows("advanced_software"):
        if "complexity_stated" in checks(r["prompt"], r["completion"], r["metadata"]):
            stripped = re.sub(r"O\((?:[^()]|\([^()]*\))+\)", "fast", r["completion"])
            assert not checks(r["prompt"], stripped, r["metadata"])["complexity_stated"]
