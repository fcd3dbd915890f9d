"""Reasoning domain: logic, mathematics, causal, analogical and counterfactual thinking.

Categories (from the seed's "Domain Coverage"): logical, mathematical, causal,
analogical, counterfactual, chain_of_thought.

Policy:
- Every answer that can be computed is computed here (brute force where that is
  the honest method: knights-and-knaves and ordering puzzles enumerate every
  assignment and are only emitted when exactly one survives; syllogisms and
  propositional arguments are checked against every model / truth-table row).
  The completion shows the working and ends with `Final answer: ...`; the inputs
  and a formula name go to `extra` so tests can recompute the answer.
- Explanatory templates (confounders, structural analogies, physical
  counterfactuals) draw on short fact tables of textbook examples; each entry
  names where it comes from. They are weighted lower than computed templates.
- Randomness comes only from the `rng` handed in; tables are tuples/dicts.
"""

from __future__ import annotations

import itertools
import math
import random
from fractions import Fraction
from functools import lru_cache

from ech0.generators.base import DIFFICULTIES, DomainGenerator, Example, final_answer

# Fictional first names for puzzle characters (no real private individuals).
NAMES = ("Ava", "Ben", "Cleo", "Dev", "Eli", "Faye", "Gus", "Hana", "Ivo", "Juno", "Kai", "Lena",
         "Milo", "Nia", "Omar", "Pia", "Quin", "Rosa", "Sami", "Theo", "Uma", "Vik", "Wren", "Yara",
         "Zane", "Ines", "Otto", "Lars", "Mina", "Ravi")
NUM_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh")


def _v(rng: random.Random, *options: str) -> str:
    """One phrasing out of several (keeps rows from being near-duplicates)."""
    return options[rng.randrange(len(options))]


def _frac_str(x: Fraction) -> str:
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def _dec(x: Fraction, places: int = 2) -> str:
    """Round half away from zero to `places` decimals, from an exact Fraction."""
    scale = 10 ** places
    q = abs(x) * scale
    n = math.floor(q + Fraction(1, 2))
    sign = "-" if x < 0 and n else ""
    if places == 0:
        return f"{sign}{n}"
    return f"{sign}{n // scale}.{n % scale:0{places}d}"


def _ex(category, difficulty, template, prompt, lines, answer, formula, inputs, **extra) -> Example:
    body = "\n".join(lines)
    if answer is not None:
        body += "\n" + final_answer(answer)
        extra = {"formula": formula, "inputs": inputs, **extra}
    return Example(prompt=prompt, completion=body, category=category, difficulty=difficulty,
                   template=template, answer=answer, extra=extra)


# ---------------------------------------------------------------------------
# logical: knights and knaves (Smullyan, "What Is the Name of This Book?", 1978)
# ---------------------------------------------------------------------------

KK_INTROS = (
    "On an island every inhabitant is either a knight, who always tells the truth, or a knave, who always lies.",
    "Everyone on this island is a knight (every statement they make is true) or a knave (every statement is false).",
    "Knights only say true things and knaves only say false things; each islander is exactly one of the two.",
    "You visit the island of knights and knaves: knights never lie, knaves never tell the truth.",
)


def _kk_eval(st, speaker, a) -> bool:
    kind = st[0]
    if kind == "knight":
        return a[st[1]]
    if kind == "knave":
        return not a[st[1]]
    if kind == "same":
        return a[st[1]] == a[speaker]
    if kind == "diff":
        return a[st[1]] != a[speaker]
    if kind == "both":
        return a[st[1]] and a[st[2]]
    if kind == "either":
        return a[st[1]] or a[st[2]]
    if kind == "oneknave":
        return (not a[st[1]]) or (not a[st[2]])
    return sum(a) == st[1]  # "exactly"


def _kk_say(st, s, names) -> str:
    def cl(x, kind):
        return f"I am a {kind}" if x == s else f"{names[x]} is a {kind}"
    kind = st[0]
    if kind in ("knight", "knave"):
        return f"{names[st[1]]} is a {kind}."
    if kind == "same":
        return f"{names[st[1]]} and I are the same kind."
    if kind == "diff":
        return f"{names[st[1]]} and I are different kinds."
    if kind == "both":
        return f"{cl(st[1], 'knight')} and {cl(st[2], 'knight')}."
    if kind == "either":
        return f"{cl(st[1], 'knight')} or {cl(st[2], 'knight')}."
    if kind == "oneknave":
        return f"{cl(st[1], 'knave')} or {cl(st[2], 'knave')}."
    k = st[1]
    if k == 0:
        return "None of us is a knight."
    return f"Exactly {NUM_WORDS[k]} of us {'is a knight' if k == 1 else 'are knights'}."


