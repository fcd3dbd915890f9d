"""Domain tests for the `stock` generator: every computable answer is recomputed here
from metadata["inputs"] with the formulas written out again (not imported), and
the disclaimer / fictional-issuer rules are checked."""

from __future__ import annotations

import collections
import math
import re
import statistics
from decimal import ROUND_FLOOR, Decimal

import pytest

from ech0.data.generators import get_generator
from ech0.data.generators.contract import FINAL_ANSWER_PREFIX, STOCK_DISCLAIMER
from ech0.data.rows import first_user, messages, reference

SEED = 7
N = 1400   # ~50 rows per template, so every formula variant shows up


@pytest.fixture(scope="module")
def rows():
    # The task rows; refusal rows are tests/data/generators/test_refusals.py's.
    return [r for r in get_generator("stock").rows(N, SEED) if not r["metadata"].get("refusal")]


def _num(answer: str) -> float:
    return float(answer.replace("$", "").replace(",", "").replace("%", "").strip())


def _decimals(answer: str) -> int:
    m = re.search(r"\.(\d+)", answer)
    return len(m.group(1)) if m else 0


def _matches(answer: str, expected: float | str) -> bool:
    """A string `expected` is the displayed answer itself; a number is it rounded to the shown decimals."""
    if isinstance(expected, str):
        return answer == expected
    tol = 0.5 * 10 ** -_decimals(answer) + 1e-9 * max(1.0, abs(expected))
    return abs(_num(answer) - expected) <= tol


def _sma(xs, n):
    return sum(xs[-n:]) / n


def _ema(xs, n):
    k = 2 / (n + 1)
    e = sum(xs[:n]) / n
    for x in xs[n:]:
        e = e + k * (x - e)          # algebraically the same as k*x + (1-k)*e
    return e


def _rsi(xs):
    ch = [b - a for a, b in zip(xs, xs[1:])]
    up = sum(c for c in ch if c > 0)
    down = sum(-c for c in ch if c < 0)
    return 100 * up / (up + down)    # = 100 - 100/(1 + up/down)


def _mdd(xs):
    worst, peak = 0.0, xs[0]
    for x in xs:
        peak = max(peak, x)
        worst = max(worst, 1 - x / peak)
    return worst * 100


def _cross(xs, fast, slow):
    f0, s0 = _sma(xs[:-1], fast), _sma(xs[:-1], slow)
    f1, s1 = _sma(xs, fast), _sma(xs, slow)
    if f0 <= s0 and f1 > s1:
        return "bullish crossover"
    if f0 >= s0 and f1 < s1:
        return "bearish crossover"
    return "no crossover"


def _shares(inp):
    entry, stop = Decimal(str(inp["entry"])), Decimal(str(inp["stop"]))
    budget = Decimal(inp["account"]) * Decimal(str(inp["risk_pct"])) / 100
    n = int((budget / (entry - stop)).to_integral_value(rounding=ROUND_FLOOR))
    if "cap_pct" in inp:
        cap = int((Decimal(inp["account"]) * inp["cap_pct"] / 100 / entry).to_integral_value(rounding=ROUND_FLOOR))
        n = min(n, cap)
    return n


def _kelly(i):
    return max(0.0, i["win_pct"] / 100 - (1 - i["win_pct"] / 100) / i["payoff"])


