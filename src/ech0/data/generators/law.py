"""Law generator: IRAC-structured legal analysis (educational, not legal advice).

Categories (seed guide, "Domain Coverage" -> Law): case_law_analysis,
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
Fact patterns are hypothetical; parties are generic ("a retailer"), never real
private individuals.
"""

from __future__ import annotations

import datetime as _dt
import random
from fractions import Fraction

from ech0.data.generators.base import DIFFICULTIES, DomainGenerator, Example, final_answer, open_form
from ech0.data.generators.refusals import Refuses

# --------------------------------------------------------------------------
# Fact table: landmark cases. key -> (name, citation tail, system, area, issue, holding)
# The full citation is name + ", " + tail (US, Bluebook) or name + " " + tail
# (UK, OSCOLA). Holdings are the standard textbook statements.
# --------------------------------------------------------------------------
CASES: dict[str, tuple[str, str, str, str, str, str]] = {
    # Marbury v. Madison, 5 U.S. 137 (1803)
    "marbury": ("Marbury v. Madison", "5 U.S. 137 (1803)", "US", "judicial review",
                "whether the Supreme Court could enforce a Judiciary Act provision that enlarged its original jurisdiction beyond Article III",
                "a statute contrary to the Constitution is void, and it is the province and duty of the judiciary to say what the law is, which established judicial review"),
    # McCulloch v. Maryland, 17 U.S. 316 (1819)
    "mcculloch": ("McCulloch v. Maryland", "17 U.S. 316 (1819)", "US", "federal powers",
                  "whether Congress could charter a national bank and whether a state could tax it",
                  "the Necessary and Proper Clause gives Congress implied powers to charter the bank, and a state may not tax a federal instrumentality"),
    # Gibbons v. Ogden, 22 U.S. 1 (1824)
    "gibbons": ("Gibbons v. Ogden", "22 U.S. 1 (1824)", "US", "commerce power",
                "whether a New York steamboat monopoly could exclude a vessel operating under a federal coasting licence",
                "commerce includes navigation, and the federal licence pre-empted the conflicting state monopoly"),
    # Plessy v. Ferguson, 163 U.S. 537 (1896)
    "plessy": ("Plessy v. Ferguson", "163 U.S. 537 (1896)", "US", "equal protection",
               "whether a state law requiring racially separate railway cars violated the Fourteenth Amendment",
               "the Court upheld the law under the doctrine of separate but equal, a holding later repudiated by Brown"),
    # Brown v. Board of Education, 347 U.S. 483 (1954)
    "brown": ("Brown v. Board of Education", "347 U.S. 483 (1954)", "US", "equal protection",
              "whether state-mandated racial segregation of public schools violates the Equal Protection Clause",
              "separate educational facilities are inherently unequal, so segregated public schools violate the Equal Protection Clause"),
    # Miranda v. Arizona, 384 U.S. 436 (1966)
    "miranda": ("Miranda v. Arizona", "384 U.S. 436 (1966)", "US", "criminal procedure",
                "whether statements from custodial interrogation are admissible without procedural safeguards",
                "the prosecution may not use statements from custodial interrogation unless the suspect was warned of the right to silence and to counsel and waived them"),
    # Gideon v. Wainwright, 372 U.S. 335 (1963)
    "gideon": ("Gideon v. Wainwright", "372 U.S. 335 (1963)", "US", "right to counsel",
               "whether a state must appoint counsel for an indigent felony defendant",
               "the Sixth Amendment right to counsel applies to the states through the Fourteenth Amendment and requires appointed counsel for indigent felony defendants"),
    # Mapp v. Ohio, 367 U.S. 643 (1961)
    "mapp": ("Mapp v. Ohio", "367 U.S. 643 (1961)", "US", "search and seizure",
             "whether evidence seized in violation of the Fourth Amendment is admissible in state court",
             "the exclusionary rule applies to the states, so unconstitutionally seized evidence is inadmissible in state prosecutions"),
    # Terry v. Ohio, 392 U.S. 1 (1968)
    "terry": ("Terry v. Ohio", "392 U.S. 1 (1968)", "US", "search and seizure",
              "whether police may stop and frisk a person without probable cause",
              "an officer may briefly stop a person on reasonable, articulable suspicion of crime and frisk for weapons if the person may be armed and dangerous"),
    # Katz v. United States, 389 U.S. 347 (1967)
    "katz": ("Katz v. United States", "389 U.S. 347 (1967)", "US", "search and seizure",
             "whether recording a call from a public telephone booth without a warrant was a search",
             "the Fourth Amendment protects people, not places; a search occurs where a person has a reasonable expectation of privacy"),
    # New York Times Co. v. Sullivan, 376 U.S. 254 (1964)
    "nyt": ("New York Times Co. v. Sullivan", "376 U.S. 254 (1964)", "US", "free speech",
            "what a public official must prove to recover for defamation about official conduct",
            "the official must prove actual malice: knowledge of falsity or reckless disregard for the truth"),
    # Tinker v. Des Moines Independent Community School District, 393 U.S. 503 (1969)
    "tinker": ("Tinker v. Des Moines Independent Community School District", "393 U.S. 503 (1969)", "US", "free speech",
               "whether a public school could punish students for wearing black armbands in protest",
               "students keep free-speech rights at school; speech may be restricted only if it would materially and substantially disrupt school activities"),
    # Brandenburg v. Ohio, 395 U.S. 444 (1969)
    "brandenburg": ("Brandenburg v. Ohio", "395 U.S. 444 (1969)", "US", "free speech",
                    "when advocacy of force or law violation may be punished",
                    "advocacy is protected unless it is directed to inciting imminent lawless action and is likely to produce such action"),
    # Loving v. Virginia, 388 U.S. 1 (1967)
    "loving": ("Loving v. Virginia", "388 U.S. 1 (1967)", "US", "equal protection",
               "whether a ban on interracial marriage is constitutional",
               "racial classifications in marriage laws violate the Equal Protection and Due Process Clauses"),
    # Youngstown Sheet & Tube Co. v. Sawyer, 343 U.S. 579 (1952)
    "youngstown": ("Youngstown Sheet & Tube Co. v. Sawyer", "343 U.S. 579 (1952)", "US", "separation of powers",
                   "whether the President could seize steel mills without statutory authority",
                   "the seizure was unlawful without authority from Congress or the Constitution; Justice Jackson's concurrence sets out the three-zone framework"),
    # Wickard v. Filburn, 317 U.S. 111 (1942)
    "wickard": ("Wickard v. Filburn", "317 U.S. 111 (1942)", "US", "commerce power",
                "whether Congress could regulate wheat grown for use on the grower's own farm",
                "activity that is local but substantially affects interstate commerce in the aggregate may be regulated"),
    # United States v. Lopez, 514 U.S. 549 (1995)
    "lopez": ("United States v. Lopez", "514 U.S. 549 (1995)", "US", "commerce power",
              "whether the Gun-Free School Zones Act of 1990 was within the commerce power",
              "possessing a gun near a school is not economic activity substantially affecting interstate commerce, so the Act exceeded the commerce power"),
    # Palsgraf v. Long Island Railroad Co., 248 N.Y. 339 (1928)
    "palsgraf": ("Palsgraf v. Long Island Railroad Co.", "248 N.Y. 339 (1928)", "US", "negligence",
                 "whether a railroad owed a duty to a person injured far from the negligent act",
                 "a duty of care is owed only to plaintiffs within the foreseeable zone of danger"),
    # United States v. Carroll Towing Co., 159 F.2d 169 (2d Cir. 1947)
    "carroll": ("United States v. Carroll Towing Co.", "159 F.2d 169 (2d Cir. 1947)", "US", "negligence",
                "whether a barge owner was negligent for leaving the barge unattended",
                "a party is negligent if the burden of precaution B is less than the probability of harm P times the gravity of loss L"),
    # Hawkins v. McGee, 84 N.H. 114 (1929)
    "hawkins": ("Hawkins v. McGee", "84 N.H. 114 (1929)", "US", "contract damages",
                "how to measure damages when a surgeon's guaranteed perfect result was not achieved",
                "expectation damages are the difference between the value of the promised performance and the value of what was received"),
    # Lucy v. Zehmer, 196 Va. 493 (1954)
    "lucy": ("Lucy v. Zehmer", "196 Va. 493 (1954)", "US", "contract formation",
             "whether a farm sale written on a restaurant bill was binding when the seller claimed it was a joke",
             "assent is judged objectively by outward words and acts, so an apparently serious agreement binds despite a secret jest"),
    # Griggs v. Duke Power Co., 401 U.S. 424 (1971)
    "griggs": ("Griggs v. Duke Power Co.", "401 U.S. 424 (1971)", "US", "employment discrimination",
               "whether neutral job requirements with a disparate racial impact violate Title VII",
               "Title VII bars practices that are neutral on their face but have a disparate impact unless they are job-related and justified by business necessity"),
    # International Shoe Co. v. Washington, 326 U.S. 310 (1945)
    "intl_shoe": ("International Shoe Co. v. Washington", "326 U.S. 310 (1945)", "US", "jurisdiction",
                  "when a state court may exercise jurisdiction over an out-of-state corporation",
                  "due process requires minimum contacts with the forum so that suit does not offend traditional notions of fair play and substantial justice"),
    # Erie Railroad Co. v. Tompkins, 304 U.S. 64 (1938)
    "erie": ("Erie Railroad Co. v. Tompkins", "304 U.S. 64 (1938)", "US", "federal courts",
             "which law governs a diversity case in federal court",
             "there is no general federal common law; federal courts in diversity apply state substantive law"),
    # Yates v. United States, 574 U.S. 528 (2015)
    "yates": ("Yates v. United States", "574 U.S. 528 (2015)", "US", "statutory interpretation",
              "whether undersized fish thrown overboard are a tangible object under 18 U.S.C. 1519",
              "read with its neighbouring words, tangible object means one used to record or preserve information, so fish are not covered"),
    # McBoyle v. United States, 283 U.S. 25 (1931)
    "mcboyle": ("McBoyle v. United States", "283 U.S. 25 (1931)", "US", "statutory interpretation",
                "whether an aeroplane is a motor vehicle under the National Motor Vehicle Theft Act",
                "the statute evoked vehicles running on land, and fair warning required that it not be extended to aircraft"),
    # Church of the Holy Trinity v. United States, 143 U.S. 457 (1892)
    "holy_trinity": ("Church of the Holy Trinity v. United States", "143 U.S. 457 (1892)", "US", "statutory interpretation",
                     "whether a ban on importing contract labour covered a church hiring an English rector",
                     "a thing may be within the letter of a statute yet not within its spirit, so the church was not covered"),
    # Tennessee Valley Authority v. Hill, 437 U.S. 153 (1978)
    "tva": ("Tennessee Valley Authority v. Hill", "437 U.S. 153 (1978)", "US", "statutory interpretation",
            "whether the Endangered Species Act barred completing a nearly finished dam that threatened the snail darter",
            "the Act's plain terms required halting the project regardless of the money already spent"),
    # Bostock v. Clayton County, 590 U.S. 644 (2020)
    "bostock": ("Bostock v. Clayton County", "590 U.S. 644 (2020)", "US", "statutory interpretation",
                "whether firing someone for being gay or transgender is discrimination because of sex under Title VII",
                "under the ordinary public meaning of the text, such a firing is discrimination because of sex"),
    # Donoghue v Stevenson [1932] AC 562 (HL)
    "donoghue": ("Donoghue v Stevenson", "[1932] AC 562", "UK", "negligence",
                 "whether a manufacturer owes a duty of care to the ultimate consumer with whom it has no contract",
                 "a manufacturer owes a duty of care to the consumer where the product reaches them without reasonable possibility of intermediate examination; Lord Atkin's neighbour principle"),
    # Caparo Industries plc v Dickman [1990] 2 AC 605 (HL)
    "caparo": ("Caparo Industries plc v Dickman", "[1990] 2 AC 605", "UK", "negligence",
               "whether auditors owed a duty of care to investors who relied on audited accounts to buy shares",
               "a duty needs foreseeability, proximity and that it is fair, just and reasonable; auditors owed no duty to investors"),
    # Carlill v Carbolic Smoke Ball Co [1893] 1 QB 256 (CA)
    "carlill": ("Carlill v Carbolic Smoke Ball Co", "[1893] 1 QB 256", "UK", "contract formation",
                "whether an advertisement promising a reward to users who caught influenza was a binding offer",
                "the advertisement was a unilateral offer to the world, accepted by performing the conditions without notice of acceptance"),
    # Hadley v Baxendale (1854) 9 Exch 341
    "hadley": ("Hadley v Baxendale", "(1854) 9 Exch 341", "UK", "contract damages",
               "whether a carrier was liable for a mill's lost profits caused by late delivery of a crankshaft",
               "damages are recoverable if they arise naturally from the breach or were in the reasonable contemplation of both parties when contracting"),
    # Partridge v Crittenden [1968] 1 WLR 1204 (DC)
    "partridge": ("Partridge v Crittenden", "[1968] 1 WLR 1204", "UK", "contract formation",
                  "whether an advertisement of birds for sale was an offer for sale",
                  "an advertisement of goods is ordinarily an invitation to treat, not an offer"),
    # Fisher v Bell [1961] 1 QB 394 (DC)
    "fisher": ("Fisher v Bell", "[1961] 1 QB 394", "UK", "statutory interpretation",
               "whether displaying a flick knife in a shop window was offering it for sale",
               "applying the literal rule with the contract-law meaning of offer, a window display is an invitation to treat, not an offer"),
    # Hyde v Wrench (1840) 3 Beav 334
    "hyde": ("Hyde v Wrench", "(1840) 3 Beav 334", "UK", "contract formation",
             "whether an offeree could accept an offer after making a counter-offer",
             "a counter-offer rejects the original offer, which cannot later be accepted"),
    # Adams v Lindsell (1818) 1 B & Ald 681
    "adams": ("Adams v Lindsell", "(1818) 1 B & Ald 681", "UK", "contract formation",
              "when a posted acceptance takes effect",
              "an acceptance sent by post takes effect when it is posted (the postal rule)"),
    # Byrne & Co v Van Tienhoven & Co (1880) 5 CPD 344
    "byrne": ("Byrne & Co v Van Tienhoven & Co", "(1880) 5 CPD 344", "UK", "contract formation",
              "whether a posted revocation took effect before it arrived",
              "revocation of an offer takes effect only when it is communicated to the offeree"),
    # Central London Property Trust Ltd v High Trees House Ltd [1947] KB 130
    "high_trees": ("Central London Property Trust Ltd v High Trees House Ltd", "[1947] KB 130", "UK", "contract formation",
                   "whether a landlord's promise to accept reduced rent was binding without consideration",
                   "a promise intended to be acted on and acted on may bind by promissory estoppel"),
    # Rylands v Fletcher (1868) LR 3 HL 330
    "rylands": ("Rylands v Fletcher", "(1868) LR 3 HL 330", "UK", "strict liability",
                "whether a landowner was liable when water from its reservoir flooded a neighbour's mine",
                "a person who brings onto land something likely to do mischief if it escapes is strictly liable for the damage caused by its escape"),
    # Smith v Hughes [1960] 1 WLR 830 (DC)
    "smith_hughes": ("Smith v Hughes", "[1960] 1 WLR 830", "UK", "statutory interpretation",
                     "whether soliciting from a balcony or window was soliciting in a street",
                     "applying the mischief rule, the Act aimed to let people walk the streets unmolested, so it covered solicitation aimed at the street"),
    # R v Allen (1872) LR 1 CCR 367
    "allen": ("R v Allen", "(1872) LR 1 CCR 367", "UK", "statutory interpretation",
              "whether marry in the bigamy offence meant contract a valid marriage",
              "under the golden rule, marry meant go through a marriage ceremony, avoiding the absurdity that bigamy could never be committed"),
    # Powell v Kempton Park Racecourse Co Ltd [1899] AC 143 (HL)
    "powell": ("Powell v Kempton Park Racecourse Co Ltd", "[1899] AC 143", "UK", "statutory interpretation",
               "whether an outdoor betting enclosure was an other place within house, office, room or other place",
               "under ejusdem generis, other place took its meaning from the indoor places listed, so the outdoor enclosure was not covered"),
    # Pepper v Hart [1993] AC 593 (HL)
    "pepper": ("Pepper v Hart", "[1993] AC 593", "UK", "statutory interpretation",
               "whether courts may consult Hansard to interpret legislation",
               "Hansard may be used where legislation is ambiguous or obscure and a minister's clear statement resolves it"),
    # Barnett v Chelsea & Kensington Hospital Management Committee [1969] 1 QB 428
    "barnett": ("Barnett v Chelsea & Kensington Hospital Management Committee", "[1969] 1 QB 428", "UK", "negligence",
                "whether a hospital's negligent failure to examine a patient caused his death from arsenic poisoning",
                "the claimant must show that but for the breach the harm would not have occurred; he would have died anyway"),
    # Overseas Tankship (UK) Ltd v Morts Dock & Engineering Co Ltd (The Wagon Mound No 1) [1961] AC 388 (PC)
    "wagon_mound": ("Overseas Tankship (UK) Ltd v Morts Dock & Engineering Co Ltd (The Wagon Mound No 1)", "[1961] AC 388", "UK", "negligence",
                    "whether a defendant was liable for fire damage when only fouling by oil was foreseeable",
                    "in negligence, damage is too remote unless damage of that kind was reasonably foreseeable"),
    # Victoria Laundry (Windsor) Ltd v Newman Industries Ltd [1949] 2 KB 528 (CA)
    "victoria": ("Victoria Laundry (Windsor) Ltd v Newman Industries Ltd", "[1949] 2 KB 528", "UK", "contract damages",
                 "whether lost profits on unusually lucrative dyeing contracts were recoverable for a late boiler",
                 "ordinary lost profits were recoverable, but the exceptional contracts were not, because the supplier did not know of them"),
}

