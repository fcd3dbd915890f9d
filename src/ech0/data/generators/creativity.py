"""Creativity domain: poetry, metaphor, narrative, conceptual blending, art and brainstorming.

Categories (from the seed's "Domain Coverage"): artistic_expression, poetry_generation,
narrative_creation, conceptual_blending, metaphor_generation, brainstorming.

Policy:
- Nothing here has a single correct answer, so rows carry no `answer`. Variety comes
  from combining slots (themes, forms, tones, constraints, imagery banks) and from
  several phrasings per sentence.
- Every completion follows the form its prompt asks for, and `extra["form"]` records
  what that form is (line counts, syllables, acrostic word, number of items,
  headings) so tests can check it: a haiku has three 5-7-5 lines, an acrostic
  spells its word, a list of N ideas has N items.
- Syllable counts in the imagery banks are written by hand (`word/count`) and
  checked in tests against a simple independent counter.
- Facts used (art movements, Six Thinking Hats, design-thinking stages, SCAMPER,
  conceptual blending theory) are kept short and name their source.
- Randomness comes only from the `rng` handed in; tables are tuples/dicts.
"""

from __future__ import annotations

import random
import re
from functools import lru_cache

from ech0.data.generators.base import DIFFICULTIES, DomainGenerator, Example

# Fictional first names for characters (no real private individuals).
NAMES = ("Mara", "Ilse", "Tomas", "Nell", "Arlo", "Bea", "Cass", "Dima", "Edda", "Finn", "Greta", "Hugo",
         "Iris", "Jonah", "Kit", "Lio", "Maren", "Noor", "Orla", "Pim", "Rafe", "Sol", "Tove", "Ula",
         "Vera", "Wim", "Yusuf", "Zora", "Anouk", "Bram")
NUM_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
             "twelve")
SHORT_VENUES = ("for a writing class", "for a postcard series", "for a cafe chalkboard", "for a zine",
                "for a school newsletter", "for a birthday card", "for a contest entry", "for a radio segment")
TONES = ("wistful", "playful", "hopeful", "eerie", "tender", "restless", "serene", "bittersweet", "defiant",
         "dreamy", "solemn", "joyful")


def _v(rng: random.Random, *options: str) -> str:
    """One phrasing out of several (keeps rows from being near-duplicates)."""
    return options[rng.randrange(len(options))]


def _an(text: str) -> str:
    """'a' -> 'an' before a vowel sound written with a vowel letter."""
    return re.sub(r"\b([Aa]) ([aeiouAEIOU])", lambda m: m.group(1) + "n " + m.group(2), text)


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _ex(category, diff, template, prompt, completion, form) -> Example:
    return Example(prompt=prompt, completion=completion, category=category, difficulty=diff,
                   template=template, extra={"form": form})


def _w(spec: str) -> tuple:
    """'gull/1 tide/1 on the shore/3' -> (("gull", 1), ("tide", 1), ("on the shore", 3)); '|' separates phrases."""
    out = []
    for item in spec.split("|") if "|" in spec else spec.split():
        word, _, n = item.strip().rpartition("/")
        out.append((word, int(n)))
    return tuple(out)


# ---------------------------------------------------------------------------
# Imagery banks. Nouns are single words; verbs are third-person present;
# "ings" are -ing forms; places are phrases. Numbers are syllables.
# ---------------------------------------------------------------------------

THEMES = {
    "the sea at dawn": dict(
        season="summer", nouns=_w("gull/1 tide/1 driftwood/2 harbor/2 shell/1 wave/1 anchor/2 sail/1"),
        adjs=_w("gray/1 silver/2 cold/1 restless/2 salty/2 pale/1"),
        verbs=_w("drifts/1 glitters/2 returns/2 whispers/2 settles/2 turns/1"),
        ings="drifting glittering rolling shining", places=_w("on the shore/3|past the pier/3|in the foam/3|by the rocks/3"),
        colors="pearl gray|rose gold|slate blue|sea-glass green", sounds="gulls calling|waves folding|a bell buoy clanking",
        textures="wet sand|rough rope|cold spray", essence="Tide Horizon"),
    "a winter forest": dict(
        season="winter", nouns=_w("pine/1 frost/1 owl/1 branch/1 snow/1 deer/1 stump/1 fox/1"),
        adjs=_w("white/1 hushed/1 bitter/2 silent/2 frozen/2 still/1"),
        verbs=_w("waits/1 listens/2 glistens/2 sleeps/1 creaks/1 shivers/2"),
        ings="falling settling sleeping glinting", places=_w("in the snow/3|under pines/3|by the creek/3|on the ridge/3"),
        colors="bone white|ink black|frost blue|bark brown", sounds="snow sliding off branches|an owl's low call|boots crunching",
        textures="powder snow|rough bark|brittle ice", essence="Stillness Frost"),
    "a city at night": dict(
        season="autumn", nouns=_w("signal/2 taxi/2 siren/2 window/2 street/1 bridge/1 tower/2 rain/1"),
        adjs=_w("bright/1 weary/2 electric/3 hollow/2 humming/2 wet/1"),
        verbs=_w("flickers/2 hums/1 glows/1 waits/1 murmurs/2 blinks/1"),
        ings="glowing humming flashing waiting", places=_w("on the corner/4|in the alley/4|past midnight/3|under the bridge/4"),
        colors="sodium orange|neon pink|asphalt black|screen blue", sounds="a distant siren|tyres on wet asphalt|a late train",
        textures="cold glass|slick pavement|warm exhaust", essence="Nightfall Signal"),
    "the desert": dict(
        season="summer", nouns=_w("dune/1 cactus/2 lizard/2 sun/1 mesa/2 wind/1 hawk/1 canyon/2"),
        adjs=_w("dry/1 burning/2 endless/2 golden/2 ancient/2 red/1"),
        verbs=_w("shimmers/2 bakes/1 shifts/1 waits/1 burns/1 sighs/1"),
        ings="shimmering drifting baking burning", places=_w("on the dune/3|in the heat/3|by the rocks/3|under the sun/4"),
        colors="ochre|burnt sienna|sun-bleached white|sage green", sounds="wind hissing over sand|a hawk's cry|dry grass ticking",
        textures="hot sand|cracked earth|smooth stone", essence="Heat Silence"),
    "an autumn orchard": dict(
        season="autumn", nouns=_w("apple/2 ladder/2 wasp/1 basket/2 leaf/1 bough/1 cider/2 crow/1"),
        adjs=_w("russet/2 ripe/1 golden/2 heavy/2 crisp/1 late/1"),
        verbs=_w("falls/1 ripens/2 sways/1 drops/1 bends/1 gleams/1"),
        ings="falling ripening swaying gleaming", places=_w("in the grass/3|on the bough/3|by the fence/3|under leaves/3"),
        colors="russet red|amber|moss green|cider gold", sounds="apples thudding on grass|wasps droning|a ladder creaking",
        textures="smooth apple skin|damp leaves|worn wood", essence="Harvest Plenty"),
    "a mountain lake": dict(
        season="spring", nouns=_w("loon/1 reed/1 peak/1 mist/1 stone/1 trout/1 cloud/1 shore/1"),
        adjs=_w("clear/1 glassy/2 deep/1 cool/1 mirrored/2 blue/1"),
        verbs=_w("ripples/2 mirrors/2 rests/1 stirs/1 gleams/1 calls/1"),
        ings="rippling mirroring resting gleaming", places=_w("on the water/4|in the reeds/3|at the edge/3|below the peak/4"),
        colors="glacier blue|pine green|granite gray|mist white", sounds="a loon calling|water lapping|wind in the reeds",
        textures="cold water|smooth pebbles|soft moss", essence="Reflection Calm"),
    "an old library": dict(
        season="winter", nouns=_w("book/1 lamp/1 ladder/2 dust/1 shelf/1 page/1 clock/1 map/1"),
        adjs=_w("dusty/2 amber/2 hushed/1 faded/2 patient/2 worn/1"),
        verbs=_w("waits/1 rustles/2 sleeps/1 ticks/1 glows/1 remembers/3"),
        ings="reading dreaming rustling waiting", places=_w("on the shelf/3|in the stacks/3|by the lamp/3|under dust/3"),
        colors="leather brown|lamp amber|ink blue|paper cream", sounds="pages turning|a clock ticking|a chair creaking",
        textures="cracked leather|soft paper|cool brass", essence="Memory Quiet"),
    "a spring garden": dict(
        season="spring", nouns=_w("tulip/2 bee/1 seed/1 rain/1 robin/2 petal/2 sprout/1 hedge/1"),
        adjs=_w("green/1 tender/2 fresh/1 bright/1 damp/1 budding/2"),
        verbs=_w("opens/2 wakes/1 hums/1 climbs/1 blooms/1 unfurls/2"),
        ings="blooming waking humming climbing", places=_w("in the bed/3|by the gate/3|after rain/3|in the sun/3"),
        colors="tulip red|leaf green|daffodil yellow|lilac", sounds="bees humming|a robin singing|rain on leaves",
        textures="soft petals|damp soil|fuzzy stems", essence="Renewal Bloom"),
    "a lighthouse in a storm": dict(
        season="autumn", nouns=_w("beam/1 keeper/2 gale/1 rock/1 wave/1 lamp/1 ship/1 spray/1"),
        adjs=_w("solemn/2 steady/2 wild/1 bright/1 stubborn/2 white/1"),
        verbs=_w("turns/1 sweeps/1 holds/1 roars/1 shudders/2 burns/1"),
        ings="turning sweeping roaring guiding", places=_w("on the rock/3|through the dark/3|in the gale/3|past the reef/3"),
        colors="storm gray|lamp gold|foam white|deep navy", sounds="thunder|the foghorn|rain hammering glass",
        textures="wet iron|salt-crusted stone|cold brass", essence="Vigil Light"),
    "a train station": dict(
        season="autumn", nouns=_w("clock/1 platform/2 whistle/2 ticket/2 bench/1 suitcase/2 track/1 steam/1"),
        adjs=_w("crowded/2 distant/2 early/2 hectic/2 empty/2 late/1"),
        verbs=_w("waits/1 departs/2 echoes/2 rattles/2 slows/1 calls/1"),
        ings="waiting leaving rattling arriving", places=_w("on the platform/4|down the line/3|by the gate/3|in the hall/3"),
        colors="iron green|clock-face white|brick red|rail silver", sounds="a whistle|announcements echoing|wheels on rails",
        textures="worn wooden benches|cold rails|paper tickets", essence="Departure Journey"),
    "a coral reef": dict(
        season="summer", nouns=_w("coral/2 turtle/2 current/2 fin/1 eel/1 shoal/1 urchin/2 kelp/1"),
        adjs=_w("bright/1 teeming/2 warm/1 fragile/2 shifting/2 blue/1"),
        verbs=_w("sways/1 darts/1 glides/1 drifts/1 glows/1 breathes/1"),
        ings="swaying darting gliding drifting", places=_w("in the shallows/4|on the reef/3|through the blue/3|near the sand/3"),
        colors="coral pink|turquoise|sunlit gold|deep indigo", sounds="bubbles rising|the crackle of shrimp|muffled surf",
        textures="rough coral|silky water|smooth shells", essence="Abundance Shelter"),
    "the night sky": dict(
        season="winter", nouns=_w("star/1 moon/1 comet/2 owl/1 cloud/1 planet/2 orbit/2 hill/1"),
        adjs=_w("vast/1 silver/2 distant/2 velvet/2 cold/1 ancient/2"),
        verbs=_w("wheels/1 glimmers/2 burns/1 hangs/1 falls/1 turns/1"),
        ings="wheeling glimmering falling turning", places=_w("over the hill/4|above the roofs/4|in the dark/3|past the clouds/3"),
        colors="midnight blue|star white|moon silver|deep violet", sounds="crickets|wind in the grass|a far-off dog",
        textures="cool dew|rough blanket|cold air", essence="Infinity Wonder"),
    "a busy kitchen": dict(
        season="winter", nouns=_w("kettle/2 bread/1 knife/1 steam/1 pan/1 onion/2 oven/2 spoon/1"),
        adjs=_w("warm/1 golden/2 crowded/2 busy/2 fragrant/2 bright/1"),
        verbs=_w("sizzles/2 bubbles/2 steams/1 hums/1 rises/2 clatters/2"),
        ings="sizzling bubbling rising stirring", places=_w("on the stove/3|by the sink/3|in the pan/3|at the counter/4"),
        colors="butter yellow|copper|tomato red|flour white", sounds="oil sizzling|a timer ringing|spoons clattering",
        textures="floury dough|hot steam|smooth tile", essence="Nourishment Warmth"),
    "a thunderstorm": dict(
        season="summer", nouns=_w("thunder/2 cloud/1 gust/1 hail/1 puddle/2 flash/1 roof/1 oak/1"),
        adjs=_w("heavy/2 raging/2 dark/1 sudden/2 charged/1 wild/1"),
        verbs=_w("cracks/1 rolls/1 pours/1 flashes/2 drums/1 breaks/1"),
        ings="crashing pouring flashing drumming", places=_w("on the roof/3|over the hills/4|in the street/3|across the field/4"),
        colors="bruise purple|lightning white|slate|wet green", sounds="thunder rolling|rain drumming|gutters overflowing",
        textures="cold rain|charged air|wet grass", essence="Release Power"),
    "a river delta": dict(
        season="spring", nouns=_w("heron/2 reed/1 silt/1 channel/2 boat/1 mud/1 egret/2 willow/2"),
        adjs=_w("slow/1 muddy/2 wide/1 braided/2 fertile/2 brown/1"),
        verbs=_w("wanders/2 spreads/1 carries/2 widens/2 bends/1 feeds/1"),
        ings="wandering spreading carrying widening", places=_w("through the reeds/3|to the sea/3|past the village/4|in the shallows/4"),
        colors="silt brown|reed green|heron gray|sunset copper", sounds="frogs|a boat engine|water sliding past reeds",
        textures="soft mud|wet reeds|warm water", essence="Flow Abundance"),
    "a bakery before sunrise": dict(
        season="autumn", nouns=_w("dough/1 crumb/1 oven/2 loaf/1 baker/2 crust/1 tray/1 yeast/1"),
        adjs=_w("warm/1 golden/2 sleepy/2 dusty/2 fragrant/2 soft/1"),
        verbs=_w("rises/2 waits/1 crackles/2 cools/1 glows/1 breathes/1"),
        ings="rising kneading crackling cooling", places=_w("on the rack/3|in the oven/4|by the door/3|on the counter/4"),
        colors="crust brown|flour white|butter gold|lamp amber", sounds="the oven door|a radio murmuring|crusts crackling",
        textures="sticky dough|warm crust|floury wood", essence="Morning Bread"),
}
THEME_NAMES = tuple(THEMES)
for _t in THEMES.values():  # expand the compact string fields into tuples once
    for _k in ("ings", "essence"):
        _t[_k] = tuple(_t[_k].split())
    for _k in ("colors", "sounds", "textures"):
        _t[_k] = tuple(_t[_k].split("|"))