def logic_knights(rng, diff) -> Example:
    n = {"easy": 2, "medium": 3, "hard": 4}[diff]
    names = rng.sample(NAMES, n)
    cases = list(itertools.product((True, False), repeat=n))
    while True:
        sts = []
        for s in range(n):
            others = [i for i in range(n) if i != s]
            kind = rng.choice(("knight", "knave", "same", "diff", "both", "either", "oneknave", "exactly"))
            if kind in ("knight", "knave", "same", "diff"):
                sts.append([kind, rng.choice(others)])
            elif kind == "exactly":
                sts.append([kind, rng.randint(0, n)])
            else:
                sts.append([kind, *rng.sample(range(n), 2)])
        ok = [a for a in cases if all(_kk_eval(sts[i], i, a) == a[i] for i in range(n))]
        if len(ok) == 1:
            break
    sol = ok[0]
    said = "\n".join(f"- {names[i]} says: \"{_kk_say(sts[i], i, names)}\"" for i in range(n))
    prompt = (f"{_v(rng, *KK_INTROS)} You meet {', '.join(names[:-1])} and {names[-1]}.\n{said}\n"
              + _v(rng, "Who is a knight and who is a knave?", "Determine the kind of each person.",
                   "Work out which of them are knights and which are knaves.")
              + " (\"or\" is inclusive.)")
    lines = [_v(rng, f"Check all {len(cases)} possible assignments",
                f"There are 2^{n} = {len(cases)} ways to assign kinds; test each one",
                f"Brute force: try each of the {len(cases)} assignments")
             + f" (order {', '.join(names)}; K = knight, N = knave). A case fails when a knight's claim is false or a knave's claim is true."]
    for a in cases:
        code = " ".join("K" if x else "N" for x in a)
        bad = next((i for i in range(n) if _kk_eval(sts[i], i, a) != a[i]), None)
        if bad is None:
            lines.append(f"- {code}: {_v(rng, 'every claim matches its speaker', 'consistent', 'no contradiction')}")
        elif a[bad]:
            lines.append(f"- {code}: {names[bad]} would be a knight saying something false")
        else:
            lines.append(f"- {code}: {names[bad]} would be a knave telling the truth")
    verdict = ", ".join(f"{names[i]}: {'knight' if sol[i] else 'knave'}" for i in range(n))
    lines.append(_v(rng, "Exactly one assignment survives, so the answer is unique.",
                    "Only one case is free of contradictions.",
                    "All other cases collapse, leaving a single consistent assignment."))
    inputs = {"names": names, "statements": sts}
    return _ex("logical", diff, "reasoning.logic.knights_knaves", prompt, lines, verdict,
               "knights_knaves_bruteforce", inputs)


# ---------------------------------------------------------------------------
# logical: ordering puzzles (unique solution by enumeration)
# ---------------------------------------------------------------------------

ORDER_CONTEXTS = (
    {"setup": "{n} runners finished a race with no ties.", "ahead": "finished ahead of",
     "imm": "finished directly ahead of", "pos": "finished {o}", "notpos": "did not finish {o}",
     "edge": "finished either first or last", "unit": "race", "q": "What was the finishing order, first to last?"},
    {"setup": "{n} friends wait in a single-file queue at a ticket window (first = nearest the window).",
     "ahead": "stands somewhere ahead of", "imm": "stands directly in front of", "pos": "is {o} in the queue",
     "notpos": "is not {o} in the queue", "edge": "is at one end of the queue", "unit": "queue",
     "q": "List the queue from the window backwards."},
    {"setup": "{n} speakers give talks one after another at a meetup.", "ahead": "speaks before",
     "imm": "speaks immediately before", "pos": "gives the {o} talk", "notpos": "does not give the {o} talk",
     "edge": "gives either the opening or the closing talk", "unit": "schedule",
     "q": "In what order do they speak?"},
    {"setup": "{n} bakers entered a cake contest and were ranked with no ties (first = best).",
     "ahead": "was ranked above", "imm": "was ranked directly above", "pos": "was ranked {o}",
     "notpos": "was not ranked {o}", "edge": "was ranked either first or last", "unit": "ranking",
     "q": "Give the ranking from first to last."},
    {"setup": "{n} climbers are roped together on a ridge, numbered from the front.",
     "ahead": "is somewhere in front of", "imm": "is directly in front of", "pos": "is {o} on the rope",
     "notpos": "is not {o} on the rope", "edge": "is at the front or the back of the rope", "unit": "rope team",
     "q": "What is the order from front to back?"},
)
# pos tuples (pos[person] = place) for every permutation, per size; at most 720.
_POSITIONS = {n: [tuple(p) for p in itertools.permutations(range(n))] for n in (4, 5, 6)}


