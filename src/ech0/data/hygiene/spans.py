"""Span bookkeeping shared by the secret and PII redactors."""

from __future__ import annotations

from typing import Callable, Sequence, TypeVar

F = TypeVar("F")  # a finding with .start and .end


def first_wins(found: Sequence[F], key: Callable[[F], tuple]) -> list[F]:
    """Non-overlapping findings: sorted by `key`, each kept unless it overlaps one kept before."""
    kept: list[F] = []
    for f in sorted(found, key=key):
        if f.start < f.end and (not kept or f.start >= kept[-1].end):
            kept.append(f)
    return kept


def replace(text: str, findings: Sequence[F], placeholder: Callable[[F], str]) -> str:
    """`text` with each (sorted, non-overlapping) finding's span replaced by its placeholder."""
    parts, last = [], 0
    for f in findings:
        parts.append(text[last:f.start])
        parts.append(placeholder(f))
        last = f.end
    parts.append(text[last:])
    return "".join(parts)