# A few phrases used across templates.
ABSTRACTS = ("time", "memory", "hope", "grief", "curiosity", "ambition", "fear", "friendship", "learning", "change",
             "anger", "courage", "silence", "doubt", "joy", "habit", "forgiveness", "patience", "home", "trust")


# ---------------------------------------------------------------------------
# poetry_generation
# ---------------------------------------------------------------------------

# Line patterns: (pattern, fixed syllables). Slots: {adj} {noun} {verb} {place}.
_LINE_PATTERNS = (("{adj} {noun} {verb}", 0), ("the {noun} {verb} {place}", 1), ("{adj} {noun} {place}", 0),
                  ("a {adj} {noun} {verb}", 1), ("{noun} {verb} {place}", 0), ("{adj}, {adj2} {noun}", 0),
                  ("the {adj} {noun} {verb}", 1), ("{place}, the {noun}", 1))


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
                                out.append((_cap(_an(line)), noun))
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
    tone = rng.choice(TONES)
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
    return _ex("poetry_generation", diff, "creativity.poetry.haiku", prompt, body + "\n\n" + note,
               {"kind": "haiku", "stanzas": count, "syllables": list(pattern)})


# Line openers by initial letter, as (word, kind). Kinds: prep -> "Prep the adj noun, ...";
# adv -> "Adv the noun verb place"; adj -> "Adj noun verb place". X and Z are not used.
_OPENERS = {
    "a": (("Above", "prep"), ("Across", "prep"), ("Always", "adv")), "b": (("Beneath", "prep"), ("Beyond", "prep"), ("Bright", "adj")),
    "c": (("Calm", "adj"), ("Cold", "adj"), ("Curious", "adj")), "d": (("Deep", "adj"), ("Dark", "adj"), ("Drifting", "adj")),
    "e": (("Each", "each"), ("Early", "adv"), ("Every", "each")), "f": (("Faint", "adj"), ("Fading", "adj"), ("From", "prep")),
    "g": (("Gentle", "adj"), ("Golden", "adj"), ("Gray", "adj")), "h": (("Here", "adv"), ("Hushed", "adj"), ("Heavy", "adj")),
    "i": (("Inside", "prep"), ("In", "prep"), ("Idle", "adj")), "j": (("Jagged", "adj"), ("Joyful", "adj")),
    "k": (("Kind", "adj"), ("Keen", "adj")), "l": (("Lightly", "adv"), ("Low", "adj"), ("Later", "adv")),
    "m": (("Mild", "adj"), ("Misty", "adj"), ("Meanwhile", "adv")), "n": (("Now", "adv"), ("Near", "prep"), ("Nightly", "adv")),
    "o": (("Over", "prep"), ("Old", "adj"), ("Once", "adv")), "p": (("Past", "prep"), ("Pale", "adj"), ("Patient", "adj")),
    "q": (("Quiet", "adj"), ("Quickly", "adv")), "r": (("Restless", "adj"), ("Rising", "adj"), ("Round", "prep")),
    "s": (("Slowly", "adv"), ("Soft", "adj"), ("Still", "adv")), "t": (("Through", "prep"), ("Tender", "adj"), ("Tonight", "adv")),
    "u": (("Under", "prep"), ("Upon", "prep"), ("Until", "until")), "v": (("Vast", "adj"), ("Velvet", "adj")),
    "w": (("Wild", "adj"), ("Warm", "adj"), ("Where", "where")), "y": (("Yet", "adv"), ("Young", "adj"), ("Yellow", "adj")),
}
ACROSTIC_WORDS = ("TIDE", "FROST", "NIGHT", "DUNE", "APPLE", "STILL", "PAGES", "BLOOM", "LIGHT", "TRAIN", "REEF",
                  "STARS", "BREAD", "STORM", "RIVER", "HOPE", "DREAM", "SPRING", "EMBER", "QUIET", "GLOW", "WANDER",
                  "HARBOR", "VELVET", "OCEAN", "MAPLE", "LANTERN", "SILVER", "JOURNEY", "KINDLE")


def _acrostic_line(rng, letter, t):
    word, kind = rng.choice(_OPENERS[letter.lower()])
    noun = rng.choice(t["nouns"])[0]
    noun2 = rng.choice([n for n, _ in t["nouns"] if n != noun])
    adj = rng.choice(t["adjs"])[0]
    verb = rng.choice(t["verbs"])[0]
    place = rng.choice(t["places"])[0]
    if kind == "prep":
        return f"{word} the {adj} {noun}, the {noun2} {verb}"
    if kind == "adv":
        return f"{word}, the {noun} {verb} {place}"
    if kind == "each":
        return f"{word} {noun} {verb} {place}"
    if kind == "until":
        return f"Until the {noun2} {verb}, the {adj} {noun} waits"
    if kind == "where":
        return f"Where the {noun} {verb}, the {noun2} listens"
    return f"{word} {noun} {verb} {place}"


def poem_acrostic(rng, diff) -> Example:
    theme = rng.choice(THEME_NAMES)
    t = THEMES[theme]
    pool = [w for w in ACROSTIC_WORDS if {"easy": len(w) <= 4, "medium": 5 <= len(w) <= 5, "hard": len(w) >= 6}[diff]]
    word = rng.choice(pool)
    tone = rng.choice(TONES)
    prompt = (_v(rng, f"Write an acrostic poem that spells {word} down the left side, set in {theme}.",
                 f"Acrostic challenge: the first letters of the lines must spell \"{word}\". Subject: {theme}.",
                 f"Compose an acrostic on the word {word}, drawing images from {theme}.")
              + f" Keep the mood {tone}.")
    lines = [_acrostic_line(rng, ch, t) for ch in word]
    note = _v(rng, f"Reading down the first letters gives {word}.", f"First letters: {' '.join(word)}.",
              f"The initials spell {word}, one image per line.")
    return _ex("poetry_generation", diff, "creativity.poetry.acrostic", prompt, "\n".join(lines) + "\n\n" + note,
               {"kind": "acrostic", "word": word})