def _oc_holds(c, p, n) -> bool:
    k = c[0]
    if k == "before":
        return p[c[1]] < p[c[2]]
    if k == "imm":
        return p[c[1]] + 1 == p[c[2]]
    if k == "notpos":
        return p[c[1]] != c[2]
    if k == "pos":
        return p[c[1]] == c[2]
    if k == "notadj":
        return abs(p[c[1]] - p[c[2]]) != 1
    if k == "between":
        return min(p[c[1]], p[c[3]]) < p[c[2]] < max(p[c[1]], p[c[3]])
    return p[c[1]] in (0, n - 1)  # "edge"


def _oc_text(c, names, ctx) -> str:
    k = c[0]
    if k in ("before", "imm"):
        return f"{names[c[1]]} {ctx['ahead' if k == 'before' else 'imm']} {names[c[2]]}."
    if k in ("pos", "notpos"):
        return f"{names[c[1]]} {ctx[k].format(o=ORDINALS[c[2]])}."
    if k == "notadj":
        return f"{names[c[1]]} and {names[c[2]]} are not next to each other in the {ctx['unit']}."
    if k == "between":
        return f"{names[c[2]]} is somewhere between {names[c[1]]} and {names[c[3]]} in the {ctx['unit']}."
    return f"{names[c[1]]} {ctx['edge']}."


def _oc_random_true(rng, sol, n):
    """A random clue that is true of the solution `sol` (sol[place] = person)."""
    kind = rng.choices(("before", "imm", "notpos", "pos", "notadj", "between", "edge"),
                       (4, 3, 3, 0.4, 2, 2, 1))[0]
    if kind == "before":
        i, j = sorted(rng.sample(range(n), 2))
        return ["before", sol[i], sol[j]]
    if kind == "imm":
        i = rng.randrange(n - 1)
        return ["imm", sol[i], sol[i + 1]]
    if kind == "notpos":
        i, j = rng.sample(range(n), 2)
        return ["notpos", sol[i], j]
    if kind == "pos":
        i = rng.randrange(n)
        return ["pos", sol[i], i]
    if kind == "notadj":
        i, j = sorted(rng.sample(range(n), 2))
        if j - i == 1:
            return None
        return ["notadj", sol[i], sol[j]] if rng.random() < 0.5 else ["notadj", sol[j], sol[i]]
    if kind == "between":
        i, j, k = sorted(rng.sample(range(n), 3))
        return ["between", sol[i], sol[j], sol[k]] if rng.random() < 0.5 else ["between", sol[k], sol[j], sol[i]]
    i = rng.choice((0, n - 1))
    return ["edge", sol[i]]


