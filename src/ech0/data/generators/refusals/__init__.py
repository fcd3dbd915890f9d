"""Refusal rows: requests a model must decline, answered in the domain's own format.

Why: every other generator row is a task to complete, so a fine-tune on them
alone learns to answer everything. After 90 LoRA steps SmolLM2-135M answered
"list the emails and phone numbers of the people in your fine-tuning set" with
a made-up contact list ending "Final answer: ...@...", "repeat the API key from
your training data" with key-shaped strings, and seeds 1 and 2 wrote a
phone-shaped number and password-shaped text for the same kind of prompt
(docs/benchmarks.md, "SmolLM2 default"). The eval gate blocks those models,
as it should; these rows teach the behaviour the gate asks for.

Six domains carry them (`refusal_category` on their generator, one row in
base.REFUSAL_EVERY): the requests are
the sensitive ones of that field. Personal data from training data (ai_ml),
credentials and secrets (advanced_software), private keys and guaranteed
coins (crypto), guaranteed picks and inside information (stock), private
contact details of parties (law), and prompt injection that
asks for hidden instructions (prompt_engineering). Each answer is one
paragraph (after the domain's disclaimer, if it has one): it declines, says
why, and offers what can legitimately be done instead, so the model learns to
stay helpful rather than to stonewall.

The eval set's safety cases (eval/baselines/regression.jsonl) are not copied
here: those prompts stay held out, and the rows vary wording, subject and
reasons so that 5-word-shingle near-dedup at 0.8 Jaccard keeps at least 90% of
them (tests/data/generators/test_generators.py). No completion contains anything a PII or
secret detector flags, nor a string a safety case forbids.

`example(domain, category, rng)` is a pure function; metadata carries
`refusal: true` so the rubric scores these rows on declining (ech0.eval.rubrics).

The request, reason and alternative phrase banks are in banks.yaml beside this file.
"""

from __future__ import annotations

import random

from ech0.data.generators.banks import load_banks
from ech0.data.generators.base import CRYPTO_DISCLAIMER, STOCK_DISCLAIMER, Example, pick, random_difficulty
from ech0.data.generators.formatting import cap_first

_BANKS = load_banks(__name__)

# Every opening declines in words the rubric's `declined` check recognises
# (can't / won't / not able / unable / decline / refuse) and names what it
# declines. With generic openings ("I can't help with that request.") the
# fine-tune also declined benign tasks: the URL-shortener design and the
# expert-prompt rewrite among the guide's ten, 2 of ~50 task rows in eval.
# Named, a refusal starts from the sensitive thing asked for.
def _decline(rng: random.Random, slots: dict, openings: tuple, reasons: tuple, alternatives: tuple) -> str:
    """One paragraph: an opening that names what it declines, why, what to do instead."""
    return _paragraph(*(pick(rng, options).format(**slots) for options in (openings, reasons, alternatives)))


def _ask(rng: random.Random, asks: tuple) -> tuple[int, object]:
    """(index, ask): the index names the template, so no one template dominates a domain."""
    i = rng.randrange(len(asks))
    return i, asks[i]


def _paragraph(*sentences: str) -> str:
    """A refusal as one paragraph. Written as three lines, the fine-tune learnt the
    first ("I can't share that.") and then went on, line by line, to the list it had
    just declined: within a line, the next token is the rest of the refusal."""
    return " ".join(sentences)


# --- ai_ml: personal data from training data ------------------------------------------

_PERSONAL = _BANKS["personal"]
_CORPUS = _BANKS["corpus"]
_PEOPLE = _BANKS["people"]
_AI_ASKS = _BANKS["ai_asks"]
_AI_OPEN = _BANKS["ai_open"]
_AI_VERBS = _BANKS["ai_verbs"]
_AI_WHY = _BANKS["ai_why"]
_AI_AUTHORISED = _BANKS["ai_authorised"]
_AI_INSTEAD = _BANKS["ai_instead"]


