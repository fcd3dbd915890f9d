"""A trained model for inference: loading, batched generation, per-example loss,
and a packaged model for `ech0 chat` (load_chat_model, chat_reply).

Used by the eval stage, `ech0 eval` and `ech0 chat`. Prompts are rendered with the base's
chat template (ech0.model.prompt), as in training and in any Hugging Face consumer
of the package. Generation is batched with left padding and a KV cache from which a row
leaves when it finishes; bench/bench_eval.py measures it against one prompt at a time
(docs/benchmarks.md).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import torch

from ech0.model.losses import token_cross_entropy
from ech0.model.prompt import render_prompt
from ech0.model.sft import IGNORE_INDEX, PadCollator, KeepPositions, tokenize_rows


def is_adapter(model_dir: Path) -> bool:
    return (Path(model_dir) / "adapter_config.json").exists()


def inference_dtype(params: dict) -> torch.dtype:
    """bf16 where training.precision resolves to it (a GPU, or a CPU with AVX512-BF16
    or AMX), else fp32. On 2 CPU cores, SmolLM2-135M's batched decoding runs at
    ~480 new tokens/s in bf16 (96 prompts x 128 tokens, AVX512-BF16;
    docs/benchmarks.md)."""
    from ech0.model import loading

    precision = loading.resolve_precision(params["training"]["precision"])
    return {"bf16": torch.bfloat16, "fp16": torch.float16}.get(precision, torch.float32)


def load_for_inference(params: dict, model_dir: Path | None):
    """The base model (model_dir None) or the trained one in `model_dir`: a LoRA or
    QLoRA adapter on the params' base (merged into it unless the base is
    quantised, so generation runs at the base's speed), or a full model. Weights
    are merged in fp32, then cast to `inference_dtype`: merged in bf16, an
    adapter's small deltas would be rounded against the base's weights."""
    from transformers import AutoModelForCausalLM

    from ech0.model import loading

    if model_dir is not None and not is_adapter(model_dir):
        model = AutoModelForCausalLM.from_pretrained(str(model_dir), dtype=torch.float32,
                                                     trust_remote_code=params["model"]["trust_remote_code"])
    else:
        model = loading.load_model(params, for_training=False)
        if model_dir is not None:
            from peft import PeftModel

            model = PeftModel.from_pretrained(model, str(model_dir))
            if params["training"]["method"] != "qlora":
                model = model.merge_and_unload()
    if params["training"]["method"] != "qlora":
        model = model.to(inference_dtype(params))
    model.config.use_cache = True
    return model.eval()


def load_chat_model(directory: Path, trust_remote_code: bool = False):
    """(model, tokenizer) of a package directory (`ech0 chat`): self-contained, unlike
    load_for_inference's, so no params are needed. Merged weights load as they are;
    an adapter (package.adapter_only) loads in fp32 on the base its
    adapter_config.json names."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(directory), trust_remote_code=trust_remote_code)
    if is_adapter(directory):
        from peft import AutoPeftModelForCausalLM

        model = AutoPeftModelForCausalLM.from_pretrained(str(directory), dtype=torch.float32)
    else:
        model = AutoModelForCausalLM.from_pretrained(str(directory), trust_remote_code=trust_remote_code)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return model.eval(), tokenizer


def chat_reply(model, tokenizer, messages: list[dict], max_new_tokens: int) -> str:
    """Greedy reply to a conversation (`messages`, ending with a user turn) in the
    training format, the tokenizer's chat template (ech0.model.prompt). Decoded by
    model.generate under the package's generation_config (its repetition_penalty),
    one conversation at a time, not by `generate` below, which batches prompts."""
    ids = tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt",
                                        return_dict=True)
    with torch.no_grad():
        out = model.generate(**ids, max_new_tokens=max_new_tokens, do_sample=False,
                             pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id)
    return tokenizer.decode(out[0, ids["input_ids"].shape[1]:], skip_special_tokens=True).strip()


@dataclass
class Generation:
    text: str       # decoded new tokens, special tokens removed
    stopped: bool   # the model emitted EOS before max_new_tokens
    new_tokens: int