# Canonical full citation per case key (US: comma before the reporter; UK: a space).
CITATIONS: dict[str, str] = {
    k: f"{v[0]}, {v[1]}" if v[2] == "US" else f"{v[0]} {v[1]}" for k, v in CASES.items()
}
_CASE_KEYS = tuple(CASES)


def _cite(key: str) -> str:
    return CITATIONS[key]


# --------------------------------------------------------------------------
# Shared slot tables (generic parties, goods, places)
# --------------------------------------------------------------------------
ORGS = ("a retailer", "a software vendor", "a logistics company", "a regional hospital", "a property developer",
        "a restaurant chain", "a freelance designer", "a university", "a car dealership", "an online marketplace",
        "a construction contractor", "a furniture manufacturer", "a craft brewery", "a fintech startup",
        "a regional airline", "a farm cooperative", "a fitness studio chain", "a solar installer", "a printing firm",
        "an electronics wholesaler", "a biotech lab", "a shipping agent", "a hotel group", "a toy maker",
        "a bakery", "a games studio", "a medical device maker", "a vineyard", "a call-centre operator", "a bookshop")
GOODS = (("steel beams", "tonne"), ("laptops", "unit"), ("organic flour", "tonne"), ("LED panels", "unit"),
         ("office chairs", "unit"), ("solar inverters", "unit"), ("green coffee beans", "bag"), ("industrial pumps", "unit"),
         ("bicycle frames", "unit"), ("nitrile gloves", "case"), ("cotton fabric", "roll"), ("server racks", "unit"),
         ("copper wire", "spool"), ("ceramic tiles", "pallet"), ("frozen salmon", "crate"), ("lithium cells", "box"),
         ("hardwood flooring", "bundle"), ("printer toner", "carton"), ("wind-turbine bolts", "crate"), ("olive oil", "drum"))
US_STATES = ("New York", "California", "Texas", "Illinois", "Ohio", "Florida", "Washington", "Georgia", "Pennsylvania",
             "Colorado", "Michigan", "Arizona", "Massachusetts", "Oregon", "Minnesota", "North Carolina", "Nevada")
AUDIENCES = ("a first-year law student", "a paralegal", "a moot court team", "a business client", "a legal studies class",
             "a journalist covering the courts", "a bar exam study group", "a compliance officer", "a new associate")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NOT_ADVICE = ("Educational analysis, not legal advice.", "This is a teaching example, not legal advice.",
              "For study purposes only; not legal advice.", "General information for learning, not legal advice.", "")


_PERSONAS = ("A law student", "A paralegal", "A trainee solicitor", "A junior associate", "A policy analyst", "A journalist",
             "A city council aide", "A compliance officer", "A moot court coach", "A bar-exam candidate", "A legislative intern",
             "An in-house lawyer", "A civics teacher", "A startup founder")
_PURPOSES = ("for a seminar", "for a moot court round", "for an exam revision sheet", "before a client meeting", "for a policy briefing",
             "for a study group", "for a training session", "for a blog explainer", "for a bench memo", "for a committee hearing",
             "for a practice exam", "for a case-law reading group")


def _context(rng: random.Random) -> str:
    """A short framing line ('A paralegal asks, for a study group:'); varies prompts without changing the law."""
    return f"{rng.choice(_PERSONAS)} asks {rng.choice(_PURPOSES)}: "


def _the(noun: str) -> str:
    """'a retailer' -> 'the retailer', for second mentions."""
    for art in ("a ", "an "):
        if noun.startswith(art):
            return "the " + noun[len(art):]
    return noun


def _cap(text: str) -> str:
    return text[0].upper() + text[1:]


def _money(x: int) -> str:
    return f"-${-x:,}" if x < 0 else f"${x:,}"


def _cents(c: int) -> str:
    return f"${c // 100:,}.{c % 100:02d}"


