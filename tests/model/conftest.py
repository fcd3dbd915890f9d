"""Fixtures of the quantisation and adapter tests (tests/model/tiny_llama.py)."""

from __future__ import annotations

import pytest
import torch

from tests.model.tiny_llama import VOCAB, save_tiny_llama


@pytest.fixture(scope="module")
def one_thread():
    """Tiny matmuls on 2 shared cores: with 2 torch threads and any other busy process
    (a DVC stage, another pytest) OpenMP oversubscription made 10 QLoRA steps take 22 s
    instead of 0.1 s. One thread keeps each file at a few seconds."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(scope="session")
def tiny_dir(tmp_path_factory):
    """A tiny random Llama saved as safetensors (loaded back quantised or not by each test)."""
    path = tmp_path_factory.mktemp("tiny-llama")
    save_tiny_llama(path)
    return str(path)


@pytest.fixture(scope="module")
def batch():
    gen = torch.Generator().manual_seed(1)
    return torch.randint(0, VOCAB, (4, 16), generator=gen)
