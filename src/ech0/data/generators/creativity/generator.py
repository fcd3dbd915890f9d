"""Creativity domain: poetry, metaphor, narrative, conceptual blending, art and brainstorming.

Categories (from the original guide's "Domain Coverage"): artistic_expression, poetry_generation,
narrative_creation, conceptual_blending, metaphor_generation, brainstorming.

Policy:
- Nothing here has a single correct answer, so rows carry no `answer`. Variety comes
  from combining slots (themes, forms, tones, constraints, imagery banks) and from
  several phrasings per sentence.
- Every completion follows the form its prompt asks for, and `extra["form"]` records
  what that form is (line counts, syllables, acrostic word, number of items,
  headings) so tests can check it: a haiku has three 5-7-5 lines, an acrostic
  spells its word, a list of N ideas has N items.
- The word, phrase and fact banks are in banks.yaml beside this file. Syllable
  counts in its imagery banks are written by hand (`word: count`) and checked in
  tests against a simple independent counter.
- Facts used (art movements, Six Thinking Hats, design-thinking stages, SCAMPER,
  conceptual blending theory) are kept short and name their source.
- Randomness comes only from the `rng` handed in; banks load as tuples/dicts.
"""

from __future__ import annotations

import random
import re
import string
from functools import lru_cache

from ech0.data.generators.banks import load_banks
from ech0.data.generators.contract import DIFFICULTIES, DomainGenerator, Example, one_of as _v
from ech0.data.generators.formatting import cap_first, example

_BANKS = load_banks(__package__)
NAMES = _BANKS["names"]
NUM_WORDS = _BANKS["num_words"]


def _an(text: str) -> str:
    """'a' -> 'an' before a vowel sound written with a vowel letter."""
    return re.sub(r"\b([Aa]) ([aeiouAEIOU])", lambda m: m.group(1) + "n " + m.group(2), text)


# Imagery banks: each theme's syllable-counted words are {word: syllables} in the
# file and (word, syllables) pairs here, the order the line builder draws from.
THEMES = _BANKS["themes"]
THEME_NAMES = tuple(THEMES)
for _t in THEMES.values():
    for _k in ("nouns", "adjs", "verbs", "places"):
        _t[_k] = tuple(_t[_k].items())

ABSTRACTS = _BANKS["abstracts"]


# ---------------------------------------------------------------------------
# poetry_generation
# ---------------------------------------------------------------------------

_LINE_PATTERNS = _BANKS["line_patterns"]


@lru_cache(maxsize=None)
def _lines_with_syllables(theme: str, target: int) -> tuple:
    """Every line built from the theme's words and the patterns with exactly `target` syllables."""
    t = THEMES[theme]
    out = []
    for pat, fixed in _LINE_PATTERNS:
        for noun, sn in t["nouns"]:
            for adj, sa in (t["adjs"] if "{adj}" in pat else (("", 0),)):
                for adj2, sa2 in (t["adjs"] if "{adj2}" in pat else (("", 0),)):
                    if adj2 and adj2 == adj:
                        continue
                    for verb, sv in (t["verbs"] if "{verb}" in pat else (("", 0),)):
                        for place, sp in (t["places"] if "{place}" in pat else (("", 0),)):
                            if fixed + sn + sa + sa2 + sv + sp == target:
                                line = pat.format(adj=adj, adj2=adj2, noun=noun, verb=verb, place=place)
                                out.append((cap_first(_an(line)), noun))
    return tuple(out)


def _pick_lines(rng, theme, pattern, focus=None):
    """One line per syllable target, never reusing a noun; the first line uses `focus` if given."""
    lines, used = [], set()
    for i, target in enumerate(pattern):
        options = _lines_with_syllables(theme, target)
        if i == 0 and focus:
            options = [o for o in options if o[1] == focus] or options
        for _ in range(50):
            line = options[rng.randrange(len(options))][0]
            words = set(line.lower().replace(",", "").split()) - {"the", "a", "an", "in", "on", "by", "of", "to"}
            if not words & used:
                break
        used |= words
        lines.append(line)
    return lines


def poem_haiku(rng, diff) -> Example:
    theme = rng.choice(THEME_NAMES)
    t = THEMES[theme]
    tone = rng.choice(_BANKS["tones"])
    count = {"easy": 1, "medium": 2, "hard": 3}[diff]
    pattern = (5, 7, 5)
    focus = rng.choice(t["nouns"])[0]
    poems = [_pick_lines(rng, theme, pattern, focus if i == 0 else None) for i in range(count)]
    ask = "a haiku" if count == 1 else f"a sequence of {NUM_WORDS[count]} haiku"
    prompt = (_v(rng, f"Write {ask} about {theme}.", f"Compose {ask} on the subject of {theme}.",
                 f"I need {ask} capturing {theme}.")
              + f" Tone: {tone}. Include the image of a {focus}. Use the classic 5-7-5 syllable pattern"
              + (", one haiku per stanza" if count > 1 else "") + ".")
    if diff == "hard":
        prompt += f" Let a {t['season']} image run through the sequence."
    body = "\n\n".join("\n".join(p) for p in poems)
    note = _v(rng, f"Each line keeps to 5, 7 and 5 syllables; the imagery stays concrete ({t['nouns'][0][0]}, {t['nouns'][1][0]}) so the {tone} mood comes from what is seen, not stated.",
              f"Concrete images carry the {tone} tone; the middle line is the longest (7 syllables) and holds the turn.",
              f"Syllables: 5-7-5 in every stanza. The poem shows rather than tells, letting {theme} speak through small details.")
    return example(category="poetry_generation", difficulty=diff, template="creativity.poetry.haiku", prompt=prompt,
                   completion=body + "\n\n" + note,
                   form={"kind": "haiku", "stanzas": count, "syllables": list(pattern)})


_OPENERS = _BANKS["openers"]
ACROSTIC_WORDS = _BANKS["acrostic_words"]


# An acrostic line's form by its opener's kind (banks.yaml `openers`); the other
# kinds ("adj", "each") open "Word noun verb place".
_ACROSTIC_FORMS = {
    "prep": "{word} the {adj} {noun}, the {noun2} {verb}",
    "adv": "{word}, the {noun} {verb} {place}",
    "until": "Until the {noun2} {verb}, the {adj} {noun} waits",
    "where": "Where the {noun} {verb}, the {noun2} listens",
}


def _acrostic_line(rng, letter, t):
    word, kind = rng.choice(_OPENERS[letter.lower()])
    noun = rng.choice(t["nouns"])[0]
    noun2 = rng.choice([n for n, _ in t["nouns"] if n != noun])
    adj = rng.choice(t["adjs"])[0]
    verb = rng.choice(t["verbs"])[0]
    place = rng.choice(t["places"])[0]
    form = _ACROSTIC_FORMS.get(kind, "{word} {noun} {verb} {place}")
    return form.format(word=word, noun=noun, noun2=noun2, adj=adj, verb=verb, place=place)