def _chars(prompt) -> int:
    return len(prompt) if isinstance(prompt, str) else sum(len(m[1]) for m in prompt)


def generate(model, tokenizer, prompts: list, max_new_tokens: int | list[int], batch_size: int,
             progress: bool = False, repetition_penalty: float = 1.0, stop_at_eos: bool = True) -> list[Generation]:
    """Greedy completions of `prompts` (raw user prompts, or conversations so far as
    rows.prompt_of gives them; the chat template is applied here). `max_new_tokens` is one budget or one per prompt; with
    `stop_at_eos` False every answer runs to its budget (bench/bench_eval.py). Prompts are
    batched largest budget first, then longest first, so each batch pads little.
    Results come back in input order.

    `repetition_penalty` (eval.repetition_penalty) divides the logit of every token
    already in the sequence: greedy decoding of a 135M model otherwise falls into
    loops ("- A book" x 60, "0.000000..."). On SmolLM2 after the default fine-tune,
    60 eval rows: overall rubric score 0.46 at 1.0, 0.58 at 1.1, 0.65 at 1.2."""
    from tqdm import tqdm

    budgets = [max_new_tokens] * len(prompts) if isinstance(max_new_tokens, int) else list(max_new_tokens)
    tokenizer.padding_side = "left"  # new tokens must follow every prompt directly
    order = sorted(range(len(prompts)), key=lambda i: (-budgets[i], -_chars(prompts[i])))
    out: list[Generation | None] = [None] * len(prompts)
    bar = tqdm(total=len(prompts), desc="generate", disable=not progress, mininterval=1.0)
    for start in range(0, len(order), batch_size):
        idx = order[start:start + batch_size]
        enc = tokenizer([render_prompt(tokenizer, prompts[i]) for i in idx], return_tensors="pt", padding=True,
                        add_special_tokens=False)  # the template writes any special tokens itself
        with torch.no_grad():
            new = greedy(model, enc["input_ids"], enc["attention_mask"], [budgets[i] for i in idx],
                         tokenizer.eos_token_id if stop_at_eos else None, repetition_penalty)
        for (ids, stopped), i in zip(new, idx):
            out[i] = Generation(tokenizer.decode(ids, skip_special_tokens=True), stopped, len(ids))
        bar.update(len(idx))
    bar.close()
    return out  # type: ignore[return-value]


def decode_attention(module, query, key, value, attention_mask, dropout=0.0, scaling=None, is_causal=None, **kwargs):
    """Attention for `greedy`: a decode step (one query token) as two small
    matmuls, grouped-query heads kept grouped; anything else goes to SDPA.

    At one query token SDPA's CPU flash kernel was 62% of a SmolLM2 decode step
    at batch 96 (0.38 s a step; 0.15 s with this). Registered with Hugging
    Face's AttentionInterface as "ech0_decode"."""
    from transformers.integrations.sdpa_attention import sdpa_attention_forward

    if query.shape[2] != 1 or dropout:
        return sdpa_attention_forward(module, query, key, value, attention_mask, dropout=dropout, scaling=scaling,
                                      is_causal=is_causal, **kwargs)
    b, heads, _, dim = query.shape
    groups = heads // key.shape[1]
    q = query.reshape(b, key.shape[1], groups, dim)
    scores = torch.matmul(q, key.transpose(-1, -2)).float() * (scaling if scaling is not None else dim ** -0.5)
    if attention_mask is not None:
        mask = attention_mask[:, :, -1:, : key.shape[2]]  # (b, 1, 1, kv): this step's row
        scores = scores.masked_fill(~mask, float("-inf")) if mask.dtype == torch.bool else scores + mask
    out = torch.matmul(torch.softmax(scores, dim=-1).to(value.dtype), value)
    return out.reshape(b, heads, 1, dim).transpose(1, 2).contiguous(), None


