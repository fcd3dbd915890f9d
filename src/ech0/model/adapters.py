"""LoRA adapters for the train stage's methods lora and qlora (peft).

Pure functions from the `lora` params section to a peft model whose adapters
alone train, and the parameter count metrics report. ech0.model.loading.load_model
attaches them to a full-precision base (lora) or to one quantised and prepared
by ech0.model.quantization (qlora).

peft is imported inside the functions so `import ech0.model.adapters` stays
cheap for the CLI.
"""

from __future__ import annotations


def lora_config(lora: dict, task_type: str = "CAUSAL_LM"):
    """`peft.LoraConfig` for the `lora` params section (scale = alpha / rank)."""
    from peft import LoraConfig

    return LoraConfig(
        r=lora["rank"],
        lora_alpha=lora["alpha"],
        lora_dropout=lora["dropout"],
        target_modules=list(lora["target_modules"]),
        bias="none",
        task_type=task_type,
    )


def attach_adapters(model, lora: dict):
    """Wrap `model` in a PeftModel with fresh LoRA adapters; only they train."""
    from peft import get_peft_model

    return get_peft_model(model, lora_config(lora))


def skip_adapter_input_casts(model) -> int:
    """Stop peft casting each adapter's input to the adapter's fp32 dtype.

    Only for training under autocast (precision bf16/fp16), where autocast casts
    the adapter matmuls' inputs to the compute dtype anyway: peft's fp32 copy of
    every adapted projection's input is then made and thrown away (~6% of a CPU
    step on the default model; the loss and gradients are bit-identical,
    tests/model/test_adapters.py). Returns the number of adapted layers."""
    n = 0
    for module in model.modules():
        if hasattr(module, "cast_input_dtype_enabled"):
            module.cast_input_dtype_enabled = False
            n += 1
    return n


def trainable_parameters(model) -> tuple[int, int]:
    """(trainable, total) parameter counts, counting 4-bit weights unpacked.

    A bitsandbytes `Params4bit` stores two 4-bit values per uint8 element, so
    its `numel()` is half the logical count (times the storage itemsize for
    wider quant_storage dtypes), the same correction as peft's
    `get_nb_trainable_parameters`. With it the total of a quantised model
    equals that of its full-precision original.
    """
    trainable = total = 0
    for param in model.parameters():
        n = param.numel()
        if param.__class__.__name__ == "Params4bit":
            n *= 2 * param.element_size()
        total += n
        if param.requires_grad:
            trainable += n
    return trainable, total