# Limerick rhyme sets (AABBA). Each A set: places that end line 1, and second/last lines
# whose final word rhymes with them. B couplets are lines 3-4. {thing} is a theme noun.
LIMERICK_A = (
    {"places": ("Peru", "Crewe", "Kathmandu"), "rhymes": ("peru", "crewe", "kathmandu", "blue", "glue", "shoe", "knew", "true", "do", "queue", "through"),
     "second": ("who painted each {thing} bright blue", "who fixed a lost {thing} with glue", "who kept a small {thing} in a shoe",
                "who said that each {thing} always knew"),
     "last": ("and that's how the legend came true.", "which nobody thought they could do.", "now the whole town waits in a queue.",
              "and they never did quite make it through.")},
    {"places": ("Kent", "Ghent"), "rhymes": ("kent", "ghent", "bent", "tent", "went", "spent", "cent", "meant", "lent"),
     "second": ("who saved every {thing} that was bent", "who slept with a {thing} in a tent", "who argued with all that it meant",
                "who borrowed a {thing} that was lent"),
     "last": ("and nobody knew where it went.", "so that's how the summer was spent.", "and it wasn't worth even a cent.",
              "which is more or less what they meant.")},
    {"places": ("Spain", "Maine", "Lorraine"), "rhymes": ("spain", "maine", "lorraine", "rain", "train", "pane", "again", "lane", "plain"),
     "second": ("who danced with a {thing} in the rain", "who followed a {thing} on a train", "who painted a {thing} on the pane",
                "who walked with a {thing} down the lane"),
     "last": ("and then did it all once again.", "which made the whole plan rather plain.", "and was never quite normal again.",
              "till the {thing} went home on the train.")},
    {"places": ("Dubai", "Shanghai", "Versailles"), "rhymes": ("dubai", "shanghai", "versailles", "fly", "pie", "sky", "why", "goodbye", "high", "try", "cry"),
     "second": ("who wanted a {thing} that could fly", "who baked a colossal {thing} pie", "who hung every {thing} in the sky",
                "who gave every {thing} a try"),
     "last": ("and nobody ever asked why.", "then waved the whole village goodbye.", "so it's still in the clouds, way up high.",
              "and admitted it made them both cry.")},
    {"places": ("Lyme",), "rhymes": ("lyme", "climb", "rhyme", "time", "dime", "chime", "sublime", "mime"),
     "second": ("who tried every morning to climb", "who spoke about {thing}s in rhyme", "who measured each {thing} by the chime",
                "who would trade any {thing} for a dime"),
     "last": ("and got to the top just in time.", "which was, all agreed, quite sublime.", "and swore it was worth every dime.",
              "and they told the whole tale as a mime.")},
    {"places": ("Leeds",), "rhymes": ("leeds", "seeds", "reeds", "needs", "beads", "deeds", "weeds", "reads", "pleads", "proceeds"),
     "second": ("who planted a {thing} from seeds", "who hid every {thing} in the reeds", "who strung every {thing} onto beads",
                "who kept a long list of good deeds"),
     "last": ("and it met all the neighbourhood's needs.", "now the garden is nothing but weeds.", "and the {thing} still grows where it pleads.",
              "which is how every story proceeds.")},
)
LIMERICK_B = (("One day, with a shout,", "it all tumbled out;"), ("It started to grow", "wherever they'd go;"),
              ("They tried it at night", "by flickering light;"), ("The neighbours all stared,", "but nobody cared;"),
              ("With a hop and a spin", "and a wobbly grin,"), ("It rattled and rang,", "then went off with a bang;"),
              ("A gust from the sea", "set everything free;"), ("They gave it a name,", "and it rose to fame;"),
              ("They practised all week", "with a squeak and a creak;"), ("The mayor came by", "with a tear in his eye;"))
LIMERICK_PEOPLE = ("baker", "poet", "sailor", "robot", "cellist", "gardener", "painter", "beekeeper", "clockmaker",
                   "juggler", "astronaut", "librarian", "tailor", "chemist", "wizard")


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
        lines = [_an(opener), second.format(thing=thing) + ",", b1, b2, _cap(last.format(thing=thing))]
        stanzas.append("\n".join(_cap(x) for x in lines))
        forms.append(a["rhymes"])
    prompt = (_v(rng, f"Write a limerick about a {person}", f"Give me a silly limerick featuring a {person}",
                  f"Compose {'a limerick' if count == 1 else 'two linked limericks'} starring a {person}")
              + f" and something from {theme}. Follow the AABBA rhyme scheme"
              + ("; write two stanzas." if count == 2 else ".")
              + f" It is {rng.choice(SHORT_VENUES)}."
              + (" Keep it light enough for children." if diff == "easy" else ""))
    return _ex("poetry_generation", diff, "creativity.poetry.limerick", prompt, "\n\n".join(stanzas),
               {"kind": "limerick", "stanzas": count, "rhyme_sets": [list(r) for r in forms]})


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
        stanzas.append("\n".join((_cap(nouns[0][0]), f"{a1[0]}, {a2[0]}", ", ".join(ings), _cap(l4),
                                  rng.choice(t["essence"]))))
    prompt = (_v(rng, "Write a word cinquain", "Compose a cinquain (the word-count form)", "Create a five-line cinquain")
              + f" about {theme}, starting from the word \"{focus[0]}\": one noun, two adjectives, three -ing words, a four-word phrase, and a one-word synonym."
              + (" Write two stanzas." if count == 2 else "")
              + (f" Aim for a {rng.choice(TONES)} feeling." if diff != "easy" else ""))
    note = _v(rng, "Word counts per line: 1, 2, 3, 4, 1.", "The shape narrows, widens and closes on a single word.",
              "Structure: noun / two adjectives / three actions / a feeling / a renaming.")
    return _ex("poetry_generation", diff, "creativity.poetry.cinquain", prompt, "\n\n".join(stanzas) + "\n\n" + note,
               {"kind": "cinquain", "stanzas": count, "words_per_line": [1, 2, 3, 4, 1]})


_FREE_LINES = (
    "the {noun} {verb} {place}", "I keep the {adj} {noun} like a promise", "{color} at the edges, {color2} in the middle",
    "somewhere, {sound}", "the air tastes of {texture}", "{adj} and {adj2}, the {noun} {verb}",
    "we {verb_base} nothing and call it {abstract}", "I name it {abstract}, and the {noun} agrees",
    "every {noun} a small {abstract}", "{sound}, then nothing, then {sound2}", "my hands remember {texture}",
    "the {noun} learns the shape of {abstract}", "a {color} hour {place}", "and still the {noun} {verb}",
)


def _free_line(rng, t):
    pat = rng.choice(_FREE_LINES)
    noun, (adj, adj2) = rng.choice(t["nouns"])[0], [a for a, _ in rng.sample(t["adjs"], 2)]
    c1, c2 = rng.sample(t["colors"], 2)
    s1, s2 = rng.sample(t["sounds"], 2)
    line = pat.format(noun=noun, verb=rng.choice(t["verbs"])[0], place=rng.choice(t["places"])[0], adj=adj, adj2=adj2,
                      color=c1, color2=c2, sound=s1, sound2=s2, texture=rng.choice(t["textures"]),
                      abstract=rng.choice(ABSTRACTS), verb_base=rng.choice(("hold", "carry", "keep", "want", "find")))
    return _cap(_an(line))


def poem_free_verse(rng, diff) -> Example:
    theme = rng.choice(THEME_NAMES)
    t = THEMES[theme]
    n_st, n_ln = {"easy": (2, 3), "medium": (3, 3), "hard": (rng.choice((3, 4)), 4)}[diff]
    tone = rng.choice(TONES)
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
            lines[0] = _cap(f"{rng.choice(t['colors'])} at the edges, {rng.choice(t['colors'])} in the middle")
        stanzas.append(lines)
    if "sound image" in extra and not any(snd in " ".join(sum(stanzas, [])) for snd in t["sounds"]):
        stanzas[0][-1] = _cap(f"somewhere, {rng.choice(t['sounds'])}")
    if "End on the word" in extra:
        word = extra.split('"')[1]
        stanzas[-1][-1] = f"and all of it, at last, {word}"
    body = "\n\n".join("\n".join(s) for s in stanzas)
    return _ex("poetry_generation", diff, "creativity.poetry.free_verse", prompt, body,
               {"kind": "stanzas", "stanzas": n_st, "lines_per_stanza": n_ln})


# ---------------------------------------------------------------------------
# metaphor_generation
# ---------------------------------------------------------------------------

# Vehicles and properties ("grounds") phrased so they read well after "{tenor} is {vehicle}:".
VEHICLES = (
    ("a river", ("it keeps moving whether or not you watch it", "it carves its path slowly, one season at a time",
                 "it carries whatever you drop into it far downstream")),
    ("a garden", ("it needs tending every day or the weeds move in", "what you plant now shows up months later",
                  "it looks different in every season")),
    ("a lantern", ("it lights only the next few steps, and that is enough to walk", "it has to be refilled",
                   "it makes the dark around it look deeper")),
    ("a tide", ("it goes out and always comes back", "it leaves things on the shore when it retreats",
                "you can predict it but not stop it")),
    ("a library", ("everything is kept, but not everything is easy to find", "it grows one shelf at a time",
                   "the quietest rooms hold the most")),
    ("a compass", ("it does not move you, it only points", "it works best when you stand still and look",
                   "it keeps pointing the same way whatever the weather")),
    ("a kiln", ("what goes in soft comes out hard", "the heat that cracks one pot strengthens another",
                "you cannot open it halfway through")),
    ("a loom", ("it weaves many small threads into one cloth", "a single wrong thread shows along the whole length",
                "it works slowly, row by row")),
    ("a seed", ("it looks like nothing until conditions are right", "it carries the whole plan inside",
                "it needs darkness before it can reach the light")),
    ("a map", ("it is useful precisely because it leaves things out", "it is always a little out of date",
               "it shows where others have already been")),
    ("an echo", ("it returns what you send, a little changed", "it fades with every repetition",
                 "it tells you the shape of the space you are in")),
    ("a bridge", ("it holds only as well as its weakest bolt", "it lets two sides meet without either moving",
                  "it has to be inspected or it rusts")),
    ("a tuning fork", ("strike it and everything nearby at the same pitch starts to hum", "it holds one true note",
                       "it rings longest when it is left alone")),
    ("a sourdough starter", ("it has to be fed regularly to stay alive", "a little of the old is always kept in the new",
                             "it turns sour if you neglect it")),
    ("an hourglass", ("it can be turned over but not sped up", "the last grains seem to fall fastest",
                      "it measures by emptying")),
    ("a candle", ("it gives light by using itself up", "a small draft can put it out", "it is brightest in the darkest room")),
    ("a staircase", ("you climb it one step at a time", "skipping steps is how people fall",
                     "from each landing you can see how far you have come")),
    ("a spider's web", ("it is strong because everything is connected", "a single touch shakes the whole thing",
                        "it is rebuilt, patiently, after every storm")),
    ("a harbor", ("it is where things come back to", "it is safe, but boats are not built to stay there",
                  "it is shaped by every ship that has sheltered in it")),
    ("a patchwork quilt", ("it is made of pieces that were never meant to match", "every square has a story",
                           "it keeps you warm because of its seams")),
    ("a telescope", ("it brings distant things close but narrows what you can see", "it needs a steady hand",
                     "it shows light that left its source long ago")),
    ("a furnace", ("it needs fuel or it goes cold", "it transforms whatever you feed it", "it is dangerous when left untended")),
    ("a tide pool", ("it is a small world left behind by something larger", "it changes twice a day",
                     "you have to kneel to see what lives in it")),
)
METAPHOR_CONSTRAINTS = ("Avoid cliches.", "Keep each one under twenty-five words.", "Make them concrete and visual.",
                        "Mix the everyday with the unexpected.", "Aim them at a teenage reader.",
                        "Write them for a wedding toast.", "Make them suitable for a eulogy.",
                        "They are for a science-fiction novel.", "Make at least one of them surprising.")


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
        lines.append(f"{i + 1}. {_cap(concept)} is {veh}: {rng.choice(props)}.")
    completion = "\n".join(lines)
    if diff == "hard":
        k = rng.randrange(n)
        completion += "\n\n" + _v(rng, f"Strongest: #{k + 1}, because its image does real explanatory work instead of decorating.",
                                  f"If I had to keep one, it would be #{k + 1}: the ground is specific and surprising.",
                                  f"My pick is #{k + 1}; the comparison carries an insight about {concept}, not just a mood.")
    return _ex("metaphor_generation", diff, "creativity.metaphor.list", prompt, completion,
               {"kind": "numbered_list", "items": n, "must_contain": concept})


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
    sents = [_cap(f"{concept} is {veh}.")]
    sents += [_cap(p) + "." for p in order[: min(3, n - 1)]]
    if n == 5:
        sents.append(_v(rng, f"So I tend my {concept} the way you would look after {veh}, and it repays me.",
                        f"Treat {concept} the way you would treat {veh}, and it will hold.",
                        f"That is why I keep coming back to {veh} when I think about {concept}."))
    return _ex("metaphor_generation", diff, "creativity.metaphor.extended", prompt, " ".join(sents),
               {"kind": "sentences", "sentences": n, "must_contain": concept})


