"""The built-in base model: a small Llama with its own byte-level BPE tokenizer.

Pure functions (no file I/O except `content_hash`, which only reads); the `base`
stage (ech0.stages.base) is the shell that feeds them the train split and writes
models/base. Everything here is deterministic in its arguments: the same texts,
sizes, seed and thread count give byte-identical tokenizer.json and
model.safetensors (checked by tests/model/test_builtin_model.py).

Why these choices:
- Byte-level BPE (GPT-2 style): every string round-trips, there is no <unk> in
  practice, and code indentation, Unicode and JSON survive tokenization.
- Digits are split one per token (as Llama does) before the byte-level step, so
  "1234" and "1243" share their pieces and arithmetic answers are not hidden
  inside arbitrary merged number chunks.
- No BOS is added by the tokenizer: pretraining packs rows separated only by
  EOS, and the chat template (ech0.model.prompt.CHAT_TEMPLATE) carries no BOS either,
  so `tokenizer(format_prompt(p))` and `apply_chat_template(...)` give the same ids.
- Training the BPE on the whole deduplicated train split (72,846 rows, 48 MB)
  takes ~7 s on 2 idle cores; its result does not depend on the thread count.
"""

from __future__ import annotations

import hashlib
import math
import os
import random
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import torch
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
from transformers import GenerationConfig, LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast
from transformers.optimization import get_cosine_schedule_with_warmup

from ech0.hashing import file_sha256
from ech0.seeding import derive_seed
from ech0.model.loading import cpu_bf16_supported
from ech0.model.losses import linear_cross_entropy
from ech0.model.prompt import CHAT_TEMPLATE, format_conversation
from ech0.data.rows import messages

# Llama's convention for the first ids (unk 0, bos 1, eos 2); pad gets its own id
# so padded positions never look like an end of text.
UNK, BOS, EOS, PAD = "<unk>", "<s>", "</s>", "<pad>"
SPECIAL_TOKENS = (UNK, BOS, EOS, PAD)
FINAL_LOSS_WINDOW = 10           # final_loss = mean of the last 10 steps (one batch is noisy)
IDENTITY_FILE = "identity.json"  # excluded from content_hash: it holds the hash


def formatted_texts(rows: Iterable[dict]) -> list[str]:
    """`format_prompt(prompt) + completion` per row (a conversation: prompt.format_conversation),
    identical texts once, first-seen order.

    processed oversamples some domains by repeating rows; the copies would only
    skew BPE counts and pretraining towards those domains a second time.
    """
    seen: set[str] = set()
    out = []
    for row in rows:
        text = format_conversation(messages(row))
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out


def train_tokenizer(texts: Sequence[str], vocab_size: int, model_max_length: int = 1024) -> PreTrainedTokenizerFast:
    """A byte-level BPE trained on `texts` only, wrapped for transformers.

    The vocabulary is at least 260 (256 byte symbols + 4 special tokens) even
    when `vocab_size` is smaller, and may stay below `vocab_size` when the texts
    offer too few pairs seen twice; use `len(tokenizer)` as the model's vocab.
    """
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Digits(individual_digits=True),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True),
    ])
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        min_frequency=2,  # a pair seen once is noise, not a useful merge
        special_tokens=list(SPECIAL_TOKENS),
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),  # all 256 bytes, so nothing is ever unknown
        show_progress=False,
    )
    tok.train_from_iterator(texts, trainer=trainer, length=len(texts))
    return PreTrainedTokenizerFast(
        tokenizer_object=tok,
        bos_token=BOS, eos_token=EOS, pad_token=PAD, unk_token=UNK,
        model_max_length=model_max_length,
        chat_template=CHAT_TEMPLATE,
        padding_side="right",
        clean_up_tokenization_spaces=False,  # would rewrite " ," and " 's" and break round-trips
    )


def special_ids(tokenizer) -> dict[str, int]:
    """bos/eos/pad token ids, for the model config and generation_config.json."""
    return {"bos_token_id": tokenizer.bos_token_id, "eos_token_id": tokenizer.eos_token_id,
            "pad_token_id": tokenizer.pad_token_id}


def build_model(cfg: dict, vocab_size: int, ids: dict[str, int], seed: int) -> LlamaForCausalLM:
    """A freshly initialised Llama from `model.builtin` sizes, weights seeded by `seed`.

    The sizes are the validated params (ech0.params checks that the heads split
    hidden_size evenly); they are not re-checked here.
    Tied input/output embeddings: with vocab 4096 x hidden 256 an untied head
    would add 1M parameters (a quarter of the model) for nothing.
    """
    hidden, heads = cfg["hidden_size"], cfg["num_heads"]
    config = LlamaConfig(
        vocab_size=vocab_size,
        hidden_size=hidden,
        intermediate_size=cfg["intermediate_size"],
        num_hidden_layers=cfg["num_layers"],
        num_attention_heads=heads,
        num_key_value_heads=heads,  # plain multi-head attention; GQA saves nothing at this size
        max_position_embeddings=cfg["max_position_embeddings"],
        rms_norm_eps=1e-5,
        tie_word_embeddings=True,
        **ids,
    )
    torch.manual_seed(seed)
    model = LlamaForCausalLM(config)
    model.generation_config = GenerationConfig(**ids)
    return model


