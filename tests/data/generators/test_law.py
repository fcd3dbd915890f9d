"""Law generator: IRAC structure, citations and every computable answer, recomputed independently.

The formulas below are written again from the rules they implement (UCC Article 2,
FRCP 6(a), Limitation Act 1980, the Hand formula, the EEOC four-fifths rule, the
mailbox rule ...) rather than imported from the generator.
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import re
from fractions import Fraction
from math import floor

import pytest

from ech0.data.generators import get_generator
from ech0.data.generators.contract import FINAL_ANSWER_PREFIX

N = 2400
SEED = 7

CATEGORIES = {"case_law_analysis", "statutory_interpretation", "legal_reasoning", "contract_analysis",
              "constitutional_law", "legal_writing"}

# Independent list of landmark citations (official reporters), checked against the generator's answers.
KNOWN_CITATIONS = {
    "marbury": "Marbury v. Madison, 5 U.S. 137 (1803)",
    "mcculloch": "McCulloch v. Maryland, 17 U.S. 316 (1819)",
    "gibbons": "Gibbons v. Ogden, 22 U.S. 1 (1824)",
    "plessy": "Plessy v. Ferguson, 163 U.S. 537 (1896)",
    "brown": "Brown v. Board of Education, 347 U.S. 483 (1954)",
    "miranda": "Miranda v. Arizona, 384 U.S. 436 (1966)",
    "gideon": "Gideon v. Wainwright, 372 U.S. 335 (1963)",
    "mapp": "Mapp v. Ohio, 367 U.S. 643 (1961)",
    "terry": "Terry v. Ohio, 392 U.S. 1 (1968)",
    "katz": "Katz v. United States, 389 U.S. 347 (1967)",
    "nyt": "New York Times Co. v. Sullivan, 376 U.S. 254 (1964)",
    "tinker": "Tinker v. Des Moines Independent Community School District, 393 U.S. 503 (1969)",
    "brandenburg": "Brandenburg v. Ohio, 395 U.S. 444 (1969)",
    "loving": "Loving v. Virginia, 388 U.S. 1 (1967)",
    "youngstown": "Youngstown Sheet & Tube Co. v. Sawyer, 343 U.S. 579 (1952)",
    "wickard": "Wickard v. Filburn, 317 U.S. 111 (1942)",
    "lopez": "United States v. Lopez, 514 U.S. 549 (1995)",
    "palsgraf": "Palsgraf v. Long Island Railroad Co., 248 N.Y. 339 (1928)",
    "carroll": "United States v. Carroll Towing Co., 159 F.2d 169 (2d Cir. 1947)",
    "hawkins": "Hawkins v. McGee, 84 N.H. 114 (1929)",
    "lucy": "Lucy v. Zehmer, 196 Va. 493 (1954)",
    "griggs": "Griggs v. Duke Power Co., 401 U.S. 424 (1971)",
    "intl_shoe": "International Shoe Co. v. Washington, 326 U.S. 310 (1945)",
    "erie": "Erie Railroad Co. v. Tompkins, 304 U.S. 64 (1938)",
    "yates": "Yates v. United States, 574 U.S. 528 (2015)",
    "mcboyle": "McBoyle v. United States, 283 U.S. 25 (1931)",
    "holy_trinity": "Church of the Holy Trinity v. United States, 143 U.S. 457 (1892)",
    "tva": "Tennessee Valley Authority v. Hill, 437 U.S. 153 (1978)",
    "bostock": "Bostock v. Clayton County, 590 U.S. 644 (2020)",
    "donoghue": "Donoghue v Stevenson [1932] AC 562",
    "caparo": "Caparo Industries plc v Dickman [1990] 2 AC 605",
    "carlill": "Carlill v Carbolic Smoke Ball Co [1893] 1 QB 256",
    "hadley": "Hadley v Baxendale (1854) 9 Exch 341",
    "partridge": "Partridge v Crittenden [1968] 1 WLR 1204",
    "fisher": "Fisher v Bell [1961] 1 QB 394",
    "hyde": "Hyde v Wrench (1840) 3 Beav 334",
    "adams": "Adams v Lindsell (1818) 1 B & Ald 681",
    "byrne": "Byrne & Co v Van Tienhoven & Co (1880) 5 CPD 344",
    "high_trees": "Central London Property Trust Ltd v High Trees House Ltd [1947] KB 130",
    "rylands": "Rylands v Fletcher (1868) LR 3 HL 330",
    "smith_hughes": "Smith v Hughes [1960] 1 WLR 830",
    "allen": "R v Allen (1872) LR 1 CCR 367",
    "powell": "Powell v Kempton Park Racecourse Co Ltd [1899] AC 143",
    "pepper": "Pepper v Hart [1993] AC 593",
    "barnett": "Barnett v Chelsea & Kensington Hospital Management Committee [1969] 1 QB 428",
    "wagon_mound": "Overseas Tankship (UK) Ltd v Morts Dock & Engineering Co Ltd (The Wagon Mound No 1) [1961] AC 388",
    "victoria": "Victoria Laundry (Windsor) Ltd v Newman Industries Ltd [1949] 2 KB 528",
}

# Equal protection tiers by classification (Supreme Court doctrine).
TIERS = {"race": "strict scrutiny", "national origin": "strict scrutiny", "alienage": "strict scrutiny",
         "sex": "intermediate scrutiny", "birth outside marriage": "intermediate scrutiny",
         "age": "rational basis review", "disability": "rational basis review", "wealth": "rational basis review"}
SPEECH_TESTS = {"content-based": "strict scrutiny", "content-neutral": "intermediate scrutiny",
                "incitement": "Brandenburg incitement test", "student speech": "Tinker substantial-disruption test",
                "defamation": "actual malice standard"}


@pytest.fixture(scope="module")
def rows():
    # The task rows; refusal rows are tests/data/generators/test_refusals.py's.
    return [r for r in get_generator("law").rows(N, SEED) if not r["metadata"].get("refusal")]


def _by_formula(rows):
    out = collections.defaultdict(list)
    for r in rows:
        f = r["metadata"].get("formula")
        if f:
            out[f].append(r)
    return out


def _computed(rows, formula: str, at_least: int) -> list[tuple[dict, dict]]:
    """(row, metadata.inputs) for each row whose answer `formula` computes: more than `at_least` of them,
    so that a check cannot pass on a template that has gone missing."""
    rs = _by_formula(rows)[formula]
    assert len(rs) > at_least
    return [(r, r["metadata"]["inputs"]) for r in rs]


def _money(x: int) -> str:
    return f"-${-x:,}" if x < 0 else f"${x:,}"


def _roll(d: dt.date) -> dt.date:
    while d.weekday() >= 5:   # Saturday=5, Sunday=6 -> next Monday
        d += dt.timedelta(days=1)
    return d


def test_every_completion_is_irac(rows):
    for r in rows:
        lines = r["completion"].splitlines()
        heads = [next((i for i, l in enumerate(lines) if l.startswith(h)), None)
                 for h in ("Issue: ", "Rule: ", "Application: ", "Conclusion: ")]
        assert None not in heads, r["completion"]
        assert heads == sorted(heads), "IRAC headings out of order"


def test_categories_templates_and_difficulties(rows):
    assert {r["category"] for r in rows} == CATEGORIES
    templates = collections.Counter(r["metadata"]["template"] for r in rows)
    assert len(templates) >= 20
    for cat in CATEGORIES:
        assert len({r["metadata"]["template"] for r in rows if r["category"] == cat}) >= 3
    assert {r["difficulty"] for r in rows} == {"easy", "medium", "hard"}


def test_answers_have_inputs_and_final_line(rows):
    with_answer = [r for r in rows if "answer" in r["metadata"]]
    assert len(with_answer) > N // 3
    for r in with_answer:
        assert "inputs" in r["metadata"] and r["metadata"]["formula"]
        json.dumps(r["metadata"]["inputs"])
        assert r["completion"].splitlines()[-1] == FINAL_ANSWER_PREFIX + r["metadata"]["answer"]


def test_citations_match_independent_table(rows):
    by = _by_formula(rows)
    checked = by["citation_lookup"] + by["citation_format"]
    assert len(checked) > 50
    for r in checked:
        assert r["metadata"]["answer"] == KNOWN_CITATIONS[r["metadata"]["inputs"]["case"]]
    # and every US reporter citation of a known case anywhere in the text is the correct one
    patterns = []
    for cite in KNOWN_CITATIONS.values():
        name, tail = cite.rsplit(", ", 1) if " U.S. " in cite or "N." in cite or "F.2d" in cite or "Va." in cite else (None, None)
        if name:
            patterns.append((re.compile(re.escape(name) + r", (\d+ [A-Z][A-Za-z0-9.]*(?: [A-Z][A-Za-z0-9.]*)? \d+ \([^)]*\d{4}\))"), tail))
    found = 0
    for r in rows:
        text = r["prompt"] + "\n" + r["completion"]
        for pat, tail in patterns:
            for got in pat.findall(text):
                assert got == tail, (got, tail)
                found += 1
    assert found > 100


def test_fact_table_matches_known_citations():
    from ech0.data.generators.law.generator import CITATIONS
    assert CITATIONS == KNOWN_CITATIONS
    assert CITATIONS["brown"].endswith("347 U.S. 483 (1954)")
    assert CITATIONS["hadley"] == "Hadley v Baxendale (1854) 9 Exch 341"


def test_deadline_days(rows):
    for r, i in _computed(rows, "date_plus_days_roll_weekend", 30):
        due = _roll(dt.date.fromisoformat(i["trigger"]) + dt.timedelta(days=i["days"]))
        assert r["metadata"]["answer"] == due.isoformat()
        assert due.weekday() < 5
        if "motion" in i:  # the Rule 59 motion must itself be timely (28 days)
            assert (dt.date.fromisoformat(i["motion"]) - dt.date.fromisoformat(i["judgment"])).days <= 28


def test_limitation_years(rows):
    for r, i in _computed(rows, "date_plus_years", 30):
        s = dt.date.fromisoformat(i["start"])
        y = s.year + i["years"]
        day = 28 if (s.month, s.day) == (2, 29) and not (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else s.day
        assert r["metadata"]["answer"] == dt.date(y, s.month, day).isoformat()
        assert i["years"] in (1, 2, 3, 4, 6, 12)


def test_hand_formula(rows):
    for r, i in _computed(rows, "hand_b_lt_pl", 30):
        pl = Fraction(i["probability_pct"], 100) * i["loss"]
        assert r["metadata"]["answer"] == ("breach" if i["burden_per_year"] < pl else "no breach")


def test_comparative_fault(rows):
    for r, i in _computed(rows, "comparative_fault", 30):
        f, total = i["plaintiff_fault_pct"], sum(i["damages"])
        barred = {"pure comparative negligence": False,
                  "modified comparative negligence (50% bar)": f >= 50,
                  "modified comparative negligence (51% bar)": f >= 51,
                  "contributory negligence": f > 0}[i["regime"]]
        expected = 0 if barred else total - total * f // 100
        assert r["metadata"]["answer"] == _money(expected)


def test_four_fifths(rows):
    for r, i in _computed(rows, "four_fifths_min_ratio", 30):
        rates = [Fraction(s, a) for _, a, s in i["groups"]]
        hi = max(rates)
        lowest = min(rates[:rates.index(hi)] + rates[rates.index(hi) + 1:])
        h = floor(lowest / hi * 100 + Fraction(1, 2))   # exact, half up
        assert r["metadata"]["answer"] == f"{h // 100}.{h % 100:02d}"
        flagged = "below 0.80" in r["completion"]
        assert flagged == (lowest / hi < Fraction(4, 5))


def test_offer_acceptance_timeline(rows):
    for r, i in _computed(rows, "offer_acceptance_timeline", 30):
        acc = i["acceptance_posted"]
        formed = True
        if i["counter_day"] is not None and not i["counter_is_info_request"] and i["counter_day"] < acc:
            formed = False                                       # Hyde v Wrench
        if acc > i["expiry"]:
            formed = False                                       # lapse
        if i["revocation_received"] is not None and i["revocation_received"] < acc:
            formed = False                                       # Byrne: revocation on receipt
        assert r["metadata"]["answer"] == ("contract formed" if formed else "no contract")


def test_ucc_damages(rows):
    for r, i in _computed(rows, "ucc_buyer_damages", 20):
        total = ((i["cover_or_market_price"] - i["contract_price"]) * i["quantity"] + i["incidental"]
                 + (i["consequential"] if i["seller_knew"] else 0) - i["expenses_saved"])
        assert r["metadata"]["answer"] == _money(total)
    for r, i in _computed(rows, "ucc_seller_damages", 20):
        total = (i["contract_price"] - i["resale_or_market_price"]) * i["quantity"] + i["incidental"] - i["expenses_saved"]
        assert r["metadata"]["answer"] == _money(total)


def test_construction_expectation(rows):
    for r, i in _computed(rows, "contract_price_minus_paid_minus_saved", 20):
        loss = i["price"] - i["paid"] - i["cost_avoided"] - i["salvage"]
        assert loss > 0
        assert r["metadata"]["answer"] == _money(loss)


def test_late_interest(rows):
    for r, i in _computed(rows, "simple_interest_365", 20):
        paid = dt.date.fromisoformat(i["paid_on"])
        total = 0
        for amt, due in i["invoices"]:
            days = (paid - dt.date.fromisoformat(due)).days
            cents = Fraction(amt) * 100 * Fraction(str(i["rate_pct"])) / 100 * days / 365
            total += floor(cents + Fraction(1, 2))
        assert r["metadata"]["answer"] == f"${total // 100:,}.{total % 100:02d}"


def test_constitutional_classifications(rows):
    by = _by_formula(rows)
    for r in by["equal_protection_tier"]:
        i = r["metadata"]["inputs"]
        expected = "rational basis review" if i["facially_neutral"] else TIERS[i["classification"]]
        assert r["metadata"]["answer"] == expected
    for r in by["speech_test"]:
        assert r["metadata"]["answer"] == SPEECH_TESTS[r["metadata"]["inputs"]["kind"]]
    for r in by["miranda_admissibility"]:
        i = r["metadata"]["inputs"]
        custodial = i["custody"] and i["interrogation"]
        ok = (not custodial) or i["public_safety"] or (i["warned"] and i["waived"])
        assert r["metadata"]["answer"] == ("admissible" if ok else "suppressed")


def test_demand_letter_totals(rows):
    for r, i in _computed(rows, "sum_items_less_credit", 20):
        kept = [a for k, a in enumerate(i["items"]) if k != i["excluded_index"]]
        assert r["metadata"]["answer"] == _money(sum(kept) - i["credit"])


def test_text_has_no_pii_lookalikes(rows):
    bad = re.compile(r"\b\d{3}[-. ]\d{3}[-. ]\d{4}\b|\b\d{1,3}(\.\d{1,3}){3}\b|\d{13,}|@|\b\d{3}-\d{2}-\d{4}\b"
                     r"|password\s*[=:]|api_key|secret\s*[:=]")
    for r in rows:
        assert not bad.search(r["prompt"] + r["completion"]), r["prompt"][:200]


def test_open_liability_asks(rows):
    # The guide's "Analyze liability when AI hiring system discriminates": a
    # one-line situation, answered in IRAC with an authority in the rule, with
    # no figures to compute.
    from ech0.data.generators.law.generator import _OPEN_SITUATIONS
    open_rows = [r for r in rows if r["metadata"]["template"] == "law.irac.open"]
    assert len(open_rows) > 60
    issues = set()
    for r in open_rows:
        assert "\n" not in r["prompt"] and not re.search(r"\d", r["prompt"])
        assert "answer" not in r["metadata"] and FINAL_ANSWER_PREFIX not in r["completion"]
        issue = re.search(r"^Issue: Whether (.+) is liable when (.+)\.$", r["completion"], re.M)
        assert issue and issue.group(2) in r["prompt"]
        assert re.search(r"^Rule: .*(\d|respondeat superior)", r["completion"], re.M), "the rule names its authority"
        issues.add(issue.group(1))
    assert len({r["prompt"] for r in open_rows}) > 40
    assert len(issues) >= 6 and len(_OPEN_SITUATIONS) >= 10
