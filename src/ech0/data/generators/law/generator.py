"""Law generator: IRAC-structured legal analysis (educational, not legal advice).

Categories (original guide, "Domain Coverage" -> Law): case_law_analysis,
statutory_interpretation, legal_reasoning (IRAC), contract_analysis,
constitutional_law, legal_writing.

Every completion follows IRAC with the literal line headings `Issue:`, `Rule:`,
`Application:` and `Conclusion:`, each starting a line. Where an answer can be
computed (UCC and common-law damages, filing deadlines, limitation periods,
comparative fault, the Hand formula, the EEOC four-fifths ratio, contract
formation on a timeline, scrutiny tiers, citation formats) it is computed here,
the working is shown, and the completion carries `Final answer: ...`; metadata
holds `inputs` and `formula` so a test can recompute it independently.

Sources policy: only landmark cases and black-letter rules whose citation and
holding are settled, cited beside their table entries (official reporters:
U.S. Reports, the English Law Reports, the nominate reports as usually cited).
The case table and the other banks are in banks.yaml beside this file.
Fact patterns are hypothetical; parties are generic ("a retailer"), never real
private individuals.
"""

from __future__ import annotations

import datetime as _dt
import random
from fractions import Fraction

from ech0.data.generators.banks import load_banks
from ech0.data.generators.contract import DIFFICULTIES, DomainGenerator, Example, open_form
from ech0.data.generators.formatting import cap_first, definite, example, money, worked
from ech0.data.generators.refusals import Refuses

_BANKS = load_banks(__package__)

# key -> (name, citation tail, system, area, issue, holding): banks.yaml names the fields.
CASES: dict[str, tuple[str, str, str, str, str, str]] = {
    k: (c["name"], c["citation"], c["system"], c["area"], c["issue"], c["holding"]) for k, c in _BANKS["cases"].items()
}

# Canonical full citation per case key (US: comma before the reporter; UK: a space).
CITATIONS: dict[str, str] = {
    k: f"{v[0]}, {v[1]}" if v[2] == "US" else f"{v[0]} {v[1]}" for k, v in CASES.items()
}
_CASE_KEYS = tuple(CASES)


def _cite(key: str) -> str:
    return CITATIONS[key]


def _with_citations(rows: tuple, field: int) -> tuple:
    """`rows` with field `field` of each filled in: banks.yaml writes a case's citation there as {key},
    so that every citation is spelled once, in `cases`."""
    return tuple((*row[:field], row[field].format_map(CITATIONS), *row[field + 1:]) for row in rows)


# --------------------------------------------------------------------------
# Shared slot tables (generic parties, goods, places)
# --------------------------------------------------------------------------

ORGS = _BANKS["orgs"]
AUDIENCES = _BANKS["audiences"]
NOT_ADVICE = _BANKS["not_advice"]


def _context(rng: random.Random) -> str:
    """A short framing line ('A paralegal asks, for a study group:'); varies prompts without changing the law."""
    return f"{rng.choice(_BANKS['personas'])} asks {rng.choice(_BANKS['purposes'])}: "


def _date(d: _dt.date) -> str:
    return f"{d.day} {_BANKS['months'][d.month - 1]} {d.year}"


def _rand_date(rng: random.Random, y0: int = 2018, y1: int = 2025) -> _dt.date:
    return _dt.date(y0, 1, 1) + _dt.timedelta(days=rng.randrange((_dt.date(y1, 12, 31) - _dt.date(y0, 1, 1)).days))


def _roll_weekend(d: _dt.date) -> _dt.date:
    """FRCP 6(a)(1)(C): a period ending on Saturday or Sunday runs to the next weekday (holidays ignored here)."""
    while d.weekday() >= 5:
        d += _dt.timedelta(days=1)
    return d


def _add_years(d: _dt.date, n: int) -> _dt.date:
    """Same calendar date n years later; 29 February maps to 28 February in a non-leap year."""
    try:
        return d.replace(year=d.year + n)
    except ValueError:
        return d.replace(year=d.year + n, day=28)


def _irac(issue: str, rule: str, application: str, conclusion: str, lead: str = "", answer: str | None = None) -> str:
    return worked([f"Issue: {issue}", f"Rule: {rule}", f"Application: {application}", f"Conclusion: {conclusion}"],
                  answer, lead or None)


def _deepen(rng: random.Random, d: str, app: str, medium: tuple[str, ...], hard: tuple[str, ...]) -> str:
    """The application `app`, one sentence longer for each step above easy: one of `medium` on medium and hard
    rows, then one of `hard` on hard rows."""
    if d != "easy":
        app += " " + rng.choice(medium)
    if d == "hard":
        app += " " + rng.choice(hard)
    return app


# ==========================================================================
# case_law_analysis
# ==========================================================================



def _t_brief(rng, d, cat):
    k = rng.choice(_CASE_KEYS)
    name, tail, system, area, issue, holding = CASES[k]
    a = rng.choice(AUDIENCES)
    prompt = rng.choice(_BANKS["brief_asks"]).format(c=_cite(k), a=a)
    focus = rng.choice(_BANKS["brief_focus"])
    if focus:
        prompt += " " + focus
    if d == "hard":
        prompt += " Also comment on how the case should be used as precedent."
    app = _deepen(rng, d, rng.choice(_BANKS["brief_app"]).format(area=area),
                  ("The answer turned on the rule the court announced rather than on the equities of the particular parties.",
                   "What made the case important was the general principle, not the size of the dispute.",
                   "The court stated its rule broadly enough to govern later cases."),
                  _BANKS["brief_hard"])
    concl = rng.choice(("The court resolved the question by that rule.", "The rule above is the holding to cite.",
                        "That principle decided the case and is why it is still read.", "The decision turns on the stated rule."))
    concl += " " + rng.choice(("It is cited as {c}.", "Cite it as {c}.", "Full citation: {c}.")).format(c=_cite(k))
    comp = _irac(cap_first(issue) + ".",
                 f"The governing principle in {area}: {holding}.", app, concl, lead=rng.choice(NOT_ADVICE))
    return example(prompt=prompt, completion=comp, category=cat, difficulty=d, template="law.case_law.brief", case=k)




def _fill(text: str, rng: random.Random) -> str:
    if "{" not in text:
        return text
    return text.format(org=rng.choice(ORGS), **{k: rng.choice(v) for k, v in _BANKS["apply_slots"].items()})


def _t_apply(rng, d, cat):
    key, facts, analogy, disting, concl = rng.choice(_BANKS["apply"])
    name, tail, system, area, issue, holding = CASES[key]
    facts = _fill(facts, rng)
    prompt = _context(rng) + rng.choice(_BANKS["apply_asks"]).format(c=name) + "\n\nFacts: " + cap_first(facts)
    if d == "hard":
        prompt += "\nAddress the strongest counter-argument."
    rule = rng.choice(("In {c}, the court held that {h}.", "{c} holds that {h}.", "The rule from {c}: {h}.")).format(c=_cite(key), h=holding)
    app = _deepen(rng, d, rng.choice(("Here, {a}.", "On these facts, {a}.", "The facts line up closely: {a}.")).format(a=analogy),
                  (f"Against that, {disting}.", f"The other side will say {disting}.", f"A possible distinction: {disting}."),
                  ("Weighing both, the analogy is stronger because the material facts match and the distinction is speculative on this record.",
                   "The counter-argument needs evidence not yet in the facts, so it weakens rather than defeats the analogy.",
                   "A court would treat the distinction as going to proof at trial, not to the rule itself."))
    conclusion = cap_first(concl) + "."
    comp = _irac(f"Whether the rule in {name} ({area}) decides this dispute.", rule, app, conclusion,
                 lead=rng.choice(NOT_ADVICE))
    return example(prompt=prompt, completion=comp, category=cat, difficulty=d, template="law.case_law.apply_precedent",
                   case=key)


_PAIRS = _BANKS["pairs"]
_COMPARE_ASKS = _BANKS["compare_asks"]


def _t_compare(rng, d, cat):
    a, b, rel = rng.choice(_PAIRS)
    if rng.random() < 0.5:
        a, b = b, a
    aud = rng.choice(AUDIENCES)
    prompt = _context(rng) + rng.choice(_COMPARE_ASKS).format(a=CASES[a][0], b=CASES[b][0], aud=aud)
    if d == "hard":
        prompt += " Then say which one a court would rely on for a new dispute in this area, and why."
    elif d == "medium":
        prompt += " Give full citations."
    rule = f"{_cite(a)}: {CASES[a][5]}. {_cite(b)}: {CASES[b][5]}."
    i1, i2 = CASES[a][4], CASES[b][4]
    app = _deepen(rng, d, rng.choice(("The link: {r}.", "Read together, {r}.", "The key relationship is that {r}.")).format(r=rel),
                  (f"The first addressed {i1}; the second addressed {i2}.", f"One court asked {i1}, the other {i2}."),
                  ("A court would start from whichever is binding in its own system and treat the other as persuasive.",
                   "For a new dispute, the more recent and more specific rule normally controls, with the older case as background.",
                   "The later decision usually governs where the two point different ways, because it reflects the current state of the law."))
    areas = CASES[a][3] if CASES[a][3] == CASES[b][3] else f"{CASES[a][3]} and {CASES[b][3]}"
    comp = _irac(f"How {CASES[a][0]} and {CASES[b][0]} fit together in {areas}.", rule, app,
                 rng.choice(("Use them together, not interchangeably.", "They answer different questions and should be cited for different points.",
                             "Each is authority for its own proposition; cite the one that matches the issue.")),
                 lead=rng.choice(NOT_ADVICE))
    return example(prompt=prompt, completion=comp, category=cat, difficulty=d, template="law.case_law.compare", case=a,
                   case_b=b)


