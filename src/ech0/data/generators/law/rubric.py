"""law's rubric: how ech0.eval.rubrics.rubric() scores a law answer.

irac_sections_present: the Issue, Rule, Application (or Analysis) and
Conclusion headings, each at the start of a line, in that order, as the
generator writes them. A refusal row (metadata.refusal) is scored on
declining, with law's "not legal advice".
"""

from __future__ import annotations

import re

from ech0.eval.common import refusal_checks

__all__ = ["checks"]

# IRAC headings at the start of a line, optionally decorated ("## Issue",
# "**Rule:**"). "Analysis" is accepted for Application, the common variant.
_IRAC = (("issue",), ("rule",), ("application", "analysis"), ("conclusion",))


def _irac_present(completion: str) -> bool:
    positions = []
    for names in _IRAC:
        alt = "|".join(names)
        m = re.search(rf"^[ \t>#*_\-]*(?:{alt})s?[ \t*_]*(?::|$)", completion or "", re.IGNORECASE | re.MULTILINE)
        if not m:
            return False
        positions.append(m.start())
    return positions == sorted(positions)  # IRAC is an order, not just four words


def checks(prompt: str, completion: str, metadata: dict, *, reference: str = "",
           stopped: bool = True) -> dict[str, bool]:
    """Named pass/fail checks for one law answer (the interface every domain rubric has)."""
    if metadata.get("refusal"):
        return refusal_checks(completion, "not legal advice")
    return {"irac_sections_present": _irac_present(completion)}