def _date(d: _dt.date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


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
    parts = [lead] if lead else []
    parts += [f"Issue: {issue}", f"Rule: {rule}", f"Application: {application}", f"Conclusion: {conclusion}"]
    if answer is not None:
        parts.append(final_answer(answer))
    return "\n".join(parts)


def _ex(prompt, completion, category, difficulty, template, answer=None, inputs=None, formula=None, **extra) -> Example:
    meta = dict(extra)
    if inputs is not None:
        meta["inputs"] = inputs
        meta["formula"] = formula
    return Example(prompt=prompt, completion=completion, category=category, difficulty=difficulty,
                   template=template, answer=answer, extra=meta)


# ==========================================================================
# case_law_analysis
# ==========================================================================
_BRIEF_ASKS = ("Brief {c} for {a}.", "Prepare a case brief of {c} suitable for {a}.",
               "Summarise {c} in IRAC form for {a}.", "Explain what {c} decided, writing for {a}.",
               "Give {a} a short IRAC analysis of {c}.", "Walk {a} through {c} using IRAC.")
_BRIEF_FOCUS = ("Keep it under 150 words.", "Focus on the rule a later court would cite.",
                "Say why the case still matters.", "Note one limit on the holding.", "Use plain language.",
                "Flag the key reasoning step.", "")
_BRIEF_APP = ("The court framed the question narrowly, then reasoned from {area} principles to its result.",
              "The court looked at the facts through the lens of {area} doctrine and found the decisive point in how the parties' conduct fitted that doctrine.",
              "Reasoning from first principles of {area}, the court treated the facts as a test of how far the rule should reach.",
              "On these facts the court asked what rule of {area} best fits settled principle and applied it directly.")
_BRIEF_HARD = ("A careful reader should separate the holding from dicta: only the reasoning necessary to the result binds later courts.",
               "When citing it, check later treatment, since subsequent cases may have narrowed, extended or distinguished it.",
               "Its weight outside its own jurisdiction is persuasive rather than binding.",
               "Students often overstate it; the holding is tied to the question actually decided.")


def _t_brief(rng, d, cat):
    k = rng.choice(_CASE_KEYS)
    name, tail, system, area, issue, holding = CASES[k]
    a = rng.choice(AUDIENCES)
    prompt = rng.choice(_BRIEF_ASKS).format(c=_cite(k), a=a)
    focus = rng.choice(_BRIEF_FOCUS)
    if focus:
        prompt += " " + focus
    if d == "hard":
        prompt += " Also comment on how the case should be used as precedent."
    app = rng.choice(_BRIEF_APP).format(area=area)
    if d != "easy":
        app += " " + rng.choice(("The answer turned on the rule the court announced rather than on the equities of the particular parties.",
                                 "What made the case important was the general principle, not the size of the dispute.",
                                 "The court stated its rule broadly enough to govern later cases."))
    if d == "hard":
        app += " " + rng.choice(_BRIEF_HARD)
    concl = rng.choice(("The court resolved the question by that rule.", "The rule above is the holding to cite.",
                        "That principle decided the case and is why it is still read.", "The decision turns on the stated rule."))
    concl += " " + rng.choice(("It is cited as {c}.", "Cite it as {c}.", "Full citation: {c}.")).format(c=_cite(k))
    comp = _irac(issue[0].upper() + issue[1:] + ".",
                 f"The governing principle in {area}: {holding}.", app, concl, lead=rng.choice(NOT_ADVICE))
    return _ex(prompt, comp, cat, d, "law.case_law.brief", case=k)


# Hypothetical fact patterns tied to one precedent each:
# (case key, fact template, analogy, distinguishing point, conclusion).
_APPLY = (
    ("donoghue", "A consumer fell ill after drinking from a sealed bottle of {drink} made by {org} and bought from a corner shop; the bottle held a contaminant no one could see before opening.",
     "as in the ginger-beer case, the product reached the consumer sealed, with no reasonable chance of intermediate examination",
     "the maker may argue the shop stored the bottles badly, which would go to causation rather than duty",
     "the manufacturer likely owed the consumer a duty of care; breach and causation still need proof"),
    ("carlill", "{org} advertised that it would pay {amt} to anyone who used its {product} as directed for a month and still {outcome}, adding that it had deposited the money in a bank to show sincerity.",
     "as with the smoke-ball advertisement, the promise is specific, addressed to anyone who performs, and backed by a deposit showing intent to be bound",
     "the company may say the advert was a mere puff, but the deposit makes that hard to sustain",
     "a court would likely treat the advert as a unilateral offer accepted by performance"),
    ("partridge", "{org} posted an online listing of {product} units 'for sale at {amt} each'; a buyer clicked to order 500 and claims a binding contract arose from the listing alone.",
     "as with the bird advertisement, a general listing of goods is ordinarily an invitation to treat, since the seller cannot be bound to supply unlimited quantities",
     "the buyer may point to checkout terms that make the listing itself an offer",
     "the listing was most likely an invitation to treat, so the buyer's order was the offer"),
    ("hadley", "{org} hired a carrier to deliver a replacement part for its only {machine}; the carrier was five days late, and {org} claims {amt} in profits lost while the {machine} sat idle. The carrier was never told the business had no spare.",
     "as with the delayed mill shaft, the carrier was not told that the whole business depended on prompt delivery",
     "lost profits might be within the first limb if it is common knowledge that such businesses keep no spare",
     "the lost profits are likely too remote under the second limb because the special circumstances were not communicated"),
    ("palsgraf", "An employee of {org} negligently dropped a crate of {product} parts on a loading dock; the noise startled a horse two streets away, which kicked a passer-by.",
     "as in the railway case, the injured person stood outside any zone of danger a reasonable person would foresee from the careless act",
     "under the dissent's broader view, a duty runs to anyone actually injured by the negligent act",
     "on the majority view, no duty was owed to the passer-by, so the claim likely fails"),
    ("lucy", "At a trade fair dinner, a manager for {org} wrote on a napkin that it would sell its {product} business to a rival for {amt}, both signed, and the manager later said it was a joke.",
     "as with the farm sale on a restaurant bill, the written terms, signatures and negotiation would look serious to a reasonable observer",
     "if the other side knew it was a jest, objective assent would be missing",
     "a court applying the objective theory would likely find assent, subject to authority and formality rules"),
    ("tinker", "A public high school suspended students who wore wristbands printed with a slogan criticising {policy}; there was no disruption beyond some hallway discussion.",
     "as with the armbands, the wristbands are silent, passive political expression that caused no material disruption",
     "the school may argue it reasonably forecast disruption, but it needs specific facts, not undifferentiated fear",
     "the suspension likely violates the students' First Amendment rights"),
    ("terry", "An officer watched two people repeatedly walk past and peer into the window of a closed {shop} late at night, then stopped them and patted down their outer clothing.",
     "as with the repeated casing of a store window, specific articulable facts suggested a robbery was being planned",
     "if the officer acted on a hunch alone, the stop and frisk would fail",
     "the stop and limited frisk were likely reasonable under the Fourth Amendment"),
    ("griggs", "{org} required all warehouse applicants to pass a general aptitude test that screened out applicants of one racial group at a much higher rate, and never validated the test against job performance.",
     "as with the diploma and test requirements, a neutral practice with a disparate impact must be shown to be job-related",
     "the employer could escape liability by validating the test as a business necessity",
     "absent validation, the requirement is likely unlawful disparate impact under Title VII"),
    ("rylands", "{org} stored large volumes of {chemical} in a tank on its land; the tank failed without any negligence, and the {chemical} seeped into a neighbouring orchard.",
     "as with the escaping reservoir water, the defendant brought onto its land something likely to do mischief if it escaped, and it escaped",
     "the defendant may argue the storage was an ordinary use of industrial land",
     "strict liability for the escape is likely if the storage is a non-natural use of the land"),
)
_APPLY_SLOTS = {
    "drink": ("lemonade", "iced tea", "sparkling water", "kombucha", "cola", "ginger beer"),
    "product": ("air purifier", "sleep tracker", "herbal tonic", "ergonomic chair", "water filter", "fitness app"),
    "outcome": ("felt no benefit", "caught a cold", "did not lose weight", "still had back pain"),
    "amt": ("$1,000", "$5,000", "$250", "$20,000", "$75,000", "$12,500", "$400"),
    "machine": ("kiln", "printing press", "bottling line", "grain mill", "cold store", "laser cutter"),
    "policy": ("a new dress code", "a state climate law", "tuition increases", "a proposed war", "city curfews"),
    "shop": ("jewellery shop", "pharmacy", "electronics store", "pawn shop", "bank branch"),
    "chemical": ("fertiliser slurry", "brine", "diesel", "cooling water", "liquid dye"),
}
_APPLY_ASKS = ("Using {c} as the key precedent, analyse the following in IRAC form.",
               "How would a court apply {c} here? Use IRAC.",
               "Apply the rule from {c} to these facts.",
               "Is {c} analogous or distinguishable on these facts? Answer with Issue, Rule, Application, Conclusion.",
               "Advise on the likely result, reasoning from {c}.")


def _fill(text: str, rng: random.Random) -> str:
    if "{" not in text:
        return text
    return text.format(org=rng.choice(ORGS), **{k: rng.choice(v) for k, v in _APPLY_SLOTS.items()})


def _t_apply(rng, d, cat):
    key, facts, analogy, disting, concl = rng.choice(_APPLY)
    name, tail, system, area, issue, holding = CASES[key]
    facts = _fill(facts, rng)
    prompt = _context(rng) + rng.choice(_APPLY_ASKS).format(c=name) + "\n\nFacts: " + facts[0].upper() + facts[1:]
    if d == "hard":
        prompt += "\nAddress the strongest counter-argument."
    rule = rng.choice(("In {c}, the court held that {h}.", "{c} holds that {h}.", "The rule from {c}: {h}.")).format(c=_cite(key), h=holding)
    app = rng.choice(("Here, {a}.", "On these facts, {a}.", "The facts line up closely: {a}.")).format(a=analogy)
    if d != "easy":
        app += " " + rng.choice(("Against that, {x}.", "The other side will say {x}.", "A possible distinction: {x}.")).format(x=disting)
    if d == "hard":
        app += " " + rng.choice(("Weighing both, the analogy is stronger because the material facts match and the distinction is speculative on this record.",
                                 "The counter-argument needs evidence not yet in the facts, so it weakens rather than defeats the analogy.",
                                 "A court would treat the distinction as going to proof at trial, not to the rule itself."))
    conclusion = concl[0].upper() + concl[1:] + "."
    comp = _irac(f"Whether the rule in {name} ({area}) decides this dispute.", rule, app, conclusion,
                 lead=rng.choice(NOT_ADVICE))
    return _ex(prompt, comp, cat, d, "law.case_law.apply_precedent", case=key)


# Pairs of cases and how they relate (each relation is textbook).
_PAIRS = (
    ("plessy", "brown", "Brown rejected the separate-but-equal reasoning of Plessy in public education"),
    ("donoghue", "caparo", "Caparo refined the broad neighbour principle of Donoghue into a three-stage test for new duty situations"),
    ("hadley", "victoria", "Victoria Laundry applied Hadley's two limbs, allowing ordinary lost profits but not profits from exceptional contracts unknown to the defendant"),
    ("wickard", "lopez", "Lopez drew a limit on the aggregation reasoning of Wickard by stressing that the regulated activity must be economic"),
    ("carlill", "partridge", "Carlill found a unilateral offer in a specific, deposit-backed advertisement, while Partridge treated an ordinary advertisement as an invitation to treat"),
    ("adams", "byrne", "Adams makes a posted acceptance effective on posting, while Byrne makes a revocation effective only on receipt"),
    ("hyde", "adams", "Hyde shows a counter-offer kills the original offer, while Adams fixes when an acceptance takes effect"),
    ("fisher", "smith_hughes", "Fisher applied the literal rule, while Smith v Hughes applied the mischief rule to reach the conduct Parliament targeted"),
    ("mcboyle", "yates", "both read general words in a criminal statute narrowly, McBoyle stressing fair warning and Yates the surrounding words"),
    ("holy_trinity", "tva", "Holy Trinity let purpose override literal text, while TVA v. Hill enforced plain text despite costly consequences"),
    ("mapp", "miranda", "Mapp applies the exclusionary remedy to unconstitutional searches, while Miranda excludes unwarned custodial statements"),
    ("palsgraf", "wagon_mound", "both limit liability by foreseeability, Palsgraf at the duty stage and The Wagon Mound at remoteness of damage"),
    ("marbury", "youngstown", "Marbury established that courts review the validity of government acts, and Youngstown applied that review to presidential power"),
    ("nyt", "brandenburg", "both protect speech by demanding a demanding mental state or imminence before liability, in defamation and incitement respectively"),
    ("barnett", "palsgraf", "Barnett concerns factual causation (but-for), while Palsgraf concerns the scope of duty"),
    ("terry", "katz", "Katz defines when a search occurs, while Terry sets a lower standard for brief stops and frisks"),
)
_COMPARE_ASKS = ("Compare {a} and {b}.", "How does {b} relate to {a}? Use IRAC.",
                 "Contrast the reasoning in {a} with {b} for {aud}.", "Explain the relationship between {a} and {b} for {aud}.",
                 "A student confuses {a} with {b}. Set out, in IRAC form, how they differ.")


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
    app = rng.choice(("The link: {r}.", "Read together, {r}.", "The key relationship is that {r}.")).format(r=rel)
    if d != "easy":
        app += " " + rng.choice(("The first addressed {i1}; the second addressed {i2}.",
                                 "One court asked {i1}, the other {i2}.")).format(i1=CASES[a][4], i2=CASES[b][4])
    if d == "hard":
        app += " " + rng.choice(("A court would start from whichever is binding in its own system and treat the other as persuasive.",
                                 "For a new dispute, the more recent and more specific rule normally controls, with the older case as background.",
                                 "The later decision usually governs where the two point different ways, because it reflects the current state of the law."))
    areas = CASES[a][3] if CASES[a][3] == CASES[b][3] else f"{CASES[a][3]} and {CASES[b][3]}"
    comp = _irac(f"How {CASES[a][0]} and {CASES[b][0]} fit together in {areas}.", rule, app,
                 rng.choice(("Use them together, not interchangeably.", "They answer different questions and should be cited for different points.",
                             "Each is authority for its own proposition; cite the one that matches the issue.")),
                 lead=rng.choice(NOT_ADVICE))
    return _ex(prompt, comp, cat, d, "law.case_law.compare", case=a, case_b=b)


_IDENT_ASKS = ("Which landmark case held that {h}? Give the full citation.",
               "Name the case, with citation, that stands for this rule: {h}.",
               "A {who} needs authority for the proposition that {h}. Which case and citation?",
               "Identify the leading authority (with citation) for: {h}.")
_IDENT_WHO = ("law clerk", "trainee solicitor", "moot court competitor", "student writing a seminar paper",
              "paralegal drafting a brief", "legal journalist", "tutor setting an exam")


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
    return _ex(prompt, comp, cat, d, "law.case_law.identify", answer=_cite(k),
               inputs={"case": k, "system": system}, formula="citation_lookup")


# ==========================================================================
# statutory_interpretation
# ==========================================================================
# (statute text, general phrase, in-genus item, out-of-genus item, genus description)
_LISTS = (
    ("No car, truck, motorcycle or other motor vehicle may be driven on the footpaths of the park.", "other motor vehicle",
     ("an electric scooter", "a motorised go-kart"), ("a pedal bicycle", "a child's tricycle"), "self-propelled, engine- or motor-driven conveyances"),
    ("Owners of dogs, cats or other domestic animals must keep them under control in public places.", "other domestic animals",
     ("a pet rabbit", "a pet ferret"), ("a wild fox fed in a back garden", "a hive of wild bees"), "animals kept as household companions"),
    ("It is an offence to carry a knife, dagger, sword or other bladed article in a public place without good reason.", "other bladed article",
     ("a box cutter", "a machete"), ("a baseball bat", "a bicycle chain"), "objects with a cutting edge or point"),
    ("The levy applies to warehouses, factories, workshops and other industrial premises.", "other industrial premises",
     ("a commercial bakery plant", "a metal-plating shed"), ("a private home office", "a church hall"), "places used for manufacturing or processing goods"),
    ("Sales tax does not apply to bread, milk, eggs and other basic foodstuffs.", "other basic foodstuffs",
     ("plain rice", "fresh vegetables"), ("luxury chocolate truffles", "energy drinks"), "staple groceries for ordinary nourishment"),
    ("Tenants may not keep petrol, propane, kerosene or other flammable liquids in the basement.", "other flammable liquids",
     ("paint thinner", "lamp oil"), ("bottled water", "cooking flour"), "liquids that ignite readily"),
    ("Grants are available for libraries, museums, galleries and other cultural institutions.", "other cultural institutions",
     ("a concert hall", "a community archive"), ("a casino", "a car park"), "public bodies that preserve or present culture"),
    ("Permits are required for rifles, shotguns, pistols and other firearms.", "other firearms",
     ("a revolver", "a flare gun converted to fire bullets"), ("a paintball marker", "a crossbow"), "weapons that fire projectiles by explosive force"),
    ("Noise limits apply to drills, jackhammers, chainsaws and other power tools.", "other power tools",
     ("an electric sander", "a petrol hedge trimmer"), ("a hand saw", "a hammer"), "motor-driven tools"),
    ("The ordinance bars cows, pigs, goats and other livestock within city limits.", "other livestock",
     ("a sheep", "a llama raised for wool"), ("a parrot", "a goldfish"), "animals raised on farms for food or fibre"),
    ("Disclosure is required for stocks, bonds, options and other securities.", "other securities",
     ("a warrant to buy shares", "an investment-contract interest"), ("a gold bar", "a collectible painting"), "tradeable financial interests"),
    ("Inspections cover boilers, furnaces, kilns and other heating apparatus.", "other heating apparatus",
     ("an industrial oven", "a heat-treatment chamber"), ("a refrigerator", "a ceiling fan"), "equipment that produces heat"),
)
_AUTHORITIES = ("a city council", "a county inspector", "a state regulator", "a licensing board", "the local police", "a tax office",
                "a parks department", "a housing authority", "a trading-standards officer")
_CANON_ASKS = ("A statute provides: \"{s}\" Does it cover {x}? Apply the relevant canon of construction.",
               "Interpret this provision: \"{s}\" The question is whether {x} falls within it.",
               "Using IRAC and canons of construction, decide whether {x} is caught by: \"{s}\"",
               "A regulator argues that {x} is covered by \"{s}\" Is that right?")


def _t_canon(rng, d, cat):
    statute, general, ins, outs, genus = rng.choice(_LISTS)
    inside = rng.random() < 0.5
    item = rng.choice(ins if inside else outs)
    org, body = rng.choice(ORGS), rng.choice(_AUTHORITIES)
    prompt = (f"{body[0].upper() + body[1:]} has penalised {org} in a dispute over {item}. " + rng.choice(_CANON_ASKS).format(s=statute, x=item))
    if d == "hard":
        prompt += " Consider a competing canon and a purposive reading as well."
    rule = rng.choice((
        "Ejusdem generis: general words that follow a list of specific things are limited to things of the same kind ({c}).",
        "Under the ejusdem generis canon, a catch-all after specific items takes its meaning from them ({c}); related is noscitur a sociis, a word is known by its companions ({y}).",
    )).format(c=_cite("powell"), y=_cite("yates"))
    genus_txt = f"The listed items share a genus: {genus}."
    if inside:
        app = f"{genus_txt} {item[0].upper() + item[1:]} shares those features, so it fits within '{general}'."
        concl = f"{item[0].upper() + item[1:]} is likely covered."
    else:
        app = f"{genus_txt} {item[0].upper() + item[1:]} lacks the common feature, so reading '{general}' to include it would ignore the list that precedes it."
        concl = f"{item[0].upper() + item[1:]} is likely not covered."
    if d != "easy":
        app += " " + rng.choice(("Plain meaning alone is inconclusive, which is why the canon does the work.",
                                 "The rule against surplusage supports this: if the general words meant everything, the specific list would be pointless.",
                                 "The ordinary meaning of the general words is broad, but context narrows it."))
    if d == "hard":
        app += " " + rng.choice((
            "A purposive reading asks what mischief the drafters targeted; that points the same way unless the purpose clearly extends to the disputed item.",
            "If the provision is penal, the rule of lenity resolves remaining doubt in favour of the narrower reading.",
            "Expressio unius could be pressed by the other side, but canons are presumptions that yield to clear context."))
    app += f" So {_the(body)}'s position against {_the(org)} " + ("holds on this point." if inside else "fails on this point.")
    comp = _irac(f"Whether {item} falls within '{general}', as {body} contends against {org}.", rule, app, concl, lead=rng.choice(NOT_ADVICE))
    return _ex(prompt, comp, cat, d, "law.statutory.canon", covered=inside)


# Interpretive approaches with their exemplar cases.
_APPROACHES = (
    ("the literal rule", "fisher", "words are given their ordinary and natural meaning even if the result seems odd"),
    ("the golden rule", "allen", "the literal meaning is departed from only to avoid an absurd result"),
    ("the mischief rule", "smith_hughes", "the court asks what mischief the statute was meant to remedy (Heydon's Case (1584) 3 Co Rep 7a)"),
    ("textualism", "bostock", "the ordinary public meaning of the text at enactment controls"),
    ("purposivism", "holy_trinity", "the statute is read to carry out its evident purpose, even against the letter"),
    ("the plain-meaning rule", "tva", "clear statutory text is enforced as written, whatever the policy cost"),
    ("the rule of lenity", "mcboyle", "genuine ambiguity in a criminal statute is resolved in favour of the defendant"),
    ("legislative history", "pepper", "ministerial statements may clarify an ambiguous provision"),
)
_HYPO_STATUTES = (
    ("A city bylaw bans 'vehicles in the park'.", ("an ambulance answering a call", "a war-memorial tank on a plinth", "a remote-controlled toy car", "a delivery drone")),
    ("A statute makes it an offence to 'sleep in any railway station'.", ("a traveller who dozes for ten minutes waiting for a delayed train", "a person who lies down in a sleeping bag without actually falling asleep")),
    ("A statute forbids 'drawing blood in the streets'.", ("a surgeon operating on a collapsed pedestrian", "a nurse running a roadside blood-donation drive")),
    ("A rule requires 'every dog on a beach to be leashed'.", ("a guide dog working with its handler", "a police dog searching a crime scene")),
    ("A tax credit is given for 'each new employee hired in the state'.", ("a worker rehired after a two-week layoff", "a contractor converted to an employee")),
    ("A data law applies to 'any person who sells personal data'.", ("an app that trades data for advertising services", "a charity sharing donor lists free of charge")),
)


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
        apps.append(f"{n[0].upper() + n[1:]} {lean}.")
    app = f"Applied to {item}: " + " ".join(apps)
    if d == "hard":
        app += " " + rng.choice(("Where the approaches diverge, modern courts start with text in context and use purpose to resolve ambiguity.",
                                 "The divergence shows why drafters add definitions and express exceptions."))
    concl = rng.choice(("The result depends on the approach: text-focused methods lean toward coverage, purpose-focused methods toward exclusion where the conduct is outside the provision's aim.",
                        "Text-based approaches are likelier to include it; purpose-based ones are likelier to exclude it where the statute's aim is not engaged."))
    comp = _irac(f"Whether {item} is within the provision, and how interpretive method changes the answer.", rule, app, concl,
                 lead=rng.choice(NOT_ADVICE))
    return _ex(prompt, comp, cat, d, "law.statutory.approaches")


# Day-count deadlines: (name, days, rule citation). All federal US rules.
DAY_RULES = (
    ("answer a complaint after service of the summons", 21, "FRCP 12(a)(1)(A)(i)"),
    ("file a notice of appeal in a civil case after entry of judgment", 30, "FRAP 4(a)(1)(A)"),
    ("file a motion for a new trial after entry of judgment", 28, "FRCP 59(b)"),
    ("remove a state case to federal court after receiving the initial pleading", 30, "28 U.S.C. 1446(b)(1)"),
    ("file an EEOC charge after the discriminatory act (no state agency)", 180, "42 U.S.C. 2000e-5(e)(1)"),
    ("file an EEOC charge after the discriminatory act (state with a fair-employment agency)", 300, "42 U.S.C. 2000e-5(e)(1)"),
    ("file a motion to alter or amend a judgment", 28, "FRCP 59(e)"),
)


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
               f"{_date(order)} + 30 days = {WEEKDAYS[raw.weekday()]} {_date(raw)}"
               + ("." if raw == due else f", a weekend day, so the deadline rolls to {WEEKDAYS[due.weekday()]} {_date(due)}."))
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
        app = (f"Counting {days} days from {_date(start)} (excluded) lands on {WEEKDAYS[raw.weekday()]} {_date(raw)}"
               + ("." if raw == due else f", which is a weekend day, so the period runs to {WEEKDAYS[due.weekday()]} {_date(due)}."))
        inputs = {"trigger": start.isoformat(), "days": days, "roll_weekend": True}
        issue = f"The last day to {name}."
    comp = _irac(issue, rule, app, f"The deadline is {WEEKDAYS[due.weekday()]} {_date(due)}; filing earlier avoids risk.",
                 lead=rng.choice(NOT_ADVICE), answer=due.isoformat())
    return _ex(prompt, comp, cat, d, "law.statutory.deadline_days", answer=due.isoformat(), inputs=inputs,
               formula="date_plus_days_roll_weekend")