_IDENT_ASKS = _BANKS["ident_asks"]
_IDENT_WHO = _BANKS["ident_who"]


def _t_identify(rng, d, cat):
    k = rng.choice(_CASE_KEYS)
    name, tail, system, area, issue, holding = CASES[k]
    prompt = _context(rng) + rng.choice(_IDENT_ASKS).format(h=holding, who=rng.choice(_IDENT_WHO))
    if d != "easy":
        prompt += " " + rng.choice(("Also state the question the court faced.", "Mention the area of law.",
                                    "Explain briefly why it is the leading case."))
    if d == "hard":
        prompt += f" Use {'Bluebook' if system == 'US' else 'OSCOLA'} citation form."
    style = "Bluebook" if system == "US" else "OSCOLA"
    comp = _irac(rng.choice(("Which decision is the leading authority for the stated proposition in {a}.",
                             "Identifying the leading {a} case for this rule.", "Which case to cite for this {a} principle.")).format(a=area),
                 rng.choice(("The authority is {c}, a leading {a} case.", "In {a}, the standard citation is {c}.",
                             "Courts and textbooks cite {c} for it.")).format(c=_cite(k), a=area),
                 rng.choice(("The court in {n} faced the question {i}, and its answer is the proposition quoted.",
                             "{n} arose on the question {i}; the rule stated is its holding.",
                             "The question before the court in {n} was {i}. Its answer supplies the rule.")).format(n=name, i=issue)
                 + " " + rng.choice(("That is the holding, not mere dicta.", "Later courts cite it for exactly this point.",
                                     "The match between question and rule confirms the identification.", "")),
                 f"Cite {_cite(k)} ({style} form).", lead=rng.choice(NOT_ADVICE), answer=_cite(k))
    return example(prompt=prompt, completion=comp, category=cat, difficulty=d, template="law.case_law.identify",
                   answer=_cite(k), inputs={"case": k, "system": system}, formula="citation_lookup")


# ==========================================================================
# statutory_interpretation
# ==========================================================================



def _t_canon(rng, d, cat):
    statute, general, ins, outs, genus = rng.choice(_BANKS["lists"])
    inside = rng.random() < 0.5
    item = rng.choice(ins if inside else outs)
    org, body = rng.choice(ORGS), rng.choice(_BANKS["authorities"])
    prompt = (f"{cap_first(body)} has penalised {org} in a dispute over {item}. " + rng.choice(_BANKS["canon_asks"]).format(s=statute, x=item))
    if d == "hard":
        prompt += " Consider a competing canon and a purposive reading as well."
    powell, yates = _cite("powell"), _cite("yates")
    rule = rng.choice((
        f"Ejusdem generis: general words that follow a list of specific things are limited to things of the same kind ({powell}).",
        f"Under the ejusdem generis canon, a catch-all after specific items takes its meaning from them ({powell}); related is noscitur a sociis, a word is known by its companions ({yates}).",
    ))
    genus_txt = f"The listed items share a genus: {genus}."
    if inside:
        app = f"{genus_txt} {cap_first(item)} shares those features, so it fits within '{general}'."
        concl = f"{cap_first(item)} is likely covered."
    else:
        app = f"{genus_txt} {cap_first(item)} lacks the common feature, so reading '{general}' to include it would ignore the list that precedes it."
        concl = f"{cap_first(item)} is likely not covered."
    app = _deepen(rng, d, app,
                  ("Plain meaning alone is inconclusive, which is why the canon does the work.",
                   "The rule against surplusage supports this: if the general words meant everything, the specific list would be pointless.",
                   "The ordinary meaning of the general words is broad, but context narrows it."),
                  ("A purposive reading asks what mischief the drafters targeted; that points the same way unless the purpose clearly extends to the disputed item.",
                   "If the provision is penal, the rule of lenity resolves remaining doubt in favour of the narrower reading.",
                   "Expressio unius could be pressed by the other side, but canons are presumptions that yield to clear context."))
    app += f" So {definite(body)}'s position against {definite(org)} " + ("holds on this point." if inside else "fails on this point.")
    comp = _irac(f"Whether {item} falls within '{general}', as {body} contends against {org}.", rule, app, concl, lead=rng.choice(NOT_ADVICE))
    return example(prompt=prompt, completion=comp, category=cat, difficulty=d, template="law.statutory.canon",
                   covered=inside)


_APPROACHES = _BANKS["approaches"]
_HYPO_STATUTES = _BANKS["hypo_statutes"]


def _t_approaches(rng, d, cat):
    statute, items = rng.choice(_HYPO_STATUTES)
    item = rng.choice(items)
    k = 2 if d == "easy" else 3 if d == "medium" else 4
    chosen = rng.sample(_APPROACHES, k)
    names = ", ".join(c[0] for c in chosen)
    prompt = rng.choice(("{s} Does it apply to {x}? Compare how these approaches answer it: {n}.",
                         "{s} Analyse whether {x} is caught, using {n}.",
                         "Statutory interpretation exercise. {s} Apply {n} to {x}.")).format(s=statute, x=item, n=names)
    rule = " ".join(f"Under {n}, {desc} (see {_cite(c)})." for n, c, desc in chosen)
    apps = []
    for n, c, desc in chosen:
        lean = {"the literal rule": "reads the words at face value and so tends to catch it",
                "the golden rule": "would depart from the words only if applying them here is absurd",
                "the mischief rule": "asks whether this is the harm the drafters targeted",
                "textualism": "asks what an ordinary reader would understand the words to cover",
                "purposivism": "lets the evident purpose exclude conduct outside it",
                "the plain-meaning rule": "applies clear words even if the result is unwelcome",
                "the rule of lenity": "resolves real doubt for the person who would be penalised",
                "legislative history": "would be checked for a clear statement of the intended scope"}[n]
        apps.append(f"{cap_first(n)} {lean}.")
    app = f"Applied to {item}: " + " ".join(apps)
    if d == "hard":
        app += " " + rng.choice(("Where the approaches diverge, modern courts start with text in context and use purpose to resolve ambiguity.",
                                 "The divergence shows why drafters add definitions and express exceptions."))
    concl = rng.choice(("The result depends on the approach: text-focused methods lean toward coverage, purpose-focused methods toward exclusion where the conduct is outside the provision's aim.",
                        "Text-based approaches are likelier to include it; purpose-based ones are likelier to exclude it where the statute's aim is not engaged."))
    comp = _irac(f"Whether {item} is within the provision, and how interpretive method changes the answer.", rule, app, concl,
                 lead=rng.choice(NOT_ADVICE))
    return example(prompt=prompt, completion=comp, category=cat, difficulty=d, template="law.statutory.approaches")


DAY_RULES = _BANKS["day_rules"]


def _t_deadline_days(rng, d, cat):
    if d == "hard":
        # Chain: judgment -> timely Rule 59 motion -> order denying it -> 30 days to appeal (FRAP 4(a)(4)(A)).
        j = _rand_date(rng)
        motion = j + _dt.timedelta(days=rng.randint(10, 27))
        order = motion + _dt.timedelta(days=rng.randint(20, 90))
        due = _roll_weekend(order + _dt.timedelta(days=30))
        raw = order + _dt.timedelta(days=30)
        prompt = (f"Judgment was entered in a federal civil case on {_date(j)}. The losing party filed a Rule 59 motion for a new trial on "
                  f"{_date(motion)}, and the court denied it on {_date(order)}. When is the notice of appeal due? "
                  "Count as FRCP 6(a)(1) does: exclude the trigger day, count every day, and if the last day is a Saturday or Sunday use the next weekday (ignore holidays).")
        app = (f"The motion came {(motion - j).days} days after judgment, inside the 28 days of FRCP 59(b), so it was timely. "
               f"Under FRAP 4(a)(4)(A) the 30 days then run from the order disposing of it, {_date(order)}. "
               f"{_date(order)} + 30 days = {_BANKS['weekdays'][raw.weekday()]} {_date(raw)}"
               + ("." if raw == due else f", a weekend day, so the deadline rolls to {_BANKS['weekdays'][due.weekday()]} {_date(due)}."))
        rule = "FRCP 59(b): 28 days to move for a new trial; FRAP 4(a)(1)(A): 30 days to appeal; FRAP 4(a)(4)(A): a timely Rule 59 motion restarts the appeal period from the order disposing of it; FRCP 6(a)(1)(C) weekend roll-forward."
        inputs = {"trigger": order.isoformat(), "days": 30, "roll_weekend": True, "judgment": j.isoformat(), "motion": motion.isoformat()}
        issue = "When the appeal deadline falls after a timely post-judgment motion."
    else:
        name, days, cite = rng.choice(DAY_RULES)
        start = _rand_date(rng)
        # easy: the raw end date is a weekday; medium: it is a weekend day (so the roll-forward matters)
        for _ in range(7):
            end = start + _dt.timedelta(days=days)
            if (end.weekday() >= 5) == (d == "medium"):
                break
            start += _dt.timedelta(days=1)
        raw = start + _dt.timedelta(days=days)
        due = _roll_weekend(raw)
        trig = rng.choice(("The trigger date is", "The triggering event occurred on", "Time starts from"))
        prompt = (f"A party must {name}. {trig} {_date(start)}. What is the last day to act? "
                  f"Use the rule's {days}-day period and count as FRCP 6(a)(1) does (exclude the trigger day; if the last day is a Saturday or Sunday, move to the next weekday; ignore holidays).")
        rule = f"{cite} allows {days} days; FRCP 6(a)(1)(C) moves a deadline that lands on a weekend to the next weekday."
        app = (f"Counting {days} days from {_date(start)} (excluded) lands on {_BANKS['weekdays'][raw.weekday()]} {_date(raw)}"
               + ("." if raw == due else f", which is a weekend day, so the period runs to {_BANKS['weekdays'][due.weekday()]} {_date(due)}."))
        inputs = {"trigger": start.isoformat(), "days": days, "roll_weekend": True}
        issue = f"The last day to {name}."
    comp = _irac(issue, rule, app, f"The deadline is {_BANKS['weekdays'][due.weekday()]} {_date(due)}; filing earlier avoids risk.",
                 lead=rng.choice(NOT_ADVICE), answer=due.isoformat())
    return example(prompt=prompt, completion=comp, category=cat, difficulty=d, template="law.statutory.deadline_days",
                   answer=due.isoformat(), inputs=inputs, formula="date_plus_days_roll_weekend")


