"""ech0.model.adapters: the lora params section to peft, parameter counts of a
quantised model, and the adapter input casts skipped under autocast."""

from __future__ import annotations

import pytest
import torch

from ech0.model import adapters
from tests.model.tiny_llama import (HIDDEN, INTERMEDIATE, LAYERS, LORA, TARGETS, lora_grads, qparams,
                                    quantised_lora, randomise_lora_b)

transformers = pytest.importorskip("transformers")
peft = pytest.importorskip("peft")
pytestmark = pytest.mark.usefixtures("one_thread")


def test_lora_config_maps_params():
    cfg = adapters.lora_config({"rank": 16, "alpha": 32, "dropout": 0.05, "target_modules": ["q_proj", "v_proj"]})
    assert isinstance(cfg, peft.LoraConfig)
    assert (cfg.r, cfg.lora_alpha, cfg.lora_dropout, cfg.bias) == (16, 32, 0.05, "none")
    assert set(cfg.target_modules) == {"q_proj", "v_proj"}
    assert cfg.task_type == "CAUSAL_LM"
    assert adapters.lora_config(LORA, task_type="SEQ_CLS").task_type == "SEQ_CLS"


def test_attach_adapters_trains_the_adapters_only(tiny_dir):
    model = adapters.attach_adapters(transformers.AutoModelForCausalLM.from_pretrained(tiny_dir), LORA)
    trained = [n for n, p in model.named_parameters() if p.requires_grad]
    assert len(trained) == 2 * LAYERS * len(TARGETS) and all("lora_" in n for n in trained)


def test_trainable_parameters_counts_4bit_weights_unpacked(tiny_dir):
    pytest.importorskip("bitsandbytes")
    full = transformers.AutoModelForCausalLM.from_pretrained(tiny_dir)
    n_full = sum(p.numel() for p in full.parameters())
    assert adapters.trainable_parameters(full) == (n_full, n_full)

    model = quantised_lora(tiny_dir, qparams(), random_b=False)
    trainable, total = adapters.trainable_parameters(model)
    # LoRA adds r * (in + out) per target module: q/k/v/o are 64->64, gate/up 64->128, down 128->64
    per_layer = 4 * LORA["rank"] * (HIDDEN + HIDDEN) + 3 * LORA["rank"] * (HIDDEN + INTERMEDIATE)
    assert trainable == LAYERS * per_layer
    assert total == n_full + trainable
    assert (trainable, total) == model.get_nb_trainable_parameters()
    assert 0 < trainable / total < 0.5


@pytest.mark.parametrize("base_dtype", [torch.float32, torch.bfloat16])
def test_skipping_adapter_input_casts_under_autocast_changes_nothing(tiny_dir, batch, base_dtype):
    """Under bf16 autocast, peft's fp32 copy of each adapter input is redundant:
    the loss and every adapter gradient are bit-identical without it."""
    model = transformers.AutoModelForCausalLM.from_pretrained(tiny_dir, dtype=base_dtype)
    torch.manual_seed(2)
    model = adapters.attach_adapters(model, LORA)
    randomise_lora_b(model)
    results = []
    for skip in (False, True):
        if skip:
            assert adapters.skip_adapter_input_casts(model) == LAYERS * len(TARGETS)
        with torch.autocast("cpu", dtype=torch.bfloat16):
            grads = lora_grads(model, batch)
        results.append(grads)
    assert torch.equal(results[0], results[1]) and results[0].abs().sum() > 0