def poem_acrostic(rng, diff) -> Example:
    theme = rng.choice(THEME_NAMES)
    t = THEMES[theme]
    pool = [w for w in ACROSTIC_WORDS if {"easy": len(w) <= 4, "medium": 5 <= len(w) <= 5, "hard": len(w) >= 6}[diff]]
    word = rng.choice(pool)
    tone = rng.choice(_BANKS["tones"])
    prompt = (_v(rng, f"Write an acrostic poem that spells {word} down the left side, set in {theme}.",
                 f"Acrostic challenge: the first letters of the lines must spell \"{word}\". Subject: {theme}.",
                 f"Compose an acrostic on the word {word}, drawing images from {theme}.")
              + f" Keep the mood {tone}.")
    lines = [_acrostic_line(rng, ch, t) for ch in word]
    note = _v(rng, f"Reading down the first letters gives {word}.", f"First letters: {' '.join(word)}.",
              f"The initials spell {word}, one image per line.")
    return example(category="poetry_generation", difficulty=diff, template="creativity.poetry.acrostic", prompt=prompt,
                   completion="\n".join(lines) + "\n\n" + note, form={"kind": "acrostic", "word": word})


LIMERICK_A = _BANKS["limerick_a"]
LIMERICK_B = _BANKS["limerick_b"]
LIMERICK_PEOPLE = _BANKS["limerick_people"]


def poem_limerick(rng, diff) -> Example:
    theme = rng.choice(THEME_NAMES)
    t = THEMES[theme]
    count = 1 if diff != "hard" else 2
    person = rng.choice(LIMERICK_PEOPLE)
    stanzas, forms = [], []
    for i in range(count):
        a = rng.choice(LIMERICK_A)
        b1, b2 = rng.choice(LIMERICK_B)
        thing = rng.choice(t["nouns"])[0]
        place = rng.choice(a["places"])
        opener = _v(rng, f"There once was a {person} from {place},", f"A {rng.choice(t['adjs'])[0]} young {person} from {place},",
                    f"An old {person} who came from {place},") if i == 0 else f"That {person}, still living in {place},"
        second = rng.choice(a["second"])
        last = rng.choice([x for x in a["last"] if x.split()[-1].strip(".") != second.split()[-1]])
        lines = [_an(opener), second.format(thing=thing) + ",", b1, b2, cap_first(last.format(thing=thing))]
        stanzas.append("\n".join(cap_first(x) for x in lines))
        forms.append(a["rhymes"])
    prompt = (_v(rng, f"Write a limerick about a {person}", f"Give me a silly limerick featuring a {person}",
                  f"Compose {'a limerick' if count == 1 else 'two linked limericks'} starring a {person}")
              + f" and something from {theme}. Follow the AABBA rhyme scheme"
              + ("; write two stanzas." if count == 2 else ".")
              + f" It is {rng.choice(_BANKS['short_venues'])}."
              + (" Keep it light enough for children." if diff == "easy" else ""))
    return example(category="poetry_generation", difficulty=diff, template="creativity.poetry.limerick", prompt=prompt,
                   completion="\n\n".join(stanzas),
                   form={"kind": "limerick", "stanzas": count, "rhyme_sets": [list(r) for r in forms]})


def poem_cinquain(rng, diff) -> Example:
    theme = rng.choice(THEME_NAMES)
    t = THEMES[theme]
    count = {"easy": 1, "medium": 1, "hard": 2}[diff]
    stanzas = []
    focus = rng.choice(t["nouns"])
    for i in range(count):
        nouns = [focus, rng.choice([x for x in t["nouns"] if x != focus])] if i == 0 else rng.sample(t["nouns"], 2)
        a1, a2, a3 = rng.sample(t["adjs"], 3)
        ings = rng.sample(t["ings"], 3)
        l4 = _v(rng, f"{a3[0]} as the {nouns[1][0]}", f"the {nouns[1][0]} remembers everything",
                f"always {ings[0]}, never tired", f"holding the {nouns[1][0]} close")
        stanzas.append("\n".join((cap_first(nouns[0][0]), f"{a1[0]}, {a2[0]}", ", ".join(ings), cap_first(l4),
                                  rng.choice(t["essence"]))))
    prompt = (_v(rng, "Write a word cinquain", "Compose a cinquain (the word-count form)", "Create a five-line cinquain")
              + f" about {theme}, starting from the word \"{focus[0]}\": one noun, two adjectives, three -ing words, a four-word phrase, and a one-word synonym."
              + (" Write two stanzas." if count == 2 else "")
              + (f" Aim for a {rng.choice(_BANKS['tones'])} feeling." if diff != "easy" else ""))
    note = _v(rng, "Word counts per line: 1, 2, 3, 4, 1.", "The shape narrows, widens and closes on a single word.",
              "Structure: noun / two adjectives / three actions / a feeling / a renaming.")
    return example(category="poetry_generation", difficulty=diff, template="creativity.poetry.cinquain", prompt=prompt,
                   completion="\n\n".join(stanzas) + "\n\n" + note,
                   form={"kind": "cinquain", "stanzas": count, "words_per_line": [1, 2, 3, 4, 1]})


_FREE_LINES = _BANKS["free_lines"]


def _free_line(rng, t):
    pat = rng.choice(_FREE_LINES)
    noun, (adj, adj2) = rng.choice(t["nouns"])[0], [a for a, _ in rng.sample(t["adjs"], 2)]
    c1, c2 = rng.sample(t["colors"], 2)
    s1, s2 = rng.sample(t["sounds"], 2)
    line = pat.format(noun=noun, verb=rng.choice(t["verbs"])[0], place=rng.choice(t["places"])[0], adj=adj, adj2=adj2,
                      color=c1, color2=c2, sound=s1, sound2=s2, texture=rng.choice(t["textures"]),
                      abstract=rng.choice(ABSTRACTS), verb_base=rng.choice(("hold", "carry", "keep", "want", "find")))
    return cap_first(_an(line))