def pack(token_ids: Iterable[Sequence[int]], seq_len: int) -> torch.Tensor:
    """Concatenate rows (each already ending with EOS) and cut into [n, seq_len]; the tail is dropped."""
    flat = [t for ids in token_ids for t in ids]
    n = len(flat) // seq_len
    return torch.tensor(flat[: n * seq_len], dtype=torch.long).view(n, seq_len)


def batches(sequences: torch.Tensor, batch_size: int, steps: int, seed: int) -> Iterator[torch.Tensor]:
    """`steps` batches of `batch_size` sequences; a new seeded permutation each pass over the data."""
    if len(sequences) == 0:
        raise ValueError("no packed sequences: the train text is shorter than one pretrain_seq_len")
    gen = torch.Generator().manual_seed(seed)
    order = torch.randperm(len(sequences), generator=gen)
    pos = 0
    for _ in range(steps):
        picked, have = [], 0
        while have < batch_size:
            if pos == len(order):
                order, pos = torch.randperm(len(sequences), generator=gen), 0
            take = min(batch_size - have, len(order) - pos)
            picked.append(order[pos: pos + take])
            pos, have = pos + take, have + take
        yield sequences[torch.cat(picked)]


def pretrain_corpus(texts: Sequence[str], tokenizer, seq_len: int, tokens_needed: int, seed: int) -> torch.Tensor:
    """Packed [n, seq_len] sequences from seeded-shuffled `texts`, each text + EOS.

    Only as many texts are tokenized as the run will consume (plus one chunk):
    encoding all 17M train tokens takes ~25 s on 2 cores, the default run needs 1.2M.
    """
    order = list(range(len(texts)))
    random.Random(seed).shuffle(order)
    rows: list[list[int]] = []
    have, chunk = 0, 512
    for start in range(0, len(order), chunk):
        # verbose=False: rows longer than model_max_length are fine here, packing cuts them.
        enc = tokenizer([texts[i] for i in order[start: start + chunk]], add_special_tokens=False,
                        verbose=False)["input_ids"]
        for ids in enc:
            rows.append(ids + [tokenizer.eos_token_id])
            have += len(ids) + 1
        if have >= tokens_needed + seq_len:
            break
    return pack(rows, seq_len)


@contextmanager
def deterministic(threads: int) -> Iterator[None]:
    """Fixed thread count (CPU reductions split work by thread, so results depend on
    it) and torch's deterministic kernels (warn_only: ops without one still run).
    Restores the previous settings, so tests in the same process are unaffected."""
    prev = torch.get_num_threads(), torch.are_deterministic_algorithms_enabled(), \
        torch.is_deterministic_algorithms_warn_only_enabled()
    torch.set_num_threads(threads)
    torch.use_deterministic_algorithms(True, warn_only=True)
    try:
        yield
    finally:
        torch.set_num_threads(prev[0])
        torch.use_deterministic_algorithms(prev[1], warn_only=prev[2])


@contextmanager
def compiled_layers(model: LlamaForCausalLM, enabled: bool) -> Iterator[None]:
    """Swap each decoder layer for its torch.compile wrapper for the block, then
    put the plain layers back, so the returned model (and its state_dict keys)
    is untouched. The layers share one graph (same code, same fixed shapes): on
    the default model one cold compile takes ~18-27 s on 2 cores, ~5 s from
    inductor's cache. Not loading.compile_layers, the train stage's: that one
    compiles in place for good and with dynamic shapes (its batches vary)."""
    layers = model.model.layers
    plain = list(layers)
    if enabled:
        for i, layer in enumerate(plain):
            layers[i] = torch.compile(layer)
    try:
        yield
    finally:
        for i, layer in enumerate(plain):
            layers[i] = layer


def next_token_loss(model: LlamaForCausalLM, batch: torch.Tensor, compiled: bool = False) -> torch.Tensor:
    """Mean next-token cross-entropy over a packed [rows, seq_len] batch: what
    `model(input_ids=batch, labels=batch).loss` gives, but through
    losses.linear_cross_entropy, so the [2,040, 4,096] fp32 logits of a default
    step are never built. Eager it is no faster than the HF loss (0.134 against
    0.128 s a step, bench/bench_pretrain.py); compiled, its blocks fuse."""
    hidden = model.model(input_ids=batch, use_cache=False).last_hidden_state[:, :-1]
    targets = batch[:, 1:].reshape(-1)
    return linear_cross_entropy(hidden.reshape(targets.numel(), -1), model.lm_head.weight, targets,
                                1.0 / targets.numel(), compiled=compiled)


