"""reasoning's rubric: how ech0.eval.rubrics.rubric() scores a reasoning answer.

Rows with metadata.answer: final_answer_correct (the `Final answer:` equals
it) and final_answer_given (the line is there, right or wrong). Explanatory
rows: confounder_named (metadata.confounder), requested_elements_present (the
parts an analogy must "Cover: ..."), requested_items_listed (the number of
consequences asked for) and unchanged_stated ("what stays the same").
"""

from __future__ import annotations

import re

from ech0.eval.common import contains, count_check, exact_match, final_line

__all__ = ["checks"]


def checks(prompt: str, completion: str, metadata: dict, *, reference: str = "",
           stopped: bool = True) -> dict[str, bool]:
    """Named pass/fail checks for one reasoning answer (the interface every domain rubric has)."""
    if metadata.get("answer") is not None:
        return {"final_answer_correct": exact_match(completion, metadata["answer"]),
                "final_answer_given": final_line(completion)}
    # Explanatory rows (generators/reasoning/): the confounder to name, the
    # parts an analogy must "Cover: ...", the number of consequences to give.
    out: dict[str, bool] = {}
    if metadata.get("confounder"):
        out["confounder_named"] = contains(completion, str(metadata["confounder"]))
    cover = re.search(r"\bCover:\s*([^.\n]+)", prompt)
    if cover:
        terms = [t for t in re.split(r",\s*|\s+and\s+", cover.group(1)) if t.strip()]
        out["requested_elements_present"] = all(contains(completion, t) for t in terms)
    out.update(count_check(prompt, completion, "consequences?"))
    if re.search(r"what stays the same", prompt, re.I):
        unchanged = re.search(r"\b(?:same|unchanged|unaffected|not affected)\b", completion, re.I)
        out["unchanged_stated"] = unchanged is not None
    return out