def logic_ordering(rng, diff) -> Example:
    n = {"easy": 4, "medium": 5, "hard": 6}[diff]
    ctx = rng.choice(ORDER_CONTEXTS)
    names = rng.sample(NAMES, n)
    perms = _POSITIONS[n]
    while True:
        sol_p = rng.choice(perms)  # pos[person]
        sol = [0] * n
        for person, place in enumerate(sol_p):
            sol[place] = person
        cands, clues, counts = perms, [], []
        for _ in range(80):
            c = _oc_random_true(rng, sol, n)
            if c is None:
                continue
            kept = [p for p in cands if _oc_holds(c, p, n)]
            if len(kept) == len(cands):
                continue  # adds no information
            cands = kept
            clues.append(c)
            counts.append(len(kept))
            if len(cands) == 1:
                break
        if len(cands) == 1 and len(clues) <= n + 3:
            break
    clue_lines = "\n".join(f"{i + 1}. {_oc_text(c, names, ctx)}" for i, c in enumerate(clues))
    prompt = (f"{ctx['setup'].format(n=NUM_WORDS[n].capitalize())} The people are {', '.join(sorted(names))}.\n"
              f"{clue_lines}\n{ctx['q']}")
    lines = [_v(rng, f"Without clues there are {n}! = {len(perms)} possible orders. Apply the clues one at a time and count what survives:",
                f"Start from all {len(perms)} orderings of the {NUM_WORDS[n]} people and filter by each clue in turn:",
                f"Enumerate the {len(perms)} possible orders, then discard those that break a clue:")]
    for i, m in enumerate(counts):
        lines.append(f"- after clue {i + 1}: {m} order{'s' if m != 1 else ''} left")
    order = [names[p] for p in sol]
    lines.append(_v(rng, "Exactly one order satisfies every clue: ", "The single survivor is: ",
                    "Only this order is consistent with all clues: ")
                 + "; ".join(f"{ORDINALS[i]} {order[i]}" for i in range(n)) + ".")
    clue_json = []
    for c in clues:
        if c[0] in ("pos", "notpos"):
            clue_json.append([c[0], names[c[1]], c[2] + 1])  # 1-based place
        else:
            clue_json.append([c[0]] + [names[x] for x in c[1:]])
    return _ex("logical", diff, "reasoning.logic.ordering", prompt, lines, ", ".join(order),
               "ordering_bruteforce", {"names": sorted(names), "clues": clue_json})


# ---------------------------------------------------------------------------
# logical: categorical syllogisms, modern (Boolean) reading
# ---------------------------------------------------------------------------

# The 15 forms valid without existential import. Source: I. M. Copi & C. Cohen,
# "Introduction to Logic", 14th ed., sec. 6.5 (mood-figure -> medieval name).
VALID_SYLLOGISMS = {
    "AAA-1": "Barbara", "EAE-1": "Celarent", "AII-1": "Darii", "EIO-1": "Ferio",
    "EAE-2": "Cesare", "AEE-2": "Camestres", "EIO-2": "Festino", "AOO-2": "Baroco",
    "IAI-3": "Disamis", "AII-3": "Datisi", "OAO-3": "Bocardo", "EIO-3": "Ferison",
    "AEE-4": "Camenes", "IAI-4": "Dimaris", "EIO-4": "Fresison",
}
# (major premise terms, minor premise terms) by figure; the conclusion is always S-P.
SYL_FIGURES = {1: (("M", "P"), ("S", "M")), 2: (("P", "M"), ("S", "M")),
               3: (("M", "P"), ("M", "S")), 4: (("P", "M"), ("M", "S"))}
_BIT = {"S": 1, "M": 2, "P": 4}
# Models = sets of non-empty Venn regions (regions 1..7 of S, M, P), smallest first.
_SYL_MODELS = sorted((m for k in range(8) for m in itertools.combinations(range(1, 8), k)), key=len)
# (singular, plural) people categories, chosen so no premise is obviously true or false.
SYL_TERMS = (("artist", "artists"), ("beekeeper", "beekeepers"), ("chess player", "chess players"),
             ("cyclist", "cyclists"), ("dancer", "dancers"), ("engineer", "engineers"),
             ("gardener", "gardeners"), ("juggler", "jugglers"), ("knitter", "knitters"),
             ("librarian", "librarians"), ("musician", "musicians"), ("novelist", "novelists"),
             ("pilot", "pilots"), ("poet", "poets"), ("sailor", "sailors"), ("skater", "skaters"),
             ("tailor", "tailors"), ("violinist", "violinists"), ("welder", "welders"),
             ("birdwatcher", "birdwatchers"), ("climber", "climbers"), ("drummer", "drummers"),
             ("potter", "potters"), ("surfer", "surfers"), ("baker", "bakers"), ("astronomer", "astronomers"),
             ("hiker", "hikers"), ("painter", "painters"), ("runner", "runners"), ("stamp collector", "stamp collectors"))
SYL_SENT = {"A": "All {x} are {y}.", "E": "No {x} are {y}.", "I": "Some {x} are {y}.", "O": "Some {x} are not {y}."}


def _syl_holds(kind, x, y, model) -> bool:
    bx, by = _BIT[x], _BIT[y]
    if kind == "A":
        return all(not (r & bx) or (r & by) for r in model)
    if kind == "E":
        return not any((r & bx) and (r & by) for r in model)
    if kind == "I":
        return any((r & bx) and (r & by) for r in model)
    return any((r & bx) and not (r & by) for r in model)