def metaphor_anatomy(rng, diff) -> Example:
    concept = rng.choice(ABSTRACTS)
    veh, props = rng.choice(VEHICLES)
    prop = rng.choice(props)
    sentence = _cap(f"{concept} is {veh}; {prop}.")
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
        lines.append(f"Simile version: {_cap(concept)} is like {veh}: {prop}.")
    if diff == "hard":
        lines.append(_v(rng, f"Where it strains: {veh} is a thing, while {concept} is an experience, so the comparison cannot capture how {concept} feels from inside.",
                        f"Where it strains: pushed too far, {veh} suggests {concept} is more predictable than it is.",
                        f"Where it strains: the metaphor hides the people involved; {veh} has no one inside it."))
    return _ex("metaphor_generation", diff, "creativity.metaphor.anatomy", prompt, "\n".join(lines),
               {"kind": "headings", "headings": ["Tenor:", "Vehicle:", "Ground:", "Effect:"]
                + (["Simile version:"] if diff != "easy" else []) + (["Where it strains:"] if diff == "hard" else [])})


# (cliche, meaning, fresh alternatives)
CLICHES = (
    ("time flies", "time passes quickly", ("the afternoon slipped out like a tide going back", "the week folded itself away before I had read it", "the hours ran downhill")),
    ("busy as a bee", "very busy", ("busy as a switchboard at noon", "scheduled down to the minute, like a train timetable", "juggling more plates than a wedding caterer")),
    ("cold as ice", "unfriendly or very cold", ("cold as a key left out overnight", "chilly as a waiting room at dawn", "about as warm as a tin roof in January")),
    ("light as a feather", "very light", ("light as a paper lantern", "light as the first snow on a sleeve", "weighing no more than a rumour")),
    ("heart of gold", "very kind", ("kindness you could set your watch by", "generous as a baker at closing time", "a heart like a porch light left on")),
    ("the calm before the storm", "quiet before trouble", ("the hush when an orchestra lifts its bows", "the held breath of a kettle before it whistles", "the flat sea while the barometer falls")),
    ("a blessing in disguise", "a good thing that looked bad", ("a gift wrapped in yesterday's newspaper", "the wrong train that took me somewhere better", "a locked door that turned out to be a window")),
    ("break the ice", "ease the first awkwardness", ("loosen the first knot", "open the first window in a stuffy room", "strike the first match")),
    ("crystal clear", "completely clear", ("clear as a freshly wiped windscreen", "plain as chalk on a new blackboard", "clear as a mountain stream over pebbles")),
    ("sleep like a log", "sleep deeply", ("sleep like a stone at the bottom of a lake", "sleep like a cat in a sunbeam", "sleep as deeply as a snowed-in town")),
    ("fit as a fiddle", "in good health", ("fit as a freshly tuned bicycle", "running like a well-oiled clock", "springy as a new mattress")),
    ("as old as the hills", "very old", ("as old as the first campfire story", "older than the oldest map in the drawer", "as old as the river's first bend")),
    ("every cloud has a silver lining", "bad things have some good side", ("every burnt loaf still makes breadcrumbs", "even a storm leaves the air cleaner", "every detour shows you a new street")),
    ("at a snail's pace", "very slowly", ("at the speed of a queue at the post office", "as fast as paint dries in winter", "creeping like a glacier")),
    ("a needle in a haystack", "something very hard to find", ("one particular grain on a beach", "a single typo in a thousand-page contract", "one quiet voice in a stadium")),
    ("the elephant in the room", "an obvious problem nobody mentions", ("the unopened letter on the table", "the empty chair everyone steps around", "the smoke alarm no one will mention")),
    ("raining cats and dogs", "raining heavily", ("raining like a tipped-over bathtub", "rain hammering like a drum line", "the sky emptying its pockets")),
    ("on cloud nine", "extremely happy", ("floating like a kite on a long string", "buoyant as a balloon at a fair", "walking a few inches above the pavement")),
)


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
    return _ex("metaphor_generation", diff, "creativity.metaphor.cliche_refresh", prompt, "\n".join(lines) + "\n\n" + tail,
               {"kind": "numbered_list", "items": n, "cliches": [c for c, _, _ in picks]})


# ---------------------------------------------------------------------------
# narrative_creation
# ---------------------------------------------------------------------------

GENRES = {
    "science fiction": dict(nouns="signal beacon helmet keycard robot drone transmitter capsule",
                            tverbs="decoded sealed repaired answered traced launched", iverbs="blinked answered vanished returned drifted woke",
                            adjs="silent last broken distant frozen borrowed", pps="launched opened answered used charged",
                            states="humming blinking warm breathing listening",
                            settings="on a generation ship|at the edge of a mining colony|in an orbital greenhouse|on a tidally locked moon"),
    "mystery": dict(nouns="key letter ticket glove lockbox photograph diary umbrella",
                    tverbs="burned hid found forged opened buried", iverbs="vanished lied confessed returned waited smiled",
                    adjs="missing forged muddy unsigned locked last", pps="opened read signed worn sent",
                    states="locked ticking warm missing wet",
                    settings="in a seaside boarding house|in a village with one policeman|in a museum after closing|on a night train"),
    "fantasy": dict(nouns="map crown sword lantern raven egg ring scroll",
                    tverbs="stole broke mended woke summoned carried", iverbs="wept sang burned slept fell answered",
                    adjs="cursed ancient borrowed silver sleeping last", pps="sharpened cast worn opened spoken",
                    states="glowing singing breathing warm whispering",
                    settings="in a kingdom built on a glacier|in a forest where maps change overnight|in a city of bridges|in a tower above the clouds"),
    "horror": dict(nouns="doll mirror locket lullaby candle portrait music-box cradle",
                   tverbs="locked buried opened painted answered fed", iverbs="breathed knocked waited laughed followed stayed",
                   adjs="empty wet smiling cracked old silent", pps="opened played answered dusted used",
                   states="breathing humming warm singing watching",
                   settings="in a farmhouse at the end of a flooded road|in a sanatorium turned hotel|in a town with no children|in a lighthouse nobody visits"),
    "romance": dict(nouns="letter ring umbrella song postcard scarf ticket photograph",
                    tverbs="kept returned wrote missed shared saved", iverbs="waited stayed laughed called arrived lingered",
                    adjs="borrowed second unsent rainy last shared", pps="sent worn answered used played",
                    states="warm waiting unopened folded humming",
                    settings="in a bookshop by the harbour|on a night ferry|at a wedding neither wanted to attend|in a rain-soaked market"),
    "everyday life": dict(nouns="kettle keys umbrella bicycle phone notebook mug radio",
                          tverbs="fixed lost found painted returned borrowed", iverbs="laughed stayed waited rang slept arrived",
                          adjs="spare broken borrowed yellow last secondhand", pps="used opened worn read charged",
                          states="ringing warm waiting unplugged dripping",
                          settings="in a block of flats with one lift|at a laundrette open all night|in a corner shop|on the last bus home"),
}
for _g in GENRES.values():
    for _k in ("nouns", "tverbs", "iverbs", "adjs", "pps", "states"):
        _g[_k] = tuple(_g[_k].split())
    _g["settings"] = tuple(_g["settings"].split("|"))
GENRE_NAMES = tuple(GENRES)


def _six_word(rng, g, pat, focus=None):
    n1, n2 = rng.sample(g["nouns"], 2)
    if focus:
        n1, n2 = focus, rng.choice([x for x in g["nouns"] if x != focus])
    a1, a2, a3 = rng.sample(g["adjs"], 3)
    name = rng.choice(NAMES)
    if pat == 0:
        s = f"{name} {rng.choice(g['tverbs'])} the {n1}. {_cap(n2)} {rng.choice(g['iverbs'])}."
    elif pat == 1:
        s = f"Found: one {a1} {n1}. Still {rng.choice(g['states'])}."
    elif pat == 2:
        s = f"For sale: {a1} {n1}, never {rng.choice(g['pps'])}."
    elif pat == 3:
        s = f"Last {n1} standing. {name} {rng.choice(g['iverbs'])} anyway."
    elif pat == 4:
        s = f"The {n1} remembered. {name} did not."
    elif pat == 5:
        s = f"{_cap(a1)} {n1}, {a2} {n2}, {a3} goodbye."
    elif pat == 6:
        s = f"Wrong {n1}. Right {n2}. {name} stayed."
    else:
        s = f"We {rng.choice(g['tverbs'])} the {n1}. It {rng.choice(g['iverbs'])}."
    return s


def story_six_words(rng, diff) -> Example:
    genre = rng.choice(GENRE_NAMES)
    g = GENRES[genre]
    n = {"easy": 2, "medium": 4, "hard": 6}[diff]
    focus = rng.choice(g["nouns"])
    pats = rng.sample(range(8), n)  # each pattern at most once per answer
    stories = []
    while len(stories) < n:
        s = _six_word(rng, g, pats[len(stories)], focus if not stories else None)
        if s not in stories:
            stories.append(s)
    prompt = (_v(rng, f"Write {NUM_WORDS[n]} six-word stories in the {genre} genre.",
                 f"Six-word story challenge: {NUM_WORDS[n]} {genre} stories, exactly six words each.",
                 f"Give me {NUM_WORDS[n]} {genre} micro-stories of exactly six words.")
              + f" At least one must feature a {focus}. They are {rng.choice(SHORT_VENUES)}."
              + (f" Tone: {rng.choice(TONES)}." if diff != "easy" else ""))
    body = "\n".join(f"{i + 1}. {s}" for i, s in enumerate(stories))
    tail = _v(rng, "Each one implies a before and an after; the reader supplies the middle.",
              "The trick is a concrete noun plus a turn, so six words can hold a whole arc.",
              "Every story is exactly six words, counting each word once.")
    return _ex("narrative_creation", diff, "creativity.narrative.six_word", prompt, body + "\n\n" + tail,
               {"kind": "six_word", "items": n})


SPINE = ("Once upon a time", "Every day", "But one day", "Because of that", "Because of that", "Until finally",
         "And ever since then")
SPINE_ROLES = ("a cartographer", "a night-shift nurse", "a retired magician", "an apprentice clockmaker", "a ferry pilot",
               "a beekeeper", "a lighthouse keeper", "a radio operator", "a museum guard", "a street musician",
               "a botanist", "a locksmith")
SPINE_ROUTINES = ("{name} checked the {noun} twice before sunrise", "{name} kept a careful log of every {noun}",
                  "{name} walked the same route and spoke to no one", "{name} fixed small things nobody else noticed",
                  "{name} wrote letters and never sent them", "{name} counted the hours until the shift ended")
