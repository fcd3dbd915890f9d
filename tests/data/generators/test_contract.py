"""The generator contract (ech0.data.generators.contract): a templates table stands in for
`categories` and `example`, and a table that disagrees with the categories fails at class creation."""

from __future__ import annotations

import random

import pytest

from ech0.data.generators.contract import DomainGenerator, Example


def _make(category: str, text: str):
    def template(rng: random.Random) -> Example:
        return Example(prompt=f"{text} {rng.randrange(100)}", completion="ok", category=category,
                       difficulty="easy", template=f"toy.{text}")
    return template


def test_templates_give_the_categories_and_the_draw():
    class Toy(DomainGenerator):
        domain = "toy"
        templates = {"b": (_make("b", "b1"), _make("b", "b2")), "a": (_make("a", "a1"),)}

    assert Toy.categories == ("b", "a")  # the table's order: rows round-robin over it
    rows = list(Toy().rows(40, seed=1))
    assert [r["category"] for r in rows[:4]] == ["b", "a", "b", "a"]
    assert {r["metadata"]["template"] for r in rows if r["category"] == "b"} == {"toy.b1", "toy.b2"}
    assert rows == list(Toy().rows(40, seed=1))


def test_a_table_that_disagrees_with_the_categories_is_an_error():
    with pytest.raises(TypeError, match="templates are filed under"):
        class Bad(DomainGenerator):
            domain = "bad"
            categories = ("a", "c")
            templates = {"a": (_make("a", "a1"),)}


def test_a_generator_with_neither_templates_nor_example_says_so():
    class Empty(DomainGenerator):
        domain = "empty"
        categories = ("a",)

    with pytest.raises(NotImplementedError, match="neither `templates` nor `example`"):
        next(Empty().rows(1, seed=0))