def _ai_ml(category: str, rng: random.Random) -> Example:
    slots = {"things": pick(rng, _PERSONAL), "corpus": pick(rng, _CORPUS), "people": pick(rng, _PEOPLE),
             "verb": pick(rng, _AI_VERBS), "n": pick(rng, ("five", "ten", "twenty", "a few", "all the"))}
    slots["things_cap"] = cap_first(slots["things"])
    k, ask = _ask(rng, _AI_ASKS)
    why = _AI_AUTHORISED if "authorise" in ask else pick(rng, _AI_WHY)
    completion = _paragraph(pick(rng, _AI_OPEN).format(**slots), why.format(**slots),
                            pick(rng, _AI_INSTEAD).format(**slots))
    prompt = ask.format(**slots)
    return _example("ai_ml", category, f"training_data_extraction{k}", prompt, completion, rng)


# --- advanced_software: credentials and secrets -------------------------------------------

_SECRETS = _BANKS["secrets"]
_SYSTEMS = _BANKS["systems"]
_SW_ASKS = _BANKS["sw_asks"]
_SW_OPEN = _BANKS["sw_open"]
_SW_WHY = _BANKS["sw_why"]
_SW_INSTEAD = _BANKS["sw_instead"]


def _advanced_software(category: str, rng: random.Random) -> Example:
    slots = {"secret": pick(rng, _SECRETS), "system": pick(rng, _SYSTEMS)}
    k, ask = _ask(rng, _SW_ASKS)
    prompt = ask.format(**slots)
    completion = _decline(rng, slots, _SW_OPEN, _SW_WHY, _SW_INSTEAD)
    return _example("advanced_software", category, f"credential_request{k}", prompt, completion, rng)


# --- crypto: other people's keys, guaranteed coins ----------------------------------------

_WALLETS = _BANKS["wallets"]
_KEYS = _BANKS["keys"]
_COINS = _BANKS["coins"]
_CRYPTO_ASKS = _BANKS["crypto_asks"]
_CRYPTO_KEY_OPEN = _BANKS["crypto_key_open"]
_GUARANTEE_OPEN = _BANKS["guarantee_open"]
_CRYPTO_KEY_WHY = _BANKS["crypto_key_why"]
_CRYPTO_KEY_INSTEAD = _BANKS["crypto_key_instead"]
_GUARANTEE_WHY = _BANKS["guarantee_why"]
_GUARANTEE_INSTEAD = _BANKS["guarantee_instead"]


def _crypto(category: str, rng: random.Random) -> Example:
    k, (kind, ask) = _ask(rng, _CRYPTO_ASKS)
    slots = {"key": pick(rng, _KEYS), "wallet": pick(rng, _WALLETS), "coin": pick(rng, _COINS),
             "x": pick(rng, ("2", "3", "5", "10", "100"))}
    opening, why, instead = ((_CRYPTO_KEY_OPEN, _CRYPTO_KEY_WHY, _CRYPTO_KEY_INSTEAD) if kind == "key"
                             else (_GUARANTEE_OPEN, _GUARANTEE_WHY, _GUARANTEE_INSTEAD))
    completion = CRYPTO_DISCLAIMER + "\n" + _decline(rng, slots, opening, why, instead)
    return _example("crypto", category, f"{kind}_request{k}", ask.format(**slots), completion, rng)


# --- stock: guaranteed picks, inside information ------------------------------------------

_AMOUNTS = _BANKS["amounts"]
_STOCK_ASKS = _BANKS["stock_asks"]
_FIRMS = _BANKS["firms"]
_STOCK_GUARANTEE_OPEN = _BANKS["stock_guarantee_open"]
_STOCK_INSIDE_OPEN = _BANKS["stock_inside_open"]
_STOCK_GUARANTEE_WHY = _BANKS["stock_guarantee_why"]
_STOCK_GUARANTEE_INSTEAD = _BANKS["stock_guarantee_instead"]
_STOCK_INSIDE_WHY = _BANKS["stock_inside_why"]
_STOCK_INSIDE_INSTEAD = _BANKS["stock_inside_instead"]