SPINE_DISRUPT = ("a {adj} {noun} turned up where none should have been", "the {noun} stopped working without warning",
                 "a stranger arrived asking about the {noun}", "{name} found a {noun} that belonged to nobody",
                 "the {noun} {iverb}, and everyone pretended not to notice", "a message arrived, signed with {name}'s own name")
SPINE_CONSEQ1 = ("{name} started asking questions nobody wanted answered", "{name} followed the trail of the {noun}",
                 "{name} broke the one rule the job had", "{name} hid the {noun} and told no one",
                 "{name} stayed late and saw what happens after closing")
SPINE_CONSEQ2 = ("an old friend became a rival", "the {noun2} had to be moved in secret", "the town began to take sides",
                 "{name} lost the only job {name} had ever been good at", "a second {noun} appeared, identical to the first",
                 "someone else started following {name}")
SPINE_CLIMAX = ("{name} faced the truth about the {noun} in front of everyone", "{name} gave the {noun} back, and it cost everything",
                "the {noun} {iverb} one last time and {name} finally understood", "{name} chose the stranger over the rules",
                "{name} opened the {noun2} and let whatever was inside go free")
SPINE_RESOLVE = ("{name} leaves one light on, just in case", "nobody in town locks their doors",
                 "{name} keeps a {noun} on the windowsill as a reminder", "the {noun2} is kept where anyone can see it",
                 "{name} tells the story differently every time", "the old route has a new name")


def story_spine(rng, diff) -> Example:
    genre = rng.choice(GENRE_NAMES)
    g = GENRES[genre]
    name = rng.choice(NAMES)
    noun, noun2 = rng.sample(g["nouns"], 2)
    slots = dict(name=name, noun=noun, noun2=noun2, adj=rng.choice(g["adjs"]), iverb=rng.choice(g["iverbs"]))
    role, setting = rng.choice(SPINE_ROLES), rng.choice(g["settings"])
    beats = [f"{_an(role)} named {name} lived {setting}", rng.choice(SPINE_ROUTINES), rng.choice(SPINE_DISRUPT),
             rng.choice(SPINE_CONSEQ1), rng.choice(SPINE_CONSEQ2), rng.choice(SPINE_CLIMAX), rng.choice(SPINE_RESOLVE)]
    lines = [f"{SPINE[i]}, {b.format(**slots)}." for i, b in enumerate(beats)]
    prompt = (_v(rng, f"Outline a {genre} story using the Story Spine", f"Use the Story Spine to sketch a {genre} plot",
                 f"Give me a {genre} story skeleton with the Story Spine")
              + f" (Once upon a time / Every day / But one day / Because of that x2 / Until finally / And ever since then)."
              + f" Call the protagonist {name} and include a {noun}" + (f" and a {noun2}." if diff != "easy" else ".")
              + (f" The protagonist is {_an(role)}." if diff == "hard" else ""))
    if diff == "hard":
        lines.append("")
        lines.append(_v(rng, f"Theme: what we owe the things we are trusted with. The {noun} is the story's question made physical.",
                        f"Why it works: each 'because of that' raises the cost for {name}, so the ending feels earned.",
                        f"Next step: expand 'But one day' into a scene and let the {noun} do the talking."))
    return _ex("narrative_creation", diff, "creativity.narrative.story_spine", prompt, "\n".join(lines),
               {"kind": "story_spine", "starts": list(SPINE)})


DIALOGUE_MOVES = (
    ("You kept the {obj}.", "I found the {obj} in your coat.", "Why is the {obj} still here?", "So this is where the {obj} went."),
    ("Someone had to.", "It's not what it looks like.", "I was going to tell you.", "You weren't supposed to look."),
    ("You said it was lost {place}.", "You promised we'd decide together.", "Three years, and not a word?", "Then tell me now."),
    ("It was the last thing {third} gave me.", "I couldn't let them take that too.", "Because it still works, and that scared me.", "I needed one thing that was mine."),
    ("I would have understood.", "You could have trusted me.", "That doesn't make it yours.", "I know. I kept something too."),
    ("Then take it. Decide for both of us.", "We could go back there together.", "Keep it tonight. Tell me tomorrow.", "Let's open it. Now."),
    ("Not tonight.", "Together, then.", "Fine. But you're carrying it.", "All right."),
    ("Thank you.", "I missed this.", "It's heavier than it looks.", "You always did win."),
)
RELATIONSHIPS = ("two siblings", "old bandmates", "a lighthouse keeper and a supply-boat pilot", "two neighbours",
                 "former business partners", "a grandmother and her grandson", "ex-roommates", "two rival chefs",
                 "a teacher and a former student", "two astronauts on a long mission")
DIALOGUE_OBJECTS = ("letter", "ring", "key", "photograph", "watch", "notebook", "scarf", "ticket", "recipe book",
                    "record", "compass", "map", "medal", "lighter", "postcard", "cassette", "locket", "diary")
PLACES_BACK = ("at the station", "in the move", "at the lake house", "in the fire", "at the old flat", "on the ferry")


def story_dialogue(rng, diff) -> Example:
    obj = rng.choice(DIALOGUE_OBJECTS)
    a, b, third = rng.sample(NAMES, 3)
    rel = rng.choice(RELATIONSHIPS)
    place = rng.choice(PLACES_BACK)
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
        lines.append(f"{speaker}: " + rng.choice(DIALOGUE_MOVES[m]).format(obj=obj, place=place, third=third))
    return _ex("narrative_creation", diff, "creativity.narrative.dialogue", prompt, "\n".join(lines),
               {"kind": "dialogue", "lines": n, "speakers": [a, b]})


FLASH_OPEN = ("{name} found the {w} {setting}.", "The {w} had been waiting {setting} for years.",
              "Nobody {setting} talked about the {w} anymore.", "It began, as these things do, with a {w}.")
FLASH_MID = ("Beside it lay a {w}, which made no sense at all.", "{name} carried the {w} home and did not sleep.",
             "Every night the {w} was a little closer to the door.", "The {w} was {adj}, and it {iverb} when touched.",
             "{name} asked three people about the {w} and got three different lies.",
             "By morning the {w} had been moved, though the door was still locked.")
FLASH_TURN = ("Then the {w} {iverb}, and {name} understood who had left it.", "That was when {name} noticed the {w} had a name written on it.",
              "Only the {w} knew the truth, and it was not talking.", "The {w} was not a warning; it was an invitation.")
FLASH_CLOSE = ("{name} put the kettle on and waited for whatever came next.", "Some doors, {name} decided, are better left open.",
               "In the morning there was only the sound of rain.", "{name} smiled for the first time in weeks.",
               "After that, {name} always set an extra place at the table.")


def story_flash(rng, diff) -> Example:
    genre = rng.choice(GENRE_NAMES)
    g = GENRES[genre]
    n = {"easy": 4, "medium": 5, "hard": 6}[diff]
    k = {"easy": 2, "medium": 3, "hard": 3}[diff]
    words = rng.sample(g["nouns"], k)
    name = rng.choice(NAMES)
    slots = dict(name=name, setting=rng.choice(g["settings"]), adj=rng.choice(g["adjs"]), iverb=rng.choice(g["iverbs"]))
    mids = rng.sample(FLASH_MID, n - 3)
    wlist = words + [rng.choice(g["nouns"]) for _ in range(n)]
    sents = [rng.choice(FLASH_OPEN).format(w=wlist[0], **slots)]
    for i, m in enumerate(mids):
        sents.append(m.format(w=wlist[1 + i], **slots))
    sents.append(rng.choice(FLASH_TURN).format(w=wlist[len(sents)], **slots))
    sents.append(rng.choice(FLASH_CLOSE).format(**slots))
    if k == 3 and words[2] not in " ".join(sents):
        sents[-2] = rng.choice(FLASH_TURN).format(w=words[2], **slots)
    prompt = (_v(rng, f"Write a {genre} flash-fiction piece of exactly {NUM_WORDS[n]} sentences",
                 f"Tell a {genre} story in {NUM_WORDS[n]} sentences",
                 f"Micro-fiction ({genre}): {NUM_WORDS[n]} sentences")
              + " that uses the words " + ", ".join(f"\"{w}\"" for w in words) + ".")
    return _ex("narrative_creation", diff, "creativity.narrative.flash_fiction", prompt, " ".join(_cap(_an(s)) for s in sents),
               {"kind": "sentences", "sentences": n, "required_words": words})


SKETCH_ROLES = ("a night-shift nurse", "a retired cartographer", "a teenage beekeeper", "a ferry captain", "a failed magician",
                "a museum guard", "a rookie firefighter", "a wedding photographer", "a lighthouse keeper", "a chess hustler",
                "a bakery owner", "a court stenographer", "a piano tuner", "a long-haul trucker")
SKETCH_WANTS = ("to win back the family bakery", "to be taken seriously by their old mentor", "to leave town for good",
                "to finish the map their father started", "to win one championship before retiring",
                "to find out who sent the anonymous letters", "to be left alone", "to pay off a debt nobody knows about")
SKETCH_NEEDS = ("to forgive their brother", "to admit they are lonely", "to stop apologising for existing",
                "to let someone else lead", "to grieve properly", "to accept help", "to tell the truth once")
SKETCH_FLAWS = ("keeps score in every relationship", "lies to avoid conflict", "cannot accept help", "mistakes control for care",
                "is charming until they are cornered", "gives up a moment before success", "never finishes a sentence that matters")
SKETCH_SECRETS = ("still has the ring they said they sold", "failed the exam everyone thinks they passed",
                  "writes letters to a person who died", "was the one who called the police that night",
                  "can't actually swim", "has been sleeping at work for a month")
SKETCH_HABITS = ("hums the same three notes when nervous", "straightens other people's pictures", "collects bus tickets",
                 "always sits facing the door", "names every plant in the flat", "laughs a beat too late")
SKETCH_VOICE = ("\"I'm not upset. I'm punctual.\"", "\"Tell me the bad news first, I like to plan.\"",
                "\"Everything is fixable if you have string.\"", "\"Nobody ever asks the guard what he saw.\"",
                "\"I don't do favours. I do trades.\"", "\"Ask me again tomorrow; tomorrow I'm braver.\"")


def story_character(rng, diff) -> Example:
    name = rng.choice(NAMES)
    role = rng.choice(SKETCH_ROLES)
    genre = rng.choice(GENRE_NAMES)
    fields = [("Name", name), ("Role", role), ("Want", rng.choice(SKETCH_WANTS)), ("Need", rng.choice(SKETCH_NEEDS)),
              ("Flaw", rng.choice(SKETCH_FLAWS))]
    if diff != "easy":
        fields += [("Hidden truth", rng.choice(SKETCH_SECRETS)), ("Habit", rng.choice(SKETCH_HABITS))]
    if diff == "hard":
        fields.append(("Voice", rng.choice(SKETCH_VOICE)))
        fields.append(("Arc", f"{name} starts by chasing the want and ends by meeting the need, when the flaw finally costs "
                              f"something {name} cannot replace."))
    prompt = _an(_v(rng, f"Create a character sketch for a {genre} story: a {role} named {name}.",
                    f"Build a {genre} protagonist. Start from this: {name}, {role}.",
                    f"Character profile, please, for a {role} called {name} in a {genre} setting.")
                 + " Use these headings: " + ", ".join(h for h, _ in fields) + ".")
    lines = [f"{h}: {_cap(v) if h not in ('Name', 'Voice') else v}" for h, v in fields]
    lines.append(_v(rng, f"The gap between want and need is where the story lives.",
                    f"Put {name} somewhere the flaw is expensive, and the plot will write itself.",
                    f"Tip: reveal the flaw in action before you name it."))
    return _ex("narrative_creation", diff, "creativity.narrative.character_sketch", prompt, "\n".join(lines),
               {"kind": "headings", "headings": [h + ":" for h, _ in fields]})


