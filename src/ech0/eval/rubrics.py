"""Per-domain scoring rubrics for model completions on eval rows.

The eval stage generates a completion for each held-out prompt and scores it
here, by domain, against what the generators promise about their own output
(see src/ech0/data/generators/*.py): `Final answer: ...` lines that match
`metadata.answer`, IRAC headings in law, `Predicted outcome:` / `Probability:`
in court_prediction, the exact disclaimers in stock and crypto, Big-O and the
design element the prompt asked for in advanced_software, and cheap novelty /
coherence proxies for creativity. A domain with no rubric of its own (imported
data, a custom generator) gets the generic one: the answer stops, is on topic,
does not loop and overlaps the reference.

Everything here is a pure function of strings and plain values: no I/O, no
torch, no model. `rubric()` returns named boolean checks for one row and
`rubric_score()` turns them into the fraction passed, so a domain's score is
the mean over its rows. The generators' own reference completions pass every
check (tests/eval/test_rubrics.py asserts it on seed 0), so a model that writes
like them scores 1.0.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ech0.data.generators.base import CRYPTO_DISCLAIMER, FINAL_ANSWER_PREFIX, STOCK_DISCLAIMER

__all__ = [
    "normalise_answer", "extract_final_answer", "exact_match", "token_f1", "distinct_n",
    "repetition_rate", "prompt_relevance", "rubric", "rubric_score", "declines", "generic_checks",
    "DOMAIN_CHECKS", "DISTINCT_2_MIN", "REPETITION_3_MAX", "RELEVANCE_MIN", "REFERENCE_F1_MIN", "NUMERIC_REL_TOL",
]

# --- answers -----------------------------------------------------------------

# A float answer (a value computed by the caller, whose repr digits state no
# precision) matches within one part in a million: float round-off such as
# 0.1 + 0.2 = 0.30000000000000004 is 1.5e-16 off. Text answers, which is
# what the generators write, are judged at their printed precision instead:
# a value that rounds to them counts ("2.9474" for "2.95"), a different last
# digit does not, even when a flat 1e-6 would allow it (ai_ml's Adam step
# prints 1.377352; 1.377353 is 7e-7 off, and wrong). Integer text answers
# (parameter counts, nodes, whole dollars) must match exactly.
NUMERIC_REL_TOL = 1e-6

# "Final answer: X", also as a model tends to decorate it: "**Final answer:** X",
# "## Final Answer: X", "- final answer - X". The generators write the plain form.
_FINAL_RE = re.compile(
    r"^[ \t>*#_\-]*" + re.escape(FINAL_ANSWER_PREFIX.strip().rstrip(":")) + r"[ \t*_]*[:\-][ \t*_]*(?P<ans>.*)$",
    re.IGNORECASE | re.MULTILINE,
)
_BOXED_RE = re.compile(r"\\boxed\{(.*)\}")
_EMPHASIS_RE = re.compile(r"[*`]+")
_TRAILING_PUNCT = ".,;:!?"
_QUOTES = "\"'\u201c\u201d\u2018\u2019"

# A number as a token: not glued to a word or another number on either side, so
# dates (2024-02-15), versions and identifiers (P2, n^2) pass through untouched.
_NUMBER_RE = re.compile(
    r"(?<![\w.])(?P<mant>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|\d+)(?:e(?P<exp>[-+]?\d+))?(?!\w|\.\d)"
)
# A whole answer that is one quantity: optional currency and sign, a number,
# an optional exponent, then an optional unit that starts with a letter or %
# ("4.0990 ohm", "-$0.13", "4.45e-15 m^2/s", "68.7%", "$3,384").
_QUANTITY_RE = re.compile(
    r"^(?P<cur1>[$\u20ac\u00a3]?)(?P<sign>[-+]?)(?P<cur2>[$\u20ac\u00a3]?)"
    r"(?P<mant>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?:e(?P<exp>[-+]?\d+))?"
    r"\s*(?P<unit>(?:%|[a-z\u00b5\u00b0][\w^/*.\-\u00b5\u00b0 ]*)?)$"
)
# Items of a list answer ("Rosa: knave, Hana: knave", "$65,730; pursue"). The
# separator needs a space after a comma so "1,853" stays one number.
_ITEM_SPLIT_RE = re.compile(r"\s*;\s*|\s*,\s+")


def _unwrap(text: str) -> str:
    """Strip decoration that is not part of the answer: \\boxed{}, markdown, quotes."""
    text = text.strip()
    boxed = _BOXED_RE.search(text)
    if boxed:
        text = boxed.group(1)
    text = _EMPHASIS_RE.sub("", text).strip()
    if len(text) >= 2 and text[0] in _QUOTES and text[-1] in _QUOTES:
        text = text[1:-1].strip()
    return text


def _clean(text: str) -> str:
    """Unwrapped, casefolded, whitespace collapsed, trailing punctuation gone; numbers untouched."""
    text = " ".join(_unwrap(text).replace("\u2212", "-").casefold().split())
    return text.rstrip(_TRAILING_PUNCT + " ").strip(_QUOTES + " ")


def _normalise_number(m: re.Match) -> str:
    mant = m.group("mant").replace(",", "")
    if "." in mant:
        mant = mant.rstrip("0").rstrip(".") or "0"
    exp = m.group("exp")
    return mant if exp is None else f"{mant}e{int(exp)}"


def normalise_answer(text: str) -> str:
    """Canonical text for exact match.

    Strips markdown/quotes/\\boxed{}, casefolds, collapses whitespace, drops
    trailing punctuation, and writes numbers one way: thousands separators
    removed and trailing decimal zeros dropped ("1,234.50" -> "1234.5",
    "45.60" -> "45.6", "1.8e+08" -> "1.8e8"). Integers keep leading zeros so
    dates such as 2024-02-05 are unchanged.
    """
    return _NUMBER_RE.sub(_normalise_number, _clean(str(text)))


def extract_final_answer(completion: str) -> str | None:
    """The text after the last `Final answer:` line, or None when there is none.

    The generators end a computable completion with `Final answer: X` (stock and
    crypto open with their disclaimer), so the last such line is the answer.
    When the marker stands alone, the next non-empty line is taken.
    """
    if not completion:
        return None
    matches = list(_FINAL_RE.finditer(completion))
    if not matches:
        return None
    last = matches[-1]
    ans = _unwrap(last.group("ans"))
    if not ans:
        rest = completion[last.end():].strip().splitlines()
        ans = _unwrap(rest[0]) if rest else ""
    return ans or None


def _last_line(text: str) -> str:
    lines = [ln for ln in (text or "").splitlines() if ln.strip()]
    return lines[-1] if lines else ""


def _quantity(text: str) -> tuple[Decimal, Decimal, str, bool] | None:
    """(value, half a unit in the last printed digit, unit, rounded?) for a one-quantity answer."""
    m = _QUANTITY_RE.match(_clean(text))
    if not m:
        return None
    mant = m.group("mant").replace(",", "")
    decimals = len(mant.split(".")[1]) if "." in mant else 0
    exp = int(m.group("exp") or 0)
    value = Decimal(mant).scaleb(exp)
    if m.group("sign") == "-":
        value = -value
    unit = (m.group("cur1") or m.group("cur2") or "") + m.group("unit").replace(" ", "")
    half_ulp = Decimal(5).scaleb(exp - decimals - 1)
    # Printed with decimals or an exponent ("2.95", "2e+08"): a rounded value.
    # Otherwise an integer, which is compared exactly.
    rounded = decimals > 0 or m.group("exp") is not None
    return value, half_ulp, unit.replace("\u00b5", "u"), rounded


def _numbers_equal(pred: tuple, ref: tuple, float_ref: bool) -> bool:
    (p, _, pu, _), (r, r_half, ru, r_rounded) = pred, ref
    if pu and ru and pu != ru:
        return False  # "5 mm" is not "5 m"
    # A unit missing on one side does not make the value wrong (units_match
    # checks units where they matter); 68.7% may be written 0.687 or 68.7.
    pairs = [(p, r, r_half)]
    if ru == "%" and not pu:
        pairs.append((p, r / 100, r_half / 100))
    if pu == "%" and not ru:
        pairs.append((p / 100, r, r_half))
    tol = Decimal(str(NUMERIC_REL_TOL))
    for pv, rv, half in pairs:
        if pv == rv or (float_ref and abs(pv - rv) <= tol * abs(rv)):
            return True
        # Rounds to a reference printed with decimals or an exponent; 44.6 is
        # not "45 nodes".
        if r_rounded and abs(pv - rv) <= half:
            return True
    return False


def _equivalent(pred: str, ref: str, float_ref: bool = False) -> bool:
    if normalise_answer(pred) == normalise_answer(ref):
        return True
    qp, qr = _quantity(pred), _quantity(ref)
    if qp and qr:
        return _numbers_equal(qp, qr, float_ref)
    p_items, r_items = _ITEM_SPLIT_RE.split(_clean(pred)), _ITEM_SPLIT_RE.split(_clean(ref))
    if len(r_items) > 1 and len(p_items) == len(r_items):
        return all(_equivalent(p, r, float_ref) for p, r in zip(p_items, r_items))
    return False


def _answer_text(answer) -> str | None:
    if answer is None:
        return None
    if isinstance(answer, bool):
        return "yes" if answer else "no"
    if isinstance(answer, (list, tuple)):
        return ", ".join(str(a) for a in answer)
    if isinstance(answer, float):
        return repr(answer)
    return str(answer)


def exact_match(completion: str, answer) -> bool:
    """The completion's final answer (or, lacking one, its last line) equals `answer`.

    Compared after normalise_answer(); numbers (same unit, a unit on one side
    only, or % against a bare fraction) are equal when the prediction rounds to
    a text answer printed with decimals, exactly for integer text answers, and
    within NUMERIC_REL_TOL (relative) for float answers. List answers (a list,
    or "a, b" / "a; b" text) compare item by item, in order.
    """
    ref = _answer_text(answer)
    if ref is None or not completion:
        return False
    pred = extract_final_answer(completion)
    if pred is None:
        pred = _last_line(completion)
    items = answer if isinstance(answer, (list, tuple)) else [answer]
    return _equivalent(pred, ref, float_ref=any(isinstance(a, float) for a in items))


# --- text statistics ------------------------------------------------------------

_PUNCT_RE = re.compile(r"[^\w\s]|_")
_ARTICLES_RE = re.compile(r"\b(a|an|the)\b")


def _squad_tokens(text: str) -> list[str]:
    """SQuAD v1.1 normalisation: lowercase, punctuation and articles removed, whitespace split."""
    text = _PUNCT_RE.sub("", (text or "").lower())
    return _ARTICLES_RE.sub(" ", text).split()


def _words(text: str) -> list[str]:
    """Lowercased words; punctuation separates words ("and/or" -> "and", "or")."""
    return _PUNCT_RE.sub(" ", (text or "").lower()).split()


def token_f1(prediction: str, reference: str) -> float:
    """SQuAD-style token F1 in [0, 1]; both empty -> 1.0, exactly one empty -> 0.0."""
    p, r = _squad_tokens(prediction), _squad_tokens(reference)
    if not p and not r:
        return 1.0
    if not p or not r:
        return 0.0
    counts: dict[str, int] = {}
    for t in r:
        counts[t] = counts.get(t, 0) + 1
    common = 0
    for t in p:
        if counts.get(t, 0) > 0:
            counts[t] -= 1
            common += 1
    if common == 0:
        return 0.0
    precision, recall = common / len(p), common / len(r)
    return 2 * precision * recall / (precision + recall)


def _ngrams(text: str, n: int) -> list[tuple[str, ...]]:
    if n < 1:
        raise ValueError(f"n must be >= 1, got {n}")
    w = _words(text)
    return [tuple(w[i:i + n]) for i in range(len(w) - n + 1)]


def distinct_n(text: str, n: int) -> float:
    """Distinct n-grams / all n-grams (Li et al. 2016); 0.0 when the text has no n-gram."""
    grams = _ngrams(text, n)
    return len(set(grams)) / len(grams) if grams else 0.0


def repetition_rate(text: str, n: int = 3) -> float:
    """Share of n-grams that repeat an earlier n-gram of the same text; 0.0 when there is none."""
    grams = _ngrams(text, n)
    return (len(grams) - len(set(grams))) / len(grams) if grams else 0.0


# English function words plus the instruction verbs and filler that prompts
# use to ask for something ("write", "give", "please") but that say nothing
# about the topic, so they never count as overlap.
_STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below between
both but by can could did do does doing down during each either else etc even ever every few for from further
get got had has have having he her here hers herself him himself his how however i if in into is it its itself
just let like may me might more most much must my myself no nor not now of off on once one only or other ought
our ours ourselves out over own per please rather same shall she should so some such than that the their theirs
them themselves then there these they this those through thus to too under until up upon us use used using very
via was we were what when where whether which while who whom whose why will with within without would yet you
your yours yourself yourselves
answer briefly brief compose concise create describe draft explain give include keep list make name provide
short show state step steps tell two three four five six seven eight nine ten write
""".split())


