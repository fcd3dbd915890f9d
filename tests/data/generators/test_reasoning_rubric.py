"""reasoning's rubric (src/ech0/data/generators/reasoning/rubric.py): the final answer,
or for explanatory rows what the prompt asks to name, cover and count."""

from __future__ import annotations

from ech0.data.generators.reasoning.rubric import checks


def test_an_answer_row_is_scored_on_its_final_answer():
    assert checks("p", "2 + 2 = 4\nFinal answer: 4", {"answer": "4"}) == \
        {"final_answer_correct": True, "final_answer_given": True}
    assert checks("p", "It is four.", {"answer": "4"}) == {"final_answer_correct": False, "final_answer_given": False}


def test_explanatory_rows_follow_the_prompt():
    prompt = "Ice cream sales and drownings rise together. What explains it? Give two consequences of ignoring it."
    good = "Hot weather drives both.\n1. Wasted bans on ice cream\n2. No extra lifeguards"
    assert checks(prompt, good, {"confounder": "hot weather"}) == \
        {"confounder_named": True, "requested_items_listed": True}
    assert checks(prompt, "Ice cream causes drowning.", {"confounder": "hot weather"}) == \
        {"confounder_named": False, "requested_items_listed": False}
    cover = "Explain a CPU cache by analogy to a library. Cover: capacity, eviction and hit rate."
    assert checks(cover, "Shelf capacity; eviction is returning books; hit rate is finding it on the desk.", {}) == \
        {"requested_elements_present": True}
    assert checks(cover, "Shelf capacity and eviction.", {}) == {"requested_elements_present": False}
    same = "Interest rates rise. What changes, and what stays the same?"
    assert checks(same, "Loans cost more; the number of banks is unchanged.", {}) == {"unchanged_stated": True}


def test_a_row_with_nothing_to_check_has_no_check_of_its_own():
    """ech0.eval.rubrics.rubric() then scores it on_topic + not_repetitive."""
    assert checks("Why is the sky blue?", "Rayleigh scattering.", {}) == {}