@lru_cache(maxsize=None)
def _syl_check(mood: str, fig: int):
    """(valid, smallest counter-model or None) by checking all 128 models."""
    (a1, b1), (a2, b2) = SYL_FIGURES[fig]
    for m in _SYL_MODELS:
        if (_syl_holds(mood[0], a1, b1, m) and _syl_holds(mood[1], a2, b2, m)
                and not _syl_holds(mood[2], "S", "P", m)):
            return False, m
    return True, None


def _distributed(kind, x, y):
    return {"A": {x}, "E": {x, y}, "I": set(), "O": {y}}[kind]


def syllogism_rule_violations(mood: str, fig: int) -> list[str]:
    """The traditional rules (Copi & Cohen sec. 6.4) under the Boolean reading."""
    (a1, b1), (a2, b2) = SYL_FIGURES[fig]
    d1, d2 = _distributed(mood[0], a1, b1), _distributed(mood[1], a2, b2)
    dc = _distributed(mood[2], "S", "P")
    neg = [k in "EO" for k in mood]
    out = []
    if "M" not in d1 | d2:
        out.append("undistributed middle: the middle term is not distributed in either premise")
    if "P" in dc and "P" not in d1:
        out.append("illicit major: the major term is distributed in the conclusion but not in its premise")
    if "S" in dc and "S" not in d2:
        out.append("illicit minor: the minor term is distributed in the conclusion but not in its premise")
    if neg[0] and neg[1]:
        out.append("exclusive premises: both premises are negative")
    if (neg[0] or neg[1]) != neg[2]:
        out.append("a negative premise requires a negative conclusion, and only then")
    if mood[0] in "AE" and mood[1] in "AE" and mood[2] in "IO":
        out.append("existential fallacy: a particular conclusion drawn from two universal premises")
    return out


def _article(word):
    return ("an " if word[0] in "aeiou" else "a ") + word


def logic_syllogism(rng, diff) -> Example:
    fig = {"easy": 1, "medium": rng.choice((2, 3)), "hard": 4}[diff]
    if rng.random() < 0.5:
        mood = rng.choice(sorted(k[:3] for k in VALID_SYLLOGISMS if k.endswith(str(fig))))
    else:
        while True:
            mood = "".join(rng.choice("AEIO") for _ in range(3))
            if f"{mood}-{fig}" not in VALID_SYLLOGISMS:
                break
    terms = rng.sample(SYL_TERMS, 3)
    t = dict(zip("SMP", terms))
    (a1, b1), (a2, b2) = SYL_FIGURES[fig]
    major = SYL_SENT[mood[0]].format(x=t[a1][1], y=t[b1][1])
    minor = SYL_SENT[mood[1]].format(x=t[a2][1], y=t[b2][1])
    concl = SYL_SENT[mood[2]].format(x=t["S"][1], y=t["P"][1])
    premises = [major, minor] if diff != "hard" or rng.random() < 0.5 else [minor, major]
    lead = _v(rng, "Therefore, ", "So ", "It follows that ", "Hence ")
    concl_text = lead + concl[0].lower() + concl[1:] if lead != "So " else "So " + concl[0].lower() + concl[1:]
    prompt = (_v(rng, "Is this argument valid?", "Decide whether the syllogism is valid.",
                 "Evaluate the validity of the following argument.")
              + " Read universal statements in the modern sense (they do not assert that anything exists).\n"
              + f"1. {premises[0]}\n2. {premises[1]}\n3. {concl_text}")
    valid, model = _syl_check(mood, fig)
    form = f"{mood}-{fig}"
    lines = [f"Terms: S (minor, subject of the conclusion) = {t['S'][1]}; P (major, predicate of the conclusion) = "
             f"{t['P'][1]}; M (middle) = {t['M'][1]}.",
             f"Major premise: \"{major}\" ({mood[0]}). Minor premise: \"{minor}\" ({mood[1]}). "
             f"Conclusion: {mood[2]}. So the form is {mood}, figure {fig} ({form})."]
    broken = syllogism_rule_violations(mood, fig)
    if valid:
        lines.append(_v(rng, "Checking the rules of the syllogism: ", "Rule check: ", "Against the standard rules: ")
                     + "the middle term is distributed, no term is distributed only in the conclusion, the "
                       "negatives match and no existential import is needed.")
        lines.append(f"{form} is the valid form traditionally called {VALID_SYLLOGISMS[form]}; whatever the terms mean, "
                     + _v(rng, "true premises force a true conclusion.", "the conclusion cannot be false while both premises are true."))
        answer = "valid"
    else:
        lines.append(_v(rng, "It breaks these rules: ", "Rule violations: ", "Problems found: ") + "; ".join(broken) + ".")
        parts = []
        for r in model:
            ins = [t[k][0] for k in "SMP" if r & _BIT[k]]
            outs = [t[k][0] for k in "SMP" if not r & _BIT[k]]
            desc = "someone who is " + " and ".join(_article(w) for w in ins)
            if outs:
                desc += " but not " + " or ".join(_article(w) for w in outs)
            parts.append(desc)
        lines.append(_v(rng, "Counterexample: imagine a world containing only ", "A counter-model: suppose there is only ",
                        "To see it fails, picture a population made of just ")
                     + "; and ".join(parts) + ". Both premises are true there, but the conclusion is false.")
        answer = "invalid"
    lines.append(_v(rng, "Validity depends on the form, not on whether the statements are true of real people.",
                    "Note that the real-world truth of the sentences plays no role.", "Only the form matters here."))
    return _ex("logical", diff, "reasoning.logic.syllogism", prompt, lines, answer, "syllogism_venn_models",
               {"mood": mood, "figure": fig, "form": form})