def poem_free_verse(rng, diff) -> Example:
    theme = rng.choice(THEME_NAMES)
    t = THEMES[theme]
    n_st, n_ln = {"easy": (2, 3), "medium": (3, 3), "hard": (rng.choice((3, 4)), 4)}[diff]
    tone = rng.choice(_BANKS["tones"])
    extra = rng.choice(("", f" End on the word \"{rng.choice(t['essence']).lower()}\".", " Use at least one sound image.",
                        " Include a color in every stanza.", " No rhyme."))
    prompt = (_v(rng, f"Write a free-verse poem about {theme}", f"Compose an unrhymed poem set in {theme}",
                 f"Free verse, please: {theme}")
              + f", in {NUM_WORDS[n_st]} stanzas of {NUM_WORDS[n_ln]} lines each. Tone: {tone}.{extra}")
    stanzas, seen = [], set()
    for _ in range(n_st):
        lines = []
        while len(lines) < n_ln:
            line = _free_line(rng, t)
            if line not in seen:  # never repeat a line within the poem
                seen.add(line)
                lines.append(line)
        if "color in every stanza" in extra and not any(c in " ".join(lines) for c in t["colors"]):
            lines[0] = cap_first(f"{rng.choice(t['colors'])} at the edges, {rng.choice(t['colors'])} in the middle")
        stanzas.append(lines)
    if "sound image" in extra and not any(snd in " ".join(sum(stanzas, [])) for snd in t["sounds"]):
        stanzas[0][-1] = cap_first(f"somewhere, {rng.choice(t['sounds'])}")
    if "End on the word" in extra:
        word = extra.split('"')[1]
        stanzas[-1][-1] = f"and all of it, at last, {word}"
    body = "\n\n".join("\n".join(s) for s in stanzas)
    return example(category="poetry_generation", difficulty=diff, template="creativity.poetry.free_verse",
                   prompt=prompt, completion=body, form={"kind": "stanzas", "stanzas": n_st, "lines_per_stanza": n_ln})


# ---------------------------------------------------------------------------
# metaphor_generation
# ---------------------------------------------------------------------------

VEHICLES = _BANKS["vehicles"]
METAPHOR_CONSTRAINTS = _BANKS["metaphor_constraints"]


def metaphor_list(rng, diff) -> Example:
    concept = rng.choice(ABSTRACTS)
    n = {"easy": 3, "medium": 5, "hard": 7}[diff]
    picks = rng.sample(VEHICLES, n)
    constraint = " ".join(rng.sample(METAPHOR_CONSTRAINTS, 2))
    prompt = (_v(rng, f"Give me {NUM_WORDS[n]} fresh metaphors for {concept}.", f"Brainstorm {NUM_WORDS[n]} metaphors that describe {concept}.",
                 f"List {NUM_WORDS[n]} original metaphors for the idea of {concept}, each with a short explanation.")
              + f" {constraint}")
    lines = []
    for i, (veh, props) in enumerate(picks):
        lines.append(f"{i + 1}. {cap_first(concept)} is {veh}: {rng.choice(props)}.")
    completion = "\n".join(lines)
    if diff == "hard":
        k = rng.randrange(n)
        completion += "\n\n" + _v(rng, f"Strongest: #{k + 1}, because its image does real explanatory work instead of decorating.",
                                  f"If I had to keep one, it would be #{k + 1}: the ground is specific and surprising.",
                                  f"My pick is #{k + 1}; the comparison carries an insight about {concept}, not just a mood.")
    return example(category="metaphor_generation", difficulty=diff, template="creativity.metaphor.list", prompt=prompt,
                   completion=completion, form={"kind": "numbered_list", "items": n, "must_contain": concept})


def metaphor_extended(rng, diff) -> Example:
    concept = rng.choice(ABSTRACTS)
    veh, props = rng.choice(VEHICLES)
    n = {"easy": 3, "medium": 4, "hard": 5}[diff]
    audience = rng.choice(("a personal essay", "a graduation speech", "a short poem in prose", "a blog post",
                           "a letter to a friend", "a song's bridge", "a children's book", "a museum caption"))
    prompt = (_v(rng, f"Extend the metaphor \"{concept} is {veh}\" over exactly {NUM_WORDS[n]} sentences.",
                 f"Write {NUM_WORDS[n]} sentences that develop the metaphor {concept} = {veh}.",
                 f"Build an extended metaphor comparing {concept} to {veh}, in {NUM_WORDS[n]} sentences.")
              + f" It is for {audience}.")
    order = rng.sample(props, 3)
    sents = [cap_first(f"{concept} is {veh}.")]
    sents += [cap_first(p) + "." for p in order[: min(3, n - 1)]]
    if n == 5:
        sents.append(_v(rng, f"So I tend my {concept} the way you would look after {veh}, and it repays me.",
                        f"Treat {concept} the way you would treat {veh}, and it will hold.",
                        f"That is why I keep coming back to {veh} when I think about {concept}."))
    return example(category="metaphor_generation", difficulty=diff, template="creativity.metaphor.extended",
                   prompt=prompt, completion=" ".join(sents),
                   form={"kind": "sentences", "sentences": n, "must_contain": concept})


def metaphor_anatomy(rng, diff) -> Example:
    concept = rng.choice(ABSTRACTS)
    veh, props = rng.choice(VEHICLES)
    prop = rng.choice(props)
    sentence = cap_first(f"{concept} is {veh}; {prop}.")
    prompt = (_v(rng, f"Break down this metaphor: \"{sentence}\"", f"Analyse the metaphor \"{sentence}\"",
                 f"Identify the tenor, vehicle and ground in: \"{sentence}\"")
              + (" Then rewrite it as a simile." if diff != "easy" else "")
              + (" Finally, say where the comparison strains." if diff == "hard" else ""))
    lines = [f"Tenor: {concept} (the subject being described).",
             f"Vehicle: {veh} (the image borrowed to describe it).",
             f"Ground: {prop}, a quality we are invited to see in {concept} as well."]
    lines.append(_v(rng, f"Effect: it makes an abstract idea tangible by lending it the behaviour of {veh}.",
                    f"Effect: the reader feels {concept} through something they can picture.",
                    f"Effect: the image compresses an argument about {concept} into one picture."))
    if diff != "easy":
        lines.append(f"Simile version: {cap_first(concept)} is like {veh}: {prop}.")
    if diff == "hard":
        lines.append(_v(rng, f"Where it strains: {veh} is a thing, while {concept} is an experience, so the comparison cannot capture how {concept} feels from inside.",
                        f"Where it strains: pushed too far, {veh} suggests {concept} is more predictable than it is.",
                        f"Where it strains: the metaphor hides the people involved; {veh} has no one inside it."))
    return example(category="metaphor_generation", difficulty=diff, template="creativity.metaphor.anatomy",
                   prompt=prompt, completion="\n".join(lines),
                   form={"kind": "headings", "headings": ["Tenor:", "Vehicle:", "Ground:", "Effect:"]
                         + (["Simile version:"] if diff != "easy" else []) + (["Where it strains:"] if diff == "hard" else [])})


CLICHES = _BANKS["cliches"]


def metaphor_cliche_refresh(rng, diff) -> Example:
    n = {"easy": 2, "medium": 4, "hard": 6}[diff]
    picks = rng.sample(CLICHES, n)
    context = rng.choice(("a short story", "a product description", "a travel article", "a wedding speech", "a newsletter",
                          "a poem", "a children's story", "a sports report"))
    listed = "; ".join(f"\"{c}\"" for c, _, _ in picks)
    prompt = (_v(rng, f"Replace these cliches with fresh images for {context}: {listed}.",
                 f"These tired phrases appear in {context}: {listed}. Suggest a fresher alternative for each.",
                 f"Rewrite each cliche with an original figure of speech ({context}): {listed}."))
    lines = []
    for i, (c, meaning, alts) in enumerate(picks):
        alt = rng.choice(alts)
        if diff == "easy":
            lines.append(f"{i + 1}. \"{c}\" -> {alt}")
        else:
            lines.append(f"{i + 1}. \"{c}\" -> {alt} (keeps the meaning: {meaning})")
    tail = _v(rng, "Each replacement keeps the sense but swaps the worn image for a specific, visual one.",
              "Fresh figures work because the reader has to picture them instead of skimming past.",
              "Tip: a specific noun usually beats an intensifier.")
    return example(category="metaphor_generation", difficulty=diff, template="creativity.metaphor.cliche_refresh",
                   prompt=prompt, completion="\n".join(lines) + "\n\n" + tail,
                   form={"kind": "numbered_list", "items": n, "cliches": [c for c, _, _ in picks]})


