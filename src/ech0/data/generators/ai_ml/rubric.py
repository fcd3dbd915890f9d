"""ai_ml's rubric: how ech0.eval.rubrics.rubric() scores an ai_ml answer.

As materials_science where the row has metadata.answer: final_answer_correct,
final_answer_given, working_shown, units_match (answers with a unit). Risk
reviews ("Name 4 key risks and how to reduce them"): requested_items_listed
and mitigations_given.
"""

from __future__ import annotations

import re

from ech0.eval.common import answer_checks, count_check

__all__ = ["checks"]


def checks(prompt: str, completion: str, metadata: dict, *, reference: str = "",
           stopped: bool = True) -> dict[str, bool]:
    """Named pass/fail checks for one ai_ml answer (the interface every domain rubric has)."""
    out = answer_checks(completion, metadata, working=True)
    if not out and re.search(r"\brisks?\b", prompt, re.I):
        # The risk-review template: "Name 4 key risks and how to reduce them".
        out.update(count_check(prompt, completion, "risks?"))
        out["mitigations_given"] = bool(re.search(r"mitigat|reduc|control|safeguard", completion, re.I))
    return out
