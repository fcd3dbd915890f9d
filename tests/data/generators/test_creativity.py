"""Creativity generator: every completion follows the form its prompt asks for.

The form of each row is recorded in metadata["form"]; the checks below parse the
completion itself (line counts, syllables, acrostic letters, list lengths,
headings) rather than trusting that record.
"""

from __future__ import annotations

import collections
import re

import pytest

from ech0.data.generators import get_generator

N = 1500
SEED = 7


@pytest.fixture(scope="module")
def rows():
    return list(get_generator("creativity").rows(N, SEED))


@pytest.fixture(scope="module")
def of_kind(rows):
    """of_kind("haiku"): the rows whose form is that kind, grouped once; a kind with no rows fails."""
    groups = collections.defaultdict(list)
    for r in rows:
        groups[r["metadata"]["form"]["kind"]].append(r)

    def rows_of(kind):
        assert groups[kind], f"no rows of form {kind}"
        return groups[kind]
    return rows_of


def blocks(text):
    return [b for b in text.split("\n\n") if b.strip()]


def syllables(word: str) -> int:
    """A plain English syllable heuristic (vowel groups, minus common silent endings)."""
    w = re.sub(r"[^a-z]", "", word.lower())
    n = len(re.findall(r"[aeiouy]+", w))
    if w.endswith("e") and not re.search(r"[^aeiouy]le$", w) and not w.endswith(("ee", "ye")):
        n -= 1
    elif w.endswith("es") and not re.search(r"([sxzgc]|ch|sh|[^aeiouy]l|[aeiouy])es$", w):
        n -= 1
    elif w.endswith("ed") and not re.search(r"([td]|i)ed$", w):
        n -= 1
    return max(n, 1)


def line_syllables(line: str) -> int:
    return sum(syllables(w) for w in line.split())


def test_categories_difficulties_and_no_answers(rows):
    gen = get_generator("creativity")
    assert {r["category"] for r in rows} == set(gen.categories)
    assert set(gen.categories) == {"artistic_expression", "poetry_generation", "narrative_creation",
                                   "conceptual_blending", "metaphor_generation", "brainstorming"}
    assert {r["difficulty"] for r in rows} == {"easy", "medium", "hard"}
    assert len({r["metadata"]["template"] for r in rows}) >= 20
    assert not any("answer" in r["metadata"] for r in rows)
    kinds = {r["metadata"]["form"]["kind"] for r in rows}
    assert kinds <= CHECKED_KINDS, kinds - CHECKED_KINDS


def test_syllable_annotations_agree_with_counter():
    from ech0.data.generators.creativity.generator import THEMES
    for name, t in THEMES.items():
        for field in ("nouns", "adjs", "verbs", "places"):
            for phrase, n in t[field]:
                assert line_syllables(phrase) == n, (name, phrase, n)


def test_haiku_are_three_lines_of_5_7_5(of_kind):
    for r in of_kind("haiku"):
        form = r["metadata"]["form"]
        poems = blocks(r["completion"])[:form["stanzas"]]
        assert len(poems) == form["stanzas"]
        for poem in poems:
            lines = poem.splitlines()
            assert len(lines) == 3
            assert [line_syllables(x) for x in lines] == [5, 7, 5], lines


def test_acrostics_spell_their_word(of_kind):
    for r in of_kind("acrostic"):
        word = r["metadata"]["form"]["word"]
        assert word in r["prompt"]
        lines = blocks(r["completion"])[0].splitlines()
        assert "".join(x[0] for x in lines) == word


def test_limericks_have_five_lines_and_aabba(of_kind):
    from ech0.data.generators.creativity.generator import LIMERICK_B
    couplets = {(a, b) for a, b in LIMERICK_B}
    for r in of_kind("limerick"):
        form = r["metadata"]["form"]
        stanzas = blocks(r["completion"])
        assert len(stanzas) == form["stanzas"]
        for stanza, rhymes in zip(stanzas, form["rhyme_sets"]):
            lines = stanza.splitlines()
            assert len(lines) == 5
            ends = [re.sub(r"[^a-z]", "", x.split()[-1].lower()) for x in lines]
            assert {ends[0], ends[1], ends[4]} <= set(rhymes)
            assert len({ends[0], ends[1], ends[4]}) == 3, "no rhyme word repeated"
            assert (lines[2], lines[3].lower()) in {(a, b.lower()) for a, b in couplets}


def test_cinquains_have_1_2_3_4_1_words(of_kind):
    for r in of_kind("cinquain"):
        form = r["metadata"]["form"]
        for stanza in blocks(r["completion"])[:form["stanzas"]]:
            counts = [len(x.replace(",", " ").split()) for x in stanza.splitlines()]
            assert counts == [1, 2, 3, 4, 1], stanza


def test_stanza_poems_have_requested_shape(of_kind):
    for r in of_kind("stanzas"):
        form = r["metadata"]["form"]
        stanzas = blocks(r["completion"])
        assert len(stanzas) == form["stanzas"]
        assert all(len(s.splitlines()) == form["lines_per_stanza"] for s in stanzas)
        if "End on the word" in r["prompt"]:
            word = r["prompt"].split("End on the word \"")[1].split("\"")[0]
            assert r["completion"].rstrip().endswith(word)


def numbered(text):
    return [x for x in text.splitlines() if re.match(r"^\d+\. ", x)]


def test_numbered_lists_have_n_items(of_kind):
    for r in of_kind("numbered_list"):
        form = r["metadata"]["form"]
        items = numbered(r["completion"])
        assert len(items) == form["items"]
        assert [int(x.split(".")[0]) for x in items] == list(range(1, form["items"] + 1))
        assert len(set(items)) == len(items)
        if "must_contain" in form:
            assert all(form["must_contain"] in x.lower() for x in items)
        for c in form.get("cliches", []):
            assert f"\"{c}\"" in r["prompt"] and f"\"{c}\"" in r["completion"]
        n_word = r["prompt"]
        assert str(form["items"]) in n_word or re.search(
            r"\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b", n_word) or form.get("cliches")


