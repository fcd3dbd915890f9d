"""crypto's rubric (src/ech0/data/generators/crypto/rubric.py): the crypto disclaimer
word for word, plus the worked-answer checks."""

from __future__ import annotations

from ech0.data.generators.contract import CRYPTO_DISCLAIMER, STOCK_DISCLAIMER
from ech0.data.generators.crypto.rubric import checks
from tests.data.generators.rubric_rows import eval_rows


def test_only_the_crypto_disclaimer_counts():
    assert checks("p", f"Answer.\n{CRYPTO_DISCLAIMER.lower()}", {}) == {"disclaimer_present": True}
    assert not checks("p", f"Answer.\n{STOCK_DISCLAIMER}", {})["disclaimer_present"]
    assert not checks("p", "Disclaimer: Educational purposes only.", {})["disclaimer_present"]


def test_removing_the_disclaimer_fails():
    for r in eval_rows("crypto"):
        without = r["completion"].replace(CRYPTO_DISCLAIMER, "")
        assert not checks(r["prompt"], without, r["metadata"])["disclaimer_present"]
