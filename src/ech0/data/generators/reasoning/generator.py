"""Reasoning domain: logic, mathematics, causal, analogical and counterfactual thinking.

Categories (from the original guide's "Domain Coverage"): logical, mathematical, causal,
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
- The word, context and fact tables are in banks.yaml beside this file.
- Randomness comes only from the `rng` handed in; banks load as tuples/dicts.
"""

from __future__ import annotations

import itertools
import random
import re
from fractions import Fraction
from functools import lru_cache

from ech0.data.generators.banks import load_banks
from ech0.data.generators.contract import DIFFICULTIES, DomainGenerator, Example, one_of as _v, open_form
from ech0.data.generators.formatting import cap_first, example, percent, rounded, with_article

_BANKS = load_banks(__package__)
NAMES = _BANKS["names"]
NUM_WORDS = _BANKS["num_words"]


def _frac_str(x: Fraction) -> str:
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


# ---------------------------------------------------------------------------
# logical: knights and knaves (Smullyan, "What Is the Name of This Book?", 1978)
# ---------------------------------------------------------------------------

KK_INTROS = _BANKS["kk_intros"]


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


# How a speaker says each kind of statement (`_kk_eval` gives its meaning): a claim
# about one other person, or two clauses ("X is a knight", "I am a knave") joined.
_KK_ABOUT_ONE = {"knight": "{} is a knight.", "knave": "{} is a knave.",
                 "same": "{} and I are the same kind.", "diff": "{} and I are different kinds."}
_KK_ABOUT_TWO = {"both": ("knight", "and"), "either": ("knight", "or"), "oneknave": ("knave", "or")}


def _kk_say(st, s, names) -> str:
    kind = st[0]
    if kind in _KK_ABOUT_ONE:
        return _KK_ABOUT_ONE[kind].format(names[st[1]])
    if kind in _KK_ABOUT_TWO:
        role, joint = _KK_ABOUT_TWO[kind]
        x, y = (f"I am a {role}" if who == s else f"{names[who]} is a {role}" for who in st[1:])
        return f"{x} {joint} {y}."
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
        code = "".join("K" if x else "N" for x in a)
        bad = next((i for i in range(n) if _kk_eval(sts[i], i, a) != a[i]), None)
        who = names[bad] if bad is not None else ""
        if bad is None:
            lines.append(f"- {code}: {_v(rng, 'every claim matches its speaker', 'consistent', 'no contradiction')}")
        elif a[bad]:
            lines.append(f"- {code}: " + _v(rng, f"{who} is a knight here, but the claim would be false",
                                            f"{who}'s claim fails, yet knights never lie", f"{who} would be a lying knight",
                                            f"contradiction, a knight ({who}) saying something untrue"))
        else:
            lines.append(f"- {code}: " + _v(rng, f"{who} is a knave here, but the claim would be true",
                                            f"{who}'s claim holds, yet knaves never tell the truth", f"{who} would be a truthful knave",
                                            f"contradiction, a knave ({who}) telling the truth"))
    verdict = ", ".join(f"{names[i]}: {'knight' if sol[i] else 'knave'}" for i in range(n))
    lines.append(_v(rng, "Exactly one assignment survives, so the answer is unique.",
                    "Only one case is free of contradictions.",
                    "All other cases collapse, leaving a single consistent assignment."))
    inputs = {"names": names, "statements": sts}
    return example(category="logical", difficulty=diff, template="reasoning.logic.knights_knaves", prompt=prompt,
                   lines=lines, answer=verdict, formula="knights_knaves_bruteforce", inputs=inputs)


# ---------------------------------------------------------------------------
# logical: ordering puzzles (unique solution by enumeration)
# ---------------------------------------------------------------------------

ORDER_CONTEXTS = _BANKS["order_contexts"]
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
        return f"{names[c[1]]} {ctx[k].format(o=_BANKS['ordinals'][c[2]])}."
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
                 + "; ".join(f"{_BANKS['ordinals'][i]} {order[i]}" for i in range(n)) + ".")
    clue_json = []
    for c in clues:
        if c[0] in ("pos", "notpos"):
            clue_json.append([c[0], names[c[1]], c[2] + 1])  # 1-based place
        else:
            clue_json.append([c[0]] + [names[x] for x in c[1:]])
    return example(category="logical", difficulty=diff, template="reasoning.logic.ordering", prompt=prompt, lines=lines,
                   answer=", ".join(order), formula="ordering_bruteforce",
                   inputs={"names": sorted(names), "clues": clue_json})


# ---------------------------------------------------------------------------
# logical: categorical syllogisms, modern (Boolean) reading
# ---------------------------------------------------------------------------

VALID_SYLLOGISMS = _BANKS["valid_syllogisms"]
SYL_FIGURES = _BANKS["syl_figures"]
_BIT = {"S": 1, "M": 2, "P": 4}
# Models = sets of non-empty Venn regions (regions 1..7 of S, M, P), smallest first.
_SYL_MODELS = sorted((m for k in range(8) for m in itertools.combinations(range(1, 8), k)), key=len)
SYL_TERMS = _BANKS["syl_terms"]
SYL_SENT = _BANKS["syl_sent"]


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
    concl_text = _v(rng, "Therefore, ", "So ", "It follows that ", "Hence ") + concl[0].lower() + concl[1:]
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
            desc = "someone who is " + " and ".join(with_article(w) for w in ins)
            if outs:
                desc += " but not " + " or ".join(with_article(w) for w in outs)
            parts.append(desc)
        lines.append(_v(rng, "Counterexample: imagine a world containing only ", "A counter-model: suppose there is only ",
                        "To see it fails, picture a population made of just ")
                     + "; and ".join(parts) + ". Both premises are true there, but the conclusion is false.")
        answer = "invalid"
    lines.append(_v(rng, "Validity depends on the form, not on whether the statements are true of real people.",
                    "Note that the real-world truth of the sentences plays no role.", "Only the form matters here."))
    return example(category="logical", difficulty=diff, template="reasoning.logic.syllogism", prompt=prompt,
                   lines=lines, answer=answer, formula="syllogism_venn_models",
                   inputs={"mood": mood, "figure": fig, "form": form})


# ---------------------------------------------------------------------------
# logical: propositional argument forms, decided by truth table
# ---------------------------------------------------------------------------

ATOMS = _BANKS["atoms"]
PROP_FORMS = _BANKS["prop_forms"]


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
    return cap_first(s) + "."


def logic_propositional(rng, diff) -> Example:
    nvars = {"easy": 2, "medium": 3, "hard": 4}[diff]
    forms = [f for f in PROP_FORMS if len(_pvars(f[2], _pvars(["and", *f[1]], set()))) == nvars]
    if diff == "hard":
        forms += [f for f in PROP_FORMS if f[0] in ("chained modus tollens", "affirming the consequent in a chain")]
    name, prem, concl = rng.choice(forms)
    letters = sorted(_pvars(concl, _pvars(["and", *prem], set())))
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
    return example(category="logical", difficulty=diff, template="reasoning.logic.propositional", prompt=prompt,
                   lines=lines, answer=answer, formula="truth_table",
                   inputs={"premises": prem, "conclusion": concl, "form": name})


# ---------------------------------------------------------------------------
# mathematical: series and sums with proof sketches
# ---------------------------------------------------------------------------

def math_sum_first_n(rng, diff) -> Example:
    if diff != "hard":
        n = rng.randint(10, 300) if diff == "easy" else rng.randint(301, 5000)
        ans = n * (n + 1) // 2
        prompt = _v(rng, f"Prove that 1 + 2 + ... + n = n(n+1)/2 and use it to find the sum of the first {n} positive integers.",
                    f"Show why the sum of the first n positive integers is n(n+1)/2, then compute 1 + 2 + ... + {n}.",
                    f"What is 1 + 2 + 3 + ... + {n}? Justify the closed form you use.",
                    f"Give a short proof of the formula for 1 + 2 + ... + n and evaluate it at n = {n}.")
        style = rng.randrange(3)
        if style == 0:
            lines = [_v(rng, "Proof by pairing (Gauss's trick): write the sum forwards and backwards.",
                        "Pair the terms from both ends.", "Write S twice, once in each order, and add."),
                     "S = 1 + 2 + ... + n and S = n + (n-1) + ... + 1.",
                     _v(rng, "Adding column by column, every column sums to n + 1 and there are n columns, so 2S = n(n+1).",
                        "Each vertical pair adds to n + 1; with n pairs, 2S = n(n+1)."),
                     f"Here the pairs are 1 + {n}, 2 + {n - 1}, 3 + {n - 2}, ..., each equal to {n + 1}."]
        elif style == 1:
            lines = [_v(rng, "Proof by induction on n.", "Use mathematical induction.", "Induction works cleanly here."),
                     "Base case: n = 1 gives 1 = 1*2/2.",
                     _v(rng, "Step: if 1 + ... + k = k(k+1)/2, then adding k + 1 gives k(k+1)/2 + (k+1) = (k+1)(k+2)/2, the formula for k + 1.",
                        "Inductive step: assume S(k) = k(k+1)/2. Then S(k+1) = S(k) + (k+1) = (k+1)(k/2 + 1) = (k+1)(k+2)/2."),
                     "So the formula holds for every positive integer n."]
        else:
            lines = [_v(rng, "Picture proof: draw the sum as a staircase of unit squares with columns of height 1, 2, ..., n.",
                        "Geometric argument: stack 1, 2, ..., n blocks into a staircase."),
                     _v(rng, "Two copies of the staircase, one rotated, fit together into an n by (n+1) rectangle.",
                        "A second, upside-down staircase completes a rectangle n wide and n + 1 tall."),
                     "The rectangle has n(n+1) squares, so one staircase has n(n+1)/2."]
        lines += [f"With n = {n}: {n} * {n + 1} / 2 = {n * (n + 1)} / 2 = {ans}."]
        return example(category="mathematical", difficulty=diff, template="reasoning.math.sum_first_n", prompt=prompt,
                       lines=lines, answer=str(ans), formula="n(n+1)/2", inputs={"n": n})
    a = rng.randint(20, 500)
    b = a + rng.randint(30, 3000)
    cnt, ans = b - a + 1, (b - a + 1) * (a + b) // 2
    prompt = _v(rng, f"Find the sum of all integers from {a} to {b} inclusive, and explain the method.",
                f"Compute {a} + {a + 1} + ... + {b}. Show your reasoning.",
                f"What is the sum of the consecutive integers {a} through {b}?")
    sb, sa = b * (b + 1) // 2, (a - 1) * a // 2
    m1 = [f"Method 1: subtract two triangular numbers. 1 + ... + {b} = {b}*{b + 1}/2 = {sb}; "
          f"1 + ... + {a - 1} = {a - 1}*{a}/2 = {sa}.", f"Difference: {sb} - {sa} = {ans}."]
    m2 = [f"Method 2: number of terms times the average term. There are {b} - {a} + 1 = {cnt} terms; "
          f"the average of first and last is ({a} + {b})/2 = {_frac_str(Fraction(a + b, 2))}.",
          f"Sum = {cnt} * ({a} + {b}) / 2 = {ans}."]
    lines = (m1 + [_v(rng, "Cross-check with the pairing method:", "Check another way:")] + m2 if rng.random() < 0.5
             else m2 + [_v(rng, "Cross-check via triangular numbers:", "Verify:")] + m1)
    return example(category="mathematical", difficulty=diff, template="reasoning.math.sum_first_n", prompt=prompt,
                   lines=lines, answer=str(ans), formula="(b-a+1)(a+b)/2", inputs={"a": a, "b": b})


