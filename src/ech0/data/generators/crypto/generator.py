"""Cryptocurrency and blockchain examples (domain `crypto`).

Categories (from the original guide's "Domain Coverage"): blockchain_fundamentals,
cryptocurrency_analysis, defi_protocols, tokenomics, smart_contracts,
crypto_markets, security_analysis.

Nearly every example is a worked calculation (halving schedule, Merkle proofs,
difficulty retargeting, impermanent loss, constant-product swaps, EIP-1559
fees, vesting, funding, Nakamoto's double-spend probability, ...). The answer
is computed here. The completion opens with CRYPTO_DISCLAIMER as its first
line (never cut off by a generation budget; see the stock generator), then shows the
steps and ends with `Final answer: ...`. `extra["inputs"]` and
`extra["formula"]` let a test recompute every answer.

Sources policy: protocol constants are facts with their source in a comment
(Bitcoin whitepaper and Bitcoin Core consensus code, EIP-1559, BIP-39, the
Uniswap v2 whitepaper). Tokens, exchanges and protocols in the scenarios are
fictional, and parameters such as a liquidation threshold or funding interval
are stated as premises of the exercise, not claims about a real venue.
Addresses and hashes are never written out; text only describes them.

The name, phrase and vulnerability banks are in banks.yaml beside this file.
"""

from __future__ import annotations

import math

from ech0.data.generators.banks import load_banks
from ech0.data.generators.contract import CRYPTO_DISCLAIMER, DIFFICULTIES, DomainGenerator, Example, follow_up, open_form, pick
from ech0.data.generators.formatting import money, percent, row_builder, worked
from ech0.data.generators.refusals import Refuses

_BANKS = load_banks(__package__)

# --- protocol facts ------------------------------------------------------------
# Bitcoin Core, src/validation.cpp GetBlockSubsidy: nSubsidy = 50 * COIN >> (height / nSubsidyHalvingInterval),
# with nSubsidyHalvingInterval = 210,000 (src/kernel/chainparams.cpp) and COIN = 100,000,000 satoshis.
BTC_INITIAL_SUBSIDY_SATS = 50 * 100_000_000
BTC_HALVING_INTERVAL = 210_000
BTC_TARGET_BLOCK_MINUTES = 10            # Nakamoto (2008), "Bitcoin: A Peer-to-Peer Electronic Cash System"
BTC_RETARGET_BLOCKS = 2016               # Bitcoin Core: nPowTargetTimespan = 14 days / nPowTargetSpacing = 10 min
BTC_RETARGET_DAYS = 14
BTC_RETARGET_CLAMP = 4                   # Bitcoin Core pow.cpp: actual timespan clamped to [target/4, target*4]
# Sum of all subsidies with satoshi truncation: 2,099,999,997,690,000 sats = 20,999,999.9769 BTC.
BTC_MAX_SUPPLY_SATS = sum(BTC_HALVING_INTERVAL * (BTC_INITIAL_SUBSIDY_SATS >> i) for i in range(64))
# Halving heights and (UTC) dates: 210,000 on 2012-11-28, 420,000 on 2016-07-09, 630,000 on 2020-05-11,
# 840,000 on 2024-04-20 (block timestamps of those heights).
BTC_HALVINGS = ((210_000, "November 2012"), (420_000, "July 2016"), (630_000, "May 2020"), (840_000, "April 2024"))
# Ethereum: 1 gwei = 1e9 wei, 1 ETH = 1e18 wei; a plain ETH transfer costs 21,000 gas (Yellow Paper, G_transaction).
ETH_TRANSFER_GAS = 21_000
# EIP-1559 (London upgrade, August 2021): base fee burned; ELASTICITY_MULTIPLIER = 2 (target = limit / 2);
# BASE_FEE_MAX_CHANGE_DENOMINATOR = 8 (at most +/-12.5% per block).
EIP1559_DENOMINATOR = 8
# BIP-39: 2048-word list (11 bits per word); checksum = ENT / 32 bits; words = (ENT + ENT/32) / 11.
BIP39_WORDS = 2048
# Uniswap v2 whitepaper (Adams, Zinsmeister, Robinson, 2020): constant product x*y = k, 0.30% LP fee.
UNISWAP_V2_FEE = 0.003



def _token(rng):
    return rng.choice(_BANKS["tokens"])


# --- formatting ------------------------------------------------------------------
def _btc(sats: int) -> str:
    """Exact BTC from integer satoshis, trailing zeros trimmed: 312500000 -> '3.125 BTC'."""
    whole, frac = divmod(sats, 100_000_000)
    s = f"{whole:,}"
    if frac:
        s += "." + f"{frac:08d}".rstrip("0")
    return s + " BTC"


def _eth(x: float) -> str:
    return f"{x:.8f} ETH"


# Every completion opens with the disclaimer (why first: see the stock generator).
_example = row_builder("crypto", first_line=CRYPTO_DISCLAIMER, remarks=_BANKS["remarks"])


_ASK = _BANKS["ask"]
_SHOW = _BANKS["show"]