def _stem(word: str) -> str:
    """Crude plural folding so "networks" meets "network" and "stories" meets "story"."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _content_words(text: str) -> set[str]:
    # Words of 3+ letters that are not stopwords or bare numbers.
    return {_stem(w) for w in _words(text) if len(w) >= 3 and not w.isdigit() and w not in _STOPWORDS}


def prompt_relevance(prompt: str, completion: str) -> float:
    """Share of the prompt's content words that the completion uses, in [0, 1].

    Content words are lowercased words of 3+ characters, not stopwords (which
    include instruction verbs such as "write"), not numbers, plurals folded.
    0.0 when either side has no content word.
    """
    p, c = _content_words(prompt), _content_words(completion)
    return len(p & c) / len(p) if p and c else 0.0


# --- per-domain checks ------------------------------------------------------------

# Creativity thresholds, measured on the creativity generator's reference
# completions (seeds 0-5 x 1,200 rows): distinct-2 has minimum 0.56, median
# 0.96; repetition_rate(3) has median 0.0 and maximum 0.29 (free verse that
# reuses "X at the edges, lamp amber in the middle", blend analyses restating
# their mappings; 12 of 7,200 exceed 0.2), so 0.3 passes every reference. Text
# stuck in a loop ("the sea the sea the sea ...") scores 0.5 / 0.44 and worse
# as the loop grows.
DISTINCT_2_MIN = 0.5
REPETITION_3_MAX = 0.3
# How-Might-We questions must all begin "How might we"; that stem alone puts
# up to 31% of a list's trigrams on repeat (0.24 at most without it), so it is
# left out before measuring.
_HMW_RE = re.compile(r"\bhow might we\b", re.I)
# Relevance: 1 in 10 of the prompt's content words must recur. Given the
# completion of another row (seed 0, 1,200 creativity prompts), that passes
# 0.3-8% of the time per source domain (4.5% for another creativity row),
# where "any shared word" would pass up to 25%. Poems and lists often name
# none of the prompt's words (70% of free-verse references share under 5%: a
# "busy kitchen" poem is about kettles and bread), so for them the requested
# form (metadata.form, see generators/creativity/) is the evidence of
# answering this prompt.
RELEVANCE_MIN = 0.1


def _squash(text: str) -> str:
    """Casefolded, markdown emphasis removed, whitespace collapsed: for phrase search."""
    return " ".join(re.sub(r"[*_`]+", "", text or "").casefold().split())


def _contains(haystack: str, needle: str) -> bool:
    """The phrase occurs as whole words ("age" is not found in "percentage")."""
    phrase = _squash(needle)
    return bool(phrase) and re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", _squash(haystack)) is not None


def _words_contain(haystack: str, needle: str) -> bool:
    """`_contains` on words alone: punctuation is ignored ("only; not financial
    advice" is the disclaimer), the wording is not."""
    words = lambda text: re.sub(r"[^\w\s]+", " ", text or "")  # noqa: E731
    return _contains(words(haystack), words(needle))


def _in_order(text: str, phrases) -> bool:
    """Every phrase occurs (case-insensitively), each after the previous one."""
    hay, pos = _squash(text), 0
    for p in phrases:
        i = hay.find(_squash(p), pos)
        if i < 0:
            return False
        pos = i + 1
    return True


_LIST_ITEM_RE = re.compile(r"^[ \t]*(?:\d+[.)]|[-*\u2022])[ \t]+\S", re.M)
_NUMBERED_RE = re.compile(r"^[ \t]*\d+[.)][ \t]+\S", re.M)
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}


