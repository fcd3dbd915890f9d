"""Scoring helpers every rubric is built from: final-answer extraction and exact
match, token F1, prompt relevance, repetition, list counts, worked answers and
refusals.

The domain rubrics (src/ech0/data/generators/<domain>/rubric.py, one beside each
built-in generator) and the generic rubric (ech0.eval.rubrics) import these;
ech0.eval.rubrics.rubric() is the entry point that picks a domain's rubric.
Everything here is a pure function of strings and plain values: no I/O, no
torch, no model.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ech0.data.generators.contract import FINAL_ANSWER_PREFIX

__all__ = [
    "normalise_answer", "extract_final_answer", "exact_match", "token_f1", "distinct_n", "repetition_rate",
    "prompt_relevance", "squash", "contains", "words_contain", "count_check", "final_line", "answer_checks",
    "declines", "refusal_checks", "LIST_ITEM_RE", "REPETITION_3_MAX", "RELEVANCE_MIN", "NUMERIC_REL_TOL",
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


# --- thresholds and phrase search ---------------------------------------------------

# Repetition: repetition_rate(3) of the creativity generator's reference
# completions (seeds 0-5 x 1,200 rows) has median 0.0 and maximum 0.29 (free
# verse that reuses "X at the edges, lamp amber in the middle", blend analyses
# restating their mappings; 12 of 7,200 exceed 0.2), so 0.3 passes every
# reference. Text stuck in a loop ("the sea the sea the sea ...") scores 0.44
# and worse as the loop grows.
REPETITION_3_MAX = 0.3
# Relevance: 1 in 10 of the prompt's content words must recur. Given the
# completion of another row (seed 0, 1,200 creativity prompts), that passes
# 0.3-8% of the time per source domain (4.5% for another creativity row),
# where "any shared word" would pass up to 25%. Poems and lists often name
# none of the prompt's words (70% of free-verse references share under 5%: a
# "busy kitchen" poem is about kettles and bread), so for them the requested
# form (metadata.form, see generators/creativity/) is the evidence of
# answering this prompt.
RELEVANCE_MIN = 0.1


def squash(text: str) -> str:
    """Casefolded, markdown emphasis removed, whitespace collapsed: for phrase search."""
    return " ".join(re.sub(r"[*_`]+", "", text or "").casefold().split())


def contains(haystack: str, needle: str) -> bool:
    """The phrase occurs as whole words ("age" is not found in "percentage")."""
    phrase = squash(needle)
    return bool(phrase) and re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", squash(haystack)) is not None


def words_contain(haystack: str, needle: str) -> bool:
    """`contains` on words alone: punctuation is ignored ("only; not financial
    advice" is the disclaimer), the wording is not."""
    words = lambda text: re.sub(r"[^\w\s]+", " ", text or "")  # noqa: E731
    return contains(words(haystack), words(needle))


# --- counts, worked answers, refusals ------------------------------------------------

LIST_ITEM_RE = re.compile(r"^[ \t]*(?:\d+[.)]|[-*\u2022])[ \t]+\S", re.M)
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}


# Working shown: an equation ("x = ...", "a -> b") on a line other than the final answer.
_EQUATION_RE = re.compile(r"\S\s*(?:=|->|\u2192)\s*\S")


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


def count_check(prompt: str, completion: str, noun: str) -> dict[str, bool]:
    n = _requested_count(prompt, noun)
    return {} if n is None else {"requested_items_listed": len(LIST_ITEM_RE.findall(completion)) >= n}


_FINAL_LINE_RE = re.compile(r"^Final answer:[ \t]*\S", re.MULTILINE)


def final_line(completion: str) -> bool:
    """The domain format's `Final answer: ...` line is there, right or wrong: the
    part of an exact-answer row a 135M model can learn, scored apart from the
    arithmetic it mostly cannot (SmolLM2 as shipped writes it in 0 of 6 rows)."""
    return _FINAL_LINE_RE.search(completion) is not None


def answer_checks(completion: str, metadata: dict, working: bool) -> dict[str, bool]:
    """final_answer_correct, units_match (answers with a unit) and optionally working_shown."""
    if metadata.get("answer") is None:
        return {}
    answer = metadata["answer"]
    checks = {"final_answer_correct": exact_match(completion, answer), "final_answer_given": final_line(completion),
              **_units_check(completion, answer)}
    if working:
        checks["working_shown"] = _working_shown(completion)
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


def refusal_checks(completion: str, disclaimer: str | None = None) -> dict[str, bool]:
    """A row the model must decline (metadata.refusal): it declines, and where the
    domain has a disclaimer (the finance ones word for word; law's "not legal
    advice"), it carries that too."""
    checks = {"declined": _DECLINED_RE.search(completion) is not None}
    if disclaimer is not None:
        checks["disclaimer_present"] = words_contain(completion, disclaimer)
    return checks


def finance_rubric(disclaimer: str):
    """Stock's and crypto's `checks` (the domain-rubric interface), each bound to its
    own disclaimer: the disclaimer word for word, then the worked-answer checks
    (every row of both domains works a number to a final answer: with the
    disclaimer alone the domain score was one bit per row)."""
    def checks(prompt: str, completion: str, metadata: dict, *, reference: str = "",
               stopped: bool = True) -> dict[str, bool]:
        return {"disclaimer_present": words_contain(completion, disclaimer),
                **answer_checks(completion, metadata, working=True)}
    return checks