# ---------------------------------------------------------------------------
# narrative_creation
# ---------------------------------------------------------------------------

GENRES = _BANKS["genres"]
GENRE_NAMES = tuple(GENRES)


# Six-word story patterns. A slot named after one of the genre's word banks
# ({tverbs}, {iverbs}, {states}, {pps}) is one word drawn from it, drawn only for
# the pattern in use and in the order the slots appear; {N2} and {A1} are
# capitalised n2 and a1.
_SIX_WORD_PATTERNS = (
    "{name} {tverbs} the {n1}. {N2} {iverbs}.",
    "Found: one {a1} {n1}. Still {states}.",
    "For sale: {a1} {n1}, never {pps}.",
    "Last {n1} standing. {name} {iverbs} anyway.",
    "The {n1} remembered. {name} did not.",
    "{A1} {n1}, {a2} {n2}, {a3} goodbye.",
    "Wrong {n1}. Right {n2}. {name} stayed.",
    "We {tverbs} the {n1}. It {iverbs}.",
)


def _six_word(rng, g, pat, focus=None):
    n1, n2 = rng.sample(g["nouns"], 2)
    if focus:
        n1, n2 = focus, rng.choice([x for x in g["nouns"] if x != focus])
    a1, a2, a3 = rng.sample(g["adjs"], 3)
    slots = dict(n1=n1, n2=n2, N2=cap_first(n2), a1=a1, A1=cap_first(a1), a2=a2, a3=a3, name=rng.choice(NAMES))
    form = _SIX_WORD_PATTERNS[pat]
    for _, slot, _, _ in string.Formatter().parse(form):
        if slot in g:
            slots[slot] = rng.choice(g[slot])
    return form.format(**slots)


def story_six_words(rng, diff) -> Example:
    genre = rng.choice(GENRE_NAMES)
    g = GENRES[genre]
    n = {"easy": 2, "medium": 4, "hard": 6}[diff]
    focus = rng.choice(g["nouns"])
    pats = rng.sample(range(len(_SIX_WORD_PATTERNS)), n)  # each pattern at most once per answer
    stories = []
    while len(stories) < n:
        s = _six_word(rng, g, pats[len(stories)], focus if not stories else None)
        if s not in stories:
            stories.append(s)
    prompt = (_v(rng, f"Write {NUM_WORDS[n]} six-word stories in the {genre} genre.",
                 f"Six-word story challenge: {NUM_WORDS[n]} {genre} stories, exactly six words each.",
                 f"Give me {NUM_WORDS[n]} {genre} micro-stories of exactly six words.")
              + f" At least one must feature a {focus}. They are {rng.choice(_BANKS['short_venues'])}."
              + (f" Tone: {rng.choice(_BANKS['tones'])}." if diff != "easy" else ""))
    body = "\n".join(f"{i + 1}. {s}" for i, s in enumerate(stories))
    tail = _v(rng, "Each one implies a before and an after; the reader supplies the middle.",
              "The trick is a concrete noun plus a turn, so six words can hold a whole arc.",
              "Every story is exactly six words, counting each word once.")
    return example(category="narrative_creation", difficulty=diff, template="creativity.narrative.six_word",
                   prompt=prompt, completion=body + "\n\n" + tail, form={"kind": "six_word", "items": n})




def story_spine(rng, diff) -> Example:
    genre = rng.choice(GENRE_NAMES)
    g = GENRES[genre]
    name = rng.choice(NAMES)
    noun, noun2 = rng.sample(g["nouns"], 2)
    slots = dict(name=name, noun=noun, noun2=noun2, adj=rng.choice(g["adjs"]), iverb=rng.choice(g["iverbs"]))
    role, setting = rng.choice(_BANKS["spine_roles"]), rng.choice(g["settings"])
    beats = [f"{_an(role)} named {name} lived {setting}",
             *(rng.choice(_BANKS[f"spine_{beat}"]) for beat in ("routines", "disrupt", "conseq1", "conseq2", "climax", "resolve"))]
    lines = [f"{_BANKS['spine'][i]}, {b.format(**slots)}." for i, b in enumerate(beats)]
    prompt = (_v(rng, f"Outline a {genre} story using the Story Spine", f"Use the Story Spine to sketch a {genre} plot",
                 f"Give me a {genre} story skeleton with the Story Spine")
              + " (Once upon a time / Every day / But one day / Because of that x2 / Until finally / And ever since then)."
              + f" Call the protagonist {name} and include a {noun}" + (f" and a {noun2}." if diff != "easy" else ".")
              + (f" The protagonist is {_an(role)}." if diff == "hard" else ""))
    if diff == "hard":
        lines.append("")
        lines.append(_v(rng, f"Theme: what we owe the things we are trusted with. The {noun} is the story's question made physical.",
                        f"Why it works: each 'because of that' raises the cost for {name}, so the ending feels earned.",
                        f"Next step: expand 'But one day' into a scene and let the {noun} do the talking."))
    return example(category="narrative_creation", difficulty=diff, template="creativity.narrative.story_spine",
                   prompt=prompt, completion="\n".join(lines), form={"kind": "story_spine", "starts": list(_BANKS["spine"])})




def story_dialogue(rng, diff) -> Example:
    obj = rng.choice(_BANKS["dialogue_objects"])
    a, b, third = rng.sample(NAMES, 3)
    rel = rng.choice(_BANKS["relationships"])
    place = rng.choice(_BANKS["places_back"])
    n = {"easy": 4, "medium": 6, "hard": 8}[diff]
    moves = {4: (0, 1, 3, 5), 6: (0, 1, 2, 3, 4, 5), 8: tuple(range(8))}[n]
    constraint = rng.choice(("Let the subtext do the work; no one explains their feelings.", "Neither of them says sorry.",
                             "Keep every line under twelve words.", "One of them is hiding something.",
                             "Make the object carry the emotion."))
    prompt = (_v(rng, _an(f"Write a {NUM_WORDS[n]}-line dialogue between {a} and {b}, {rel}, about a {obj}."),
                 f"Dialogue scene, {n} lines, alternating speakers: {a} and {b} ({rel}) argue over a {obj}.",
                 f"Give me {n} lines of dialogue ({a} first, then {b}, alternating). They are {rel}; the scene turns on a {obj}.")
              + f" {constraint}")
    lines = []
    for i, m in enumerate(moves):
        speaker = a if i % 2 == 0 else b
        lines.append(f"{speaker}: " + rng.choice(_BANKS["dialogue_moves"][m]).format(obj=obj, place=place, third=third))
    return example(category="narrative_creation", difficulty=diff, template="creativity.narrative.dialogue",
                   prompt=prompt, completion="\n".join(lines),
                   form={"kind": "dialogue", "lines": n, "speakers": [a, b]})