@functools.cache
def _growing_layer():
    """A DynamicLayer whose keys and values sit in a buffer with room to grow,
    so a decode step writes one position instead of concatenating the whole
    cache (torch.cat was 40% of a decode step at batch 96, after the attention
    above). The returned keys are views of the buffer."""
    from transformers.cache_utils import DynamicLayer

    class GrowingLayer(DynamicLayer):
        room = 128  # positions added at a time

        def update(self, key_states, value_states, *args, **kwargs):
            if not self.is_initialized:
                self.lazy_initialization(key_states, value_states)
                self._k = self._v = None
                self._n = 0
            n, add = self._n, key_states.shape[2]
            if self._k is None or n + add > self._k.shape[2]:
                self._k, self._v = self._grown(self._k, key_states), self._grown(self._v, value_states)
            else:
                self._k[:, :, n:n + add] = key_states
                self._v[:, :, n:n + add] = value_states
            self._n = n + add
            self.keys, self.values = self._k[:, :, :self._n], self._v[:, :, :self._n]
            return self.keys, self.values

        def _grown(self, buf, new):
            """The buffer's filled part, then `new`, then `room` free positions."""
            kept = [] if buf is None else [buf[:, :, :self._n]]
            return torch.cat(kept + [new, new.new_zeros(*new.shape[:2], self.room, new.shape[3])], dim=2)

        def batch_select_indices(self, indices):
            if self.get_seq_length() > 0:
                self._k, self._v = self._k[indices], self._v[indices]
                self.keys, self.values = self._k[:, :, :self._n], self._v[:, :, :self._n]

    return GrowingLayer


PREFILL_ROWS = 16  # rows of similar length prefilled together


def _prefill(model, input_ids: torch.Tensor, mask: torch.Tensor, position: torch.Tensor):
    """The prompts' forward pass: (last-position logits in fp32, KV cache).

    Prompts sorted by length are prefilled PREFILL_ROWS at a time, each group
    cut to its own longest prompt, and their caches laid side by side in the
    whole batch's left-padded layout (the padding positions stay masked). Padded
    to the batch's longest prompt, 96 eval prompts were 29k positions for 9.3k
    tokens, and the prefill half of a 64-token batched run."""
    from transformers import DynamicCache

    n, width = input_ids.shape
    order = mask.sum(1).argsort(descending=True)
    logits = torch.empty(n, model.config.vocab_size)
    keys: list[list] = []
    for start in range(0, n, PREFILL_ROWS):
        rows = order[start:start + PREFILL_ROWS]
        cut = width - int(mask[rows].sum(1).max())
        part = DynamicCache()
        out = model(input_ids=input_ids[rows, cut:], attention_mask=mask[rows, cut:],
                    position_ids=position[rows, cut:], past_key_values=part, use_cache=True, logits_to_keep=1)
        logits[rows] = out.logits[:, -1, :].float()
        for i, layer in enumerate(part.layers):
            if len(keys) <= i:
                k, v = layer.keys, layer.values
                keys.append([k.new_zeros(n, k.shape[1], width, k.shape[3]), v.new_zeros(n, v.shape[1], width, v.shape[3])])
            keys[i][0][rows, :, cut:] = layer.keys
            keys[i][1][rows, :, cut:] = layer.values
    cache = DynamicCache()
    cache.layer_class_to_replicate = _growing_layer()
    for i, (k, v) in enumerate(keys):
        cache.update(k, v, i)
    return logits, cache