def _blocks(text: str) -> list[list[str]]:
    """Blank-line separated blocks, as lists of their non-empty lines."""
    return [[ln for ln in b.splitlines() if ln.strip()] for b in re.split(r"\n[ \t]*\n", text or "") if b.strip()]


def _follows_form(completion: str, form: dict) -> bool:
    """The completion has the shape recorded in a creativity row's metadata.form.

    Deliberately lenient (a model may add a title or a closing line): counts
    are minimums and labels are searched for, not parsed. Unknown kinds fail,
    so they fall back to lexical relevance alone.
    """
    kind = form.get("kind")
    text = completion or ""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    per_stanza = {"stanzas": form.get("lines_per_stanza"), "limerick": 5, "haiku": 3, "cinquain": 5}
    if kind == "acrostic":
        word = str(form.get("word", "")).upper()
        return bool(word) and any(
            "".join(re.sub(r"^[^A-Za-z]+", "", ln)[:1] for ln in b).upper().startswith(word) for b in _blocks(text))
    if kind in per_stanza:
        size = per_stanza[kind]
        return size is not None and sum(len(b) == size for b in _blocks(text)) >= int(form.get("stanzas", 1))
    if kind in ("numbered_list", "six_word"):
        return len(_NUMBERED_RE.findall(text)) >= int(form.get("items", 1))
    if kind == "hmw":
        return len(_HMW_RE.findall(text)) >= int(form.get("items", 1))
    if kind == "dialogue":
        speakers = [s.casefold() for s in form.get("speakers", ())]
        said = [ln.split(":", 1)[0].strip("*_ ").casefold() for ln in lines if ":" in ln]
        turns = sum(s in speakers for s in said)
        return bool(speakers) and set(speakers) <= set(said) and turns >= int(form.get("lines", 2))
    labels = {"scamper": "letters", "stages": "stages", "six_hats": "hats", "story_spine": "starts",
              "headings": "headings"}
    if kind in labels:
        wanted = [str(x) for x in form.get(labels[kind], ())]
        return bool(wanted) and _in_order(text, wanted)
    if kind == "sections":
        return bool(form.get("sections")) and _in_order(text, list(form["sections"]))
    if kind in ("palette", "constraints", "bullets_after"):
        n = int(form.get({"palette": "colors", "constraints": "constraints"}.get(kind, "items"), 1))
        return len(_LIST_ITEM_RE.findall(text)) >= n
    if kind == "sentences":
        return all(re.search(rf"\b{re.escape(w)}\b", text, re.I) for w in form.get("required_words", ())) and \
            len(re.findall(r"[.!?](?:\s|$)", text)) >= int(form.get("sentences", 1))
    return False


