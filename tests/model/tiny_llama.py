"""A tiny random Llama for the quantisation and adapter tests, and their helpers.

Hidden/intermediate sizes are multiples of 64 because the bitsandbytes CPU
4-bit kernels block by 64 (quant blocksize) and 32 (repack block_n). The
fixtures that use these (tiny_dir, batch, one_thread) are in conftest.py.
"""

from __future__ import annotations

import torch

TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
LORA = {"rank": 8, "alpha": 16, "dropout": 0.0, "target_modules": TARGETS}
HIDDEN, INTERMEDIATE, LAYERS, VOCAB = 64, 128, 2, 128


def qparams(bits=4, type="nf4", double_quant=True, compute_dtype="bf16"):
    return {"bits": bits, "type": type, "double_quant": double_quant, "compute_dtype": compute_dtype}


def save_tiny_llama(path) -> None:
    import transformers

    torch.manual_seed(0)
    config = transformers.LlamaConfig(vocab_size=VOCAB, hidden_size=HIDDEN, intermediate_size=INTERMEDIATE,
                                      num_hidden_layers=LAYERS, num_attention_heads=4, num_key_value_heads=4,
                                      max_position_embeddings=64)
    transformers.LlamaForCausalLM(config).save_pretrained(path)


def randomise_lora_b(model) -> None:
    """LoRA B starts at zero, which makes every lora_A gradient zero; a random B
    makes all adapter gradients informative."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "lora_B" in name:
                p.normal_(std=0.1)


def quantised_lora(tiny_dir, q, *, fix=True, gradient_checkpointing=False, random_b=True):
    """Load `tiny_dir` quantised, prepare it for k-bit training and attach LoRA.

    fix=False reproduces what a caller gets from peft alone (no repack fix).
    """
    import peft

    from ech0.model import adapters, quantization

    model = quantization.load_quantized(tiny_dir, q)
    if fix:
        model = quantization.prepare_for_kbit(model, gradient_checkpointing)
    else:
        model = peft.prepare_model_for_kbit_training(model, use_gradient_checkpointing=gradient_checkpointing)
    torch.manual_seed(2)
    model = adapters.attach_adapters(model, LORA)
    if random_b:
        randomise_lora_b(model)
    return model


def lora_grads(model, batch) -> torch.Tensor:
    """All adapter gradients of the causal-LM loss on `batch`, flattened, in train mode."""
    model.train()
    model.zero_grad(set_to_none=True)
    model(input_ids=batch, labels=batch).loss.backward()
    return torch.cat([p.grad.flatten().float() for p in model.parameters() if p.requires_grad])