def story_flash(rng, diff) -> Example:
    genre = rng.choice(GENRE_NAMES)
    g = GENRES[genre]
    n = {"easy": 4, "medium": 5, "hard": 6}[diff]
    k = {"easy": 2, "medium": 3, "hard": 3}[diff]
    words = rng.sample(g["nouns"], k)
    name = rng.choice(NAMES)
    slots = dict(name=name, setting=rng.choice(g["settings"]), adj=rng.choice(g["adjs"]), iverb=rng.choice(g["iverbs"]))
    mids = rng.sample(_BANKS["flash_mid"], n - 3)
    wlist = words + [rng.choice(g["nouns"]) for _ in range(n)]
    sents = [rng.choice(_BANKS["flash_open"]).format(w=wlist[0], **slots)]
    for i, m in enumerate(mids):
        sents.append(m.format(w=wlist[1 + i], **slots))
    sents.append(rng.choice(_BANKS["flash_turn"]).format(w=wlist[len(sents)], **slots))
    sents.append(rng.choice(_BANKS["flash_close"]).format(**slots))
    if k == 3 and words[2] not in " ".join(sents):
        sents[-2] = rng.choice(_BANKS["flash_turn"]).format(w=words[2], **slots)
    prompt = (_v(rng, f"Write a {genre} flash-fiction piece of exactly {NUM_WORDS[n]} sentences",
                 f"Tell a {genre} story in {NUM_WORDS[n]} sentences",
                 f"Micro-fiction ({genre}): {NUM_WORDS[n]} sentences")
              + " that uses the words " + ", ".join(f"\"{w}\"" for w in words) + ".")
    return example(category="narrative_creation", difficulty=diff, template="creativity.narrative.flash_fiction",
                   prompt=prompt, completion=" ".join(cap_first(_an(s)) for s in sents),
                   form={"kind": "sentences", "sentences": n, "required_words": words})




def story_character(rng, diff) -> Example:
    name = rng.choice(NAMES)
    role = rng.choice(_BANKS["sketch_roles"])
    genre = rng.choice(GENRE_NAMES)
    fields = [("Name", name), ("Role", role),
              *((label, rng.choice(_BANKS[f"sketch_{key}"])) for label, key in (("Want", "wants"), ("Need", "needs"), ("Flaw", "flaws")))]
    if diff != "easy":
        fields += [("Hidden truth", rng.choice(_BANKS["sketch_secrets"])),
                   ("Habit", rng.choice(_BANKS["sketch_habits"]))]
    if diff == "hard":
        fields.append(("Voice", rng.choice(_BANKS["sketch_voice"])))
        fields.append(("Arc", f"{name} starts by chasing the want and ends by meeting the need, when the flaw finally costs "
                              f"something {name} cannot replace."))
    prompt = _an(_v(rng, f"Create a character sketch for a {genre} story: a {role} named {name}.",
                    f"Build a {genre} protagonist. Start from this: {name}, {role}.",
                    f"Character profile, please, for a {role} called {name} in a {genre} setting.")
                 + " Use these headings: " + ", ".join(h for h, _ in fields) + ".")
    lines = [f"{h}: {cap_first(v) if h not in ('Name', 'Voice') else v}" for h, v in fields]
    lines.append(_v(rng, "The gap between want and need is where the story lives.",
                    f"Put {name} somewhere the flaw is expensive, and the plot will write itself.",
                    "Tip: reveal the flaw in action before you name it."))
    return example(category="narrative_creation", difficulty=diff, template="creativity.narrative.character_sketch",
                   prompt=prompt, completion="\n".join(lines),
                   form={"kind": "headings", "headings": [h + ":" for h, _ in fields]})


# ---------------------------------------------------------------------------
# conceptual_blending (G. Fauconnier & M. Turner, "The Way We Think", 2002:
# two input spaces, a generic space of shared structure, a blended space, and
# emergent structure that belongs to neither input)
# ---------------------------------------------------------------------------

DOMAINS = _BANKS["domains"]
DOMAIN_NAMES = tuple(DOMAINS)
ROLE_LABELS = _BANKS["role_labels"]
BLEND_PURPOSES = _BANKS["blend_purposes"]


def blend_analysis(rng, diff) -> Example:
    an, bn = rng.sample(DOMAIN_NAMES, 2)
    a, b = DOMAINS[an], DOMAINS[bn]
    k = {"easy": 2, "medium": 3, "hard": 4}[diff]
    roles = rng.sample(sorted(ROLE_LABELS), k)
    prompt = (_v(rng, f"Blend {an} and {bn} into one concept, using conceptual blending theory.",
                 f"What happens if you blend {an} with {bn}? Walk through the input spaces, the generic space and the blend.",
                 f"Do a conceptual-blending analysis of {an} + {bn}, and name what emerges.")
              + f" Map at least {NUM_WORDS[k]} roles ({', '.join(ROLE_LABELS[r] for r in roles)})"
              + f" {rng.choice(BLEND_PURPOSES)}.")
    lines = [f"Input space 1 ({an}): " + "; ".join(f"{ROLE_LABELS[r]}: {a[r]}" for r in roles) + ".",
             f"Input space 2 ({bn}): " + "; ".join(f"{ROLE_LABELS[r]}: {b[r]}" for r in roles) + ".",
             "Generic space: " + _v(rng, "both are systems with ", "what they share is ", "the common skeleton is ")
             + ", ".join(ROLE_LABELS[r] for r in roles) + ".",
             f"Blend: {a['short']} that {b['verb']}, or {b['short']} that {a['verb']}."]
    lines += [f"- {a[r]} <-> {b[r]}" for r in roles]
    emergent = [f"If {a['short']} could recover the way {b['short']} does ({b['growth']}), {a['failure']} would become a season rather than an ending.",
                f"In the blend, {b['signal']} does the job of {a['signal']}, which suggests a slower, more collective kind of feedback.",
                f"Treating {a['resource']} like {b['resource']} raises a new question: what would it mean to run out of it?",
                f"The blend invents roles neither input has, such as someone who tends {a['structure']} the way one tends {b['structure']}."]
    m = {"easy": 1, "medium": 2, "hard": 3}[diff]
    lines.append("Emergent structure: " + " ".join(rng.sample(emergent, m)))
    return example(category="conceptual_blending", difficulty=diff, template="creativity.blend.analysis", prompt=prompt,
                   completion="\n".join(lines),
                   form={"kind": "headings", "headings": ["Input space 1", "Input space 2", "Generic space:", "Blend:",
                                                        "Emergent structure:"], "mappings": k})


