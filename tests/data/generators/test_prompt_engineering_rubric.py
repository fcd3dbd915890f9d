"""prompt_engineering's rubric (src/ech0/data/generators/prompt_engineering/rubric.py):
the slots the prompt names, the attack patterns, the number of steps asked for."""

from __future__ import annotations

from ech0.data.generators.prompt_engineering.rubric import checks


def test_the_slots_the_prompt_names_must_be_carried():
    meta = {"template": "prompt_engineering.structured_output", "slots": {"fields": ["name", "email", "id"]}}
    prompt = "Write a prompt that returns JSON with the fields name and email."
    assert checks(prompt, 'Return JSON: {"name": ..., "email": ...}', meta) == {"requested_elements_present": True}
    assert checks(prompt, 'Return JSON: {"name": ...}', meta) == {"requested_elements_present": False}


def test_jailbreak_rows_name_every_pattern():
    meta = {"template": "prompt_engineering.jailbreak_pattern",
            "slots": {"patterns": ["role-play", "payload splitting"]}}
    assert checks("p", "This combines role-play with payload splitting.", meta) == {"patterns_named": True}
    assert checks("p", "This is role-play.", meta) == {"patterns_named": False}


def test_a_pipeline_has_the_steps_asked_for():
    meta = {"template": "prompt_engineering.pipeline"}
    prompt = "Design a 3-step prompt chain that summarises a contract."
    assert checks(prompt, "1. Extract clauses\n2. Summarise each\n3. Merge", meta) == {"requested_items_listed": True}
    assert checks(prompt, "1. Extract clauses\n2. Summarise", meta) == {"requested_items_listed": False}


def test_an_answer_row_has_no_working_check():
    """Classification and scheduling rows have no equation to show."""
    assert checks("p", "Final answer: 2", {"answer": "2"}) == {"final_answer_correct": True, "final_answer_given": True}