# ---------------------------------------------------------------------------
# conceptual_blending (G. Fauconnier & M. Turner, "The Way We Think", 2002:
# two input spaces, a generic space of shared structure, a blended space, and
# emergent structure that belongs to neither input)
# ---------------------------------------------------------------------------

# Each domain fills the same roles, which is what makes any two of them blendable.
DOMAINS = {
    "neural networks": dict(short="a neural network", word="Neural", unit="neurons", flow="activations",
                            growth="learning by adjusting weights", structure="layers", failure="overfitting to its training data",
                            resource="training data", signal="the error gradient", verb="learns"),
    "forest ecology": dict(short="a forest", word="Forest", unit="trees", flow="nutrients passed along fungal networks",
                           growth="succession after a fire", structure="canopy and understory",
                           failure="a monoculture that one blight can wipe out", resource="sunlight",
                           signal="chemical alarm signals between plants", verb="regrows"),
    "jazz": dict(short="a jazz band", word="Jazz", unit="players", flow="a shared groove",
                 growth="improvisation that builds on the last solo", structure="the chord changes",
                 failure="a solo that ignores everyone else", resource="rehearsal time", signal="eye contact and cues",
                 verb="improvises"),
    "beehives": dict(short="a beehive", word="Hive", unit="worker bees", flow="nectar and pollen",
                     growth="swarming to found a new colony", structure="wax comb", failure="colony collapse",
                     resource="flowering plants", signal="the waggle dance", verb="swarms"),
    "cities": dict(short="a city", word="City", unit="residents", flow="traffic and commuters",
                   growth="new neighbourhoods at the edges", structure="streets and districts", failure="gridlock",
                   resource="land", signal="traffic lights and signs", verb="sprawls"),
    "restaurant kitchens": dict(short="a restaurant kitchen", word="Kitchen", unit="cooks", flow="orders moving down the line",
                                growth="a menu that changes with the season", structure="stations", failure="a rush that swamps the pass",
                                resource="fresh ingredients", signal="the ticket rail and shouted calls", verb="simmers"),
    "libraries": dict(short="a library", word="Library", unit="books", flow="readers borrowing and returning",
                      growth="new acquisitions", structure="shelves and a catalogue", failure="misfiled volumes that vanish",
                      resource="shelf space", signal="the catalogue index", verb="remembers"),
    "the immune system": dict(short="an immune system", word="Immune", unit="white blood cells", flow="blood and lymph",
                              growth="building memory of past infections", structure="barriers and lymph nodes",
                              failure="an autoimmune attack on itself", resource="energy and nutrients",
                              signal="cytokine signals", verb="defends"),
    "river deltas": dict(short="a river delta", word="Delta", unit="channels", flow="water and silt",
                         growth="new land built from sediment", structure="braided channels",
                         failure="a channel silting shut", resource="sediment", signal="seasonal floods", verb="branches"),
    "orchestras": dict(short="an orchestra", word="Orchestra", unit="musicians", flow="the score", growth="rehearsal after rehearsal",
                       structure="sections", failure="one section dragging the tempo", resource="practice hours",
                       signal="the conductor's baton", verb="harmonizes"),
    "markets": dict(short="a marketplace", word="Market", unit="traders", flow="money and goods",
                    growth="new businesses filling gaps", structure="supply chains", failure="a speculative bubble",
                    resource="capital", signal="prices", verb="trades"),
    "coral reefs": dict(short="a coral reef", word="Reef", unit="coral polyps", flow="currents carrying plankton",
                        growth="slow accretion of limestone", structure="the reef framework", failure="bleaching",
                        resource="sunlight for symbiotic algae", signal="spawning cues from moonlight", verb="builds"),
    "the internet": dict(short="the internet", word="Net", unit="routers", flow="packets",
                         growth="new links and servers", structure="protocol layers", failure="a cascading outage",
                         resource="bandwidth", signal="acknowledgements", verb="routes"),
    "human memory": dict(short="human memory", word="Memory", unit="memories", flow="recall and rehearsal",
                         growth="consolidation during sleep", structure="webs of association",
                         failure="forgetting and false memories", resource="attention", signal="cues and reminders",
                         verb="recalls"),
}
DOMAIN_NAMES = tuple(DOMAINS)
ROLE_LABELS = {"unit": "the units that act", "flow": "what flows between them", "growth": "how it grows",
               "structure": "how it is organised", "failure": "how it fails", "resource": "what it runs on",
               "signal": "how it signals"}


BLEND_PURPOSES = ("for a design workshop", "to seed a short story", "for a product team", "for a science-fiction setting",
                  "to teach the theory to students", "for a museum exhibit concept", "for a podcast episode")


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
    return _ex("conceptual_blending", diff, "creativity.blend.analysis", prompt, "\n".join(lines),
               {"kind": "headings", "headings": ["Input space 1", "Input space 2", "Generic space:", "Blend:",
                                                 "Emergent structure:"], "mappings": k})


_BLEND_LINES = (
    "{A_unit} reach for {B_resource}", "{B_unit} carry {A_flow}", "{A_signal}, like {B_signal}: everything keeps in step",
    "we grow by {A_growth}, by {B_growth}", "{A_structure} stacked like {B_structure}",
    "{A_short_cap} {B_verb}; {B_short} {A_verb}", "and {B_unit} learn what {A_unit} know",
    "what one calls {A_failure}, the other calls {B_failure}", "{B_flow} hum through {A_structure}",
    "every one of the {A_unit} remembers {B_resource}", "the {B_unit} keep time with {A_signal}",
)


def blend_poem(rng, diff) -> Example:
    an, bn = rng.sample(DOMAIN_NAMES, 2)
    a, b = DOMAINS[an], DOMAINS[bn]
    n_st, n_ln = {"easy": (1, 4), "medium": (1, 6), "hard": (2, 4)}[diff]
    slots = {f"A_{k}": v for k, v in a.items()} | {f"B_{k}": v for k, v in b.items()}
    slots["A_short_cap"] = _cap(a["short"])
    pats = rng.sample(_BLEND_LINES, n_st * n_ln)
    lines = [_cap(p.format(**slots)) for p in pats]
    stanzas = [lines[i * n_ln:(i + 1) * n_ln] for i in range(n_st)]
    tone = rng.choice(TONES)
    prompt = (_v(rng, f"Write a poem blending {an} and {bn}.", f"Compose a short poem that fuses {an} with {bn}.",
                 f"Poem request: {an} meets {bn}.")
              + f" {NUM_WORDS[n_st].capitalize()} stanza{'s' if n_st > 1 else ''} of {NUM_WORDS[n_ln]} lines; tone {tone}.")
    return _ex("conceptual_blending", diff, "creativity.blend.poem", prompt, "\n\n".join("\n".join(s) for s in stanzas),
               {"kind": "stanzas", "stanzas": n_st, "lines_per_stanza": n_ln})


OBJECTS = {"umbrella": ("canopy", "ribs", "handle", "tip"), "bicycle": ("frame", "wheels", "bell", "basket"),
           "backpack": ("straps", "pockets", "zip", "back panel"), "teapot": ("spout", "lid", "handle", "body"),
           "desk lamp": ("arm", "shade", "base", "switch"), "alarm clock": ("face", "bell", "snooze button", "hands"),
           "bookshelf": ("shelves", "frame", "back board", "bookends"), "raincoat": ("hood", "pockets", "lining", "cuffs"),
           "kitchen scale": ("platform", "display", "tare button", "feet"), "notebook": ("pages", "cover", "spine", "ribbon"),
           "garden hose": ("nozzle", "reel", "coupling", "hose"), "water bottle": ("cap", "body", "straw", "loop")}
OBJECT_NAMES = tuple(OBJECTS)
FEATURE_PATTERNS = {
    "signal": "gets its own version of {signal}, to warn you before something goes wrong",
    "growth": "designed to adapt the more you use it, much like {growth}",
    "structure": "organised like {structure}, so each job has its own place",
    "flow": "designed to share load, borrowing from how {short} handles {flow}",
    "resource": "built around scarcity, treating its power source the way {short} treats {resource}",
    "failure": "engineered to avoid the equivalent of {failure}",
    "unit": "made of small modules that cooperate like {unit}",
}


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
        lines.append(f"{i + 1}. {_cap(part)}: " + _cap(FEATURE_PATTERNS[role].format(**d)) + ".")
    if diff == "hard":
        lines.append(_v(rng, f"Riskiest assumption: that {user} want a {obj} to behave like anything at all; test that first with a paper prototype.",
                        f"First test: give five {user} a mock-up for a week and watch which feature they actually use."))
    return _ex("conceptual_blending", diff, "creativity.blend.invention", prompt, "\n".join(lines),
               {"kind": "numbered_list", "items": n})


# ---------------------------------------------------------------------------
# artistic_expression
# ---------------------------------------------------------------------------

# Short, textbook characterisations. Sources: E. H. Gombrich, "The Story of Art", 16th ed.;
# Tate and MoMA online "Art Terms" glossaries.
MOVEMENTS = {
    "Impressionism": (("visible, broken brushstrokes", "the changing effects of light", "everyday outdoor scenes painted en plein air"),
                      "Claude Monet and Berthe Morisot"),
    "Cubism": (("objects broken into geometric facets", "several viewpoints shown at once", "a restrained palette in its early phase"),
               "Pablo Picasso and Georges Braque"),
    "Surrealism": (("dream logic", "unexpected juxtapositions", "precise realism applied to impossible scenes"),
                   "Salvador Dali and Rene Magritte"),
    "Abstract Expressionism": (("large gestural canvases", "fields of saturated color", "an emphasis on the act of painting"),
                               "Jackson Pollock and Mark Rothko"),
    "Art Nouveau": (("flowing organic lines", "decorative plant and flower motifs", "art merged with design and ornament"),
                    "Alphonse Mucha"),
    "Ukiyo-e": (("woodblock printing", "flat areas of color with bold outlines", "landscapes and scenes of everyday life"),
                "Katsushika Hokusai and Utagawa Hiroshige"),
    "Pointillism": (("small dots of pure color", "optical mixing in the viewer's eye", "carefully structured compositions"),
                    "Georges Seurat and Paul Signac"),
    "Fauvism": (("intense, non-naturalistic color", "simplified forms", "bold, loose brushwork"), "Henri Matisse and Andre Derain"),
    "Baroque": (("dramatic chiaroscuro", "movement and strong emotion", "rich, theatrical detail"), "Caravaggio and Rembrandt"),
    "Minimalism": (("reduced geometric forms", "repetition", "industrial materials"), "Donald Judd and Dan Flavin"),
    "Pop Art": (("imagery from advertising and mass culture", "bold flat color", "repetition and irony"),
                "Andy Warhol and Roy Lichtenstein"),
}
MOVEMENT_NAMES = tuple(MOVEMENTS)
MEDIA = ("oil on canvas", "watercolor", "gouache", "charcoal", "linocut print", "digital painting", "acrylic on wood panel",
         "ink and wash", "collage", "soft pastel", "screen print", "mixed media")