ARITH_CONTEXTS = _BANKS["arith_contexts"]


def math_arithmetic_series(rng, diff) -> Example:
    setup, q, unit, plural, single = rng.choice(ARITH_CONTEXTS)
    name = rng.choice(NAMES)
    a = rng.randint(2, 30)
    d = rng.randint(1, 9)
    if diff != "hard":
        n = rng.randint(5, 12) if diff == "easy" else rng.randint(13, 45)
        last = a + (n - 1) * d
        ans = n * (a + last) // 2
        prompt = setup.format(a=a, d=d, name=name) + " " + q.format(n=n, name=name)
        lines = [_v(rng, f"The amounts form an arithmetic sequence with first term {a} and common difference {d}.",
                    f"Each {single} adds {d}, starting from {a}: an arithmetic series.",
                    f"This is an arithmetic progression: a = {a}, d = {d}, n = {n}."),
                 f"Last term: a + (n - 1)d = {a} + {n - 1}*{d} = {last}.",
                 _v(rng, f"Sum = n(first + last)/2 = {n}*({a} + {last})/2 = {n * (a + last)}/2 = {ans}.",
                    f"Pair first with last: each pair is {a + last}, and {n} terms make {n}/2 pairs, so the sum is {n}*{a + last}/2 = {ans}."),
                 _v(rng, "Why the formula works: reversing the list and adding termwise gives n copies of (first + last), which is twice the sum.",
                    f"(The pairing argument: term k from the front plus term k from the back always equals {a + last}.)",
                    f"So the total is {ans} {unit}.")]
        return example(category="mathematical", difficulty=diff, template="reasoning.math.arithmetic_series",
                       prompt=prompt, lines=lines, answer=str(ans), formula="n(2a+(n-1)d)/2",
                       inputs={"a": a, "d": d, "n": n})
    target = rng.randint(300, 4000)
    n, total = 0, 0
    while total < target:
        n += 1
        total += a + (n - 1) * d
    prev = total - (a + (n - 1) * d)
    prompt = (setup.format(a=a, d=d, name=name)
              + f" What is the smallest number of {plural} for the total to reach at least {target} {unit}?")
    lines = [f"After n {plural} the total is S(n) = n(2*{a} + (n - 1)*{d})/2.",
             _v(rng, f"Solve S(n) >= {target}: the quadratic {d}n^2/2 + ({a} - {d}/2)n - {target} >= 0 has its positive root in ({n - 1}, {n}].",
                f"Estimate from the quadratic {_frac_str(Fraction(d, 2))}n^2 + {_frac_str(Fraction(2 * a - d, 2))}n = {target}, then check whole numbers near the root."),
             f"S({n - 1}) = {prev} < {target}, while S({n}) = {total} >= {target}.",
             _v(rng, f"So {n} {plural} are needed.", f"The threshold is first reached after {single} {n}.")]
    return example(category="mathematical", difficulty=diff, template="reasoning.math.arithmetic_series", prompt=prompt,
                   lines=lines, answer=str(n), formula="min n: n(2a+(n-1)d)/2 >= T",
                   inputs={"a": a, "d": d, "target": target})


GEO_CONTEXTS = _BANKS["geo_contexts"]


def math_geometric_series(rng, diff) -> Example:
    if diff != "hard":
        setup, q = rng.choice(GEO_CONTEXTS)
        a = rng.randint(2, 12)
        r = rng.randint(2, 3) if diff == "easy" else rng.randint(2, 5)
        n = rng.randint(3, 8) if diff == "easy" else rng.randint(6, {2: 18, 3: 12, 4: 9, 5: 8}[r])
        ans = a * (r ** n - 1) // (r - 1)
        prompt = setup.format(a=a, r=r) + " " + q.format(n=n)
        terms = [a * r ** k for k in range(min(n, 4))]
        lines = [_v(rng, f"The counts form a geometric sequence: {', '.join(map(str, terms))}, ... with ratio {r}.",
                    f"Each step multiplies by {r}, starting at {a}: a geometric series with a = {a}, r = {r}, n = {n}."),
                 _v(rng, "Derivation: S = a + ar + ... + ar^(n-1); rS = ar + ... + ar^n; subtracting, (r - 1)S = a(r^n - 1).",
                    "Multiply S by r and subtract S: all middle terms cancel, leaving (r - 1)S = a(r^n - 1)."),
                 f"S = {a}*({r}^{n} - 1)/({r} - 1) = {a}*({r ** n} - 1)/{r - 1} = {ans}."]
        return example(category="mathematical", difficulty=diff, template="reasoning.math.geometric_series",
                       prompt=prompt, lines=lines, answer=str(ans), formula="a(r^n-1)/(r-1)",
                       inputs={"a": a, "r": r, "n": n})
    num, den = rng.choice(((1, 2), (2, 3), (1, 3), (3, 4), (3, 5)))
    k = rng.randint(3, 5)  # ground hits
    h = den ** (k - 1) * rng.randint(1, 9)  # chosen so every height is a whole number
    r = Fraction(num, den)
    rebound_sum = sum(h * r ** j for j in range(1, k))
    total = h + 2 * rebound_sum
    ball = rng.choice(("A rubber ball", "A tennis ball", "A bouncy ball", "A small steel ball", "A toy ball"))
    prompt = (f"{ball} is dropped from {h} cm. After each bounce it rises to {num}/{den} of the height it fell from. "
              f"What total vertical distance has it travelled when it hits the ground for the {_BANKS['ordinals'][k - 1]} time?")
    heights = [h * r ** j for j in range(1, k)]
    lines = [f"The first drop is {h} cm. Rebound heights: " + ", ".join(_frac_str(x) for x in heights) + " cm.",
             _v(rng, "Each rebound is travelled twice (up, then down) before the next hit.",
                "Every bounce contributes its height twice: once rising, once falling."),
             f"Geometric sum of rebounds: {h}*({num}/{den})*(1 - ({num}/{den})^{k - 1})/(1 - {num}/{den}) = {_frac_str(rebound_sum)}.",
             f"Total = {h} + 2*{_frac_str(rebound_sum)} = {_frac_str(total)} cm."]
    return example(category="mathematical", difficulty=diff, template="reasoning.math.geometric_series", prompt=prompt,
                   lines=lines, answer=_frac_str(total), formula="h+2*sum(h*r^j, j=1..k-1)",
                   inputs={"h": h, "num": num, "den": den, "hits": k})


def math_power_sums(rng, diff) -> Example:
    if diff == "easy":
        n = rng.randint(8, 400)
        last = 2 * n - 1
        ans = n * n
        prompt = _v(rng, f"Find 1 + 3 + 5 + ... + {last} and explain why the pattern works.",
                    f"Show that the sum of the first n odd numbers is n^2, and use it for the odd numbers up to {last}.",
                    f"What is the sum of all odd numbers from 1 to {last}? Prove the formula you use.")
        lines = [f"The odd numbers 1, 3, ..., {last} are the first n of them with 2n - 1 = {last}, so n = {n}.",
                 _v(rng, "Picture proof: each odd number 2k - 1 is an L-shaped border that grows a (k-1) by (k-1) square into a k by k square.",
                    "Induction: 1 = 1^2, and if the first k odd numbers sum to k^2, adding 2k + 1 gives k^2 + 2k + 1 = (k+1)^2.",
                    "Telescoping: 2k - 1 = k^2 - (k-1)^2, so the sum collapses to n^2 - 0^2."),
                 f"So the sum is {n}^2 = {ans}."]
        kind, formula = "odd", "n^2 (odd)"
    elif diff == "medium":
        n = rng.randint(6, 150)
        ans = n * (n + 1) * (2 * n + 1) // 6
        prompt = _v(rng, f"Compute 1^2 + 2^2 + ... + {n}^2 using a closed form, and sketch why the formula holds.",
                    f"How many unit squares are in all k by k squares for k = 1 to {n} together? Give the formula and its proof idea.",
                    f"Evaluate the sum of the squares of the first {n} positive integers.")
        lines = ["Formula: 1^2 + ... + n^2 = n(n+1)(2n+1)/6.",
                 _v(rng, "Proof sketch by induction: it holds for n = 1 (1 = 1*2*3/6); adding (k+1)^2 to k(k+1)(2k+1)/6 "
                         "gives (k+1)(2k^2 + 7k + 6)/6 = (k+1)(k+2)(2k+3)/6.",
                    "Proof sketch: sum the identity (k+1)^3 - k^3 = 3k^2 + 3k + 1 for k = 1..n; the left side telescopes to "
                    "(n+1)^3 - 1, and solving for the sum of k^2 gives n(n+1)(2n+1)/6."),
                 f"With n = {n}: {n}*{n + 1}*{2 * n + 1}/6 = {n * (n + 1) * (2 * n + 1)}/6 = {ans}."]
        kind, formula = "squares", "n(n+1)(2n+1)/6"
    else:
        n = rng.randint(6, 120)
        tri = n * (n + 1) // 2
        ans = tri * tri
        prompt = _v(rng, f"Find 1^3 + 2^3 + ... + {n}^3 and explain the formula.",
                    f"Prove Nicomachus's theorem and use it to add the cubes of 1 through {n}.",
                    f"Evaluate the sum of the first {n} cubes, with a justification.")
        lines = [_v(rng, "Nicomachus's theorem: the sum of the first n cubes is the square of the n-th triangular number, (n(n+1)/2)^2.",
                    "Key identity: 1^3 + ... + n^3 = (1 + ... + n)^2 = (n(n+1)/2)^2."),
                 _v(rng, "Proof by induction: both sides equal 1 when n = 1. If the formula holds for k, adding the next cube gives "
                         "(k(k+1)/2)^2 + (k+1)^3 = (k+1)^2 (k^2 + 4k + 4)/4 = ((k+1)(k+2)/2)^2, which is the formula for k + 1.",
                    "Why: the k-th cube equals k consecutive odd numbers (e.g. 8 = 3 + 5, 27 = 7 + 9 + 11), so the cubes up to n "
                    "use the first n(n+1)/2 odd numbers, whose sum is that count squared."),
                 f"Here n(n+1)/2 = {tri}, so the sum is {tri}^2 = {ans}."]
        kind, formula = "cubes", "(n(n+1)/2)^2"
    return example(category="mathematical", difficulty=diff, template="reasoning.math.power_sums", prompt=prompt,
                   lines=lines, answer=str(ans), formula=formula, inputs={"kind": kind, "n": n})


