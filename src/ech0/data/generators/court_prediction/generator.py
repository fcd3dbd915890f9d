"""Court prediction generator: explicit, checkable models of litigation outcomes.

Categories (original guide, "Domain Coverage" -> Court Prediction): evidence_analysis,
case_outcome_prediction, jury_psychology, judicial_reasoning,
settlement_probability, legal_strategy.

Every completion gives the lines `Predicted outcome: ...`, `Probability: NN%`
and `Key factors:` followed by `- ` bullets. Probabilities never come from
thin air: each prompt states a simple scoring model (an assumed base rate plus
documented adjustments, clamped to [5%, 95%]; Bayes with stated likelihood
ratios; an independent-juror binomial model; expected values), the completion
works it through, and the result is repeated as `Final answer: ...`. The one
exception is the guide's own task ("Predict case outcome from evidence and
legal precedent", court.outcome.open): the prompt gives the evidence and
precedent in words, and the completion first states the model it applies
(the base-rate template's assumed rate and point weights), then works it. Metadata
holds `inputs` and `formula` so a test can recompute every number.

Sources policy: base rates, likelihood ratios and factor weights are stated as
illustrative assumptions of the exercise, never as empirical statistics. Legal
rules that are cited (Federal Rules of Evidence and Civil Procedure, Daubert,
Twombly/Iqbal, standards of review, 28 U.S.C. 1870, Batson) are black-letter
law, cited beside their tables. Parties are generic. Educational analysis only,
not legal advice.

The word, phrase and evidence banks are in banks.yaml beside this file.
"""

from __future__ import annotations

import random
from fractions import Fraction
from math import comb, log

from ech0.data.generators.banks import load_banks
from ech0.data.generators.contract import DIFFICULTIES, DomainGenerator, Example, open_form
from ech0.data.generators.formatting import cap_first, definite, example, money, percent, with_article, worked

_BANKS = load_banks(__package__)

CLAMP_LO, CLAMP_HI = 5, 95  # every scoring model clamps to [5%, 95%]: no case is certain

NOT_ADVICE = _BANKS["not_advice"]
ORGS = _BANKS["orgs"]


def _case_parts(rng: random.Random, venues: tuple[str, ...] = _BANKS["venues"]) -> tuple[str, str, str]:
    """(description, plaintiff, defendant): 'a product liability suit brought by a customer against a toy maker in ...'."""
    kind = rng.choice(_BANKS["case_types"])
    plaintiff, defendant = rng.choice(_BANKS["plaintiffs"]), rng.choice(ORGS)
    text = (f"{with_article(kind)} {rng.choice(('suit', 'case', 'action', 'dispute'))} brought by {plaintiff} "
            f"against {defendant} in {rng.choice(venues)}")
    return text, plaintiff, defendant


def _case(rng: random.Random) -> str:
    return _case_parts(rng)[0]