def art_concept(rng, diff) -> Example:
    theme = rng.choice(THEME_NAMES)
    t = THEMES[theme]
    mv = rng.choice(MOVEMENT_NAMES)
    traits, artists = MOVEMENTS[mv]
    medium = rng.choice(MEDIA)
    n = {"easy": 2, "medium": 3, "hard": 4}[diff]
    palette = rng.sample(t["colors"], n)
    noun, noun2 = rng.sample([x for x, _ in t["nouns"]], 2)
    title = _v(rng, f"{rng.choice(t['essence'])} at the {_cap(noun)}", f"The {_cap(noun)} and the {_cap(noun2)}",
               f"Study of {_cap(noun)}, {_cap(t['season'])}")
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
        lines.append(f"Mood: {rng.choice(TONES)}, with {rng.choice(t['sounds'])} implied rather than shown.")
    return _ex("artistic_expression", diff, "creativity.art.concept", prompt, "\n".join(lines),
               {"kind": "palette", "colors": n})


BRIEF_FORMATS = ("vertical format for a poster", "square format for social media", "wide panoramic format",
                 "A4 portrait format for print")
BRIEF_CONSTRAINTS = ("no text in the image", "one clear focal point", "leave negative space at the top for a headline",
                     "readable as a thumbnail", "no human faces", "works in black and white as well as color",
                     "include a hidden detail for close viewers")


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
             "Mood: " + rng.choice(TONES) + ".",
             "Constraints:"]
    lines += [f"- {c}" for c in cons]
    lines.append("Deliverable: " + _v(rng, "two rough sketches, then one final at print resolution.",
                                      "three thumbnails for review, then a final.", "one sketch round and one colour round."))
    return _ex("artistic_expression", diff, "creativity.art.brief", prompt, "\n".join(lines),
               {"kind": "constraints", "constraints": k})


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
              + f" Sections: {', '.join(h for h, _ in sections)}, with {NUM_WORDS[n]} entries each. Mood: {rng.choice(TONES)}."
              + f" Purpose: {rng.choice(('a short film', 'a game level', 'a restaurant interior', 'a fashion shoot', 'a poetry reading', 'a theatre set'))}.")
    lines = []
    for h, items in sections:
        lines.append(f"{h}:")
        lines += [f"- {x}" for x in items]
    lines.append(_v(rng, "Keep the sensory entries concrete; the words give the board its emotional key.",
                    "The board should feel coherent at a glance and surprising up close.",
                    "Use it to brief collaborators before any sketching starts."))
    return _ex("artistic_expression", diff, "creativity.art.mood_board", prompt, "\n".join(lines),
               {"kind": "sections", "sections": {h: len(items) for h, items in sections}})


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
    techniques = [f"{_cap(traits[0])}, used on the {noun}", f"{_cap(traits[1])} to organise the scene",
                  f"{_cap(traits[2])}", f"a palette built around {c1} and {c2}", f"suggesting {rng.choice(t['sounds'])} without showing its source"]
    picks = rng.sample(techniques, n)
    lines = [intro, body, "Key techniques:"] + [f"- {_cap(x)}" for x in picks]
    return _ex("artistic_expression", diff, "creativity.art.style_study", prompt, "\n".join(lines),
               {"kind": "bullets_after", "heading": "Key techniques:", "items": n})


# ---------------------------------------------------------------------------
# brainstorming and design thinking
# ---------------------------------------------------------------------------

# Problem briefs: goal, users, place ("at/in ..."), pain point, desired behaviour (gerund), need, insight.
PROBLEMS = (
    ("reduce food waste in a school cafeteria", "students", "in the cafeteria", "students take more food than they eat",
     "finishing what they take", "choose portions they will finish", "nobody sees how much gets thrown away"),
    ("get more teenagers to use the public library", "teenagers", "at the library", "the library feels like a homework room",
     "dropping in after school", "find a reason to come back", "teens go where their friends already are"),
    ("make a rainy commute more pleasant", "commuters", "at the bus stop", "people wait in the cold and wet",
     "arriving in a good mood", "feel less miserable while waiting", "the wait feels longer than it is"),
    ("help remote teammates feel connected", "remote teammates", "on video calls", "every meeting is all business",
     "chatting informally", "have unplanned conversations", "casual talk used to happen by the coffee machine"),
    ("cut single-use plastic at a weekend market", "stallholders and shoppers", "at the market", "plastic bags are the default",
     "bringing their own containers", "carry goods home without plastic", "people forget their bags, not their intentions"),
    ("help older neighbours get groceries", "older neighbours", "in the neighbourhood", "the nearest shop is a long walk",
     "getting fresh food each week", "get groceries without a long walk", "many would accept help but hate to ask"),
    ("make a museum visit fun for toddlers", "families with toddlers", "in the museum", "everything is behind glass",
     "staying curious for a whole visit", "touch and move while they learn", "toddlers learn with their hands"),
    ("cut energy use in a small office", "office staff", "in the office", "lights and screens stay on overnight",
     "switching things off", "save energy without thinking about it", "nobody feels responsible for shared equipment"),
    ("recruit volunteers for a community garden", "neighbours", "at the garden", "people assume it needs expert gardeners",
     "turning up for a first session", "start helping without expertise", "newcomers fear looking clueless"),
    ("make the first week at a new job less overwhelming", "new hires", "in the first week", "too much information arrives on day one",
     "asking questions early", "learn at a manageable pace", "new hires are afraid to look slow"),
    ("reduce queues at a popular bakery", "customers", "at the bakery", "everyone arrives at the same time",
     "coming at quieter times", "get their bread without a long queue", "regulars would shift their timing for a small perk"),
    ("help students revise without cramming", "students", "during exam season", "revision is left to the last week",
     "studying a little every day", "spread revision over weeks", "a deadline far away does not feel real"),
    ("get more households to repair instead of replace", "households", "on the high street", "repair seems slow and expensive",
     "fixing broken things", "get things repaired easily", "people do not know what is fixable"),
    ("make a small-town festival more inclusive", "residents", "at the festival", "the site is hard to get around for wheelchair users",
     "joining in regardless of mobility", "take part fully whatever their needs", "access problems are invisible to organisers who do not face them"),
)
IDEA_PATTERNS = (
    "Make it a game: a friendly weekly leaderboard for {users} who keep {behaviour}.",
    "Change the default so that {behaviour} is what happens unless someone opts out.",
    "Shrink the first step: a two-minute version that anyone can try {place}.",
    "Borrow from {analog}: use {analog_move} to tackle the fact that {pain}.",
    "Make progress visible: a simple display {place} showing how {users} are doing.",
    "Make it social: pair {users} up so {behaviour} becomes something done together.",
    "Attack the main complaint first ({pain}) with a small pilot and a feedback card.",
    "Co-design it: a twenty-minute session where {users} sketch their own fix.",
    "Add a ritual: a short weekly moment {place} that celebrates {behaviour}.",
    "Partner with a local {partner} to share costs and reach more {users}.",
    "Reward early adopters: the first twenty {users} to try it get a small perk.",
    "Nudge at the moment of choice: a friendly, specific sign {place}.",
    "Make the good option easier than the alternative: put everything needed within arm's reach {place}.",
    "Run a one-week A/B test of two versions and keep whichever gets more {users} {behaviour}.",
    "Offer a free taster so {users} can try it without commitment.",
    "Design for the extremes: ask what would work for the most and the least enthusiastic {users}.",
    "Zero-budget version: start with what is already {place} and add nothing new.",
    "Tell the story: share one short story a week from {users} who already keep {behaviour}.",
)
ANALOGS = (("airlines", "boarding groups"), ("libraries", "lending instead of owning"), ("video games", "unlockable levels"),
           ("farmers' markets", "seasonal specials"), ("theme parks", "timed entry slots"), ("gyms", "buddy check-ins"),
           ("coffee shops", "loyalty stamps"), ("bike-share schemes", "docking stations on every corner"))
PARTNERS = ("school", "library", "business association", "charity", "sports club", "community radio station", "university")
BRAIN_CONSTRAINTS = ("Budget: under 500 dollars.", "It has to launch within two weeks.", "No new apps or hardware.",
                     "It must work for people with limited mobility.", "Only volunteers are available.",
                     "It has to be tested in a single day.", "It must cost nothing to run after launch.")


TEAMS = ("a school council", "a startup team", "a city council office", "a charity's volunteers", "a student design class",
         "a neighbourhood association", "a library staff meeting", "a corporate innovation lab", "a hackathon team",
         "a small business owner", "a hospital improvement group", "a youth club")
IDEA_STYLES = ("include at least one wild idea", "mix cheap and ambitious ideas", "keep every idea concrete",
               "favour ideas that can be tested in a week", "avoid anything that needs new staff")
SCAMPER_GOALS = ("the goal is a more sustainable version", "the goal is to reach a younger market",
                 "the goal is to cut manufacturing cost", "the goal is to make it easier to repair",
                 "the goal is to make it more accessible", "the goal is a premium gift edition")
SPRINT_LENGTHS = ("a one-week sprint", "a two-day workshop", "one afternoon", "a month of part-time work", "three evenings")


def _problem(rng):
    goal, users, place, pain, behaviour, need, insight = rng.choice(PROBLEMS)
    analog, move = rng.choice(ANALOGS)
    return dict(goal=goal, users=users, place=place, pain=pain, behaviour=behaviour, need=need, insight=insight,
                analog=analog, analog_move=move, partner=rng.choice(PARTNERS))


def brainstorm_ideas(rng, diff) -> Example:
    p = _problem(rng)
    n = {"easy": 5, "medium": 8, "hard": 12}[diff]
    constraint = rng.choice(BRAIN_CONSTRAINTS)
    prompt = (_v(rng, f"Brainstorm {n} ideas to {p['goal']}.", f"Give me {n} distinct ideas for how to {p['goal']}.",
                 f"We want to {p['goal']}. List {n} ideas, one line each.")
              + f" {constraint} The ideas are for {rng.choice(TEAMS)}; {rng.choice(IDEA_STYLES)}.")
    pats = rng.sample(IDEA_PATTERNS, n)
    lines = [f"{i + 1}. {pat.format(**p)}" for i, pat in enumerate(pats)]
    a, b = sorted(rng.sample(range(1, n + 1), 2))
    tail = _v(rng, f"Shortlist: ideas {a} and {b} are cheapest to test against the constraint.",
              f"To start: prototype ideas {a} and {b} this week and measure who actually changes behaviour.",
              f"Quantity first, judgement later; my first picks to test are {a} and {b}.")
    return _ex("brainstorming", diff, "creativity.brainstorm.ideas", prompt, "\n".join(lines) + "\n\n" + tail,
               {"kind": "numbered_list", "items": n})