# formula name -> recompute(inputs) -> value (float) or exact string
RECOMPUTE = {
    "pe_ratio": lambda i: i["price"] / i["eps"],
    "pe_from_net_income": lambda i: i["price"] * i["shares_m"] / i["net_income_m"],
    "forward_pe": lambda i: i["price"] / (i["eps"] * (100 + i["growth_pct"]) / 100),
    "peg": lambda i: i["pe"] / i["growth_pct"],
    "peg_from_price": lambda i: i["price"] / i["eps"] / i["growth_pct"],
    "peg_from_cagr": lambda i: (i["price"] / i["eps_end"])
    / (100 * (math.exp(math.log(i["eps_end"] / i["eps_start"]) / i["years"]) - 1)),
    "dividend_yield": lambda i: 100 * i["dps"] / i["price"],
    "dividend_yield_quarterly": lambda i: 400 * i["quarterly_dps"] / i["price"],
    "dividend_yield_payout": lambda i: i["eps"] * i["payout_pct"] / i["price"],
    "cagr": lambda i: 100 * (math.exp(math.log(i["end"] / i["start"]) / i["years"]) - 1),
    "gordon_d1": lambda i: 100 * i["d1"] / (i["r_pct"] - i["g_pct"]),
    "gordon_d0": lambda i: 100 * i["d0"] * (1 + i["g_pct"] / 100) / (i["r_pct"] - i["g_pct"]),
    "sma": lambda i: _sma(i["prices"], i["period"]),
    "ema": lambda i: _ema(i["prices"], i["period"]),
    "rsi": lambda i: _rsi(i["prices"]),
    "ma_crossover": lambda i: _cross(i["prices"], i["fast"], i["slow"]),
    "put_call_ratio": lambda i: sum(i["puts"]) / sum(i["calls"]),
    "days_to_cover": lambda i: i["short_interest"] * len(i["volumes"]) / sum(i["volumes"]),
    "bull_bear_spread": lambda i: statistics.fmean(b - s for b, s in zip(i["bullish_pct"], i["bearish_pct"])),
    "advance_decline": lambda i: str(i["start"] + sum(i["advances"]) - sum(i["declines"])),
    "cpi_inflation": lambda i: 100 * (i["cpi_end"] - i["cpi_start"]) / i["cpi_start"],
    "cpi_annualised_monthly": lambda i: 100 * ((i["cpi"][-1] / i["cpi"][-2]) ** 12 - 1),
    "real_wage_change": lambda i: 100 * ((100 + i["wage_pct"]) * i["cpi_start"] / (100 * i["cpi_end"]) - 1),
    "fisher_approx": lambda i: i["nominal_pct"] - i["inflation_pct"],
    "fisher_exact": lambda i: 100 * (i["nominal_pct"] - i["inflation_pct"]) / (100 + i["inflation_pct"]),
    "fisher_after_tax": lambda i: 100 * (i["nominal_pct"] * (1 - i["tax_pct"] / 100) - i["inflation_pct"])
    / (100 + i["inflation_pct"]),
    "gdp_annualised_rate": lambda i: 100 * ((1 + i["q_pct"] / 100) ** 4 - 1),
    "gdp_annualised_levels": lambda i: 100 * ((i["gdp_end"] / i["gdp_start"]) ** 4 - 1),
    "unemployment_rate": lambda i: 100 * i["unemployed"] / (i["employed"] + i["unemployed"]),
    "unemployment_after_discouraged": lambda i: 100 * (i["unemployed"] - i["left_labour_force"])
    / (i["employed"] + i["unemployed"] - i["left_labour_force"]),
    "sharpe": lambda i: (i["return_pct"] - i["rf_pct"]) / i["vol_pct"],
    "sharpe_monthly_annualised": lambda i: (12 * i["monthly_mean_pct"] - i["rf_pct"])
    / (i["monthly_sd_pct"] * math.sqrt(12)),
    "sharpe_from_returns": lambda i: (statistics.fmean(i["returns_pct"]) - i["rf_pct"]) / statistics.stdev(i["returns_pct"]),
    "max_drawdown": lambda i: _mdd(i["prices"]),
    "parametric_var": lambda i: i["z"] * i["daily_vol_pct"] / 100 * i["value"] * math.sqrt(i["days"]),
    "beta_corr": lambda i: i["rho"] * i["vol_stock_pct"] / i["vol_market_pct"],
    "beta_cov": lambda i: i["cov"] / i["vol_market_pct"] ** 2,
    "portfolio_return": lambda i: (sum(w * r for w, r in zip(i["weights_pct"], i["returns_pct"])) / 100
                                   if "weights_pct" in i else
                                   sum(a * r for a, r in zip(i["amounts"], i["returns_pct"])) / sum(i["amounts"])),
    "two_asset_vol": lambda i: math.sqrt(
        (i["w1_pct"] / 100 * i["vol1_pct"]) ** 2 + ((100 - i["w1_pct"]) / 100 * i["vol2_pct"]) ** 2
        + 2 * i["rho"] * (i["w1_pct"] / 100 * i["vol1_pct"]) * ((100 - i["w1_pct"]) / 100 * i["vol2_pct"])),
    "capm": lambda i: i["rf_pct"] + i["beta"] * (i["rm_pct"] - i["rf_pct"]),
    "capm_alpha": lambda i: i["forecast_pct"] - (i["rf_pct"] + i["beta"] * (i["rm_pct"] - i["rf_pct"])),
    "compound_interest": lambda i: i["principal"] * math.exp(i["n"] * i["years"] * math.log1p(i["rate_pct"] / 100 / i["n"])),
    "compound_continuous": lambda i: i["principal"] * math.exp(i["rate_pct"] / 100 * i["years"]),
    "position_size": lambda i: str(_shares(i)),
    "position_size_capped": lambda i: str(_shares(i)),
    "breakeven_win_rate": lambda i: 100 * (i["entry"] - i["stop"]) / (i["target"] - i["stop"]),
    "expected_value_per_share": lambda i: i["win_pct"] / 100 * (i["target"] - i["entry"] - i["cost"])
    - (1 - i["win_pct"] / 100) * (i["entry"] - i["stop"] + i["cost"]),
    "kelly": lambda i: 100 * _kelly(i),
    "kelly_stake": lambda i: i["account"] * _kelly(i) * i["fraction"],
}


