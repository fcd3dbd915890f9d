"""Process-level settings for the CPU training loops (base pretraining, train):
glibc's allocator, the garbage collector, and whether torch.compile can build
CPU kernels. What a run ran on (versions, device) is ech0.environment's.

Kept apart from loading.py so that the base stage, which depends on this file,
is not re-run by unrelated changes to model loading.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


def keep_freed_memory() -> bool:
    """Have glibc keep freed memory for reuse instead of handing it back to the OS.

    A training step allocates and frees the same large activation buffers every
    step. glibc serves blocks above its mmap threshold (128 KiB, rising to at most
    32 MiB) with fresh mmaps and unmaps them on free, so each step page-faults and
    zeroes them again: on the default run that was ~25% of the process's time in
    the kernel. With a 1 GiB mmap threshold and no trimming, a step reuses the
    heap: measured on 2 cores, kernel time 12 s -> 3.6 s and wall time -15% over the
    same steps, for ~300 MiB more peak RSS. Returns False where there is no glibc."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    m_trim_threshold, m_mmap_threshold = -1, -3  # from glibc's malloc.h
    return bool(mallopt(m_mmap_threshold, 1 << 30)) and bool(mallopt(m_trim_threshold, 2**31 - 1))


@contextmanager
def frozen_gc() -> Iterator[None]:
    """Hide every object alive now from the cyclic garbage collector for the block.

    A training loop keeps millions of long-lived Python objects (token lists,
    modules, libraries), and the GC's full collections, set off by autograd's
    short-lived garbage, re-scan them all: ~6% of the default train run's step
    time. Objects created inside the block are collected as usual."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def cpu_compiler_problem() -> str | None:
    """Why torch.compile cannot build CPU kernels here, or None. Inductor compiles
    its CPU kernels with a C++ compiler (g++ or clang++, or $CXX); without one the
    first training step would fail deep inside torch, after the data is loaded."""
    try:
        from torch._inductor.cpp_builder import get_cpp_compiler

        get_cpp_compiler()
    except Exception as exc:  # inductor raises its own InvalidCxxCompiler (or an OSError)
        return f"torch.compile found no C++ compiler for CPU kernels ({type(exc).__name__})"
    return None


def require_cpu_compiler(stage: str, param: str, when_off: str) -> None:
    """Exit naming `param` (a compile switch that is on) when torch.compile has no
    C++ compiler for CPU kernels; `when_off` says what turning it off costs."""
    if problem := cpu_compiler_problem():
        raise SystemExit(f"{stage}: {param} is on, but {problem}: install g++ or clang++ (or point $CXX at "
                         f"one), or set {param}: false ({when_off})")