# Law: IRAC headings at the start of a line, optionally decorated ("## Issue",
# "**Rule:**"). "Analysis" is accepted for Application, the common variant.
_IRAC = (("issue",), ("rule",), ("application", "analysis"), ("conclusion",))


def _irac_present(completion: str) -> bool:
    positions = []
    for names in _IRAC:
        alt = "|".join(names)
        m = re.search(rf"^[ \t>#*_\-]*(?:{alt})s?[ \t*_]*(?::|$)", completion or "", re.IGNORECASE | re.MULTILINE)
        if not m:
            return False
        positions.append(m.start())
    return positions == sorted(positions)  # IRAC is an order, not just four words


# Court prediction: a labelled outcome, and a probability on a line that says so.
_OUTCOME_RE = re.compile(r"^[ \t>#*_\-]*(?:predicted\s+)?(?:outcome|prediction)[ \t*_]*:[ \t*_]*\w", re.I | re.M)
_PROB_LINE_RE = re.compile(r"^[^\n]*\b(?:probability|likelihood|chance)\b[^\n]*$", re.I | re.M)
_PERCENT_RE = re.compile(r"(?<![\w.])(\d{1,3}(?:\.\d+)?)\s*%")
_UNIT_INTERVAL_RE = re.compile(r"(?<![\w.])(?:0?\.\d+|[01](?:\.0+)?)(?![\w.%])")


