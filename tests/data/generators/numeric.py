"""Tolerance checks shared by the generator recomputation tests."""

import re

# A number as generators print it: sign, thousands commas, decimals, exponent.
NUM = re.compile(r"-?\d[\d,]*(?:\.\d+)?(?:e[-+]?\d+)?")


def close(answer: str, value: float) -> None:
    txt = NUM.search(answer).group(0)
    x = float(txt.replace(",", ""))
    if "e" in txt:
        tol = abs(value) * 6e-3
    else:
        decimals = len(txt.split(".")[1]) if "." in txt else 0
        tol = 0.5 * 10 ** -decimals * 1.01 + 1e-9
    assert abs(x - value) <= tol, (answer, value)
