"""Scoring rubrics for model completions on eval rows: the one entry point.

The eval stage generates a completion for each held-out prompt and scores it
here, by domain, against what the generators promise about their own output.
Each built-in domain's rubric sits beside its generator, in
src/ech0/data/generators/<domain>/rubric.py, behind one interface:

    checks(prompt, completion, metadata, *, reference="", stopped=True) -> dict[str, bool]

and, where the domain has one, REFUSAL_DISCLAIMER: the text a refusal in that
domain must carry (refusal rows are scored here, alike in every domain). The
checks are `Final answer: ...` lines that match `metadata.answer`, IRAC headings in
law, `Predicted outcome:` / `Probability:` in court_prediction, the exact
disclaimers in stock and crypto, Big-O and the design element the prompt asked
for in advanced_software, cheap novelty / coherence proxies for creativity
(each module's docstring lists them). `rubric()` looks the domain up in
DOMAIN_RUBRICS, a static table of the ten; a domain with no rubric of its own
(imported data, a custom generator) gets the generic one: the answer stops, is
on topic, does not loop and overlaps the reference. The helpers the rubrics
share (final-answer extraction, exact match, token F1, relevance, repetition)
live in ech0.eval.common and are re-exported here.

Everything here is a pure function of strings and plain values: no I/O, no
torch, no model. A domain's package __init__ is empty, so importing its rubric
loads none of its generator (generator.py, banks.yaml): the eval stage depends
on the rubrics only, and a generator edit re-runs raw, not eval.
`rubric()` returns named boolean checks for one row and `rubric_score()` turns
them into the fraction passed, so a domain's score is the mean over its rows.
The generators' own reference completions pass every check
(tests/eval/test_rubrics.py asserts it on seed 0), so a model that writes like
them scores 1.0.
"""

from __future__ import annotations

from types import ModuleType

import ech0.data.generators.advanced_software.rubric as advanced_software_rubric
import ech0.data.generators.ai_ml.rubric as ai_ml_rubric
import ech0.data.generators.court_prediction.rubric as court_prediction_rubric
import ech0.data.generators.creativity.rubric as creativity_rubric
import ech0.data.generators.crypto.rubric as crypto_rubric
import ech0.data.generators.law.rubric as law_rubric
import ech0.data.generators.materials_science.rubric as materials_science_rubric
import ech0.data.generators.prompt_engineering.rubric as prompt_engineering_rubric
import ech0.data.generators.reasoning.rubric as reasoning_rubric
import ech0.data.generators.stock.rubric as stock_rubric
from ech0.eval.common import (NUMERIC_REL_TOL, RELEVANCE_MIN, REPETITION_3_MAX, declines, distinct_n, exact_match,
                              extract_final_answer, normalise_answer, prompt_relevance, refusal_checks,
                              repetition_rate, token_f1)

__all__ = [
    "normalise_answer", "extract_final_answer", "exact_match", "token_f1", "distinct_n",
    "repetition_rate", "prompt_relevance", "rubric", "rubric_score", "declines", "generic_checks",
    "DOMAIN_RUBRICS", "REPETITION_3_MAX", "RELEVANCE_MIN", "REFERENCE_F1_MIN", "NUMERIC_REL_TOL",
]

# The domains with a rubric of their own: the ten built-in generators'
# (tests/eval/test_rubrics.py holds this table equal to generators.BUILTIN and
# checks each module's interface). Any other domain is scored by generic_checks.
DOMAIN_RUBRICS: dict[str, ModuleType] = {
    "reasoning": reasoning_rubric, "creativity": creativity_rubric, "law": law_rubric,
    "materials_science": materials_science_rubric, "ai_ml": ai_ml_rubric,
    "prompt_engineering": prompt_engineering_rubric, "court_prediction": court_prediction_rubric,
    "stock": stock_rubric, "crypto": crypto_rubric, "advanced_software": advanced_software_rubric,
}

# Measured answer by answer on two default runs' 60 eval rows (the committed one
# and a re-run): at 0.15 the fine-tune passes 44 and 48 of 60, SmolLM2 as shipped
# 5 and 8. 0.12 passes 53-55 against 13-16 and 0.2 passes 27-31 against 1-3;
# the gap between the two is 0.65-0.67 at 0.12 and 0.15 and 0.40-0.50 at 0.2,
# and of those two 0.15 lets fewer generic answers through. The reference
# itself scores 1.0. F1 cannot tell a right answer from the answer to another
# question in the same template: a row's reference scored against another row
# of its domain has median F1 0.15 over the ten built-in generators and
# examples/my_generators.py, and 0.2-0.5 in the templated ones (court_prediction,
# stock, crypto, unit_conversion). on_topic is the check that catches those
# (7-48% of them pass it, per domain), and exact_match is reported beside it.
REFERENCE_F1_MIN = 0.15


def generic_checks(prompt: str, completion: str, reference: str, stopped: bool) -> dict[str, bool]:
    """For a domain with no rubric (imported data, a custom generator): stops by
    itself, on topic, not looping, and close enough to the reference answer."""
    return {"stopped": bool(stopped), **_fallback_checks(prompt, completion),
            "reference_overlap": token_f1(completion, reference) >= REFERENCE_F1_MIN}


def _fallback_checks(prompt: str, completion: str) -> dict[str, bool]:
    """For rows of a known domain with nothing more specific to check: on topic, not looping."""
    return {"on_topic": prompt_relevance(prompt, completion) >= RELEVANCE_MIN,
            "not_repetitive": bool(completion.strip()) and repetition_rate(completion, 3) <= REPETITION_3_MAX}


def rubric(domain: str, prompt: str, completion: str, metadata: dict, *, reference: str = "",
           stopped: bool = True) -> dict[str, bool]:
    """Named pass/fail checks for one completion of one eval row (a conversation's
    last answer: `prompt` is the user turn it answers).

    A refusal row (metadata.refusal, written by generators/refusals/ into six
    domains) is scored on `declined` in every domain, plus the disclaimer its
    domain's rubric names as REFUSAL_DISCLAIMER (stock, crypto and law). Any
    other row of a built-in domain is scored by its own rubric,
    DOMAIN_RUBRICS[domain].checks (src/ech0/data/generators/<domain>/rubric.py
    lists each domain's checks); one that matches none of its checks gets
    on_topic + not_repetitive. Any other domain (imported data, a custom
    generator) gets generic_checks: stopped, on_topic, not_repetitive and
    reference_overlap (token F1 against `reference` >= REFERENCE_F1_MIN). Before the generic
    rubric, an unknown domain got no checks, and every answer counted as
    failed: its domain scored 0.0 and pulled `overall` down.
    """
    prompt, completion, metadata = prompt or "", completion or "", metadata or {}
    own = DOMAIN_RUBRICS.get(domain)
    if metadata.get("refusal"):
        return refusal_checks(completion, getattr(own, "REFUSAL_DISCLAIMER", None))
    if own is None:
        return generic_checks(prompt, completion, reference, stopped)
    return own.checks(prompt, completion, metadata, reference=reference, stopped=stopped) or \
        _fallback_checks(prompt, completion)


def rubric_score(checks: dict[str, bool]) -> float | None:
    """Fraction of checks passed; None when there are no checks (nothing was scored)."""
    if not checks:
        return None
    return sum(bool(v) for v in checks.values()) / len(checks)