# ---------------------------------------------------------------------------
# logical: propositional argument forms, decided by truth table
# ---------------------------------------------------------------------------

# (positive clause, negated clause): everyday statements with an explicit negation.
ATOMS = (("the alarm sounds", "the alarm does not sound"), ("the road is icy", "the road is not icy"),
         ("the train is late", "the train is not late"), ("the server restarts", "the server does not restart"),
         ("the match is cancelled", "the match is not cancelled"), ("the lamp is on", "the lamp is off"),
         ("the bakery opens early", "the bakery does not open early"), ("the river floods", "the river does not flood"),
         ("the price rises", "the price does not rise"), ("the battery is charged", "the battery is not charged"),
         ("the gate is locked", "the gate is unlocked"), ("the meeting starts on time", "the meeting starts late"),
         ("the plants are watered", "the plants are not watered"), ("the bridge is open", "the bridge is closed"),
         ("the printer has paper", "the printer is out of paper"), ("the signal is green", "the signal is not green"),
         ("the package ships today", "the package does not ship today"), ("the pump is running", "the pump is stopped"),
         ("the library is open", "the library is closed"), ("the test suite passes", "the test suite fails"))
# name, premises, conclusion. Formulas: "p" | ["not", f] | [op, f, g] with op in and/or/imp/iff.
PROP_FORMS = (
    ("modus ponens", [["imp", "p", "q"], "p"], "q"),
    ("modus tollens", [["imp", "p", "q"], ["not", "q"]], ["not", "p"]),
    ("affirming the consequent", [["imp", "p", "q"], "q"], "p"),
    ("denying the antecedent", [["imp", "p", "q"], ["not", "p"]], ["not", "q"]),
    ("disjunctive syllogism", [["or", "p", "q"], ["not", "p"]], "q"),
    ("affirming a disjunct", [["or", "p", "q"], "p"], ["not", "q"]),
    ("conjunctive syllogism", [["not", ["and", "p", "q"]], "p"], ["not", "q"]),
    ("denying a conjunct", [["not", ["and", "p", "q"]], ["not", "p"]], "q"),
    ("biconditional elimination", [["iff", "p", "q"], ["not", "q"]], ["not", "p"]),
    ("contraposition", [["imp", "p", "q"]], ["imp", ["not", "q"], ["not", "p"]]),
    ("converting a conditional", [["imp", "p", "q"]], ["imp", "q", "p"]),
    ("hypothetical syllogism", [["imp", "p", "q"], ["imp", "q", "r"]], ["imp", "p", "r"]),
    ("chained modus ponens", [["imp", "p", "q"], ["imp", "q", "r"], "p"], "r"),
    ("chained modus tollens", [["imp", "p", "q"], ["imp", "q", "r"], ["not", "r"]], ["not", "p"]),
    ("affirming the consequent in a chain", [["imp", "p", "q"], ["imp", "q", "r"], "r"], "p"),
    ("shared-antecedent fallacy", [["imp", "p", "q"], ["imp", "p", "r"], "q"], "r"),
    ("constructive dilemma", [["imp", "p", "q"], ["imp", "r", "s"], ["or", "p", "r"]], ["or", "q", "s"]),
    ("destructive dilemma", [["imp", "p", "q"], ["imp", "r", "s"], ["or", ["not", "q"], ["not", "s"]]],
     ["or", ["not", "p"], ["not", "r"]]),
    ("reversed dilemma", [["imp", "p", "q"], ["imp", "r", "s"], ["or", "q", "s"]], ["or", "p", "r"]),
    ("dilemma with a denied disjunct", [["imp", "p", "q"], ["imp", "r", "s"], ["not", "q"], ["or", "p", "r"]], "s"),
)


