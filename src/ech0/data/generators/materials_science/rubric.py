"""materials_science's rubric: how ech0.eval.rubrics.rubric() scores a materials_science answer.

final_answer_correct (the `Final answer:` equals metadata.answer),
final_answer_given (the line is there, right or wrong), working_shown (an
equation on another line) and units_match (answers with a physical unit).
"""

from __future__ import annotations

from ech0.eval.common import answer_checks

__all__ = ["checks"]


def checks(prompt: str, completion: str, metadata: dict, *, reference: str = "",
           stopped: bool = True) -> dict[str, bool]:
    """Named pass/fail checks for one materials_science answer (the interface every domain rubric has)."""
    return answer_checks(completion, metadata, working=True)
