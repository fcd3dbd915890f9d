"""bitsandbytes quantisation for the train stage's method qlora.

Pure functions from the `quantization` params section to a quantised
transformers model ready for k-bit training. The train stage (through
ech0.model.loading.load_model) calls them in this order, then attaches LoRA
adapters (ech0.model.adapters):

    model = load_quantized(path, params["quantization"], revision=..., trust_remote_code=...)
    model = prepare_for_kbit(model, params["training"]["gradient_checkpointing"])

The params are validated before they get here (ech0.params: the schema, and
the rule between quantization.bits and quantization.type), so nothing is
re-checked.

Measured on bitsandbytes 0.50.2 / transformers 5.23 / peft 0.21.2 / torch 2.13
CPU (AMD EPYC with AVX512-BF16), tiny 2-layer Llama (hidden 64): the CPU bf16
repack trap (see `disable_cpu_bf16_repack`). After one forward pass in eval
mode, LoRA gradients on the same batch are off by a relative error of
0.64-0.69 (nf4 and fp4, with or without double quant, bf16/fp16/fp32
compute). With the fix they are bit-identical. 8-bit (Linear8bitLt) has no
such path: 0.0 either way.

Heavy imports (torch, transformers, peft, bitsandbytes: ~4 s) are done inside
the functions so `import ech0.model.quantization` stays cheap for the CLI.
"""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)

# params.yaml quantization.compute_dtype -> torch dtype name.
COMPUTE_DTYPES = {"bf16": "bfloat16", "fp16": "float16", "fp32": "float32"}


def compute_dtype(quantization: dict):
    """torch dtype for `quantization.compute_dtype` (bf16/fp16/fp32)."""
    import torch

    return getattr(torch, COMPUTE_DTYPES[quantization["compute_dtype"]])


def bnb_config(quantization: dict):
    """`transformers.BitsAndBytesConfig` for the `quantization` params section.

    bits 4 -> load_in_4bit with quant type nf4/fp4, double quantisation and the
    compute dtype of the dequantised matmuls. bits 8 -> load_in_8bit (LLM.int8,
    type int8); `double_quant` is a 4-bit-only option and is ignored there,
    `compute_dtype` is still the dtype of the unquantised modules (see
    `load_quantized`).
    """
    from transformers import BitsAndBytesConfig

    if quantization["bits"] == 8:
        return BitsAndBytesConfig(load_in_8bit=True)
    return BitsAndBytesConfig(
        load_in_4bit=True,
        bnb_4bit_quant_type=quantization["type"],
        bnb_4bit_use_double_quant=quantization["double_quant"],
        bnb_4bit_compute_dtype=compute_dtype(quantization),
    )


def load_quantized(
    path_or_id: str,
    quantization: dict,
    *,
    revision: str | None = None,
    trust_remote_code: bool = False,
    device_map: Any = None,
    **from_pretrained: Any,
):
    """Load a causal LM with its Linear layers quantised by bitsandbytes.

    `path_or_id` is a local directory or a hub id. `dtype` (the dtype of the
    modules that stay unquantised: embeddings, norms, lm_head) is the compute
    dtype. With `device_map=None` transformers' bnb quantizer puts the model on
    cuda:current_device, else on CPU; pass `{"": local_rank}` for DDP.

    Call `prepare_for_kbit` next, before any forward pass (see
    `disable_cpu_bf16_repack`). Other keyword arguments (attn_implementation,
    ...) go to from_pretrained.
    """
    from transformers import AutoModelForCausalLM

    kwargs: dict[str, Any] = {
        "quantization_config": bnb_config(quantization),
        "dtype": compute_dtype(quantization),
        "trust_remote_code": trust_remote_code,
    }
    if revision is not None:
        kwargs["revision"] = revision
    if device_map is not None:
        kwargs["device_map"] = device_map
    return AutoModelForCausalLM.from_pretrained(path_or_id, **kwargs, **from_pretrained)


