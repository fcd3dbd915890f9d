"""The generator contract every domain (built-in or user-written) implements.

A generator is a class with a `domain` name, a `version`, its `categories`, and
an `example(category, rng)` method returning one `Example` (or a `templates`
table, category -> template functions, which gives both). The base class turns
examples into schema rows, spreads rows evenly over categories, and derives a
per-domain RNG from the global seed so that adding or disabling one domain never
changes another domain's rows.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Callable, Iterator, Mapping
from ech0.seeding import derive_seed

# The original guide's disclaimers ("Educational purposes only, not financial advice" /
# "... not investment advice"). Eval checks for these exact strings.
STOCK_DISCLAIMER = "Disclaimer: Educational purposes only, not financial advice."
CRYPTO_DISCLAIMER = "Disclaimer: Educational purposes only, not investment advice."

# Completions with a computable answer end with this line; metadata.answer holds
# the same text so eval can score it by exact match.
FINAL_ANSWER_PREFIX = "Final answer: "

DIFFICULTIES = ("easy", "medium", "hard")

# Six domains (those with a refusal_category) make 1 row in 8 a request to
# decline: about 7.5% of the default mix, ~60 of the ~840 rows that the
# default 120 training steps see. Without them the fine-tune answered every
# request, training-data contact lists included. At 1 in 5 (~100 rows) it also
# declined benign short tasks it had not seen the like of: the guide's
# URL-shortener design and expert-prompt rewrite (docs/benchmarks.md, "Session 11").
REFUSAL_EVERY = 8


@dataclass
class Example:
    """One generated example before it becomes a row."""

    prompt: str
    completion: str
    category: str
    difficulty: str
    template: str                 # id of the template that produced it (for the template-share test)
    answer: str | None = None     # exact-match answer, when one can be computed
    extra: dict = field(default_factory=dict)  # any other metadata worth keeping
    # Earlier turns, for a conversation: the row becomes `messages` = history +
    # this prompt and completion, and its answer is the last one (follow_up).
    history: list[dict] = field(default_factory=list)


def follow_up(first: Example, prompt: str, completion: str, answer: str | None, extra: dict) -> Example:
    """A two-turn conversation: `first` as asked and answered, then a follow-up
    `prompt` whose answer (`completion`, `answer`, `extra`'s inputs) needs the first
    exchange to make sense ("And if it triples instead?")."""
    history = first.history + [{"role": "user", "content": first.prompt},
                               {"role": "assistant", "content": first.completion}]
    return Example(prompt=prompt, completion=completion, category=first.category, difficulty=first.difficulty,
                   template=first.template + ".follow_up", answer=answer, extra={**first.extra, **extra},
                   history=history)


def open_form(ex: Example) -> Example:
    """Mark a row asked the way people ask (and the original guide words its example
    tasks): one line naming no figures or stated model. Such rows are a few
    percent of a domain after dedup, and processed.open_weight oversamples them
    (metadata.form = "open")."""
    ex.extra["form"] = "open"
    return ex


def final_answer(answer: str) -> str:
    return f"{FINAL_ANSWER_PREFIX}{answer}"


def pick(rng: random.Random, options):
    """One element of a sequence (rng.randrange, so the draw sequence is stable)."""
    return options[rng.randrange(len(options))]


def one_of(rng: random.Random, *options):
    """One of several phrasings written inline (keeps rows from being near-duplicates):
    one_of(rng, a, b) draws as pick(rng, (a, b)) does."""
    return pick(rng, options)


def random_difficulty(rng: random.Random) -> str:
    return DIFFICULTIES[rng.randrange(3)]


Template = Callable[[random.Random], Example]


class DomainGenerator:
    """Subclass this, set the class attributes, and implement `example` or set `templates`."""

    domain: str = ""
    version: str = "1"
    categories: tuple[str, ...] = ()
    # category -> the template functions filed under it, each fn(rng) -> Example.
    # Setting it gives the class its `categories` (the keys, in order) and an
    # `example` that draws one of the category's templates, uniformly.
    templates: Mapping[str, tuple[Template, ...]] = MappingProxyType({})
    # Set to one of `categories` (with refusals.Refuses among the bases) to file a
    # refusal row under it every REFUSAL_EVERY rows; the other rows round-robin.
    refusal_category: str = ""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.templates and "categories" not in cls.__dict__:
            cls.categories = tuple(cls.templates)
        if cls.templates and set(cls.templates) != set(cls.categories):
            raise TypeError(f"{cls.__name__}: templates are filed under {sorted(cls.templates)}, "
                            f"but categories are {sorted(cls.categories)}")

    def example(self, category: str, rng: random.Random) -> Example:
        if not self.templates:
            raise NotImplementedError(f"{type(self).__name__} sets neither `templates` nor `example`")
        return pick(rng, self.templates[category])(rng)

    def refusal(self, rng: random.Random) -> Example:
        raise NotImplementedError(f"{type(self).__name__} sets refusal_category without refusals.Refuses")

    def rows(self, n: int, seed: int) -> Iterator[dict]:
        """`n` schema rows, deterministic in (seed, domain); categories round-robin,
        with a refusal row every REFUSAL_EVERY rows where refusal_category is set."""
        if not self.domain or not self.categories:
            raise TypeError(f"{type(self).__name__} must set `domain` and `categories`")
        rng = random.Random(derive_seed(seed, self.domain))
        task = 0
        for i in range(n):
            if self.refusal_category and i % REFUSAL_EVERY == REFUSAL_EVERY - 1:
                yield self.to_row(self.refusal(rng))
                continue
            yield self.to_row(self.example(self.categories[task % len(self.categories)], rng))
            task += 1

    def to_row(self, ex: Example) -> dict:
        if ex.category not in self.categories:
            raise ValueError(f"{self.domain}: example category {ex.category!r} not in {self.categories}")
        metadata = {"generator_version": self.version, "template": ex.template, **ex.extra}
        if ex.answer is not None:
            metadata["answer"] = ex.answer
        if ex.history:
            content = {"messages": ex.history + [{"role": "user", "content": ex.prompt},
                                                 {"role": "assistant", "content": ex.completion}]}
        else:
            content = {"prompt": ex.prompt, "completion": ex.completion}
        return {
            **content,
            "tags": [self.domain, ex.category],
            "domain": self.domain,
            "category": ex.category,
            "difficulty": ex.difficulty,
            "source": f"generator:{self.domain}@{self.version}",
            "metadata": metadata,
        }
