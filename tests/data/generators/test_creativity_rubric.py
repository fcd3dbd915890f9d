"""creativity's rubric (src/ech0/data/generators/creativity/rubric.py): novelty and
coherence proxies, and the form the prompt asked for."""

from __future__ import annotations

from ech0.data.generators.creativity.rubric import checks
from tests.data.generators.rubric_rows import eval_rows


def test_proxies():
    prompt = "Write a short poem about the sea at dawn."
    poem = "The sea at dawn is pewter, then gold;\ngulls stitch the light to the harbour wall."
    assert checks(prompt, poem, {}) == {"diverse_bigrams": True, "not_repetitive": True, "on_topic": True}
    loop = " ".join(["the sea at dawn"] * 12)
    looped = checks(prompt, loop, {})
    assert not looped["diverse_bigrams"] and not looped["not_repetitive"]
    assert not checks(prompt, "Quarterly revenue rose five percent on strong demand.", {})["on_topic"]
    # no shared word, but the acrostic the prompt asked for is evidence enough
    acrostic = "Tender hawk burns\nIn the ancient wind\nDrifting canyon\nEarly light on rock"
    form = {"form": {"kind": "acrostic", "word": "TIDE"}}
    assert checks("Compose an acrostic on the word TIDE, drawing images from the desert.", acrostic, form)["on_topic"]


def test_plain_prose_and_loops_fail():
    rows = eval_rows("creativity")
    flat = [r for r in rows if r["metadata"]["form"]["kind"] != "sentences"  # prose is that form
            and checks(r["prompt"], "The answer, as plain prose. " * 3, r["metadata"])["form_followed"]]
    assert not flat, [r["metadata"]["form"]["kind"] for r in flat]
    for r in rows:
        looped = checks(r["prompt"], " ".join([r["completion"].split("\n")[0]] * 8), r["metadata"])
        assert not (looped["diverse_bigrams"] and looped["not_repetitive"]), r["completion"][:100]
