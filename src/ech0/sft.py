"""Supervised fine-tuning examples: tokenisation, completion-only labels, batching.

An example is `format_prompt(prompt)` followed by `completion` and EOS. Labels
are -100 over the prompt, so loss is computed on completion tokens only, and
EOS is a label, so the model learns to stop by itself.

The prompt and the completion are tokenised separately, exactly as at
inference (the prompt alone is encoded, then the model continues), so there is
no train/inference mismatch at the boundary.

Examples longer than `max_seq_len` are never truncated: they are left out and
counted (`too_long`, `longest`) so metrics/train.json accounts for every row.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from ech0.prompt import format_prompt

IGNORE_INDEX = -100  # the label value torch's cross-entropy skips


@dataclass
class Tokenized:
    examples: list[dict]      # {"input_ids": [...], "labels": [...]} per kept row
    too_long: int             # rows left out because they exceed max_seq_len
    longest: int              # longest example seen, in tokens
    completion_tokens: int    # label tokens over kept examples


def tokenize_rows(tokenizer, rows: list[dict], max_seq_len: int) -> Tokenized:
    prompts = tokenizer([format_prompt(r["prompt"]) for r in rows], add_special_tokens=True)["input_ids"]
    completions = tokenizer([r["completion"] for r in rows], add_special_tokens=False)["input_ids"]
    eos = tokenizer.eos_token_id
    out, too_long, longest, label_tokens = [], 0, 0, 0
    for p, c in zip(prompts, completions):
        ids = p + c + [eos]
        longest = max(longest, len(ids))
        if len(ids) > max_seq_len:
            too_long += 1
            continue
        out.append({"input_ids": ids, "labels": [IGNORE_INDEX] * len(p) + c + [eos]})
        label_tokens += len(c) + 1
    return Tokenized(out, too_long, longest, label_tokens)


@dataclass
class PadCollator:
    """Right-pads a batch to its longest example (dynamic padding). With the
    length-grouped sampler, batches hold similar lengths, so little is padded."""

    pad_token_id: int

    def __call__(self, batch: list[dict]) -> dict[str, torch.Tensor]:
        width = max(len(b["input_ids"]) for b in batch)
        ids = torch.full((len(batch), width), self.pad_token_id, dtype=torch.long)
        labels = torch.full((len(batch), width), IGNORE_INDEX, dtype=torch.long)
        mask = torch.zeros((len(batch), width), dtype=torch.long)
        for i, b in enumerate(batch):
            n = len(b["input_ids"])
            ids[i, :n] = torch.tensor(b["input_ids"])
            labels[i, :n] = torch.tensor(b["labels"])
            mask[i, :n] = 1
        return {"input_ids": ids, "labels": labels, "attention_mask": mask}


def packing_collator():
    """Padding-free batches: examples concatenated into one row with position ids
    restarting per example; transformers turns those into a block-diagonal mask,
    so each example attends only to itself (tested against per-example logits)."""
    from transformers import DataCollatorWithFlattening

    return DataCollatorWithFlattening(return_position_ids=True, separator_id=IGNORE_INDEX)