YEAR_RULES = _BANKS["year_rules"]


def _t_limitation(rng, d, cat):
    idx = rng.randrange(len(YEAR_RULES))
    if d == "hard":
        idx = rng.choice((3, 8))  # the two rules with an accrual twist
    claim, years, cite, accrual = YEAR_RULES[idx]
    event = _rand_date(rng, 2012, 2023)
    later = event + _dt.timedelta(days=rng.randint(90, 900))
    start = event
    twist = ""
    if d == "hard" and idx == 3:
        start = later  # s 14 date of knowledge is later than the injury
        twist = f" The claimant first knew the injury was significant and attributable to the defendant on {_date(later)}."
    elif d == "hard":
        twist = f" The buyer first discovered the defect on {_date(later)}."
    due = _add_years(start, years)
    evword = "delivery was tendered" if idx == 8 else "the cause of action arose"
    prompt = (f"Consider {claim}: {evword} on {_date(event)}.{twist} What is the last day of the limitation period? "
              "For this exercise treat the period as ending on the same calendar date the stated number of years later (28 February if that date would be 29 February), ignoring weekends.")
    if d != "easy":
        prompt += " Name the statute."
    rule = f"{cite}: {years} year{'s' if years > 1 else ''} {accrual}."
    if d == "hard" and idx == 3:
        app = f"Under s 11(4) time runs from the later of the injury and the date of knowledge (s 14). The date of knowledge, {_date(later)}, is later, so the period runs {years} years from it to {_date(due)}."
    elif d == "hard":
        app = f"Under UCC 2-725(2) a warranty claim accrues on tender of delivery, regardless of the buyer's lack of knowledge, so discovery on {_date(later)} does not matter. Four years from {_date(event)} is {_date(due)}."
    else:
        app = f"Time runs from {_date(event)}. Adding {years} year{'s' if years > 1 else ''} gives {_date(due)}."
    comp = _irac(f"When the limitation period expires for {claim}.", rule, app,
                 rng.choice(("Proceedings should be started by {x}.", "The claim is time-barred after {x}.", "The last day is {x}.")).format(x=_date(due)),
                 lead=rng.choice(NOT_ADVICE), answer=due.isoformat())
    return example(prompt=prompt, completion=comp, category=cat, difficulty=d,
                   template="law.statutory.limitation_years", answer=due.isoformat(),
                   inputs={"start": start.isoformat(), "years": years}, formula="date_plus_years")


# ==========================================================================
# legal_reasoning (IRAC)
# ==========================================================================

_PRECAUTIONS = _BANKS["precautions"]


def _t_hand(rng, d, cat):
    org = rng.choice(ORGS)
    prec, harm = rng.choice(_PRECAUTIONS)
    p = rng.choice((1, 2, 3, 4, 5, 8, 10, 12, 15, 20, 25))
    loss = rng.randrange(20, 2000) * 1000
    pl = loss * p // 100
    while True:
        b = max(100, round(pl * rng.uniform(0.2, 2.0) / 100) * 100)
        if b != pl:
            break
    years = 1
    if d == "hard":
        years = rng.choice((2, 4, 5, 10))
        b_total = b * years
        prompt = (f"{cap_first(org)} did not bother {prec}. The precaution would have cost {money(b_total)} up front and lasted {years} years. "
                  f"Without it there was a {p}% chance each year of {harm}, with expected losses of about {money(loss)}. "
                  f"That harm happened. Was {definite(org)} negligent under the Hand formula? Use IRAC and annualise the burden.")
    else:
        prompt = (f"{cap_first(org)} did not bother {prec}, which would have cost {money(b)}. "
                  f"There was a {p}% chance of {harm}, with losses of about {money(loss)}. The harm occurred. "
                  + rng.choice(("Apply the Hand formula.", "Was the omission a breach of duty? Apply B < PL.",
                                "Analyse breach using the Carroll Towing formula.")))
        if d == "medium":
            prompt += " Also address the other elements of negligence."
    breach = b < pl
    ans = "breach" if breach else "no breach"
    app = (f"B = {money(b)}{' per year (' + money(b * years) + ' over ' + str(years) + ' years)' if years > 1 else ''}; "
           f"PL = {p}% x {money(loss)} = {money(pl)}. ")
    app += (f"Since B < PL ({money(b)} < {money(pl)}), a reasonable party would have taken the precaution."
            if breach else f"Since B >= PL ({money(b)} >= {money(pl)}), the precaution was not cost-justified, so omitting it was not unreasonable on this test.")
    if d != "easy":
        app += " " + rng.choice(("Duty is not in doubt for an operator toward those it foreseeably endangers; causation and damages turn on whether the precaution would have prevented this harm.",
                                 "Duty, causation and damages look straightforward on these facts, so breach is the contested element.",
                                 "Breach is only one element: the claimant must also prove that the missing precaution would have prevented the loss.",
                                 f"The calculation uses the figures as they looked to {definite(org)} beforehand, not with hindsight."))
    concl = ("The omission was likely a breach of the standard of care." if breach
             else "On the Hand formula alone, there was likely no breach, though a court may weigh other factors such as custom and statute.")
    comp = _irac(f"Whether failing to take the precaution of {prec} breached the duty of care.",
                 f"Negligence requires duty, breach, causation and damages. In {_cite('carroll')}, Judge Learned Hand framed breach as B < PL.",
                 app, concl, lead=rng.choice(NOT_ADVICE), answer=ans)
    return example(prompt=prompt, completion=comp, category=cat, difficulty=d, template="law.irac.hand_formula",
                   answer=ans, inputs={"burden_per_year": b, "probability_pct": p, "loss": loss},
                   formula="hand_b_lt_pl")


FAULT_RULES = _BANKS["fault_rules"]
_FAULT_FACTS = _BANKS["fault_facts"]


def _t_fault(rng, d, cat):
    regime = rng.choice(tuple(FAULT_RULES))
    plaintiff, p_act, defendant, d_act = rng.choice(_FAULT_FACTS)
    if d == "hard":
        f = rng.choice((45, 49, 50, 51, 55))
        items = [rng.randrange(5, 200) * 100 for _ in range(3)]
    else:
        f = rng.randrange(1, 19) * 5 if d == "medium" else rng.randrange(1, 9) * 5
        items = [rng.randrange(10, 2000) * 100] if d == "easy" else [rng.randrange(10, 900) * 100 for _ in range(2)]
    total = sum(items)
    if regime == "pure comparative negligence":
        barred = False
    elif regime == "modified comparative negligence (50% bar)":
        barred = f >= 50
    elif regime == "modified comparative negligence (51% bar)":
        barred = f > 50
    else:
        barred = f > 0
    award = 0 if barred else total * (100 - f) // 100
    labels = ("medical costs", "lost wages", "property damage")
    dmg = ", ".join(f"{labels[i]} {money(x)}" for i, x in enumerate(items))
    prompt = (f"{cap_first(plaintiff)} {p_act}; {defendant} {d_act}. The jury finds the plaintiff {f}% at fault and "
              f"{definite(defendant)} {100 - f}% at fault, with damages of {dmg}. The forum applies {regime}. "
              + rng.choice(("What does the plaintiff recover?", "Compute the recovery using IRAC.", "How much can the plaintiff collect?")))
    app = (f"Total damages: {' + '.join(money(x) for x in items)} = {money(total)}." if len(items) > 1
           else f"Total damages are {money(total)}.")
    if barred:
        app += f" The plaintiff's fault of {f}% triggers the bar, so recovery is {money(0)}."
    else:
        app += f" The plaintiff's {f}% fault does not bar recovery here; {money(total)} x {100 - f}% = {money(award)}."
    if d == "hard":
        app += " " + rng.choice(("Right at the threshold the exact bar matters: a 50% bar and a 51% bar treat an even split differently.",
                                 "Near the threshold, the regime choice changes the result entirely, which is why parties fight over the fault split."))
    comp = _irac(f"How much {definite(plaintiff)} recovers from {definite(defendant)} given shared fault.",
                 f"Under {regime}, {FAULT_RULES[regime]}.", app,
                 f"The plaintiff recovers {money(award)}.", lead=rng.choice(NOT_ADVICE), answer=money(award))
    return example(prompt=prompt, completion=comp, category=cat, difficulty=d, template="law.irac.comparative_fault",
                   answer=money(award), inputs={"regime": regime, "plaintiff_fault_pct": f, "damages": items},
                   formula="comparative_fault")


