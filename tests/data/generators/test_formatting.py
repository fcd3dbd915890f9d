"""The shared formatting helpers (ech0.data.generators.formatting): every generator's
money, percentages and Example rows go through them, so their edge cases are pinned here."""

from __future__ import annotations

from fractions import Fraction

import pytest

from ech0.data.generators.contract import FINAL_ANSWER_PREFIX
from ech0.data.generators.formatting import (cap_first, closed_prompt, definite, example, money, percent, rounded,
                                                    row_builder, with_article, worked)


def test_money_puts_the_minus_before_the_dollar_sign():
    assert money(1234) == "$1,234"
    assert money(-1234) == "-$1,234"
    assert money(1234.5, 2) == "$1,234.50"
    assert money(-0.5, 2) == "-$0.50"
    assert money(123456 / 100, 2) == "$1,234.56"   # integer cents, as law's interest rows pass them
    assert money(0.123456, 4) == "$0.1235"


def test_rounded_is_exact_and_rounds_half_away_from_zero():
    assert rounded(Fraction(1, 8)) == "0.13"        # 0.125 as a float would round to 0.12
    assert rounded(Fraction(-1, 8)) == "-0.13"
    assert rounded(Fraction(-1, 1000)) == "0.00"    # no "-0.00"
    assert rounded(Fraction(5, 2), 0) == "3"
    assert rounded(Fraction(1234, 100)) == "12.34"


def test_percent_of_floats_and_fractions():
    assert percent(12.5) == "12.50%"
    assert percent(3.14159, 1) == "3.1%"
    assert percent(Fraction(5, 16) * 100, 1) == "31.3%"   # 31.25 exactly, rounded up
    assert percent(Fraction(100 * 81, 87), 1) == "93.1%"


def test_capitalisation_and_articles():
    assert cap_first("aPI gateway") == "API gateway"   # str.capitalize would give "Api gateway"
    assert cap_first("") == ""
    assert with_article("order") == "an order"
    assert with_article("case") == "a case"
    assert definite("a retailer") == "the retailer"
    assert definite("an airline") == "the airline"
    assert definite("the court") == "the court"


def test_example_builds_the_completion_from_lines():
    ex = example(category="c", difficulty="easy", template="t", prompt="compute it.", lines=["a", "b"], answer="42",
                 formula="f", inputs={"x": 1})
    assert ex.prompt == "Compute it."
    assert ex.completion == f"a\nb\n{FINAL_ANSWER_PREFIX}42"
    assert ex.answer == "42"
    assert list(ex.extra) == ["formula", "inputs"]   # the order given: rows' metadata keeps it


def test_example_keeps_metadata_order_and_drops_none():
    ex = example(category="c", difficulty="hard", template="t", prompt="P", completion="done",
                 inputs={"a": 1}, formula="g", slots=None, covered=False)
    assert ex.completion == "done"
    assert ex.answer is None
    assert ex.extra == {"inputs": {"a": 1}, "formula": "g", "covered": False}
    assert list(ex.extra) == ["inputs", "formula", "covered"]


def test_example_first_line_and_no_answer():
    assert worked(["x"], None, "Disclaimer.") == "Disclaimer.\nx"
    ex = example(category="c", difficulty="easy", template="t", prompt="P", lines=["x"], first_line="Disclaimer.")
    assert ex.completion == "Disclaimer.\nx"
    with pytest.raises(TypeError):
        example(category="c", difficulty="easy", template="t", prompt="P", completion="y", lines=["x"])


def test_row_builder_names_the_template_and_category_and_draws_the_remark_last():
    import random

    build = row_builder("stock", first_line="Disclaimer.", remarks={"risk.var": ("Remark A.", "Remark B.")})
    ex = build("risk.var", "hard", "what is the VaR?", ["Step 1 = 2."], "2", "var", {"x": 1})
    assert (ex.category, ex.template, ex.difficulty, ex.prompt) == ("risk", "stock.risk.var", "hard", "What is the VaR?")
    assert ex.completion == "Disclaimer.\nStep 1 = 2.\nFinal answer: 2"
    assert list(ex.extra) == ["formula", "inputs"]
    rng, twin = random.Random(3), random.Random(3)
    with_remark = build("risk.var", "easy", "p", ["Step 1 = 2."], "2", rng=rng)
    assert with_remark.completion.splitlines()[2] == twin.choice(("Remark A.", "Remark B."))
    assert rng.random() == twin.random()  # exactly one draw
    short = row_builder("materials", categories={"nano": "nanomaterials"})("nano.ssa", "easy", "p", ["a = 1."], "1")
    assert (short.category, short.template) == ("nanomaterials", "materials.nano.ssa")


def test_closed_prompt_ends_with_one_drawn_closer_and_skips_empty_parts():
    import random

    prompt = closed_prompt(("Show the calculation.", "Explain briefly."))
    rng, twin = random.Random(5), random.Random(5)
    closer = ("Show the calculation.", "Explain briefly.")[twin.randrange(2)]
    assert prompt(rng, "What is 2 + 2?", "", "Round to 1 place.") == f"What is 2 + 2? Round to 1 place. {closer}"
    assert rng.random() == twin.random()  # exactly one draw