def test_six_word_stories(of_kind):
    for r in of_kind("six_word"):
        items = numbered(r["completion"])
        assert len(items) == r["metadata"]["form"]["items"]
        for x in items:
            assert len(x.split(" ", 1)[1].split()) == 6, x


def sentence_count(text):
    return len([s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s])


def test_sentence_counts_and_required_words(of_kind):
    for r in of_kind("sentences"):
        form = r["metadata"]["form"]
        assert sentence_count(r["completion"]) == form["sentences"], r["completion"]
        for w in form.get("required_words", []):
            assert re.search(rf"\b{re.escape(w)}\b", r["completion"], re.I), w
        if "must_contain" in form:
            assert form["must_contain"] in r["completion"].lower()


def test_story_spine_beats_in_order(of_kind):
    spine = ["Once upon a time", "Every day", "But one day", "Because of that", "Because of that", "Until finally",
             "And ever since then"]
    for r in of_kind("story_spine"):
        lines = r["completion"].splitlines()[:7]
        assert [x.split(",")[0] for x in lines] == spine


def test_dialogues_alternate_speakers(of_kind):
    for r in of_kind("dialogue"):
        form = r["metadata"]["form"]
        lines = r["completion"].splitlines()
        assert len(lines) == form["lines"]
        a, b = form["speakers"]
        assert [x.split(":")[0] for x in lines] == [a if i % 2 == 0 else b for i in range(len(lines))]


def test_headings_present_in_order(of_kind):
    for r in of_kind("headings"):
        text = r["completion"]
        pos = [text.find(h) for h in r["metadata"]["form"]["headings"]]
        assert all(p >= 0 for p in pos), (r["metadata"]["form"]["headings"], text)
        assert pos == sorted(pos)
        assert all(p == 0 or text[p - 1] == "\n" for p in pos), "each heading starts a line"


def bullets_after(text, heading):
    lines = text.splitlines()
    i = lines.index(heading)
    out = []
    for x in lines[i + 1:]:
        if not x.startswith("- "):
            break
        out.append(x)
    return out


def test_palettes_constraints_sections_and_bullets(of_kind):
    for r in of_kind("palette"):
        assert len(bullets_after(r["completion"], "Palette:")) == r["metadata"]["form"]["colors"]
    for r in of_kind("constraints"):
        got = bullets_after(r["completion"], "Constraints:")
        assert len(got) == r["metadata"]["form"]["constraints"]
        assert sum("format" in x for x in got) == 1, "exactly one image format"
    for r in of_kind("sections"):
        for heading, n in r["metadata"]["form"]["sections"].items():
            assert len(bullets_after(r["completion"], heading + ":")) == n
    for r in of_kind("bullets_after"):
        form = r["metadata"]["form"]
        assert len(bullets_after(r["completion"], form["heading"])) == form["items"]


def test_scamper_letters(of_kind):
    words = ["Substitute", "Combine", "Adapt", "Modify", "Put to another use", "Eliminate", "Reverse"]
    for r in of_kind("scamper"):
        lines = r["completion"].splitlines()[:7]
        assert [x.split(":")[0] for x in lines] == [f"{w[0]} - {w}" for w in words]
        if r["difficulty"] == "hard":
            assert all(x.count("; ") >= 1 for x in lines), "two ideas per letter"


def test_how_might_we_questions(of_kind):
    for r in of_kind("hmw"):
        qs = [x for x in r["completion"].splitlines() if x.startswith("- ")]
        assert len(qs) == r["metadata"]["form"]["items"]
        assert all(q.startswith("- How might we ") and q.endswith("?") for q in qs)
        assert len(set(qs)) == len(qs)


def test_design_thinking_stages_and_six_hats(of_kind):
    stages = ["Empathize", "Define", "Ideate", "Prototype", "Test"]
    for r in of_kind("stages"):
        lines = r["completion"].splitlines()[:5]
        assert [x.split(":")[0] for x in lines] == [f"{i + 1}. {s}" for i, s in enumerate(stages)]
    # de Bono's hats and what each stands for
    hats = [("White", "facts"), ("Red", "feelings"), ("Black", "risks"), ("Yellow", "benefits"),
            ("Green", "new ideas"), ("Blue", "process")]
    for r in of_kind("six_hats"):
        lines = r["completion"].splitlines()[:6]
        assert [x.split(":")[0] for x in lines] == [f"{h} hat ({f})" for h, f in hats]


def test_fact_tables():
    from ech0.data.generators.creativity.generator import MOVEMENTS
    assert "Seurat" in MOVEMENTS["Pointillism"][1]
    assert "Hokusai" in MOVEMENTS["Ukiyo-e"][1]
    assert "Picasso" in MOVEMENTS["Cubism"][1] and "Braque" in MOVEMENTS["Cubism"][1]
    assert "Monet" in MOVEMENTS["Impressionism"][1]
    assert "Matisse" in MOVEMENTS["Fauvism"][1]


def test_templates_spread_over_difficulties(rows):
    seen = collections.defaultdict(set)
    for r in rows:
        seen[r["metadata"]["template"]].add(r["difficulty"])
    assert all(v == {"easy", "medium", "hard"} for v in seen.values()), seen


CHECKED_KINDS = {"haiku", "acrostic", "limerick", "cinquain", "stanzas", "numbered_list", "six_word", "sentences",
                 "story_spine", "dialogue", "headings", "palette", "constraints", "sections", "bullets_after",
                 "scamper", "hmw", "stages", "six_hats"}
