"""Supervised fine-tuning examples: tokenisation, assistant-only labels, batching.

An example is a conversation rendered with the base's chat template
(ech0.model.prompt.segments): for a prompt/completion row, the template's user turn
and generation prompt, then the completion and the end-of-turn token
(`<|im_end|>` for ChatML, EOS for ech0's own template). Labels are -100 over
everything but assistant turns, so loss is computed on what the model must
write, and the end-of-turn token is a label, so the model learns to stop.

Each segment is tokenised on its own, exactly as at inference (the prompt
alone is encoded, then the model continues), so there is no train/inference
mismatch at the boundary.

Examples longer than `max_seq_len` are never truncated: they are left out and
counted (`too_long`, `longest`) so metrics/train/report.json accounts for every row.

Also the Trainer side of the train stage: the completion-only loss
(`completion_trainer_class`), token-budget batches and the optimizer Trainer is
given (`cpu_safe_optimizer`).
"""

from __future__ import annotations

import contextlib
import logging
import random
from dataclasses import dataclass

import torch

from ech0.model.losses import linear_cross_entropy
from ech0.model.prompt import segments
from ech0.data.rows import messages

IGNORE_INDEX = -100  # the label value torch's cross-entropy skips
logger = logging.getLogger(__name__)


@dataclass
class Tokenized:
    examples: list[dict]      # {"input_ids": [...], "labels": [...]} per kept row
    too_long: int             # rows left out because they exceed max_seq_len
    longest: int              # longest example seen, in tokens
    completion_tokens: int    # label tokens over kept examples


def tokenize_rows(tokenizer, rows: list[dict], max_seq_len: int) -> Tokenized:
    pieces = [segments(tokenizer, messages(r)) for r in rows]
    # One batched call for every segment of every row: the tokenizer's Rust side
    # does the work, ~10x faster than a call per segment.
    flat = tokenizer([text for p in pieces for text, _ in p], add_special_tokens=False)["input_ids"]
    out, too_long, longest, label_tokens = [], 0, 0, 0
    k = 0
    for p in pieces:
        ids: list[int] = []
        labels: list[int] = []
        for _, trained in p:
            ids += flat[k]
            labels += flat[k] if trained else [IGNORE_INDEX] * len(flat[k])
            k += 1
        longest = max(longest, len(ids))
        if len(ids) > max_seq_len:
            too_long += 1
            continue
        out.append({"input_ids": ids, "labels": labels})
        label_tokens += sum(t != IGNORE_INDEX for t in labels)
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


class TokenBudgetBatches(torch.utils.data.Sampler):
    """Batches of training examples filled up to a token budget, for DataLoader's
    `batch_sampler`.

    Why: with a fixed number of rows, a batch of 16 short examples leaves the
    matmuls too small to be efficient, while every step also pays a cost that
    does not grow with its size. A fixed token budget makes every step the same
    size. On the default model (2 CPU cores, compiled layers, fused loss; the
    stage over 40 steps, two runs each) budgets of 2,048 tokens ran at 14-16k
    non-padding tokens/s, 4,096 at 19-21k, 8,192 at 21-24k, 12,288 at 26-27k
    and 16,384 (the default) at 27-28k; a step of 16,384 tokens takes ~0.6 s
    where one of 4,096 takes ~0.2, so ~0.08 s of each step is that fixed cost.
    (Before the fused loss and compiling, budgets over ~6k gained little or
    lost: docs/benchmarks.md.)

    How: each epoch, examples are ordered longest first with random tie-breaks
    and cut greedily into batches whose padded size (rows x longest) stays within
    `max_tokens` (packed batches: the sum of lengths); the batch order is then
    shuffled. Rows in a batch share (almost) one length, so padding is ~0. The
    cut depends only on the multiset of lengths, so every epoch has the same
    number of batches (Trainer sizes its schedule from `len()`), while which
    examples share a batch changes with the epoch. An example longer than the
    budget forms a batch of its own.
    """

    def __init__(self, lengths: list[int], max_tokens: int, *, padded: bool = True, seed: int = 0):
        self.lengths, self.max_tokens, self.padded, self.seed = list(lengths), max_tokens, padded, seed
        self.epoch = 0
        self._len = len(self.batches(0))

    def set_epoch(self, epoch: int) -> None:
        self.epoch = epoch

    def batches(self, epoch: int) -> list[list[int]]:
        rng = random.Random(f"{self.seed}:{epoch}")
        ties = [rng.random() for _ in self.lengths]
        order = sorted(range(len(self.lengths)), key=lambda i: (-self.lengths[i], ties[i]))
        out: list[list[int]] = []
        batch: list[int] = []
        width = used = 0
        for i in order:
            n = self.lengths[i]
            cost = (len(batch) + 1) * max(width, n) if self.padded else used + n
            if batch and cost > self.max_tokens:
                out.append(batch)
                batch, width, used = [], 0, 0
            batch.append(i)
            width, used = max(width, n), used + n
        if batch:
            out.append(batch)
        rng.shuffle(out)
        return out

    def __iter__(self):
        return iter(self.batches(self.epoch))

    def __len__(self) -> int:
        return self._len


