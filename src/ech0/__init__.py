"""ech0: a reproducible DVC pipeline from raw instruction data to a packaged model."""

import logging
import warnings

__version__ = "0.1.0"


def _drop_bnb_kernel_notice(record: logging.LogRecord) -> bool:
    # bitsandbytes 0.50.2, on any CPU with AVX512-BF16, tries at import to fetch a
    # 4-bit GEMM kernel from the Hugging Face hub (kernels-community) and warns on
    # every stage when it cannot. That kernel serves only its CPU 4-bit *inference*
    # path (gemv_4bit), which training turns off anyway (ech0.model.quantization.
    # disable_cpu_bf16_repack), and which falls back to bitsandbytes' own code
    # otherwise: nothing a user can or need act on. Only this one message is dropped.
    return not str(record.msg).startswith("Failed to load CPU gemm_4bit_forward from kernels-community")


logging.getLogger("bitsandbytes.backends.cpu.ops").addFilter(_drop_bnb_kernel_notice)

# peft 0.21 reads `model.is_gradient_checkpointing` when it wraps a model, a property
# transformers 5.23 deprecates with a FutureWarning on every train and eval run; the
# call is peft's, not ours, and nothing a user sets changes it.
warnings.filterwarnings("ignore", message=r"`is_gradient_checkpointing` is deprecated", category=FutureWarning)
