"""Shared fixtures: a tiny built-in base (tokenizer + Llama) made in seconds."""

from __future__ import annotations

import pytest

from ech0.model.builtin_model import build_model, special_ids, train_tokenizer
from ech0.model.prompt import format_prompt

TINY = {"vocab_size": 400, "hidden_size": 64, "intermediate_size": 128, "num_layers": 2, "num_heads": 2,
        "max_position_embeddings": 512, "pretrain_steps": 0, "pretrain_batch_size": 4,
        "pretrain_learning_rate": 0.003, "pretrain_seq_len": 64, "pretrain_compile": False}

CORPUS = [
    (f"Add {a} and {b}.", f"{a} + {b} = {a + b}.\nFinal answer: {a + b}")
    for a in range(12) for b in range(12)
] + [("Name a prime.", "Seven is prime."), ("Explain recursion.", "A function that calls itself on a smaller input.")]


@pytest.fixture(scope="session")
def tiny_base():
    """(tokenizer, model): a 2-layer, 64-wide Llama with a BPE trained on CORPUS; eval mode."""
    texts = [format_prompt(p) + c for p, c in CORPUS]
    tok = train_tokenizer(texts, vocab_size=400, model_max_length=512)
    model = build_model(TINY, len(tok), special_ids(tok), seed=0)
    model.eval()
    return tok, model


@pytest.fixture(scope="session")
def smollm2_base(tmp_path_factory):
    """models/base as the base stage writes it from the default GGUF (SmolLM2-135M-
    Instruct, ~15 s to dequantize): the real model, for the few tests that prove its path."""
    from pathlib import Path

    import yaml

    from ech0.stages import base

    model = yaml.safe_load((Path(__file__).resolve().parents[1] / "params.yaml").read_text())["model"]
    path = base.gguf_path(model["base_model"])
    base.gguf_info(path, model["sha256"])
    out = tmp_path_factory.mktemp("smollm2") / "base"
    base.save_base(*base.dequantize_gguf(path), out)
    return out
