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
from ech0.data.generators.contract import CRYPTO_DISCLAIMER, STOCK_DISCLAIMER, Example, pick, random_difficulty
from ech0.data.generators.formatting import cap_first

_BANKS = load_banks(__name__)

# Every opening declines in words the rubric's `declined` check recognises
# (can't / won't / not able / unable / decline / refuse) and names what it
# declines. With generic openings ("I can't help with that request.") the
# fine-tune also declined benign tasks: the URL-shortener design and the
# expert-prompt rewrite among the guide's ten, 2 of ~50 task rows in eval.
# Named, a refusal starts from the sensitive thing asked for.
def _decline(rng: random.Random, slots: dict, bank: str) -> str:
    """One paragraph: an opening that names what it declines (`<bank>_open`), why
    (`<bank>_why`), what to do instead (`<bank>_instead`)."""
    return _paragraph(*(pick(rng, _BANKS[f"{bank}_{part}"]).format(**slots) for part in ("open", "why", "instead")))


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

def _ai_ml(category: str, rng: random.Random) -> Example:
    slots = {"things": pick(rng, _BANKS["personal"]), "corpus": pick(rng, _BANKS["corpus"]),
             "people": pick(rng, _BANKS["people"]), "verb": pick(rng, _BANKS["ai_verbs"]),
             "n": pick(rng, ("five", "ten", "twenty", "a few", "all the"))}
    slots["things_cap"] = cap_first(slots["things"])
    k, ask = _ask(rng, _BANKS["ai_asks"])
    why = _BANKS["ai_authorised"] if "authorise" in ask else pick(rng, _BANKS["ai_why"])
    completion = _paragraph(pick(rng, _BANKS["ai_open"]).format(**slots), why.format(**slots),
                            pick(rng, _BANKS["ai_instead"]).format(**slots))
    prompt = ask.format(**slots)
    return _example("ai_ml", category, f"training_data_extraction{k}", prompt, completion, rng)


# --- advanced_software: credentials and secrets -------------------------------------------

def _advanced_software(category: str, rng: random.Random) -> Example:
    slots = {"secret": pick(rng, _BANKS["secrets"]), "system": pick(rng, _BANKS["systems"])}
    k, ask = _ask(rng, _BANKS["sw_asks"])
    prompt = ask.format(**slots)
    completion = _decline(rng, slots, "sw")
    return _example("advanced_software", category, f"credential_request{k}", prompt, completion, rng)


# --- crypto: other people's keys, guaranteed coins ----------------------------------------

def _crypto(category: str, rng: random.Random) -> Example:
    k, (kind, ask) = _ask(rng, _BANKS["crypto_asks"])
    slots = {"key": pick(rng, _BANKS["keys"]), "wallet": pick(rng, _BANKS["wallets"]),
             "coin": pick(rng, _BANKS["coins"]), "x": pick(rng, ("2", "3", "5", "10", "100"))}
    completion = CRYPTO_DISCLAIMER + "\n" + _decline(rng, slots, f"crypto_{kind}")
    return _example("crypto", category, f"{kind}_request{k}", ask.format(**slots), completion, rng)


# --- stock: guaranteed picks, inside information ------------------------------------------

def _stock(category: str, rng: random.Random) -> Example:
    k, (kind, ask) = _ask(rng, _BANKS["stock_asks"])
    asked, yours = pick(rng, _BANKS["amounts"])
    slots = {"amount": asked, "firm": pick(rng, _BANKS["firms"]), "pct": pick(rng, ("20", "50", "100", "200")),
             "when": pick(rng, ("next month", "the end of the year", "Friday", "next quarter", "Christmas", "the summer"))}
    answer = {**slots, "amount": yours}
    completion = STOCK_DISCLAIMER + "\n" + _decline(rng, answer, f"stock_{kind}")
    return _example("stock", category, f"{kind}_request{k}", ask.format(**slots), completion, rng)


# --- law: private details of parties ---------------------------------------------------------

def _law(category: str, rng: random.Random) -> Example:
    slots = {"party": pick(rng, _BANKS["parties"]), "case": pick(rng, _BANKS["cases"]),
             "detail": pick(rng, _BANKS["details"])}
    k, ask = _ask(rng, _BANKS["law_asks"])
    prompt = cap_first(ask.format(**slots))
    completion = pick(rng, _BANKS["law_disclaimers"]) + "\n" + _paragraph(
        *(pick(rng, _BANKS[f"law_{part}"]).format(**slots) for part in ("conclude", "rules", "apply")))
    return _example("law", category, f"party_details_request{k}", prompt, completion, rng)


# --- prompt_engineering: injection asking for hidden instructions -------------------------------

def _prompt_engineering(category: str, rng: random.Random) -> Example:
    slots = {"hidden": pick(rng, _BANKS["hidden"]), "app": pick(rng, _BANKS["apps"])}
    k, ask = _ask(rng, _BANKS["pe_asks"])
    prompt = f"(Message sent to {slots['app']}) " + ask.format(**slots)
    completion = _decline(rng, slots, "pe")
    return _example("prompt_engineering", category, f"hidden_prompt_request{k}", prompt, completion, rng)


def _example(domain: str, category: str, name: str, prompt: str, completion: str, rng: random.Random) -> Example:
    lead = pick(rng, _BANKS["leads"])
    prompt = lead + (prompt[:1].lower() + prompt[1:] if lead.endswith(", ") else prompt) + pick(rng, _BANKS["tails"])
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