# Products for SCAMPER (Eberle's 1971 mnemonic for Osborn's idea-spurring questions):
# name, parts, material, alternative material, user, companion item, other use.
PRODUCTS = (
    ("a reusable water bottle", ("cap", "straw", "carry loop"), "stainless steel", "recycled glass", "commuters", "a phone stand", "a plant mister"),
    ("a school backpack", ("straps", "front pocket", "zip"), "nylon", "waxed canvas", "students", "a seat cushion", "a picnic blanket"),
    ("a kitchen timer", ("dial", "bell", "magnet"), "plastic", "beech wood", "home cooks", "a recipe card holder", "a focus timer for homework"),
    ("a garden watering can", ("spout", "rose", "handle"), "galvanised steel", "recycled plastic", "gardeners", "a rain gauge", "a toy for sandpits"),
    ("a desk lamp", ("arm", "shade", "switch"), "aluminium", "cork", "students", "a charging pad", "a reading light for bunk beds"),
    ("an umbrella", ("canopy", "handle", "ribs"), "polyester", "oilcloth", "city walkers", "a walking stick", "a sunshade at the beach"),
    ("a bicycle bell", ("dome", "lever", "clamp"), "brass", "recycled aluminium", "cyclists", "a front light", "a doorbell for a shed"),
    ("a lunch box", ("lid", "dividers", "clasp"), "plastic", "bamboo fibre", "office workers", "a cutlery set", "a seed-starting tray"),
    ("a board game", ("board", "dice", "rulebook"), "cardboard", "felt", "families", "a puzzle", "a classroom teaching aid"),
    ("a sleeping bag", ("zip", "hood", "stuff sack"), "synthetic fill", "wool", "campers", "a pillow", "an emergency blanket"),
)
SCAMPER = (
    ("S", "Substitute", ("swap the {material} for {alt} to change weight and feel", "replace the {p0} with a simpler part",
                         "use {alt} instead of {material} for a warmer look")),
    ("C", "Combine", ("combine it with {companion} so {user} carry one thing instead of two",
                      "merge the {p1} and the {p2} into a single piece", "bundle it with a refill service")),
    ("A", "Adapt", ("adapt the fold-flat idea from camping gear so it packs smaller", "borrow a colour-coding system from hospitals for the {p1}",
                    "adapt it for left-handed {user}")),
    ("M", "Modify", ("make the {p0} oversized and easy to grip", "shrink it to a pocket version", "give the {p2} a bold colour so it is never lost")),
    ("P", "Put to another use", ("use it as {other}", "offer it to schools as a teaching prop", "turn worn-out ones into {other}")),
    ("E", "Eliminate", ("remove the {p2} and see if anyone misses it", "drop the packaging entirely", "cut the number of parts to three")),
    ("R", "Reverse", ("let {user} assemble it themselves, reversing the usual order", "turn the {p1} inside out so it faces the user",
                      "sell the refills first and the product second")),
)


def brainstorm_scamper(rng, diff) -> Example:
    name, parts, material, alt, user, companion, other = rng.choice(PRODUCTS)
    p0, p1, p2 = rng.sample(parts, 3)
    slots = dict(material=material, alt=alt, user=user, companion=companion, other=other, p0=p0, p1=p1, p2=p2)
    per = 2 if diff == "hard" else 1
    prompt = (_v(rng, f"Apply SCAMPER to {name}.", f"Use the SCAMPER checklist to generate ideas for improving {name}.",
                 f"Run a SCAMPER session on {name} for {user}.")
              + (" Two ideas per letter." if per == 2 else " One idea per letter.")
              + (" Then pick the most promising." if diff != "easy" else "")
              + f" Context: {rng.choice(TEAMS)}; {rng.choice(SCAMPER_GOALS)}.")
    lines = []
    for letter, word, opts in SCAMPER:
        ideas = rng.sample(opts, per)
        lines.append(f"{letter} - {word}: " + "; ".join(_cap(i.format(**slots)) for i in ideas) + ".")
    if diff != "easy":
        lines.append(_v(rng, f"Most promising: the Combine idea, because {user} already carry too many things.",
                        "Most promising: Eliminate; fewer parts means cheaper, sturdier and easier to repair.",
                        "Most promising: Put to another use, as it opens a second market without new tooling."))
    return _ex("brainstorming", diff, "creativity.brainstorm.scamper", prompt, "\n".join(lines),
               {"kind": "scamper", "letters": [w for _, w, _ in SCAMPER]})


# "How might we" prompts, following the Stanford d.school method card (amplify the good,
# remove the bad, explore the opposite, question an assumption, ...).
HMW_PATTERNS = (
    "How might we make {behaviour} the easiest option for {users}?",
    "How might we remove the problem that {pain}?",
    "How might we help {users} {need}?",
    "How might we turn the time {users} spend {place} into something they look forward to?",
    "How might we use the insight that {insight} to our advantage?",
    "How might we make {behaviour} something {users} show off?",
    "How might we question whether it really has to be true that {pain}?",
    "How might we borrow from {analog} to help {users} {need}?",
    "How might we make it fun to {need}?",
    "How might we let {users} design part of the solution?",
)


def brainstorm_hmw(rng, diff) -> Example:
    p = _problem(rng)
    n = {"easy": 3, "medium": 5, "hard": 7}[diff]
    prompt = (_v(rng, f"Turn this into {n} \"How might we\" questions.", f"Write {n} How-Might-We questions for this design challenge.",
                 f"Reframe the challenge as {n} HMW questions.")
              + f" Point of view: {p['users']} need a way to {p['need']} because {p['insight']}. Goal: {p['goal']}."
              + f" The questions are for {rng.choice(TEAMS)}. {rng.choice(BRAIN_CONSTRAINTS)}")
    qs = [pat.format(**p) for pat in rng.sample(HMW_PATTERNS, n)]
    lines = [f"- {q}" for q in qs]
    lines.append(_v(rng, "Good HMW questions are broad enough to allow many answers and narrow enough to act on.",
                    "Pick the one that makes the team most uneasy; it is usually the most generative.",
                    "Next: vote silently, then brainstorm on the top two."))
    return _ex("brainstorming", diff, "creativity.brainstorm.how_might_we", prompt, "\n".join(lines),
               {"kind": "hmw", "items": n})


# Stages per the Hasso Plattner Institute of Design at Stanford, "An Introduction to
# Design Thinking: Process Guide" (2010): Empathize, Define, Ideate, Prototype, Test.
DT_STAGES = (
    ("Empathize", ("Interview five {users} {place} and watch what they actually do, not just what they say.",
                   "Shadow {users} for a morning {place}; note every sign that {pain}.",
                   "Ask {users} to walk you through the last time they tried {behaviour}.")),
    ("Define", ("Point of view: {users} need a way to {need} because {insight}.",
                "Problem statement: {users} struggle to {need}; the core insight is that {insight}.",
                "We will focus on one tension: {pain}.")),
    ("Ideate", ("Run a fast brainstorm (quantity over quality), then cluster ideas and vote on three.",
                "Use 'How might we {need}?' as the prompt and sketch eight ideas in eight minutes.",
                "Borrow from {analog} and push for at least one wild idea before converging.")),
    ("Prototype", ("Build the cheapest possible version: a paper sign, a mock-up or a role-play {place}.",
                   "Make a rough prototype in an afternoon; it should be easy to throw away.",
                   "Prototype the experience, not the object: act out the new process with two volunteers.")),
    ("Test", ("Put it in front of {users} for a day and measure whether more of them keep {behaviour}.",
              "Watch {users} use the prototype without explaining it; note where they hesitate.",
              "Collect feedback with 'I like, I wish, what if' cards and decide what to change.")),
)


def brainstorm_design_thinking(rng, diff) -> Example:
    p = _problem(rng)
    prompt = (_v(rng, f"Plan a design-thinking sprint to {p['goal']}.", f"Walk through the five design-thinking stages for this challenge: {p['goal']}.",
                 f"How would you use design thinking to {p['goal']}?")
              + f" Team: {rng.choice(TEAMS)}; time available: {rng.choice(SPRINT_LENGTHS)}."
              + (f" {rng.choice(BRAIN_CONSTRAINTS)}" if diff != "easy" else ""))
    per = 1 if diff == "easy" else 2
    lines = []
    for i, (stage, opts) in enumerate(DT_STAGES):
        lines.append(f"{i + 1}. {stage}: " + " ".join(_cap(o.format(**p)) for o in rng.sample(opts, per)))
    if diff == "hard":
        lines.append(_v(rng, "Then iterate: the stages are a loop, and test results usually send you back to Define.",
                        "Iterate: expect to loop from Test back to Ideate at least once before anything ships."))
    return _ex("brainstorming", diff, "creativity.brainstorm.design_thinking", prompt, "\n".join(lines),
               {"kind": "stages", "stages": [s for s, _ in DT_STAGES]})


# Edward de Bono, "Six Thinking Hats" (1985): white = information, red = feelings,
# black = caution, yellow = benefits, green = creativity, blue = process.
HATS = (
    ("White", "facts", ("What we know: {users} are affected because {pain}; we lack numbers on how often.",
                        "Data needed: how many {users} are involved and how often {pain}.",
                        "Known: the goal is to {goal}; unknown: what {users} have already tried.")),
    ("Red", "feelings", ("Gut reaction: {users} might find it patronising if it feels like a lecture.",
                         "It feels exciting, but I worry it will seem like extra work.",
                         "My instinct says {users} will like it if it is fun, not if it is a rule.")),
    ("Black", "risks", ("Risk: it depends on volunteers who may drift away after a month.",
                        "Caution: if there is a deeper reason why {pain}, this only treats the symptom.",
                        "It could cost more than planned and be quietly abandoned.")),
    ("Yellow", "benefits", ("Upside: cheap to trial and easy to reverse.", "Benefit: {users} get a visible win quickly, which builds trust.",
                            "Best case, it makes {behaviour} normal rather than special.")),
    ("Green", "new ideas", ("Alternative: borrow {analog_move} from {analog}.", "What if {users} ran it themselves?",
                            "Could we combine it with something {users} already do {place}?")),
    ("Blue", "process", ("Next step: a two-week pilot with one clear measure, then decide.",
                         "Process: agree on a success metric first, then revisit with the White hat.",
                         "Summary: promising but unproven; test small and review in a month.")),
)


def brainstorm_six_hats(rng, diff) -> Example:
    p = _problem(rng)
    idea = rng.choice(IDEA_PATTERNS).format(**p)
    per = {"easy": 1, "medium": 1, "hard": 2}[diff]
    prompt = (_v(rng, "Evaluate this idea with de Bono's Six Thinking Hats.", "Run the Six Thinking Hats on this proposal.",
                 "Use the six hats to think through this idea.")
              + f" Challenge: {p['goal']}. Idea: {idea} The discussion is for {rng.choice(TEAMS)}."
              + (" Keep each hat to one sentence." if diff == "easy" else ""))
    lines = []
    for hat, focus, opts in HATS:
        lines.append(f"{hat} hat ({focus}): " + " ".join(o.format(**p) for o in rng.sample(opts, per)))
    if diff != "easy":
        lines.append(_v(rng, "Verdict: worth a small pilot.", "Verdict: refine the idea before testing.",
                        "Verdict: test it, but fix the biggest Black-hat risk first."))
    return _ex("brainstorming", diff, "creativity.brainstorm.six_hats", prompt, "\n".join(lines),
               {"kind": "six_hats", "hats": [h for h, _, _ in HATS]})


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