def _probability_given(completion: str) -> bool:
    """A line naming a probability carries a percentage in [0, 100] or a value in [0, 1]."""
    for m in _PROB_LINE_RE.finditer(completion or ""):
        line = m.group(0)
        if any(float(p) <= 100 for p in _PERCENT_RE.findall(line)) or _UNIT_INTERVAL_RE.search(line):
            return True
    return False


# Advanced software: Big-O (or Theta/Omega) notation with balanced parentheses.
_BIG_O_RE = re.compile(r"(?:\b[O\u0398\u03a9]|\bTheta|\bOmega)\s*\((?:[^()]|\([^()]*\))+\)")
# What a prompt asks for. Every advanced_software prompt that asks for a
# complexity uses one of these words (complexity lookups, the master theorem,
# refactors); pattern prompts say "design pattern" or "name the pattern"
# (a bare "pattern" also appears in "KMP ... pattern m").
_ASKS_COMPLEXITY = re.compile(r"big-?o|complexity|running time|asymptotic|master theorem", re.I)
_ASKS_PATTERN = re.compile(r"design pattern|\bname the pattern\b", re.I)
_ASKS_PRINCIPLE = re.compile(r"\bSOLID\b|\bprinciple\b")
_ASKS_FIX = re.compile(r"\bhow would you fix\b|\bfix it\b", re.I)
# The 23 GoF patterns (Gamma et al. 1994): naming any of them is a design
# answer; whether it is the right one is final_answer_correct's job.
_GOF = ("abstract factory", "builder", "factory method", "prototype", "singleton", "adapter", "bridge",
        "composite", "decorator", "facade", "flyweight", "proxy", "chain of responsibility", "command",
        "interpreter", "iterator", "mediator", "memento", "observer", "state", "strategy",
        "template method", "visitor")
_GOF_RE = re.compile(r"\b(?:" + "|".join(p.replace(" ", r"\s+") for p in _GOF) + r")\b", re.I)
_SOLID_RE = re.compile(
    r"single[\s-]+responsibility|open[\s/-]*closed|liskov|interface\s+segregation|dependency\s+inversion"
    r"|\b(?:SRP|OCP|LSP|ISP|DIP)\b", re.I)
_FIX_RE = re.compile(r"\b(?:fix|refactor|instead|replace|split|introduce|inject)", re.I)

# Working shown: an equation ("x = ...", "a -> b") on a line other than the final answer.
_EQUATION_RE = re.compile(r"\S\s*(?:=|->|\u2192)\s*\S")

# prompt_engineering: which metadata.slots a completion must carry when the
# prompt names them (generators/prompt_engineering/; the generator's tests
# check the same containment). Keyed by the template's last part; a template
# not listed uses _PE_DEFAULT_KEYS. A pipeline's audience and a hardening
# row's app are in the prompt but are context, not something to repeat.
_PE_DEFAULT_KEYS = ("role", "audience", "format", "constraints", "criteria", "fields", "sections", "shots",
                    "labels", "query")
_PE_KEYS = {
    "rewrite_weak": ("role", "audience", "format", "constraints", "criteria"),
    "add_constraints": ("role", "audience", "format", "constraints", "criteria"),
    "structured_output": ("fields",),
    "build_prompt": ("labels", "query"),
    "fix_format": ("shots",),
    "prompt_generator": ("sections", "audience"),
    "pipeline": (),
    "harden_system_prompt": (),
    "jailbreak_pattern": (),
}


# Templates whose prompt fixes a number of list items: "a 3-step prompt
# chain", "4 chained sub-prompts", "Give 4 concrete defences", "List 5 mitigations".
_PE_COUNTED = {"pipeline": r"(?:steps?|(?:sub-?)?prompts?)\b",
               "harden_system_prompt": r"(?:defen[cs]es?|mitigations?)\b"}


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    return []


