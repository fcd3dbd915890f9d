"""Example: a custom domain, added without editing ech0 (README, "Add your own domain").

Copy this file to your project root, then add to params.yaml:

    domains:
      unit_conversion: {enabled: true, weight: 1.0, max_samples: 2000,
                        generator: "my_generators:UnitConversionGenerator"}

`dvc repro` then writes data/raw/unit_conversion.jsonl beside the built-ins.
A third of its rows are two-turn conversations (`follow_up`): the conversion,
then "And back again?" answered from it.
"""

from __future__ import annotations

import random

from ech0.data.generators.contract import DomainGenerator, Example, final_answer, follow_up

# Exact SI definitions (NIST SP 811): 1 in = 0.0254 m, 1 lb = 0.45359237 kg,
# 1 mile = 1609.344 m, 1 US gal = 3.785411784 L.
FACTORS = {
    "length": [("inch", "centimetre", 2.54), ("mile", "kilometre", 1.609344), ("foot", "metre", 0.3048)],
    "mass": [("pound", "kilogram", 0.45359237), ("ounce", "gram", 28.349523125)],
    "volume": [("US gallon", "litre", 3.785411784), ("US fluid ounce", "millilitre", 29.5735295625)],
}
PHRASES = [
    "Convert {x} {a}s to {b}s.",
    "A recipe lists {x} {a}s. How many {b}s is that?",
    "Express {x} {a}s in {b}s, showing the conversion factor.",
    "An engineer measures {x} {a}s. What is this in {b}s?",
]


class UnitConversionGenerator(DomainGenerator):
    domain = "unit_conversion"
    version = "1"
    categories = tuple(FACTORS)

    def example(self, category: str, rng: random.Random) -> Example:
        a, b, factor = rng.choice(FACTORS[category])
        difficulty = rng.choice(["easy", "medium", "hard"])
        digits = {"easy": 1, "medium": 2, "hard": 3}[difficulty]
        x = round(rng.uniform(1, 10 ** (digits + 1)), digits)
        phrase = rng.randrange(len(PHRASES))
        answer = f"{x * factor:.3f} {b}s"
        completion = (f"By definition 1 {a} = {factor} {b}s, so multiply by {factor}.\n"
                      f"{x} x {factor} = {x * factor:.3f}.\n{final_answer(answer)}")
        ex = Example(prompt=PHRASES[phrase].format(x=x, a=a, b=b), completion=completion,
                     category=category, difficulty=difficulty, template=f"units.{category}.{phrase}",
                     answer=answer, extra={"inputs": {"x": x, "factor": factor}})
        if rng.random() >= 1 / 3:
            return ex
        back = round(x * factor, 3)
        answer2 = f"{back / factor:.3f} {a}s"
        completion2 = (f"Divide by the same factor, {factor}.\n{back} / {factor} = {back / factor:.3f}.\n"
                       f"{final_answer(answer2)}")
        return follow_up(ex, f"And {back} {b}s back to {a}s?", completion2, answer2,
                         {"inputs": {"x": back, "factor": 1 / factor}})
