"""File hashes for lineage and identity: standard library only.

`ech0 verify` and `ech0 deploy` re-hash packages with these, so they must not
pull in torch or transformers (importing torch alone costs ~2 s)."""

from __future__ import annotations

import hashlib
from pathlib import Path


def file_sha256(path: Path) -> str:
    """sha256 hex digest of a file, read in 1 MiB blocks (a 7B package's weights
    are never read into memory whole)."""
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def md5(path: Path) -> str:
    """DVC's hash of a file (dvc.lock's `md5`), so lineage and dvc.lock can be compared."""
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "md5").hexdigest()
