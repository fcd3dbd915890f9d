"""Scoring helpers shared by every rubric (src/ech0/eval/common.py).

Toy strings pin down each helper: final-answer extraction and exact match,
token F1, distinct-n and repetition, prompt relevance, and the refusal checks.
The rubrics built from them are tested beside each domain
(tests/data/generators/test_<domain>_rubric.py) and through the entry point
(tests/eval/test_rubrics.py).
"""

from __future__ import annotations

import pytest

from ech0.data.generators.contract import STOCK_DISCLAIMER
from ech0.eval import common as C

# --- answers -----------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("  Final   PRICE. ", "final price"),
    ("1,234.50", "1234.5"),
    ("1234.5", "1234.5"),
    ("45.60", "45.6"),
    ("1780.00", "1780"),
    ("2.10%", "2.1%"),
    ("**42**.", "42"),
    ('"Yes!"', "yes"),
    ("\\boxed{7}", "7"),
    ("1.8e+08 s", "1.8e8 s"),
    ("2024-02-05", "2024-02-05"),   # a date is not three numbers to rewrite
    ("O(n^2)", "o(n^2)"),
    ("$3,384", "$3384"),
])
def test_normalise_answer(text, expected):
    assert C.normalise_answer(text) == expected


@pytest.mark.parametrize("completion, expected", [
    ("Work.\nFinal answer: 42", "42"),
    ("**Final Answer:** 3.5 nm", "3.5 nm"),
    ("## final answer: `O(n)`", "O(n)"),
    ("Final answer: 1\nRechecked.\nFinal answer: 2", "2"),
    (f"x = 5%\nFinal answer: 5%\n{STOCK_DISCLAIMER}", "5%"),
    ("Final answer:\n\n7", "7"),
    ("The answer is 7.", None),
    ("", None),
])
def test_extract_final_answer(completion, expected):
    assert C.extract_final_answer(completion) == expected


@pytest.mark.parametrize("completion, answer", [
    ("Final answer: 1234.5", "1,234.50"),
    ("Final answer: $45.60", "45.60"),            # a unit on one side only
    ("**Final answer:** 45.6.", "45.60"),
    ("Final answer: 0.30000000000000004", 0.3),   # float round-off, within 1e-6
    ("Final answer: 0.3", 0.1 + 0.2),               # a float answer: relative 1e-6
    ("Final answer: 1234567.8", 1234568.0),
    ("Final answer: 2.9474", "2.95"),             # more precise, rounds to the reference
    ("Final answer: 0.687", "68.7%"),
    ("Final answer: 4.455e-15 m^2/s", "4.45e-15 m^2/s"),
    ("Final answer: 180000000 s", "1.8e+08 s"),
    ("Final answer: 65730; pursue", "$65,730; pursue"),
    ("Final answer: rosa: KNAVE, hana: knave", "Rosa: knave, Hana: knave"),
    ("Final answer: 3", 3),
    ("Final answer: a, b", ["a", "b"]),
    ("Final answer: -$0.13", "-$0.13"),
    ("Final answer: O(n log n)", "O(n log n)"),
    ("no marker here\n465", "465"),                # falls back to the last line
])
def test_exact_match_accepts(completion, answer):
    assert C.exact_match(completion, answer)


@pytest.mark.parametrize("completion, answer", [
    ("Final answer: 2.9", "2.95"),                 # less precise
    ("Final answer: 45.61", "45.60"),
    ("Final answer: 1.377353", "1.377352"),        # 7e-7 relative, but a different printed digit
    ("Final answer: 1234570", 1234568.0),          # a float answer: 1.6e-6 relative is too far
    ("Final answer: 44.6", "45"),                  # integer answers are exact
    ("Final answer: 126,900,225", "126,900,224"),  # 8e-9 relative, still a wrong count
    ("Final answer: 4.45e-15 mm^2/s", "4.45e-15 m^2/s"),
    ("Final answer: 2032-06-07", "2032-06-06"),
    ("Final answer: Lars, Hana, Vik, Ravi, Faye", "Lars, Hana, Vik, Faye, Ravi"),
    ("Final answer: 0.13", "-$0.13"),
    ("Final answer: O(n)", "O(n log n)"),
    ("Final answer: 42\nlater line", "later line"),  # the marked answer wins over the last line
    ("", "1"),
    ("Final answer: 1", None),
])
def test_exact_match_rejects(completion, answer):
    assert not C.exact_match(completion, answer)


# --- text statistics -----------------------------------------------------------------

@pytest.mark.parametrize("pred, ref, expected", [
    ("the cat sat", "a cat sat on", 0.8),   # articles dropped: P = 2/2, R = 2/3
    ("Cat, sat!", "cat sat", 1.0),
    ("cat cat", "cat", 2 / 3),
    ("dog", "cat", 0.0),
    ("", "", 1.0),
    ("...", "", 1.0),                       # empty after normalisation
    ("cat", "", 0.0),
    ("", "cat", 0.0),
])
def test_token_f1(pred, ref, expected):
    assert C.token_f1(pred, ref) == pytest.approx(expected)


def test_distinct_n_and_repetition_rate():
    assert C.distinct_n("a b c d", 2) == 1.0
    assert C.distinct_n("a b a b", 2) == pytest.approx(2 / 3)
    assert C.distinct_n("", 2) == 0.0 and C.distinct_n("one", 2) == 0.0
    assert C.repetition_rate("a b c a b c") == pytest.approx(0.25)   # n = 3 by default
    assert C.repetition_rate("a b c d e", 3) == 0.0
    assert C.repetition_rate("", 3) == 0.0
    with pytest.raises(ValueError):
        C.distinct_n("a b", 0)


def test_prompt_relevance():
    prompt = "Write a poem about the lighthouse keeper's winter."
    assert C.prompt_relevance(prompt, "The lighthouse keeper counts the winter nights.") == pytest.approx(0.75)
    assert C.prompt_relevance(prompt, "Quarterly revenue rose 5%.") == 0.0
    assert C.prompt_relevance("Write it, please.", "anything at all") == 0.0   # no content word in the prompt
    assert C.prompt_relevance(prompt, "") == 0.0


@pytest.mark.parametrize("text, declined", [
    ("I can't share that.", True), ("I can\u2019t share that.", True), ("I won't do it.", True),
    ("I cannot provide personal data.", True), ("I must decline.", True), ("I refuse.", True),
    ("Here is the list: 1) John", False), ("Final answer: 42", False), ("This is a scan of the canteen.", False),
])
def test_declined_check(text, declined):
    assert C.refusal_checks(text) == {"declined": declined}


def test_refusal_checks_want_the_domains_disclaimer_word_for_word():
    text = f"I can't pick a stock for you.\n{STOCK_DISCLAIMER}"
    assert C.refusal_checks(text, STOCK_DISCLAIMER) == {"declined": True, "disclaimer_present": True}
    assert C.refusal_checks(text, "not legal advice") == {"declined": True, "disclaimer_present": False}


@pytest.mark.parametrize("text, declined", [
    ("I can't share your savings' details. Because ...", True),
    ("Disclaimer: Educational purposes only, not financial advice.\nI won't name a stock.", True),
    ("Educational analysis, not legal advice.\nIssue: Whether the clause binds.\nConclusion: it can't.", False),
    ("Step 1 = 2 + 2.\nFinal answer: I can't see why not", False),  # a refusal word after the opening line
    ("", False),
])
def test_declines_reads_the_first_line_after_a_disclaimer(text, declined):
    assert C.declines(text) is declined
