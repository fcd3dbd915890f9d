"""The fused linear cross-entropy: the loss and gradients of the logits it never builds."""

from __future__ import annotations

import pytest
import torch

from ech0.model import losses


@pytest.mark.parametrize("rows", [5, 37])  # one block, and blocks with a ragged last one
def test_linear_cross_entropy_equals_cross_entropy_of_the_logits(rows, monkeypatch):
    monkeypatch.setattr(losses, "CE_CHUNK_ROWS", 8)
    gen = torch.Generator().manual_seed(0)
    hidden = torch.randn(rows, 16, generator=gen, requires_grad=True)
    weight = torch.randn(50, 16, generator=gen, requires_grad=True)
    targets = torch.randint(0, 50, (rows,), generator=gen)
    ref = torch.nn.functional.cross_entropy(hidden @ weight.t(), targets, reduction="sum") / rows
    ref_h, ref_w = torch.autograd.grad(ref * 3, (hidden, weight))
    loss = losses.linear_cross_entropy(hidden, weight, targets, 1.0 / rows)
    got_h, got_w = torch.autograd.grad(loss * 3, (hidden, weight))  # an upstream gradient other than 1
    torch.testing.assert_close(loss, ref)
    torch.testing.assert_close(got_h, ref_h)
    torch.testing.assert_close(got_w, ref_w)
    with torch.no_grad():  # eval: the loss alone
        torch.testing.assert_close(losses.linear_cross_entropy(hidden, weight, targets, 1.0 / rows), ref.detach())


def test_linear_cross_entropy_under_bf16_autocast_matches_the_autocast_head():
    """A bf16 frozen head (the LoRA recipe): bf16 matmuls, fp32 softmax, the same
    numbers as the head's autocast logits upcast for the loss, to bf16 rounding."""
    gen = torch.Generator().manual_seed(1)
    hidden = torch.randn(600, 32, generator=gen).requires_grad_()
    weight = (torch.randn(300, 32, generator=gen) * 0.2).bfloat16()
    targets = torch.randint(0, 300, (600,), generator=gen)
    with torch.autocast("cpu", dtype=torch.bfloat16):
        ref = torch.nn.functional.cross_entropy((hidden @ weight.t()).float(), targets, reduction="sum") / 600
        loss = losses.linear_cross_entropy(hidden, weight, targets, 1.0 / 600)
    (ref_h,), (got_h,) = torch.autograd.grad(ref, hidden), torch.autograd.grad(loss, hidden)
    assert loss.dtype == torch.float32 and got_h.dtype == hidden.dtype
    torch.testing.assert_close(loss, ref, rtol=1e-5, atol=1e-5)
    torch.testing.assert_close(got_h, ref_h, rtol=2e-2, atol=1e-5)
    assert got_h.abs().sum() > 0