_BLEND_LINES = _BANKS["blend_lines"]


def blend_poem(rng, diff) -> Example:
    an, bn = rng.sample(DOMAIN_NAMES, 2)
    a, b = DOMAINS[an], DOMAINS[bn]
    n_st, n_ln = {"easy": (1, 4), "medium": (1, 6), "hard": (2, 4)}[diff]
    slots = {f"A_{k}": v for k, v in a.items()} | {f"B_{k}": v for k, v in b.items()}
    slots["A_short_cap"] = cap_first(a["short"])
    pats = rng.sample(_BLEND_LINES, n_st * n_ln)
    lines = [cap_first(p.format(**slots)) for p in pats]
    stanzas = [lines[i * n_ln:(i + 1) * n_ln] for i in range(n_st)]
    tone = rng.choice(_BANKS["tones"])
    prompt = (_v(rng, f"Write a poem blending {an} and {bn}.", f"Compose a short poem that fuses {an} with {bn}.",
                 f"Poem request: {an} meets {bn}.")
              + f" {NUM_WORDS[n_st].capitalize()} stanza{'s' if n_st > 1 else ''} of {NUM_WORDS[n_ln]} lines; tone {tone}.")
    return example(category="conceptual_blending", difficulty=diff, template="creativity.blend.poem", prompt=prompt,
                   completion="\n\n".join("\n".join(s) for s in stanzas),
                   form={"kind": "stanzas", "stanzas": n_st, "lines_per_stanza": n_ln})


OBJECTS = _BANKS["objects"]
OBJECT_NAMES = tuple(OBJECTS)
FEATURE_PATTERNS = _BANKS["feature_patterns"]


def blend_invention(rng, diff) -> Example:
    obj = rng.choice(OBJECT_NAMES)
    dn = rng.choice(DOMAIN_NAMES)
    d = DOMAINS[dn]
    n = {"easy": 3, "medium": 4, "hard": 5}[diff]
    parts = list(OBJECTS[obj]) + ["packaging"]
    roles = rng.sample(sorted(FEATURE_PATTERNS), n)
    parts = rng.sample(parts, n)
    user = rng.choice(("commuters", "students", "older adults", "parents of toddlers", "hikers", "shift workers",
                       "people in small flats", "outdoor festival crowds"))
    prompt = (_v(rng, f"Invent a {obj} inspired by {dn}.", f"Design thinking exercise: cross a {obj} with {dn}.",
                 f"Blend a {obj} with ideas from {dn} to create a new product.")
              + f" It is for {user}. Give it a name, a one-line pitch and {NUM_WORDS[n]} numbered features.")
    name = f"The {d['word']} {obj.title().replace(' ', '')}"
    lines = [f"Name: {name}",
             "Pitch: " + _v(rng, f"a {obj} for {user} that behaves a little like {d['short']}.",
                            f"everything {user} expect from a {obj}, plus the resilience of {d['short']}.",
                            f"{d['short']}, folded into a {obj}.")]
    for i, (role, part) in enumerate(zip(roles, parts)):
        lines.append(f"{i + 1}. {cap_first(part)}: " + cap_first(FEATURE_PATTERNS[role].format(**d)) + ".")
    if diff == "hard":
        lines.append(_v(rng, f"Riskiest assumption: that {user} want a {obj} to behave like anything at all; test that first with a paper prototype.",
                        f"First test: give five {user} a mock-up for a week and watch which feature they actually use."))
    return example(category="conceptual_blending", difficulty=diff, template="creativity.blend.invention",
                   prompt=prompt, completion="\n".join(lines), form={"kind": "numbered_list", "items": n})


# ---------------------------------------------------------------------------
# artistic_expression
# ---------------------------------------------------------------------------

MOVEMENTS = _BANKS["movements"]
MOVEMENT_NAMES = tuple(MOVEMENTS)
MEDIA = _BANKS["media"]


def art_concept(rng, diff) -> Example:
    theme = rng.choice(THEME_NAMES)
    t = THEMES[theme]
    mv = rng.choice(MOVEMENT_NAMES)
    traits, artists = MOVEMENTS[mv]
    medium = rng.choice(MEDIA)
    n = {"easy": 2, "medium": 3, "hard": 4}[diff]
    palette = rng.sample(t["colors"], n)
    noun, noun2 = rng.sample([x for x, _ in t["nouns"]], 2)
    title = _v(rng, f"{rng.choice(t['essence'])} at the {cap_first(noun)}", f"The {cap_first(noun)} and the {cap_first(noun2)}",
               f"Study of {cap_first(noun)}, {cap_first(t['season'])}")
    prompt = (_v(rng, _an(f"Propose a {medium} artwork about {theme}, in the spirit of {mv}."),
                 f"Describe a concept for a piece in {medium}: subject {theme}, style {mv}.",
                 f"Art concept request: {theme}, rendered as {mv} would, in {medium}.")
              + f" Limit the palette to {NUM_WORDS[n]} colors and list them.")
    lines = [f"Title: {title}", f"Medium: {medium}",
             "Composition: " + _v(rng, f"the {noun} sits on the lower third, with the {noun2} pulling the eye toward the horizon.",
                                  f"a tight crop on the {noun}; the {noun2} appears only as a reflection.",
                                  f"a diagonal from the {noun} in the foreground to the {noun2} in the distance."),
             "Palette:"]
    lines += [f"- {c}" for c in palette]
    lines += ["Light: " + _v(rng, "low and raking, so textures cast long shadows.", "diffuse, almost shadowless, like an overcast noon.",
                             "a single warm source against cool surroundings."),
              f"Texture: {rng.choice(t['textures'])}, suggested through mark-making and surface.",
              f"Style notes: {mv} here means {traits[0]} and {traits[1]}; think of {artists}."]
    if diff != "easy":
        lines.append(f"Mood: {rng.choice(_BANKS['tones'])}, with {rng.choice(t['sounds'])} implied rather than shown.")
    return example(category="artistic_expression", difficulty=diff, template="creativity.art.concept", prompt=prompt,
                   completion="\n".join(lines), form={"kind": "palette", "colors": n})


BRIEF_FORMATS = _BANKS["brief_formats"]
BRIEF_CONSTRAINTS = _BANKS["brief_constraints"]