def _requested_slots(prompt: str, metadata: dict) -> list[str]:
    slots = metadata.get("slots")
    if not isinstance(slots, dict):
        return []
    template = str(metadata.get("template", "")).rsplit(".", 1)[-1]
    keys = _PE_KEYS.get(template, _PE_DEFAULT_KEYS)
    return [s for k in keys for s in _strings(slots.get(k)) if len(s) >= 3 and _contains(prompt, s)]


def _working_shown(completion: str) -> bool:
    return any(_EQUATION_RE.search(ln) for ln in (completion or "").splitlines() if not _FINAL_RE.match(ln))


def _units_check(completion: str, answer) -> dict[str, bool]:
    """{"units_match": ...} when the reference is one quantity with a physical unit, else {}."""
    ref = _answer_text(answer)
    q = _quantity(ref) if ref else None
    if not q or q[2] in ("", "%"):  # dimensionless or percent: the value check covers it
        return {}
    pred = extract_final_answer(completion or "")
    qp = _quantity(pred) if pred else None
    return {"units_match": bool(qp) and qp[2] == q[2]}


def _requested_count(prompt: str, noun: str) -> int | None:
    """N in "Give 4 concrete defences", "(3 risks)", "a 3-step chain", "two consequences"."""
    words = "|".join(_NUMBER_WORDS)
    m = re.search(rf"\b(\d+|{words})[\s-]+(?:[a-z]+\s+)?{noun}", prompt or "", re.I)
    if not m:
        return None
    word = m.group(1).lower()
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def _count_check(prompt: str, completion: str, noun: str) -> dict[str, bool]:
    n = _requested_count(prompt, noun)
    return {} if n is None else {"requested_items_listed": len(_LIST_ITEM_RE.findall(completion)) >= n}


# Token F1 against the reference, for domains with no rubric of their own.
# Measured answer by answer on two default runs' 60 eval rows (the committed one
# and a re-run): at 0.15 the fine-tune passes 44 and 48 of 60, SmolLM2 as shipped
# 5 and 8. 0.12 passes 53-55 against 13-16 and 0.2 passes 27-31 against 1-3;
# the gap between the two is 0.65-0.67 at 0.12 and 0.15 and 0.40-0.50 at 0.2,
# and of those two 0.15 lets fewer generic answers through. The reference
# itself scores 1.0. F1 cannot tell a right answer from the answer to another
# question in the same template: a row's reference scored against another row
# of its domain has median F1 0.15 over the ten built-in generators and
# examples/my_generators.py, and 0.2-0.5 in the templated ones (court_prediction,
# stock, crypto, unit_conversion). on_topic is the check that catches those
# (7-48% of them pass it, per domain), and exact_match is reported beside it.
REFERENCE_F1_MIN = 0.15


def generic_checks(prompt: str, completion: str, reference: str, stopped: bool) -> dict[str, bool]:
    """For a domain with no rubric (imported data, a custom generator): stops by
    itself, on topic, not looping, and close enough to the reference answer."""
    return {"stopped": bool(stopped), **_fallback_checks(prompt, completion),
            "reference_overlap": token_f1(completion, reference) >= REFERENCE_F1_MIN}


def _fallback_checks(prompt: str, completion: str) -> dict[str, bool]:
    """For rows of a known domain with nothing more specific to check: on topic, not looping."""
    return {"on_topic": prompt_relevance(prompt, completion) >= RELEVANCE_MIN,
            "not_repetitive": bool(completion.strip()) and repetition_rate(completion, 3) <= REPETITION_3_MAX}


_FINAL_LINE_RE = re.compile(r"^Final answer:[ \t]*\S", re.MULTILINE)


def _final_line(completion: str) -> bool:
    """The domain format's `Final answer: ...` line is there, right or wrong: the
    part of an exact-answer row a 135M model can learn, scored apart from the
    arithmetic it mostly cannot (SmolLM2 as shipped writes it in 0 of 6 rows)."""
    return _FINAL_LINE_RE.search(completion) is not None


def _answer_checks(completion: str, metadata: dict, working: bool) -> dict[str, bool]:
    """final_answer_correct, units_match (answers with a unit) and optionally working_shown."""
    if metadata.get("answer") is None:
        return {}
    answer = metadata["answer"]
    checks = {"final_answer_correct": exact_match(completion, answer), "final_answer_given": _final_line(completion),
              **_units_check(completion, answer)}
    if working:
        checks["working_shown"] = _working_shown(completion)
    return checks


