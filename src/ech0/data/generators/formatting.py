"""Formatting helpers every built-in generator shares, each written once:
capitalisation and articles (`cap_first`, `with_article`, `definite`), dollar
amounts (`money`), exact decimals and percentages (`rounded`, `percent`),
`example`, the one keyword-only builder of an `Example` from a prompt and its
worked lines (`worked`), and `row_builder` and `closed_prompt`, a generator's
shorthands for it and for a question that ends with a drawn closer.
"""

from __future__ import annotations

import random
from fractions import Fraction
from typing import Callable, Iterable, Mapping, Sequence

from ech0.data.generators.contract import Example, final_answer, pick


def cap_first(text: str) -> str:
    """Upper-case the first letter only (str.capitalize would lower-case 'API')."""
    return text[:1].upper() + text[1:]


def with_article(noun: str) -> str:
    """'an apple', 'a case': the indefinite article by the noun's first letter (no 'an hour' cases occur here)."""
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def definite(noun: str) -> str:
    """'a retailer' -> 'the retailer', for second mentions; a noun with no article is kept."""
    for art in ("a ", "an "):
        if noun.startswith(art):
            return "the " + noun[len(art):]
    return noun


def money(x: float, places: int = 0) -> str:
    """Dollars with thousands commas and the minus before the sign: money(-1234) = '-$1,234',
    money(1234.5, 2) = '$1,234.50'. places=0 is for whole dollars held as an int."""
    spec = f",.{places}f" if places else ","
    return f"-${-x:{spec}}" if x < 0 else f"${x:{spec}}"


def rounded(x: Fraction, places: int = 2) -> str:
    """`x` to `places` decimals, rounded half away from zero from the exact Fraction
    (a float would round 0.125 and 0.375 to different sides)."""
    x = Fraction(x)
    scale = 10 ** places
    num, den = abs(x.numerator), x.denominator
    n = (2 * num * scale + den) // (2 * den)  # floor(|x| * scale + 1/2), in integers (fast)
    sign = "-" if x < 0 and n else ""
    if places == 0:
        return f"{sign}{n}"
    return f"{sign}{n // scale}.{n % scale:0{places}d}"


def percent(x: float | Fraction, places: int = 2) -> str:
    """A number already in percent with `places` decimals: percent(12.5) = '12.50%'.
    A Fraction is rounded exactly (`rounded`), a float as format() rounds it."""
    return (rounded(x, places) if isinstance(x, Fraction) else f"{x:.{places}f}") + "%"


def worked(lines: Iterable[str], answer: str | None = None, first_line: str | None = None) -> str:
    """A worked completion: `first_line` (stock's and crypto's disclaimer), `lines`
    and, when `answer` is set, the `Final answer:` line, joined by newlines."""
    body = ([first_line] if first_line is not None else []) + list(lines)
    if answer is not None:
        body.append(final_answer(answer))
    return "\n".join(body)


def example(*, category: str, difficulty: str, template: str, prompt: str, completion: str | None = None,
            lines: Iterable[str] = (), answer: str | None = None, first_line: str | None = None,
            **extra) -> Example:
    """One Example, every field by name.

    The completion is `completion` as given, or else `worked(lines, answer,
    first_line)`. The prompt's first letter is upper-cased (stock's
    prompts open with a company such as 'a fictional firm, ...'). `extra` is
    the row's other metadata (formula, inputs, ...) in the order given; a None
    value is left out, so a row with no formula has no "formula" key.
    """
    if completion is None:
        completion = worked(lines, answer, first_line)
    elif lines or first_line is not None:
        raise TypeError("example: pass `completion` or `lines` (with `first_line`), not both")
    return Example(prompt=cap_first(prompt), completion=completion, category=category, difficulty=difficulty,
                   template=template, answer=answer, extra={k: v for k, v in extra.items() if v is not None})


def row_builder(domain: str, *, categories: Mapping[str, str] | None = None, first_line: str | None = None,
                remarks: Mapping[str, Sequence[str]] | None = None) -> Callable[..., Example]:
    """A generator's `build(name, d, prompt, lines, answer, formula, inputs, rng=None, join=False)`,
    which takes only what varies between its templates.

    `name` is "group.template" ("defi_protocols.amm_swap"): the row's template is
    f"{domain}.{name}" and its category the group, or categories[group] where the
    group is a short name. Every completion opens with `first_line` (stock's and
    crypto's disclaimers). With `rng`, the template's closing remark, remarks[name]
    (a banks.yaml table), is drawn after the working and ends the lines: a line of
    its own, or with `join` the end of the last one ("breadth improved" + "; ...").
    """
    def build(name: str, d: str, prompt: str, lines: list[str], answer: str | None = None,
              formula: str | None = None, inputs: dict | None = None, rng: random.Random | None = None,
              join: bool = False) -> Example:
        group = name.partition(".")[0]
        if rng is not None:
            remark = rng.choice(remarks[name])
            lines = [*lines[:-1], lines[-1] + remark] if join else [*lines, remark]
        return example(category=categories[group] if categories else group, template=f"{domain}.{name}",
                       difficulty=d, prompt=prompt, lines=lines, answer=answer, first_line=first_line,
                       formula=formula, inputs=inputs)
    return build


def closed_prompt(closers: Sequence[str]) -> Callable[..., str]:
    """A generator's `prompt(rng, *parts)`: the non-empty `parts` and one of
    `closers` ("Show the calculation."), drawn last, joined by spaces."""
    def prompt(rng: random.Random, *parts: str) -> str:
        return " ".join(p for p in (*parts, pick(rng, closers)) if p)
    return prompt