# =============================================================================
# blockchain_fundamentals
# =============================================================================
def _subsidy_sats(height: int) -> int:
    return BTC_INITIAL_SUBSIDY_SATS >> (height // BTC_HALVING_INTERVAL)


def _issued_sats(n_blocks: int) -> int:
    """Total subsidy of heights 0 .. n_blocks-1."""
    total, era = 0, 0
    while n_blocks > 0:
        k = min(n_blocks, BTC_HALVING_INTERVAL)
        total += k * (BTC_INITIAL_SUBSIDY_SATS >> era)
        n_blocks -= k
        era += 1
    return total


def _btc_subsidy(rng):
    d = rng.choice(DIFFICULTIES)
    if d == "hard":
        n = rng.randint(1, 40) * 52_500 + rng.randint(0, 52_499)
        sats = _issued_sats(n)
        eras = n // BTC_HALVING_INTERVAL
        prompt = (f"Ignoring lost coins and fees, {pick(rng, _ASK).lower()} how many bitcoin the block subsidy has created "
                  f"in the first {n:,} blocks (heights 0 to {n - 1:,}). {pick(rng, _SHOW)}")
        lines = [f"The subsidy starts at 50 BTC and halves every {BTC_HALVING_INTERVAL:,} blocks."]
        left = n
        for era in range(eras + 1):
            k = min(left, BTC_HALVING_INTERVAL)
            if k <= 0:
                break
            lines.append(f"- era {era}: {k:,} blocks x {_btc(BTC_INITIAL_SUBSIDY_SATS >> era)} = "
                         f"{_btc(k * (BTC_INITIAL_SUBSIDY_SATS >> era))}")
            left -= k
        lines.append(f"Sum = {_btc(sats)}, which is {sats / BTC_MAX_SUPPLY_SATS * 100:.2f}% of the eventual "
                     f"{_btc(BTC_MAX_SUPPLY_SATS)} cap.")
        return _example("blockchain_fundamentals.btc_subsidy", d, prompt, lines, _btc(sats), "btc_issued",
                        {"n_blocks": n})
    h = rng.randint(0, 3_400_000) if d == "medium" else rng.randint(0, 1_200_000)
    era = h // BTC_HALVING_INTERVAL
    sats = _subsidy_sats(h)
    prompt = rng.choice((f"What is the Bitcoin block subsidy at block height {h:,}?",
                         f"{pick(rng, _ASK)} the newly minted BTC (the block subsidy, excluding fees) in Bitcoin block {h:,}.",
                         f"A miner finds block {h:,}. How much subsidy may its coinbase claim, fees aside?"))
    if d == "medium":
        prompt += f" {pick(rng, _SHOW)}"
    lines = [f"Halvings so far = floor({h:,} / {BTC_HALVING_INTERVAL:,}) = {era}.",
             f"Subsidy = 50 BTC / 2^{era}" + (", computed in whole satoshis (5,000,000,000 sats shifted right "
                                               f"{era} bits, remainder dropped)" if era > 8 else "")
             + f" = {_btc(sats)}."]
    past = [f"{hh:,} ({when})" for hh, when in BTC_HALVINGS if hh <= h]
    if past and rng.random() < 0.5:
        lines.append("Halvings already happened at heights " + ", ".join(past) + ".")
    lines.append(rng.choice(("Miners also collect transaction fees, which matter more as the subsidy shrinks.",
                             f"The schedule caps supply just under 21 million: {_btc(BTC_MAX_SUPPLY_SATS)}.",
                             "Because the shift drops fractions of a satoshi, the subsidy reaches zero after 33 halvings.")))
    return _example("blockchain_fundamentals.btc_subsidy", d, prompt, lines, _btc(sats), "btc_subsidy", {"height": h})


def _halving_countdown(rng):
    d = rng.choice(DIFFICULTIES)
    h = rng.randint(1, 1_600_000)
    nxt = (h // BTC_HALVING_INTERVAL + 1) * BTC_HALVING_INTERVAL
    left = nxt - h
    mins = BTC_TARGET_BLOCK_MINUTES if d == "easy" else round(rng.uniform(9.2, 10.8), 1)
    days = left * mins / 1440
    prompt = (f"The Bitcoin chain tip is at height {h:,}. {pick(rng, _ASK)} how many blocks remain until the next halving"
              + (" and roughly how many days that is at the 10-minute target." if d == "easy" else
                 f" and how many days that takes if blocks keep arriving every {mins} minutes on average.")
              + f" {pick(rng, _SHOW)}")
    lines = [f"Next halving height = (floor({h:,} / {BTC_HALVING_INTERVAL:,}) + 1) x {BTC_HALVING_INTERVAL:,} = {nxt:,}.",
             f"Blocks remaining = {nxt:,} - {h:,} = {left:,}.",
             f"Time = {left:,} x {mins} min = {left * mins:,.1f} min = {days:.2f} days."]
    inputs = {"height": h, "block_minutes": mins}
    formula, answer = "halving_days", f"{days:.2f} days"
    if d == "hard":
        cur = _subsidy_sats(h)
        issued = (left - 1) * cur     # blocks h+1 .. nxt-1; block nxt already pays the halved subsidy
        prompt += " Also give the total subsidy of the blocks still to be mined before the halving block."
        lines.append(f"Blocks {h + 1:,} to {nxt - 1:,} ({left - 1:,} blocks) each mint {_btc(cur)}: "
                     f"{left - 1:,} x {_btc(cur)} = {_btc(issued)}; from block {nxt:,} the subsidy is {_btc(cur >> 1)}.")
        formula, answer = "halving_issuance", _btc(issued)
    return _example("blockchain_fundamentals.halving_countdown", d, prompt, lines, answer, formula, inputs, rng=rng)


def _merkle(rng):
    # Bitcoin's Merkle tree hashes pairs with double SHA-256 (32-byte digests) and duplicates the last hash
    # on odd levels (Nakamoto 2008, section 7-8; Bitcoin Core consensus/merkle.cpp), so a proof has
    # ceil(log2 n) hashes.
    d = rng.choice(DIFFICULTIES)
    n = rng.randint(2, 64) if d == "easy" else rng.randint(65, 6000)
    depth = math.ceil(math.log2(n))
    # guard against float error at exact powers of two
    while (1 << depth) < n:
        depth += 1
    while depth > 0 and (1 << (depth - 1)) >= n:
        depth -= 1
    prompt = (f"A Bitcoin block holds {n:,} transactions. {pick(rng, _ASK)} how many hashes a light client needs in a "
              f"Merkle inclusion proof for one transaction. {pick(rng, _SHOW)}")
    lines = ["The tree halves the number of nodes per level (an odd last node is paired with itself).",
             f"Levels above the leaves = ceil(log2({n:,})) = {depth}, since 2^{depth - 1} = {1 << (depth - 1):,} < {n:,} <= 2^{depth} = {1 << depth:,}.",
             f"The proof carries one sibling hash per level: {depth} hashes of 32 bytes = {depth * 32} bytes."]
    formula, answer, inputs = "merkle_proof_hashes", str(depth), {"n_tx": n}
    if d == "hard":
        size = rng.randint(200, 600)
        full = n * size
        lines.append(f"Downloading all transactions instead would take about {n:,} x {size} = {full:,} bytes, "
                     f"{full / (depth * 32):,.0f} times more.")
        prompt += f" Compare it with downloading every transaction at {size} bytes each (give the proof size in bytes)."
        formula, answer, inputs = "merkle_proof_bytes", f"{depth * 32} bytes", {"n_tx": n, "tx_bytes": size}
    return _example("blockchain_fundamentals.merkle_proof", d, prompt, lines, answer, formula, inputs, rng=rng)


def _retarget(rng):
    d = rng.choice(DIFFICULTIES)
    if d == "hard" and rng.random() < 0.5:
        actual = round(rng.choice((rng.uniform(1.5, 3.4), rng.uniform(58, 70))), 2)
    else:
        actual = round(rng.uniform(11, 17.5), 2)
    ratio = BTC_RETARGET_DAYS / actual
    clamped = min(max(ratio, 1 / BTC_RETARGET_CLAMP), BTC_RETARGET_CLAMP)
    change = (clamped - 1) * 100
    old = round(rng.uniform(10, 120), 2)
    prompt = (f"The last {BTC_RETARGET_BLOCKS:,} Bitcoin blocks took {actual} days instead of the {BTC_RETARGET_DAYS}-day "
              f"target. Difficulty is {old} trillion. {pick(rng, _ASK)} the percentage change at the retarget")
    prompt += ", remembering the protocol's factor-of-4 limit." if d == "hard" else "."
    avg = actual * 1440 / BTC_RETARGET_BLOCKS
    lines = [f"Average block time = {actual} x 1440 / {BTC_RETARGET_BLOCKS} = {avg:.2f} minutes.",
             f"New difficulty = old x target / actual = {old} x {BTC_RETARGET_DAYS} / {actual} (factor {ratio:.4f})."]
    if clamped != ratio:
        lines.append(f"The factor is clamped to [{1 / BTC_RETARGET_CLAMP}, {BTC_RETARGET_CLAMP}], so it becomes {clamped}.")
    lines.append(f"New difficulty = {old * clamped:.2f} trillion, a change of {change:.2f}%.")
    lines.append(rng.choice(("Faster blocks mean more hash power joined, so difficulty rises; slower blocks lower it.",
                             f"Retargeting every {BTC_RETARGET_BLOCKS:,} blocks keeps issuance close to the planned schedule.")))
    return _example("blockchain_fundamentals.difficulty_retarget", d, prompt, lines, percent(change),
                    "difficulty_retarget", {"actual_days": actual})


# =============================================================================
# cryptocurrency_analysis
# =============================================================================
def _mcap(rng):
    tok, d = _token(rng), rng.choice(DIFFICULTIES)
    price = round(rng.uniform(0.05, 300), 2)
    maxs = rng.randint(10, 2000) * 1_000_000
    circ = int(maxs * rng.uniform(0.08, 0.95) // 1000 * 1000)
    mc = price * circ
    fdv = price * maxs
    prompt = (f"A fictional token {tok} trades at {money(price, 2)} with {circ:,} tokens circulating and a maximum "
              f"supply of {maxs:,}. ")
    lines = [f"Market cap = price x circulating supply = {money(price, 2)} x {circ:,} = {money(mc, 2)}."]
    if d == "easy":
        prompt += f"{pick(rng, _ASK)} its market capitalisation."
        formula, answer = "market_cap", money(mc, 2)
    else:
        prompt += f"{pick(rng, _ASK)} the market cap, fully diluted valuation and the MC/FDV ratio. {pick(rng, _SHOW)}"
        lines += [f"FDV = price x max supply = {money(price, 2)} x {maxs:,} = {money(fdv, 2)}.",
                  f"MC / FDV = {circ:,} / {maxs:,} = {circ / maxs * 100:.2f}%."]
        formula, answer = "mc_fdv_ratio", percent(circ / maxs * 100)
        if d == "hard":
            target = round(mc * rng.uniform(1.5, 6), -3)
            p_need = target / maxs
            lines.append(f"For the fully diluted value to equal a {money(target, 2)} valuation once all tokens exist, "
                         f"the price would be {money(target, 2)} / {maxs:,} = {money(p_need, 2)}.")
            prompt += f" At what price would the fully diluted supply be worth {money(target, 2)}?"
            formula, answer = "price_for_fdv", money(p_need, 4)
    return _example("cryptocurrency_analysis.market_cap_fdv", d, prompt, lines, answer, formula,
                    {"price": price, "circulating": circ, "max_supply": maxs,
                     **({"target_value": target} if d == "hard" else {})}, rng=rng)


def _nvt(rng):
    # NVT ratio (network value to transactions), Willy Woo (2017): market cap / daily on-chain transfer volume.
    tok, d = _token(rng), rng.choice(DIFFICULTIES)
    mc = rng.randint(50, 5000) * 1_000_000
    days = {"easy": 1, "medium": 3, "hard": 7}[d]
    vols = [rng.randint(5, 400) * 100_000 for _ in range(days)]
    avg = sum(vols) / days
    nvt = mc / avg
    if days > 1:
        prompt = (f"The fictional chain {tok} is valued at {money(mc, 2)}. On-chain volume over {days} days was "
                  f"{', '.join(money(v, 2) for v in vols)}. {pick(rng, _ASK)} NVT using the average daily volume. {pick(rng, _SHOW)}")
        lines = [f"Average volume = {sum(vols):,} / {days} = {avg:,.2f}.",
                 f"NVT = {mc:,} / {avg:,.2f} = {nvt:.2f}."]
    else:
        prompt = (f"The fictional chain {tok} has a network value of {money(mc, 2)} and settled {money(vols[0], 2)} on-chain "
                  f"yesterday. {pick(rng, _ASK)} its NVT ratio.")
        lines = [f"NVT = network value / daily transaction volume = {mc:,} / {vols[0]:,} = {nvt:.2f}."]
    lines.append("A high NVT means the valuation is large relative to on-chain use, " if nvt > 60 else
                 "A lower NVT means heavy on-chain use relative to valuation, ")
    return _example("cryptocurrency_analysis.nvt_ratio", d, prompt, lines, f"{nvt:.2f}", "nvt",
                    {"network_value": mc, "volumes": vols}, rng=rng, join=True)


def _volatility(rng):
    tok, d = _token(rng), rng.choice(DIFFICULTIES)
    n = {"easy": 5, "medium": 6, "hard": 8}[d]
    ps = [round(rng.uniform(5, 500), 2)]
    for _ in range(n - 1):
        ps.append(round(ps[-1] * (1 + rng.gauss(0, 0.04)), 2))
    rets = [ps[i + 1] / ps[i] - 1 for i in range(n - 1)]
    m = sum(rets) / len(rets)
    sd = math.sqrt(sum((r - m) ** 2 for r in rets) / (len(rets) - 1))
    ann = sd * math.sqrt(365) * 100
    prompt = (f"Daily closes of the fictional token {tok}: {', '.join(f'{p:.2f}' for p in ps)}. {pick(rng, _ASK)} the "
              f"annualised volatility from simple daily returns (sample standard deviation, scaled by sqrt(365) "
              f"because crypto trades every day). {pick(rng, _SHOW)}")
    lines = ["Daily returns: " + ", ".join(f"{r * 100:+.3f}%" for r in rets) + ".",
             f"Mean = {m * 100:.4f}%; sample standard deviation = {sd * 100:.4f}%.",
             f"Annualised = {sd * 100:.4f}% x sqrt(365) = {sd * 100:.4f}% x {math.sqrt(365):.4f} = {ann:.2f}%.",
             rng.choice(("Equity markets use sqrt(252) because they trade about 252 days a year.",
                         "A handful of observations gives a very noisy estimate."))]
    return _example("cryptocurrency_analysis.annualised_volatility", d, prompt, lines, percent(ann), "annualised_vol",
                    {"prices": ps})


def _dca(rng):
    tok, d = _token(rng), rng.choice(DIFFICULTIES)
    amt = rng.choice((25, 50, 100, 200, 250, 500))
    n = {"easy": 3, "medium": 5, "hard": 6}[d]
    ps = [round(rng.uniform(0.5, 400), 2)]
    for _ in range(n - 1):
        ps.append(round(ps[-1] * (1 + rng.uniform(-0.2, 0.2)), 2))
    coins = [amt / p for p in ps]
    tot = sum(coins)
    avg = amt * n / tot
    prompt = (f"An investor buys {money(amt, 2)} of the fictional token {tok} every week for {n} weeks at prices "
              f"{', '.join(money(p, 2) for p in ps)}. {pick(rng, _ASK)} the average cost per token. {pick(rng, _SHOW)}")
    lines = ["Tokens bought each week: " + ", ".join(f"{c:.6f}" for c in coins) + ".",
             f"Total tokens = {tot:.6f}; total spent = {money(amt * n, 2)}.",
             f"Average cost = {money(amt * n, 2)} / {tot:.6f} = {money(avg, 2)}.",
             f"The simple average of the prices is {money(sum(ps) / n, 2)}; dollar-cost averaging buys more tokens when "
             "the price is low, so its cost (a harmonic mean) is never higher."]
    inputs = {"amount": amt, "prices": ps}
    formula, answer = "dca_average_cost", money(avg, 2)
    if d == "hard":
        now = round(ps[-1] * rng.uniform(0.6, 1.5), 2)
        pnl = (tot * now / (amt * n) - 1) * 100
        lines.append(f"At {money(now, 2)} the holding is worth {money(tot * now, 2)}, a {pnl:+.2f}% return.")
        prompt += f" What is the return if the price is now {money(now, 2)}?"
        inputs["price_now"] = now
        formula, answer = "dca_return", percent(pnl)
    return _example("cryptocurrency_analysis.dca", d, prompt, lines, answer, formula, inputs)


# =============================================================================
# defi_protocols
# =============================================================================
_MOVES = {0.25: "falls 75%", 0.5: "halves", 0.75: "falls 25%", 1.25: "rises 25%", 1.5: "rises 50%", 2: "doubles",
          3: "triples", 4: "quadruples", 5: "rises fivefold"}


def _il_pct(k: float) -> float:
    """Impermanent loss of a 50/50 constant-product pool without fees, in percent:
    IL = 2 sqrt(k) / (1 + k) - 1, k = relative price change of the two assets (Uniswap v2
    docs; Pintail, "Uniswap: A Good Deal for Liquidity Providers?", 2019)."""
    return (2 * math.sqrt(k) / (1 + k) - 1) * 100


def _il(rng):
    tok, d = _token(rng), rng.choice(DIFFICULTIES)
    dep = rng.randint(1, 100) * 500
    in_words = False
    if d == "easy":
        k = rng.choice((0.25, 0.5, 0.75, 1.25, 1.5, 2, 3, 4, 5))
        in_words = rng.random() < 0.5
        if in_words:
            # The guide's "Explain impermanent loss for a liquidity provider in an
            # ETH/USDC pool when ETH doubles": a move in words, an explanation first.
            pool = f"{'an' if tok[0] in 'AEIOU' else 'a'} {tok}/{rng.choice(('USDC', 'USDT', 'DAI'))} pool"
            prompt = rng.choice(("Explain impermanent loss for a liquidity provider in {p} when {t} {m}.",
                                 "Describe the impermanent loss of a liquidity provider in {p} when {t} {m}.",
                                 "What is the impermanent loss for a liquidity provider in {p} when {t} {m}?"))
            prompt = prompt.format(p=pool, t=tok, m=_MOVES[k])
            lines = [rng.choice(("Impermanent loss is how much less an LP position is worth than simply holding the two tokens, "
                                 "because the pool sells the rising token and buys the falling one as the price moves.",
                                 "The pool keeps x * y constant, so as the price moves it rebalances against the LP: "
                                 "the position ends up worth less than holding, and that gap is the impermanent loss.")),
                     f"IL = 2 sqrt(k) / (1 + k) - 1 with k = {k}.",
                     f"= 2 x {math.sqrt(k):.6f} / {1 + k} - 1"]
        else:
            prompt = (f"In a 50/50 constant-product pool on {rng.choice(_BANKS['protocols'])}, the price of {tok} relative to "
                      f"its pair changes by a factor of {k}. {pick(rng, _ASK)} the impermanent loss (ignore fees).")
            lines = [f"IL = 2 sqrt(k) / (1 + k) - 1 with k = {k}.",
                     f"= 2 x {math.sqrt(k):.6f} / {1 + k} - 1"]
        inputs = {"a": k, "b": 1}
    elif d == "medium":
        p0 = round(rng.uniform(0.5, 300), 2)
        p1 = round(p0 * rng.uniform(0.2, 4), 2)
        prompt = (f"A liquidity provider deposits {money(dep, 2)} into a 50/50 {tok}/stablecoin constant-product pool when "
                  f"{tok} is {money(p0, 2)}. Later {tok} is {money(p1, 2)}. {pick(rng, _ASK)} the impermanent loss versus holding, "
                  f"ignoring fees. {pick(rng, _SHOW)}")
        k = p1 / p0
        lines = [f"Price ratio k = {p1} / {p0} = {k:.6f}.",
                 f"IL = 2 sqrt(k) / (1 + k) - 1 = 2 x {math.sqrt(k):.6f} / {1 + k:.6f} - 1"]
        inputs = {"a": k, "b": 1, "p0": p0, "p1": p1}
    else:
        a = round(rng.uniform(0.3, 3.5), 2)
        b = round(rng.uniform(0.5, 2), 2)
        k = a / b
        prompt = (f"A {money(dep, 2)} position in a 50/50 constant-product pool pairs {tok} with another volatile token. "
                  f"{tok} moves by a factor of {a} and the other token by {b}. {pick(rng, _ASK)} the value if held, the LP "
                  f"value, and the impermanent loss (no fees). {pick(rng, _SHOW)}")
        hold = dep * (a + b) / 2
        lp = dep * math.sqrt(a * b)
        lines = [f"Held: half in each, {money(dep, 2)} x ({a} + {b}) / 2 = {money(hold, 2)}.",
                 f"LP: value scales with sqrt of the product of moves, {money(dep, 2)} x sqrt({a} x {b}) = {money(lp, 2)}.",
                 f"Only the relative move matters: k = {a} / {b} = {k:.6f}; IL = 2 sqrt(k) / (1 + k) - 1"]
        inputs = {"a": a, "b": b, "deposit": dep}
    il = _il_pct(k)
    lines[-1] += f" = {il:.2f}%."
    if d == "medium":
        lines.append(f"On {money(dep, 2)} that is {money(-il / 100 * dep * (1 + k) / 2, 2)} less than holding "
                     f"({money(dep * (1 + k) / 2, 2)} held vs {money(dep * math.sqrt(k), 2)} in the pool).")
    lines.append(rng.choice(("The loss is symmetric in k and 1/k and only becomes permanent if the LP withdraws at that price.",
                             "Trading fees earned can offset it; the formula assumes none.",
                             "A 2x move costs about 5.72%, a 4x move 20%: the loss grows with divergence.")))
    ex = _example("defi_protocols.impermanent_loss", d, prompt, lines, percent(il), "impermanent_loss", inputs)
    if not in_words:
        return ex
    if rng.random() < IL_FOLLOW_UP_SHARE:
        return open_form(_il_follow_up(rng, ex, tok, k, il))
    return open_form(ex)


# Every worded IL ask goes on to a second question answered in context ("And if
# it triples instead?"): 31 two-turn rows in 6,000 (at one in two, 16), so the
# multi-turn path (every assistant turn trained, the last one scored) runs in
# the default pipeline. The first exchange is trained as it was on its own.
IL_FOLLOW_UP_SHARE = 1.0


def _il_follow_up(rng, first: Example, tok: str, k: float, il: float) -> Example:
    k2 = rng.choice([m for m in _MOVES if m != k])
    prompt = rng.choice(("And if {t} {m} instead?", "What would the loss be if {t} {m} instead?",
                         "Same pool, but {t} {m}. How big is the impermanent loss then?")).format(t=tok, m=_MOVES[k2])
    il2 = _il_pct(k2)
    lines = [f"Same formula with k = {k2}: IL = 2 sqrt(k) / (1 + k) - 1 = 2 x {math.sqrt(k2):.6f} / {1 + k2} - 1 "
             f"= {il2:.2f}%.",
             f"{'A larger' if abs(il2) > abs(il) else 'A smaller'} loss than the {il:.2f}% at k = {k}: "
             "the further the price moves either way, the more the pool has rebalanced against the LP."]
    return follow_up(first, prompt, worked(lines, percent(il2), CRYPTO_DISCLAIMER), percent(il2),
                     {"inputs": {"a": k2, "b": 1}})


def _swap(rng):
    tin, tout = rng.sample(_BANKS["tokens"], 2)
    d = rng.choice(DIFFICULTIES)
    x = rng.randint(10, 5000) * 1000
    y = rng.randint(10, 5000) * 1000
    dx = round(x * rng.uniform(0.001, 0.12), 2)
    fee = UNISWAP_V2_FEE if d != "hard" else rng.choice((0.0005, 0.003, 0.01))
    eff = dx * (1 - fee)
    dy = y * eff / (x + eff)
    prompt = (f"A constant-product pool (x*y = k) on {rng.choice(_BANKS['protocols'])} holds {x:,} {tin} and {y:,} {tout} and charges a "
              f"{fee * 100:g}% fee on input. {pick(rng, _ASK)} how much {tout} a trader receives for {dx:,.2f} {tin}. {pick(rng, _SHOW)}")
    lines = [f"Input after fee = {dx:,.2f} x (1 - {fee:g}) = {eff:,.4f} {tin}.",
             f"Output = y x dx' / (x + dx') = {y:,} x {eff:,.4f} / ({x:,} + {eff:,.4f}) = {dy:,.4f} {tout}."]
    inputs = {"x": x, "y": y, "dx": dx, "fee": fee}
    formula, answer = "amm_out", f"{dy:,.4f} {tout}"
    if d != "easy":
        spot = y / x
        impact = (1 - (dy / dx) / spot) * 100
        lines.append(f"Spot price {spot:.6f} {tout} per {tin}; execution price {dy / dx:.6f}; shortfall {impact:.2f}% "
                     "(fee plus price impact).")
    if d == "hard":
        tol = rng.choice((0.5, 1, 2))
        lines.append(f"With {tol}% slippage tolerance the minimum acceptable output is {dy:,.4f} x {1 - tol / 100} = "
                     f"{dy * (1 - tol / 100):,.4f} {tout}.")
        prompt += f" Also set the minimum output for a {tol}% slippage tolerance."
    return _example("defi_protocols.amm_swap", d, prompt, lines, answer, formula, inputs, rng=rng)


def _price_impact(rng):
    tin, tout = rng.sample(_BANKS["tokens"], 2)
    d = rng.choice(DIFFICULTIES)
    x = rng.randint(50, 8000) * 1000
    y = rng.randint(50, 8000) * 1000
    frac = {"easy": rng.uniform(0.002, 0.02), "medium": rng.uniform(0.02, 0.08), "hard": rng.uniform(0.08, 0.3)}[d]
    dx = round(x * frac, 2)
    dy = y * dx / (x + dx)
    impact = (1 - (dy / dx) / (y / x)) * 100
    prompt = (f"Ignoring fees, {pick(rng, _ASK).lower()} the price impact of selling {dx:,.2f} {tin} into a constant-product "
              f"pool with reserves of {x:,} {tin} and {y:,} {tout}. {pick(rng, _SHOW)}")
    lines = [f"Spot price = {y:,} / {x:,} = {y / x:.6f} {tout} per {tin}.",
             f"Output = {y:,} x {dx:,.2f} / ({x:,} + {dx:,.2f}) = {dy:,.4f} {tout}.",
             f"Execution price = {dy:,.4f} / {dx:,.2f} = {dy / dx:.6f}.",
             f"Price impact = 1 - execution / spot = {impact:.2f}%."]
    lines.append(f"For a fee-free constant-product pool this equals dx / (x + dx) = {dx / (x + dx) * 100:.2f}%; ")
    return _example("defi_protocols.price_impact", d, prompt, lines, percent(impact), "price_impact",
                    {"x": x, "y": y, "dx": dx}, rng=rng, join=True)


def _health(rng):
    # Health factor as defined in Aave's documentation: sum(collateral value x liquidation threshold) / debt value;
    # the position can be liquidated when it falls below 1. The threshold here is a stated premise.
    tok, d = _token(rng), rng.choice(DIFFICULTIES)
    amt = rng.randint(1, 400) * 5
    price = round(rng.uniform(2, 500), 2)
    lt = rng.choice((65, 70, 75, 78, 80, 82, 85))
    debt = round(amt * price * lt / 100 * rng.uniform(0.35, 1.1), 2)
    hf = amt * price * lt / 100 / debt
    prompt = (f"On {rng.choice(('a fictional lending protocol', 'a hypothetical money market', 'an imaginary DeFi lender'))}, "
              f"a user deposits {amt:,} {tok} (price {money(price, 2)}) as collateral with a liquidation threshold of {lt}% "
              f"and borrows {money(debt, 2)} of stablecoins. ")
    lines = [f"Collateral value = {amt:,} x {money(price, 2)} = {money(amt * price, 2)}.",
             f"Health factor = collateral x threshold / debt = {amt * price:,.2f} x {lt / 100} / {debt:,.2f} = {hf:.2f}."]
    inputs = {"amount": amt, "price": price, "lt_pct": lt, "debt": debt}
    formula, answer = "health_factor", f"{hf:.2f}"
    if d == "easy":
        prompt += f"{pick(rng, _ASK)} the health factor."
    else:
        liq = debt / (amt * lt / 100)
        prompt += f"{pick(rng, _ASK)} the health factor and the {tok} price at which liquidation becomes possible. {pick(rng, _SHOW)}"
        lines.append(f"Liquidation when HF = 1: price = debt / (amount x threshold) = {debt:,.2f} / ({amt:,} x {lt / 100}) "
                     f"= {money(liq, 2)}, a {max(0.0, (1 - liq / price) * 100):.2f}% drop from here.")
        if d == "hard":
            formula, answer = "liquidation_price", money(liq, 2)
    lines.append(("The position is already eligible for liquidation." if hf < 1 else "Above 1 the position is safe for now; ")
                 + ("" if hf < 1 else rng.choice(("volatile collateral needs a wide buffer.",
                                                  "repaying debt or adding collateral raises the factor."))))
    return _example("defi_protocols.health_factor", d, prompt, lines, answer, formula, inputs)


# =============================================================================
# tokenomics
# =============================================================================
def _vesting(rng):
    tok, d = _token(rng), rng.choice(DIFFICULTIES)
    who = rng.choice(("team", "early investors", "advisors", "ecosystem fund", "foundation"))
    cliff = rng.choice((3, 6, 9, 12))
    v = rng.choice((12, 18, 24, 36, 48))
    tge = 0 if d == "easy" else rng.choice((5, 10, 15, 20, 25))
    total = 100 * v * rng.randint(1, 50) * 100
    m = rng.randint(1, cliff + v + 6) if d != "easy" else rng.randint(cliff, cliff + v)
    tge_amt = total * tge // 100
    rest = total - tge_amt
    vested_months = min(max(m - cliff, 0), v)
    unlocked = tge_amt + rest * vested_months // v
    prompt = (f"The fictional token {tok} allocates {total:,} tokens to its {who}. "
              + (f"{tge}% unlocks at launch (TGE); the rest" if tge else "The allocation")
              + f" has a {cliff}-month cliff, then vests in equal monthly amounts over the following {v} months. "
              f"{pick(rng, _ASK)} the cumulative unlocked amount at month {m}. {pick(rng, _SHOW)}")
    lines = []
    if tge:
        lines.append(f"TGE unlock = {tge}% x {total:,} = {tge_amt:,}; remaining {rest:,}.")
    lines.append(f"Monthly vesting after the cliff = {rest:,} / {v} = {rest // v:,} per month.")
    if m <= cliff:
        lines.append(f"Month {m} is not past the {cliff}-month cliff, so nothing has vested yet.")
    else:
        lines.append(f"Months vested at month {m} = min({m} - {cliff}, {v}) = {vested_months}.")
    lines.append(f"Unlocked = {tge_amt:,} + {vested_months} x {rest // v:,} = {unlocked:,} tokens "
                 f"({unlocked / total * 100:.2f}% of the allocation).")
    if d == "hard" and 0 < vested_months < v:
        lines.append(f"Each further month releases {rest // v:,} tokens; unlock dates often bring selling pressure.")
    else:
        lines.append(rng.choice(("Cliffs align insiders with the project before any tokens can be sold.",
                                 "Tracking unlock calendars helps anticipate changes in circulating supply.")))
    return _example("tokenomics.vesting_schedule", d, prompt, lines, f"{unlocked:,}", "vesting",
                    {"total": total, "tge_pct": tge, "cliff": cliff, "vest_months": v, "month": m})


def _unlock_dilution(rng):
    tok, d = _token(rng), rng.choice(DIFFICULTIES)
    circ = rng.randint(20, 900) * 1_000_000
    unlock = int(circ * rng.uniform(0.01, 0.4) // 10_000 * 10_000)
    dil = unlock / circ * 100
    prompt = (f"The fictional token {tok} has {circ:,} tokens circulating. A scheduled unlock releases {unlock:,} more. "
              f"{pick(rng, _ASK)} the percentage increase in circulating supply.")
    lines = [f"Increase = unlocked / circulating = {unlock:,} / {circ:,} = {dil:.2f}%.",
             f"New circulating supply = {circ + unlock:,}."]
    inputs = {"circulating": circ, "unlock": unlock}
    formula, answer = "unlock_dilution", percent(dil)
    if d != "easy":
        price = round(rng.uniform(0.05, 50), 4)
        newp = price * circ / (circ + unlock)
        prompt += f" If market cap stayed constant, what would the price be, starting from {money(price, 4)}? {pick(rng, _SHOW)}"
        lines.append(f"Constant market cap: price x {circ:,} / {circ + unlock:,} = {money(newp, 4)} "
                     f"({(newp / price - 1) * 100:.2f}%).")
        inputs["price"] = price
        if d == "hard":
            formula, answer = "price_constant_mcap", money(newp, 4)
    return _example("tokenomics.unlock_dilution", d, prompt, lines, answer, formula, inputs, rng=rng)


_COMPOUND = _BANKS["compound"]


def _staking(rng):
    tok, d = _token(rng), rng.choice(DIFFICULTIES)
    apr = round(rng.uniform(2, 25), 2)
    label, n = rng.choice(_COMPOUND)
    com = 0 if d == "easy" else rng.choice((5, 8, 10, 15, 20))
    net = apr * (1 - com / 100)
    apy = ((1 + net / 100 / n) ** n - 1) * 100
    prompt = (f"Staking the fictional token {tok} pays {apr}% APR"
              + (f"; the validator keeps a {com}% commission" if com else "")
              + f", and rewards are restaked {label}. {pick(rng, _ASK)} the effective APY. {pick(rng, _SHOW)}")
    lines = []
    if com:
        lines.append(f"Net APR = {apr}% x (1 - {com}%) = {net:.4f}%.")
    lines.append(f"APY = (1 + APR/n)^n - 1 with n = {n}: (1 + {net / 100:.6f}/{n})^{n} - 1 = {apy:.2f}%.")
    inputs = {"apr_pct": apr, "n": n, "commission_pct": com}
    formula, answer = "staking_apy", percent(apy)
    if d == "hard":
        infl = round(rng.uniform(1, 12), 2)
        real = ((1 + apy / 100) / (1 + infl / 100) - 1) * 100
        prompt += f" The token's supply inflates {infl}% a year: what is the real (dilution-adjusted) yield?"
        lines.append(f"Real yield = (1 + {apy:.4f}%) / (1 + {infl}%) - 1 = {real:.2f}%.")
        inputs["inflation_pct"] = infl
        formula, answer = "staking_real_yield", percent(real)
    return _example("tokenomics.staking_apy", d, prompt, lines, answer, formula, inputs, rng=rng)


def _net_emission(rng):
    tok, d = _token(rng), rng.choice(DIFFICULTIES)
    supply = rng.randint(50, 5000) * 1_000_000
    emit = int(supply * rng.uniform(0.005, 0.08))
    if d == "easy":
        burn = int(emit * rng.uniform(0.1, 1.4))
        prompt = (f"The fictional token {tok} has a supply of {supply:,}. This year it emits {emit:,} as rewards and burns "
                  f"{burn:,} in fees. {pick(rng, _ASK)} the net annual inflation rate.")
        lines = [f"Net change = {emit:,} - {burn:,} = {emit - burn:+,}."]
        inputs = {"supply": supply, "emission": emit, "burn": burn}
    else:
        txs = rng.randint(50, 3000) * 1000
        fee = round(rng.uniform(0.001, 0.05), 4)
        share = rng.choice((50, 70, 80, 100))
        burn = txs * 365 * fee * share / 100
        prompt = (f"The fictional chain {tok} has {supply:,} tokens and emits {emit:,} a year. It processes {txs:,} "
                  f"transactions a day with an average fee of {fee} {tok}, and {share}% of fees are burned. "
                  f"{pick(rng, _ASK)} the net annual inflation rate. {pick(rng, _SHOW)}")
        lines = [f"Yearly burn = {txs:,} x 365 x {fee} x {share}% = {burn:,.2f}.",
                 f"Net change = {emit:,} - {burn:,.2f} = {emit - burn:+,.2f}."]
        inputs = {"supply": supply, "emission": emit, "tx_per_day": txs, "fee": fee, "burn_share_pct": share}
    rate = (emit - burn) / supply * 100
    lines.append(f"Net inflation = {emit - burn:,.2f} / {supply:,} = {rate:.2f}%"
                 + (" - the supply is shrinking (net deflationary)." if rate < 0 else "."))
    return _example("tokenomics.net_emission", d, prompt, lines, percent(rate),
                    "net_inflation" if d == "easy" else "net_inflation_fee_burn", inputs, rng=rng)


# =============================================================================
# smart_contracts
# =============================================================================
_CALLS = _BANKS["calls"]


def _gas_fee(rng):
    d = rng.choice(DIFFICULTIES)
    base = round(rng.uniform(0.5, 80), 1)
    prio = round(rng.uniform(0.1, 3), 1)
    if d == "easy":
        what, gas = "a plain ETH transfer", ETH_TRANSFER_GAS
        prompt = (f"{pick(rng, _ASK)} the fee in ETH for {what} (21,000 gas) when the base fee is {base} gwei and the "
                  f"priority fee is {prio} gwei.")
    else:
        what, approx = rng.choice(_CALLS)
        gas = int(approx * rng.uniform(0.7, 1.3))
        prompt = (f"On Ethereum, {what} used {gas:,} gas. The base fee was {base} gwei and the user set a priority fee "
                  f"of {prio} gwei. {pick(rng, _ASK)} the fee in ETH. {pick(rng, _SHOW)}")
    eff_p = prio
    inputs = {"gas": gas, "base_gwei": base, "priority_gwei": prio}
    lines = []
    if d == "hard":
        maxfee = round(base + prio * rng.uniform(0.2, 1.5), 1)
        eff_p = min(prio, round(maxfee - base, 1))
        prompt += f" The max fee per gas was capped at {maxfee} gwei."
        lines.append(f"Effective priority = min({prio}, max fee - base = {maxfee - base:.1f}) = {eff_p:.1f} gwei.")
        inputs["max_fee_gwei"] = maxfee
    fee_gwei = gas * (base + eff_p)
    eth = fee_gwei / 1e9
    lines += [f"Price per gas = {base} + {eff_p:.1f} = {base + eff_p:.1f} gwei.",
              f"Fee = {gas:,} x {base + eff_p:.1f} = {fee_gwei:,.1f} gwei = {eth:.8f} ETH (1 ETH = 10^9 gwei).",
              f"Of this, {gas:,} x {base} gwei = {gas * base / 1e9:.8f} ETH is burned (EIP-1559) and the rest tips the validator."]
    if d == "hard":
        lines.append(f"Unused headroom ({maxfee:.1f} - {base + eff_p:.1f} gwei per gas) is never charged.")
    if d != "easy":
        usd = rng.randint(800, 5000)
        lines.append(f"At an assumed {money(usd)} per ETH that is {money(eth * usd, 2)}.")
    return _example("smart_contracts.gas_fee", d, prompt, lines, _eth(eth),
                    "gas_fee_capped" if d == "hard" else "gas_fee", inputs, rng=rng)


def _burn(rng):
    d = rng.choice(DIFFICULTIES)
    nb = {"easy": 1, "medium": 3, "hard": 5}[d]
    blocks = [(rng.randint(8, 30) * 1_000_000 + rng.randint(0, 999_999), round(rng.uniform(1, 60), 1)) for _ in range(nb)]
    burned = sum(g * b for g, b in blocks) / 1e9
    if nb == 1:
        g, b = blocks[0]
        prompt = (f"An Ethereum block used {g:,} gas at a base fee of {b} gwei. {pick(rng, _ASK)} how much ETH the base fee "
                  f"burned under EIP-1559.")
        lines = [f"Burned = gas used x base fee = {g:,} x {b} = {g * b:,.1f} gwei = {burned:.8f} ETH."]
    else:
        desc = "; ".join(f"{g:,} gas at {b} gwei" for g, b in blocks)
        prompt = f"Consecutive Ethereum blocks: {desc}. {pick(rng, _ASK)} the total ETH burned by the base fee. {pick(rng, _SHOW)}"
        lines = [f"Block {i + 1}: {g:,} x {b} = {g * b:,.1f} gwei" for i, (g, b) in enumerate(blocks)]
        lines.append(f"Total = {sum(g * b for g, b in blocks):,.1f} gwei = {burned:.8f} ETH.")
    inputs = {"blocks": [[g, b] for g, b in blocks]}
    formula, answer = "eip1559_burn", _eth(burned)
    if d == "hard":
        iss = round(burned * rng.uniform(0.3, 2.5), 4)
        net = iss - burned
        prompt += f" If {iss} ETH was issued to validators over the same blocks, what is the net supply change?"
        lines.append(f"Net supply change = {iss} - {burned:.8f} = {net:+.8f} ETH "
                     + ("(net deflation)." if net < 0 else "(net issuance)."))
        inputs["issued_eth"] = iss
        formula, answer = "eip1559_net_supply", f"{net:+.8f} ETH"
    return _example("smart_contracts.eip1559_burn", d, prompt, lines, answer, formula, inputs, rng=rng)


def _base_fee(rng):
    d = rng.choice(DIFFICULTIES)
    limit = rng.choice((15_000_000, 30_000_000, 36_000_000, 45_000_000, 60_000_000))
    target = limit // 2
    b = round(rng.uniform(1, 100), 2)
    if d == "hard":
        n = rng.randint(2, 12)
        full = rng.random() < 0.6
        nb = b * (1 + (1 if full else -1) / EIP1559_DENOMINATOR) ** n
        prompt = (f"The base fee is {b} gwei and the gas limit is {limit:,}. {pick(rng, _ASK)} the base fee after {n} "
                  f"consecutive {'completely full' if full else 'empty'} blocks under EIP-1559. {pick(rng, _SHOW)}")
        lines = [f"Target = {limit:,} / 2 = {target:,}. A {'full' if full else 'empty'} block moves the fee by "
                 f"{'+' if full else '-'}1/{EIP1559_DENOMINATOR} = {'+' if full else '-'}12.5%.",
                 f"After {n} blocks: {b} x {1 + (1 if full else -1) / EIP1559_DENOMINATOR}^{n} = {nb:.2f} gwei."]
        inputs = {"base_gwei": b, "gas_limit": limit, "blocks": n, "full": full}
        formula = "base_fee_repeat"
    else:
        used = limit if d == "easy" and rng.random() < 0.5 else rng.randint(0, limit // 100_000) * 100_000
        delta = (used - target) / target / EIP1559_DENOMINATOR
        nb = b * (1 + delta)
        prompt = (f"A block with gas limit {limit:,} used {used:,} gas while the base fee was {b} gwei. {pick(rng, _ASK)} "
                  f"the next block's base fee under EIP-1559.")
        lines = [f"Target = limit / 2 = {target:,}.",
                 f"Change = (used - target) / target / {EIP1559_DENOMINATOR} = ({used:,} - {target:,}) / {target:,} / "
                 f"{EIP1559_DENOMINATOR} = {delta * 100:+.4f}%.",
                 f"Next base fee = {b} x (1 {'+' if delta >= 0 else '-'} {abs(delta):.6f}) = {nb:.2f} gwei."]
        inputs = {"base_gwei": b, "gas_limit": limit, "gas_used": used}
        formula = "base_fee_next"
    return _example("smart_contracts.base_fee_update", d, prompt, lines, f"{nb:.2f} gwei", formula, inputs, rng=rng)


_VULNS = _BANKS["vulns"]
_CONTRACTS = _BANKS["contracts"]


def _review(rng):
    d = rng.choice(DIFFICULTIES)
    k = {"easy": 2, "medium": 3, "hard": 4}[d]
    picks = rng.sample(range(len(_VULNS)), k)
    what = rng.choice(_CONTRACTS)
    desc = "; ".join(f"it {_VULNS[i][1]}" for i in picks)
    ask = rng.choice(("Name each vulnerability, explain the risk, and give a fix.",
                      "What could go wrong, and how should it be fixed?",
                      "List the issues with severity and remediation."))
    prompt = (f"{rng.choice(('Audit', 'Review', 'Security-check'))} this description of {what} written in Solidity: "
              f"{desc}. {ask}")
    lines = []
    for j, i in enumerate(picks):
        name, _, risk, fix = _VULNS[i]
        lines.append(f"{j + 1}. Finding - {name}: {risk}. Fix: {fix}.")
    lines.append(rng.choice(("Also add tests for each attack path and get an independent audit before deployment.",
                             "Fuzzing and invariant tests catch many of these before mainnet.",
                             f"For {what}, funds at risk make these findings high severity until fixed.")))
    return _example("smart_contracts.contract_review", d, prompt, lines)


# =============================================================================
# crypto_markets
# =============================================================================
def _funding(rng):
    tok, d = _token(rng), rng.choice(DIFFICULTIES)
    side = rng.choice(("long", "short"))
    size = round(rng.uniform(0.5, 400), 2)
    mark = round(rng.uniform(1, 3000), 2)
    periods = {"easy": 1, "medium": 3, "hard": 6}[d]
    rates = [round(rng.uniform(-0.03, 0.06), 4) for _ in range(periods)]
    notional = size * mark
    pay = sum(notional * r / 100 for r in rates)
    net = -pay if side == "long" else pay   # positive rate: longs pay shorts
    prompt = (f"On {rng.choice(_BANKS['venues'])}, funding on the {tok} perpetual is exchanged every 8 hours; a positive rate means "
              f"longs pay shorts. A trader is {side} {size} {tok} at a mark price of {money(mark, 2)}. Funding rates for the "
              f"next {periods} interval{'s' if periods > 1 else ''}: {', '.join(f'{r}%' for r in rates)}. "
              f"{pick(rng, _ASK)} the trader's net funding (positive = received), holding the mark price constant.")
    lines = [f"Notional = {size} x {money(mark, 2)} = {money(notional, 2)}.",
             f"Sum of rates = {sum(rates):.4f}%; payment from longs to shorts = {money(notional, 2)} x {sum(rates):.4f}% "
             f"= {money(pay, 2)}.",
             f"The trader is {side}, so net funding = {money(net, 2)}."]
    inputs = {"side": side, "size": size, "mark": mark, "rates_pct": rates}
    return _example("crypto_markets.funding_payment", d, prompt, lines, money(net, 2), "funding", inputs, rng=rng)


def _liquidation(rng):
    tok, d = _token(rng), rng.choice(DIFFICULTIES)
    side = "long" if d == "easy" else rng.choice(("long", "short"))
    entry = round(rng.uniform(0.5, 5000), 2)
    lev = rng.choice((2, 3, 5, 10, 20, 25, 50)) if d != "easy" else rng.choice((2, 5, 10))
    mmr = 0.0 if d == "easy" else rng.choice((0.4, 0.5, 1.0, 2.0))
    if side == "long":
        liq = entry * (1 - 1 / lev + mmr / 100)
    else:
        liq = entry * (1 + 1 / lev - mmr / 100)
    minus, plus = ("-", "+") if side == "long" else ("+", "-")   # the signs of 1/leverage and the maintenance rate
    margin = f"a {mmr}% maintenance margin rate" if mmr else "no maintenance margin"
    prompt = (f"Using the simplified isolated-margin model liq = entry x (1 {minus} 1/leverage {plus} maintenance rate), "
              f"ignoring fees and funding, {pick(rng, _ASK).lower()} the liquidation price of a {lev}x {side} on {tok} "
              f"opened at {money(entry, 2)} with {margin}. {pick(rng, _SHOW)}")
    lines = [f"Initial margin = 1/{lev} = {100 / lev:.2f}% of notional.",
             f"liq = {entry:.2f} x (1 {minus} {1 / lev:.4f} {plus} {mmr / 100:.4f}) = {money(liq, 2)}.",
             f"That is a {abs(liq / entry - 1) * 100:.2f}% move against the position."]
    return _example("crypto_markets.liquidation_price", d, prompt, lines, money(liq, 2), "perp_liquidation_price",
                    {"side": side, "entry": entry, "leverage": lev, "mmr_pct": mmr}, rng=rng)


def _arbitrage(rng):
    tok, d = _token(rng), rng.choice(DIFFICULTIES)
    pa = round(rng.uniform(1, 3000), 2)
    pb = round(pa * (1 + rng.uniform(-0.005, 0.03)), 2)
    q = round(rng.uniform(1, 200), 2)
    fa = 0.0 if d == "easy" else rng.choice((0.05, 0.1, 0.2))
    fb = 0.0 if d == "easy" else rng.choice((0.05, 0.1, 0.2))
    w = 0.0 if d != "hard" else round(q * rng.uniform(0.0005, 0.01), 4)
    cost = q * pa * (1 + fa / 100)
    proceeds = (q - w) * pb * (1 - fb / 100)
    profit = proceeds - cost
    prompt = (f"{tok} is {money(pa, 2)} on exchange A and {money(pb, 2)} on exchange B (both fictional). A trader buys "
              f"{q} {tok} on A and sells on B"
              + (f", paying {fa}% taker fee on A and {fb}% on B" if fa or fb else "")
              + (f", and the transfer costs {w} {tok}" if w else "")
              + f". {pick(rng, _ASK)} the profit, assuming prices do not move. {pick(rng, _SHOW)}")
    lines = [f"Cost on A = {q} x {pa:.2f}" + (f" x (1 + {fa}%)" if fa else "") + f" = {money(cost, 2)}.",
             f"Proceeds on B = {q - w:.4f} x {pb:.2f}" + (f" x (1 - {fb}%)" if fb else "") + f" = {money(proceeds, 2)}.",
             f"Profit = {money(proceeds, 2)} - {money(cost, 2)} = {money(profit, 2)}."]
    lines.append(("Fees and transfer costs eat the spread, so the trade loses money."
                  if profit < 0 else rng.choice(("In practice the gap often closes during the transfer.",
                                                 "Such gaps close quickly; transfer time is the main risk."))))
    return _example("crypto_markets.arbitrage", d, prompt, lines, money(profit, 2), "arbitrage",
                    {"pa": pa, "pb": pb, "qty": q, "fee_a_pct": fa, "fee_b_pct": fb, "transfer": w})


def _lev_pnl(rng):
    tok, d = _token(rng), rng.choice(DIFFICULTIES)
    side = rng.choice(("long", "short"))
    entry = round(rng.uniform(0.5, 4000), 2)
    exit_ = round(entry * (1 + rng.uniform(-0.15, 0.15)), 2)
    margin = rng.randint(1, 200) * 50
    lev = rng.choice((2, 3, 5, 10)) if d != "hard" else rng.choice((10, 20, 25))
    notional = margin * lev
    qty = notional / entry
    pnl = qty * (exit_ - entry) * (1 if side == "long" else -1)
    fee = 0.0 if d == "easy" else rng.choice((0.04, 0.05, 0.1))
    fees = fee / 100 * (qty * entry + qty * exit_)
    net = pnl - fees
    roe = net / margin * 100
    prompt = (f"A trader posts {money(margin, 2)} margin for a {lev}x {side} on {tok} at {money(entry, 2)} and closes at "
              f"{money(exit_, 2)}" + (f", paying {fee}% fee on entry and exit notional" if fee else "")
              + f". {pick(rng, _ASK)} the return on margin. {pick(rng, _SHOW)}")
    lines = [f"Notional = {money(margin, 2)} x {lev} = {money(notional, 2)}; size = {qty:.6f} {tok}.",
             f"Price PnL = {qty:.6f} x ({exit_:.2f} - {entry:.2f}){' x -1' if side == 'short' else ''} = {money(pnl, 2)}."]
    if fee:
        lines.append(f"Fees = {fee}% x ({money(qty * entry, 2)} + {money(qty * exit_, 2)}) = {money(fees, 2)}; net = {money(net, 2)}.")
    lines.append(f"Return on margin = {money(net, 2)} / {money(margin, 2)} = {roe:.2f}%.")
    if roe <= -100:
        lines.append("A loss beyond the margin means the position would have been liquidated first.")
    return _example("crypto_markets.leveraged_pnl", d, prompt, lines, percent(roe), "leveraged_roe",
                    {"side": side, "entry": entry, "exit": exit_, "margin": margin, "leverage": lev, "fee_pct": fee}, rng=rng)


# =============================================================================
# security_analysis
# =============================================================================
def nakamoto_attack_probability(q: float, z: int) -> float:
    """Nakamoto (2008), section 11: probability an attacker with hash share q ever catches up from z blocks behind."""
    p = 1 - q
    lam = z * q / p
    s = 1.0
    term = math.exp(-lam)  # Poisson(k=0)
    for k in range(z + 1):
        if k:
            term *= lam / k
        s -= term * (1 - (q / p) ** (z - k))
    return s


def _double_spend(rng):
    d = rng.choice(DIFFICULTIES)
    if d == "hard":
        q = rng.randint(5, 30) / 100
        z = 0
        while nakamoto_attack_probability(q, z) >= 0.001:
            z += 1
        prompt = (f"Using the attacker-catch-up formula from section 11 of the Bitcoin whitepaper, {pick(rng, _ASK).lower()} the "
                  f"smallest number of confirmations z that keeps the success probability of an attacker with {q:.0%} "
                  f"of the hash power below 0.1%. {pick(rng, _SHOW)}")
        lines = [f"P(z) = 1 - sum_(k=0..z) Poisson(k; lambda = z q/p) x (1 - (q/p)^(z-k)), with q = {q}, p = {1 - q:.2f}.",
                 f"z = {z - 1}: P = {nakamoto_attack_probability(q, z - 1):.7f} (too high).",
                 f"z = {z}: P = {nakamoto_attack_probability(q, z):.7f} (< 0.001).",
                 "For reference, the whitepaper's table gives q = 0.10 -> 5, 0.15 -> 8, 0.20 -> 11, 0.25 -> 15, "
                 "0.30 -> 24."]
        return _example("security_analysis.double_spend", d, prompt, lines, str(z), "nakamoto_min_z", {"q": q})
    q = rng.randint(5, 45) / 100 if d == "medium" else rng.randint(5, 30) / 100
    z = rng.randint(1, 6) if d == "easy" else rng.randint(2, 12)
    pr = nakamoto_attack_probability(q, z)
    lam = z * q / (1 - q)
    who = rng.choice(("A merchant selling a used car", "An online shop", "A freelancer paid for a project",
                      "A fictional exchange crediting a deposit", "A coffee stand", "A landlord taking rent"))
    prompt = (f"An attacker controls {q:.0%} of Bitcoin's hash rate. {who} waits for {z} confirmation"
              f"{'s' if z > 1 else ''}. {pick(rng, _ASK)} the attacker's chance of ever overtaking the honest chain using "
              f"Nakamoto's formula (whitepaper section 11). {pick(rng, _SHOW)}")
    lines = [f"p = 1 - q = {1 - q:.2f}; lambda = z q / p = {z} x {q} / {1 - q:.2f} = {lam:.6f}.",
             "P = 1 - sum_(k=0..z) [lambda^k e^(-lambda) / k!] x (1 - (q/p)^(z-k)).",
             f"Evaluating the {z + 1} terms gives P = {pr:.7f} ({pr * 100:.5f}%)."]
    return _example("security_analysis.double_spend", d, prompt, lines, f"{pr:.7f}", "nakamoto_probability",
                    {"q": q, "z": z}, rng=rng)


def _multisig(rng):
    d = rng.choice(DIFFICULTIES)
    n = {"easy": rng.randint(2, 3), "medium": rng.randint(3, 5), "hard": rng.randint(5, 9)}[d]
    m = rng.randint(1, n) if d == "easy" else rng.randint(2, n)
    p = rng.randint(1, 30)
    who = rng.choice(("a DAO treasury", "a company cold wallet", "a family trust wallet", "a bridge's signer set",
                      "an exchange's reserve wallet", "a charity's donation wallet"))
    span = rng.choice(("over ten years", "over the period", "before anyone notices", "in a disaster scenario"))
    lost = sum(math.comb(n, k) * (1 - p / 100) ** k * (p / 100) ** (n - k) for k in range(m))
    prompt = (f"{who} uses {'an' if m in (8, 11) else 'a'} {m}-of-{n} multisig. Each key is independently lost with probability {p}% {span}. "
              f"{pick(rng, _ASK)} the probability that the funds become unspendable (fewer than {m} keys survive). {pick(rng, _SHOW)}")
    lines = [f"Spending needs any {m} of the {n} keys: a thief must steal {m}, and up to {n - m} can be lost safely.",
             f"Funds are stuck if at most {m - 1} keys survive.",
             f"P = sum_(k=0..{m - 1}) C({n}, k) x {1 - p / 100:.2f}^k x {p / 100:.2f}^({n}-k) = {lost * 100:.6f}%."]
    if d == "hard":
        single = p
        lines.append(f"Compare a single key: {single}% loss risk; the multisig is "
                     + ("safer" if lost * 100 < single else "riskier") + " against loss.")
    return _example("security_analysis.multisig", d, prompt, lines, f"{lost * 100:.6f}%", "multisig_loss_probability",
                    {"m": m, "n": n, "p_loss_pct": p}, rng=rng)


def _bip39(rng):
    d = rng.choice(DIFFICULTIES)
    words = rng.choice((12, 15, 18, 21, 24))
    ent = words * 11 * 32 // 33          # BIP-39: words x 11 = ENT + ENT/32
    cs = ent // 32
    miss = {"easy": 1, "medium": 2, "hard": rng.randint(2, 3)}[d]
    rate = rng.randint(2, 99) * 10 ** rng.randint(2, 5)
    known_pos = d != "hard"
    where = rng.choice(("a water-damaged paper backup", "a half-remembered phrase", "a torn metal-plate engraving",
                        "a faded notebook copy", "a smudged photo of the backup card"))
    space = BIP39_WORDS ** miss * (1 if known_pos else math.comb(words, miss))
    secs = space / rate
    prompt = (f"Recovering a {words}-word BIP-39 phrase from {where}, a user has lost {miss} word{'s' if miss > 1 else ''}"
              + (" but knows which positions are missing." if known_pos else " and does not know which positions they were.")
              + f" A recovery tool checks {rate:,} candidates per second. {pick(rng, _ASK)} the worst-case search time in "
              f"hours, without using the checksum to skip candidates. {pick(rng, _SHOW)}")
    lines = [f"Each word is one of 2048 = 2^11, so a {words}-word phrase carries {words * 11} bits: "
             f"ENT = {words * 11} x 32/33 = {ent} bits of entropy plus a checksum of {cs} bits."]
    if known_pos:
        lines.append(f"Candidates = 2048^{miss} = {space:,}.")
    else:
        lines.append(f"Positions: C({words}, {miss}) = {math.comb(words, miss):,}; candidates = "
                     f"{math.comb(words, miss):,} x 2048^{miss} = {space:,}.")
    lines.append(f"Time = {space:,} / {rate:,} = {secs:,.1f} s = {secs / 3600:,.2f} hours.")
    if miss * 11 >= cs:
        lines.append(f"In practice the {cs}-bit checksum rejects all but about 1 in {2 ** cs} candidates before the "
                     "slower key derivation, so real tools finish much sooner.")
    lines.append(rng.choice((f"The full phrase space is 2^{ent}, far beyond brute force; secrecy of the phrase is what matters.",
                             "Never type a phrase into a website; anyone who has it controls the wallet.",
                             "Store backups in two separate places so one accident cannot destroy both.")))
    return _example("security_analysis.bip39", d, prompt, lines, f"{secs / 3600:,.2f} hours",
                    "bip39_missing_words_hours",
                    {"words": words, "missing": miss, "rate": rate, "positions_known": known_pos})


def _brute_force(rng):
    d = rng.choice(DIFFICULTIES)
    bits = {"easy": rng.choice((40, 48, 56)), "medium": rng.choice((64, 72, 80)), "hard": rng.choice((96, 112, 128))}[d]
    exp = rng.randint(6, 15)
    mant = rng.choice((1, 2, 5))
    rate = mant * 10 ** exp
    avg_s = 2 ** (bits - 1) / rate
    years = avg_s / (365.25 * 86400)
    prompt = (f"An attacker tests {mant} x 10^{exp} keys per second against a {bits}-bit key space. {pick(rng, _ASK)} the "
              f"expected time (half the key space) in years. {pick(rng, _SHOW)}")
    lines = [f"Expected guesses = 2^{bits} / 2 = 2^{bits - 1} = {2 ** (bits - 1):.4e}.",
             f"Seconds = {2 ** (bits - 1):.4e} / {rate:.0e} = {avg_s:.4e}.",
             f"Years = seconds / (365.25 x 86,400) = {years:.3e}."]
    lines.append("Every extra bit doubles the work" + rng.choice((
        "; this is why 128-bit security is considered out of reach for brute force.",
        ", so key length beats attacker speed.")))
    return _example("security_analysis.brute_force", d, prompt, lines, f"{years:.3e} years", "brute_force_years",
                    {"bits": bits, "rate": rate})



_TEMPLATES = dict(
    blockchain_fundamentals=(_btc_subsidy, _halving_countdown, _merkle, _retarget),
    cryptocurrency_analysis=(_mcap, _nvt, _volatility, _dca),
    defi_protocols=(_il, _swap, _price_impact, _health),
    tokenomics=(_vesting, _unlock_dilution, _staking, _net_emission),
    smart_contracts=(_gas_fee, _burn, _base_fee, _review),
    crypto_markets=(_funding, _liquidation, _arbitrage, _lev_pnl),
    security_analysis=(_double_spend, _multisig, _bip39, _brute_force),
)


class CryptoGenerator(Refuses, DomainGenerator):
    domain = "crypto"
    version = "5"  # 2: disclaimer moved to the first line; 3: refusal rows (generators/refusals/); 4: one in 8, not 5; 5: IL asked in words
    templates = _TEMPLATES
    refusal_category = "security_analysis"
