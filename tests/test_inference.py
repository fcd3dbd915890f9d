"""Batched greedy generation: per-prompt budgets give the answers each prompt gets alone."""

from __future__ import annotations

from ech0 import inference
from ech0.prompt import ensure_chat_template

PROMPTS = ["Add 2 and 3.", "Name a prime.", "Add 11 and 7.", "Explain recursion."]


def test_per_prompt_budgets_match_one_prompt_at_a_time(tiny_base):
    tok, model = tiny_base
    ensure_chat_template(tok)
    budgets = [3, 12, 7, 1]
    pooled = inference.generate(model, tok, PROMPTS, budgets, batch_size=4)
    for prompt, budget, got in zip(PROMPTS, budgets, pooled):
        alone = inference.generate(model, tok, [prompt], budget, batch_size=1)[0]
        assert got == alone
        assert got.new_tokens <= budget and (got.stopped or got.new_tokens == budget)
    # The untrained tiny model does not stop within 12 tokens: the budgets did cut.
    assert [g.new_tokens for g in pooled] == budgets