# The guide's own reasoning task, "Prove that the sum of first n integers equals
# n(n+1)/2", asks for a proof with no number to evaluate. Every other series
# template asks for a value at some n, and the fine-tune answered the bare ask
# with a made-up computation that never stopped (docs/guide_tasks.md). These
# rows are the bare proofs: a statement, a proof, a check at one small n, and
# the closed form as the final answer. Theorem x proof x check n keeps ~half
# of them through near-duplicate removal, so the weight is 2.5 (5.5% of the
# domain before dedup, ~3% after).
#
# The numeric check at n = k that closes each proof, by the proof's answer (banks.yaml `proofs`).
_PROOF_CHECKS = {
    "n(n+1)/2":
        lambda k: f"Check at n = {k}: " + " + ".join(map(str, range(1, k + 1))) + f" = {k * (k + 1) // 2} = {k}*{k + 1}/2.",
    "n^2":
        lambda k: f"Check at n = {k}: " + " + ".join(str(2 * i - 1) for i in range(1, k + 1)) + f" = {k * k} = {k}^2.",
    "n(n+1)":
        lambda k: f"Check at n = {k}: " + " + ".join(str(2 * i) for i in range(1, k + 1)) + f" = {k * (k + 1)} = {k}*{k + 1}.",
    "2^n - 1":
        lambda k: f"Check at n = {k}: " + " + ".join(str(2 ** i) for i in range(k)) + f" = {2 ** k - 1} = 2^{k} - 1.",
    "n(n+1)(2n+1)/6":
        lambda k: f"Check at n = {k}: " + " + ".join(str(i * i) for i in range(1, k + 1)) + f" = {k * (k + 1) * (2 * k + 1) // 6} = {k}*{k + 1}*{2 * k + 1}/6.",
    "6 divides n^3 - n":
        lambda k: f"Check at n = {k}: {k}^3 - {k} = {k ** 3 - k} = 6 * {(k ** 3 - k) // 6}.",
    "n/(n+1)":
        lambda k: f"Check at n = {k}: the partial sums are 1/2, 2/3, 3/4 and so on, and the sum of the first {k} terms is {k}/{k + 1}.",
    "(n(n+1)/2)^2":
        lambda k: f"Check at n = {k}: " + " + ".join(str(i ** 3) for i in range(1, k + 1)) + f" = {(k * (k + 1) // 2) ** 2} = {k * (k + 1) // 2}^2.",
    "sqrt(2) is irrational":
        lambda k: f"Check: no fraction with denominator up to {k} works; for example {round(k * 1.41421356)}/{k} squared is "
                  f"{round(k * 1.41421356) ** 2}/{k * k}, not 2.",
    "infinitely many primes":
        lambda k: f"Check with the first {k} primes: their product plus 1 is "
                  f"{_prime_product(k) + 1}, and none of them divides it.",
}
# (difficulty, statements, answer, proofs, check(k) -> line)
PROOFS = tuple((p["difficulty"], p["statements"], p["answer"], p["proofs"], _PROOF_CHECKS[p["answer"]])
               for p in _BANKS["proofs"])
PROOF_ASKS = _BANKS["proof_asks"]


def _prime_product(k: int) -> int:
    primes = [p for p in range(2, 40) if all(p % d for d in range(2, p))][:k]
    out = 1
    for p in primes:
        out *= p
    return out


def math_proof(rng, diff) -> Example:
    _, statements, answer, proofs, check = rng.choice([t for t in PROOFS if t[0] == diff])
    statement = rng.choice(statements)
    prompt = rng.choice(PROOF_ASKS).format(s=statement)
    k = rng.randint(3, 8)
    lines = list(rng.choice(proofs)) + [check(k), f"Therefore {statement}."]
    return open_form(example(category="mathematical", difficulty=diff, template="reasoning.math.proof", prompt=prompt,
                             lines=lines, answer=answer, formula="proof", inputs={"statement": statement, "check_n": k}))


SHOP_ITEMS = _BANKS["shop_items"]


