"""Cross-entropy of a linear head without materialising its logits.

`linear_cross_entropy(hidden, weight, targets)` is the loss of
`hidden @ weight.T` against `targets`, computed block by block with the
gradients taken in the same pass. Used by the train stage's completion loss
(ech0.model.sft) and by the built-in base's pretraining (ech0.model.builtin_model): at a
vocabulary of 4,096 the logits of one step are the largest tensor in it.
"""

from __future__ import annotations

import functools

import torch

# Rows of the LM head's output computed at once by linear_cross_entropy. The
# unfused loss of a 4k-token batch builds [~2,400, 4096] fp32 logits (38 MiB) and
# passes over them ~5 times. In isolation (2,358 label rows, vocab 4096, bf16,
# 2 cores) blocks of 512 rows took 19 ms, 128 rows 24 ms, 64 rows 31 ms, and the
# unfused loss 71 ms; in the stage, 256-1,024 were equal within noise.
CE_CHUNK_ROWS = 512


def _ce_block(h: torch.Tensor, w: torch.Tensor, t: torch.Tensor, scale: torch.Tensor, grad: bool):
    """One block of rows: the summed cross-entropy of `h @ w.T` against `t`, and
    with `grad` the loss's gradient with respect to those logits, times `scale`,
    in h's dtype (as autocast's backward of the head's matmul would give it)."""
    logits = (h @ w.t()).float()
    lse = torch.logsumexp(logits, dim=-1)
    loss = (lse - logits.gather(1, t[:, None]).squeeze(1)).sum()
    if not grad:
        return loss, None
    one_hot = torch.zeros_like(logits).scatter_(1, t[:, None], 1.0)
    return loss, (((logits - lse[:, None]).exp() - one_hot) * scale).to(h.dtype)


@functools.cache
def compiled_ce_block():
    """_ce_block through torch.compile: the cast, log-sum-exp, softmax and
    scaling become one or two passes over the block instead of ~8. With the
    layers compiled, a 16 x 226 step went 0.244 -> 0.196 s and 0.250 -> 0.214 s
    (two pairs, docs/benchmarks.md), after ~5 s of compiling; dynamic, so the
    ragged last block compiles no second graph."""
    return torch.compile(_ce_block, dynamic=True)


class _LinearCrossEntropy(torch.autograd.Function):
    """Sum of cross-entropies of `hidden @ weight.T` against `targets`, times
    `scale`, without materialising the logits: each block of rows gets its
    logits, log-sum-exp, loss and (when training) its gradients at once, so no
    [rows, vocab] tensor outlives a block. The gradients are computed in the
    forward pass (the block's softmax is at hand there) and handed back by
    backward, as Liger-Kernel's fused linear cross-entropy does on GPUs."""

    @staticmethod
    def forward(ctx, hidden, weight, targets, scale, compute_dtype, block):
        ctx.weight_dtype = weight.dtype
        need_h, need_w = ctx.needs_input_grad[0], ctx.needs_input_grad[1]
        h_all, w = hidden.to(compute_dtype), weight.to(compute_dtype)
        grad_h = torch.empty_like(hidden) if need_h else None
        grad_w = torch.zeros(weight.shape, dtype=torch.float32, device=weight.device) if need_w else None
        total = torch.zeros((), dtype=torch.float32, device=hidden.device)
        for start in range(0, hidden.shape[0], CE_CHUNK_ROWS):
            h = h_all[start:start + CE_CHUNK_ROWS]
            loss, d_logits = block(h, w, targets[start:start + CE_CHUNK_ROWS], scale, need_h or need_w)
            total += loss
            if need_h:
                grad_h[start:start + CE_CHUNK_ROWS] = d_logits @ w
            if need_w:
                # In the compute dtype, as autocast's weight gradient would be; summed in fp32.
                grad_w += (d_logits.t() @ h).float()
        ctx.save_for_backward(grad_h, grad_w)
        return total * scale

    @staticmethod
    def backward(ctx, grad_out):
        grad_h, grad_w = ctx.saved_tensors
        if grad_h is not None:
            grad_h = grad_h * grad_out.to(grad_h.dtype)  # grad_out is 1.0 from a plain backward: exact
        if grad_w is not None:
            grad_w = (grad_w * grad_out).to(ctx.weight_dtype)
        return grad_h, grad_w, None, None, None, None


def linear_cross_entropy(hidden: torch.Tensor, weight: torch.Tensor, targets: torch.Tensor,
                         scale: float | torch.Tensor = 1.0, *, compiled: bool = False) -> torch.Tensor:
    """`scale * cross_entropy(hidden @ weight.T, targets, reduction="sum")` in fp32,
    computed block by block (_LinearCrossEntropy). Under autocast the matmuls run
    in the autocast dtype, as the LM head's own would."""
    device = hidden.device.type
    dtype = torch.get_autocast_dtype(device) if torch.is_autocast_enabled(device) else hidden.dtype
    # A tensor, not a float: a compiled block would recompile for every new float.
    scale = torch.as_tensor(scale, dtype=torch.float32, device=hidden.device)
    block = compiled_ce_block() if compiled else _ce_block
    with torch.autocast(device, enabled=False):
        return _LinearCrossEntropy.apply(hidden, weight, targets, scale, dtype, block)


def token_cross_entropy(hidden: torch.Tensor, weight: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Per-row fp32 cross-entropy of `hidden @ weight.T` against `targets`, without
    gradients, one CE_CHUNK_ROWS block of logits at a time (evaluation's loss)."""
    out = torch.empty(hidden.shape[0], dtype=torch.float32, device=hidden.device)
    with torch.no_grad():
        for start in range(0, hidden.shape[0], CE_CHUNK_ROWS):
            logits = (hidden[start:start + CE_CHUNK_ROWS] @ weight.t()).float()
            t = targets[start:start + CE_CHUNK_ROWS]
            out[start:start + CE_CHUNK_ROWS] = torch.logsumexp(logits, -1) - logits.gather(1, t[:, None]).squeeze(1)
    return out