def _reasoning(prompt: str, completion: str, metadata: dict) -> dict[str, bool]:
    if metadata.get("answer") is not None:
        return {"final_answer_correct": exact_match(completion, metadata["answer"]),
                "final_answer_given": _final_line(completion)}
    # Explanatory rows (generators/reasoning/): the confounder to name, the
    # parts an analogy must "Cover: ...", the number of consequences to give.
    checks: dict[str, bool] = {}
    if metadata.get("confounder"):
        checks["confounder_named"] = _contains(completion, str(metadata["confounder"]))
    cover = re.search(r"\bCover:\s*([^.\n]+)", prompt)
    if cover:
        terms = [t for t in re.split(r",\s*|\s+and\s+", cover.group(1)) if t.strip()]
        checks["requested_elements_present"] = all(_contains(completion, t) for t in terms)
    checks.update(_count_check(prompt, completion, "consequences?"))
    if re.search(r"what stays the same", prompt, re.I):
        unchanged = re.search(r"\b(?:same|unchanged|unaffected|not affected)\b", completion, re.I)
        checks["unchanged_stated"] = unchanged is not None
    return checks


def _creativity(prompt: str, completion: str, metadata: dict) -> dict[str, bool]:
    form = metadata.get("form") if isinstance(metadata.get("form"), dict) else {}
    measured = _HMW_RE.sub(" ", completion) if form.get("kind") == "hmw" else completion
    on_topic = prompt_relevance(prompt, completion) >= RELEVANCE_MIN or (bool(form) and _follows_form(completion, form))
    checks = {"diverse_bigrams": distinct_n(completion, 2) >= DISTINCT_2_MIN,
              "not_repetitive": bool(completion.strip()) and repetition_rate(measured, 3) <= REPETITION_3_MAX,
              "on_topic": on_topic}
    if form:
        # The asked-for shape (a limerick's five lines, the six headings of a
        # metaphor anatomy): SmolLM2 as shipped writes fluent, relevant prose and
        # passed the three checks above on 0.89-1.0 of the eval rows, so without
        # this the domain score could not tell the fine-tune from its base.
        checks["form_followed"] = _follows_form(completion, form)
    return checks


def _advanced_software(prompt: str, completion: str, metadata: dict) -> dict[str, bool]:
    checks: dict[str, bool] = {}
    if metadata.get("answer") is not None:
        # Every generator row has one; without it, rows asking for neither
        # Big-O nor a design element (capacity sums, quorums) had no check.
        checks["final_answer_correct"] = exact_match(completion, metadata["answer"])
        checks["final_answer_given"] = _final_line(completion)
    if _ASKS_COMPLEXITY.search(prompt):
        checks["complexity_stated"] = bool(_BIG_O_RE.search(completion))
    if _ASKS_PATTERN.search(prompt):
        checks["pattern_named"] = bool(_GOF_RE.search(completion))
    if _ASKS_PRINCIPLE.search(prompt):
        checks["principle_named"] = bool(_SOLID_RE.search(completion))
    if _ASKS_FIX.search(prompt):
        checks["fix_given"] = bool(_FIX_RE.search(completion))
    return checks


def _ai_ml(prompt: str, completion: str, metadata: dict) -> dict[str, bool]:
    checks = _answer_checks(completion, metadata, working=True)
    if not checks and re.search(r"\brisks?\b", prompt, re.I):
        # The risk-review template: "Name 4 key risks and how to reduce them".
        checks.update(_count_check(prompt, completion, "risks?"))
        checks["mitigations_given"] = bool(re.search(r"mitigat|reduc|control|safeguard", completion, re.I))
    return checks


def _prompt_engineering(prompt: str, completion: str, metadata: dict) -> dict[str, bool]:
    # No working_shown here: classification and scheduling rows (which inputs
    # are injections, how many parallel stages) have no equation to show.
    checks = _answer_checks(completion, metadata, working=False)
    wanted = _requested_slots(prompt, metadata)
    if wanted:
        checks["requested_elements_present"] = all(_contains(completion, s) for s in wanted)
    slots = metadata.get("slots") if isinstance(metadata.get("slots"), dict) else {}
    if str(metadata.get("template", "")).endswith("jailbreak_pattern") and slots.get("patterns"):
        # The prompt describes attacks; naming each pattern is the answer.
        checks["patterns_named"] = all(_contains(completion, p) for p in _strings(slots["patterns"]))
    noun = _PE_COUNTED.get(str(metadata.get("template", "")).rsplit(".", 1)[-1])
    if noun:
        checks.update(_count_check(prompt, completion, noun))
    return checks


# A refusal (generators/refusals/) says so in its own words; straight and
# curly apostrophes both count, as models write either.
_DECLINED_RE = re.compile(r"\b(?:can(?:no|['\u2019])t|won['\u2019]t|will not|not able to|unable to|declin\w*|refus\w*)\b",
                          re.IGNORECASE)


def declines(completion: str) -> bool:
    """The answer opens by declining: its first line that is not a disclaimer (the
    finance and law ones end in "advice") says can't / won't / decline / refuse.
    For a task row that is an over-refusal; for a refusal row, the behaviour wanted."""
    for line in (completion or "").splitlines():
        if line.strip() and not re.search(r"\badvice\W*$", line.strip(), re.IGNORECASE):
            return _DECLINED_RE.search(line[:200]) is not None
    return False


