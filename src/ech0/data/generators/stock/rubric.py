"""stock's rubric: ech0.eval.common.finance_rubric bound to STOCK_DISCLAIMER
(generators/contract.py), which a stock answer, a refusal included, must carry
word for word; the worked-answer checks come with it.
"""

from __future__ import annotations

from ech0.data.generators.contract import STOCK_DISCLAIMER
from ech0.eval.common import finance_rubric

__all__ = ["checks", "REFUSAL_DISCLAIMER"]

REFUSAL_DISCLAIMER = STOCK_DISCLAIMER
checks = finance_rubric(STOCK_DISCLAIMER)
