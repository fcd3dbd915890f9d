"""court_prediction's rubric (src/ech0/data/generators/court_prediction/rubric.py):
a labelled outcome and a probability."""

from __future__ import annotations

import pytest

from ech0.data.generators.court_prediction.rubric import checks
from tests.data.generators.rubric_rows import eval_rows


@pytest.mark.parametrize("completion, outcome, probability", [
    ("Predicted outcome: affirmed\nProbability: 90%", True, True),
    ("**Prediction:** plaintiff wins\nEstimated probability: 0.7", True, True),
    ("Predicted outcome: affirmed\nProbability: 170%", True, False),
    ("Predicted outcome: affirmed\nProbability: high", True, False),
    ("Affirmed, most likely.\nProbability: 60%", False, True),
    ("", False, False),
])
def test_outcome_and_probability(completion, outcome, probability):
    assert checks("p", completion, {}) == {"outcome_given": outcome, "probability_given": probability}


def test_removing_the_outcome_fails():
    for r in eval_rows("court_prediction"):
        no_outcome = "\n".join(ln for ln in r["completion"].splitlines() if not ln.startswith("Predicted outcome:"))
        assert not checks(r["prompt"], no_outcome, r["metadata"])["outcome_given"]