def art_brief(rng, diff) -> Example:
    theme = rng.choice(THEME_NAMES)
    t = THEMES[theme]
    mv = rng.choice(MOVEMENT_NAMES)
    purpose = rng.choice(("a book cover", "a festival poster", "a magazine illustration", "an album cover", "a museum banner",
                          "a children's picture book spread", "a charity calendar page", "a theatre programme"))
    k = {"easy": 2, "medium": 3, "hard": 4}[diff]
    cons = [rng.choice(BRIEF_FORMATS)] + rng.sample(BRIEF_CONSTRAINTS, k - 1)  # one format, never two
    prompt = (_v(rng, f"Write a creative brief for an illustrator: {purpose} about {theme}.",
                 f"Draft an art-direction brief ({purpose}; subject: {theme}).",
                 f"I am commissioning {purpose} on {theme}. Write the brief.")
              + f" Reference {mv}. Include exactly {NUM_WORDS[k]} constraints as a bulleted list.")
    traits, artists = MOVEMENTS[mv]
    noun = rng.choice(t["nouns"])[0]
    lines = [f"Project: {purpose}.",
             f"Subject: {theme}, centred on a {noun}.",
             f"Style: {mv}, drawing on {traits[rng.randrange(3)]} (see {artists}).",
             "Palette: " + ", ".join(rng.sample(t["colors"], 3)) + ".",
             "Mood: " + rng.choice(_BANKS["tones"]) + ".",
             "Constraints:"]
    lines += [f"- {c}" for c in cons]
    lines.append("Deliverable: " + _v(rng, "two rough sketches, then one final at print resolution.",
                                      "three thumbnails for review, then a final.", "one sketch round and one colour round."))
    return example(category="artistic_expression", difficulty=diff, template="creativity.art.brief", prompt=prompt,
                   completion="\n".join(lines), form={"kind": "constraints", "constraints": k})


def art_mood_board(rng, diff) -> Example:
    theme = rng.choice(THEME_NAMES)
    t = THEMES[theme]
    n = {"easy": 2, "medium": 3, "hard": 3}[diff]
    words = rng.sample(ABSTRACTS, n)
    sections = [("Colors", rng.sample(t["colors"], n)), ("Textures", rng.sample(t["textures"], n)),
                ("Sounds", rng.sample(t["sounds"], n)), ("Words", words)]
    if diff == "hard":
        mv = rng.choice(MOVEMENT_NAMES)
        sections.append(("References", [f"{mv} ({MOVEMENTS[mv][1]})", f"{rng.choice(MEDIA)} studies",
                                        f"photographs of {rng.choice(t['nouns'])[0]}s at different hours"]))
    prompt = (_v(rng, f"Build a mood board for {theme}.", f"Put together a text mood board capturing {theme}.",
                  f"Mood board, please: {theme}.")
              + f" Sections: {', '.join(h for h, _ in sections)}, with {NUM_WORDS[n]} entries each. Mood: {rng.choice(_BANKS['tones'])}."
              + f" Purpose: {rng.choice(('a short film', 'a game level', 'a restaurant interior', 'a fashion shoot', 'a poetry reading', 'a theatre set'))}.")
    lines = []
    for h, items in sections:
        lines.append(f"{h}:")
        lines += [f"- {x}" for x in items]
    lines.append(_v(rng, "Keep the sensory entries concrete; the words give the board its emotional key.",
                    "The board should feel coherent at a glance and surprising up close.",
                    "Use it to brief collaborators before any sketching starts."))
    return example(category="artistic_expression", difficulty=diff, template="creativity.art.mood_board", prompt=prompt,
                   completion="\n".join(lines),
                   form={"kind": "sections", "sections": {h: len(items) for h, items in sections}})


def art_style_study(rng, diff) -> Example:
    theme = rng.choice(THEME_NAMES)
    t = THEMES[theme]
    mv = rng.choice(MOVEMENT_NAMES)
    traits, artists = MOVEMENTS[mv]
    n = {"easy": 2, "medium": 3, "hard": 4}[diff]
    noun, noun2 = rng.sample([x for x, _ in t["nouns"]], 2)
    c1, c2 = rng.sample(t["colors"], 2)
    prompt = (_v(rng, f"How might an artist working in {mv} depict {theme}?", f"Imagine {theme} painted in the manner of {mv}.",
                 f"Style study: {theme} through the lens of {mv}.")
              + f" Imagine it as {rng.choice(MEDIA)}. End with {NUM_WORDS[n]} key techniques as a bulleted list.")
    intro = _v(rng, f"{mv} (think {artists}) is known for {traits[0]}; {traits[1]}; {traits[2]}.",
               f"The movement associated with {artists}, {mv}, favours {traits[0]} and {traits[2]}.",
               f"Start from what defines {mv}: {traits[1]}; {traits[0]}; {traits[2]}.")
    body = _v(rng, f"Applied to {theme}, the {noun} becomes the anchor, rendered in {c1} against {c2}.",
              f"Here the {noun} and the {noun2} would be treated less as objects than as events of {c1} and {c2}.",
              f"The scene might centre on the {noun}, with {rng.choice(t['textures'])} translated into surface and {c1} setting the key.")
    techniques = [f"{cap_first(traits[0])}, used on the {noun}", f"{cap_first(traits[1])} to organise the scene",
                  f"{cap_first(traits[2])}", f"a palette built around {c1} and {c2}", f"suggesting {rng.choice(t['sounds'])} without showing its source"]
    picks = rng.sample(techniques, n)
    lines = [intro, body, "Key techniques:"] + [f"- {cap_first(x)}" for x in picks]
    return example(category="artistic_expression", difficulty=diff, template="creativity.art.style_study",
                   prompt=prompt, completion="\n".join(lines),
                   form={"kind": "bullets_after", "heading": "Key techniques:", "items": n})


# ---------------------------------------------------------------------------
# brainstorming and design thinking
# ---------------------------------------------------------------------------



def _problem(rng):
    goal, users, place, pain, behaviour, need, insight = rng.choice(_BANKS["problems"])
    analog, move = rng.choice(_BANKS["analogs"])
    return dict(goal=goal, users=users, place=place, pain=pain, behaviour=behaviour, need=need, insight=insight,
                analog=analog, analog_move=move, partner=rng.choice(_BANKS["partners"]))


def brainstorm_ideas(rng, diff) -> Example:
    p = _problem(rng)
    n = {"easy": 5, "medium": 8, "hard": 12}[diff]
    constraint = rng.choice(_BANKS["brain_constraints"])
    prompt = (_v(rng, f"Brainstorm {n} ideas to {p['goal']}.", f"Give me {n} distinct ideas for how to {p['goal']}.",
                 f"We want to {p['goal']}. List {n} ideas, one line each.")
              + f" {constraint} The ideas are for {rng.choice(_BANKS['teams'])}; {rng.choice(_BANKS['idea_styles'])}.")
    pats = rng.sample(_BANKS["idea_patterns"], n)
    lines = [f"{i + 1}. {pat.format(**p)}" for i, pat in enumerate(pats)]
    a, b = sorted(rng.sample(range(1, n + 1), 2))
    tail = _v(rng, f"Shortlist: ideas {a} and {b} are cheapest to test against the constraint.",
              f"To start: prototype ideas {a} and {b} this week and measure who actually changes behaviour.",
              f"Quantity first, judgement later; my first picks to test are {a} and {b}.")
    return example(category="brainstorming", difficulty=diff, template="creativity.brainstorm.ideas", prompt=prompt,
                   completion="\n".join(lines) + "\n\n" + tail, form={"kind": "numbered_list", "items": n})