_GROUPS = _BANKS["groups"]
_TOOLS = _BANKS["tools"]


def _t_four_fifths(rng, d, cat):
    org = rng.choice(ORGS)
    tool = rng.choice(_TOOLS)
    n_groups = 3 if d == "hard" else 2
    pair = rng.randrange(0, len(_GROUPS), 2)
    names = [_GROUPS[pair], _GROUPS[pair + 1]]
    if n_groups == 3:
        names.append(rng.choice([g for g in _GROUPS if g not in names]))
    mult = 10 if d == "easy" else 1
    groups = []
    for nm in names:
        a = rng.randrange(20, 120) * (mult if d == "easy" else rng.choice((1, 3, 7)))
        s = max(1, round(a * rng.uniform(0.08, 0.6)))
        groups.append((nm, a, s))
    # Rates compared as exact fractions (s/a); the highest-rate group is the benchmark.
    hi = max(range(n_groups), key=lambda i: (Fraction(groups[i][2], groups[i][1]), -i))
    lows = [i for i in range(n_groups) if i != hi]
    worst = min(lows, key=lambda i: Fraction(groups[i][2], groups[i][1]))
    ratio = Fraction(groups[worst][2] * groups[hi][1], groups[worst][1] * groups[hi][2])  # exact
    hundredths = int(ratio * 200 + 1) // 2  # round half up to 2 decimals
    ans = f"{hundredths // 100}.{hundredths % 100:02d}"
    adverse = 5 * groups[worst][2] * groups[hi][1] < 4 * groups[hi][2] * groups[worst][1]
    desc = "; ".join(f"{nm}: {a} applied, {s} advanced" for nm, a, s in groups)
    prompt = (f"{cap_first(org)} used {tool} to decide who advanced to interview. Results: {desc}. "
              + rng.choice(("Analyse potential Title VII disparate-impact liability.", "Does this indicate adverse impact? Use IRAC.",
                            "Assess liability if the AI hiring system discriminates.", "Apply the four-fifths rule and discuss liability."))
              + (" Report the lowest impact ratio." if n_groups == 3 else " Report the impact ratio to two decimals."))
    rates = " ".join(f"{nm}: {s}/{a} = {s / a:.1%}." for nm, a, s in groups)
    app = (f"Selection rates: {rates} The highest rate belongs to {groups[hi][0]}. "
           f"Impact ratio for {groups[worst][0]} = {groups[worst][2] / groups[worst][1]:.4f} / {groups[hi][2] / groups[hi][1]:.4f} = {ans}. ")
    app += ("That is below 0.80, so the guideline treats it as evidence of adverse impact." if adverse
            else "That is at or above 0.80, so the rule of thumb does not flag adverse impact, though significance testing may still matter.")
    if d != "easy":
        app += " " + rng.choice(("Using an algorithm is no defence by itself: the employer adopted the tool and answers for its effects.",
                                 "The vendor's design does not shift the employer's Title VII responsibility for the selection procedure it uses.",
                                 "The employer should have validated the tool for the job before relying on it."))
    concl = ("A prima facie disparate-impact case is likely; the employer must show the tool is job-related and consistent with business necessity, and a less discriminatory alternative would still defeat that defence."
             if adverse else "Disparate-impact liability is unlikely on these numbers alone, but monitoring should continue.")
    comp = _irac(f"Whether {tool} creates disparate-impact liability under Title VII.",
                 f"Title VII (42 U.S.C. 2000e-2(k)) and {_cite('griggs')} prohibit neutral practices with unjustified disparate impact. "
                 "The EEOC Uniform Guidelines (29 C.F.R. 1607.4(D)) treat a selection rate below four-fifths (80%) of the highest group's rate as evidence of adverse impact.",
                 app, concl, lead=rng.choice(NOT_ADVICE), answer=ans)
    return example(prompt=prompt, completion=comp, category=cat, difficulty=d, template="law.irac.four_fifths",
                   answer=ans, inputs={"groups": [[nm, a, s] for nm, a, s in groups]}, formula="four_fifths_min_ratio")


def _t_formation(rng, d, cat):
    """Offer, counter-offer, revocation and posted acceptance on a day-numbered timeline."""
    seller, buyer = rng.sample(ORGS, 2)
    goods, unit = rng.choice(_BANKS["goods"])
    price = rng.randrange(5, 500) * 100
    offer_day = 1
    events = [(offer_day, f"{seller} posts a letter offering to sell {goods} to {buyer} for {money(price)}, open until day {{exp}}")]
    expiry = rng.randint(6, 12) if d == "hard" else rng.randint(10, 20)
    counter = None
    info_only = False
    if d != "easy" and rng.random() < 0.6:
        counter = rng.randint(2, 5)
        info_only = rng.random() < 0.4
        events.append((counter, f"{buyer} emails asking whether delivery could be in two lots" if info_only
                       else f"{buyer} replies offering {money(price - rng.randrange(1, 5) * 100)} instead"))
    rev_post = rng.randint(3, 12)
    rev_recv = rev_post + rng.randint(1, 3)
    acc_post = rng.randint(3, 14)
    while acc_post in (rev_recv, counter, expiry):  # no same-day ties: each rule then gives one answer
        acc_post += 1
    revoke = d != "easy" or rng.random() < 0.7
    if revoke:
        events.append((rev_post, f"{seller} posts a letter revoking the offer"))
        events.append((rev_recv, f"the revocation letter reaches {buyer}"))
    events.append((acc_post, f"{buyer} posts a letter accepting the original offer"))
    events = [(day, text.replace("{exp}", str(expiry))) for day, text in events]
    # second and later mentions of a party use 'the' ("the bakery"), the first keeps 'a'
    events = [(day, text if day == offer_day else text.replace(seller, definite(seller)).replace(buyer, definite(buyer))) for day, text in events]
    events.sort()
    # Rules: counter-offer kills the offer (Hyde v Wrench) unless it is only a request for information;
    # acceptance effective on posting (Adams v Lindsell); revocation effective on receipt (Byrne);
    # acceptance after the stated expiry is too late.
    reasons = []
    formed = True
    if counter is not None and not info_only and counter < acc_post:
        formed = False
        reasons.append(f"the day-{counter} counter-offer rejected the original offer ({_cite('hyde')}), so nothing was left to accept")
    if formed and acc_post > expiry:
        formed = False
        reasons.append(f"the acceptance posted on day {acc_post} came after the offer lapsed on day {expiry}")
    if formed and revoke and rev_recv <= acc_post:
        formed = False
        reasons.append(f"the revocation was received on day {rev_recv}, before the acceptance was posted on day {acc_post} ({_cite('byrne')})")
    if formed:
        bits = [f"the acceptance took effect when posted on day {acc_post} ({_cite('adams')})"]
        if revoke:
            bits.append(f"the revocation only took effect on receipt on day {rev_recv}, too late")
        if counter is not None and info_only:
            bits.append("the day-{0} email was a mere request for information, which does not reject the offer".format(counter))
        elif counter is not None:
            bits.append(f"the day-{counter} counter-proposal came after acceptance and cannot undo a concluded contract")
        reasons = bits
    ans = "contract formed" if formed else "no contract"
    timeline = "\n".join(f"- Day {day}: {cap_first(text)}." for day, text in events)
    prompt = (rng.choice(("Was a contract formed? Analyse this timeline with IRAC.",
                          "Apply the rules of offer and acceptance to decide whether a binding contract exists.",
                          "Decide whether the parties concluded a contract.")) + "\n" + timeline)
    comp = _irac("Whether a binding contract arose from the exchange of letters.",
                 "A contract needs offer, acceptance and consideration. A counter-offer rejects the offer (a mere request for information does not); "
                 "a posted acceptance is effective on posting; a revocation is effective only when received; an offer lapses at its stated expiry.",
                 "; ".join(cap_first(r) if i == 0 else r for i, r in enumerate(reasons)) + ".",
                 "A contract was formed on the posted acceptance." if formed else "No contract was formed.",
                 lead=rng.choice(NOT_ADVICE), answer=ans)
    return example(prompt=prompt, completion=comp, category=cat, difficulty=d, template="law.irac.formation_timeline",
                   answer=ans, inputs={"expiry": expiry, "counter_day": counter, "counter_is_info_request": info_only,
                                       "revocation_received": rev_recv if revoke else None, "acceptance_posted": acc_post},
                   formula="offer_acceptance_timeline")


# ==========================================================================
# contract_analysis
# ==========================================================================