# Limitation periods in years: (claim, years, statute, accrual explanation).
YEAR_RULES = (
    ("a simple contract claim in England and Wales", 6, "Limitation Act 1980, s 5", "from the date of breach"),
    ("a tort claim (not personal injury) in England and Wales", 6, "Limitation Act 1980, s 2", "from the date damage is suffered"),
    ("a claim on a deed (specialty) in England and Wales", 12, "Limitation Act 1980, s 8", "from the date of breach"),
    ("a personal injury claim in England and Wales", 3, "Limitation Act 1980, s 11", "from the injury or the later date of knowledge"),
    ("a defamation claim in England and Wales", 1, "Limitation Act 1980, s 4A", "from publication"),
    ("an administrative tort claim presented to a US federal agency", 2, "28 U.S.C. 2401(b)", "from accrual of the claim"),
    ("a US copyright infringement civil action", 3, "17 U.S.C. 507(b)", "from when the claim accrued"),
    ("a US antitrust damages action under the Clayton Act", 4, "15 U.S.C. 15b", "from when the cause of action accrued"),
    ("a UCC breach-of-warranty claim for a sale of goods", 4, "UCC 2-725", "from tender of delivery, regardless of when the defect is discovered"),
)


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
    return _ex(prompt, comp, cat, d, "law.statutory.limitation_years", answer=due.isoformat(),
               inputs={"start": start.isoformat(), "years": years}, formula="date_plus_years")


# ==========================================================================
# legal_reasoning (IRAC)
# ==========================================================================
_PRECAUTIONS = (("installing a guard rail on its loading ramp", "a worker falling from the ramp"),
                ("hiring a night watchman for its moored barges", "a barge breaking loose and sinking"),
                ("salting its car park on icy mornings", "a customer slipping on ice"),
                ("adding a second inspection of its brake assemblies", "a brake failure on a delivery truck"),
                ("fencing its construction pit", "a passer-by falling into the pit"),
                ("replacing frayed wiring in its warehouse", "an electrical fire"),
                ("posting lifeguards at its hotel pool", "a guest drowning"),
                ("patching a known software vulnerability", "a data breach exposing customer records"),
                ("securing shelving to the wall", "shelving toppling onto shoppers"))


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
        prompt = (f"{org[0].upper() + org[1:]} did not bother {prec}. The precaution would have cost {_money(b_total)} up front and lasted {years} years. "
                  f"Without it there was a {p}% chance each year of {harm}, with expected losses of about {_money(loss)}. "
                  f"That harm happened. Was {_the(org)} negligent under the Hand formula? Use IRAC and annualise the burden.")
    else:
        prompt = (f"{org[0].upper() + org[1:]} did not bother {prec}, which would have cost {_money(b)}. "
                  f"There was a {p}% chance of {harm}, with losses of about {_money(loss)}. The harm occurred. "
                  + rng.choice(("Apply the Hand formula.", "Was the omission a breach of duty? Apply B < PL.",
                                "Analyse breach using the Carroll Towing formula.")))
        if d == "medium":
            prompt += " Also address the other elements of negligence."
    breach = b < pl
    ans = "breach" if breach else "no breach"
    app = (f"B = {_money(b)}{' per year (' + _money(b * years) + ' over ' + str(years) + ' years)' if years > 1 else ''}; "
           f"PL = {p}% x {_money(loss)} = {_money(pl)}. ")
    app += (f"Since B < PL ({_money(b)} < {_money(pl)}), a reasonable party would have taken the precaution."
            if breach else f"Since B >= PL ({_money(b)} >= {_money(pl)}), the precaution was not cost-justified, so omitting it was not unreasonable on this test.")
    if d != "easy":
        app += " " + rng.choice(("Duty is not in doubt for an operator toward those it foreseeably endangers; causation and damages turn on whether the precaution would have prevented this harm.",
                                 "Duty, causation and damages look straightforward on these facts, so breach is the contested element.",
                                 "Breach is only one element: the claimant must also prove that the missing precaution would have prevented the loss.",
                                 f"The calculation uses the figures as they looked to {_the(org)} beforehand, not with hindsight."))
    concl = ("The omission was likely a breach of the standard of care." if breach
             else "On the Hand formula alone, there was likely no breach, though a court may weigh other factors such as custom and statute.")
    comp = _irac(f"Whether failing to take the precaution of {prec} breached the duty of care.",
                 f"Negligence requires duty, breach, causation and damages. In {_cite('carroll')}, Judge Learned Hand framed breach as B < PL.",
                 app, concl, lead=rng.choice(NOT_ADVICE), answer=ans)
    return _ex(prompt, comp, cat, d, "law.irac.hand_formula", answer=ans,
               inputs={"burden_per_year": b, "probability_pct": p, "loss": loss}, formula="hand_b_lt_pl")


