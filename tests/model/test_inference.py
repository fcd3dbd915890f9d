"""Batched greedy generation: per-prompt budgets give the answers each prompt gets alone."""

from __future__ import annotations

import pytest

from ech0.model import inference
from ech0.model.prompt import ensure_chat_template

PROMPTS = ["Add 2 and 3.", "Name a prime.", "Add 11 and 7.", "Explain recursion.",
           "Write two short sentences about the sea and the sky, then stop.", "Hi."]


def test_per_prompt_budgets_match_one_prompt_at_a_time(tiny_base):
    tok, model = tiny_base
    ensure_chat_template(tok)
    budgets = [3, 12, 7, 1, 9, 5]
    pooled = inference.generate(model, tok, PROMPTS, budgets, batch_size=4)
    for prompt, budget, got in zip(PROMPTS, budgets, pooled):
        alone = inference.generate(model, tok, [prompt], budget, batch_size=1)[0]
        assert got == alone
        assert got.new_tokens <= budget and (got.stopped or got.new_tokens == budget)
    # The untrained tiny model does not stop within 12 tokens: the budgets did cut.
    assert [g.new_tokens for g in pooled] == budgets


@pytest.mark.parametrize("prefill_rows", [16, 2])
def test_greedy_matches_transformers_generate_and_rows_leave_at_eos(tiny_base, monkeypatch, prefill_rows):
    """The compacting decoder is Hugging Face's greedy search with its repetition
    penalty (fp32, so bit for bit), also when the prompts are prefilled in groups
    cut to their own length (prefill_rows 2: three different cuts); a row that
    emits EOS stops there while the others go on."""
    import torch

    monkeypatch.setattr(inference, "PREFILL_ROWS", prefill_rows)

    import copy

    from ech0.model.prompt import render_prompt

    tok, model = tiny_base
    ensure_chat_template(tok)
    tok.padding_side = "left"
    # The untrained model repeats one token whatever the context; noisy weights
    # give answers that differ by row and step, so a stopped row is visible.
    model, gen = copy.deepcopy(model), torch.Generator().manual_seed(0)
    with torch.no_grad():
        for p in model.parameters():
            p.add_(torch.randn(p.shape, generator=gen) * 0.5)

    enc = tok([render_prompt(tok, p) for p in PROMPTS], return_tensors="pt", padding=True, add_special_tokens=False)
    with torch.no_grad():
        ref = model.generate(**enc, max_new_tokens=10, do_sample=False, repetition_penalty=1.3,
                             pad_token_id=tok.pad_token_id, eos_token_id=tok.eos_token_id)[:, enc["input_ids"].shape[1]:]
        # EOS := the last new token of row 0's answer, so row 0 stops early and
        # (unless they emit it too) the other rows decode on without it.
        eos = int(ref[0, -1])
        got = inference.greedy(model, enc["input_ids"], enc["attention_mask"], [10] * len(PROMPTS), None, 1.3)
        cut = inference.greedy(model, enc["input_ids"], enc["attention_mask"], [10] * len(PROMPTS), eos, 1.3)
    assert [ids for ids, _ in got] == ref.tolist()
    assert cut[0][1] and len(cut[0][0]) < 10
    assert any(not stopped and len(ids) == 10 for ids, stopped in cut[1:])  # decoded on after row 0 left
    for (ids, stopped), row in zip(cut, ref.tolist()):
        expected = row[: row.index(eos)] if eos in row else row
        assert (ids, stopped) == (expected, eos in row)


def test_stop_at_eos_false_runs_every_answer_to_its_budget(tiny_base):
    tok, model = tiny_base
    ensure_chat_template(tok)
    gens = inference.generate(model, tok, PROMPTS, [5, 9, 2, 7, 1, 3], batch_size=4, stop_at_eos=False)
    assert [g.new_tokens for g in gens] == [5, 9, 2, 7, 1, 3] and not any(g.stopped for g in gens)
