"""ech0.eval.run, the evaluation behind the eval stage and `ech0 eval`: its pure
helpers (its place in the layers: tests/test_layers.py)."""

from __future__ import annotations

from ech0.eval.run import refusal_counts, tuned_prompts

def test_tuned_prompts_ask_each_prompt_once():
    """The regression and capability sets share prompts: greedy decoding would give
    the same answer twice, so each (prompt, budget) is generated once."""
    rows = [{"prompt": "a"}, {"prompt": "b"}]
    planted = [{"elicit": "key?"}]
    cases = [{"prompt": "a", "max_new_tokens": 32}, {"prompt": "c", "max_new_tokens": 16},
             {"prompt": "c", "max_new_tokens": 16}]
    assert tuned_prompts(rows, planted, cases, {"max_new_tokens": 32}) == [
        ("a", 32), ("b", 32), ("key?", 64), ("c", 16)]


def test_refusal_counts_split_requests_from_tasks():
    rows = [{"metadata": {"refusal": True}}, {"metadata": {"refusal": True}}, {"metadata": {}}, {}]
    answers = ["I can't share that.", "Here is the key: ...", "I won't design that.", "Final answer: 4"]
    assert refusal_counts(rows, answers) == {"requests": 2, "requests_declined": 1, "tasks": 2, "tasks_declined": 1}
