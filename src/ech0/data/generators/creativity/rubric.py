"""creativity's rubric: how ech0.eval.rubrics.rubric() scores a creativity answer.

Cheap novelty and coherence proxies: diverse_bigrams (distinct-2 >=
DISTINCT_2_MIN), not_repetitive (repetition_rate(3) <= REPETITION_3_MAX),
on_topic (prompt_relevance >= RELEVANCE_MIN, or the requested metadata.form is
followed) and form_followed where the row records metadata.form (the shapes
the generator writes: a limerick's five lines, an acrostic, the six headings
of a metaphor anatomy, ...).
"""

from __future__ import annotations

import re

from ech0.eval.common import (LIST_ITEM_RE, RELEVANCE_MIN, REPETITION_3_MAX, distinct_n, prompt_relevance,
                              repetition_rate, squash)

__all__ = ["checks", "DISTINCT_2_MIN"]

# Distinct-2 of the creativity generator's reference completions (seeds 0-5 x
# 1,200 rows) has minimum 0.56, median 0.96; text stuck in a loop ("the sea
# the sea the sea ...") scores 0.5 and worse as the loop grows. Repetition is
# bounded by ech0.eval.common.REPETITION_3_MAX, measured on the same references.
DISTINCT_2_MIN = 0.5
# How-Might-We questions must all begin "How might we"; that stem alone puts
# up to 31% of a list's trigrams on repeat (0.24 at most without it), so it is
# left out before measuring.
_HMW_RE = re.compile(r"\bhow might we\b", re.I)
_NUMBERED_RE = re.compile(r"^[ \t]*\d+[.)][ \t]+\S", re.M)


def _in_order(text: str, phrases) -> bool:
    """Every phrase occurs (case-insensitively), each after the previous one."""
    hay, pos = squash(text), 0
    for p in phrases:
        i = hay.find(squash(p), pos)
        if i < 0:
            return False
        pos = i + 1
    return True


def _blocks(text: str) -> list[list[str]]:
    """Blank-line separated blocks, as lists of their non-empty lines."""
    return [[ln for ln in b.splitlines() if ln.strip()] for b in re.split(r"\n[ \t]*\n", text or "") if b.strip()]


def _follows_form(completion: str, form: dict) -> bool:
    """The completion has the shape recorded in a creativity row's metadata.form.

    Deliberately lenient (a model may add a title or a closing line): counts
    are minimums and labels are searched for, not parsed. Unknown kinds fail,
    so they fall back to lexical relevance alone.
    """
    kind = form.get("kind")
    text = completion or ""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    per_stanza = {"stanzas": form.get("lines_per_stanza"), "limerick": 5, "haiku": 3, "cinquain": 5}
    if kind == "acrostic":
        word = str(form.get("word", "")).upper()
        return bool(word) and any(
            "".join(re.sub(r"^[^A-Za-z]+", "", ln)[:1] for ln in b).upper().startswith(word) for b in _blocks(text))
    if kind in per_stanza:
        size = per_stanza[kind]
        return size is not None and sum(len(b) == size for b in _blocks(text)) >= int(form.get("stanzas", 1))
    if kind in ("numbered_list", "six_word"):
        return len(_NUMBERED_RE.findall(text)) >= int(form.get("items", 1))
    if kind == "hmw":
        return len(_HMW_RE.findall(text)) >= int(form.get("items", 1))
    if kind == "dialogue":
        speakers = [s.casefold() for s in form.get("speakers", ())]
        said = [ln.split(":", 1)[0].strip("*_ ").casefold() for ln in lines if ":" in ln]
        turns = sum(s in speakers for s in said)
        return bool(speakers) and set(speakers) <= set(said) and turns >= int(form.get("lines", 2))
    labels = {"scamper": "letters", "stages": "stages", "six_hats": "hats", "story_spine": "starts",
              "headings": "headings"}
    if kind in labels:
        wanted = [str(x) for x in form.get(labels[kind], ())]
        return bool(wanted) and _in_order(text, wanted)
    if kind == "sections":
        return bool(form.get("sections")) and _in_order(text, list(form["sections"]))
    if kind in ("palette", "constraints", "bullets_after"):
        n = int(form.get({"palette": "colors", "constraints": "constraints"}.get(kind, "items"), 1))
        return len(LIST_ITEM_RE.findall(text)) >= n
    if kind == "sentences":
        return all(re.search(rf"\b{re.escape(w)}\b", text, re.I) for w in form.get("required_words", ())) and \
            len(re.findall(r"[.!?](?:\s|$)", text)) >= int(form.get("sentences", 1))
    return False


def checks(prompt: str, completion: str, metadata: dict, *, reference: str = "",
           stopped: bool = True) -> dict[str, bool]:
    """Named pass/fail checks for one creativity answer (the interface every domain rubric has)."""
    form = metadata.get("form") if isinstance(metadata.get("form"), dict) else {}
    measured = _HMW_RE.sub(" ", completion) if form.get("kind") == "hmw" else completion
    on_topic = prompt_relevance(prompt, completion) >= RELEVANCE_MIN or (bool(form) and _follows_form(completion, form))
    out = {"diverse_bigrams": distinct_n(completion, 2) >= DISTINCT_2_MIN,
           "not_repetitive": bool(completion.strip()) and repetition_rate(measured, 3) <= REPETITION_3_MAX,
           "on_topic": on_topic}
    if form:
        # The asked-for shape (a limerick's five lines, the six headings of a
        # metaphor anatomy): SmolLM2 as shipped writes fluent, relevant prose and
        # passed the three checks above on 0.89-1.0 of the eval rows, so without
        # this the domain score could not tell the fine-tune from its base.
        out["form_followed"] = _follows_form(completion, form)
    return out
