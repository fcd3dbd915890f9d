"""advanced_software's rubric: how ech0.eval.rubrics.rubric() scores an advanced_software answer.

final_answer_correct and final_answer_given where the row has metadata.answer
(every generator row does), plus, when the prompt asks for them,
complexity_stated (Big-O / Theta / Omega notation), pattern_named (one of the
23 GoF patterns), principle_named (a SOLID principle) and fix_given.
"""

from __future__ import annotations

import re

from ech0.eval.common import exact_match, final_line

__all__ = ["checks"]

# Big-O (or Theta/Omega) notation with balanced parentheses.
_BIG_O_RE = re.compile(r"(?:\b[O\u0398\u03a9]|\bTheta|\bOmega)\s*\((?:[^()]|\([^()]*\))+\)")
# What a prompt asks for. Every advanced_software prompt that asks for a
# complexity uses one of these words (complexity lookups, the master theorem,
# refactors); pattern prompts say "design pattern" or "name the pattern"
# (a bare "pattern" also appears in "KMP ... pattern m").
_ASKS_COMPLEXITY = re.compile(r"big-?o|complexity|running time|asymptotic|master theorem", re.I)
_ASKS_PATTERN = re.compile(r"design pattern|\bname the pattern\b", re.I)
_ASKS_PRINCIPLE = re.compile(r"\bSOLID\b|\bprinciple\b")
_ASKS_FIX = re.compile(r"\bhow would you fix\b|\bfix it\b", re.I)
# The 23 GoF patterns (Gamma et al. 1994): naming any of them is a design
# answer; whether it is the right one is final_answer_correct's job.
_GOF = ("abstract factory", "builder", "factory method", "prototype", "singleton", "adapter", "bridge",
        "composite", "decorator", "facade", "flyweight", "proxy", "chain of responsibility", "command",
        "interpreter", "iterator", "mediator", "memento", "observer", "state", "strategy",
        "template method", "visitor")
_GOF_RE = re.compile(r"\b(?:" + "|".join(p.replace(" ", r"\s+") for p in _GOF) + r")\b", re.I)
_SOLID_RE = re.compile(
    r"single[\s-]+responsibility|open[\s/-]*closed|liskov|interface\s+segregation|dependency\s+inversion"
    r"|\b(?:SRP|OCP|LSP|ISP|DIP)\b", re.I)
_FIX_RE = re.compile(r"\b(?:fix|refactor|instead|replace|split|introduce|inject)", re.I)


def checks(prompt: str, completion: str, metadata: dict, *, reference: str = "",
           stopped: bool = True) -> dict[str, bool]:
    """Named pass/fail checks for one advanced_software answer (the interface every domain rubric has)."""
    out: dict[str, bool] = {}
    if metadata.get("answer") is not None:
        # Every generator row has one; without it, rows asking for neither
        # Big-O nor a design element (capacity sums, quorums) had no check.
        out["final_answer_correct"] = exact_match(completion, metadata["answer"])
        out["final_answer_given"] = final_line(completion)
    if _ASKS_COMPLEXITY.search(prompt):
        out["complexity_stated"] = bool(_BIG_O_RE.search(completion))
    if _ASKS_PATTERN.search(prompt):
        out["pattern_named"] = bool(_GOF_RE.search(completion))
    if _ASKS_PRINCIPLE.search(prompt):
        out["principle_named"] = bool(_SOLID_RE.search(completion))
    if _ASKS_FIX.search(prompt):
        out["fix_given"] = bool(_FIX_RE.search(completion))
    return out