def right_padded(mask: torch.Tensor) -> bool:
    """Every row is 1s then 0s: real tokens first, padding after."""
    width = torch.arange(mask.shape[1], device=mask.device)
    return bool(torch.equal(mask.bool(), width < mask.sum(1, keepdim=True)))


class KeepPositions:
    """A forward pre-hook for the LM head. It keeps the hidden states whose next
    token is a label (`hidden`) for linear_cross_entropy and hands the head an
    empty batch in their place, so no logits are computed over the vocabulary at
    all; with `fused` off, the head itself gets those positions (a head that is
    not a plain Linear, such as one with a LoRA adapter of its own)."""

    def __init__(self, head: torch.nn.Module, fused: bool):
        self.head, self.fused = head, fused
        self.keep: torch.Tensor | None = None
        self.hidden: torch.Tensor | None = None

    def __call__(self, module, args):
        if self.keep is None:
            return None
        hidden = args[0][:, :-1][self.keep]
        if not self.fused:
            return (hidden,) + tuple(args[1:])
        self.hidden = hidden
        return (hidden[:0],) + tuple(args[1:])


def completion_trainer_class(batch_tokens: int = 0, compiled: bool = False):
    """Trainer whose loss is computed on completion positions only, and whose
    training batches follow a token budget when `batch_tokens` > 0
    (TokenBudgetBatches).

    Three savings over `model(**batch).loss`, all measured on the default model
    and data on 2 CPU cores (docs/benchmarks.md):
    - the LM head and the fp32 cross-entropy see only the positions with a
      label (prompt positions are ~35% of the tokens), instead of a
      [batch, width, vocab] fp32 tensor;
    - and even those logits are never materialised: linear_cross_entropy
      computes the head, the loss and its gradients 512 rows at a time
      (a 16 x 226 step 0.266 -> 0.228-0.247 s);
    - a right-padded batch goes in without its attention mask. Causal attention
      already keeps every real token from seeing the padding after it, and with
      no mask SDPA takes its causal fast path (~15% per step on CPU). Padding's own
      outputs are never labels. tests/model/test_sft.py shows the loss and gradients equal
      the masked model's.

    With `compiled` (training.compile; the decoder layers are compiled by
    loading.compile_layers), the loss's blocks are compiled too, and evaluation
    runs eagerly: a forward-only pass would compile a second set of graphs, for
    a few hundred eval rows.

    The loss is a sum over label tokens divided by `num_items_in_batch` (the
    label count of the whole accumulated step, across processes), as
    transformers' own causal-LM loss does, so gradient accumulation and DDP
    normalise over all tokens.
    """
    from transformers import Trainer

    class CompletionTrainer(Trainer):
        _keep_hook: KeepPositions | None = None

        def get_train_dataloader(self):
            if not batch_tokens:
                return super().get_train_dataloader()
            from torch.utils.data import DataLoader

            sampler = TokenBudgetBatches([len(e["input_ids"]) for e in self.train_dataset], batch_tokens,
                                         padded=isinstance(self.data_collator, PadCollator),
                                         seed=self.args.data_seed if self.args.data_seed is not None else self.args.seed)
            # accelerate shards the batches over processes (BatchSamplerShard accepts
            # batches of varying size) and Trainer calls set_epoch on the sampler.
            return self.accelerator.prepare(DataLoader(self.train_dataset, batch_sampler=sampler,
                                                       collate_fn=self.data_collator,
                                                       num_workers=self.args.dataloader_num_workers))

        def evaluate(self, *args, **kwargs):
            with torch.compiler.set_stance("force_eager") if compiled else contextlib.nullcontext():
                return super().evaluate(*args, **kwargs)

        def _lm_head_hook(self, model) -> KeepPositions:
            if self._keep_hook is None:
                inner = self.accelerator.unwrap_model(model)
                inner = inner.get_base_model() if hasattr(inner, "get_base_model") else inner
                head = inner.get_output_embeddings()
                # FSDP reshards the head's weight once forward returns, so it keeps the
                # head's own matmul; so does a head with an adapter or a bias of its own.
                fused = type(head) is torch.nn.Linear and head.bias is None and not self.is_fsdp_enabled
                self._keep_hook = KeepPositions(head, fused)
                head.register_forward_pre_hook(self._keep_hook)
            return self._keep_hook

        def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
            inputs = dict(inputs)
            labels = inputs.pop("labels")
            mask = inputs.get("attention_mask")
            if mask is not None and right_padded(mask):
                del inputs["attention_mask"]
            targets = labels[:, 1:]
            keep = targets != IGNORE_INDEX
            if num_items_in_batch is None:
                scale = 1.0 / keep.sum().clamp(min=1)
            else:
                scale = 1.0 / num_items_in_batch
                if self.args.average_tokens_across_devices and self.model_accepts_loss_kwargs:
                    # num_items_in_batch counts every process's labels and DDP averages the
                    # gradients over processes: scale back up (as Trainer.compute_loss does).
                    scale = scale * (self.accelerator.num_processes // self.get_tp_size())
            hook = self._lm_head_hook(model)
            hook.keep = keep
            try:
                outputs = model(**inputs)
            finally:
                hook.keep = None
            if hook.fused:
                hidden, hook.hidden = hook.hidden, None
                loss = linear_cross_entropy(hidden, hook.head.weight, targets[keep], scale, compiled=compiled)
            else:
                loss = torch.nn.functional.cross_entropy(outputs.logits.float(), targets[keep],
                                                         reduction="sum") * scale
            return (loss, outputs) if return_outputs else loss

    return CompletionTrainer


# Measured with bitsandbytes 0.50.2 on CPU: bnb.optim.AdamW8bit works (state1/state2
# are uint8 with blockwise absmax; after 20 steps the parameters are within 1.6% of
# torch.optim.AdamW's, the expected cost of 8-bit state). PagedAdamW8bit/32bit also
# run but paging is CUDA unified memory: on CPU bitsandbytes warns "Paged optimizers
# are not supported on CPU. Falling back to non-paged optimizer behavior." and
# PagedAdamW32bit then matches torch AdamW to 4.5e-7. So only the paged ones change.
_CPU_OPTIMIZERS = {"paged_adamw_8bit": "adamw_8bit", "paged_adamw_32bit": "adamw_torch"}


def cpu_safe_optimizer(name: str, on_gpu: bool) -> str:
    """The `training.optimizer` to actually use (a transformers `optim` name).

    On GPU the configured name is kept. On CPU the paged bitsandbytes
    optimizers become their non-paged equivalent (paged_adamw_8bit ->
    adamw_8bit, paged_adamw_32bit -> adamw_torch) with a logged warning, so
    what metrics record is what ran; adamw_8bit itself works on CPU and is kept.
    """
    if on_gpu or name not in _CPU_OPTIMIZERS:
        return name
    chosen = _CPU_OPTIMIZERS[name]
    logger.warning(
        "training.optimizer %s pages optimizer state through CUDA unified memory, which does not "
        "exist on CPU; using %s instead",
        name,
        chosen,
    )
    return chosen