def _round_half_away(x: Fraction) -> int:
    """Exact rounding of a rational to the nearest integer, halves away from zero."""
    return int((x * 2 + 1) // 2) if x >= 0 else -_round_half_away(-x)


def _pct(x: Fraction) -> int:
    return _round_half_away(x * 100)


def _clamp(v: int) -> int:
    return max(CLAMP_LO, min(CLAMP_HI, v))


def _clamp_note(raw: int, prob: int) -> str:
    """The end of a score's working line: the clamped figure where clamping changed the raw score."""
    return f", clamped to {prob}%." if raw != prob else "%."


def _signed(v: int) -> str:
    return f"+{v}" if v >= 0 else str(v)


# The outcome pair of the settlement and strategy templates that price a trial.
_TRIAL = ("plaintiff wins at trial", "defence verdict at trial")


def _prediction(rng: random.Random, d: str, cat: str, template: str, prompt: str, work: str, outcomes: tuple[str, str | None],
                p: int, factors: list[str], answer: str | None = None, rec: str = "", yes_wins: bool | None = None,
                **meta) -> Example:
    """One row, its completion the fixed output block: working, outcome, probability, bulleted factors, final answer.

    `p` is the model's probability (in %) of the event `yes` in `outcomes` = (`yes`, `no`). The predicted outcome
    is the more likely of the two, and the Probability line is the probability of that predicted outcome, so the
    two lines always agree. `no=None` means `yes` is reported with `p` as it is. `answer` (the Final answer line
    and metadata.answer) defaults to `p` in percent; `meta` is the row's inputs and formula.
    """
    yes, no = outcomes
    if answer is None:
        answer = f"{p}%"
    if yes_wins is None:
        yes_wins = p >= 50
    if no is None or yes_wins:
        outcome, prob = yes, p
    else:
        outcome, prob = no, 100 - p
        work += f" The model gives {p}% for {yes}, so the predicted outcome ({no}) has probability {prob}%."
    lines = [rng.choice(NOT_ADVICE), work, f"Predicted outcome: {outcome}{rec}", f"Probability: {prob}%", "Key factors:"]
    return example(prompt=prompt, completion=worked(lines + [f"- {f}" for f in factors], answer), category=cat,
                   difficulty=d, template=template, answer=answer, **meta)


def _ask(rng: random.Random, key: str) -> str:
    """A template's prompt ask, drawn from banks.yaml `asks[key]` (key: the template id less "court.")."""
    return rng.choice(_BANKS["asks"][key])


def _reason(rng: random.Random, key: str) -> str:
    """A template's drawn key-factor reason, from banks.yaml `reasons[key]`."""
    return rng.choice(_BANKS["reasons"][key])


_N_FACTORS = {"easy": (2, 3), "medium": (3, 4), "hard": (5, 6)}


# ==========================================================================
# case_outcome_prediction
# ==========================================================================

CLAIMS = _BANKS["claims"]
FACTORS = _BANKS["factors"]


def _t_base_rate(rng, d, cat):
    claim, base = rng.choice(CLAIMS)
    if d == "hard":
        base = max(5, min(95, base + rng.choice((-20, -15, 15, 25, 30))))
    k = rng.randint(*_N_FACTORS[d])
    facs = rng.sample(FACTORS, k)
    plaintiff, defendant, venue = rng.choice(_BANKS["plaintiffs"]), rng.choice(ORGS), rng.choice(_BANKS["venues"])
    raw = base + sum(v for _, v in facs)
    prob = _clamp(raw)
    listing = "\n".join(f"- {t} ({_signed(v)})" for t, v in facs)
    prompt = (f"{cap_first(plaintiff)} sues {defendant} for {claim} in {venue}. "
              + _ask(rng, "outcome.base_rate")
              + f" start from an assumed base rate of {base}% for {claim} claims reaching trial, add the listed adjustments "
              "(percentage points), and clamp to [5%, 95%].\n" + listing)
    work = f"Score: {base}" + "".join(f" {_signed(v)}" for _, v in facs) + f" = {raw}"
    work += (f", clamped to {prob}%." if raw != prob else "%, inside the clamp range.")
    winner = "plaintiff" if prob > 50 else "defendant" if prob < 50 else "neither side (a coin flip)"
    facs_sorted = sorted(facs, key=lambda f: -abs(f[1]))
    bullets = [f"{cap_first(t)} ({_signed(v)} points)" for t, v in facs_sorted[:4]]
    bullets.append(rng.choice((f"Assumed base rate for {claim}: {base}%", f"Starting point: {base}% for {claim}",
                               f"The {base}% prior for {claim} anchors the estimate")))
    if raw != prob:
        bullets.append("The clamp reflects that no trial outcome is certain")
    if d != "easy":
        bullets.append(rng.choice(("Adjustments are additive, so correlated factors may be double-counted",
                                   "The model ignores how the factors interact at trial",
                                   f"The favoured side is the {winner}, but the margin is what matters for strategy")))
    return _prediction(rng, d, cat, "court.outcome.base_rate", prompt, work,
                       (f"judgment for {definite(plaintiff)}", f"judgment for {definite(defendant)}"), prob, bullets,
                       inputs={"base": base, "adjustments": [v for _, v in facs]}, formula="clamp(base + sum(adjustments), 5, 95)")


# The guide's example task in its own open form: evidence and precedent in
# words, no scoring model in the prompt (court.outcome.open). With the
# stated-model prompts alone, SmolLM2 fine-tuned on the default 90 steps
# answered the guide's "Predict case outcome from evidence and legal
# precedent" with law's IRAC headings and no probability.
OPEN_SHARE = 0.35
OPEN_ASKS = _BANKS["open_asks"]
# The same ask with no evidence at all (court.outcome.bare), as the guide words
# it. As a branch of the open template these rows were 11 of 89,635 processed
# train rows (dedup cut them to their 5 distinct prompts), so the ~840 rows a
# default run trains on held none and the guide's bare ask came back in IRAC.
# As a template of its own, with the claim type, wording and "what would move
# it" factors varying, they are 0.30 x 1/6 = 5% of the domain (the top-template
# cap is 10%, tests/data/generators/test_generators.py).
BARE_SHARE = 0.30
BARE_ASKS = _BANKS["bare_asks"]
# No claim named: plaintiffs win roughly half of the civil cases that reach a
# verdict, so the prior is a coin flip tilted slightly their way.
GENERIC_CLAIM = ("civil", 55)
PRECEDENT_FACTORS = _BANKS["precedent_factors"]


def _open_work(claim: str, base: int) -> str:
    return (f"Model (assumed for this exercise): start from a {base}% base rate for {claim} claims reaching trial, "
            "add points for each piece of evidence and authority, clamp to [5%, 95%].")


def _t_bare_case(rng, d, cat):
    ask = rng.choice(BARE_ASKS)
    if "{a_claim}" not in ask or rng.random() < 0.25:
        (claim, base) = GENERIC_CLAIM
    else:
        claim, base = rng.choice(CLAIMS)
    prompt = ask.format(a_claim=with_article(claim))
    if d != "easy" and "{a_claim}" in ask:
        prompt += " " + rng.choice((f"It is before {rng.choice(_BANKS['venues'])}.", "No evidence has been disclosed yet.",
                                    "Discovery has not started.", "Only the complaint has been filed."))
    work = _open_work(claim, base) + f" No evidence or precedent is given, so the estimate is the base rate: {base}%."
    movers = rng.sample(FACTORS, 2 if d == "easy" else 3)
    bullets = [f"Assumed base rate for {claim} claims: {base}%"]
    bullets += [f"If {t}: {_signed(v)} points" for t, v in movers]
    bullets.append(_reason(rng, "outcome.bare"))
    return open_form(_prediction(rng, d, cat, "court.outcome.bare", prompt, work, ("judgment for the plaintiff", "judgment for the defendant"), base,
                                 bullets, inputs={"base": base, "adjustments": []}, formula="clamp(base, 5, 95)"))


def _t_open_case(rng, d, cat):
    claim, base = rng.choice(CLAIMS)
    plaintiff, defendant, venue = rng.choice(_BANKS["plaintiffs"]), rng.choice(ORGS), rng.choice(_BANKS["venues"])
    ask = rng.choice(OPEN_ASKS)
    evidence = rng.sample([f for f in FACTORS if f not in PRECEDENT_FACTORS], rng.randint(*_N_FACTORS[d]) - 1)
    facs = evidence + [rng.choice(PRECEDENT_FACTORS)]
    rng.shuffle(facs)
    case = f"{cap_first(plaintiff)} sues {defendant} for {claim} in {venue}."
    listing = "\n".join(f"- {cap_first(t)}" for t, _ in facs)
    prompt = rng.choice((f"{ask}\n{case}\n{listing}", f"{case} {ask}\n{listing}"))
    raw = base + sum(v for _, v in facs)
    prob = _clamp(raw)
    work = _open_work(claim, base)
    work += " Evidence and authority: " + "; ".join(f"{t} {_signed(v)}" for t, v in facs) + "."
    work += f" Score: {base}" + "".join(f" {_signed(v)}" for _, v in facs) + f" = {raw}"
    work += _clamp_note(raw, prob)
    bullets = [f"{cap_first(t)} ({_signed(v)} points)" for t, v in sorted(facs, key=lambda f: -abs(f[1]))[:4]]
    bullets.append(f"Assumed base rate for {claim} claims: {base}%")
    bullets.append(_reason(rng, "outcome.open"))
    return _prediction(rng, d, cat, "court.outcome.open", prompt, work,
                       (f"judgment for {definite(plaintiff)}", f"judgment for {definite(defendant)}"), prob, bullets,
                       inputs={"base": base, "adjustments": [v for _, v in facs]}, formula="clamp(base + sum(adjustments), 5, 95)")


# Precedent weights for the alignment model (points per authority).
PRECEDENT_W = {"binding_for": 12, "binding_against": -15, "persuasive_for": 4, "persuasive_against": -4}
_ISSUES = _BANKS["issues"]


def _t_precedent(rng, d, cat):
    issue = rng.choice(_ISSUES)
    counts = {k: 0 for k in PRECEDENT_W}
    n = {"easy": 2, "medium": 4, "hard": 6}[d]
    for _ in range(n):
        counts[rng.choice(tuple(PRECEDENT_W))] += 1
    raw = 50 + sum(PRECEDENT_W[k] * c for k, c in counts.items())
    prob = _clamp(raw)
    labels = {"binding_for": "binding decision{s} favouring the movant", "binding_against": "binding decision{s} against the movant",
              "persuasive_for": "persuasive decision{s} favouring the movant", "persuasive_against": "persuasive decision{s} against the movant"}
    desc = "; ".join(f"{c} {labels[k].format(s='s' if c > 1 else '')}" for k, c in counts.items() if c)
    org = rng.choice(ORGS)
    prompt = (f"{cap_first(org)} asks the court to rule {issue}. Research found: {desc}. "
              "Model: start at 50%, add 12 points per binding decision in favour, subtract 15 per binding decision against, "
              "add or subtract 4 per persuasive decision, clamp to [5%, 95%]. "
              + _ask(rng, "outcome.precedent_alignment"))
    terms = [f"{_signed(PRECEDENT_W[k] * c)} ({c} x {_signed(PRECEDENT_W[k])})" for k, c in counts.items() if c]
    work = "50 " + " ".join(terms) + f" = {raw}" + _clamp_note(raw, prob)
    bullets = [f"{c} {labels[k].format(s='s' if c > 1 else '')} ({_signed(PRECEDENT_W[k] * c)} points)" for k, c in counts.items() if c]
    bullets.append(_reason(rng, "outcome.precedent_alignment"))
    if d == "hard":
        bullets.append(_reason(rng, "outcome.precedent_alignment.hard"))
    return _prediction(rng, d, cat, "court.outcome.precedent_alignment", prompt, work, ("ruling for the movant", "ruling against the movant"), prob,
                       bullets, inputs={"counts": counts, "weights": PRECEDENT_W}, formula="clamp(50 + sum(weight*count), 5, 95)")


_CLAIM_NAMES = _BANKS["claim_names"]


def _t_multi_claim(rng, d, cat):
    n = {"easy": 2, "medium": 3, "hard": 4}[d]
    names = rng.sample(_CLAIM_NAMES, n)
    ps = [rng.randrange(10, 91, 5) for _ in names]
    fail = Fraction(1)
    allp = Fraction(1)
    for p in ps:
        fail *= Fraction(100 - p, 100)
        allp *= Fraction(p, 100)
    at_least = 1 - fail
    prob = _pct(at_least)
    plaintiff, defendant = rng.choice(_BANKS["plaintiffs"]), rng.choice(ORGS)
    listing = ", ".join(f"{nm} {p}%" for nm, p in zip(names, ps))
    prompt = (f"{cap_first(plaintiff)} pleads {n} claims against {defendant}, with estimated success chances: {listing}. "
              "Treat the claims as independent. " + _ask(rng, "outcome.multi_claim"))
    work = ("P(lose all) = " + " x ".join(f"{(100 - p) / 100:g}" for p in ps) + f" = {float(fail):.4f}; "
            f"P(at least one) = 1 - {float(fail):.4f} = {float(at_least):.4f}; P(all) = {float(allp):.4f}.")
    best = max(zip(ps, names))
    bullets = [f"Strongest claim: {best[1]} at {best[0]}%",
               f"Chance of winning every claim is only {_pct(allp)}%",
               _reason(rng, "outcome.multi_claim")]
    if d != "easy":
        bullets.append("Damages usually overlap across claims, so winning several rarely multiplies recovery")
    return _prediction(rng, d, cat, "court.outcome.multi_claim", prompt, work,
                       (f"{definite(plaintiff)} prevails on at least one claim", f"{definite(defendant)} defeats every claim"), prob, bullets,
                       inputs={"claim_probs_pct": ps}, formula="1 - prod(1 - p_i)")


_ELEMENTS = _BANKS["elements"]


def _t_pleading(rng, d, cat):
    claim = rng.choice(tuple(_ELEMENTS))
    elems = _ELEMENTS[claim]
    facts = [rng.random() < 0.65 for _ in elems]
    if d == "easy":
        facts = [True] * (len(elems) - 1) + [rng.random() < 0.5]
    n_fact = sum(facts)
    n_conc = len(elems) - n_fact
    raw = 30 + 15 * n_fact - 10 * n_conc
    prob = _clamp(raw)
    desc = "; ".join(f"{e}: {'specific facts alleged' if f else 'only a conclusory allegation'}" for e, f in zip(elems, facts))
    defendant, plaintiff, venue = rng.choice(ORGS), rng.choice(_BANKS["plaintiffs"]), rng.choice(_BANKS["venues"][:2] + _BANKS["venues"][4:])
    prompt = (f"{cap_first(defendant)} moves to dismiss, under FRCP 12(b)(6), a {claim} complaint filed by {plaintiff} in {venue}. Element by element: {desc}. "
              "Model for the chance the complaint survives: 30% + 15 points per element backed by specific facts - 10 per conclusory element, clamped to [5%, 95%]. "
              + _ask(rng, "outcome.pleading"))
    work = (rng.choice(("Under Bell Atlantic Corp. v. Twombly, 550 U.S. 544 (2007), and Ashcroft v. Iqbal, 556 U.S. 662 (2009), a complaint must plead facts making the claim plausible; conclusions are not assumed true.",
                        "Twombly (550 U.S. 544 (2007)) and Iqbal (556 U.S. 662 (2009)) require factual allegations that make liability plausible, not merely conceivable.",
                        "The plausibility standard of Twombly, 550 U.S. 544 (2007), and Iqbal, 556 U.S. 662 (2009), ignores bare legal conclusions and asks whether the facts alleged support a reasonable inference of liability."))
            + f" {cap_first(plaintiff)}'s complaint against {defendant}: {n_fact} factual, {n_conc} conclusory. Score: 30 + 15 x {n_fact} - 10 x {n_conc} = {raw}" + _clamp_note(raw, prob))
    weak = [e for e, f in zip(elems, facts) if not f]
    bullets = [f"{n_fact} of {len(elems)} elements supported by specific facts"]
    bullets.append(f"Conclusory elements: {', '.join(weak)}" if weak else "No element rests on bare conclusions")
    bullets.append(rng.choice(("Courts usually allow at least one amendment after a first dismissal",
                               "Plausibility is context-specific and draws on judicial experience and common sense",
                               "Fraud must also meet the particularity requirement of FRCP 9(b)" if claim == "fraud" else
                               "Legal conclusions dressed as facts get no presumption of truth")))
    return _prediction(rng, d, cat, "court.outcome.pleading", prompt, work,
                       ("motion denied; the complaint survives", "motion granted, likely with leave to amend"), prob, bullets,
                       inputs={"facts": facts}, formula="clamp(30 + 15*facts - 10*conclusory, 5, 95)")


# ==========================================================================
# evidence_analysis
# ==========================================================================

EVIDENCE = _BANKS["evidence"]


def _t_bayes(rng, d, cat):
    prior = rng.randrange(10, 71, 5)
    k = {"easy": 1, "medium": 2, "hard": 4}[d]
    items = rng.sample(EVIDENCE, k)
    odds = Fraction(prior, 100 - prior)
    for _, lr in items:
        odds *= Fraction(lr)
    post = odds / (1 + odds)
    prob = _pct(post)
    if prob == 50:
        prob_note = " (exactly balanced)"
    else:
        prob_note = ""
    listing = "\n".join(f"- {t}: LR {lr}" for t, lr in items)
    defendant = rng.choice(ORGS)
    prompt = (f"In a civil case against {defendant}, start from a prior probability of liability of {prior}%. Update on this evidence, "
              "treating the likelihood ratios (LR) as given and the items as conditionally independent:\n" + listing
              + "\n" + _ask(rng, "evidence.bayes"))
    lr_prod = Fraction(1)
    for _, lr in items:
        lr_prod *= Fraction(lr)
    work = (f"Prior odds = {prior}/{100 - prior} = {float(Fraction(prior, 100 - prior)):.4f}. Combined LR = "
            + " x ".join(lr for _, lr in items) + f" = {float(lr_prod):.4f}. Posterior odds = {float(odds):.4f}; "
            f"probability = odds / (1 + odds) = {float(post):.4f}{prob_note}.")
    strongest = max(items, key=lambda it: abs(log(float(it[1]))))  # distance from LR 1 on a log scale
    bullets = [f"Most informative item: {strongest[0]} (LR {strongest[1]})",
               f"Prior of {prior}% before any evidence",
               _reason(rng, "evidence.bayes")]
    if d == "hard":
        bullets.append("Jurors rarely update this precisely; the model is a benchmark, not a forecast of deliberations")
    return _prediction(rng, d, cat, "court.evidence.bayes", prompt, work,
                       ("liability found on the preponderance of the evidence", "no liability: the plaintiff does not carry the burden"), prob,
                       bullets, yes_wins=post > Fraction(1, 2), inputs={"prior_pct": prior, "likelihood_ratios": [lr for _, lr in items]},
                       formula="posterior = odds*prod(LR)/(1+odds*prod(LR))")


HEARSAY = _BANKS["hearsay"]
_HS_ADJ = _BANKS["hs_adj"]


def _t_hearsay(rng, d, cat):
    stmt, route, pts = rng.choice(HEARSAY)
    k = {"easy": 0, "medium": 1, "hard": 3}[d]
    adj = rng.sample(_HS_ADJ, k)
    raw = 50 + pts + sum(v for _, v in adj)
    prob = _clamp(raw)
    extra = ("; " + "; ".join(t for t, _ in adj)) if adj else ""
    case = _case(rng)
    prompt = (f"In {case}, a party offers {stmt}{extra}. "
              "Model for the chance the statement is admitted: 50% + route points (non-hearsay route +30 to +35, a fitting exception +20 to +25, no route -30) "
              "+ the stated adjustments (available foundation +10, strong 403 objection -15, reliability doubts -10, corroboration +5, late disclosure -5), clamped to [5%, 95%]. "
              + _ask(rng, "evidence.hearsay"))
    work = (rng.choice(("Case: {c}.", "Context: {c}.", "This arises in {c}.")).format(c=case)
            + f" Route: {route} ({_signed(pts)}). Score: 50 {_signed(pts)}" + "".join(f" {_signed(v)}" for _, v in adj)
            + f" = {raw}" + _clamp_note(raw, prob))
    bullets = [f"Route to admission: {route}"]
    bullets += [f"{cap_first(t)} ({_signed(v)})" for t, v in adj]
    bullets.append(_reason(rng, "evidence.hearsay"))
    return _prediction(rng, d, cat, "court.evidence.hearsay", prompt, work, ("admitted", "excluded"), prob, bullets,
                       inputs={"route_points": pts, "adjustments": [v for _, v in adj]}, formula="clamp(50 + route + sum(adj), 5, 95)")


DAUBERT = _BANKS["daubert"]
_EXPERT_FIELDS = _BANKS["expert_fields"]


def _t_daubert(rng, d, cat):
    field = rng.choice(_EXPERT_FIELDS)
    met = [rng.random() < 0.6 for _ in DAUBERT]
    gap = d != "easy" and rng.random() < 0.35
    raw = 20 + 15 * sum(met) - (20 if gap else 0)
    prob = _clamp(raw)
    desc = "; ".join(f"{f}: {'yes' if m else 'no'}" for f, m in zip(DAUBERT, met))
    case = _case(rng)
    prompt = (f"In {case}, a party moves to exclude an expert in {field} under FRE 702. Daubert checklist: {desc}."
              + (" The expert's conclusion does not follow from the data (an analytical gap)." if gap else "")
              + " Model: 20% + 15 points per factor met" + (" - 20 for an analytical gap" if d != "easy" else "")
              + ", clamped to [5%, 95%]. " + _ask(rng, "evidence.daubert"))
    work = (rng.choice(("Case: {c}. ", "Context: {c}. ", "")).format(c=case) + f"Factors met: {sum(met)} of 5. Score: 20 + 15 x {sum(met)}" + (" - 20" if gap else "") + f" = {raw}"
            + _clamp_note(raw, prob))
    bullets = [f"{sum(met)} of 5 Daubert factors satisfied (Daubert v. Merrell Dow Pharmaceuticals, Inc., 509 U.S. 579 (1993))"]
    missing = [f for f, m in zip(DAUBERT, met) if not m]
    if missing:
        bullets.append("Missing: " + ", ".join(missing))
    if gap:
        bullets.append("Analytical gap between data and opinion (General Electric Co. v. Joiner, 522 U.S. 136 (1997))")
    bullets.append(rng.choice(("The proponent must show admissibility is more likely than not under FRE 702",
                               "The factors are flexible; no single one is decisive",
                               f"Judges act as gatekeepers for {field} testimony as for any expert field")))
    return _prediction(rng, d, cat, "court.evidence.daubert", prompt, work, ("expert testimony admitted", "expert testimony excluded"), prob, bullets,
                       inputs={"factors_met": met, "analytical_gap": gap}, formula="clamp(20 + 15*met - 20*gap, 5, 95)")


_MATRIX_ITEMS = _BANKS["matrix_items"]


def _t_matrix(rng, d, cat):
    k = {"easy": 3, "medium": 4, "hard": 6}[d]
    names = rng.sample(_MATRIX_ITEMS, k)
    items = []
    for nm in names:
        w = rng.randint(1, 3)                  # weight: importance of the item
        c = rng.randint(1, 3)                  # credibility: 1 low .. 3 high
        side = rng.choice((1, -1))             # +1 helps the plaintiff, -1 the defendant
        items.append((nm, w, c, side))
    net = sum(w * c * s for _, w, c, s in items)
    raw = 50 + 3 * net
    prob = _clamp(raw)
    listing = "\n".join(f"- {nm}: weight {w}, credibility {c}, favours {'plaintiff' if s > 0 else 'defendant'}" for nm, w, c, s in items)
    prompt = ("Score this evidence matrix. Each item contributes weight x credibility points to the side it favours; "
              "the plaintiff's win probability is 50% + 3 x (plaintiff points - defendant points), clamped to [5%, 95%].\n" + listing
              + "\n" + _ask(rng, "evidence.matrix"))
    p_pts = sum(w * c for _, w, c, s in items if s > 0)
    d_pts = sum(w * c for _, w, c, s in items if s < 0)
    work = f"Plaintiff points {p_pts}, defendant points {d_pts}, net {_signed(net)}. 50 + 3 x {net} = {raw}" + _clamp_note(raw, prob)
    top = sorted(items, key=lambda it: -it[1] * it[2])[:3]
    bullets = [f"{cap_first(nm)}: {w * c} points for the {'plaintiff' if s > 0 else 'defendant'}" for nm, w, c, s in top]
    bullets.append(_reason(rng, "evidence.matrix"))
    return _prediction(rng, d, cat, "court.evidence.matrix", prompt, work, ("plaintiff prevails", "defendant prevails"), prob, bullets,
                       inputs={"items": [[w, c, s] for _, w, c, s in items]}, formula="clamp(50 + 3*sum(w*c*side), 5, 95)")


# ==========================================================================
# jury_psychology
# ==========================================================================
def _binom_tail(n: int, p: Fraction, k: int) -> Fraction:
    """P(X >= k) for X ~ Binomial(n, p), exactly."""
    return sum((comb(n, i) * p ** i * (1 - p) ** (n - i) for i in range(k, n + 1)), Fraction(0))


def _t_condorcet(rng, d, cat):
    n = {"easy": rng.choice((3, 5)), "medium": rng.choice((5, 7, 9)), "hard": rng.choice((9, 11))}[d]
    p = rng.randrange(52, 86)
    maj = n // 2 + 1
    q = _binom_tail(n, Fraction(p, 100), maj)
    prob = _pct(q)
    ans = percent(q * 100, 1)
    case = _case(rng)
    prompt = (f"For {case}, consider a toy model of a {n}-member panel in which each juror independently reaches the correct verdict with probability {p}%. "
              f"A simple majority ({maj} of {n}) decides. "
              + _ask(rng, "jury.condorcet"))
    work = (rng.choice(("Setting: {c}. ", "Case: {c}. ", "")).format(c=case) + f"P(at least {maj} correct) = sum over k = {maj}..{n} of C({n},k) x {p / 100:g}^k x {1 - p / 100:g}^({n}-k) = {float(q):.4f}.")
    bullets = [f"Individual accuracy {p}% rises to {ans} for the majority of {n}",
               _reason(rng, "jury.condorcet"),
               _reason(rng, "jury.condorcet.research")]
    return _prediction(rng, d, cat, "court.jury.condorcet", prompt, work, ("the majority reaches the correct verdict", "the majority errs"), prob,
                       bullets, answer=ans, inputs={"n": n, "p_pct": p, "majority": maj}, formula="binomial_tail(n, p, n//2+1)")


# Verdict rules (assumed for the exercise; some US states allow non-unanimous civil verdicts such as 9 of 12).
_VERDICT_RULES = ((12, 12), (12, 10), (12, 9), (6, 6), (6, 5), (8, 6))


def _t_supermajority(rng, d, cat):
    n, k = rng.choice(_VERDICT_RULES[:3] if d == "hard" else _VERDICT_RULES)
    p = rng.randrange(40, 91, 5)
    pf = Fraction(p, 100)
    p_pl = _binom_tail(n, pf, k)
    p_def = _binom_tail(n, 1 - pf, k)
    hung = 1 - p_pl - p_def
    plaintiff = rng.choice(_BANKS["plaintiffs"])
    rule = "unanimity" if n == k else f"{k} of {n}"
    prompt = (f"Toy model for a civil {rng.choice(_BANKS['case_types'])} trial brought by {plaintiff} against {rng.choice(ORGS)}: each of {n} jurors independently favours the plaintiff with probability {p}%. "
              f"A verdict requires {rule} for either side; otherwise the jury hangs. "
              + _ask(rng, "jury.supermajority")
              + (" Also compute the hung-jury probability." if d != "easy" else ""))
    work = (f"P(plaintiff verdict) = P(at least {k} of {n} for plaintiff) = {float(p_pl):.4f}; "
            f"P(defence verdict) = P(at least {k} for defence) = {float(p_def):.4f}; P(hung) = {float(hung):.4f}.")
    outcome, p_out = max((("verdict for the plaintiff", p_pl), ("verdict for the defence", p_def), ("hung jury", hung)),
                         key=lambda o: o[1])  # first listed wins exact ties
    bullets = [f"Decision rule: {rule}",
               f"Hung-jury risk {_pct(hung)}%",
               _reason(rng, "jury.supermajority")]
    if d == "hard":
        bullets.append(f"Defence-verdict probability {_pct(p_def)}%")
    work += f" The most likely single result is a {outcome} ({_pct(p_out)}%)."
    return _prediction(rng, d, cat, "court.jury.supermajority", prompt, work, (outcome, None), _pct(p_out), bullets, answer=percent(p_pl * 100, 1),
                       inputs={"n": n, "k": k, "p_pct": p}, formula="binomial_tail(n, p, k)")


def _t_anchoring(rng, d, cat):
    baseline = rng.randrange(50, 800) * 1000
    anchor = baseline * rng.choice((2, 3, 4, 5, 8, 10))
    w = rng.choice((10, 15, 20, 25, 30, 35, 40))  # percent pull toward the anchor
    liab = rng.randrange(55, 96, 5)
    award = baseline + (anchor - baseline) * w // 100
    ev = award * liab // 100
    defendant = rng.choice(ORGS)
    prompt = (f"In a personal-injury trial against {defendant}, a mock-jury study suggests a baseline award of {money(baseline)} with no number suggested. "
              f"Plaintiff's counsel plans to ask for {money(anchor)}. Use an anchoring model where the award moves {w}% of the way from the baseline toward the anchor, "
              f"and a liability probability of {liab}%. "
              + _ask(rng, "jury.anchoring"))
    if d == "hard":
        prompt += " Comment on the risk of an extreme anchor."
    work = (f"Anchored award = {money(baseline)} + {w}% x ({money(anchor)} - {money(baseline)}) = {money(award)}. "
            f"Expected value = {liab}% x {money(award)} = {money(ev)}.")
    bullets = [f"Anchor pulls the award up by {money(award - baseline)}",
               _reason(rng, "jury.anchoring"),
               f"Liability is still uncertain at {liab}%"]
    if d == "hard":
        bullets.append("An outlandish anchor can cost credibility and invite remittitur, so the pull is not unlimited")
    return _prediction(rng, d, cat, "court.jury.anchoring", prompt, work, (f"liability found, with an award of about {money(award)}", "no liability"),
                       liab, bullets, answer=money(award), inputs={"baseline": baseline, "anchor": anchor, "weight_pct": w, "liability_pct": liab},
                       formula="baseline + w*(anchor-baseline)")


_JUROR_TRAITS = _BANKS["juror_traits"]


def _t_voir_dire(rng, d, cat):
    n = {"easy": 5, "medium": 7, "hard": 9}[d]
    strikes = 3  # 28 U.S.C. 1870: each party gets three peremptory challenges in federal civil cases
    jurors = []
    for i in range(1, n + 1):
        traits = rng.sample(_JUROR_TRAITS, rng.randint(1, 2))
        jurors.append((i, traits, sum(v for _, v in traits)))
    # Defence perspective: high (plaintiff-leaning) scores are struck; ties broken by lower juror number.
    order = sorted(jurors, key=lambda j: (-j[2], j[0]))
    struck = sorted(j[0] for j in order[:strikes])
    base = rng.randrange(35, 66)
    remaining = sum(j[2] for j in jurors if j[0] not in struck)
    raw = base + 2 * remaining
    prob = _clamp(raw)
    listing = "\n".join(f"- Juror {i}: " + "; ".join(t for t, _ in tr) for i, tr, _ in jurors)
    pts = ", ".join(f"{t} {_signed(v)}" for t, v in _JUROR_TRAITS)
    defendant = rng.choice(ORGS)
    prompt = (f"You advise {defendant}, the defendant in a federal civil jury trial, on its three peremptory strikes. Score each juror by summing trait points "
              f"(positive = plaintiff-leaning): {pts}. Strike the three highest scores (ties: lower number first). "
              f"Then estimate the plaintiff's win chance as {base}% + 2 x (sum of remaining jurors' scores), clamped to [5%, 95%].\n" + listing)
    scores = ", ".join(f"J{i}={_signed(s)}" for i, _, s in jurors)
    work = (f"Scores: {scores}. Strike jurors {', '.join(map(str, struck))}. Remaining total {_signed(remaining)}; "
            f"{base} + 2 x {remaining} = {raw}" + _clamp_note(raw, prob))
    ans = "Jurors " + ", ".join(map(str, struck))
    bullets = [f"Strikes used on the most plaintiff-leaning jurors: {', '.join(map(str, struck))}",
               "Each side has three peremptory challenges in federal civil cases (28 U.S.C. 1870)",
               _reason(rng, "jury.voir_dire")]
    s_txt = ", ".join(map(str, struck))
    return _prediction(rng, d, cat, "court.jury.voir_dire", prompt, work,
                       (f"plaintiff verdict even after striking jurors {s_txt}", f"defence verdict after striking jurors {s_txt}"), prob, bullets,
                       answer=ans, inputs={"scores": [s for _, _, s in jurors], "strikes": strikes, "base_pct": base},
                       formula="strike top-3 scores; clamp(base + 2*remaining)")


# ==========================================================================
# judicial_reasoning


# ==========================================================================
# Standards of review (federal appellate practice) with ASSUMED per-issue reversal chances for the exercise.
STANDARDS = {"de novo": 30, "clear error": 8, "abuse of discretion": 10}
ISSUE_TYPES = _BANKS["issue_types"]
_STD_CITES = _BANKS["std_cites"]


def _t_appeal(rng, d, cat):
    n = {"easy": 1, "medium": 2, "hard": 3}[d]
    issues = rng.sample(ISSUE_TYPES, n)
    while n > 1 and any("summary" in t for t, _ in issues) and any("bench" in t for t, _ in issues):
        issues = rng.sample(ISSUE_TYPES, n)  # a case ends at summary judgment or at a bench trial, not both
    bumps = [rng.choice((0, 5, 10, -5)) if d == "hard" else 0 for _ in issues]
    ps = [max(1, STANDARDS[std] + b) for (_, std), b in zip(issues, bumps)]
    keep = Fraction(1)
    for p in ps:
        keep *= Fraction(100 - p, 100)
    rev = 1 - keep
    prob = _pct(rev)
    case, plaintiff, defendant = _case_parts(rng, _BANKS["venues"][:1] + _BANKS["venues"][4:])  # federal trial courts
    appellant = rng.choice((plaintiff, defendant))
    listing = "; ".join(f"{t}" + (f" (issue-specific adjustment {_signed(b)} points)" if b else "") for (t, _), b in zip(issues, bumps))
    prompt = (f"In {case}, judgment went against {appellant}. On appeal, {definite(appellant)} challenges: {listing}. Model: base reversal chance by standard of review "
              f"(de novo 30%, abuse of discretion 10%, clear error 8%), plus any stated adjustment; issues independent. "
              + _ask(rng, "judicial.appeal_reversal"))
    work = rng.choice(("Case: {c}. ", "Appeal from {c}. ", "")).format(c=case) + "; ".join(f"{cap_first(t)}: {std} -> {p}%" for (t, std), p in zip(issues, ps))
    work += ". P(at least one reversal) = 1 - " + " x ".join(f"{(100 - p) / 100:g}" for p in ps) + f" = {float(rev):.4f}."
    bullets = [f"{cap_first(t)}: reviewed {std} ({_STD_CITES[std]})" for t, std in issues[:3]]
    bullets.append(_reason(rng, "judicial.appeal_reversal"))
    return _prediction(rng, d, cat, "court.judicial.appeal_reversal", prompt, work, ("reversed at least in part", "affirmed"), prob, bullets,
                       inputs={"issue_probs_pct": ps}, formula="1 - prod(1 - p_i)")


def _t_standard(rng, d, cat):
    text, std = rng.choice(ISSUE_TYPES)
    base = STANDARDS[std]
    strength = rng.choice((-2, -1, 0, 1, 2)) if d != "easy" else 0
    raw = 100 - (base + 5 * strength)
    prob = _clamp(raw)
    case, plaintiff, defendant = _case_parts(rng, _BANKS["venues"][:1] + _BANKS["venues"][4:])
    appellant = rng.choice((plaintiff, defendant))
    prompt = (f"In {case}, {appellant} lost and appeals {text}. Which standard of review applies, and how likely is affirmance? "
              f"Model: affirmance = 100% - base reversal chance (de novo 30%, abuse of discretion 10%, clear error 8%)"
              + (f" - 5 x argument strength (here {_signed(strength)} on a -2..+2 scale)" if d != "easy" else "")
              + ", clamped to [5%, 95%].")
    work = (rng.choice(("Case: {c}. ", "Background: {c}. ", "")).format(c=case) + f"{cap_first(text)} is reviewed {std}. Reversal chance {base}%" + (f" + 5 x {_signed(strength)}" if d != "easy" else "")
            + f"; affirmance = {raw}%" + (f", clamped to {prob}%." if raw != prob else "."))
    bullets = [f"Standard: {std} ({_STD_CITES[std]})",
               _reason(rng, "judicial.standard_of_review"),
               f"Argument strength {_signed(strength)} on the model's scale"]
    return _prediction(rng, d, cat, "court.judicial.standard_of_review", prompt, work, ("affirmed", "reversed"), prob, bullets, answer=std,
                       inputs={"issue": text, "strength": strength}, formula="standard lookup; affirm = clamp(100 - (base + 5*strength))")


COURTS = _BANKS["courts"]


def _t_binding(rng, d, cat):
    n = {"easy": 2, "medium": 3, "hard": 5}[d]
    picks = [(rng.choice(COURTS), rng.choice((True, False))) for _ in range(n)]
    b_for = sum(1 for (c, bind), fav in picks if bind and fav)
    b_against = sum(1 for (c, bind), fav in picks if bind and not fav)
    p_for = sum(1 for (c, bind), fav in picks if not bind and fav)
    p_against = sum(1 for (c, bind), fav in picks if not bind and not fav)
    raw = 50 + 20 * (b_for - b_against) + 5 * (p_for - p_against)
    prob = _clamp(raw)
    listing = "\n".join(f"- a decision of {c} {'supporting' if fav else 'rejecting'} the plaintiff's reading" for (c, _), fav in picks)
    topic = rng.choice(_FEDERAL_ISSUES)
    prompt = (f"A federal district court must decide {topic}, a contested question of federal law, in a suit brought by {rng.choice(_BANKS['plaintiffs'])} "
              f"against {rng.choice(ORGS)}. Authorities cited:\n" + listing
              + "\nModel: 50% + 20 x (binding for - binding against) + 5 x (persuasive for - persuasive against), clamped to [5%, 95%]. "
              + _ask(rng, "judicial.binding_precedent"))
    work = (f"On {topic}: binding: {b_for} for, {b_against} against. Persuasive: {p_for} for, {p_against} against. "
            f"50 + 20 x ({b_for} - {b_against}) + 5 x ({p_for} - {p_against}) = {raw}" + _clamp_note(raw, prob))
    bullets = ["Only the Supreme Court and the court's own circuit bind a federal district court",
               "District court decisions, even from the same district, are persuasive only",
               _reason(rng, "judicial.binding_precedent")]
    return _prediction(rng, d, cat, "court.judicial.binding_precedent", prompt, work, ("ruling for the plaintiff", "ruling for the defendant"), prob,
                       bullets, inputs={"authorities": [[bind, fav] for (c, bind), fav in picks]}, formula="clamp(50 + 20*(bf-ba) + 5*(pf-pa))")


_FEDERAL_ISSUES = _BANKS["federal_issues"]
_MOTIONS = _BANKS["motions"]


def _t_judge(rng, d, cat):
    motion = rng.choice(_MOTIONS)
    n_hist = rng.randrange(8, 80)
    granted = rng.randrange(0, n_hist + 1)
    court_rate = rng.randrange(20, 61, 5)
    m = rng.choice((5, 10, 20))
    case_score = rng.randrange(20, 81, 5)
    w = rng.choice((30, 40, 50, 60))
    shrunk = Fraction(granted * 100 + m * court_rate, n_hist + m)      # in percent
    blended = Fraction(w, 100) * shrunk + Fraction(100 - w, 100) * case_score
    prob = _round_half_away(blended)
    movant = rng.choice(ORGS)
    prompt = (f"{cap_first(movant)} moves for {motion}. "
              f"The assigned judge granted {granted} of {n_hist} such motions in the past; the court-wide grant rate is {court_rate}%. "
              f"Shrink the judge's rate toward the court rate with {m} pseudo-observations, "
              f"then blend: {w}% judge history + {100 - w}% case-specific score ({case_score}%). "
              + _ask(rng, "judicial.judge_history"))
    work = (f"Shrunk rate = ({granted} + {m} x {court_rate}%) / ({n_hist} + {m}) = {float(shrunk):.2f}%. "
            f"Blend = {w}% x {float(shrunk):.2f}% + {100 - w}% x {case_score}% = {float(blended):.2f}%, "
            f"which rounds to {prob}%.")
    bullets = [f"Raw history: {granted}/{n_hist} = {granted / n_hist:.0%}",
               f"Shrinkage toward {court_rate}% tempers a small or extreme sample",
               _reason(rng, "judicial.judge_history")]
    return _prediction(rng, d, cat, "court.judicial.judge_history", prompt, work, ("motion granted", "motion denied"), prob, bullets,
                       inputs={"granted": granted, "n": n_hist, "court_rate_pct": court_rate, "pseudo": m, "case_score_pct": case_score, "weight_pct": w},
                       formula="round(w*(g+m*c)/(n+m) + (1-w)*s)")


# ==========================================================================
# settlement_probability
# ==========================================================================
def _figure_near(rng, x: int) -> int:
    """An offer or demand within 30% of `x`, in whole thousands (at least $1,000), never equal to `x`."""
    figure = max(1000, (x + rng.randrange(-30, 31) * x // 100) // 1000 * 1000)
    return figure + 1000 if figure == x else figure


def _claim(rng, p_low: int) -> tuple[str, str, int, int, int]:
    """The parties and figures of both sides' settlement templates, drawn in this order: plaintiff, defendant,
    win chance (p_low to p_low + 70, in steps of 5), award ($50,000-$2,999,000), remaining costs ($5,000-$199,500)."""
    plaintiff, defendant = rng.choice(_BANKS["plaintiffs"]), rng.choice(ORGS)
    return plaintiff, defendant, rng.randrange(p_low, p_low + 71, 5), rng.randrange(50, 3000) * 1000, rng.randrange(10, 400) * 500


def _side_factors(rng, d: str, key: str, *figures: str) -> list[str]:
    """A settlement side's key factors: its figures, one drawn reason (`_reason`), and on hard rows
    why that party may depart from the risk-neutral rule (banks.yaml hard_notes)."""
    return [*figures, _reason(rng, key)] + ([_BANKS["hard_notes"][key]] if d == "hard" else [])


def _t_plaintiff_ev(rng, d, cat):
    plaintiff, defendant, p, award, costs = _claim(rng, 20)
    ev = award * p // 100 - costs
    offer = _figure_near(rng, ev) if ev > 0 else rng.randrange(5, 50) * 1000  # never ev: a negative ev < $5,000
    accept = offer >= ev
    extra = " The plaintiff is risk-averse and needs funds soon." if d == "hard" else ""
    prompt = (f"{cap_first(plaintiff)} sues {defendant}. Estimated chance of winning: {p}%; likely award if successful: {money(award)}; "
              f"remaining litigation costs: {money(costs)}. {cap_first(definite(defendant))} offers {money(offer)} to settle.{extra} "
              "Using EV = p x award - costs and the rule 'settle if offer >= EV', "
              + _ask(rng, "settlement.plaintiff_ev"))
    work = f"EV = {p}% x {money(award)} - {money(costs)} = {money(award * p // 100)} - {money(costs)} = {money(ev)}. Offer {money(offer)} is {'at or above' if accept else 'below'} EV."
    decision = "accept" if accept else "reject"
    bullets = _side_factors(rng, d, "settlement.plaintiff_ev", f"Expected value of trial: {money(ev)}", f"Offer vs EV: {money(offer - ev)}")
    return _prediction(rng, d, cat, "court.settlement.plaintiff_ev", prompt, work, _TRIAL, p, bullets, answer=f"{money(ev)}; {decision}",
                       rec=f"; recommendation: {decision} the offer", inputs={"p_pct": p, "award": award, "costs": costs, "offer": offer},
                       formula="ev = p*award - costs; accept if offer >= ev")


def _t_defendant(rng, d, cat):
    plaintiff, defendant, p, award, costs = _claim(rng, 15)
    exposure = award * p // 100 + costs
    demand = _figure_near(rng, exposure)
    pay = demand <= exposure
    prompt = (f"{cap_first(defendant)} is sued by {plaintiff}. Chance the plaintiff wins: {p}%; expected judgment if so: {money(award)}; "
              f"defence costs through trial: {money(costs)}. The plaintiff demands {money(demand)}. "
              "Using expected cost = p x judgment + defence costs, and settling if the demand <= expected cost, "
              + _ask(rng, "settlement.defendant_exposure")
              + (" Mention non-monetary factors." if d == "hard" else ""))
    work = f"Expected cost = {p}% x {money(award)} + {money(costs)} = {money(exposure)}. Demand {money(demand)} is {'at or below' if pay else 'above'} it."
    decision = "settle" if pay else "go to trial"
    bullets = _side_factors(rng, d, "settlement.defendant_exposure", f"Expected cost of trial: {money(exposure)}",
                            f"Demand minus expected cost: {money(demand - exposure)}")
    return _prediction(rng, d, cat, "court.settlement.defendant_exposure", prompt, work, _TRIAL, p, bullets, answer=f"{money(exposure)}; {decision}",
                       rec=f"; recommendation: {decision}", inputs={"p_pct": p, "award": award, "costs": costs, "demand": demand},
                       formula="cost = p*award + costs; settle if demand <= cost")


def _t_zone(rng, d, cat):
    award = rng.randrange(100, 4000) * 1000
    pp = rng.randrange(30, 91, 5)
    pd = max(5, pp + rng.randrange(-30, 11, 5))
    cp = rng.randrange(10, 300) * 1000
    cd = rng.randrange(10, 300) * 1000
    lo = award * pp // 100 - cp
    hi = award * pd // 100 + cd
    width = hi - lo
    if width > 0 and 10 * width >= award:
        prob = 80
    elif width >= 0:
        prob = 55
    else:
        prob = 15
    ans = f"{money(lo)} to {money(hi)}" if width >= 0 else "no zone"
    plaintiff, defendant = rng.choice(_BANKS["plaintiffs"]), rng.choice(ORGS)
    prompt = (f"{cap_first(plaintiff)} and {defendant} are negotiating over a claim worth {money(award)} at trial. The plaintiff estimates a {pp}% win chance and faces "
              f"{money(cp)} in costs; the defendant estimates {pd}% and faces {money(cd)}. Find the settlement zone "
              "(plaintiff minimum = p_plaintiff x award - plaintiff costs; defendant maximum = p_defendant x award + defendant costs). "
              "Settlement likelihood model: 80% if a zone exists at least 10% of the award wide, 55% for a narrower zone, 15% with no zone.")
    work = (f"Plaintiff minimum = {pp}% x {money(award)} - {money(cp)} = {money(lo)}. Defendant maximum = {pd}% x {money(award)} + {money(cd)} = {money(hi)}. "
            f"Width = {money(width)} (" + ("no overlap" if width < 0 else f"{width * 100 / award:.1f}% of the award") + ").")
    bullets = [f"Combined litigation costs {money(cp + cd)} create room to settle",
               f"Optimism gap: {pp - pd} points between the parties' win estimates",
               _reason(rng, "settlement.bargaining_zone")]
    return _prediction(rng, d, cat, "court.settlement.bargaining_zone", prompt, work,
                       ("settlement within the zone", "impasse unless estimates converge"), prob, bullets, answer=ans,
                       inputs={"award": award, "p_plaintiff_pct": pp, "p_defendant_pct": pd, "cost_plaintiff": cp, "cost_defendant": cd},
                       formula="zone = [pp*A - cp, pd*A + cd]")


def _t_discounted(rng, d, cat):
    p = rng.randrange(20, 91, 5)
    award = rng.randrange(50, 3000) * 1000
    r = rng.choice((3, 4, 5, 6, 8, 10))
    t = {"easy": 1, "medium": 2, "hard": rng.choice((3, 4))}[d]
    costs = rng.randrange(10, 300) * 500
    factor = Fraction(100 + r, 100) ** t
    pv = Fraction(award * p, 100) / factor - costs
    val = _round_half_away(pv)
    plaintiff = rng.choice(_BANKS["plaintiffs"])
    delay, expected = f"{t} year{'s' if t > 1 else ''}", money(award * p // 100)
    prompt = (f"{cap_first(plaintiff)} expects trial in {delay}. Win chance {p}%, award {money(award)}, "
              f"costs {money(costs)} (paid now), discount rate {r}% a year. Compute the present value of the claim: "
              f"PV = p x award / (1 + r)^t - costs, to the nearest dollar. "
              + _ask(rng, "settlement.discounted_ev"))
    work = (f"p x award = {expected}; discount factor (1.{r:02d})^{t} = {float(factor):.6f}; "
            f"PV = {expected} / {float(factor):.6f} - {money(costs)} = {money(val)}.")
    bullets = [f"Delay of {delay} at {r}% shrinks the expected award",
               f"Win chance {p}% applied before discounting",
               _reason(rng, "settlement.discounted_ev")]
    return _prediction(rng, d, cat, "court.settlement.discounted_ev", prompt, work, _TRIAL, p, bullets, answer=money(val),
                       rec=f"; recommendation: accept any offer of at least {money(val)}",
                       inputs={"p_pct": p, "award": award, "rate_pct": r, "years": t, "costs": costs}, formula="p*award/(1+r)^t - costs")


# ==========================================================================
# legal_strategy
# ==========================================================================
def _t_sj_motion(rng, d, cat):
    defendant = rng.choice(ORGS)
    p = rng.randrange(20, 81, 5)
    award = rng.randrange(100, 3000) * 1000
    trial = rng.randrange(50, 600) * 1000
    motion = rng.randrange(10, 150) * 1000
    g = rng.randrange(10, 61, 5)
    no_motion = award * p // 100 + trial
    with_motion = motion + (100 - g) * no_motion // 100
    file_it = with_motion < no_motion
    best = min(no_motion, with_motion)
    decision = "file" if file_it else "do not file"
    prompt = (f"{cap_first(defendant)} is deciding whether to move for summary judgment. "
              f"Motion cost {money(motion)}; estimated grant chance {g}%. "
              f"If the case goes to trial: plaintiff win chance {p}%, expected judgment {money(award)}, trial costs {money(trial)}. "
              "Compare expected total cost with and without the motion (a granted motion ends the case). "
              + _ask(rng, "strategy.sj_motion"))
    work = (f"Without motion: {p}% x {money(award)} + {money(trial)} = {money(no_motion)}. "
            f"With motion: {money(motion)} + {100 - g}% x {money(no_motion)} = {money(with_motion)}.")
    bullets = [f"Expected cost without motion {money(no_motion)}", f"Expected cost with motion {money(with_motion)}",
               _reason(rng, "strategy.sj_motion")]
    return _prediction(rng, d, cat, "court.strategy.sj_motion", prompt, work, ("if filed, the motion is granted", "if filed, the motion is denied"),
                       g, bullets, answer=f"{money(best)}; {decision}", rec=f"; recommendation: {decision} the motion",
                       inputs={"p_pct": p, "award": award, "trial_costs": trial, "motion_cost": motion, "grant_pct": g},
                       formula="min(p*A + T, M + (1-g)*(p*A + T))")


_FORUMS = _BANKS["forums"]


def _t_forum(rng, d, cat):
    k = 2 if d != "hard" else 3
    names = rng.sample(_FORUMS, k)
    opts = []
    for nm in names:
        opts.append((nm, rng.randrange(25, 86, 5), rng.randrange(50, 2000) * 1000, rng.randrange(10, 400) * 500))
    evs = [(a * p // 100 - c, nm) for nm, p, a, c in opts]
    best_ev, best = max(evs, key=lambda e: (e[0], -names.index(e[1])))
    plaintiff = rng.choice(_BANKS["plaintiffs"])
    listing = "\n".join(f"- {nm}: win chance {p}%, expected award {money(a)}, costs {money(c)}" for nm, p, a, c in opts)
    prompt = (f"{cap_first(plaintiff)} can file in any of these forums:\n{listing}\nChoose the forum with the highest EV = p x award - costs. "
              + _ask(rng, "strategy.forum_choice"))
    work = " ".join(f"{nm}: {p}% x {money(a)} - {money(c)} = {money(a * p // 100 - c)}." for nm, p, a, c in opts)
    p_best = next(p for nm, p, _, _ in opts if nm == best)
    bullets = [f"{cap_first(best)} has the highest EV ({money(best_ev)})",
               _reason(rng, "strategy.forum_choice"),
               "EV ignores variance; a risk-averse client may prefer a forum with a narrower range of outcomes"]
    return _prediction(rng, d, cat, "court.strategy.forum_choice", prompt, work, (f"plaintiff wins in {best}", f"defence verdict even in {best}"),
                       p_best, bullets, answer=f"{best}; {money(best_ev)}", rec=f"; recommendation: file in {best}",
                       inputs={"options": [[nm, p, a, c] for nm, p, a, c in opts]}, formula="argmax(p*A - c)")


_DISCOVERY = _BANKS["discovery"]


def _t_discovery(rng, d, cat):
    what = rng.choice(_DISCOVERY)
    award = rng.randrange(100, 3000) * 1000
    p0 = rng.randrange(20, 71, 5)
    lift = rng.randrange(1, 16)
    cost = rng.randrange(5, 200) * 1000
    gain = award * lift // 100 - cost
    decision = "pursue" if gain > 0 else "skip"
    prompt = (f"A plaintiff with a {p0}% win chance on a {money(award)} claim is considering {what}, costing {money(cost)}, "
              f"which is expected to raise the win chance by {lift} points. Net value = (increase in win chance x award) - cost. "
              + _ask(rng, "strategy.discovery_value"))
    work = f"Value = {lift}% x {money(award)} - {money(cost)} = {money(award * lift // 100)} - {money(cost)} = {money(gain)}."
    bullets = [f"Win chance would move from {p0}% to {p0 + lift}%", f"Net value {money(gain)}",
               _reason(rng, "strategy.discovery_value")]
    return _prediction(rng, d, cat, "court.strategy.discovery_value", prompt, work, _TRIAL, p0 + lift if gain > 0 else p0, bullets,
                       answer=f"{money(gain)}; {decision}", rec=f"; recommendation: {decision} {what}",
                       inputs={"award": award, "lift_pct": lift, "cost": cost}, formula="lift*A - cost")


def _t_mediation(rng, d, cat):
    p = rng.randrange(20, 86, 5)
    award = rng.randrange(100, 3000) * 1000
    trial_costs = rng.randrange(20, 400) * 500
    med_cost = rng.randrange(2, 40) * 500
    m = rng.randrange(30, 86, 5)
    s = award * rng.randrange(20, 80) // 100 // 1000 * 1000
    ev_trial = award * p // 100 - trial_costs
    ev_med = _round_half_away(Fraction(m * s + (100 - m) * ev_trial, 100) - med_cost)  # may end in .50, so round exactly
    if ev_med > ev_trial:
        choose, favoured, rec = "mediate", "mediation", "mediate first"
        outcomes, p_out = ("settlement at mediation", "mediation fails and the case is tried"), m
    else:
        choose, favoured, rec = "go to trial", "trial", "go straight to trial"
        outcomes, p_out = _TRIAL, p
    best = max(ev_med, ev_trial)
    plaintiff = rng.choice(_BANKS["plaintiffs"])
    prompt = (f"{cap_first(plaintiff)} can go straight to trial (win chance {p}%, award {money(award)}, costs {money(trial_costs)}) or mediate first "
              f"(cost {money(med_cost)}, {m}% chance of settling at about {money(s)}; if mediation fails, the trial proceeds as before). "
              "Compare EV(trial) = p x award - costs with EV(mediate) = m x settlement + (1 - m) x EV(trial) - mediation cost, to the nearest dollar. "
              + _ask(rng, "strategy.mediation"))
    work = (f"EV(trial) = {p}% x {money(award)} - {money(trial_costs)} = {money(ev_trial)}. "
            f"EV(mediate) = {m}% x {money(s)} + {100 - m}% x {money(ev_trial)} - {money(med_cost)} = {money(ev_med)}.")
    bullets = [f"EV difference {money(ev_med - ev_trial)} in favour of {favoured}",
               _reason(rng, "strategy.mediation"),
               f"Settlement chance at mediation assumed to be {m}%"]
    return _prediction(rng, d, cat, "court.strategy.mediation", prompt, work, outcomes, p_out, bullets, answer=f"{money(best)}; {choose}",
                       rec=f"; recommendation: {rec}",
                       inputs={"p_pct": p, "award": award, "trial_costs": trial_costs, "mediation_cost": med_cost, "m_pct": m, "settlement": s},
                       formula="max(p*A - C, m*S + (1-m)*(p*A - C) - M)")



TEMPLATES = {
    "evidence_analysis": (_t_bayes, _t_hearsay, _t_daubert, _t_matrix),
    # and, drawn before these in example(), _t_bare_case (BARE_SHARE) and _t_open_case (OPEN_SHARE)
    "case_outcome_prediction": (_t_base_rate, _t_precedent, _t_multi_claim, _t_pleading),
    "jury_psychology": (_t_condorcet, _t_supermajority, _t_anchoring, _t_voir_dire),
    "judicial_reasoning": (_t_appeal, _t_standard, _t_binding, _t_judge),
    "settlement_probability": (_t_plaintiff_ev, _t_defendant, _t_zone, _t_discounted),
    "legal_strategy": (_t_sj_motion, _t_forum, _t_discovery, _t_mediation),
}


class CourtPredictionGenerator(DomainGenerator):
    domain = "court_prediction"
    version = "4"  # 3: the bare open ask (GENERIC_CLAIM), disclaimers worded apart from law's; 4: court.outcome.bare
    categories = tuple(TEMPLATES)

    def example(self, category: str, rng: random.Random) -> Example:
        difficulty = rng.choice(DIFFICULTIES)
        if category == "case_outcome_prediction":
            r = rng.random()
            if r < BARE_SHARE:
                return _t_bare_case(rng, difficulty, category)
            if r < BARE_SHARE + OPEN_SHARE:
                return _t_open_case(rng, difficulty, category)
        return rng.choice(TEMPLATES[category])(rng, difficulty, category)