# Comparative fault regimes. The four US states retaining pure contributory
# negligence are Alabama, Maryland, North Carolina and Virginia (plus D.C.).
FAULT_RULES = {
    "pure comparative negligence": "recovery is reduced by the plaintiff's percentage of fault, whatever it is",
    "modified comparative negligence (50% bar)": "the plaintiff recovers reduced damages only if their fault is less than 50%",
    "modified comparative negligence (51% bar)": "the plaintiff recovers reduced damages only if their fault is 50% or less",
    "contributory negligence": "any fault by the plaintiff bars recovery entirely",
}
_FAULT_FACTS = (("a cyclist", "was riding without lights at dusk", "a delivery van", "turned across the bike lane without looking"),
                ("a shopper", "was looking at a phone", "a supermarket", "left a spill unmarked for an hour"),
                ("a pedestrian", "crossed against the signal", "a rideshare driver", "was speeding"),
                ("a tenant", "ignored a warning sign", "a landlord", "failed to repair a broken stair"),
                ("a motorist", "was driving slightly over the limit", "a truck operator", "ran a red light"),
                ("a hiker", "left the marked trail", "a park operator", "failed to fence a known drop-off"),
                ("a diner", "leaned back on a chair", "a restaurant", "used a chair it knew was cracked"))


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
    dmg = ", ".join(f"{labels[i]} {_money(x)}" for i, x in enumerate(items))
    prompt = (f"{plaintiff[0].upper() + plaintiff[1:]} {p_act}; {defendant} {d_act}. The jury finds the plaintiff {f}% at fault and "
              f"{_the(defendant)} {100 - f}% at fault, with damages of {dmg}. The forum applies {regime}. "
              + rng.choice(("What does the plaintiff recover?", "Compute the recovery using IRAC.", "How much can the plaintiff collect?")))
    app = (f"Total damages: {' + '.join(_money(x) for x in items)} = {_money(total)}." if len(items) > 1
           else f"Total damages are {_money(total)}.")
    if barred:
        app += f" The plaintiff's fault of {f}% triggers the bar, so recovery is {_money(0)}."
    else:
        app += f" The plaintiff's {f}% fault does not bar recovery here; {_money(total)} x {100 - f}% = {_money(award)}."
    if d == "hard":
        app += " " + rng.choice(("Right at the threshold the exact bar matters: a 50% bar and a 51% bar treat an even split differently.",
                                 "Near the threshold, the regime choice changes the result entirely, which is why parties fight over the fault split."))
    comp = _irac(f"How much {_the(plaintiff)} recovers from {_the(defendant)} given shared fault.",
                 f"Under {regime}, {FAULT_RULES[regime]}.", app,
                 f"The plaintiff recovers {_money(award)}.", lead=rng.choice(NOT_ADVICE), answer=_money(award))
    return _ex(prompt, comp, cat, d, "law.irac.comparative_fault", answer=_money(award),
               inputs={"regime": regime, "plaintiff_fault_pct": f, "damages": items}, formula="comparative_fault")


_GROUPS = ("women", "men", "applicants over 40", "applicants under 40", "Black applicants", "white applicants",
           "Hispanic applicants", "Asian applicants", "applicants with disabilities", "applicants without disabilities")