PRODUCTS = _BANKS["products"]
SCAMPER = _BANKS["scamper"]


def brainstorm_scamper(rng, diff) -> Example:
    name, parts, material, alt, user, companion, other = rng.choice(PRODUCTS)
    p0, p1, p2 = rng.sample(parts, 3)
    slots = dict(material=material, alt=alt, user=user, companion=companion, other=other, p0=p0, p1=p1, p2=p2)
    per = 2 if diff == "hard" else 1
    prompt = (_v(rng, f"Apply SCAMPER to {name}.", f"Use the SCAMPER checklist to generate ideas for improving {name}.",
                 f"Run a SCAMPER session on {name} for {user}.")
              + (" Two ideas per letter." if per == 2 else " One idea per letter.")
              + (" Then pick the most promising." if diff != "easy" else "")
              + f" Context: {rng.choice(_BANKS['teams'])}; {rng.choice(_BANKS['scamper_goals'])}.")
    lines = []
    for letter, word, opts in SCAMPER:
        ideas = rng.sample(opts, per)
        lines.append(f"{letter} - {word}: " + "; ".join(cap_first(i.format(**slots)) for i in ideas) + ".")
    if diff != "easy":
        lines.append(_v(rng, f"Most promising: the Combine idea, because {user} already carry too many things.",
                        "Most promising: Eliminate; fewer parts means cheaper, sturdier and easier to repair.",
                        "Most promising: Put to another use, as it opens a second market without new tooling."))
    return example(category="brainstorming", difficulty=diff, template="creativity.brainstorm.scamper", prompt=prompt,
                   completion="\n".join(lines), form={"kind": "scamper", "letters": [w for _, w, _ in SCAMPER]})


HMW_PATTERNS = _BANKS["hmw_patterns"]


def brainstorm_hmw(rng, diff) -> Example:
    p = _problem(rng)
    n = {"easy": 3, "medium": 5, "hard": 7}[diff]
    prompt = (_v(rng, f"Turn this into {n} \"How might we\" questions.", f"Write {n} How-Might-We questions for this design challenge.",
                 f"Reframe the challenge as {n} HMW questions.")
              + f" Point of view: {p['users']} need a way to {p['need']} because {p['insight']}. Goal: {p['goal']}."
              + f" The questions are for {rng.choice(_BANKS['teams'])}. {rng.choice(_BANKS['brain_constraints'])}")
    qs = [pat.format(**p) for pat in rng.sample(HMW_PATTERNS, n)]
    lines = [f"- {q}" for q in qs]
    lines.append(_v(rng, "Good HMW questions are broad enough to allow many answers and narrow enough to act on.",
                    "Pick the one that makes the team most uneasy; it is usually the most generative.",
                    "Next: vote silently, then brainstorm on the top two."))
    return example(category="brainstorming", difficulty=diff, template="creativity.brainstorm.how_might_we",
                   prompt=prompt, completion="\n".join(lines), form={"kind": "hmw", "items": n})


DT_STAGES = _BANKS["dt_stages"]


def brainstorm_design_thinking(rng, diff) -> Example:
    p = _problem(rng)
    prompt = (_v(rng, f"Plan a design-thinking sprint to {p['goal']}.", f"Walk through the five design-thinking stages for this challenge: {p['goal']}.",
                 f"How would you use design thinking to {p['goal']}?")
              + f" Team: {rng.choice(_BANKS['teams'])}; time available: {rng.choice(_BANKS['sprint_lengths'])}."
              + (f" {rng.choice(_BANKS['brain_constraints'])}" if diff != "easy" else ""))
    per = 1 if diff == "easy" else 2
    lines = []
    for i, (stage, opts) in enumerate(DT_STAGES):
        lines.append(f"{i + 1}. {stage}: " + " ".join(cap_first(o.format(**p)) for o in rng.sample(opts, per)))
    if diff == "hard":
        lines.append(_v(rng, "Then iterate: the stages are a loop, and test results usually send you back to Define.",
                        "Iterate: expect to loop from Test back to Ideate at least once before anything ships."))
    return example(category="brainstorming", difficulty=diff, template="creativity.brainstorm.design_thinking",
                   prompt=prompt, completion="\n".join(lines),
                   form={"kind": "stages", "stages": [s for s, _ in DT_STAGES]})


HATS = _BANKS["hats"]


def brainstorm_six_hats(rng, diff) -> Example:
    p = _problem(rng)
    idea = rng.choice(_BANKS["idea_patterns"]).format(**p)
    per = {"easy": 1, "medium": 1, "hard": 2}[diff]
    prompt = (_v(rng, "Evaluate this idea with de Bono's Six Thinking Hats.", "Run the Six Thinking Hats on this proposal.",
                 "Use the six hats to think through this idea.")
              + f" Challenge: {p['goal']}. Idea: {idea} The discussion is for {rng.choice(_BANKS['teams'])}."
              + (" Keep each hat to one sentence." if diff == "easy" else ""))
    lines = []
    for hat, focus, opts in HATS:
        lines.append(f"{hat} hat ({focus}): " + " ".join(o.format(**p) for o in rng.sample(opts, per)))
    if diff != "easy":
        lines.append(_v(rng, "Verdict: worth a small pilot.", "Verdict: refine the idea before testing.",
                        "Verdict: test it, but fix the biggest Black-hat risk first."))
    return example(category="brainstorming", difficulty=diff, template="creativity.brainstorm.six_hats", prompt=prompt,
                   completion="\n".join(lines), form={"kind": "six_hats", "hats": [h for h, _, _ in HATS]})


# ---------------------------------------------------------------------------
# the generator
# ---------------------------------------------------------------------------

TEMPLATES = {
    "poetry_generation": (poem_haiku, poem_acrostic, poem_limerick, poem_cinquain, poem_free_verse),
    "metaphor_generation": (metaphor_list, metaphor_extended, metaphor_anatomy, metaphor_cliche_refresh),
    "narrative_creation": (story_six_words, story_spine, story_dialogue, story_flash, story_character),
    "conceptual_blending": (blend_analysis, blend_poem, blend_invention),
    "artistic_expression": (art_concept, art_brief, art_mood_board, art_style_study),
    "brainstorming": (brainstorm_ideas, brainstorm_scamper, brainstorm_hmw, brainstorm_design_thinking, brainstorm_six_hats),
}


class CreativityGenerator(DomainGenerator):
    domain = "creativity"
    version = "1"
    categories = ("artistic_expression", "poetry_generation", "narrative_creation", "conceptual_blending",
                  "metaphor_generation", "brainstorming")

    def example(self, category: str, rng: random.Random) -> Example:
        fn = TEMPLATES[category][rng.randrange(len(TEMPLATES[category]))]
        return fn(rng, rng.choice(DIFFICULTIES))
