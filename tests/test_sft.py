"""SFT examples: completion-only labels, trained EOS, no silent truncation, and
batching that changes no logits (dynamic padding and padding-free packing)."""

from __future__ import annotations

import torch

from ech0.prompt import format_prompt
from ech0.sft import IGNORE_INDEX, PadCollator, packing_collator, tokenize_rows

ROWS = [{"prompt": "Add 2 and 3.", "completion": "2 + 3 = 5.\nFinal answer: 5"},
        {"prompt": "Name a prime.", "completion": "Seven is prime."},
        {"prompt": "Explain recursion in one sentence, please.", "completion": "A function that calls itself on a smaller input."}]


def test_labels_cover_completion_and_eos_only(tiny_base):
    tok, _ = tiny_base
    t = tokenize_rows(tok, ROWS, max_seq_len=512)
    assert len(t.examples) == 3 and t.too_long == 0
    for row, ex in zip(ROWS, t.examples):
        n_prompt = len(tok(format_prompt(row["prompt"]), add_special_tokens=True)["input_ids"])
        assert ex["labels"][:n_prompt] == [IGNORE_INDEX] * n_prompt
        assert ex["labels"][n_prompt:] == ex["input_ids"][n_prompt:]
        assert ex["input_ids"][-1] == tok.eos_token_id and ex["labels"][-1] == tok.eos_token_id
        assert tok.decode(ex["input_ids"][n_prompt:-1]) == row["completion"]


def test_too_long_examples_are_counted_not_truncated(tiny_base):
    tok, _ = tiny_base
    full = tokenize_rows(tok, ROWS, max_seq_len=512)
    limit = sorted(len(e["input_ids"]) for e in full.examples)[1]
    t = tokenize_rows(tok, ROWS, max_seq_len=limit)
    assert t.too_long == 1 and len(t.examples) == 2 and t.longest == max(len(e["input_ids"]) for e in full.examples)
    assert all(len(e["input_ids"]) <= limit for e in t.examples)


def _per_example_logits(model, examples):
    with torch.no_grad():
        return [model(input_ids=torch.tensor([e["input_ids"]])).logits[0] for e in examples]


def test_dynamic_padding_matches_per_example_logits(tiny_base):
    tok, model = tiny_base
    examples = tokenize_rows(tok, ROWS, 512).examples
    batch = PadCollator(tok.pad_token_id)(examples)
    assert batch["input_ids"].shape[1] == max(len(e["input_ids"]) for e in examples)
    with torch.no_grad():
        logits = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits
    for i, ref in enumerate(_per_example_logits(model, examples)):
        torch.testing.assert_close(logits[i, : len(ref)], ref, rtol=1e-4, atol=1e-4)


def test_packing_has_no_padding_and_matches_per_example_logits(tiny_base):
    tok, model = tiny_base
    examples = tokenize_rows(tok, ROWS, 512).examples
    batch = packing_collator()(examples)
    total = sum(len(e["input_ids"]) for e in examples)
    assert batch["input_ids"].shape == (1, total) and "attention_mask" not in batch
    # use_cache=False, as in training: transformers builds the per-example mask
    # from position_ids only when no KV cache is in play (modeling.load_model
    # sets it for training).
    with torch.no_grad():
        logits = model(input_ids=batch["input_ids"], position_ids=batch["position_ids"], use_cache=False).logits[0]
    start = 0
    for ref in _per_example_logits(model, examples):
        torch.testing.assert_close(logits[start:start + len(ref)], ref, rtol=1e-4, atol=1e-4)
        start += len(ref)
    # Without position ids the examples would attend across boundaries: the test can fail.
    with torch.no_grad():
        leaky = model(input_ids=batch["input_ids"], use_cache=False).logits[0]
    second = len(examples[0]["input_ids"])
    assert not torch.allclose(leaky[second:second + 3], logits[second:second + 3], atol=1e-4)
