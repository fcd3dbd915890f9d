"""Domain tests for the `crypto` generator: answers recomputed from metadata["inputs"]
with independently written formulas, protocol facts checked against known values,
the disclaimer rule and the no-full-address rule."""

from __future__ import annotations

import collections
import math
import re
import statistics
from decimal import Decimal

import pytest

from ech0.data.generators import get_generator
from ech0.data.generators.contract import CRYPTO_DISCLAIMER, FINAL_ANSWER_PREFIX
from ech0.data.rows import messages, reference

SEED = 7
N = 1400
SAT = 100_000_000


@pytest.fixture(scope="module")
def rows():
    # The task rows; refusal rows are tests/data/generators/test_refusals.py's.
    return [r for r in get_generator("crypto").rows(N, SEED) if not r["metadata"].get("refusal")]


_NUM = re.compile(r"[-+]?\d*\.?\d+(?:e[+-]\d+)?")


def _close(answer: str, expected: float) -> bool:
    """`answer` (with $, commas, %, units) equals `expected` rounded to the digits it shows."""
    tok = _NUM.search(answer.replace("$", "").replace(",", "")).group(0)
    mant, _, exp = tok.partition("e")
    dec = len(mant.split(".")[1]) if "." in mant else 0
    if exp:   # scientific notation d.ddde+XX: compare relatively
        return math.isclose(float(tok), expected, rel_tol=0.5 * 10 ** -dec * 1.01)
    return abs(float(tok) - expected) <= 0.5 * 10 ** -dec + 1e-9 * max(1.0, abs(expected))


# --- independent formulas ------------------------------------------------------------
def subsidy_sats(h):
    return 50 * SAT // 2 ** (h // 210_000)   # integer division = Bitcoin Core's right shift