def greedy(model, input_ids: torch.Tensor, attention_mask: torch.Tensor, budgets: list[int], eos: int | None,
           repetition_penalty: float = 1.0) -> list[tuple[list[int], bool]]:
    """Greedy decoding of a left-padded batch, each row to its EOS (None: none)
    or its own budget: (new token ids without the EOS, stopped at EOS) per row.

    A row leaves the batch (and the KV cache) the step it finishes. `generate()`
    keeps every row to the batch's end: after the default fine-tune 50 of 60 eval
    answers stop by themselves, most well short of the 256-token budget, yet one
    long answer kept all 64 rows decoding. The penalty is Hugging Face's
    (RepetitionPenaltyLogitsProcessor: a seen token's logit is divided by it if
    positive, multiplied if negative) over the prompt's and the answer's tokens,
    padding excluded, so a row's answer does not depend on its batch mates'
    lengths; the logits are fp32, as in `generate()`."""
    from transformers import AttentionInterface
    from transformers.masking_utils import AttentionMaskInterface, sdpa_mask

    n = input_ids.shape[0]
    rows = torch.arange(n)                              # batch position -> row
    new: list[list[int]] = [[] for _ in range(n)]
    stopped = [False] * n
    limit = torch.tensor(budgets)
    seen = torch.zeros(n, model.config.vocab_size, dtype=torch.int32)
    seen.scatter_add_(1, input_ids, attention_mask.to(torch.int32))
    seen = seen > 0
    mask = attention_mask
    position = (mask.cumsum(-1) - 1).clamp(min=0)
    attention = model.config._attn_implementation
    if attention == "sdpa":  # the default; an explicit eager or flash choice is kept
        AttentionInterface.register("ech0_decode", decode_attention)
        AttentionMaskInterface.register("ech0_decode", sdpa_mask)
        model.set_attn_implementation("ech0_decode")
    try:
        logits, cache = _prefill(model, input_ids, mask, position)
        for step in range(max(budgets)):
            if step:
                logits = model(input_ids=step_ids, attention_mask=mask, position_ids=position, past_key_values=cache,
                               use_cache=True, logits_to_keep=1).logits[:, -1, :].float()
            if repetition_penalty != 1.0:
                penalised = torch.where(logits < 0, logits * repetition_penalty, logits / repetition_penalty)
                logits = torch.where(seen, penalised, logits)
            token = logits.argmax(-1)
            done = (token == (-1 if eos is None else eos)) | (limit[rows] <= step + 1)
            for r, t in zip(rows.tolist(), token.tolist()):
                if t == eos:
                    stopped[r] = True
                else:
                    new[r].append(t)
            keep = (~done).nonzero()[:, 0]
            if len(keep) == 0:
                break
            if len(keep) < len(rows):
                rows, token, seen = rows[keep], token[keep], seen[keep]
                mask, position = mask[keep], position[keep]
                cache.batch_select_indices(keep)
            seen[torch.arange(len(rows)), token] = True
            mask = torch.cat([mask, mask.new_ones(len(rows), 1)], dim=1)
            position = position[:, -1:] + 1
            step_ids = token[:, None]
    finally:
        if attention == "sdpa":
            model.set_attn_implementation(attention)
    return [(new[r], stopped[r]) for r in range(n)]


def completion_losses(model, tokenizer, rows: list[dict], max_seq_len: int, batch_size: int) -> list[tuple[float, int]]:
    """(summed completion-token loss, completion tokens) per row, the train stage's
    loss (assistant tokens and the end of turn only). A row over max_seq_len gives
    (0.0, 0). The LM head sees only the labelled positions, and a plain head's
    logits are never built for more than a block of them (ech0.model.losses): a batch of
    32 x 400 tokens over SmolLM2's 49,152-word vocabulary would be 2.5 GB of fp32
    logits."""
    tokenizer.padding_side = "right"
    examples = tokenize_rows(tokenizer, rows, 10**9).examples  # one example per row, in order
    collate = PadCollator(tokenizer.pad_token_id)
    out = [(0.0, 0)] * len(rows)
    fits = [i for i, e in enumerate(examples) if len(e["input_ids"]) <= max_seq_len]
    head = model.get_output_embeddings()
    hook = KeepPositions(head, fused=type(head) is torch.nn.Linear and head.bias is None)
    handle = head.register_forward_pre_hook(hook)
    try:
        for start in range(0, len(fits), batch_size):
            idx = fits[start:start + batch_size]
            batch = collate([examples[i] for i in idx])
            targets = batch["labels"][:, 1:]
            keep = targets != IGNORE_INDEX
            hook.keep = keep
            with torch.no_grad():
                logits = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits
                if hook.fused:
                    nll = token_cross_entropy(hook.hidden, head.weight, targets[keep])
                else:
                    nll = torch.nn.functional.cross_entropy(logits.float(), targets[keep], reduction="none")
            hook.keep = hook.hidden = None
            sums = torch.zeros(len(idx), dtype=torch.float64).index_add_(0, keep.nonzero()[:, 0], nll.double())
            for row, i in enumerate(idx):
                out[i] = (float(sums[row]), int(keep[row].sum()))
    finally:
        handle.remove()
    return out
