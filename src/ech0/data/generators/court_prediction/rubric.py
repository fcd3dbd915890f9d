"""court_prediction's rubric: how ech0.eval.rubrics.rubric() scores a court_prediction answer.

outcome_given: a labelled `Predicted outcome:` (or `Prediction:`) line;
probability_given: a line that names a probability carries a percentage in
[0, 100] or a value in [0, 1].
"""

from __future__ import annotations

import re

__all__ = ["checks"]

# A labelled outcome, and a probability on a line that says so.
_OUTCOME_RE = re.compile(r"^[ \t>#*_\-]*(?:predicted\s+)?(?:outcome|prediction)[ \t*_]*:[ \t*_]*\w", re.I | re.M)
_PROB_LINE_RE = re.compile(r"^[^\n]*\b(?:probability|likelihood|chance)\b[^\n]*$", re.I | re.M)
_PERCENT_RE = re.compile(r"(?<![\w.])(\d{1,3}(?:\.\d+)?)\s*%")
_UNIT_INTERVAL_RE = re.compile(r"(?<![\w.])(?:0?\.\d+|[01](?:\.0+)?)(?![\w.%])")


def _probability_given(completion: str) -> bool:
    """A line naming a probability carries a percentage in [0, 100] or a value in [0, 1]."""
    for m in _PROB_LINE_RE.finditer(completion or ""):
        line = m.group(0)
        if any(float(p) <= 100 for p in _PERCENT_RE.findall(line)) or _UNIT_INTERVAL_RE.search(line):
            return True
    return False


def checks(prompt: str, completion: str, metadata: dict, *, reference: str = "",
           stopped: bool = True) -> dict[str, bool]:
    """Named pass/fail checks for one court_prediction answer (the interface every domain rubric has)."""
    return {"outcome_given": bool(_OUTCOME_RE.search(completion)), "probability_given": _probability_given(completion)}