def issued_sats(n):
    """Subsidy of heights 0..n-1: each era contributes (blocks in that era) x (its subsidy)."""
    return sum(max(0, min(210_000, n - e * 210_000)) * (50 * SAT // 2 ** e) for e in range(64))


def btc_sats(answer: str) -> int:
    return int(Decimal(answer.replace(" BTC", "").replace(",", "")) * SAT)


def attacker_p(q, z):
    """Nakamoto (2008) section 11, written directly with factorials."""
    p = 1 - q
    lam = z * q / p
    return 1 - sum(lam ** k * math.exp(-lam) / math.factorial(k) * (1 - (q / p) ** (z - k)) for k in range(z + 1))


def vest(i):
    tge = i["total"] * i["tge_pct"] // 100
    monthly = (i["total"] - tge) // i["vest_months"]
    return tge + sum(monthly for month in range(1, i["month"] + 1) if i["cliff"] < month <= i["cliff"] + i["vest_months"])


def amm_out(i):
    k = i["x"] * i["y"]
    return i["y"] - k / (i["x"] + i["dx"] * (1 - i["fee"]))


def perp_liq(i):
    move = 1 / i["leverage"] - i["mmr_pct"] / 100   # adverse move that wipes margin down to maintenance
    return i["entry"] * (1 - move) if i["side"] == "long" else i["entry"] * (1 + move)


def roe(i):
    qty = i["margin"] * i["leverage"] / i["entry"]
    sign = 1 if i["side"] == "long" else -1
    pnl = sign * qty * (i["exit"] - i["entry"]) - i["fee_pct"] / 100 * qty * (i["entry"] + i["exit"])
    return 100 * pnl / i["margin"]


def multisig_stuck(i):
    m, n, p = i["m"], i["n"], i["p_loss_pct"] / 100
    ok = sum(math.comb(n, k) * (1 - p) ** k * p ** (n - k) for k in range(m, n + 1))
    return 100 * (1 - ok)


def min_z(q):
    z = 0
    while attacker_p(q, z) >= 0.001:
        z += 1
    return z


def retarget(i):
    factor = 14 / i["actual_days"]
    return 100 * (min(4.0, max(0.25, factor)) - 1)


RECOMPUTE = {
    "btc_subsidy": lambda i: ("sats", subsidy_sats(i["height"])),
    "btc_issued": lambda i: ("sats", issued_sats(i["n_blocks"])),
    "halving_days": lambda i: ((i["height"] // 210_000 + 1) * 210_000 - i["height"]) * i["block_minutes"] / 1440,
    # blocks after the tip and before the halving block all pay the tip's subsidy
    "halving_issuance": lambda i: ("sats", sum(subsidy_sats(h) for h in range(i["height"] + 1, (i["height"] // 210_000 + 1) * 210_000))),
    "merkle_proof_hashes": lambda i: str((i["n_tx"] - 1).bit_length()),
    "merkle_proof_bytes": lambda i: f"{32 * (i['n_tx'] - 1).bit_length()} bytes",
    "difficulty_retarget": retarget,
    "market_cap": lambda i: i["price"] * i["circulating"],
    "mc_fdv_ratio": lambda i: 100 * i["circulating"] / i["max_supply"],
    "price_for_fdv": lambda i: i["target_value"] / i["max_supply"],
    "nvt": lambda i: i["network_value"] / statistics.fmean(i["volumes"]),
    "annualised_vol": lambda i: 100 * math.sqrt(365) * statistics.stdev(
        [b / a - 1 for a, b in zip(i["prices"], i["prices"][1:])]),
    "dca_average_cost": lambda i: statistics.harmonic_mean(i["prices"]),
    "dca_return": lambda i: 100 * (i["price_now"] / statistics.harmonic_mean(i["prices"]) - 1),
    # LP value / HODL value - 1 for a 50/50 constant-product pool: sqrt(ab) / ((a+b)/2) - 1.
    "impermanent_loss": lambda i: 100 * (math.sqrt(i["a"] * i["b"]) / ((i["a"] + i["b"]) / 2) - 1),
    "amm_out": amm_out,
    "price_impact": lambda i: 100 * i["dx"] / (i["x"] + i["dx"]),
    "health_factor": lambda i: i["amount"] * i["price"] * i["lt_pct"] / 100 / i["debt"],
    "liquidation_price": lambda i: i["debt"] / (i["amount"] * i["lt_pct"] / 100),
    "vesting": lambda i: f"{vest(i):,}",
    "unlock_dilution": lambda i: 100 * i["unlock"] / i["circulating"],
    "price_constant_mcap": lambda i: i["price"] * i["circulating"] / (i["circulating"] + i["unlock"]),
    "staking_apy": lambda i: 100 * ((1 + i["apr_pct"] * (1 - i["commission_pct"] / 100) / 100 / i["n"]) ** i["n"] - 1),
    "staking_real_yield": lambda i: 100 * (((1 + i["apr_pct"] * (1 - i["commission_pct"] / 100) / 100 / i["n"]) ** i["n"])
                                           / (1 + i["inflation_pct"] / 100) - 1),
    "net_inflation": lambda i: 100 * (i["emission"] - i["burn"]) / i["supply"],
    "net_inflation_fee_burn": lambda i: 100 * (i["emission"] - i["tx_per_day"] * 365 * i["fee"] * i["burn_share_pct"] / 100)
    / i["supply"],
    "gas_fee": lambda i: i["gas"] * (i["base_gwei"] + i["priority_gwei"]) * 1e-9,
    "gas_fee_capped": lambda i: i["gas"] * (i["base_gwei"] + min(i["priority_gwei"], i["max_fee_gwei"] - i["base_gwei"])) * 1e-9,
    "eip1559_burn": lambda i: sum(g * b for g, b in i["blocks"]) * 1e-9,
    "eip1559_net_supply": lambda i: i["issued_eth"] - sum(g * b for g, b in i["blocks"]) * 1e-9,
    "base_fee_next": lambda i: i["base_gwei"] * (1 + (i["gas_used"] - i["gas_limit"] / 2) / (i["gas_limit"] / 2) / 8),
    "base_fee_repeat": lambda i: i["base_gwei"] * (9 / 8 if i["full"] else 7 / 8) ** i["blocks"],
    "funding": lambda i: (-1 if i["side"] == "long" else 1) * i["size"] * i["mark"] * sum(i["rates_pct"]) / 100,
    "perp_liquidation_price": perp_liq,
    "arbitrage": lambda i: (i["qty"] - i["transfer"]) * i["pb"] * (1 - i["fee_b_pct"] / 100)
    - i["qty"] * i["pa"] * (1 + i["fee_a_pct"] / 100),
    "leveraged_roe": roe,
    "nakamoto_probability": lambda i: attacker_p(i["q"], i["z"]),
    "nakamoto_min_z": lambda i: str(min_z(i["q"])),
    "multisig_loss_probability": multisig_stuck,
    "bip39_missing_words_hours": lambda i: 2048 ** i["missing"] * (1 if i["positions_known"] else math.comb(i["words"], i["missing"]))
    / i["rate"] / 3600,
    "brute_force_years": lambda i: 2 ** i["bits"] / 2 / i["rate"] / (365.25 * 24 * 3600),
}


def test_every_answer_recomputes(rows):
    seen = collections.Counter()
    for r in rows:
        md = r["metadata"]
        if "formula" not in md:
            assert md["template"] == "crypto.smart_contracts.contract_review"
            continue
        f = md["formula"]
        assert f in RECOMPUTE, f
        exp = RECOMPUTE[f](md["inputs"])
        seen[f] += 1
        if isinstance(exp, tuple):
            assert btc_sats(md["answer"]) == exp[1], (f, md["inputs"], md["answer"], exp)
        elif isinstance(exp, str):
            assert md["answer"] == exp, (f, md["inputs"], md["answer"], exp)
        else:
            assert _close(md["answer"], exp), (f, md["inputs"], md["answer"], exp)
    assert set(seen) == set(RECOMPUTE), set(RECOMPUTE) - set(seen)


def test_bitcoin_facts():
    from ech0.data.generators.crypto import generator as c
    assert subsidy_sats(0) == 50 * SAT and subsidy_sats(209_999) == 50 * SAT
    assert subsidy_sats(210_000) == 25 * SAT and subsidy_sats(840_000) == 3.125 * SAT
    # All subsidies ever: 20,999,999.9769 BTC (satoshi truncation keeps it under 21M).
    total = sum(210_000 * (50 * SAT // 2 ** e) for e in range(64))
    assert total == 2_099_999_997_690_000 == c.BTC_MAX_SUPPLY_SATS
    assert [h for h, _ in c.BTC_HALVINGS] == [210_000, 420_000, 630_000, 840_000]
    assert c.BTC_RETARGET_BLOCKS * c.BTC_TARGET_BLOCK_MINUTES == c.BTC_RETARGET_DAYS * 24 * 60
    assert c.ETH_TRANSFER_GAS == 21_000 and c.EIP1559_DENOMINATOR == 8 and c.UNISWAP_V2_FEE == 0.003


def test_whitepaper_values():
    # Nakamoto (2008), section 11 tables.
    assert f"{attacker_p(0.1, 5):.7f}" == "0.0009137"
    assert f"{attacker_p(0.3, 5):.7f}" == "0.1773523"
    assert f"{attacker_p(0.3, 10):.7f}" == "0.0416605"
    assert [min_z(q) for q in (0.10, 0.15, 0.20, 0.25, 0.30)] == [5, 8, 11, 15, 24]


def test_impermanent_loss_known_values():
    il = lambda k: 2 * math.sqrt(k) / (1 + k) - 1  # noqa: E731
    assert round(il(2) * 100, 2) == -5.72 and round(il(4) * 100, 2) == -20.0 and il(1) == 0


def test_bip39_entropy_table():
    # BIP-39: 12/15/18/21/24 words <-> 128/160/192/224/256 bits of entropy.
    assert {w: w * 11 * 32 // 33 for w in (12, 15, 18, 21, 24)} == {12: 128, 15: 160, 18: 192, 21: 224, 24: 256}


def test_disclaimer_first_and_final_answer_last(rows):
    for r in rows:
        assert all(m["content"].startswith(CRYPTO_DISCLAIMER + "\n") for m in messages(r) if m["role"] == "assistant")
        lines = reference(r).splitlines()
        if "answer" in r["metadata"]:
            assert lines[-1] == FINAL_ANSWER_PREFIX + r["metadata"]["answer"]


def test_no_full_addresses_or_hashes(rows):
    for r in rows:
        text = "\n".join(m["content"] for m in messages(r))
        assert not re.search(r"0x[0-9a-fA-F]{6,}", text)
        assert not re.search(r"\b[0-9a-fA-F]{32,}\b", text)
        assert not re.search(r"\b(bc1|[13])[a-km-zA-HJ-NP-Z1-9]{25,}\b", text)
        assert not re.search(r"\d{13,}", text)


def test_categories_templates_difficulty(rows):
    gen = get_generator("crypto")
    assert set(gen.categories) == {"blockchain_fundamentals", "cryptocurrency_analysis", "defi_protocols", "tokenomics",
                                   "smart_contracts", "crypto_markets", "security_analysis"}
    per_cat = collections.defaultdict(set)
    for r in rows:
        per_cat[r["category"]].add(r["metadata"]["template"])
    assert set(per_cat) == set(gen.categories)
    assert all(len(t) >= 3 for t in per_cat.values())
    assert {r["difficulty"] for r in rows} == {"easy", "medium", "hard"}
