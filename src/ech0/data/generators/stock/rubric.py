"""stock's rubric: how ech0.eval.rubrics.rubric() scores a stock answer.

disclaimer_present: generators/contract.py's STOCK_DISCLAIMER word for word (case,
whitespace and punctuation ignored), plus the worked-answer checks
(final_answer_correct, final_answer_given, units_match where the answer has a
unit, working_shown) where the row has metadata.answer. A refusal row
(metadata.refusal) is scored on declining, with the same disclaimer.
"""

from __future__ import annotations

from ech0.data.generators.contract import STOCK_DISCLAIMER
from ech0.eval.common import finance_checks

__all__ = ["checks"]


def checks(prompt: str, completion: str, metadata: dict, *, reference: str = "",
           stopped: bool = True) -> dict[str, bool]:
    """Named pass/fail checks for one stock answer (the interface every domain rubric has)."""
    return finance_checks(completion, metadata, STOCK_DISCLAIMER)