def _pvars(f, acc):
    if isinstance(f, str):
        acc.add(f)
    else:
        for g in f[1:]:
            _pvars(g, acc)
    return acc


def _peval(f, v) -> bool:
    if isinstance(f, str):
        return v[f]
    op = f[0]
    if op == "not":
        return not _peval(f[1], v)
    a, b = _peval(f[1], v), _peval(f[2], v)
    return {"and": a and b, "or": a or b, "imp": (not a) or b, "iff": a == b}[op]


def _ptext(f, atoms) -> str:
    if isinstance(f, str):
        return atoms[f][0]
    op = f[0]
    if op == "not":
        g = f[1]
        if isinstance(g, str):
            return atoms[g][1]
        return f"it is not the case that both {_ptext(g[1], atoms)} and {_ptext(g[2], atoms)}"
    a, b = _ptext(f[1], atoms), _ptext(f[2], atoms)
    return {"and": f"{a} and {b}", "or": f"either {a} or {b} (or both)", "imp": f"if {a}, then {b}",
            "iff": f"{a} if and only if {b}"}[op]


def _sentence(s: str) -> str:
    return s[0].upper() + s[1:] + "."


def logic_propositional(rng, diff) -> Example:
    nvars = {"easy": 2, "medium": 3, "hard": 4}[diff]
    forms = [f for f in PROP_FORMS if len(_pvars(f[2], _pvars(["and"] + f[1], set()))) == nvars]
    if diff == "hard":
        forms += [f for f in PROP_FORMS if f[0] in ("chained modus tollens", "affirming the consequent in a chain")]
    name, prem, concl = rng.choice(forms)
    letters = sorted(_pvars(concl, _pvars(["and"] + prem, set())))
    chosen = rng.sample(ATOMS, len(letters))
    atoms = dict(zip(letters, chosen))
    prem_text = "\n".join(f"Premise {i + 1}: {_sentence(_ptext(p, atoms))}" for i, p in enumerate(prem))
    prompt = (_v(rng, "Is the following argument valid?", "Decide whether the conclusion follows from the premises.",
                 "Test this argument for validity.") + "\n" + prem_text
              + f"\nConclusion: {_sentence(_ptext(concl, atoms))}")
    rows = [dict(zip(letters, vals)) for vals in itertools.product((True, False), repeat=len(letters))]
    good = [r for r in rows if all(_peval(p, r) for p in prem)]
    counter = [r for r in good if not _peval(concl, r)]
    key = "; ".join(f"{k} = \"{atoms[k][0]}\"" for k in letters)
    lines = [f"Symbolise: {key}.",
             _v(rng, f"A truth table over {len(letters)} statements has {len(rows)} rows; ",
                f"Check all {len(rows)} combinations of truth values; ",
                f"Enumerate the {len(rows)} truth-value assignments; ")
             + f"{len(good)} of them make every premise true."]

    def row_text(r):
        return ", ".join(f"{k} {'T' if r[k] else 'F'}" for k in letters)

    if counter:
        lines.append(f"In the row {row_text(counter[0])} all premises are true but the conclusion is false, so "
                     + _v(rng, "the argument is invalid.", "the conclusion does not follow."))
        lines.append(f"This pattern is known as {name}, " + _v(rng, "a classic formal fallacy.", "a standard invalid form."))
        answer = "invalid"
    else:
        if len(good) <= 3:
            lines.append("Premise-true rows: " + "; ".join(row_text(r) for r in good) + ". The conclusion is true in each.")
        else:
            lines.append("The conclusion is true in every one of those rows.")
        lines.append(_v(rng, f"No counterexample exists, so the argument is valid ({name}).",
                        f"Therefore it is valid; the form is {name}.",
                        f"So the conclusion follows: this is {name}."))
        answer = "valid"
    return _ex("logical", diff, "reasoning.logic.propositional", prompt, lines, answer, "truth_table",
               {"premises": prem, "conclusion": concl, "form": name})