def test_every_answer_recomputes(rows):
    seen = collections.Counter()
    for r in rows:
        md = r["metadata"]
        f = md["formula"]
        assert f in RECOMPUTE, f"no independent check for formula {f}"
        expected = RECOMPUTE[f](md["inputs"])
        seen[f] += 1
        assert _matches(md["answer"], expected), (f, md["inputs"], md["answer"], expected)
    assert set(seen) == set(RECOMPUTE), f"formulas never generated: {set(RECOMPUTE) - set(seen)}"


def test_disclaimer_is_first_line_and_final_answer_last(rows):
    for r in rows:
        assert all(m["content"].startswith(STOCK_DISCLAIMER + "\n") for m in messages(r) if m["role"] == "assistant")
        assert reference(r).splitlines()[-1] == FINAL_ANSWER_PREFIX + r["metadata"]["answer"]


def test_categories_and_templates(rows):
    gen = get_generator("stock")
    assert set(gen.categories) == {"fundamental_analysis", "technical_analysis", "market_sentiment",
                                   "economic_indicators", "risk_assessment", "portfolio_theory", "trading_strategies"}
    assert {r["category"] for r in rows} == set(gen.categories)
    per_cat = collections.defaultdict(set)
    for r in rows:
        per_cat[r["category"]].add(r["metadata"]["template"])
    assert all(len(t) >= 3 for t in per_cat.values()), per_cat
    assert sum(len(t) for t in per_cat.values()) >= 20


def test_issuers_are_fictional(rows):
    """Any ticker mentioned is introduced as fictional and contains Q, X or Z."""
    seen = 0
    for r in rows:
        for m in re.finditer(r"\(ticker ([A-Z]{3,4})\)|ticker ([A-Z]{3,4}) \(|fictional firm, [A-Za-z ]+ \(([A-Z]{3,4})\)", first_user(r)):
            tick = next(g for g in m.groups() if g)
            assert set(tick) & set("QXZ"), tick
            seen += 1
        if "ticker" in first_user(r):
            assert re.search(r"hypothetical|fictional|made-up", first_user(r)), first_user(r)
    assert seen > 300, "the ticker pattern should match the generator's phrasing"


def test_fact_constants():
    # One-tailed standard normal quantiles used for VaR.
    assert abs(statistics.NormalDist().inv_cdf(0.95) - 1.645) < 1e-3
    assert abs(statistics.NormalDist().inv_cdf(0.99) - 2.326) < 1e-3
    for r in get_generator("stock").rows(700, 3):
        if r["metadata"].get("formula") == "parametric_var":
            assert r["metadata"]["inputs"]["z"] in (1.645, 2.326)


def test_difficulty_means_more_work(rows):
    by = collections.defaultdict(list)
    for r in rows:
        by[r["difficulty"]].append(reference(r).count("\n"))
    assert statistics.fmean(by["easy"]) < statistics.fmean(by["hard"])


def test_no_pii_like_text(rows):
    pats = (r"\b\d{3}[-. ]\d{3}[-. ]\d{4}\b", r"\b\d+\.\d+\.\d+\.\d+\b", r"\d{13,}", r"\b\d{3}-\d{2}-\d{4}\b", r"@")
    for r in rows:
        text = "\n".join(m["content"] for m in messages(r))
        for p in pats:
            assert not re.search(p, text), (p, text)
