"""Seeds derived from params.yaml's `seed`: standard library only, so the stages
that need one do not depend on (and re-run for) the generators' helpers."""

from __future__ import annotations

import hashlib


def derive_seed(seed: int, *parts: str) -> int:
    """A 64-bit seed from the global seed and names, stable across Python versions."""
    h = hashlib.sha256(str(seed).encode())
    for p in parts:
        h.update(b"\x1f" + p.encode())
    return int.from_bytes(h.digest()[:8], "big")
