"""Loading the base model and tokenizer, shared by train, eval and package.

`model.base_model` is `builtin` or a .gguf file (both written out by the `base`
stage as a plain model in models/base/), a Hugging Face hub id, or a local
directory; all load through the Auto classes with `model.revision` and
`model.trust_remote_code` (off unless the user turns it on). Nothing here
downloads when the path is local.
"""

from __future__ import annotations

from pathlib import Path

import torch

from ech0.model.prompt import ensure_chat_template

BASE_DIR = Path("models/base")


def is_gguf(base_model: str) -> bool:
    """A GGUF file (`pip:PACKAGE/FILE.gguf` or a local path), which the base stage dequantizes."""
    return base_model.lower().endswith(".gguf")


def base_source(model_params: dict) -> tuple[str, str | None]:
    """(path or hub id, revision) of the base model."""
    if model_params["base_model"] == "builtin" or is_gguf(model_params["base_model"]):
        return str(BASE_DIR), None
    return model_params["base_model"], model_params["revision"]


def load_tokenizer(model_params: dict):
    from transformers import AutoTokenizer

    source, revision = base_source(model_params)
    tok = AutoTokenizer.from_pretrained(source, revision=revision,
                                        trust_remote_code=model_params["trust_remote_code"])
    if tok.pad_token is None:  # Llama-2 and friends ship without one
        tok.pad_token = tok.eos_token
    return ensure_chat_template(tok)  # the base's own, or ech0's where it has none (ech0.model.prompt)


def cpu_bf16_supported() -> bool:
    """True when this CPU has native bf16 matmul (AVX512-BF16 or AMX), for
    training.precision auto and the base stage's pretraining precision.

    There, bf16 GEMM runs ~4x fp32 on this project's CPU (0.475 against 0.115
    TFLOP/s measured) and a default-size pretraining step 2.1x (0.56 against
    1.20 s); without them bf16 is emulated and slower.

    This is the one check for both (there were two: this flag grep alone, and
    builtin_model's probes). torch's own feature probes come first, /proc/cpuinfo
    only where this torch lacks them: the probes ask the cpuinfo library torch's
    kernels dispatch on, which also checks that the OS enabled the AVX-512
    registers, and they work off Linux, where there is no /proc/cpuinfo. Both
    ways say True on the AVX512-BF16 dev box (probe: avx512_bf16 True, amx_tile
    False) and False on an AVX2-only host (no flag, no probe), so neither
    machine's precision changed. get_cpu_capability() is no help: it says
    "AVX512" with or without bf16.
    """
    probes = [getattr(torch.cpu, name, None) for name in ("_is_avx512_bf16_supported", "_is_amx_tile_supported")]
    probes = [p for p in probes if callable(p)]
    if probes:
        return any(p() for p in probes)
    try:
        flags = Path("/proc/cpuinfo").read_text().split()
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def resolve_precision(precision: str) -> str:
    """'bf16' | 'fp16' | 'fp32' for training.precision ('auto' picks what the hardware does fast)."""
    if precision != "auto":
        return precision
    if torch.cuda.is_available():
        return "bf16" if torch.cuda.is_bf16_supported() else "fp16"
    return "bf16" if cpu_bf16_supported() else "fp32"


def attention_implementation(infrastructure: dict) -> str:
    """`memory_efficient_attention` -> PyTorch SDPA (flash / memory-efficient kernels), else eager."""
    return "sdpa" if infrastructure["memory_efficient_attention"] else "eager"


def decoder_layer_classes(model) -> list[str]:
    """Class names of the model's decoder layers (its `_no_split_modules`, which
    transformers models declare for device maps; a peft model's base is asked),
    sorted. The train stage compiles these blocks and FSDP wraps them; [] for a
    remote-code model that names none."""
    inner = model.get_base_model() if hasattr(model, "get_base_model") else model
    return sorted(set(getattr(inner, "_no_split_modules", None) or ()))


def compile_layers(model) -> int:
    """torch.compile each decoder layer in place (training.compile); returns how
    many. The layers are the `decoder_layer_classes` blocks, the same ones FSDP
    wraps, and they share one compiled graph: dynamic shapes, so batches of
    other widths and row counts reuse it. Per layer rather than the whole model,
    as torchtune does: the LM head's hooks and the loss stay outside the graph.

    Measured on the default model (2 CPU cores, 16 x 226-token LoRA batch, bf16):
    0.228 -> 0.177 s a step, mostly the RMSNorm, rotary, SiLU and LoRA
    elementwise ops fused into a few loops; compiling costs ~50 s on a cold
    cache and ~8 s once inductor's cache (/tmp/torchinductor_$USER) has it."""
    inner = model.get_base_model() if hasattr(model, "get_base_model") else model
    names = set(decoder_layer_classes(inner))
    layers = [m for m in inner.modules() if type(m).__name__ in names]
    for layer in layers:
        layer.compile(dynamic=True)
    return len(layers)


def load_model(params: dict, *, for_training: bool = True):
    """The base model, prepared for params['training']['method'] (adapters attached for lora/qlora)."""
    from transformers import AutoModelForCausalLM

    from ech0.model import adapters, quantization

    mp, tp = params["model"], params["training"]
    source, revision = base_source(mp)
    attn = attention_implementation(params["infrastructure"])
    if tp["method"] == "qlora":
        model = quantization.load_quantized(source, params["quantization"], revision=revision,
                                     trust_remote_code=mp["trust_remote_code"], attn_implementation=attn)
        if for_training:
            quantization.prepare_for_kbit(model, tp["gradient_checkpointing"])
    else:
        # Full fine-tuning keeps fp32 master weights; bf16/fp16 happens in autocast.
        # LoRA's base is frozen, so it is stored in the compute dtype instead: half
        # the memory (a 7B base takes 13.5 GB rather than 27), and autocast stops
        # re-casting every weight on every forward (its copies were ~15% of a CPU
        # step). The adapters stay fp32 (peft's autocast_adapter_dtype).
        dtype = torch.float32
        if tp["method"] == "lora" and for_training:
            dtype = {"bf16": torch.bfloat16, "fp16": torch.float16}.get(resolve_precision(tp["precision"]), dtype)
        model = AutoModelForCausalLM.from_pretrained(source, revision=revision, dtype=dtype,
                                                     trust_remote_code=mp["trust_remote_code"],
                                                     attn_implementation=attn)
        if for_training and tp["gradient_checkpointing"]:
            model.gradient_checkpointing_enable()
            model.enable_input_require_grads()  # so checkpointed blocks see grads with a frozen base
    if for_training:
        # No KV cache in training: it is useless there, and with a cache
        # transformers ignores packed position_ids, so packed examples would
        # attend to each other (tests/model/test_sft.py shows the difference).
        model.config.use_cache = False
    if for_training and tp["method"] in ("lora", "qlora"):
        model = adapters.attach_adapters(model, params["lora"])
        if resolve_precision(tp["precision"]) in ("bf16", "fp16"):  # Trainer's forward runs under autocast
            adapters.skip_adapter_input_casts(model)
    return model