def disable_cpu_bf16_repack(model) -> int:
    """Stop bitsandbytes repacking 4-bit weights for CPU inference; return how many Linear4bit.

    Why: in bitsandbytes 0.50.2 `Linear4bit.forward` on a CPU with AVX512-BF16,
    when the module is in eval mode and its input does not require grad (any
    `model.eval()` + `torch.no_grad()` pass: eval loss, generation, a sanity
    check), rewrites `weight.data` in place into a blocked layout and converts
    quant_state (absmax to bf16, double-quant undone) with
    `packing_format_for_cpu=True`. It never switches back. From then on
    `matmul_4bit` takes the `gemv_4bit` inference kernel, which has no autograd
    formula, so in training the gradient flowing back through every frozen base
    projection to its input is silently dropped (torch only warns "an autograd
    kernel was not registered") and the LoRA gradients of every layer below
    the top are wrong. Measured on the tiny Llama in tests/model/test_quantization.py:
    relative error of the LoRA gradient 0.680 (nf4) / 0.686 (fp4) after one
    eval forward (0.64-0.69 across quant types, double quant and compute
    dtypes; 0.59 on the issue's model). With
    `support_avx512bf16_for_cpu = False` the repack never happens and the
    gradients are bit-identical (relative error 0.0). GPUs never take this path.

    Cost, measured on a 4-layer hidden-1024 nf4 Llama, 1 thread, eval forward:
    batch 8x128 0.43 s with the fix vs 0.50 s repacked (no loss); single-token
    decode 26 ms vs 7 ms (same ratios on a re-run). So a stage that only
    generates on CPU and never trains may skip this for speed; anything that
    trains must not.

    The flag must be set before the first eval forward. Undoing a repack is
    not safe: bitsandbytes' own inverse leaves absmax transposed for
    non-double-quantised weights (gradient error 0.11 measured) and the bf16
    absmax is lossy anyway (0.002-0.005 with double quant), so an already
    repacked model raises RuntimeError: reload it.
    """
    import bitsandbytes as bnb

    count = 0
    repacked = []
    for name, module in model.named_modules():
        if not isinstance(module, bnb.nn.Linear4bit):
            continue
        module.support_avx512bf16_for_cpu = False
        count += 1
        quant_state = getattr(module.weight, "quant_state", None)
        if getattr(quant_state, "packing_format_for_cpu", False):
            repacked.append(name)
    if repacked:
        raise RuntimeError(
            f"{len(repacked)} Linear4bit module(s) (first: {repacked[0]}) were already repacked for "
            "CPU bf16 inference by an eval-mode forward pass; their LoRA gradients would be wrong. "
            "Call disable_cpu_bf16_repack/prepare_for_kbit right after loading, before any forward pass."
        )
    return count


def prepare_for_kbit(model, gradient_checkpointing: bool):
    """peft's k-bit training preparation, then `disable_cpu_bf16_repack`.

    `peft.prepare_model_for_kbit_training` freezes every base parameter, casts
    the fp16/bf16 unquantised ones (norms, embeddings, lm_head) to fp32 for
    stable training and, with `gradient_checkpointing`, turns activation
    checkpointing on (non-reentrant).
    """
    from peft import prepare_model_for_kbit_training

    # use_reentrant=False: torch 2.13 warns that checkpoint() without an explicit
    # use_reentrant will become an error; the non-reentrant variant is the recommended
    # one and needs no input-requires-grad hook (peft then skips it). Gradients match
    # the non-checkpointed run to 1e-5 (tests/model/test_quantization.py).
    model = prepare_model_for_kbit_training(
        model,
        use_gradient_checkpointing=gradient_checkpointing,
        gradient_checkpointing_kwargs={"use_reentrant": False} if gradient_checkpointing else None,
    )
    n = disable_cpu_bf16_repack(model)
    logger.debug("disabled the CPU bf16 repack on %d Linear4bit modules", n)
    return model