def _t_buyer(rng, d, cat):
    buyer, seller = rng.sample(ORGS, 2)
    goods, unit = rng.choice(_BANKS["goods"])
    state = rng.choice(_BANKS["us_states"])
    q = rng.randrange(10, 400) * (10 if d == "hard" else 1)
    cp = rng.randrange(20, 900)
    cover = rng.random() < 0.5
    diff = rng.randrange(1, max(2, cp // 3))
    other = cp + diff
    inc = rng.randrange(2, 80) * 50 if d != "easy" else 0
    saved = rng.randrange(1, 40) * 50 if d == "hard" else 0
    cons = rng.randrange(5, 120) * 100 if d == "hard" else 0
    knew = rng.random() < 0.5
    sec = "2-712" if cover else "2-713"
    prompt = (f"{cap_first(buyer)} in {state} agreed to buy {q:,} {unit}s of {goods} from {seller} at ${cp} per {unit}. "
              f"The seller {rng.choice(_BANKS['breaches'])}. ")
    prompt += (f"The buyer covered in good faith by buying substitutes at ${other} per {unit}. " if cover
               else f"The buyer did not cover; when it learned of the breach the market price was ${other} per {unit}. ")
    inc_what = rng.choice(_BANKS["incidental_b"])
    if inc:
        prompt += f"It spent {money(inc)} on {inc_what}. "
    if saved:
        prompt += f"It saved {money(saved)} in {rng.choice(_BANKS['saved_b'])}. "
    if cons:
        prompt += (f"It also paid a customer a {money(cons)} late-delivery penalty; the seller {'knew' if knew else 'had no reason to know'} of that resale contract when contracting. ")
    prompt += rng.choice(("Compute the buyer's damages under the UCC.", "What can the buyer recover? Use IRAC.", "Calculate expectation damages."))
    per = other - cp
    base = per * q
    cons_ok = cons if knew else 0
    total = base + inc + cons_ok - saved
    steps = [f"({'cover' if cover else 'market'} ${other} - contract ${cp}) x {q:,} = {money(base)}"]
    if inc:
        steps.append(f"+ incidental {money(inc)}")
    if cons:
        steps.append(f"+ consequential {money(cons_ok)}" + ("" if knew else " (the penalty is excluded: the seller had no reason to know of it)"))
    if saved:
        steps.append(f"- expenses saved {money(saved)}")
    app = " ".join(steps) + f" = {money(total)}."
    rule = (f"UCC {sec}: the buyer recovers the difference between the {'cost of cover' if cover else 'market price when the buyer learned of the breach'} and the contract price, "
            "plus incidental and consequential damages (2-715), less expenses saved. Consequential losses require that the seller had reason to know of the need at contracting (2-715(2)(a); compare "
            + _cite("hadley") + ").")
    comp = _irac(f"The measure of the buyer's damages for the seller's non-delivery of {goods}.", rule, app,
                 f"The buyer recovers {money(total)}.", lead=rng.choice(NOT_ADVICE), answer=money(total))
    return example(prompt=prompt, completion=comp, category=cat, difficulty=d, template="law.contract.buyer_damages",
                   answer=money(total),
                   inputs={"quantity": q, "contract_price": cp, "cover_or_market_price": other, "incidental": inc,
                           "consequential": cons, "seller_knew": knew, "expenses_saved": saved},
                   formula="ucc_buyer_damages")


def _t_seller(rng, d, cat):
    seller, buyer = rng.sample(ORGS, 2)
    goods, unit = rng.choice(_BANKS["goods"])
    q = rng.randrange(10, 400) * (10 if d == "hard" else 1)
    cp = rng.randrange(30, 900)
    resale = rng.random() < 0.5
    other = cp - rng.randrange(1, max(2, cp // 3))
    inc = rng.randrange(2, 80) * 50 if d != "easy" else 0
    saved = rng.randrange(1, 40) * 50 if d != "easy" else 0
    sec = "2-706" if resale else "2-708(1)"
    prompt = (f"{cap_first(buyer)} wrongfully rejected {q:,} {unit}s of {goods} it had agreed to buy from {seller} at ${cp} per {unit}. ")
    prompt += (f"The seller resold them in a commercially reasonable private sale at ${other} per {unit}. " if resale
               else f"The seller did not resell; the market price at the time and place for tender was ${other} per {unit}. ")
    if inc:
        prompt += f"The seller spent {money(inc)} on {rng.choice(('storage', 'return freight', 'resale commissions', 'insurance while holding the goods'))}. "
    if saved:
        prompt += f"It saved {money(saved)} of delivery costs it no longer had to pay. "
    prompt += rng.choice(("Compute the seller's damages.", "What does the seller recover under Article 2?", "Analyse the seller's remedy with IRAC."))
    base = (cp - other) * q
    total = base + inc - saved
    app = f"(contract ${cp} - {'resale' if resale else 'market'} ${other}) x {q:,} = {money(base)}"
    if inc:
        app += f"; + incidental {money(inc)} (2-710)"
    if saved:
        app += f"; - expenses saved {money(saved)}"
    app += f"; total {money(total)}."
    if d == "hard":
        app += " " + rng.choice(("If the seller were a lost-volume seller with unlimited supply, 2-708(2) lost profit might give more; nothing here suggests that.",
                                 "Resale must be commercially reasonable and, for a private sale, the buyer must get reasonable notice, or the seller falls back on 2-708."))
    comp = _irac(f"The seller's damages after the buyer's wrongful rejection of {goods}.",
                 f"UCC {sec}: the seller recovers the contract price minus the {'resale price' if resale else 'market price'}, plus incidental damages under 2-710, less expenses saved.",
                 app, f"The seller recovers {money(total)}.", lead=rng.choice(NOT_ADVICE), answer=money(total))
    return example(prompt=prompt, completion=comp, category=cat, difficulty=d, template="law.contract.seller_damages",
                   answer=money(total),
                   inputs={"quantity": q, "contract_price": cp, "resale_or_market_price": other, "incidental": inc,
                           "expenses_saved": saved}, formula="ucc_seller_damages")


_JOBS = _BANKS["jobs"]


def _t_construction(rng, d, cat):
    owner = rng.choice(ORGS)
    contractor, project = rng.choice(_JOBS)
    price = rng.randrange(50, 2000) * 1000
    spent = price * rng.randrange(20, 60) // 100 // 100 * 100
    remaining = (price - spent) * rng.randrange(40, 90) // 100 // 100 * 100
    paid = 0 if d == "easy" else min(spent, price * rng.randrange(5, 40) // 100 // 100 * 100)
    profit = price - spent - remaining  # > 0: remaining is at most 90% of the unspent price
    salvage = min(rng.randrange(1, 40) * 500, profit // 2 // 100 * 100) if d == "hard" else 0
    loss = price - paid - remaining - salvage
    prompt = (f"{cap_first(owner)} hired {contractor} to deliver {project} for a fixed price of {money(price)}. "
              f"After the contractor had spent {money(spent)} and been paid {money(paid)}, the owner wrongfully terminated. "
              f"Finishing would have cost the contractor another {money(remaining)}. ")
    if salvage:
        prompt += f"The contractor can resell unused materials for {money(salvage)}. "
    prompt += rng.choice(("What expectation damages can the contractor recover?", "Compute the contractor's damages with IRAC.",
                          "Measure the contractor's loss."))
    app = (f"Contract price {money(price)} - payments received {money(paid)} - cost avoided {money(remaining)}"
           + (f" - salvage value {money(salvage)}" if salvage else "") + f" = {money(loss)}. ")
    app += rng.choice(("Check: costs spent {s} + expected profit {p} - paid {pd}{sv} = {l}.",
                       "Cross-check via reliance plus profit: {s} + {p} - {pd}{sv} = {l}.")).format(
        s=money(spent), p=money(profit), pd=money(paid), sv=f" - salvage {money(salvage)}" if salvage else "", l=money(loss))
    comp = _irac(f"The contractor's expectation damages after wrongful termination of {project}.",
                 f"Expectation damages put the injured party where performance would have (Restatement (Second) of Contracts 347; {_cite('hawkins')}): "
                 "loss in value plus other loss, less cost and loss avoided by not performing.",
                 app, f"The contractor recovers {money(loss)}.", lead=rng.choice(NOT_ADVICE), answer=money(loss))
    return example(prompt=prompt, completion=comp, category=cat, difficulty=d,
                   template="law.contract.construction_expectation", answer=money(loss),
                   inputs={"price": price, "paid": paid, "cost_avoided": remaining, "salvage": salvage},
                   formula="contract_price_minus_paid_minus_saved")


def _t_interest(rng, d, cat):
    creditor, debtor = rng.sample(ORGS, 2)
    rate10 = rng.choice((40, 50, 60, 75, 80, 90, 100, 120, 150))  # annual rate in tenths of a percent
    n_inv = 1 if d == "easy" else 2 if d == "medium" else 3
    paid_on = _rand_date(rng, 2020, 2025)
    invoices = []
    for _ in range(n_inv):
        amt = rng.randrange(5, 900) * 100 + (rng.randrange(0, 100) if d == "hard" else 0)
        due = paid_on - _dt.timedelta(days=rng.randint(15, 400))
        invoices.append((amt, due))
    total_c = 0
    lines = []
    for amt, due in invoices:
        days = (paid_on - due).days
        num = amt * 100 * rate10 * days
        cents = (2 * num + 365000) // (2 * 365000)  # round half up to the cent
        total_c += cents
        lines.append(f"{money(amt)} x {rate10 / 10:g}% x {days}/365 = {money(cents / 100, 2)}")
    inv_txt = "; ".join(f"{money(a)} due {_date(du)}" for a, du in invoices)
    prompt = (f"A supply contract between {creditor} and {debtor} charges simple interest of {rate10 / 10:g}% a year on late invoices, "
              f"computed daily on a 365-day basis. Unpaid: {inv_txt}. Everything was paid on {_date(paid_on)}. "
              + rng.choice(("How much interest is owed?", "Compute the contractual late-payment interest.", "Calculate the interest claim, to the cent.")))
    app = "Days run from each due date to payment. " + "; ".join(lines) + (f". Total {money(total_c / 100, 2)}." if n_inv > 1 else ".")
    comp = _irac("How much contractual interest accrued on the late invoices.",
                 "The parties' express interest clause governs (freedom of contract); simple interest = principal x rate x days/365 for each invoice.",
                 app, f"Interest owed: {money(total_c / 100, 2)}.", lead=rng.choice(NOT_ADVICE), answer=money(total_c / 100, 2))
    return example(prompt=prompt, completion=comp, category=cat, difficulty=d, template="law.contract.late_interest",
                   answer=money(total_c / 100, 2), inputs={"rate_pct": rate10 / 10, "paid_on": paid_on.isoformat(),
                                                   "invoices": [[a, du.isoformat()] for a, du in invoices]}, formula="simple_interest_365")


_CLAUSES = _BANKS["clauses"]
_CLAUSE_SLOTS = _BANKS["clause_slots"]


def _t_clause(rng, d, cat):
    kind, text, rule, facts, outcomes = rng.choice(_CLAUSES)
    text = text.format(**{k: rng.choice(v) for k, v in _CLAUSE_SLOTS.items()})
    good = rng.random() < 0.5
    fact = facts[0] if good else facts[1]
    a, b = rng.sample(ORGS, 2)
    prompt = (f"Review this {kind} clause in a contract between {a} and {b}: \"{text}\" Assume {fact}. "
              + rng.choice(("Is it enforceable?", "Assess the clause using IRAC.", "How would a court likely treat it?",
                            "Advise the party relying on it.")))
    if d != "easy":
        prompt += " Suggest one drafting improvement."
    app = rng.choice(("Here, {f}. ", "On the assumed facts, {f}. ", "The decisive fact is that {f}. ")).format(f=fact)
    if kind == "force majeure":
        app += ("The listed event caused the failure, so the clause is engaged." if good
                else "That is a choice within the supplier's control, so the clause is not engaged.")
    else:
        app += rng.choice(("That keeps the clause within the accepted bounds.", "On that footing a court is likely to uphold it.")) if good else \
            rng.choice(("That pushes the clause outside what courts accept.", "That is the kind of term courts refuse to enforce."))
    app = _deepen(rng, d, app,
                  ("Drafting fix: state the commercial rationale in a recital so a court can see the legitimate interest.",
                   "Drafting fix: narrow the clause to the specific risk and define key terms.",
                   "Drafting fix: add a severance provision so an over-broad part can fall away without the rest."),
                  ("Governing law matters: the same clause can be valid in one jurisdiction and void in another.",
                   "Courts read such clauses against the party relying on them where ambiguous (contra proferentem)."))
    concl = outcomes[0] if good else outcomes[1]
    comp = _irac(f"Whether the {kind} clause will be enforced.", rule, app, concl, lead=rng.choice(NOT_ADVICE))
    return example(prompt=prompt, completion=comp, category=cat, difficulty=d, template="law.contract.clause_review")


# ==========================================================================
# constitutional_law
# ==========================================================================



def _t_scrutiny(rng, d, cat):
    cls, tier, cite = rng.choice(_BANKS["scrutiny"])
    law = rng.choice(_BANKS["ep_laws"][cls])
    gov = rng.choice(_BANKS["govts"])
    neutral = d == "hard" and rng.random() < 0.5
    if neutral:
        prompt = (_context(rng) + f"{gov} adopts a facially neutral rule on {rng.choice(_BANKS['interests'])} grounds that happens to burden people on the basis of {cls} more heavily than others; there is no evidence of discriminatory purpose. "
                  "What level of equal protection scrutiny applies? Use IRAC.")
        tier_used = "rational basis review"
        app = ("The rule does not classify by " + cls + " on its face. Under Washington v. Davis, 426 U.S. 229 (1976), disparate impact alone does not trigger heightened scrutiny; "
               "discriminatory purpose must be shown. With none shown, the rule gets rational basis review.")
    else:
        interest = rng.choice(_BANKS["interests"])
        prompt = (_context(rng) + f"{gov} {law}, citing {interest}. " + rng.choice(("What standard of review applies under the Equal Protection Clause?",
                                                 "Identify the tier of scrutiny and apply it.", "Analyse the equal protection challenge with IRAC.",
                                                 "Will the rule survive an equal protection challenge?")))
        tier_used = tier
        app = rng.choice(("The rule classifies by {c}. The Supreme Court applies {t} to {c} classifications ({s}).",
                          "Because the line is drawn by {c}, {t} applies ({s}).",
                          "{C} is the operative classification, and the cases put it in {t} ({s}).")).format(c=cls, C=cap_first(cls), t=tier, s=cite)
        app += " " + _BANKS["interest_verdict"][tier].format(i=interest, I=cap_first(interest))
        if d != "easy":
            app += " " + {"strict scrutiny": "Few laws survive: the government must show no less restrictive means would serve its compelling interest.",
                          "intermediate scrutiny": "The government cannot rely on overbroad generalisations about the sexes or similar stereotypes.",
                          "rational basis review": "Almost any plausible legitimate purpose suffices, though laws based on bare animus fail even this test."}[tier]
    if d == "hard" and not neutral:
        app += " Note that the tier is set by the classification, not by how sympathetic the policy looks."
    comp = _irac(f"Which level of scrutiny applies to {gov.lower()}'s rule.",
                 f"Under the Equal Protection Clause of the Fourteenth Amendment, the tier depends on the classification. Under {tier_used}, {_BANKS['tier_test'][tier_used]}.",
                 app, f"The court applies {tier_used}.", lead=rng.choice(NOT_ADVICE), answer=tier_used)
    return example(prompt=prompt, completion=comp, category=cat, difficulty=d, template="law.con.scrutiny_tier",
                   answer=tier_used, inputs={"classification": cls, "facially_neutral": neutral},
                   formula="equal_protection_tier")


SPEECH = _with_citations(_BANKS["speech"], 3)
_SPEECH_SLOTS = _BANKS["speech_slots"]
_IMMINENT = _BANKS["imminent"]


def _t_speech(rng, d, cat):
    kind, facts, test, cite, rule = rng.choice(SPEECH)
    slots = {k: rng.choice(v) for k, v in _SPEECH_SLOTS.items()}
    facts = facts.format(**slots)
    prompt = _context(rng) + facts + " " + rng.choice(("Which First Amendment test governs?", "Analyse the First Amendment issue in IRAC form.",
                                                       "What standard does a court apply, and what is the likely result?",
                                                       "Identify the test and apply it."))
    if d == "hard":
        prompt += " Explain why neighbouring tests do not apply."
    shown = test if "scrutiny" in test else "the " + test
    app = rng.choice(("This is a {k} problem, so the court applies {t} ({c}).",
                      "Because the problem is {k}, {t} governs ({c}).",
                      "The court classifies the case as {k} and uses {t}.")).format(k=kind, t=shown, c=cite)
    app += " " + {"content-based": f"A ban on {slots['medium']} about {slots['topic']} singles out a subject, so the government must show a compelling interest and the narrowest means.",
                  "content-neutral": f"A {slots['db']}-decibel cap in {slots['venue']} applies to every message, so the question is tailoring and alternative channels.",
                  "incitement": f"The question is whether urging the crowd to {slots['act']} is aimed at, and likely to produce, imminent lawless action.",
                  "student speech": f"The {slots['item']} is passive expression, so the school needs facts showing likely substantial disruption, not mere dislike of the message about {slots['topic']}.",
                  "defamation": f"As {slots['official']} is a public official and the claim concerns official conduct, negligence is not enough."}[kind]
    if d != "easy":
        app += " " + rng.choice(("The government's label for the rule does not control; courts look at what it actually regulates.",
                                 "The burden falls on the party restricting speech to justify the restriction." if kind != "defamation" else "The plaintiff must prove actual malice with convincing clarity.",
                                 "The facts that matter are what the speech says, where it occurs and who the speaker is."))
    if d == "hard":
        app += " " + {"content-based": "Intermediate scrutiny for time, place and manner rules does not apply because the rule turns on subject matter.",
                      "content-neutral": "Strict scrutiny does not apply because the rule applies regardless of message.",
                      "incitement": "The fighting-words and true-threats doctrines address different harms; here the question is advocacy of unlawful action.",
                      "student speech": "Adult public-forum rules do not apply unmodified inside a public school.",
                      "defamation": "Private-figure plaintiffs face a lower fault standard, but an official acting in office is a public official."}[kind]
    concl = f"The governing standard is {shown}."
    if kind == "incitement":
        imminent = slots["act"].endswith(_IMMINENT) and "vote" not in slots["act"]
        concl += (" The call is for immediate lawless action by a present crowd, so punishment is likely permissible if it was likely to succeed." if imminent
                  else " The call is for action at an indefinite future time, or for lawful action, so the speech is likely protected.")
    comp = _irac(f"Which First Amendment standard applies to the {kind} problem and whether the restriction survives.",
                 f"{cite}: {rule}.", app, concl, lead=rng.choice(NOT_ADVICE), answer=test)
    return example(prompt=prompt, completion=comp, category=cat, difficulty=d, template="law.con.speech", answer=test,
                   inputs={"kind": kind}, formula="speech_test")


_PLACES = _BANKS["places"]


def _t_miranda(rng, d, cat):
    custody = rng.random() < 0.7
    interrog = rng.random() < 0.75
    warned = rng.random() < 0.5
    waived = warned and rng.random() < 0.7
    safety = d == "hard" and interrog and rng.random() < 0.4
    offence, place = rng.choice(_BANKS["offences"]), rng.choice(_PLACES)
    q = "where the gun was hidden" if safety else rng.choice(_BANKS["questions"])
    setting = (rng.choice(("after arresting the suspect {p} and placing them in a patrol car", "after handcuffing the suspect {p}",
                           "holding the suspect in an interview room after an arrest {p}")) if custody
               else rng.choice(("during a voluntary conversation {p}, telling the suspect they were free to leave",
                                "in a brief chat {p} that the suspect could end at any time")))
    setting = setting.format(p=place)
    ask = f"asked {q}" if interrog else "said nothing, but the suspect volunteered a statement"
    warn = ("gave full Miranda warnings and the suspect said they understood and would talk" if waived
            else "gave Miranda warnings but the suspect asked for a lawyer, and questioning continued" if warned
            else "gave no warnings")
    prompt = _context(rng) + f"Investigating {offence}, police, {setting}, {ask}. The officers {warn}. "
    prompt = cap_first(prompt)
    if safety:
        prompt += "The suspect had been seen with a gun, which was now missing somewhere in a busy public area. "
    prompt += rng.choice(("Is the statement admissible in the prosecution's case-in-chief?", "Should the statement be suppressed? Use IRAC.",
                          "Analyse the Miranda issue.", "Predict the ruling on a motion to suppress."))
    if not (custody and interrog):
        outcome = "admissible"
        why = ("Miranda applies only to custodial interrogation; " + ("there was no custody, since a reasonable person would have felt free to leave" if not custody
                                                                     else "there was no interrogation, and volunteered statements are not barred") + ".")
    elif safety:
        outcome, why = "admissible", "The public-safety exception of New York v. Quarles, 467 U.S. 649 (1984), permits questions prompted by an immediate danger, such as a missing gun, without warnings."
    elif waived:
        outcome, why = "admissible", "Warnings were given and the suspect knowingly and voluntarily waived the rights before answering."
    else:
        outcome = "suppressed"
        why = (f"Asking {q} while the suspect was in custody was interrogation without warnings." if not warned
               else "Once the suspect asked for a lawyer, questioning had to stop (Edwards v. Arizona, 451 U.S. 477 (1981)); continuing violated the Miranda safeguards.")
    app = why + f" The offence under investigation ({offence}) does not change the analysis."
    if d != "easy":
        app += " " + rng.choice(("Custody means a reasonable person would not feel free to end the encounter; interrogation includes words the police should know are likely to elicit an incriminating response.",
                                 "The test is objective: the officers' undisclosed intentions do not decide custody.",
                                 "The prosecution bears the burden of proving a valid waiver by a preponderance of the evidence."))
    if d == "hard" and outcome == "suppressed":
        app += " Even so, under Harris v. New York, 401 U.S. 222 (1971), a voluntary statement taken in violation of Miranda may be used to impeach the defendant's trial testimony."
    comp = _irac("Whether the statement must be suppressed under Miranda.",
                 f"{_cite('miranda')}: statements from custodial interrogation are inadmissible in the case-in-chief unless the suspect was warned and waived the rights.",
                 app, f"The statement is {outcome}.", lead=rng.choice(NOT_ADVICE), answer=outcome)
    return example(prompt=prompt, completion=comp, category=cat, difficulty=d, template="law.con.miranda",
                   answer=outcome,
                   inputs={"custody": custody, "interrogation": interrog, "warned": warned, "waived": waived, "public_safety": safety},
                   formula="miranda_admissibility")




def _t_commerce(rng, d, cat):
    law, economic, *slot_lists = rng.choice(_BANKS["fed_statutes"])
    law = law.format(x=rng.choice(slot_lists[0]), y=rng.choice(slot_lists[1]) if len(slot_lists) > 1 else "")
    who, state = rng.choice(_BANKS["challengers"]), rng.choice(_BANKS["us_states"])
    prompt = _context(rng) + rng.choice(("Congress enacts {x}. {w} in {s} sues. Is the law valid under the Commerce Clause?",
                                         "Assess whether {x} is within Congress's commerce power; the challenger is {w} in {s}.",
                                         "{w} in {s} challenges {x}. Using IRAC, analyse the challenge.")).format(x=law, w=who, s=state)
    prompt = cap_first(prompt)
    if d == "hard":
        prompt += " Discuss whether any other federal power could support it."
    rule = rng.choice((
        "Congress may regulate the channels and instrumentalities of interstate commerce and activities that substantially affect it ({l}). Economic activity may be aggregated ({w}; Gonzales v. Raich, 545 U.S. 1 (2005)).",
        "Under {l}, the commerce power reaches three categories: channels, instrumentalities, and activities substantially affecting interstate commerce. Economic activities are judged in the aggregate ({w}; Gonzales v. Raich, 545 U.S. 1 (2005)).",
    )).format(l=_cite("lopez"), w=_cite("wickard"))
    app = rng.choice(_BANKS["comm_app_econ"] if economic else _BANKS["comm_app_non"])
    app += f" That {who} in {state} acts locally {'does not help it' if economic else 'underlines the point'}."
    concl = "The law is likely a valid exercise of the commerce power." if economic else "The law is likely beyond the commerce power."
    if "required to buy" in law or "to buy" in law:
        app += " Compelling people to enter commerce is not regulating existing commerce (National Federation of Independent Business v. Sebelius, 567 U.S. 519 (2012))."
    if "gender-motivated" in law:
        app += " The Court struck down such a remedy in United States v. Morrison, 529 U.S. 598 (2000)."
    app = _deepen(rng, d, app,
                  ("A jurisdictional element tying each case to interstate commerce would strengthen the statute.",
                   "Congressional findings help but are not conclusive; the Court decides the question itself.",
                   "The closer the link to a functioning interstate market, the stronger the government's position."),
                  ("The taxing power might support a modest financial exaction, as in Sebelius.",
                   "Conditional spending grants to states are another route, within the limits of South Dakota v. Dole, 483 U.S. 203 (1987).",
                   "The Necessary and Proper Clause cannot rescue a law whose object lies outside an enumerated power."))
    comp = _irac(f"Whether {law} is within the commerce power.", rule, app, concl, lead=rng.choice(NOT_ADVICE))
    return example(prompt=prompt, completion=comp, category=cat, difficulty=d, template="law.con.commerce_clause")


# ==========================================================================
# legal_writing
# ==========================================================================
def _citation_parts(k: str) -> list[str]:
    """The components of a case's citation as labelled fragments (the prompt may shuffle them)."""
    name, tail, system, *_ = CASES[k]
    if system == "US":
        vol, rest = tail.split(" ", 1)
        reporter_page, paren = rest.rsplit(" (", 1)
        reporter, page = reporter_page.rsplit(" ", 1)
        return [f"case name {name}", f"volume {vol}", f"reporter {reporter}", f"first page {page}", f"court and year '{paren[:-1]}'"]
    year = tail[1:5]
    report, page = tail[7:].rsplit(" ", 1)
    kind = "the report series is organised by year" if tail[0] == "[" else "the volumes are numbered independently of year"
    return [f"case name {name}", f"year {year}", f"report {report}", f"first page {page}", f"note: {kind}"]


def _short_name(name: str) -> str:
    """Short form for later references: the distinctive party name."""
    if "(The " in name:
        return name[name.index("(The ") + 1:-1]
    for lead in ("R v ", "United States v. ", "Tennessee Valley Authority v. "):
        if name.startswith(lead):
            return name[len(lead):].split(" ")[0].rstrip(",")
    return name.split(" v")[0]


_DOCS = _BANKS["docs"]


def _t_citation(rng, d, cat):
    k = rng.choice(_CASE_KEYS)
    name, tail, system, area, issue, holding = CASES[k]
    style = "Bluebook" if system == "US" else "OSCOLA"
    parts = _citation_parts(k)
    rng.shuffle(parts)
    doc = rng.choice(_DOCS)
    prompt = rng.choice(("Format a {s} citation for {doc} from these parts: {p}.", "Assemble the full {s} case citation for {doc}: {p}.",
                         "A draft of {doc} has the parts of a citation jumbled ({p}). Write it correctly in {s} form.",
                         "Citation check for {doc}. Parts: {p}. Give the {s} citation.")).format(s=style, p="; ".join(parts), doc=doc)
    if d != "easy":
        prompt += " Explain the format rule you used."
    if system == "US":
        rule = rng.choice(("Bluebook Rule 10: case name, comma, volume, reporter abbreviation, first page, then the court (if not clear from the reporter) and year in parentheses.",
                           "Under Bluebook Rule 10 a case citation runs: name, a comma, volume, reporter, first page, and a parenthetical with the deciding court (omitted when the reporter shows it) and the year."))
        app = rng.choice(("Put the name first followed by a comma, then {v}; the parenthetical '({p})' goes at the end.",
                          "Start with {n}, add a comma, then {v}, and close with '({p})'.",
                          "Order the fragments: name, then {v}, then the parenthetical ({p}).")).format(
            n=name, v=tail.split(" (")[0], p=tail.rsplit(" (", 1)[1][:-1])
    else:
        rule = rng.choice(("OSCOLA: case name (no full stop after 'v'), then the year in square brackets if the series is organised by year, or in round brackets if volumes are numbered independently, then volume (if any), report abbreviation and first page, with no comma after the name.",
                           "OSCOLA puts the case name first without a comma, then the year, square-bracketed when it identifies the volume and round-bracketed otherwise, then any volume number, the report abbreviation and the first page."))
        app = rng.choice(("The series note settles the brackets: ", "The note on the series decides the brackets: ")) + (
            "square brackets, because the year identifies the volume." if tail[0] == "[" else "round brackets, because the year is not needed to find the volume.")
        app += f" Then comes '{tail[7:]}'."
    app += " " + rng.choice((f"The case is a {area} decision, so double-check it is cited for the right point in {doc}.",
                             f"For {doc}, confirm the first page against the report itself.",
                             f"Consistency matters more than anything in {doc}: cite every case the same way.", ""))
    if d == "hard":
        app += " " + rng.choice(("For a pinpoint, add the specific page after the first page.",
                                 f"After the first full citation, a short form ({_short_name(name)}) can be used.",
                                 "If a neutral citation exists it normally comes first, followed by the law report."))
    comp = _irac(f"The correct {style} citation for {name}.", rule, app.strip(), f"The citation is {_cite(k)}.",
                 lead=rng.choice(NOT_ADVICE), answer=_cite(k))
    return example(prompt=prompt, completion=comp, category=cat, difficulty=d, template="law.writing.citation",
                   answer=_cite(k), inputs={"case": k, "style": style}, formula="citation_format")


_MEMO_TOPICS = _with_citations(_BANKS["memo_topics"], 1)


def _t_memo(rng, d, cat):
    topic, rule, facts, slot_table, pro, con = rng.choice(_MEMO_TOPICS)
    slots = {k: rng.choice(v) for k, v in slot_table.items()}
    f1, f2 = (f.format(**slots) for f in facts)
    client = rng.choice(ORGS)
    prompt = (f"Draft a short office memo in IRAC form for a supervising lawyer. Client: {client}. Facts: {f1}; {f2}. "
              + rng.choice(("Topic: {t}.", "The question concerns {t}.", "Focus on {t}.")).format(t=topic))
    if d == "hard":
        prompt += " Include counter-arguments and next steps."
    header = rng.choice(("MEMORANDUM\nTo: Supervising attorney\nRe: {t} ({c})", "Memo re: {t}, client {c}", "Office memo: {t} for {c}")).format(t=topic, c=client)
    app = rng.choice(("The facts that {f1} and that {f2} suggest {pro}.", "Here {f1}, and {f2}; this supports the view that {pro}.")).format(f1=f1, f2=f2, pro=pro)
    app = _deepen(rng, d, app, (f"However, {con}.", f"The weakness is that {con}.", f"On the other side, {con}."),
                  ("Next steps: collect documents and witness statements, and confirm the governing jurisdiction.",
                   "Next steps: preserve evidence, interview the people involved, and check controlling local authority."))
    concl = rng.choice(("The client has a reasonable position, subject to the facts holding up.", "On balance the client's position is arguable but fact-dependent.",
                        "The better view favours the client if the key facts are proved."))
    comp = _irac(f"Whether the client faces or has a claim involving {topic}.", rule, app, concl, lead=header)
    return example(prompt=prompt, completion=comp, category=cat, difficulty=d, template="law.writing.memo")


_PLAIN = _BANKS["plain"]
_ROLES = _BANKS["roles"]


def _t_plain(rng, d, cat):
    kind, legal, plain = rng.choice(_PLAIN)
    n = rng.choice((7, 14, 30, 45, 60, 90))
    place = rng.choice(("New York", "England and Wales", "Delaware", "Ontario", "California", "Singapore"))
    A, B = rng.choice(_ROLES)
    f = dict(n=n, place=place, A=A, B=B, a=A.lower(), b=B.lower())
    legal, plain = legal.format(**f), plain.format(**f)
    reader = rng.choice(("a small-business owner", "a freelance client", "a new procurement officer", "a non-lawyer founder", "a community group",
                         "a charity trustee", "a first-time landlord", "a hospital buyer", "a school bursar"))
    prompt = _context(rng) + rng.choice(("Rewrite this {k} clause in plain English for {r}: \"{l}\"", "Explain this {k} clause to {r} and give a plain-language version: \"{l}\"",
                         "Plain-language drafting task ({k} clause, audience: {r}): \"{l}\"")).format(k=kind, r=reader, l=legal)
    if d != "easy":
        prompt += " Keep the legal effect unchanged."
    rule = rng.choice(("Plain-language drafting must preserve legal effect; courts give words their ordinary meaning and read ambiguity against the drafter (contra proferentem).",
                       "Words get their ordinary meaning in context, and ambiguity is construed against the party that drafted the clause, so the rewrite must be precise as well as simple."))
    app = _deepen(rng, d, f"Plain version: \"{plain}\"",
                  ("Doublets like 'indemnify and hold harmless' or 'assign or transfer' are collapsed only where the words add nothing in this jurisdiction.",
                   "Keep defined terms and numbers exactly as in the original, because they carry the legal effect.",
                   "Short sentences and active voice make clear who must do what."),
                  ("Flag for the reader anything the clause does not say, such as what counts as notice.",
                   "If the original is ambiguous, resolve it with the other party rather than silently in the rewrite."))
    comp = _irac(f"What the {kind} clause requires, stated in plain language for {reader}.", rule, app,
                 "The plain-language version carries the same obligations in words the reader can act on.", lead=rng.choice(NOT_ADVICE))
    return example(prompt=prompt, completion=comp, category=cat, difficulty=d, template="law.writing.plain_language")


_LETTER_ITEMS = _BANKS["letter_items"]


def _t_demand(rng, d, cat):
    sender, recipient = rng.sample(ORGS, 2)
    n = 2 if d == "easy" else 3 if d == "medium" else 4
    labels = rng.sample(_LETTER_ITEMS, n)
    amounts = [rng.randrange(2, 400) * 50 for _ in labels]
    credit = rng.randrange(1, 30) * 50 if d != "easy" else 0
    disputed = d == "hard"
    drop = rng.randrange(n) if disputed else -1
    kept = [(l, a) for i, (l, a) in enumerate(zip(labels, amounts)) if i != drop]
    total = sum(a for _, a in kept) - credit
    item_txt = "; ".join(f"{l} {money(a)}" for l, a in zip(labels, amounts))
    prompt = (f"Draft the damages section of a demand letter from {sender} to {recipient} for breach of a services contract. Claimed items: {item_txt}.")
    if credit:
        prompt += f" {cap_first(recipient)} already paid {money(credit)}."
    if disputed:
        prompt += f" The {labels[drop]} was caused by an unrelated storm, not the breach; leave it out."
    prompt += " State the total demanded, using IRAC headings."
    app = "Recoverable items: " + " + ".join(money(a) for _, a in kept) + f" = {money(sum(a for _, a in kept))}"
    if credit:
        app += f"; less {money(credit)} already paid"
    app += f"; total {money(total)}."
    if disputed:
        app += f" The {labels[drop]} is excluded because it was not caused by the breach."
    if d != "easy":
        app += " " + rng.choice(("Attach invoices for each item so the figure is verifiable.",
                                 "State a reasonable deadline for payment and keep the tone factual.",
                                 "Avoid threats that could be seen as improper; state the intended next step plainly."))
    comp = _irac("The amount to demand for the breach of the services contract.",
                 "Compensatory damages cover losses caused by the breach that were foreseeable at contracting (" + _cite("hadley") + "), less amounts already paid.",
                 app, f"Demand {money(total)} in total.", lead=rng.choice(("Damages", "Re: damages claimed", "Section 3: damages")), answer=money(total))
    return example(prompt=prompt, completion=comp, category=cat, difficulty=d, template="law.writing.demand_letter",
                   answer=money(total),
                   inputs={"items": amounts, "excluded_index": drop if disputed else None, "credit": credit},
                   formula="sum_items_less_credit")


_OPEN_SITUATIONS = _with_citations(_BANKS["open_situations"], 3)
_OPEN_ASKS = _BANKS["open_asks"]
_OPEN_NEXT = _BANKS["open_next"]
OPEN_SHARE = 0.4  # of legal_reasoning: 6.7% of the domain (the top-template cap is 10%)


def _t_open(rng, d, cat):
    phrasings, slots, party, rule, pro, con, concl = rng.choice(_OPEN_SITUATIONS)
    phrasing = rng.choice(phrasings)
    fill = {k: rng.choice(v[1:]) if "{" + k + "}" in phrasing else v[0] for k, v in slots.items()}
    situation = phrasing.format(**fill)
    prompt = rng.choice(_OPEN_ASKS).format(s=situation)
    con = con.format(**fill)
    app = _deepen(rng, d, pro.format(**fill), (f"However, {con}.", f"On the other side, {con}.", f"The main weakness: {con}."), _OPEN_NEXT)
    comp = _irac(f"Whether {party} is liable when {situation}.", rule, app, concl, lead=rng.choice(NOT_ADVICE))
    return open_form(example(prompt=prompt, completion=comp, category=cat, difficulty=d, template="law.irac.open"))



TEMPLATES = {
    "case_law_analysis": (_t_brief, _t_apply, _t_compare, _t_identify),
    "statutory_interpretation": (_t_canon, _t_approaches, _t_deadline_days, _t_limitation),
    "legal_reasoning": (_t_hand, _t_fault, _t_four_fifths, _t_formation),
    "contract_analysis": (_t_buyer, _t_seller, _t_construction, _t_interest, _t_clause),
    "constitutional_law": (_t_scrutiny, _t_speech, _t_miranda, _t_commerce),
    "legal_writing": (_t_citation, _t_memo, _t_plain, _t_demand),
}


class LawGenerator(Refuses, DomainGenerator):
    domain = "law"
    version = "4"  # 2: refusal rows (generators/refusals/); 3: one row in 8, not 5; 4: law.irac.open
    categories = tuple(TEMPLATES)
    refusal_category = "legal_writing"

    def example(self, category: str, rng: random.Random) -> Example:
        difficulty = rng.choice(DIFFICULTIES)
        if category == "legal_reasoning" and rng.random() < OPEN_SHARE:
            return _t_open(rng, difficulty, category)
        return rng.choice(TEMPLATES[category])(rng, difficulty, category)