def pretrain(model: LlamaForCausalLM, batch_iter: Iterable[torch.Tensor], steps: int, cfg: dict,
             bf16: bool = False, compiled: bool = False, progress: bool = True) -> list[float]:
    """Full-parameter causal-LM training, plain torch loop. Returns the loss of every step.

    The optimizer settings are `model.builtin`'s (`cfg`): AdamW with
    pretrain_adam_betas, linear warmup over pretrain_warmup_fraction of `steps`
    then cosine decay to 0 from pretrain_learning_rate, gradients clipped at
    pretrain_max_grad_norm (0: not clipped). No weight decay: over 300 steps at
    lr 3e-3 a decay of 0.01 would shrink weights by <1%, not worth a second
    parameter group for norms. bf16 autocast keeps fp32 master weights and
    optimizer state.

    `compiled` (model.builtin.pretrain_compile) runs the decoder layers and the
    loss's blocks through torch.compile. A default step (8 x 256 tokens, bf16,
    2 cores, bench/bench_pretrain.py): 0.128 s eager, 0.085 s compiled (1.5x),
    after ~18-27 s of compiling on a cold cache. The whole base stage went from
    3.5-4 min to 2 min 53 s (docs/benchmarks.md). The shapes never change, so
    nothing recompiles.
    """
    from tqdm import tqdm

    model.train()
    opt = torch.optim.AdamW(model.parameters(), lr=cfg["pretrain_learning_rate"],
                            betas=tuple(cfg["pretrain_adam_betas"]), weight_decay=0.0)
    sched = get_cosine_schedule_with_warmup(opt, math.ceil(cfg["pretrain_warmup_fraction"] * steps), steps)
    max_grad_norm = cfg["pretrain_max_grad_norm"]
    losses: list[float] = []
    bar = tqdm(total=steps, desc="pretrain", disable=not progress, mininterval=1.0)
    with compiled_layers(model, compiled):
        for step, batch in enumerate(batch_iter):
            if step == steps:
                break
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
                loss = next_token_loss(model, batch, compiled)
            loss.backward()
            if max_grad_norm:
                torch.nn.utils.clip_grad_norm_(model.parameters(), max_grad_norm)
            opt.step()
            sched.step()
            opt.zero_grad(set_to_none=True)
            losses.append(loss.item())
            bar.update(1)
            bar.set_postfix(loss=f"{losses[-1]:.3f}", refresh=False)
    bar.close()
    model.eval()
    return losses


def pretrain_summary(losses: Sequence[float], tokens: int, bf16: bool) -> dict:
    """The `pretrain` block of identity.json: rounded so the JSON is stable and readable."""
    tail = losses[-FINAL_LOSS_WINDOW:]
    return {
        "steps": len(losses),
        "first_loss": round(losses[0], 4) if losses else None,
        "final_loss": round(sum(tail) / len(tail), 4) if tail else None,
        "tokens": tokens,
        "precision": "bf16" if bf16 else "fp32",  # bf16 and fp32 runs give different weights
    }


def build_builtin(rows: Iterable[dict], cfg: dict, seed: int, threads: int, bf16: bool | None = None,
                  progress: bool = True):
    """Tokenizer + pretrained model from train rows. Returns (model, tokenizer, pretrain summary).

    `cfg` is the validated `model.builtin` section; bf16 None picks it where the
    CPU runs it natively (loading.cpu_bf16_supported)."""
    steps, bs, seq_len = cfg["pretrain_steps"], cfg["pretrain_batch_size"], cfg["pretrain_seq_len"]
    texts = formatted_texts(rows)
    if not texts:
        raise ValueError("no train rows to build the tokenizer from")
    bf16 = cpu_bf16_supported() if bf16 is None else bf16
    with deterministic(threads):
        tokenizer = train_tokenizer(texts, cfg["vocab_size"], cfg["max_position_embeddings"])
        model = build_model(cfg, len(tokenizer), special_ids(tokenizer), derive_seed(seed, "base"))
        losses: list[float] = []
        if steps:
            seqs = pretrain_corpus(texts, tokenizer, seq_len, steps * bs * seq_len,
                                   derive_seed(seed, "base", "corpus"))
            losses = pretrain(model, batches(seqs, bs, steps, derive_seed(seed, "base", "batches")), steps,
                              cfg, bf16=bf16, compiled=cfg["pretrain_compile"], progress=progress)
    return model, tokenizer, pretrain_summary(losses, len(losses) * bs * seq_len, bf16)


def content_hash(directory: str | Path) -> str:
    """sha256 over (relative path, file sha256) of every file, in sorted path order.

    Skips identity.json at the top (it stores this hash) and dot-entries such as
    .git or .cache. Symlinks are followed, so a Hugging Face cache snapshot
    (links into blobs/) hashes like a plain copy of the same files.
    """
    root = Path(directory)
    files = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            rel = (Path(dirpath) / name).relative_to(root).as_posix()
            if not name.startswith(".") and rel != IDENTITY_FILE:
                files.append(rel)
    h = hashlib.sha256()
    for rel in sorted(files):
        h.update(rel.encode("utf-8") + b"\0" + file_sha256(root / rel).encode("ascii") + b"\n")
    return h.hexdigest()
