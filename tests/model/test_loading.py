"""ech0.model.loading: the CPU bf16 check both stages use, and the decoder layer
classes that training.compile compiles and FSDP wraps."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import torch

from ech0.model import adapters, loading


def test_cpu_bf16_check_agrees_with_the_cpu_flags(monkeypatch):
    """torch's probes and the /proc/cpuinfo fallback give the same answer here
    (True on the AVX512-BF16 dev box, False on an AVX2-only host), so the one
    check kept picks the precision the two former ones picked."""
    try:
        flags = Path("/proc/cpuinfo").read_text().split()
    except OSError:
        pytest.skip("no /proc/cpuinfo to compare with")
    expected = "avx512_bf16" in flags or "amx_bf16" in flags
    assert loading.cpu_bf16_supported() is expected
    for name in ("_is_avx512_bf16_supported", "_is_amx_tile_supported"):
        monkeypatch.delattr(torch.cpu, name, raising=False)
    assert loading.cpu_bf16_supported() is expected  # the fallback, for a torch without the probes


def test_auto_precision_on_cpu_follows_the_bf16_check(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    for native, precision in ((True, "bf16"), (False, "fp32")):
        monkeypatch.setattr(loading, "cpu_bf16_supported", lambda: native)
        assert loading.resolve_precision("auto") == precision
    assert loading.resolve_precision("fp16") == "fp16"  # an explicit choice is kept


def test_decoder_layer_classes_come_from_the_model_and_through_peft(tiny_base):
    _, model = tiny_base
    model = copy.deepcopy(model)
    assert loading.decoder_layer_classes(model) == ["LlamaDecoderLayer"]
    lora = {"rank": 4, "alpha": 8, "dropout": 0.0, "target_modules": ["q_proj", "v_proj"]}
    peft_model = adapters.attach_adapters(model, lora)
    assert loading.decoder_layer_classes(peft_model) == ["LlamaDecoderLayer"]
    assert loading.decoder_layer_classes(torch.nn.Linear(2, 2)) == []  # a model that names none