def math_word_change(rng, diff) -> Example:
    k = {"easy": 2, "medium": 3, "hard": 4}[diff]
    name = rng.choice(NAMES)
    picks = rng.sample(SHOP_ITEMS, k)
    lines_items, items, total = [], [], 0
    for sing, plur, lo, hi in picks:
        q = rng.randint(1, 6)
        p = rng.randrange(lo, hi, 5)
        items.append({"qty": q, "cents": p})
        total += q * p
        lines_items.append(f"{q} {sing if q == 1 else plur} at ${rounded(Fraction(p, 100))} each")
    # the smallest single note that covers the bill, else whole $50 notes
    bill = next((b for b in (1000, 2000, 5000, 10000) if b >= total), -(-total // 5000) * 5000)
    coupon = 0
    if diff == "hard":
        coupon = rng.choice((100, 150, 200, 250, 500))
    change = bill - total + coupon
    desc = ", ".join(lines_items[:-1]) + " and " + lines_items[-1]
    prompt = f"{name} buys {desc}"
    if coupon:
        prompt += f", and uses a ${rounded(Fraction(coupon, 100))} coupon on the total"
    prompt += (f". {name} pays with a ${bill // 100} note. " if bill <= 10000 else f". {name} pays ${bill // 100} in $50 notes. ") + _v(rng, "How much change is due, in dollars?",
                                                                "What change should come back (dollars)?",
                                                                "How much change does the cashier give?")
    lines = [_v(rng, "Work in cents to avoid rounding slips.", "Price each line first.", "Step 1: line totals.")]
    for it in items:
        lines.append(f"- {it['qty']} x ${rounded(Fraction(it['cents'], 100))} = ${rounded(Fraction(it['qty'] * it['cents'], 100))}")
    lines.append(f"Subtotal: ${rounded(Fraction(total, 100))}." + (f" After the coupon: ${rounded(Fraction(total - coupon, 100))}." if coupon else ""))
    lines.append(f"Change: ${bill // 100}.00 - ${rounded(Fraction(total - coupon, 100))} = ${rounded(Fraction(change, 100))}.")
    return example(category="mathematical", difficulty=diff, template="reasoning.math.word_problem.change",
                   prompt=prompt, lines=lines, answer=rounded(Fraction(change, 100)), formula="bill - sum(qty*price) + coupon",
                   inputs={"items": items, "bill_cents": bill, "coupon_cents": coupon})


BOX_CONTEXTS = _BANKS["box_contexts"]


def math_word_boxes(rng, diff) -> Example:
    place, batch, things, boxes, box = rng.choice(BOX_CONTEXTS)
    b, per = rng.randint(3, 12), rng.randint(12, 60)
    size = rng.choice((6, 8, 10, 12, 15, 20, 24))
    lost = rng.randint(1, per) if diff != "easy" else 0
    extra_boxes = rng.randint(1, 4) if diff == "hard" else 0
    made = b * per - lost
    full = made // size
    left = made - full * size
    ans = full - extra_boxes
    prompt = f"A {place} makes {b} {batch} with {per} {things} each."
    if lost:
        prompt += f" {lost} {things} are damaged and thrown away."
    prompt += f" The rest are packed into {boxes} of {size}."
    if extra_boxes:
        prompt += f" {extra_boxes} full {box if extra_boxes == 1 else boxes} go to a local charity."
        q = f"How many full {boxes} are left to sell?"
    else:
        q = f"How many full {boxes} can be packed?"
    prompt += " " + q
    lines = [f"Made: {b} x {per} = {b * per} {things}."]
    if lost:
        lines.append(f"Usable after losses: {b * per} - {lost} = {made}.")
    lines.append(_v(rng, f"Divide by the {box} size: {made} / {size} = {full} remainder {left}.",
                    f"{made} = {size} x {full} + {left}, so {full} full {boxes} with {left} {things} left over."))
    lines.append(_v(rng, "Only full ones count, so round down.", "A partial one does not count as full."))
    if extra_boxes:
        lines.append(f"Minus the donated ones: {full} - {extra_boxes} = {ans}.")
    return example(category="mathematical", difficulty=diff, template="reasoning.math.word_problem.boxes",
                   prompt=prompt, lines=lines, answer=str(ans), formula="floor((b*per - lost)/size) - donated",
                   inputs={"batches": b, "per_batch": per, "lost": lost, "size": size, "donated": extra_boxes})


def math_word_discount(rng, diff) -> Example:
    name = rng.choice(NAMES)
    price = rng.randrange(1500, 30000, 5) if diff != "easy" else rng.randrange(1000, 12000, 100)
    disc = rng.choice((10, 15, 20, 25, 30, 40))
    tax = 0 if diff == "easy" else rng.choice((5, 6, 7, 8, 10))
    extra = rng.choice((5, 10)) if diff == "hard" else 0
    item = rng.choice(("jacket", "bicycle helmet", "desk lamp", "pair of boots", "backpack", "blender",
                       "tent", "guitar stand", "rice cooker", "board game"))
    x = Fraction(price, 100) * (100 - disc) / 100
    steps = [f"After {disc}% off: ${rounded(Fraction(price, 100))} x {100 - disc}/100 = ${rounded(x)}."]
    prompt = f"A {item} costs ${rounded(Fraction(price, 100))}. It is on sale for {disc}% off"
    if extra:
        x2 = x * (100 - extra) / 100
        steps.append(f"Extra {extra}% off the sale price: ${rounded(x)} x {100 - extra}/100 = ${rounded(x2)}.")
        x = x2
        prompt += f", and {name} has a member card giving a further {extra}% off the sale price"
    if tax:
        x2 = x * (100 + tax) / 100
        steps.append(f"Add {tax}% sales tax: ${rounded(x)} x {100 + tax}/100 = ${rounded(x2)}.")
        x = x2
        prompt += f". Sales tax of {tax}% is added at the till"
    prompt += ". " + _v(rng, "What does it cost in the end (round to the cent only at the end)?",
                        "What is the final price, rounded to the nearest cent at the last step?")
    lines = [_v(rng, "Apply each percentage to the running price, in order.",
                "Percent changes compound: multiply by each factor in turn."),
             *steps,
             _v(rng, f"Note the discounts do not simply add: the combined factor is {rounded(x / Fraction(price, 100), 4)}.",
                "Keep full precision between steps and round once at the end.", f"So the final price is ${rounded(x)}.")]
    return example(category="mathematical", difficulty=diff, template="reasoning.math.word_problem.discount",
                   prompt=prompt, lines=lines, answer=rounded(x), formula="price*(1-d)*(1-e)*(1+t)",
                   inputs={"price_cents": price, "discount_pct": disc, "extra_pct": extra, "tax_pct": tax})


# ---------------------------------------------------------------------------
# chain_of_thought: multi-step word problems with explicit intermediate steps
# ---------------------------------------------------------------------------

WORK_CONTEXTS = _BANKS["work_contexts"]


def cot_work_rate(rng, diff) -> Example:
    job, one, _ = rng.choice(WORK_CONTEXTS)
    labels = ("A", "B", "C")
    if diff == "easy" or diff == "medium":
        k = 2 if diff == "easy" else 3
        times = sorted(rng.sample(range(2, 25), k))
        rate = sum(Fraction(1, t) for t in times)
        ans = 1 / rate
        desc = "; ".join(f"{one} {labels[i]} alone takes {t} hours" for i, t in enumerate(times))
        prompt = (f"Working alone, each {one} can {job} at a steady pace: {desc}. "
                  + _v(rng, f"How many hours does it take if all {NUM_WORDS[k]} work together? Round to 2 decimals.",
                       "Working together, how long do they need (hours, 2 decimal places)?"))
        lines = [_v(rng, "Convert times to rates (jobs per hour) and add them.",
                    "Rates add, times do not: think in fractions of the job per hour.")]
        lines += [f"- {one} {labels[i]}: 1/{t} of the job per hour" for i, t in enumerate(times)]
        lines += [f"Combined rate: {' + '.join(f'1/{t}' for t in times)} = {_frac_str(rate)} job per hour.",
                  f"Time = 1 / ({_frac_str(rate)}) = {_frac_str(ans)} hours = {rounded(ans)} hours.",
                  _v(rng, f"Sanity check: it is faster than the quickest {one} alone ({times[0]} h).",
                     f"Check: less than {times[0]} hours, as it must be with help.")]
        return example(category="chain_of_thought", difficulty=diff, template="reasoning.cot.work_rate", prompt=prompt,
                       lines=lines, answer=rounded(ans), formula="1/sum(1/t)",
                       inputs={"times": times, "drain": None, "head_start": 0})
    if rng.random() < 0.5:
        a, b = sorted(rng.sample(range(3, 14), 2))
        d = rng.randint(b + 1, 30)
        rate = Fraction(1, a) + Fraction(1, b) - Fraction(1, d)
        ans = 1 / rate
        prompt = (f"Pipe A fills a tank in {a} hours and pipe B fills it in {b} hours; a leak would empty the full tank "
                  f"in {d} hours. Starting empty, with both pipes open and the leak active, how many hours until the tank "
                  f"is full? Round to 2 decimals.")
        lines = ["Net rate = filling rates minus the leak rate.",
                 f"1/{a} + 1/{b} - 1/{d} = {_frac_str(rate)} tank per hour.",
                 f"Time = 1 / ({_frac_str(rate)}) = {_frac_str(ans)} hours = {rounded(ans)} hours.",
                 _v(rng, "The leak slows things down, so this exceeds the no-leak time "
                         f"{rounded(1 / (Fraction(1, a) + Fraction(1, b)))} h.",
                    "The leak is slower than the pipes combined, so the tank still fills.")]
        return example(category="chain_of_thought", difficulty=diff, template="reasoning.cot.work_rate", prompt=prompt,
                       lines=lines, answer=rounded(ans), formula="1/(1/a+1/b-1/d)",
                       inputs={"times": [a, b], "drain": d, "head_start": 0})
    a, b = rng.sample(range(3, 16), 2)
    h = rng.randint(1, a - 1)
    left = 1 - Fraction(h, a)
    both = Fraction(1, a) + Fraction(1, b)
    ans = h + left / both
    prompt = (f"{one.capitalize()} A can {job} alone in {a} hours and {one} B alone in {b} hours. A works alone for {h} "
              f"hour{'s' if h > 1 else ''}, then B joins and they finish together. How many hours does the whole job take "
              f"from the start? Round to 2 decimals.")
    lines = [f"In {h} h, A alone does {h}/{a} of the job, leaving {_frac_str(left)}.",
             f"Together their rate is 1/{a} + 1/{b} = {_frac_str(both)} per hour.",
             f"Remaining time: {_frac_str(left)} / {_frac_str(both)} = {_frac_str(left / both)} h.",
             f"Total: {h} + {_frac_str(left / both)} = {_frac_str(ans)} h = {rounded(ans)} hours."]
    return example(category="chain_of_thought", difficulty=diff, template="reasoning.cot.work_rate", prompt=prompt,
                   lines=lines, answer=rounded(ans), formula="h + (1-h/a)/(1/a+1/b)",
                   inputs={"times": [a, b], "drain": None, "head_start": h})


TRAVEL_PAIRS = _BANKS["travel_pairs"]


def cot_travel(rng, diff) -> Example:
    what, ends, du, su = rng.choice(TRAVEL_PAIRS)
    if diff == "easy":
        v1, v2 = rng.randint(4, 90), rng.randint(4, 90)
        d = rng.randint(20, 600)
        t = Fraction(d, v1 + v2)
        prompt = (f"{what.capitalize()} start at the same time from {ends} {d} {du} apart and move toward each other at "
                  f"{v1} and {v2} {su}. " + _v(rng, "After how many hours do they meet? Give 2 decimals.",
                                               "When do they meet, in hours (2 decimal places)?"))
        lines = [_v(rng, "Moving toward each other, they close the gap at the sum of their speeds.",
                    "Use the closing speed: the distance between them shrinks by v1 + v2 every hour."),
                 f"Closing speed: {v1} + {v2} = {v1 + v2} {su}.",
                 f"Time = {d} / {v1 + v2} = {_frac_str(t)} h = {rounded(t)} h.",
                 f"Check: in that time they cover {rounded(v1 * t)} + {rounded(v2 * t)} = {d} {du}."]
        return example(category="chain_of_thought", difficulty=diff, template="reasoning.cot.travel", prompt=prompt,
                       lines=lines, answer=rounded(t), formula="d/(v1+v2)",
                       inputs={"kind": "meet", "d": d, "v1": v1, "v2": v2})
    if diff == "medium":
        v1 = rng.randint(20, 70)
        v2 = v1 + rng.randint(5, 40)
        h = rng.choice((1, 2, 3, Fraction(1, 2), Fraction(3, 2)))
        t = v1 * Fraction(h) / (v2 - v1)
        name1, name2 = rng.sample(NAMES, 2)
        later = {Fraction(1, 2): "Half an hour", Fraction(3, 2): "An hour and a half", 1: "One hour"}.get(
            Fraction(h), f"{h} hours")
        prompt = (f"{name1} leaves a town driving at {v1} km/h. {later} later {name2} leaves the same "
                  f"place on the same road at {v2} km/h. How many hours after {name2} sets off does {name2} catch up? "
                  "Round to 2 decimals.")
        lines = [f"Head start distance: {v1} x {_frac_str(Fraction(h))} = {_frac_str(v1 * Fraction(h))} km.",
                 _v(rng, f"{name2} gains {v2} - {v1} = {v2 - v1} km every hour.",
                    f"Relative speed is {v2 - v1} km/h."),
                 f"Catch-up time: {_frac_str(v1 * Fraction(h))} / {v2 - v1} = {_frac_str(t)} h = {rounded(t)} h.",
                 f"Check: {name2} has driven {rounded(v2 * t)} km and {name1} {rounded(v1 * (t + Fraction(h)))} km."]
        return example(category="chain_of_thought", difficulty=diff, template="reasoning.cot.travel", prompt=prompt,
                       lines=lines, answer=rounded(t), formula="v1*h/(v2-v1)",
                       inputs={"kind": "catch_up", "v1": v1, "v2": v2, "h": _frac_str(Fraction(h))})
    v1, v2 = rng.sample(range(10, 100), 2)
    d = rng.randint(20, 300)
    avg = Fraction(2 * v1 * v2, v1 + v2)
    prompt = (f"A courier drives {d} km to a depot at {v1} km/h and returns the same way at {v2} km/h. "
              + _v(rng, "What is the average speed for the round trip, in km/h to 2 decimals?",
                   "Find the average speed over the whole trip (km/h, 2 decimals). Why is it not the mean of the two speeds?"))
    lines = [_v(rng, "Average speed is total distance over total time, not the average of the speeds.",
                "Careful: the slower leg takes longer, so it gets more weight."),
             f"Time out: {d}/{v1} = {_frac_str(Fraction(d, v1))} h; back: {d}/{v2} = {_frac_str(Fraction(d, v2))} h.",
             f"Average = {2 * d} / ({_frac_str(Fraction(d, v1) + Fraction(d, v2))}) = {rounded(avg)} km/h "
             f"(the harmonic mean 2*v1*v2/(v1+v2); the distance cancels).",
             f"The simple mean would be {rounded(Fraction(v1 + v2, 2))} km/h, which overstates it."]
    return example(category="chain_of_thought", difficulty=diff, template="reasoning.cot.travel", prompt=prompt,
                   lines=lines, answer=rounded(avg), formula="2*v1*v2/(v1+v2)",
                   inputs={"kind": "round_trip", "d": d, "v1": v1, "v2": v2})


def cot_reverse_ops(rng, diff) -> Example:
    steps = {"easy": 2, "medium": 3, "hard": rng.randint(4, 5)}[diff]
    name = rng.choice(NAMES)
    x = rng.randint(2, 60)
    cur, ops = x, []
    while len(ops) < steps:
        kind = rng.choice(("add", "sub", "mul", "div"))
        if kind == "add":
            k = rng.randint(2, 40)
            cur += k
        elif kind == "sub":
            if cur <= 3:
                continue
            k = rng.randint(1, cur - 1)
            cur -= k
        elif kind == "mul":
            k = rng.randint(2, 9)
            if cur * k > 5000:
                continue
            cur *= k
        else:
            divs = [k for k in range(2, 10) if cur % k == 0]
            if not divs:
                continue
            k = rng.choice(divs)
            cur //= k
        ops.append([kind, k])
    verbs = {"add": "adds {k}", "sub": "subtracts {k}", "mul": "multiplies by {k}", "div": "divides by {k}"}
    undo = {"add": ("subtract", "-"), "sub": ("add", "+"), "mul": ("divide by", "/"), "div": ("multiply by", "*")}
    told = ", then ".join(verbs[o].format(k=k) for o, k in ops)
    prompt = (f"{name} thinks of a whole number, {told}, and ends with {cur}. "
              + _v(rng, "What was the starting number?", "Which number did they start with?",
                   "Work backwards to find the original number."))
    lines = [_v(rng, "Undo the operations in reverse order, using the inverse of each.",
                "Work backwards: the last operation is undone first.",
                "Reverse each step, starting from the end result.")]
    val = cur
    for o, k in reversed(ops):
        word, sym = undo[o]
        new = {"add": val - k, "sub": val + k, "mul": val // k, "div": val * k}[o]
        lines.append(f"- undo '{verbs[o].format(k=k)}': {word} {k}: {val} {sym} {k} = {new}")
        val = new
    lines.append(_v(rng, f"Check forwards: starting from {x} the steps give {cur}.",
                    f"Forward check from {x} reproduces {cur}."))
    return example(category="chain_of_thought", difficulty=diff, template="reasoning.cot.reverse_operations",
                   prompt=prompt, lines=lines, answer=str(x), formula="invert ops", inputs={"ops": ops, "result": cur})


def cot_ages(rng, diff) -> Example:
    p, q = rng.sample(NAMES, 2)
    if diff == "easy":
        while True:
            k, m, y = rng.randint(3, 7), rng.randint(2, 6), rng.randint(2, 15)
            if m < k and (y * (m - 1)) % (k - m) == 0:
                b = y * (m - 1) // (k - m)
                if 2 <= b and k * b <= 90:  # keep ages human
                    break
        inputs = {"kind": "ratio_future", "k": k, "m": m, "y": y}
        a = k * b
        prompt = (f"{p} is {k} times as old as {q}. In {y} years {p} will be {m} times as old as {q}. "
                  "How old is each of them now?")
        lines = [f"Let {q}'s age be x, so {p} is {k}x.",
                 f"In {y} years: {k}x + {y} = {m}(x + {y}) = {m}x + {m * y}.",
                 f"So {k - m}x = {m * y - y}, giving x = {b}.",
                 f"{q} is {b} and {p} is {k} x {b} = {a}. Check: in {y} years {a + y} = {m} x {b + y}."]
    elif diff == "medium":
        while True:
            b, m, y = rng.randint(3, 30), rng.randint(2, 4), rng.randint(2, 12)
            a = m * (b + y) - y
            if a > b and a < 95:
                break
        s = a + b
        inputs = {"kind": "sum_future", "s": s, "m": m, "y": y}
        prompt = (f"The ages of {p} and {q} add up to {s}. In {y} years, {p} will be {m} times as old as {q}. "
                  "How old are they now?")
        lines = [f"Let {q} be x; then {p} is {s} - x.",
                 f"In {y} years: {s} - x + {y} = {m}(x + {y}).",
                 f"{s + y} - x = {m}x + {m * y}, so {m + 1}x = {s + y - m * y}, x = {b}.",
                 f"{q} is {b}, {p} is {s} - {b} = {a}. Check: {a + y} = {m} x {b + y}."]
    else:
        while True:
            b, y, m = rng.randint(6, 35), rng.randint(2, 8), rng.randint(2, 5)
            if y >= b:
                continue
            a = m * (b - y) + y
            zs = [z for z in range(1, 40) if (a + z) % (b + z) == 0 and (a + z) // (b + z) >= 2]
            if zs and a < 100:
                z = rng.choice(zs)
                k = (a + z) // (b + z)
                if k != m:
                    break
        inputs = {"kind": "past_future", "y": y, "m": m, "z": z, "k": k}
        prompt = (f"{y} years ago, {p} was {m} times as old as {q}. In {z} years, {p} will be {k} times as old as {q}. "
                  "How old are they now?")
        lines = ["Let the current ages be P and Q.",
                 f"Past: P - {y} = {m}(Q - {y}), so P = {m}Q - {m * y - y}.",
                 f"Future: P + {z} = {k}(Q + {z}), so P = {k}Q + {k * z - z}.",
                 f"Equate: {m}Q - {m * y - y} = {k}Q + {k * z - z}, so {m - k}Q = {k * z - z + m * y - y}, Q = {b}.",
                 f"Then P = {a}. Check: {a - y} = {m} x {b - y} and {a + z} = {k} x {b + z}."]
    lines.insert(0, _v(rng, "Translate each sentence into an equation.", "Set up equations from the two facts.",
                       "Name the unknown and write one equation per clue."))
    return example(category="chain_of_thought", difficulty=diff, template="reasoning.cot.ages", prompt=prompt,
                   lines=lines, answer=f"{p} {a}, {q} {b}", formula="linear system", inputs=inputs)


def cot_percent(rng, diff) -> Example:
    thing = rng.choice(("a share price", "a town's population", "monthly website visits", "the price of a train pass",
                        "a shop's weekly sales", "the rent on a flat", "a fund's value", "a bakery's output"))
    if diff != "medium":
        k = 2 if diff == "easy" else 3
        changes = [rng.choice((1, -1)) * rng.choice((5, 10, 12, 15, 20, 25, 30, 40, 50)) for _ in range(k)]
        if all(c > 0 for c in changes) or all(c < 0 for c in changes):
            changes[-1] = -changes[-1]
        factor = Fraction(1)
        lines = [_v(rng, "Successive percentage changes multiply; they do not add.",
                    "Convert each change to a growth factor and multiply.")]
        for c in changes:
            factor *= Fraction(100 + c, 100)
            lines.append(f"- {'+' if c > 0 else '-'}{abs(c)}% -> factor {rounded(Fraction(100 + c, 100))}")
        net = (factor - 1) * 100
        desc = ", then ".join(f"{'up' if c > 0 else 'down'} {abs(c)}%" for c in changes)
        prompt = (f"Over successive periods {thing} changed as follows: {desc}. "
                  + _v(rng, "What is the overall percentage change? Give it to 2 decimals (negative for a fall).",
                       "By what percent has it changed overall (2 decimals, negative if it fell)?"))
        lines += [f"Overall factor: {rounded(factor, 4)}, so the net change is {rounded(net)}%.",
                  f"Naively adding gives {sum(changes)}%, which is wrong because each change applies to a different base."]
        return example(category="chain_of_thought", difficulty=diff, template="reasoning.cot.percent", prompt=prompt,
                       lines=lines, answer=f"{rounded(net)}%", formula="prod(1+c)-1",
                       inputs={"kind": "successive", "changes": changes})
    orig = rng.randint(20, 900) * 4
    c = rng.choice((5, 10, 20, 25, 50, -10, -20, -25))
    new = Fraction(orig * (100 + c), 100)
    shown = _frac_str(new) if new.denominator == 1 else rounded(new)
    prompt = (f"After a {abs(c)}% {'increase' if c > 0 else 'decrease'}, {thing} {'rose' if c > 0 else 'fell'} to {shown}. "
              + _v(rng, "What was it before the change? (2 decimals)", "Find the original value, to 2 decimals."))
    lines = [_v(rng, f"The new value is {100 + c}% of the original, so divide by {rounded(Fraction(100 + c, 100))}.",
                f"Undo the change by dividing by the factor {rounded(Fraction(100 + c, 100))}, not by applying -{c}%."),
             f"{rounded(new)} / {rounded(Fraction(100 + c, 100))} = {rounded(new / Fraction(100 + c, 100))}.",
             f"Applying {'-' if c > 0 else '+'}{abs(c)}% to the new value instead would give "
             f"{rounded(new * Fraction(100 - c, 100))}, a common mistake."]
    return example(category="chain_of_thought", difficulty=diff, template="reasoning.cot.percent", prompt=prompt,
                   lines=lines, answer=rounded(Fraction(orig)), formula="new/(1+c)",
                   inputs={"kind": "reverse", "new": rounded(new), "change_pct": c})


# ---------------------------------------------------------------------------
# causal: Simpson's paradox, Mill's methods, necessity/sufficiency, confounders
# ---------------------------------------------------------------------------

KIDNEY_STONES = _BANKS["kidney_stones"]


def causal_simpson(rng, diff) -> Example:
    real = diff == "hard" and rng.random() < 0.1
    if real:
        ctx = ("treatment", "Kidney stones were treated with {A} or {B}; cases were small or large stones.", "patients",
               "had a successful outcome", ("small stones", "large stones"), "stone size")
        A, B = KIDNEY_STONES["A"], KIDNEY_STONES["B"]
        counts = KIDNEY_STONES["counts"]
    else:
        ctx = rng.choice(_BANKS["simpson_contexts"])
        A, B = rng.choice(_BANKS["simpson_labels"])
        scale = {"easy": 1, "medium": 3, "hard": 10}[diff]
        while True:
            e_b, h_a = rng.randint(5, 40) * scale, rng.randint(5, 40) * scale  # many easy cases for B, hard for A
            e_a, h_b = rng.randint(1, 6) * scale, rng.randint(1, 6) * scale
            pe_a, pe_b = rng.randint(70, 98), rng.randint(60, 95)
            ph_a, ph_b = rng.randint(20, 70), rng.randint(10, 65)
            counts = [[round(e_a * pe_a / 100), e_a, round(e_b * pe_b / 100), e_b],
                      [round(h_a * ph_a / 100), h_a, round(h_b * ph_b / 100), h_b]]
            within = all(Fraction(c[0], c[1]) > Fraction(c[2], c[3]) for c in counts)
            tot_a = Fraction(counts[0][0] + counts[1][0], counts[0][1] + counts[1][1])
            tot_b = Fraction(counts[0][2] + counts[1][2], counts[0][3] + counts[1][3])
            if within and tot_a < tot_b:
                break
    _, setup, unit, verb, strata, conf = ctx
    rows = "\n".join(f"- {strata[i]}: {A} {c[0]}/{c[1]} {verb}; {B} {c[2]}/{c[3]} {verb}" for i, c in enumerate(counts))
    sa, na = counts[0][0] + counts[1][0], counts[0][1] + counts[1][1]
    sb, nb = counts[0][2] + counts[1][2], counts[0][3] + counts[1][3]
    win_within = A if all(Fraction(c[0], c[1]) > Fraction(c[2], c[3]) for c in counts) else (
        B if all(Fraction(c[0], c[1]) < Fraction(c[2], c[3]) for c in counts) else "mixed")
    win_all = A if Fraction(sa, na) > Fraction(sb, nb) else B
    prompt = (setup.format(A=A, B=B) + f" Results ({unit}):\n{rows}\n"
              + _v(rng, f"Which option does better within each group, which looks better overall, and which would you recommend for a new case whose {conf} is known?",
                   f"Compare {A} and {B} within each group and in total. Explain any reversal."))
    lines = [_v(rng, "Compute success rates within each group first.", "Start with the stratified rates.",
                "Rates by group:")]
    for i, c in enumerate(counts):
        lines.append(f"- {strata[i]}: {A} {percent(Fraction(100 * c[0], c[1]), 1)} vs {B} {percent(Fraction(100 * c[2], c[3]), 1)}")
    lines.append(f"Pooled: {A} {sa}/{na} = {percent(Fraction(100 * sa, na), 1)}; {B} {sb}/{nb} = {percent(Fraction(100 * sb, nb), 1)}.")
    lines.append(_v(rng, f"This is Simpson's paradox. {A} handled mostly {strata[1]} ({counts[1][1]} of {na}), which succeed less often "
                         f"whatever the option, while {B} handled mostly {strata[0]} ({counts[0][3]} of {nb}).",
                    f"The reversal comes from the mix: {conf} affects both which option was used and the outcome, so it confounds "
                    f"the pooled comparison. {A} got the harder cases."))
    lines.append(_v(rng, f"Because {conf} is a confounder (it is not caused by the choice), the within-group comparison is the fair one: "
                         f"recommend {win_within}.",
                    f"Compare like with like: within each level of {conf}, {win_within} wins, so for a new case choose {win_within}."))
    answer = f"within groups {win_within}; overall {win_all}"
    return example(category="causal", difficulty=diff, template="reasoning.causal.simpsons_paradox", prompt=prompt,
                   lines=lines, answer=answer, formula="stratified vs pooled rates",
                   inputs={"counts": counts, "labels": [A, B]}, real_data=real)


MILL_CONTEXTS = _BANKS["mill_contexts"]


def causal_mill(rng, diff) -> Example:
    setup, _, items_all, verb, bad, good, item_word = rng.choice(MILL_CONTEXTS)
    k, m = {"easy": (4, 4), "medium": (5, 5), "hard": (6, 7)}[diff]
    names = rng.sample(NAMES, m)
    items = rng.sample(items_all, k)
    while True:
        culprit = rng.randrange(k)
        used = [[rng.random() < 0.5 for _ in range(k)] for _ in range(m)]
        sick = [u[culprit] for u in used]
        if not any(sick) or all(sick):
            continue
        fits = [j for j in range(k) if all(used[i][j] == sick[i] for i in range(m))]
        if fits == [culprit]:
            break
    table = "\n".join(f"- {names[i]}: {verb} {', '.join(items[j] for j in range(k) if used[i][j]) or 'nothing'}; "
                      f"{bad if sick[i] else good}" for i in range(m))
    prompt = (f"{setup}\n{table}\n"
              + _v(rng, f"Assuming a single {item_word} is responsible, which one is it? Use Mill's methods.",
                   f"Which {item_word} is the likely cause? Explain using agreement and difference.",
                   f"Identify the culprit {item_word} and justify it."))
    lines = [_v(rng, f"Method of agreement: the cause should be shared by everyone who {bad}. Method of difference: it should be absent for everyone who {good}.",
                f"Joint method of agreement and difference: keep only the {item_word} present in every affected case and missing in every unaffected case.")]
    for j in range(k):
        miss = [names[i] for i in range(m) if sick[i] and not used[i][j]]
        extra = [names[i] for i in range(m) if not sick[i] and used[i][j]]
        if not miss and not extra:
            lines.append(f"- {items[j]}: present in every affected case and absent in every unaffected one")
        elif miss:
            lines.append(f"- {items[j]}: ruled out, {miss[0]} {bad} without it")
        else:
            lines.append(f"- {items[j]}: ruled out, {extra[0]} {verb} it and {good}")
    lines.append(_v(rng, "Only one candidate survives both tests.", "Exactly one fits the pattern.")
                 + " " + _v(rng, "The data are consistent with it being the cause, though a controlled test would confirm it.",
                            "This is strong evidence, not proof: a hidden common factor could still be at work."))
    return example(category="causal", difficulty=diff, template="reasoning.causal.mill_methods", prompt=prompt,
                   lines=lines, answer=items[culprit], formula="joint method",
                   inputs={"items": items, "used": used, "affected": sick})


NS_CONTEXTS = _BANKS["ns_contexts"]
NS_LABELS = _BANKS["ns_labels"]


def causal_necessary_sufficient(rng, diff) -> Example:
    setup, outcome, unit, factors_all = rng.choice(NS_CONTEXTS)
    nf = {"easy": 2, "medium": 3, "hard": 4}[diff]
    ncase = {"easy": 5, "medium": 7, "hard": 9}[diff]
    factors = rng.sample(factors_all, nf)
    label = rng.choice(NS_LABELS)
    f = rng.randrange(nf)
    while True:
        cases = [[rng.random() < 0.5 for _ in range(nf)] for _ in range(ncase)]
        noise = [rng.random() < 0.5 for _ in range(ncase)]
        has = [c[f] for c in cases]
        if label == NS_LABELS[0]:
            outs = has
        elif label == NS_LABELS[1]:
            outs = [h and z for h, z in zip(has, noise)]
        elif label == NS_LABELS[2]:
            outs = [h or z for h, z in zip(has, noise)]
        else:
            outs = noise
        nec = all(h for h, o in zip(has, outs) if o)
        suf = all(o for h, o in zip(has, outs) if h)
        got = NS_LABELS[0] if nec and suf else NS_LABELS[1] if nec else NS_LABELS[2] if suf else NS_LABELS[3]
        if any(outs) and not all(outs) and any(has) and not all(has) and got == label:
            break
    table = "\n".join(f"- {unit} {i + 1}: " + ", ".join(factors[j] + (" yes" if c[j] else " no") for j in range(nf))
                      + f" -> {'yes' if o else 'no'}" for i, (c, o) in enumerate(zip(cases, outs)))
    prompt = (f"{setup} (After the arrow: whether {outcome}.)\n{table}\n"
              + _v(rng, f"In these records, is \"{factors[f]}\" necessary, sufficient, both, or neither for the outcome?",
                   f"Judging only from this data, classify \"{factors[f]}\" as a necessary and/or sufficient condition."))
    pos = [i + 1 for i, o in enumerate(outs) if o]
    with_f = [i + 1 for i, c in enumerate(cases) if c[f]]
    lines = [_v(rng, "Necessary: the outcome never occurs without the factor. Sufficient: the factor never occurs without the outcome.",
                "Definitions: X is necessary for Y if every Y-case has X; X is sufficient if every X-case has Y.")]
    miss = [i + 1 for i, (c, o) in enumerate(zip(cases, outs)) if o and not c[f]]
    lines.append(f"Outcome cases: {', '.join(map(str, pos))}. "
                 + ("The factor is present in all of them, so it is necessary (in this data)." if not miss
                    else f"{unit.capitalize()} {miss[0]} has the outcome without it, so it is not necessary."))
    fail = [i + 1 for i, (c, o) in enumerate(zip(cases, outs)) if c[f] and not o]
    lines.append(f"Cases with the factor: {', '.join(map(str, with_f))}. "
                 + ("Each has the outcome, so it is sufficient (in this data)." if not fail
                    else f"{unit.capitalize()} {fail[0]} has it but no outcome, so it is not sufficient."))
    lines.append(_v(rng, "These are patterns in a small sample; they suggest, but do not prove, causal structure.",
                    "A larger sample or an experiment could overturn this classification.",
                    "Observational records like these cannot rule out other explanations."))
    return example(category="causal", difficulty=diff, template="reasoning.causal.necessary_sufficient", prompt=prompt,
                   lines=lines, answer=label, formula="necessity/sufficiency over cases",
                   inputs={"cases": cases, "outcomes": outs, "factor_index": f, "factors": factors})


CONFOUNDERS = _BANKS["confounders"]


def causal_confounder(rng, diff) -> Example:
    x, y, z, why = rng.choice(CONFOUNDERS)
    region = rng.choice(("in a large dataset", "in published statistics", "over many years of records",
                         "in an observational study", "in a cross-sectional study", "in survey data"))
    strength = rng.choice(("a strong positive", "a clear positive", "a moderate positive", "a consistent positive"))
    who = rng.choice(("An analyst", "A journalist", "A student", "A council member", "A blogger", "A manager",
                      "A health columnist", "A policy adviser"))
    prompt = _v(rng, f"{who} finds {strength} correlation between {x} and {y} {region}, and proposes that reducing {x} would reduce {y}. Evaluate this causal claim.",
                f"Data {region} show that {x} and {y} rise and fall together ({strength} correlation). Does {x} cause {y}? Explain.",
                f"{who} cites a report {region} that links {x} to {y}. What is the most likely explanation, and how would you test it?")
    if diff != "easy":
        prompt += " " + _v(rng, "Name the likely confounder and propose a design that could separate the effects.",
                           "Sketch the causal diagram and a way to check it.")
    lines = [_v(rng, "Correlation alone does not establish causation; look for a common cause.",
                f"Before concluding that {x} drives {y}, ask what could drive both.",
                "The claim skips a step: a third variable could explain the association."),
             f"Likely confounder: {z}. {why}",
             _v(rng, f"Causal diagram: {x} <- {z} -> {y}, with no arrow needed from {x} to {y}.",
                f"In diagram form, {z} points to both {x} and {y}; that fork alone produces the correlation.")]
    if diff != "easy":
        lines.append(_v(rng, f"Test: compare {y} across levels of {x} within groups that share the same {z} (stratify or adjust). "
                             f"If the association vanishes, {z} explains it.",
                        f"Check: hold {z} fixed (stratification, matching or regression adjustment); a randomized or natural experiment "
                        f"that changes {x} alone would be stronger still."))
    if diff == "hard":
        lines.append(_v(rng, f"Also consider reverse causation ({y} influencing {x}) and selection effects in how the data were gathered.",
                        f"Even after adjusting for {z}, unmeasured confounders may remain; that is why randomization is the gold standard."))
    lines.append(_v(rng, f"Conclusion: reducing {x} is unlikely to change {y} by itself.",
                    f"So intervening on {x} would probably not move {y}; acting on {z} might.",
                    "Bottom line: the association is real but most plausibly not causal."))
    return example(category="causal", difficulty=diff, template="reasoning.causal.confounder", prompt=prompt, lines=lines,
                   confounder=z)


# ---------------------------------------------------------------------------
# analogical: word, number and letter-string analogies; structural analogies
# ---------------------------------------------------------------------------

WORD_RELATIONS = _BANKS["word_relations"]


def _an(text: str) -> str:
    """Fix 'a' before a vowel ("a astronomer" -> "an astronomer")."""
    return re.sub(r"\b([Aa]) ([aeiouAEIOU])", lambda m: m.group(1) + "n " + m.group(2), text)


def analogy_words(rng, diff) -> Example:
    rel = rng.choice(sorted(k for k, v in WORD_RELATIONS.items() if v[1] == diff))
    sentence, _, pairs = WORD_RELATIONS[rel]
    (a1, b1), (a2, b2) = rng.sample(pairs, 2)
    nopt = {"easy": 3, "medium": 4, "hard": 5}[diff]
    options = rng.sample([b for a, b in pairs if b not in (b1, b2)], nopt - 1)
    if rng.random() < 0.5:
        options[0] = b1  # a tempting distractor taken from the first pair
    options.append(b2)
    rng.shuffle(options)
    letters = "ABCDE"
    opt_text = "  ".join(f"({letters[i]}) {o}" for i, o in enumerate(options))
    prompt = (_v(rng, "Complete the analogy", "Choose the word that completes the analogy",
                 "Which option best completes this analogy?")
              + f": {a1} : {b1} :: {a2} : ?\n{opt_text}")
    s1 = _an(sentence.format(a=a1, b=b1))
    s2 = _an(sentence.format(a=a2, b=b2))
    lines = [_v(rng, f"State the relation in the first pair: {s1}.",
                f"First pair: {s1}.", f"Relation: {s1}, so apply the same relation to {a2}.")]
    for o in options:
        if o == b2:
            continue
        if o == b1:
            lines.append(f"- {o}: belongs to the first pair, not to {a2}")
        else:
            owner = next(a for a, b in pairs if b == o)
            lines.append(f"- {o}: same kind of relation, but it goes with {owner}, not {a2}")
    lines.append(f"Applying it to {a2}: {s2}. " + _v(rng, "The other options do not stand in that relation.",
                                                     "That matches exactly.", "So the pairs are parallel."))
    return example(category="analogical", difficulty=diff, template="reasoning.analogy.words", prompt=prompt,
                   lines=lines, answer=b2, formula="relation lookup",
                   inputs={"relation": rel, "pair1": [a1, b1], "query": a2, "options": options})


# Number rules: name -> (description, function). Kept small so uniqueness can be checked.
NUM_RULES = {
    "double plus one": ("2x + 1", lambda x: 2 * x + 1),
    "triple minus two": ("3x - 2", lambda x: 3 * x - 2),
    "add seven": ("x + 7", lambda x: x + 7),
    "multiply by five": ("5x", lambda x: 5 * x),
    "square": ("x^2", lambda x: x * x),
    "square minus one": ("x^2 - 1", lambda x: x * x - 1),
    "pronic": ("x(x + 1)", lambda x: x * (x + 1)),
    "triangular": ("x(x + 1)/2", lambda x: x * (x + 1) // 2),
    "cube": ("x^3", lambda x: x ** 3),
    "power of two": ("2^x", lambda x: 2 ** x),
}
NUM_RULE_LEVEL = {"easy": ("double plus one", "triple minus two", "add seven", "multiply by five"),
                  "medium": ("square", "square minus one", "pronic", "triangular"),
                  "hard": ("cube", "power of two", "triangular", "pronic", "square minus one")}


def analogy_numbers(rng, diff) -> Example:
    rule = rng.choice(NUM_RULE_LEVEL[diff])
    desc, f = NUM_RULES[rule]
    while True:
        xs = rng.sample(range(2, 13), 3)
        fits = [r for r, (_, g) in NUM_RULES.items() if all(g(x) == f(x) for x in xs[:2])]
        if fits == [rule]:
            break
    x1, x2, x3 = xs
    ans = f(x3)
    prompt = _v(rng, f"Find the rule and complete: {x1} -> {f(x1)}, {x2} -> {f(x2)}, {x3} -> ?",
                f"Number analogy: {x1} is to {f(x1)} as {x2} is to {f(x2)}. What is {x3} mapped to?",
                f"If {x1} : {f(x1)} and {x2} : {f(x2)}, then {x3} : ?")
    lines = [_v(rng, "Test simple rules against both example pairs.", "Look for a single rule that fits both pairs.",
                "Compare the outputs with the inputs.")]
    tried = [r for r in NUM_RULE_LEVEL[diff] if r != rule][:2]
    for r in tried:
        g = NUM_RULES[r][1]
        bad = next(x for x in (x1, x2) if g(x) != f(x))  # exists: the rule was checked to be unique
        lines.append(f"- {NUM_RULES[r][0]}? For {bad} it gives {g(bad)}, not {f(bad)}; rejected.")
    lines.append(f"- {desc}: {x1} -> {f(x1)} and {x2} -> {f(x2)}; both fit.")
    lines.append(_v(rng, f"Apply it with x = {x3}: {desc} = {ans}.", f"So {x3} maps to {ans} (rule {desc}, \"{rule}\")."))
    return example(category="analogical", difficulty=diff, template="reasoning.analogy.numbers", prompt=prompt,
                   lines=lines, answer=str(ans), formula="rule from examples",
                   inputs={"rule": rule, "examples": [[x1, f(x1)], [x2, f(x2)]], "query": x3})


ALPHA = "abcdefghijklmnopqrstuvwxyz"


def _shift(c, k):
    return ALPHA[ALPHA.index(c) + k]


# Letter-string rules in the spirit of Hofstadter's Copycat (Mitchell, "Analogy-Making as Perception", 1993).
LETTER_RULES = {
    "advance the last letter": lambda s: s[:-1] + _shift(s[-1], 1),
    "step the first letter back": lambda s: _shift(s[0], -1) + s[1:],
    "reverse the string": lambda s: s[::-1],
    "advance every letter by two": lambda s: "".join(_shift(c, 2) for c in s),
    "double the last letter": lambda s: s + s[-1],
    "drop the first letter": lambda s: s[1:],
    "swap the first and last letters": lambda s: s[-1] + s[1:-1] + s[0],
}


def _letter_ok(s):
    return s[0] != "a" and s[-1] not in "yz" and all(c < "y" for c in s)


def analogy_letters(rng, diff) -> Example:
    length = {"easy": 3, "medium": 4, "hard": 5}[diff]

    def rand_str():
        while True:
            if rng.random() < 0.5:
                st = rng.randrange(1, 24 - length)
                s = ALPHA[st:st + length]
            else:
                s = "".join(rng.choice(ALPHA[1:23]) for _ in range(length))
            if _letter_ok(s) and len(set(s)) == len(s):
                return s
    # With 3 letters, swapping the ends is the same as reversing, so that rule is left out.
    rules = sorted(r for r in LETTER_RULES if length > 3 or r != "swap the first and last letters")
    rule = rng.choice(rules)
    f = LETTER_RULES[rule]
    while True:
        src, tgt = rand_str(), rand_str()
        if src == tgt:
            continue
        fits = [r for r in rules if LETTER_RULES[r](src) == f(src)]
        if fits == [rule]:
            break
    ans = f(tgt)
    prompt = _v(rng, f"If {src} changes to {f(src)}, what does {tgt} change to?",
                f"Letter analogy: {src} -> {f(src)}; {tgt} -> ?",
                f"Apply the same transformation: {src} becomes {f(src)}. What does {tgt} become?")
    lines = [_v(rng, f"Compare {src} and {f(src)} position by position.", "Describe the change as a rule.",
                "Find the simplest rule that explains the first change."),
             f"Rule: {rule}. " + _v(rng, "It explains the example exactly; the other simple rules (reversing, shifting all letters, ...) do not.",
                                    "No other simple rule from the usual set reproduces the example."),
             f"Applied to {tgt}: {ans}."]
    return example(category="analogical", difficulty=diff, template="reasoning.analogy.letters", prompt=prompt,
                   lines=lines, answer=ans, formula="letter rule",
                   inputs={"rule": rule, "source": src, "source_result": f(src), "target": tgt})


STRUCT_ANALOGIES = _BANKS["struct_analogies"]
AUDIENCES = _BANKS["audiences"]


def analogy_structure(rng, diff) -> Example:
    target, source, maps, limits, prediction = rng.choice(STRUCT_ANALOGIES)
    k = {"easy": 2, "medium": 3, "hard": 4}[diff]
    chosen = rng.sample(maps, k)
    focus = ", ".join(t for t, _ in chosen)
    prompt = (_v(rng, f"Explain the analogy between {target} and {source}: map the parts, then say where it breaks down.",
                 f"Teachers often compare {target} to {source}. Lay out the correspondences and the limits of the comparison.",
                 f"Use {source} to explain {target}. Which parts correspond, and where does the analogy mislead?")
              + f" Cover: {focus}. Audience: {rng.choice(AUDIENCES)}.")
    if diff == "hard":
        prompt += " Also give one prediction the analogy gets right."
    lines = [_v(rng, f"Source domain: {source}. Target domain: {target}.",
                f"The analogy transfers relations, not surface features, from {source} to {target}.",
                "Structure mapping (Gentner, 1983): keep the relations, drop the appearances.")]
    for t, s in chosen:
        lines.append(_v(rng, f"- {t} corresponds to {s}", f"- {t}: {s}", f"- {t} <-> {s}"))
    lim = rng.sample(limits, 1 if diff == "easy" else 2)
    lines.append(_v(rng, "Where it breaks down: ", "Limits: ", "Caveat: ") + " ".join(lim))
    if diff == "hard":
        lines.append(_v(rng, "A prediction it gets right: ", "Where it earns its keep: ", "A correct inference: ") + prediction)
    lines.append(_v(rng, "Use it to build intuition, then switch to the real mechanism.",
                     "Good analogies guide reasoning until the mismatches start to matter.",
                     "The mapping is a scaffold, not a model."))
    return example(category="analogical", difficulty=diff, template="reasoning.analogy.structure_mapping", prompt=prompt, lines=lines,
                   source=source, target=target)


# ---------------------------------------------------------------------------
# counterfactual: structural causal models, difference-in-differences, what-ifs
# ---------------------------------------------------------------------------

SCM_SCENARIOS = _BANKS["scm_scenarios"]


def _beval(f, v) -> bool:
    if isinstance(f, str):
        return v[f]
    if f[0] == "not":
        return not _beval(f[1], v)
    vals = [_beval(g, v) for g in f[1:]]
    return all(vals) if f[0] == "and" else any(vals)


def _bshow(f, v) -> str:
    """The formula with each variable replaced by T/F, for the worked recomputation."""
    if isinstance(f, str):
        return "T" if v[f] else "F"
    if f[0] == "not":
        return f"NOT {_bshow(f[1], v)}"
    return "(" + f" {f[0].upper()} ".join(_bshow(g, v) for g in f[1:]) + ")"


def counterfactual_scm(rng, diff) -> Example:
    depth = {"easy": 1, "medium": 2, "hard": 3}[diff]
    sc = rng.choice([s for s in SCM_SCENARIOS if len(s["eqs"]) == depth])
    name = rng.choice(NAMES)
    ph = {k: (t.format(name=name), f.format(name=name)) for k, (t, f) in sc["vars"].items()}
    endo = [e[0] for e in sc["eqs"]]
    exo = [k for k in sc["vars"] if k not in endo]
    actual = {k: rng.random() < 0.6 for k in exo}
    flip = rng.choice(exo)

    def solve(bg):
        v = dict(bg)
        for var, f, _ in sc["eqs"]:
            v[var] = _beval(f, v)
        return v
    act = solve(actual)
    cf_bg = dict(actual, **{flip: not actual[flip]})
    cf = solve(cf_bg)
    target = endo[-1]
    rules = " ".join(r.format(name=name) for _, _, r in sc["eqs"])
    facts = "; ".join(ph[k][0 if actual[k] else 1] for k in exo)
    q = sc["q"].format(name=name)
    prompt = (f"{sc['setup'].format(name=name)} {rules}\nWhat actually happened: {facts}. So {ph[target][0 if act[target] else 1]}.\n"
              + _v(rng, f"Counterfactual: suppose instead that {ph[flip][1 if actual[flip] else 0]}, with everything else as it was. Then {q}?",
                   f"Had it been the case that {ph[flip][1 if actual[flip] else 0]} (all other background facts unchanged), {q}?",
                   f"Imagine the one change that {ph[flip][1 if actual[flip] else 0]}. In that world, {q}?"))
    lines = [_v(rng, "Treat the rules as structural equations: change the one fact, keep the other background facts, and recompute everything downstream.",
                "Counterfactual recipe: intervene on the changed fact, hold the rest fixed, then re-derive each outcome in order.",
                "Keep the other background facts as they actually were and recompute the rules in order.")]
    lines.append(f"Change: {flip} = {'T' if cf_bg[flip] else 'F'} (actually {'T' if actual[flip] else 'F'}).")
    for var, f, _ in sc["eqs"]:
        note = "" if cf[var] == act[var] else f" (was {'T' if act[var] else 'F'})"
        lines.append(f"- {var} = {_bshow(f, cf)} = {'T' if cf[var] else 'F'}{note}")
    answer = "yes" if cf[target] else "no"
    changed = cf[target] != act[target]
    lines.append(("Yes: " if cf[target] else "No: ") + ph[target][0 if cf[target] else 1] + ".")
    if changed:
        lines.append(_v(rng, f"The outcome depends on {flip} here, so {flip} passes the but-for test for this outcome.",
                        f"So, given the other facts, the outcome hinges on {flip}."))
    else:
        lines.append(_v(rng, f"The outcome does not depend on {flip} given the other facts; it is fixed by another path or blocked anyway.",
                        f"Changing {flip} alone makes no difference here, so it fails the but-for test for this outcome."))
    return example(category="counterfactual", difficulty=diff, template="reasoning.counterfactual.structural_model",
                   prompt=prompt, lines=lines, answer=answer, formula="intervene and recompute",
                   inputs={"equations": [[v, f] for v, f, _ in sc["eqs"]], "actual": actual,
                           "intervention": {flip: not actual[flip]}, "target": target})


DID_CONTEXTS = _BANKS["did_contexts"]


def counterfactual_did(rng, diff) -> Example:
    setup, metric, tr, co, (lo, hi) = rng.choice(DID_CONTEXTS)
    places = 1 if diff == "hard" else 0
    scale = 10 if places else 1

    def num():
        return Fraction(rng.randint(lo * scale, hi * scale), scale)
    tb, cb = num(), num()
    trend = Fraction(rng.randint(-(hi - lo) * scale // 6, (hi - lo) * scale // 6), scale)
    effect = Fraction(rng.randint(-(hi - lo) * scale // 4, (hi - lo) * scale // 4), scale)
    noise = Fraction(rng.randint(-2, 2), scale) if diff != "easy" else 0
    ca = cb + trend + noise
    ta = tb + trend + effect
    did = (ta - tb) - (ca - cb)

    def f(x):
        return rounded(x, places)
    prompt = (f"{setup} Measured {metric}:\n- {tr}: {f(tb)} before, {f(ta)} after\n- {co}: {f(cb)} before, {f(ca)} after\n"
              + _v(rng, f"Assuming parallel trends, estimate the effect of the change on {tr}. What would {tr} have seen without it?",
                   f"Use a difference-in-differences estimate: what is the effect, and what is the counterfactual level for {tr}?",
                   f"What happened in {tr} relative to what would have happened anyway?"))
    cf = tb + (ca - cb)
    lines = [_v(rng, "The comparison group shows what would have happened anyway (parallel-trends assumption).",
                "Difference-in-differences: subtract the comparison group's change from the treated group's change.",
                f"Counterfactual logic: without the change, {tr} would have followed {co}'s trend."),
             f"Change in {tr}: {f(ta)} - {f(tb)} = {f(ta - tb)}.",
             f"Change in {co}: {f(ca)} - {f(cb)} = {f(ca - cb)}.",
             f"Counterfactual level for {tr}: {f(tb)} + ({f(ca - cb)}) = {f(cf)}; actual {f(ta)}.",
             f"Estimated effect: {f(ta - tb)} - ({f(ca - cb)}) = {f(did)} {metric}."]
    if diff == "hard":
        lines.append(_v(rng, "Caveat: the estimate is only as good as the parallel-trends assumption; check the pre-period trends if data exist.",
                        "Caveat: other events that hit only one group after the change would bias this."))
    return example(category="counterfactual", difficulty=diff, template="reasoning.counterfactual.diff_in_diff",
                   prompt=prompt, lines=lines, answer=f(did), formula="(Ta-Tb)-(Ca-Cb)",
                   inputs={"treated": [f(tb), f(ta)], "control": [f(cb), f(ca)], "decimals": places})


def _what_if(rng, diff, kind, setup, asks, steps, notes, answer, formula, inputs) -> Example:
    """A what-if row: the prompt is `setup` and one of the two `asks`, the working
    `steps` and one of the two closing `notes` (drawn in that order)."""
    prompt = setup + _v(rng, *asks)
    lines = [*steps, _v(rng, *notes)]
    return example(category="counterfactual", difficulty=diff, template=f"reasoning.counterfactual.what_if.{kind}",
                   prompt=prompt, lines=lines, answer=answer, formula=formula, inputs=inputs)


def counterfactual_what_if(rng, diff) -> Example:
    name = rng.choice(NAMES)
    if diff == "easy":
        s, s2 = rng.randint(2, 40) * 5, 0
        while s2 <= s:
            s2 = rng.randint(2, 60) * 5
        m, j = rng.randint(6, 36), 0
        j = rng.randint(1, m)
        diffv = (s2 - s) * (m - j + 1)
        return _what_if(rng, diff, "savings", f"{name} saved ${s} every month for {m} months. ",
                        (f"Had {name} raised the monthly amount to ${s2} starting in month {j}, how much more would be saved by the end (no interest)?",
                         f"If {name} had switched to ${s2} a month from month {j} on, how many extra dollars would there be after month {m}?"),
                        [f"Months affected: {j} through {m}, that is {m - j + 1} months.",
                         f"Extra per month: ${s2} - ${s} = ${s2 - s}.",
                         f"Extra total: {m - j + 1} x ${s2 - s} = ${diffv}."],
                        ("Everything before the switch is identical in both worlds, so only the later months differ.",
                         "The counterfactual only changes the months after the switch."),
                        str(diffv), "(s2-s)*(m-j+1)", {"s": s, "s2": s2, "m": m, "j": j})
    if diff == "medium":
        d = rng.randint(20, 400)
        v1, v2 = rng.sample(range(30, 121, 5), 2)
        t1, t2 = Fraction(60 * d, v1), Fraction(60 * d, v2)  # minutes, actual and counterfactual
        saved = t1 - t2
        return _what_if(rng, diff, "travel", f"{name} drove {d} km at an average of {v1} km/h. ",
                        (f"Had the average been {v2} km/h, how many minutes would the trip have saved? (Negative means it would take longer; 2 decimals.)",
                         f"In the counterfactual where the average speed is {v2} km/h, what is the time saved in minutes (negative if lost, 2 decimals)?"),
                        [f"Actual time: {d}/{v1} h = {rounded(t1)} min.",
                         f"Counterfactual time: {d}/{v2} h = {rounded(t2)} min.",
                         f"Saved: {rounded(t1)} - {rounded(t2)} = {rounded(saved)} min."],
                        ("Time saved is not proportional to the speed difference: it depends on 1/v.",
                         "Note the 1/v relationship: the same speed gain saves less time at higher speeds."),
                        rounded(saved), "60d/v1-60d/v2", {"d": d, "v1": v1, "v2": v2})
    q, p = rng.randint(50, 400), rng.randint(6, 40)
    c = rng.randint(2, 20)
    p2 = rng.randint(max(2, p - 8), p - 1)
    q2 = q + c * (p - p2)
    rev, rev2 = p * q, p2 * q2
    item = rng.choice(("cups of coffee", "tickets", "plants", "books", "pastries", "bike repairs"))
    return _what_if(rng, diff, "pricing",
                    f"A stall sold {q} {item} at ${p} each. Its demand is linear: every $1 cut in price brings {c} more sales. ",
                    (f"Had the price been ${p2}, what would the change in revenue have been (in dollars, negative for a drop)?",
                     f"Counterfactually, at ${p2} each, how would revenue differ from what it actually was?"),
                    [f"Actual revenue: {q} x ${p} = ${rev}.",
                     f"Counterfactual sales: {q} + {c} x ({p} - {p2}) = {q2}.",
                     f"Counterfactual revenue: {q2} x ${p2} = ${rev2}.",
                     f"Difference: ${rev2} - ${rev} = ${rev2 - rev}." if rev2 >= rev else f"Difference: ${rev2} - ${rev} = -${rev - rev2}."],
                    ("Whether a price cut pays depends on how many extra sales it buys relative to the margin lost on existing sales.",
                     "The cut gains revenue on new sales but loses it on every sale that would have happened anyway."),
                    str(rev2 - rev), "p2*(q+c*(p-p2)) - p*q", {"q": q, "p": p, "c": c, "p2": p2})


PHYS_COUNTERFACTUALS = _BANKS["phys_counterfactuals"]


def counterfactual_physical(rng, diff) -> Example:
    premise, fact, effects, unchanged = rng.choice(PHYS_COUNTERFACTUALS)
    k = {"easy": 1, "medium": 2, "hard": 3}[diff]
    prompt = (rng.choice(("", "A student asks: ", "For a science column: ", "Quiz question: ", "Thought experiment: ",
                          "For a physics club: "))
              + _v(rng, f"What would happen if {premise}? Reason step by step from the actual mechanism.",
                   f"Suppose {premise}. Trace the main consequences.",
                   f"Think through a world in which {premise}. What changes first, and what follows?")
              + f" Give {NUM_WORDS[k]} consequence{'s' if k > 1 else ''}"
              + (", then say what stays the same." if diff != "easy" else ".")
              + f" Keep it suitable for {rng.choice(AUDIENCES)}.")
    lines = [_v(rng, f"Actual world: {fact}", f"Start from how things really are: {fact}", f"The real mechanism: {fact}"),
             _v(rng, "Change only that one fact and follow the consequences:", "Holding everything else fixed:",
                "Consequences, in order:")]
    chosen = list(effects[:k])
    for i, e in enumerate(chosen):
        lines.append(f"{i + 1}. {e}")
    if diff != "easy":
        lines.append(_v(rng, "What stays the same: ", "Unchanged: ", "Not affected: ") + unchanged)
    lines.append(_v(rng, "The exercise shows how much everyday life depends on this single property.",
                    "Counterfactuals like this are a quick way to see what a mechanism actually does.",
                    "Tracing a single change keeps the reasoning honest."))
    return example(category="counterfactual", difficulty=diff, template="reasoning.counterfactual.physical", prompt=prompt, lines=lines,
                   premise=premise)


# ---------------------------------------------------------------------------
# the generator
# ---------------------------------------------------------------------------

# category -> ((template function, weight), ...). Explanatory templates get lower weights.
TEMPLATES = {
    "logical": ((logic_knights, 1.0), (logic_ordering, 1.0), (logic_syllogism, 1.0), (logic_propositional, 1.0)),
    "mathematical": ((math_sum_first_n, 1.0), (math_arithmetic_series, 1.0), (math_geometric_series, 1.0),
                     (math_power_sums, 1.0), (math_proof, 2.5), (math_word_change, 0.7), (math_word_boxes, 0.7), (math_word_discount, 0.7)),
    "causal": ((causal_simpson, 1.0), (causal_mill, 1.0), (causal_necessary_sufficient, 1.0), (causal_confounder, 0.6)),
    "analogical": ((analogy_words, 1.0), (analogy_numbers, 1.0), (analogy_letters, 1.0), (analogy_structure, 0.6)),
    "counterfactual": ((counterfactual_scm, 1.2), (counterfactual_did, 1.0), (counterfactual_what_if, 1.0),
                       (counterfactual_physical, 0.6)),
    "chain_of_thought": ((cot_work_rate, 1.0), (cot_travel, 1.0), (cot_reverse_ops, 1.0), (cot_ages, 1.0),
                         (cot_percent, 1.0)),
}


class ReasoningGenerator(DomainGenerator):
    domain = "reasoning"
    version = "2"  # 2: reasoning.math.proof, bare proofs as the guide asks them
    categories = ("logical", "mathematical", "causal", "analogical", "counterfactual", "chain_of_thought")

    def example(self, category: str, rng: random.Random) -> Example:
        funcs = TEMPLATES[category]
        fn = rng.choices([f for f, _ in funcs], [w for _, w in funcs])[0]
        return fn(rng, rng.choice(DIFFICULTIES))