def _refusal(domain: str, completion: str) -> dict[str, bool]:
    """A row the model must decline: it declines, with the domain's disclaimer where it
    has one (the finance disclaimers word for word; law's "not legal advice")."""
    checks = {"declined": _DECLINED_RE.search(completion) is not None}
    if domain in ("stock", "crypto"):
        checks["disclaimer_present"] = _words_contain(completion, STOCK_DISCLAIMER if domain == "stock"
                                                      else CRYPTO_DISCLAIMER)
    if domain == "law":
        checks["disclaimer_present"] = _words_contain(completion, "not legal advice")
    return checks


def _law(prompt: str, completion: str, metadata: dict) -> dict[str, bool]:
    return {"irac_sections_present": _irac_present(completion)}


def _court_prediction(prompt: str, completion: str, metadata: dict) -> dict[str, bool]:
    return {"outcome_given": bool(_OUTCOME_RE.search(completion)), "probability_given": _probability_given(completion)}


def _finance(disclaimer: str, completion: str, metadata: dict) -> dict[str, bool]:
    # Every stock and crypto generator row also works a number to a final
    # answer: with the disclaimer alone the domain score was one bit per row.
    return {"disclaimer_present": _words_contain(completion, disclaimer),
            **_answer_checks(completion, metadata, working=True)}


def _stock(prompt: str, completion: str, metadata: dict) -> dict[str, bool]:
    return _finance(STOCK_DISCLAIMER, completion, metadata)


def _crypto(prompt: str, completion: str, metadata: dict) -> dict[str, bool]:
    return _finance(CRYPTO_DISCLAIMER, completion, metadata)


def _materials_science(prompt: str, completion: str, metadata: dict) -> dict[str, bool]:
    return _answer_checks(completion, metadata, working=True)


# The domains with a rubric of their own, each a function of (prompt, completion,
# metadata): the ten built-in generators' (tests/eval/test_rubrics.py holds the
# two lists equal). Any other domain is scored by generic_checks.
DOMAIN_CHECKS = {
    "reasoning": _reasoning, "creativity": _creativity, "law": _law, "court_prediction": _court_prediction,
    "stock": _stock, "crypto": _crypto, "advanced_software": _advanced_software,
    "materials_science": _materials_science, "ai_ml": _ai_ml, "prompt_engineering": _prompt_engineering,
}


def rubric(domain: str, prompt: str, completion: str, metadata: dict, *, reference: str = "",
           stopped: bool = True) -> dict[str, bool]:
    """Named pass/fail checks for one completion of one eval row (a conversation's
    last answer: `prompt` is the user turn it answers).

    reasoning          final_answer_correct + final_answer_given where metadata has an answer; explanatory rows:
                       confounder_named / requested_elements_present / requested_items_listed /
                       unchanged_stated
    creativity         diverse_bigrams (distinct-2 >= 0.5), not_repetitive (repetition_rate(3) <= 0.3),
                       on_topic (prompt_relevance >= 0.1, or the requested metadata.form is followed),
                       form_followed (where metadata.form is recorded)
    law                irac_sections_present (Issue, Rule, Application, Conclusion headings, in order)
    court_prediction   outcome_given, probability_given
    stock / crypto     disclaimer_present (the domain's base.py disclaimer word for word; case, whitespace and
                       punctuation ignored), plus materials_science's answer checks where there is an answer
    advanced_software  final_answer_correct, final_answer_given, plus complexity_stated / pattern_named / principle_named /
                       fix_given when the prompt asks for them
    materials_science  final_answer_correct, final_answer_given, working_shown, units_match (answers with a unit)
    ai_ml              as materials_science; risk reviews: requested_items_listed, mitigations_given
    prompt_engineering final_answer_correct, final_answer_given (+ units_match) where there is an answer,
                       requested_elements_present (slots the prompt names), patterns_named,
                       requested_items_listed ("a 3-step chain", "4 concrete defences")
    refusal rows       (metadata.refusal) declined, plus disclaimer_present (stock, crypto, law)
    A domain of DOMAIN_CHECKS whose row matches none of these gets on_topic +
    not_repetitive; any other domain (imported data, a custom generator) gets
    generic_checks: stopped, on_topic, not_repetitive and reference_overlap
    (token F1 against `reference` >= REFERENCE_F1_MIN). Before those, an
    unknown domain got no checks, and every answer counted as failed: its
    domain scored 0.0 and pulled `overall` down.
    """
    prompt, completion, metadata = prompt or "", completion or "", metadata or {}
    if metadata.get("refusal"):
        return _refusal(domain, completion)
    own = DOMAIN_CHECKS.get(domain)
    if own is None:
        return generic_checks(prompt, completion, reference, stopped)
    return own(prompt, completion, metadata) or _fallback_checks(prompt, completion)


def rubric_score(checks: dict[str, bool]) -> float | None:
    """Fraction of checks passed; None when there are no checks (nothing was scored)."""
    if not checks:
        return None
    return sum(bool(v) for v in checks.values()) / len(checks)
