"""law's rubric: how ech0.eval.rubrics.rubric() scores a law answer.

irac_sections_present: the Issue, Rule, Application (or Analysis) and
Conclusion headings, each at the start of a line, in that order, as the
generator writes them. A refusal row must also say it is "not legal advice"
(REFUSAL_DISCLAIMER): every refusal the generator writes opens with one of
refusals/banks.yaml's law_disclaimers.
"""

from __future__ import annotations

import re

__all__ = ["checks", "REFUSAL_DISCLAIMER"]

REFUSAL_DISCLAIMER = "not legal advice"  # ech0.eval.rubrics.rubric() wants it in a refusal

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
    return {"irac_sections_present": _irac_present(completion)}
