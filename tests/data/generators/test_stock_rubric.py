"""stock's rubric (src/ech0/data/generators/stock/rubric.py): the stock disclaimer word
for word, plus the worked-answer checks."""

from __future__ import annotations

from ech0.data.generators.contract import CRYPTO_DISCLAIMER, STOCK_DISCLAIMER
from ech0.data.generators.stock.rubric import checks
from tests.data.generators.rubric_rows import eval_rows


def test_disclaimer_word_for_word_but_case_whitespace_and_punctuation_tolerant():
    spaced = STOCK_DISCLAIMER.upper().replace(" ", "  \n ")
    assert checks("p", f"Answer.\n{spaced}", {}) == {"disclaimer_present": True}
    semicolon = STOCK_DISCLAIMER.replace(", not", "; not")
    assert checks("p", f"{semicolon}\nAnswer.", {})["disclaimer_present"]
    assert checks("p", f"Answer.\n**{STOCK_DISCLAIMER}**", {})["disclaimer_present"]
    assert not checks("p", f"Answer.\n{CRYPTO_DISCLAIMER}", {})["disclaimer_present"]


def test_worked_answer_checks_beside_the_disclaimer():
    text = f"{STOCK_DISCLAIMER}\nReturn = (110 - 100) / 100 = 10%\nFinal answer: 10%"
    assert checks("p", text, {"answer": "10%"}) == {"disclaimer_present": True, "final_answer_correct": True,
                                                    "final_answer_given": True, "working_shown": True}


def test_removing_the_disclaimer_fails():
    for r in eval_rows("stock"):
        without = r["completion"].replace(STOCK_DISCLAIMER, "")
        assert not checks(r["prompt"], without, r["metadata"])["disclaimer_present"]
