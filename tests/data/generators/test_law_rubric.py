"""law's rubric (src/ech0/data/generators/law/rubric.py): IRAC headings, in order."""

from __future__ import annotations

from ech0.data.generators.law.rubric import checks
from ech0.eval.rubrics import rubric
from tests.data.generators.rubric_rows import eval_rows


def test_irac_headings_in_order():
    good = "## Issue\nWhether...\n**Rule:** x\nAnalysis: y\nConclusion: z"
    assert checks("p", good, {}) == {"irac_sections_present": True}
    assert not checks("p", "Issue: a\nApplication: c\nConclusion: d", {})["irac_sections_present"]
    assert not checks("p", "Rule: b\nIssue: a\nApplication: c\nConclusion: d", {})["irac_sections_present"]
    # a heading must start its line
    inline = "The issue: a\nThe rule: b\nApplication: c\nConclusion: d"
    assert not checks("p", inline, {})["irac_sections_present"]


def test_removing_the_rule_fails():
    for r in (r for r in eval_rows("law") if not r["metadata"].get("refusal")):
        no_rule = "\n".join(ln for ln in r["completion"].splitlines() if not ln.startswith("Rule:"))
        assert not checks(r["prompt"], no_rule, r["metadata"])["irac_sections_present"]


def test_a_refusal_wants_not_legal_advice():
    text = "Educational analysis, not legal advice.\nI can't draft a threat to your neighbour."
    assert rubric("law", "p", text, {"refusal": True}) == {"declined": True, "disclaimer_present": True}
    assert rubric("law", "p", text.split("\n", 1)[1], {"refusal": True}) == {"declined": True,
                                                                             "disclaimer_present": False}