_TOOLS = ("an AI resume-screening model", "a video-interview scoring system", "an online personality test",
          "a machine-learning ranking tool", "a gamified aptitude assessment", "an automated chatbot screener")


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
    prompt = (f"{org[0].upper() + org[1:]} used {tool} to decide who advanced to interview. Results: {desc}. "
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
    return _ex(prompt, comp, cat, d, "law.irac.four_fifths", answer=ans,
               inputs={"groups": [[nm, a, s] for nm, a, s in groups]}, formula="four_fifths_min_ratio")


def _t_formation(rng, d, cat):
    """Offer, counter-offer, revocation and posted acceptance on a day-numbered timeline."""
    seller, buyer = rng.sample(ORGS, 2)
    goods, unit = rng.choice(GOODS)
    price = rng.randrange(5, 500) * 100
    offer_day = 1
    events = [(offer_day, f"{seller} posts a letter offering to sell {goods} to {buyer} for {_money(price)}, open until day {{exp}}")]
    expiry = rng.randint(6, 12) if d == "hard" else rng.randint(10, 20)
    counter = None
    info_only = False
    if d != "easy" and rng.random() < 0.6:
        counter = rng.randint(2, 5)
        info_only = rng.random() < 0.4
        events.append((counter, f"{buyer} emails asking whether delivery could be in two lots" if info_only
                       else f"{buyer} replies offering {_money(price - rng.randrange(1, 5) * 100)} instead"))
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
    events = [(day, text if day == offer_day else text.replace(seller, _the(seller)).replace(buyer, _the(buyer))) for day, text in events]
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
    timeline = "\n".join(f"- Day {day}: {_cap(text)}." for day, text in events)
    prompt = (rng.choice(("Was a contract formed? Analyse this timeline with IRAC.",
                          "Apply the rules of offer and acceptance to decide whether a binding contract exists.",
                          "Decide whether the parties concluded a contract.")) + "\n" + timeline)
    comp = _irac("Whether a binding contract arose from the exchange of letters.",
                 "A contract needs offer, acceptance and consideration. A counter-offer rejects the offer (a mere request for information does not); "
                 "a posted acceptance is effective on posting; a revocation is effective only when received; an offer lapses at its stated expiry.",
                 "; ".join(r[0].upper() + r[1:] if i == 0 else r for i, r in enumerate(reasons)) + ".",
                 "A contract was formed on the posted acceptance." if formed else "No contract was formed.",
                 lead=rng.choice(NOT_ADVICE), answer=ans)
    return _ex(prompt, comp, cat, d, "law.irac.formation_timeline", answer=ans,
               inputs={"expiry": expiry, "counter_day": counter, "counter_is_info_request": info_only,
                       "revocation_received": rev_recv if revoke else None, "acceptance_posted": acc_post},
               formula="offer_acceptance_timeline")


# ==========================================================================
# contract_analysis
# ==========================================================================
_BREACHES = ("repudiated the contract two weeks before delivery", "failed to deliver on the due date",
             "announced it had sold the stock elsewhere", "delivered nothing and stopped answering calls")
_INCIDENTAL_B = ("broker fees", "inspection of substitute goods", "extra freight for the replacement order", "storage while sourcing replacements")
_SAVED_B = ("delivery charges it would have paid under the original contract", "import duties it no longer owed",
            "unloading costs it avoided")


def _t_buyer(rng, d, cat):
    buyer, seller = rng.sample(ORGS, 2)
    goods, unit = rng.choice(GOODS)
    state = rng.choice(US_STATES)
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
    prompt = (f"{buyer[0].upper() + buyer[1:]} in {state} agreed to buy {q:,} {unit}s of {goods} from {seller} at ${cp} per {unit}. "
              f"The seller {rng.choice(_BREACHES)}. ")
    prompt += (f"The buyer covered in good faith by buying substitutes at ${other} per {unit}. " if cover
               else f"The buyer did not cover; when it learned of the breach the market price was ${other} per {unit}. ")
    inc_what = rng.choice(_INCIDENTAL_B)
    if inc:
        prompt += f"It spent {_money(inc)} on {inc_what}. "
    if saved:
        prompt += f"It saved {_money(saved)} in {rng.choice(_SAVED_B)}. "
    if cons:
        prompt += (f"It also paid a customer a {_money(cons)} late-delivery penalty; the seller {'knew' if knew else 'had no reason to know'} of that resale contract when contracting. ")
    prompt += rng.choice(("Compute the buyer's damages under the UCC.", "What can the buyer recover? Use IRAC.", "Calculate expectation damages."))
    per = other - cp
    base = per * q
    cons_ok = cons if knew else 0
    total = base + inc + cons_ok - saved
    steps = [f"({'cover' if cover else 'market'} ${other} - contract ${cp}) x {q:,} = {_money(base)}"]
    if inc:
        steps.append(f"+ incidental {_money(inc)}")
    if cons:
        steps.append(f"+ consequential {_money(cons_ok)}" + ("" if knew else " (the penalty is excluded: the seller had no reason to know of it)"))
    if saved:
        steps.append(f"- expenses saved {_money(saved)}")
    app = " ".join(steps) + f" = {_money(total)}."
    rule = (f"UCC {sec}: the buyer recovers the difference between the {'cost of cover' if cover else 'market price when the buyer learned of the breach'} and the contract price, "
            "plus incidental and consequential damages (2-715), less expenses saved. Consequential losses require that the seller had reason to know of the need at contracting (2-715(2)(a); compare "
            + _cite("hadley") + ").")
    comp = _irac(f"The measure of the buyer's damages for the seller's non-delivery of {goods}.", rule, app,
                 f"The buyer recovers {_money(total)}.", lead=rng.choice(NOT_ADVICE), answer=_money(total))
    return _ex(prompt, comp, cat, d, "law.contract.buyer_damages", answer=_money(total),
               inputs={"quantity": q, "contract_price": cp, "cover_or_market_price": other, "incidental": inc,
                       "consequential": cons, "seller_knew": knew, "expenses_saved": saved}, formula="ucc_buyer_damages")


def _t_seller(rng, d, cat):
    seller, buyer = rng.sample(ORGS, 2)
    goods, unit = rng.choice(GOODS)
    q = rng.randrange(10, 400) * (10 if d == "hard" else 1)
    cp = rng.randrange(30, 900)
    resale = rng.random() < 0.5
    other = cp - rng.randrange(1, max(2, cp // 3))
    inc = rng.randrange(2, 80) * 50 if d != "easy" else 0
    saved = rng.randrange(1, 40) * 50 if d != "easy" else 0
    sec = "2-706" if resale else "2-708(1)"
    prompt = (f"{buyer[0].upper() + buyer[1:]} wrongfully rejected {q:,} {unit}s of {goods} it had agreed to buy from {seller} at ${cp} per {unit}. ")
    prompt += (f"The seller resold them in a commercially reasonable private sale at ${other} per {unit}. " if resale
               else f"The seller did not resell; the market price at the time and place for tender was ${other} per {unit}. ")
    if inc:
        prompt += f"The seller spent {_money(inc)} on {rng.choice(('storage', 'return freight', 'resale commissions', 'insurance while holding the goods'))}. "
    if saved:
        prompt += f"It saved {_money(saved)} of delivery costs it no longer had to pay. "
    prompt += rng.choice(("Compute the seller's damages.", "What does the seller recover under Article 2?", "Analyse the seller's remedy with IRAC."))
    base = (cp - other) * q
    total = base + inc - saved
    app = f"(contract ${cp} - {'resale' if resale else 'market'} ${other}) x {q:,} = {_money(base)}"
    if inc:
        app += f"; + incidental {_money(inc)} (2-710)"
    if saved:
        app += f"; - expenses saved {_money(saved)}"
    app += f"; total {_money(total)}."
    if d == "hard":
        app += " " + rng.choice(("If the seller were a lost-volume seller with unlimited supply, 2-708(2) lost profit might give more; nothing here suggests that.",
                                 "Resale must be commercially reasonable and, for a private sale, the buyer must get reasonable notice, or the seller falls back on 2-708."))
    comp = _irac(f"The seller's damages after the buyer's wrongful rejection of {goods}.",
                 f"UCC {sec}: the seller recovers the contract price minus the {'resale price' if resale else 'market price'}, plus incidental damages under 2-710, less expenses saved.",
                 app, f"The seller recovers {_money(total)}.", lead=rng.choice(NOT_ADVICE), answer=_money(total))
    return _ex(prompt, comp, cat, d, "law.contract.seller_damages", answer=_money(total),
               inputs={"quantity": q, "contract_price": cp, "resale_or_market_price": other, "incidental": inc,
                       "expenses_saved": saved}, formula="ucc_seller_damages")




# (contractor, project) pairs that make sense together
_JOBS = (("a building contractor", "a warehouse extension"), ("a solar installer", "a rooftop solar array"),
         ("a software studio", "a custom web platform"), ("a software studio", "a mobile app"),
         ("an engineering firm", "a greenhouse complex"), ("a fit-out specialist", "a clinic fit-out"),
         ("a kitchen installer", "a restaurant kitchen"), ("a marketing agency", "a marketing campaign"),
         ("a shopfitter", "an office renovation"), ("a building contractor", "a school gym refurbishment"))


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
    prompt = (f"{owner[0].upper() + owner[1:]} hired {contractor} to deliver {project} for a fixed price of {_money(price)}. "
              f"After the contractor had spent {_money(spent)} and been paid {_money(paid)}, the owner wrongfully terminated. "
              f"Finishing would have cost the contractor another {_money(remaining)}. ")
    if salvage:
        prompt += f"The contractor can resell unused materials for {_money(salvage)}. "
    prompt += rng.choice(("What expectation damages can the contractor recover?", "Compute the contractor's damages with IRAC.",
                          "Measure the contractor's loss."))
    app = (f"Contract price {_money(price)} - payments received {_money(paid)} - cost avoided {_money(remaining)}"
           + (f" - salvage value {_money(salvage)}" if salvage else "") + f" = {_money(loss)}. ")
    app += rng.choice(("Check: costs spent {s} + expected profit {p} - paid {pd}{sv} = {l}.",
                       "Cross-check via reliance plus profit: {s} + {p} - {pd}{sv} = {l}.")).format(
        s=_money(spent), p=_money(profit), pd=_money(paid), sv=f" - salvage {_money(salvage)}" if salvage else "", l=_money(loss))
    comp = _irac(f"The contractor's expectation damages after wrongful termination of {project}.",
                 f"Expectation damages put the injured party where performance would have (Restatement (Second) of Contracts 347; {_cite('hawkins')}): "
                 "loss in value plus other loss, less cost and loss avoided by not performing.",
                 app, f"The contractor recovers {_money(loss)}.", lead=rng.choice(NOT_ADVICE), answer=_money(loss))
    return _ex(prompt, comp, cat, d, "law.contract.construction_expectation", answer=_money(loss),
               inputs={"price": price, "paid": paid, "cost_avoided": remaining, "salvage": salvage}, formula="contract_price_minus_paid_minus_saved")


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
        lines.append(f"{_money(amt)} x {rate10 / 10:g}% x {days}/365 = {_cents(cents)}")
    inv_txt = "; ".join(f"{_money(a)} due {_date(du)}" for a, du in invoices)
    prompt = (f"A supply contract between {creditor} and {debtor} charges simple interest of {rate10 / 10:g}% a year on late invoices, "
              f"computed daily on a 365-day basis. Unpaid: {inv_txt}. Everything was paid on {_date(paid_on)}. "
              + rng.choice(("How much interest is owed?", "Compute the contractual late-payment interest.", "Calculate the interest claim, to the cent.")))
    app = "Days run from each due date to payment. " + "; ".join(lines) + (f". Total {_cents(total_c)}." if n_inv > 1 else ".")
    comp = _irac("How much contractual interest accrued on the late invoices.",
                 "The parties' express interest clause governs (freedom of contract); simple interest = principal x rate x days/365 for each invoice.",
                 app, f"Interest owed: {_cents(total_c)}.", lead=rng.choice(NOT_ADVICE), answer=_cents(total_c))
    return _ex(prompt, comp, cat, d, "law.contract.late_interest", answer=_cents(total_c),
               inputs={"rate_pct": rate10 / 10, "paid_on": paid_on.isoformat(),
                       "invoices": [[a, du.isoformat()] for a, du in invoices]}, formula="simple_interest_365")


# Clause types with the governing rule (US and English law where both are standard).
_CLAUSES = (
    ("liquidated damages", "The Supplier shall pay {amt} per day of delay in delivery.",
     "In English law a liquidated damages clause is enforceable if it protects a legitimate interest and is not out of all proportion to it (Cavendish Square Holding BV v Makdessi [2015] UKSC 67); in the US, if the amount is reasonable in light of the anticipated or actual loss (Restatement (Second) of Contracts 356).",
     ("the daily sum roughly matches the buyer's lost rental income", "the daily sum is many times any plausible loss"),
     ("The clause is likely enforceable.", "The clause is at risk of being struck down as a penalty.")),
    ("limitation of liability", "Neither party shall be liable for indirect or consequential loss, and total liability is capped at {amt}.",
     "Caps and exclusions are generally enforced between commercial parties; UCC 2-719(3) makes limiting consequential damages for personal injury from consumer goods prima facie unconscionable, and in England the Unfair Contract Terms Act 1977 imposes a reasonableness test on standard terms.",
     ("both parties negotiated with lawyers and the cap equals a year's fees", "the clause sits in non-negotiable standard terms and would exclude liability for personal injury"),
     ("The clause is likely enforceable.", "The clause is vulnerable to challenge.")),
    ("non-compete", "For {term} after termination, the Employee shall not work for any competitor {area}.",
     "Restraints of trade are enforced only if reasonable in duration, geography and scope and needed to protect a legitimate interest; California voids most employee non-competes (Cal. Bus. & Prof. Code 16600).",
     ("the restraint is six months within the employee's former sales territory", "the restraint is worldwide and covers any role at a competitor"),
     ("The clause is likely enforceable where reasonable restraints are enforced.", "The clause is likely unenforceable as broader than necessary.")),
    ("force majeure", "Neither party is liable for failure to perform caused by events beyond its reasonable control, including {events}.",
     "Force majeure is a matter of contract: the event must fall within the clause as drafted, must actually cause the failure, and the party usually must show it could not have avoided the effect by reasonable steps.",
     ("the supplier's plant was shut by a government order listed in the clause", "the supplier simply found a more profitable customer"),
     ("The clause likely excuses the supplier's failure to perform.", "The clause does not excuse the supplier: a voluntary business choice is not an event beyond its control.")),
)
_CLAUSE_SLOTS = {"amt": ("$500", "$2,000", "$10,000", "$25,000", "$150,000"), "term": ("six months", "one year", "two years", "five years"),
                 "area": ("worldwide", "within 25 miles", "in the same city", "in North America"),
                 "events": ("pandemics and government orders", "strikes, floods and cyberattacks", "acts of God and war")}


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
    if d != "easy":
        app += " " + rng.choice(("Drafting fix: state the commercial rationale in a recital so a court can see the legitimate interest.",
                                 "Drafting fix: narrow the clause to the specific risk and define key terms.",
                                 "Drafting fix: add a severance provision so an over-broad part can fall away without the rest."))
    if d == "hard":
        app += " " + rng.choice(("Governing law matters: the same clause can be valid in one jurisdiction and void in another.",
                                 "Courts read such clauses against the party relying on them where ambiguous (contra proferentem)."))
    concl = outcomes[0] if good else outcomes[1]
    comp = _irac(f"Whether the {kind} clause will be enforced.", rule, app, concl, lead=rng.choice(NOT_ADVICE))
    return _ex(prompt, comp, cat, d, "law.contract.clause_review")


# ==========================================================================
# constitutional_law
# ==========================================================================
# Equal protection tiers by classification (US Supreme Court).
SCRUTINY = (
    ("race", "strict scrutiny", "Loving v. Virginia, 388 U.S. 1 (1967)"),
    ("national origin", "strict scrutiny", "Graham v. Richardson, 403 U.S. 365 (1971), treating nationality like race as inherently suspect"),
    ("alienage", "strict scrutiny", "Graham v. Richardson, 403 U.S. 365 (1971), for state and local laws"),
    ("sex", "intermediate scrutiny", "Craig v. Boren, 429 U.S. 190 (1976); United States v. Virginia, 518 U.S. 515 (1996)"),
    ("birth outside marriage", "intermediate scrutiny", "Clark v. Jeter, 486 U.S. 456 (1988)"),
    ("age", "rational basis review", "Massachusetts Board of Retirement v. Murgia, 427 U.S. 307 (1976)"),
    ("disability", "rational basis review", "City of Cleburne v. Cleburne Living Center, 473 U.S. 432 (1985)"),
    ("wealth", "rational basis review", "San Antonio Independent School District v. Rodriguez, 411 U.S. 1 (1973)"),
)
TIER_TEST = {
    "strict scrutiny": "the law must be narrowly tailored to a compelling government interest, and the government bears the burden",
    "intermediate scrutiny": "the law must be substantially related to an important government interest, with an exceedingly persuasive justification for sex classifications",
    "rational basis review": "the law need only be rationally related to a legitimate government interest, and the challenger bears the burden",
}
_EP_LAWS = {
    "race": ("assigns public housing units by the race of applicants", "reserves city contracts for firms owned by one racial group"),
    "national origin": ("bars people of one ancestry from state licensing exams", "adds extra screening for applicants born in certain countries"),
    "alienage": ("limits welfare benefits to citizens", "bars lawful permanent residents from a public scholarship"),
    "sex": ("sets a different drinking age for men and women", "admits only men to a public military college"),
    "birth outside marriage": ("denies inheritance rights to children born outside marriage", "shortens the time to establish paternity for nonmarital children"),
    "age": ("requires its uniformed police officers to retire at 55", "requires drivers over 80 to retake a road test"),
    "disability": ("requires a special permit for a group home for people with intellectual disabilities", "limits certain licences for people with epilepsy"),
    "wealth": ("funds schools from local property taxes", "limits a court-fee waiver to households below an income line"),
}
_GOVTS = ("A state", "A city", "A county", "A state university", "A public school board", "A state agency")
_INTERESTS = ("administrative convenience", "public safety", "saving money", "traffic safety", "protecting public health",
              "promoting diversity", "preventing fraud", "tradition", "efficient use of staff", "protecting children")
_INTEREST_VERDICT = {
    "strict scrutiny": "Even if {i} were compelling, a classification this broad is unlikely to be the least restrictive means.",
    "intermediate scrutiny": "{I} may be an important interest, but the classification must substantially serve it rather than rest on stereotypes.",
    "rational basis review": "{I} is a legitimate interest, and the rule is a rational way to pursue it, which is all this tier requires.",
}


def _t_scrutiny(rng, d, cat):
    cls, tier, cite = rng.choice(SCRUTINY)
    law = rng.choice(_EP_LAWS[cls])
    gov = rng.choice(_GOVTS)
    neutral = d == "hard" and rng.random() < 0.5
    if neutral:
        prompt = (_context(rng) + f"{gov} adopts a facially neutral rule on {rng.choice(_INTERESTS)} grounds that happens to burden people on the basis of {cls} more heavily than others; there is no evidence of discriminatory purpose. "
                  "What level of equal protection scrutiny applies? Use IRAC.")
        tier_used = "rational basis review"
        app = ("The rule does not classify by " + cls + " on its face. Under Washington v. Davis, 426 U.S. 229 (1976), disparate impact alone does not trigger heightened scrutiny; "
               "discriminatory purpose must be shown. With none shown, the rule gets rational basis review.")
    else:
        interest = rng.choice(_INTERESTS)
        prompt = (_context(rng) + f"{gov} {law}, citing {interest}. " + rng.choice(("What standard of review applies under the Equal Protection Clause?",
                                                 "Identify the tier of scrutiny and apply it.", "Analyse the equal protection challenge with IRAC.",
                                                 "Will the rule survive an equal protection challenge?")))
        tier_used = tier
        app = rng.choice(("The rule classifies by {c}. The Supreme Court applies {t} to {c} classifications ({s}).",
                          "Because the line is drawn by {c}, {t} applies ({s}).",
                          "{C} is the operative classification, and the cases put it in {t} ({s}).")).format(c=cls, C=cls[0].upper() + cls[1:], t=tier, s=cite)
        app += " " + _INTEREST_VERDICT[tier].format(i=interest, I=interest[0].upper() + interest[1:])
        if d != "easy":
            app += " " + {"strict scrutiny": "Few laws survive: the government must show no less restrictive means would serve its compelling interest.",
                          "intermediate scrutiny": "The government cannot rely on overbroad generalisations about the sexes or similar stereotypes.",
                          "rational basis review": "Almost any plausible legitimate purpose suffices, though laws based on bare animus fail even this test."}[tier]
    if d == "hard" and not neutral:
        app += " Note that the tier is set by the classification, not by how sympathetic the policy looks."
    comp = _irac(f"Which level of scrutiny applies to {gov.lower()}'s rule.",
                 f"Under the Equal Protection Clause of the Fourteenth Amendment, the tier depends on the classification. Under {tier_used}, {TIER_TEST[tier_used]}.",
                 app, f"The court applies {tier_used}.", lead=rng.choice(NOT_ADVICE), answer=tier_used)
    return _ex(prompt, comp, cat, d, "law.con.scrutiny_tier", answer=tier_used,
               inputs={"classification": cls, "facially_neutral": neutral}, formula="equal_protection_tier")


# First Amendment speech scenarios -> governing test.
SPEECH = (
    ("content-based", "{gov} bans all {medium} that discuss {topic} while allowing {medium} on other subjects.", "strict scrutiny",
     "Reed v. Town of Gilbert, 576 U.S. 155 (2015)", "a law that targets speech by its subject matter is content-based and presumptively invalid"),
    ("content-neutral", "{gov} caps amplified sound at {db} decibels in {venue} for every performer, whatever the message.", "intermediate scrutiny",
     "Ward v. Rock Against Racism, 491 U.S. 781 (1989)", "content-neutral time, place and manner rules must be narrowly tailored to a significant interest and leave ample alternative channels"),
    ("incitement", "A speaker at a rally about {topic} urges the crowd to {act}.", "Brandenburg incitement test",
     _cite("brandenburg"), "advocacy may be punished only if directed to inciting imminent lawless action and likely to produce it"),
    ("student speech", "A public {school} disciplines a student for wearing {item} criticising {topic}.", "Tinker substantial-disruption test",
     _cite("tinker"), "school officials must reasonably forecast material and substantial disruption"),
    ("defamation", "{paper} publishes a false claim that {official} {misdeed}, and the official sues.", "actual malice standard",
     _cite("nyt"), "a public official must prove knowledge of falsity or reckless disregard for the truth"),
)
_SPEECH_SLOTS = {"topic": ("immigration policy", "a local election", "the school board", "climate change", "a new tax", "policing",
                           "a stadium subsidy", "rent control", "a factory closure"),
                 "act": ("march on the courthouse someday", "take back the city at the next election", "blockade the factory gates right now",
                         "storm the mayor's office tonight", "resist the new law by any means in the years ahead",
                         "smash the windows of the bank across the street now", "vote every incumbent out", "burn the depot down tonight"),
                 "misdeed": ("took bribes", "falsified police records", "lied about a budget", "rigged a contract award", "hid a safety report"),
                 "gov": ("A city", "A county", "A state", "A transit authority", "A township"),
                 "medium": ("yard signs", "billboards", "window posters", "leaflets on public poles", "bus-shelter adverts"),
                 "db": ("70", "75", "80", "85", "90"),
                 "venue": ("a park bandshell", "a downtown plaza", "a riverside amphitheatre", "a public square"),
                 "school": ("high school", "middle school", "charter school"),
                 "item": ("a T-shirt", "an armband", "a badge", "a wristband", "a hoodie"),
                 "paper": ("A newspaper", "A local news site", "A TV station", "A magazine", "A podcast network"),
                 "official": ("the city's police commissioner", "a county treasurer", "the state transport secretary", "a school superintendent", "the mayor")}
_IMMINENT = ("right now", "tonight", "now")


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
    return _ex(prompt, comp, cat, d, "law.con.speech", answer=test, inputs={"kind": kind}, formula="speech_test")


_QUESTIONS = ("where the stolen laptop was", "whether the suspect had a gun", "why the suspect was at the scene",
              "who else was involved", "what the suspect did that night", "where the money went", "who owned the car")
_OFFENCES = ("a burglary", "a car theft", "an assault outside a bar", "a warehouse break-in", "a credit-card fraud", "an arson at a depot",
             "a shoplifting ring", "a hit-and-run")
_PLACES = ("at a train station", "outside a nightclub", "in a supermarket car park", "at a bus depot", "near a stadium", "at a motorway services")


def _t_miranda(rng, d, cat):
    custody = rng.random() < 0.7
    interrog = rng.random() < 0.75
    warned = rng.random() < 0.5
    waived = warned and rng.random() < 0.7
    safety = d == "hard" and interrog and rng.random() < 0.4
    offence, place = rng.choice(_OFFENCES), rng.choice(_PLACES)
    q = "where the gun was hidden" if safety else rng.choice(_QUESTIONS)
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
    prompt = prompt[0].upper() + prompt[1:]
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
    return _ex(prompt, comp, cat, d, "law.con.miranda", answer=outcome,
               inputs={"custody": custody, "interrogation": interrog, "warned": warned, "waived": waived, "public_safety": safety},
               formula="miranda_admissibility")


# Hypothetical federal statutes: (text with slots, economic activity?, slots). Classification follows
# Lopez (non-economic possession), Morrison (gender-motivated violence), Wickard and Raich (home production
# of a fungible commodity), Sebelius (compelled purchase).
_FED_STATUTES = (
    ("a federal law requiring every adult to buy {x}", False, ("a home exercise bike", "an approved smoke alarm", "a set of winter tyres", "a basic health plan")),
    ("a federal ban on possessing a handgun within {x} of a {y}", False, ("500 feet", "1,000 feet", "a quarter mile"), ("public library", "polling station", "public park", "community college")),
    ("a federal quota on how much {x} a farmer may grow for use on the farm, where the crop is also sold in a national market", True, ("wheat", "corn", "soybeans", "barley", "alfalfa")),
    ("a federal law creating a civil remedy for {x} without any economic element", False, ("gender-motivated violence", "neighbourhood disputes", "schoolyard bullying")),
    ("a federal minimum-wage law covering {x} that ship goods across state lines", True, ("factories", "bakeries", "furniture workshops", "garment makers", "canneries")),
    ("a federal licensing scheme for interstate {x}", True, ("trucking companies", "bus lines", "pipeline operators", "freight railways")),
    ("a federal cap on how much {x} a person may cultivate at home, where an interstate market in it exists", True, ("cannabis", "tobacco", "poppies")),
    ("a federal crime of {x} near a school, with no link to interstate commerce required", False, ("carrying a knife", "possessing fireworks", "loitering after dark")),
)
_CHALLENGERS = ("a farm cooperative", "a gun-owners' group", "a small manufacturer", "a trucking firm", "a civil-liberties group",
                "a state attorney general", "a convenience-store owner", "a growers' association", "a transport union")
_COMM_APP_ECON = ("The regulated activity is economic, and Congress could rationally conclude that in the aggregate it substantially affects an interstate market.",
                  "Because the activity is economic, the Court looks at its aggregate effect across the country, not the challenger's small share.",
                  "Taken together, many such acts move a national market, which is exactly the aggregation reasoning the Court accepted.")
_COMM_APP_NON = ("The regulated conduct is not economic activity, and its link to interstate commerce depends on piling inference upon inference, which Lopez rejects.",
                 "Non-economic conduct cannot be aggregated to manufacture a substantial effect; accepting that argument would leave no limit on federal power.",
                 "Nothing in the conduct is commercial, and the statute lacks any case-by-case link to interstate commerce.")


def _t_commerce(rng, d, cat):
    law, economic, *slot_lists = rng.choice(_FED_STATUTES)
    law = law.format(x=rng.choice(slot_lists[0]), y=rng.choice(slot_lists[1]) if len(slot_lists) > 1 else "")
    who, state = rng.choice(_CHALLENGERS), rng.choice(US_STATES)
    prompt = _context(rng) + rng.choice(("Congress enacts {x}. {w} in {s} sues. Is the law valid under the Commerce Clause?",
                                         "Assess whether {x} is within Congress's commerce power; the challenger is {w} in {s}.",
                                         "{w} in {s} challenges {x}. Using IRAC, analyse the challenge.")).format(x=law, w=who, s=state)
    prompt = prompt[0].upper() + prompt[1:]
    if d == "hard":
        prompt += " Discuss whether any other federal power could support it."
    rule = rng.choice((
        "Congress may regulate the channels and instrumentalities of interstate commerce and activities that substantially affect it ({l}). Economic activity may be aggregated ({w}; Gonzales v. Raich, 545 U.S. 1 (2005)).",
        "Under {l}, the commerce power reaches three categories: channels, instrumentalities, and activities substantially affecting interstate commerce. Economic activities are judged in the aggregate ({w}; Gonzales v. Raich, 545 U.S. 1 (2005)).",
    )).format(l=_cite("lopez"), w=_cite("wickard"))
    app = rng.choice(_COMM_APP_ECON if economic else _COMM_APP_NON)
    app += f" That {who} in {state} acts locally {'does not help it' if economic else 'underlines the point'}."
    concl = "The law is likely a valid exercise of the commerce power." if economic else "The law is likely beyond the commerce power."
    if "required to buy" in law or "to buy" in law:
        app += " Compelling people to enter commerce is not regulating existing commerce (National Federation of Independent Business v. Sebelius, 567 U.S. 519 (2012))."
    if "gender-motivated" in law:
        app += " The Court struck down such a remedy in United States v. Morrison, 529 U.S. 598 (2000)."
    if d != "easy":
        app += " " + rng.choice(("A jurisdictional element tying each case to interstate commerce would strengthen the statute.",
                                 "Congressional findings help but are not conclusive; the Court decides the question itself.",
                                 "The closer the link to a functioning interstate market, the stronger the government's position."))
    if d == "hard":
        app += " " + rng.choice(("The taxing power might support a modest financial exaction, as in Sebelius.",
                                 "Conditional spending grants to states are another route, within the limits of South Dakota v. Dole, 483 U.S. 203 (1987).",
                                 "The Necessary and Proper Clause cannot rescue a law whose object lies outside an enumerated power."))
    comp = _irac(f"Whether {law} is within the commerce power.", rule, app, concl, lead=rng.choice(NOT_ADVICE))
    return _ex(prompt, comp, cat, d, "law.con.commerce_clause")


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


_DOCS = ("an appellate brief", "a seminar paper", "a moot court memorial", "a law review note", "a client memo", "a bench memo",
         "a dissertation chapter", "a case-comment blog post", "a skeleton argument", "a textbook footnote")


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
    return _ex(prompt, comp, cat, d, "law.writing.citation", answer=_cite(k),
               inputs={"case": k, "style": style}, formula="citation_format")


# Memo topics: (topic, rule, fact slots, favourable application, unfavourable application)
_MEMO_TOPICS = (
    ("premises liability", "An occupier owes invitees reasonable care to discover and fix or warn of dangerous conditions (Restatement (Second) of Torts 343).",
     ("a customer slipped on {a} in the client's {b}", "staff had walked past the spot {c} minutes earlier"),
     {"a": ("spilled yoghurt", "loose cables", "melted ice", "a torn mat", "crushed grapes", "leaking oil"),
      "b": ("store", "hotel lobby", "gym", "garden centre", "car showroom"), "c": ("5", "12", "20", "45", "90")},
     "the hazard existed long enough that reasonable inspection would have found it", "if it appeared moments before the fall, constructive notice is hard to prove"),
    ("promissory estoppel", "A promise the promisor should reasonably expect to induce reliance, which does induce it, is binding if injustice can be avoided only by enforcement (Restatement (Second) of Contracts 90).",
     ("a landlord promised the client {a} and the client {b}", "the promise was made in an email {c} days before the client acted"),
     {"a": ("a rent reduction", "a lease renewal", "free parking spaces", "a fit-out contribution"),
      "b": ("signed a three-year equipment lease", "hired two extra staff", "turned down another tenancy", "bought new fixtures"),
      "c": ("3", "10", "21", "40", "60")},
     "the client's reliance was foreseeable and substantial", "if the reliance was minor or unreasonable, enforcement is not needed to avoid injustice"),
    ("statute of frauds", "A contract for the sale of goods for $500 or more needs a signed writing sufficient to show a contract (UCC 2-201), subject to exceptions such as specially manufactured goods and merchant confirmations.",
     ("the client agreed by phone to buy {a} for {b}", "the seller later sent {c}"),
     {"a": ("used forklifts", "custom-printed packaging", "a batch of laptops", "bulk coffee beans", "restaurant ovens"),
      "b": ("$4,000", "$12,500", "$900", "$60,000", "$27,000"),
      "c": ("an unsigned text summary", "a signed confirmation letter", "an invoice with its letterhead", "nothing in writing")},
     "a merchant's written confirmation, specially manufactured goods or part performance may satisfy an exception", "without a signed writing or an exception, the oral deal is unenforceable"),
    ("vicarious liability", "An employer is liable for torts of employees acting within the scope of employment (respondeat superior).",
     ("a driver employed by the client injured someone while {a}", "the incident happened {c} minutes into the shift, {b}"),
     {"a": ("making a personal detour", "delivering parcels on route", "collecting lunch for the team", "returning the van to the depot"),
      "b": ("in a company van", "in the driver's own car", "on a public holiday", "after a late dispatch call"), "c": ("5", "30", "90", "240")},
     "the conduct occurred during work and in furtherance of the employer's business", "a frolic of the employee's own takes the conduct outside the scope of employment"),
    ("AI hiring discrimination", "Title VII prohibits disparate treatment and unjustified disparate impact (42 U.S.C. 2000e-2; " + _cite("griggs") + "); the ADEA protects applicants aged 40 and over.",
     ("the client's AI screening tool rejected {a} at a high rate after it was trained on {b}", "the vendor never audited the model and the tool ran for {c} weeks"),
     {"a": ("older applicants", "women applicants", "applicants with career gaps", "non-native speakers"),
      "b": ("ten years of past hiring data", "resumes of current top performers", "scraped social-media profiles", "a third-party skills dataset"),
      "c": ("3", "8", "26", "52")},
     "the employer adopted the tool and is responsible for its impact", "if the tool is validated and job-related, the business-necessity defence may succeed"),
)


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
    if d != "easy":
        app += " " + rng.choice(("However, {c}.", "The weakness is that {c}.", "On the other side, {c}.")).format(c=con)
    if d == "hard":
        app += " Next steps: " + rng.choice(("collect documents and witness statements, and confirm the governing jurisdiction.",
                                             "preserve evidence, interview the people involved, and check controlling local authority."))
    concl = rng.choice(("The client has a reasonable position, subject to the facts holding up.", "On balance the client's position is arguable but fact-dependent.",
                        "The better view favours the client if the key facts are proved."))
    comp = _irac(f"Whether the client faces or has a claim involving {topic}.", rule, app, concl, lead=header)
    return _ex(prompt, comp, cat, d, "law.writing.memo")


_PLAIN = (
    ("indemnity", "The {A} shall indemnify, defend and hold harmless the {B} from and against any and all claims, losses and liabilities arising out of the {A}'s negligence.",
     "If someone sues the {b} because of the {a}'s carelessness, the {a} pays for the defence and any losses."),
    ("termination for convenience", "Either party may terminate this Agreement for convenience upon {n} days' prior written notice to the other party.",
     "Either the {a} or the {b} can end the agreement for any reason by giving the other {n} days' written notice."),
    ("confidentiality", "The {A} shall hold all Confidential Information of the {B} in strict confidence and shall not disclose the same to any third party save as required by law.",
     "The {a} must keep the {b}'s confidential information secret unless the law requires disclosure."),
    ("assignment", "Neither the {A} nor the {B} may assign or transfer any of its rights or obligations hereunder without the prior written consent of the other.",
     "Neither the {a} nor the {b} can hand its rights or duties to someone else without the other's written permission."),
    ("governing law", "This Agreement between the {A} and the {B} shall be governed by and construed in accordance with the laws of {place}, and the parties submit to the exclusive jurisdiction of its courts.",
     "The law of {place} applies, and any dispute between the {a} and the {b} must go to the courts there."),
    ("payment terms", "All invoices rendered by the {A} shall be payable by the {B} within {n} days of receipt, failing which interest shall accrue at the rate specified herein.",
     "The {b} must pay each of the {a}'s invoices within {n} days of getting it; late payments carry interest at the agreed rate."),
    ("warranty disclaimer", "Save as expressly set out herein, the {A} makes no warranties, express or implied, including without limitation any implied warranty of merchantability or fitness for a particular purpose.",
     "Apart from the promises written in this contract, the {a} gives the {b} no other guarantees about quality or suitability."),
)
_ROLES = (("Contractor", "Client"), ("Supplier", "Customer"), ("Consultant", "Company"), ("Vendor", "Buyer"), ("Agency", "Brand"),
          ("Licensor", "Licensee"), ("Provider", "Subscriber"), ("Landlord", "Tenant"))


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
    app = f"Plain version: \"{plain}\""
    if d != "easy":
        app += " " + rng.choice(("Doublets like 'indemnify and hold harmless' or 'assign or transfer' are collapsed only where the words add nothing in this jurisdiction.",
                                 "Keep defined terms and numbers exactly as in the original, because they carry the legal effect.",
                                 "Short sentences and active voice make clear who must do what."))
    if d == "hard":
        app += " " + rng.choice(("Flag for the reader anything the clause does not say, such as what counts as notice.",
                                 "If the original is ambiguous, resolve it with the other party rather than silently in the rewrite."))
    comp = _irac(f"What the {kind} clause requires, stated in plain language for {reader}.", rule, app,
                 "The plain-language version carries the same obligations in words the reader can act on.", lead=rng.choice(NOT_ADVICE))
    return _ex(prompt, comp, cat, d, "law.writing.plain_language")


_LETTER_ITEMS = ("unpaid invoice", "repair costs", "replacement equipment", "lost rental income", "storage fees", "cleaning costs",
                 "expert inspection fee", "refund of deposit")


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
    item_txt = "; ".join(f"{l} {_money(a)}" for l, a in zip(labels, amounts))
    prompt = (f"Draft the damages section of a demand letter from {sender} to {recipient} for breach of a services contract. Claimed items: {item_txt}.")
    if credit:
        prompt += f" {recipient[0].upper() + recipient[1:]} already paid {_money(credit)}."
    if disputed:
        prompt += f" The {labels[drop]} was caused by an unrelated storm, not the breach; leave it out."
    prompt += " State the total demanded, using IRAC headings."
    app = "Recoverable items: " + " + ".join(_money(a) for _, a in kept) + f" = {_money(sum(a for _, a in kept))}"
    if credit:
        app += f"; less {_money(credit)} already paid"
    app += f"; total {_money(total)}."
    if disputed:
        app += f" The {labels[drop]} is excluded because it was not caused by the breach."
    if d != "easy":
        app += " " + rng.choice(("Attach invoices for each item so the figure is verifiable.",
                                 "State a reasonable deadline for payment and keep the tone factual.",
                                 "Avoid threats that could be seen as improper; state the intended next step plainly."))
    comp = _irac("The amount to demand for the breach of the services contract.",
                 "Compensatory damages cover losses caused by the breach that were foreseeable at contracting (" + _cite("hadley") + "), less amounts already paid.",
                 app, f"Demand {_money(total)} in total.", lead=rng.choice(("Damages", "Re: damages claimed", "Section 3: damages")), answer=_money(total))
    return _ex(prompt, comp, cat, d, "law.writing.demand_letter", answer=_money(total),
               inputs={"items": amounts, "excluded_index": drop if disputed else None, "credit": credit}, formula="sum_items_less_credit")


# The guide's own law task in its open form: "Analyze liability when AI hiring
# system discriminates", a one-line situation with no facts or figures. Every
# other law prompt gives facts, numbers or a named case; when court_prediction
# gained its short bare asks (court.outcome.bare), SmolLM2 fine-tuned on the
# default run answered this ask in court's outcome format instead of IRAC.
# (situation phrasings, slots, party, rule, application for, application
# against, conclusion). Slots vary the rows so near-duplicate removal keeps
# about half of them; a slot's first value is the generic one, used when the
# chosen phrasing does not name it.
_OPEN_SITUATIONS = (
    (("an AI hiring system discriminates", "an AI screening tool rejects {group} at a higher rate",
      "a hiring algorithm screens out {group}"),
     {"group": ("a protected group", "older applicants", "women", "applicants with career gaps", "disabled applicants", "Black applicants")},
     "the employer",
     "Title VII (42 U.S.C. 2000e-2(k)) and " + _cite("griggs") + " bar neutral practices with an unjustified disparate impact; "
     "the EEOC treats a selection rate below four-fifths of the highest group's as evidence of adverse impact, and the ADEA protects applicants aged 40 and over.",
     "The employer adopted the tool and answers for its effects, even if a vendor built it; selection rates for {group} below the four-fifths line make a prima facie case.",
     "the employer can defend a tool shown to be job-related and consistent with business necessity, unless a less discriminatory alternative was available",
     "The employer is likely liable for disparate impact unless it can validate the tool; the vendor may share liability as the employer's agent."),
    (("a self-driving car hits a pedestrian", "an autonomous taxi injures a cyclist", "a car on autopilot crashes into {obj}"),
     {"obj": ("an obstacle", "a parked van", "a bus shelter", "a stopped fire truck", "a shop front")},
     "the manufacturer and the operator",
     "A product is defective in design when a reasonable alternative design would have reduced a foreseeable risk (Restatement (Third) of Torts: Products Liability 2(b)); "
     "the operator owes the ordinary negligence duty of reasonable care.",
     "If the perception software failed in a situation a safer design would have handled, the manufacturer faces a design-defect claim; an inattentive safety driver adds the operator's negligence.",
     "the victim's own carelessness, such as crossing against the signal, reduces recovery under comparative negligence",
     "Both the manufacturer (design defect) and the operator (negligence) are likely liable, with damages reduced for any fault of the victim."),
    (("a data breach exposes customer records", "hackers steal {data} from an online shop", "a company leaks {data} through a misconfigured server"),
     {"data": ("customer data", "card numbers", "passwords", "medical records", "home addresses")},
     "the company",
     "A business that holds personal data owes a duty of reasonable security; section 5 of the FTC Act bars unfair data-security practices, and state statutes require prompt breach notice. "
     "A private plaintiff must still show concrete harm (TransUnion LLC v. Ramirez, 594 U.S. 413 (2021)).",
     "Leaving a known, patchable weakness open while holding {data} falls below reasonable security, and late notice breaches the notification statutes.",
     "customers whose data was never misused may lack the concrete injury needed to sue for damages",
     "Regulatory liability is likely; private damages depend on customers showing actual misuse or costs."),
    (("a chatbot gives a customer wrong refund information", "a company's AI assistant promises a discount that does not exist",
      "an airline's chatbot misstates its {policy} policy"),
     {"policy": ("refund", "refund", "bereavement fare", "baggage", "cancellation")},
     "the company",
     "A business is responsible for all information on its website, including what its chatbot says; a careless misstatement a customer reasonably relies on is negligent misrepresentation "
     "(Moffatt v. Air Canada, 2024 BCCRT 149).",
     "The company deployed the chatbot to answer customers, so its statements are the company's own, and the customer relied on them when buying.",
     "a clear, prominent correct policy may make the customer's reliance unreasonable",
     "The company is likely liable for the customer's reliance loss; it cannot treat the chatbot as a separate entity."),
    (("a drone crashes onto a neighbour's roof", "a delivery drone drops a parcel on {victim}", "a hobby drone injures {victim} at a park"),
     {"victim": ("someone", "a passer-by", "a parked car", "a child", "a dog walker")},
     "the drone operator",
     "An operator owes reasonable care; FAA Part 107 (14 C.F.R. Part 107) rules on line of sight and flying over people are evidence of the standard of care, "
     "and flying over land without consent may be a trespass.",
     "Flying beyond visual line of sight or over people breaches Part 107 and is strong evidence of negligence.",
     "a sudden mechanical failure despite proper maintenance may mean there was no breach",
     "The operator is likely liable in negligence; a maker may also be liable if a defect caused the crash."),
    (("a shopper slips on a wet floor", "a customer trips over {hazard} in a store", "a hotel guest falls on {hazard}"),
     {"hazard": ("the hazard", "loose cables", "a torn mat", "spilled oil", "melted ice")},
     "the occupier",
     "An occupier owes invitees reasonable care to discover and fix or warn of dangerous conditions (Restatement (Second) of Torts 343).",
     "If staff walked past {hazard} without acting, the occupier had constructive notice and failed to fix or warn of it.",
     "a hazard that appeared moments before the fall gives no time for reasonable inspection, and an obvious hazard may reduce recovery",
     "The occupier is likely liable if the hazard existed long enough to be found, less the customer's share of fault."),
    (("an employee injures someone while driving for work", "a delivery driver hits {victim} on a shift", "a courier crashes a company van"),
     {"victim": ("someone", "a cyclist", "a pedestrian", "another car", "a parked motorbike")},
     "the employer",
     "An employer is vicariously liable for torts of employees acting within the scope of employment (respondeat superior).",
     "The driver was working, on a route set by the employer, so the accident happened within the scope of employment.",
     "a frolic of the employee's own, such as a long personal detour, falls outside the scope of employment",
     "The employer is likely vicariously liable, alongside the driver's own liability in negligence."),
    (("a landlord keeps a tenant's security deposit", "a landlord withholds a deposit for {item}", "a landlord refuses to return a deposit"),
     {"item": ("damage", "normal wear and tear", "repainting", "carpet cleaning", "an unpaid utility bill")},
     "the landlord",
     "State deposit statutes require the landlord to return the deposit within a set period with an itemised list of deductions (21 days in California, Cal. Civ. Code 1950.5); "
     "normal wear and tear is not deductible, and bad-faith retention can cost up to twice the deposit in penalties.",
     "Keeping the deposit without an itemised list within the statutory period, or for ordinary wear, breaches the statute.",
     "documented damage beyond normal wear and tear justifies a deduction",
     "The landlord is likely liable for the wrongly withheld amount and may owe a statutory penalty."),
    (("a social media platform hosts a defamatory post", "a review site publishes a false review about {target}", "a forum refuses to remove a false post"),
     {"target": ("someone", "a dentist", "a restaurant", "a plumber", "a local school")},
     "the platform",
     "Under 47 U.S.C. 230(c)(1) a platform is not treated as the publisher of content provided by another user; it loses that protection only if it materially contributes to what makes the content unlawful "
     "(Fair Housing Council v. Roommates.com, 521 F.3d 1157 (9th Cir. 2008)).",
     "The post came from a user, and hosting, ranking or declining to remove it are a publisher's traditional choices.",
     "a platform that wrote or materially shaped the false statement is a content provider itself",
     "The platform is likely not liable for the user's post; the user who wrote it may be liable for defamation."),
    (("a phone battery catches fire", "a defective {product} injures a buyer", "an e-bike battery explodes while charging"),
     {"product": ("product", "pressure cooker", "space heater", "toy drone", "hair dryer")},
     "the manufacturer",
     "A seller of a product in a defective condition unreasonably dangerous to the user is strictly liable for the physical harm it causes, even with all possible care "
     "(Restatement (Second) of Torts 402A).",
     "A {product} that overheats in normal use has departed from its intended design, which is a manufacturing defect, and the maker is liable without proof of carelessness.",
     "misuse, alteration or a third-party replacement part may break the causal link",
     "The manufacturer is likely strictly liable for the injury; the retailer may be liable too as a seller."),
)
_OPEN_ASKS = ("Analyze liability when {s}.", "Analyse the liability when {s}.", "Who is liable when {s}?", "Discuss legal liability if {s}.",
              "What liability arises when {s}?", "Assess the legal exposure when {s}.", "Use IRAC to analyse liability when {s}.")
_OPEN_NEXT = ("Next steps: preserve the evidence, identify every potentially liable party, and check the governing jurisdiction's rules.",
              "Next steps: gather the documents and witness accounts, and confirm which state's law applies.",
              "Next steps: collect the records, assess damages, and check any limitation period.")
OPEN_SHARE = 0.4  # of legal_reasoning: 6.7% of the domain (the top-template cap is 10%)


def _t_open(rng, d, cat):
    phrasings, slots, party, rule, pro, con, concl = rng.choice(_OPEN_SITUATIONS)
    phrasing = rng.choice(phrasings)
    fill = {k: rng.choice(v[1:]) if "{" + k + "}" in phrasing else v[0] for k, v in slots.items()}
    situation = phrasing.format(**fill)
    prompt = rng.choice(_OPEN_ASKS).format(s=situation)
    app = pro.format(**fill)
    if d != "easy":
        app += " " + rng.choice(("However, {c}.", "On the other side, {c}.", "The main weakness: {c}.")).format(c=con.format(**fill))
    if d == "hard":
        app += " " + rng.choice(_OPEN_NEXT)
    comp = _irac(f"Whether {party} is liable when {situation}.", rule, app, concl, lead=rng.choice(NOT_ADVICE))
    return open_form(_ex(prompt, comp, cat, d, "law.irac.open"))


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
    version = "4"  # 2: refusal rows (generators/refusals.py); 3: one row in 8, not 5; 4: law.irac.open
    categories = tuple(TEMPLATES)
    refusal_category = "legal_writing"

    def example(self, category: str, rng: random.Random) -> Example:
        difficulty = rng.choice(DIFFICULTIES)
        if category == "legal_reasoning" and rng.random() < OPEN_SHARE:
            return _t_open(rng, difficulty, category)
        return rng.choice(TEMPLATES[category])(rng, difficulty, category)