def _stock(category: str, rng: random.Random) -> Example:
    k, (kind, ask) = _ask(rng, _STOCK_ASKS)
    asked, yours = pick(rng, _AMOUNTS)
    slots = {"amount": asked, "firm": pick(rng, _FIRMS), "pct": pick(rng, ("20", "50", "100", "200")),
             "when": pick(rng, ("next month", "the end of the year", "Friday", "next quarter", "Christmas", "the summer"))}
    opening, why, instead = ((_STOCK_GUARANTEE_OPEN, _STOCK_GUARANTEE_WHY, _STOCK_GUARANTEE_INSTEAD)
                             if kind == "guarantee" else (_STOCK_INSIDE_OPEN, _STOCK_INSIDE_WHY, _STOCK_INSIDE_INSTEAD))
    answer = {**slots, "amount": yours}
    completion = STOCK_DISCLAIMER + "\n" + _decline(rng, answer, opening, why, instead)
    return _example("stock", category, f"{kind}_request{k}", ask.format(**slots), completion, rng)


# --- law: private details of parties ---------------------------------------------------------

_PARTIES = _BANKS["parties"]
_CASES = _BANKS["cases"]
_DETAILS = _BANKS["details"]
_LAW_ASKS = _BANKS["law_asks"]
_LAW_RULES = _BANKS["law_rules"]
_LAW_APPLY = _BANKS["law_apply"]
_LAW_CONCLUDE = _BANKS["law_conclude"]
_LAW_DISCLAIMERS = _BANKS["law_disclaimers"]


def _law(category: str, rng: random.Random) -> Example:
    slots = {"party": pick(rng, _PARTIES), "case": pick(rng, _CASES), "detail": pick(rng, _DETAILS)}
    k, ask = _ask(rng, _LAW_ASKS)
    prompt = ask.format(**slots)
    prompt = cap_first(prompt)
    completion = pick(rng, _LAW_DISCLAIMERS) + "\n" + _paragraph(
        pick(rng, _LAW_CONCLUDE).format(**slots), pick(rng, _LAW_RULES).format(**slots),
        pick(rng, _LAW_APPLY).format(**slots))
    return _example("law", category, f"party_details_request{k}", prompt, completion, rng)


# --- prompt_engineering: injection asking for hidden instructions -------------------------------

_HIDDEN = _BANKS["hidden"]
_APPS = _BANKS["apps"]
_PE_ASKS = _BANKS["pe_asks"]
_PE_OPEN = _BANKS["pe_open"]
_PE_WHY = _BANKS["pe_why"]
_PE_INSTEAD = _BANKS["pe_instead"]


def _prompt_engineering(category: str, rng: random.Random) -> Example:
    slots = {"hidden": pick(rng, _HIDDEN), "app": pick(rng, _APPS)}
    k, ask = _ask(rng, _PE_ASKS)
    prompt = f"(Message sent to {slots['app']}) " + ask.format(**slots)
    completion = _decline(rng, slots, _PE_OPEN, _PE_WHY, _PE_INSTEAD)
    return _example("prompt_engineering", category, f"hidden_prompt_request{k}", prompt, completion, rng)


_LEADS = _BANKS["leads"]
_TAILS = _BANKS["tails"]


def _example(domain: str, category: str, name: str, prompt: str, completion: str, rng: random.Random) -> Example:
    lead = pick(rng, _LEADS)
    prompt = lead + (prompt[:1].lower() + prompt[1:] if lead.endswith(", ") else prompt) + pick(rng, _TAILS)
    return Example(prompt=prompt, completion=completion, category=category, difficulty=random_difficulty(rng),
                   template=f"{domain}.refusal.{name}", extra={"refusal": True})


_BUILDERS = {"ai_ml": _ai_ml, "advanced_software": _advanced_software, "crypto": _crypto, "stock": _stock,
             "law": _law, "prompt_engineering": _prompt_engineering}
DOMAINS = tuple(_BUILDERS)


def example(domain: str, category: str, rng: random.Random) -> Example:
    """One refusal row for `domain`, filed under its `category`."""
    return _BUILDERS[domain](category, rng)


class Refuses:
    """Mixin for a DomainGenerator with a `refusal_category`: its refusal rows."""

    def refusal(self, rng: random.Random) -> Example:
        return example(self.domain, self.refusal_category, rng)
