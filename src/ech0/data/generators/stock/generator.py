"""Stock-market analysis examples (domain `stock`).

Categories (from the original guide's "Domain Coverage"): fundamental_analysis,
technical_analysis, market_sentiment, economic_indicators, risk_assessment,
portfolio_theory, trading_strategies.

Every example is a worked calculation: the inputs are drawn from the rng and
the answer is computed here. The completion opens with STOCK_DISCLAIMER as its
first line, shows the steps and ends with `Final answer: ...`. The disclaimer
comes first so that no generation budget can cut it off, and so that a small
model learns it where that is easiest: right after the prompt. (At the end, a
2-minute CPU model wrote it in 2 of 8 answers, and a 128-token eval budget cut
it from 58% of stock and 83% of crypto reference answers.)
`extra["inputs"]` and `extra["formula"]` let a test recompute the answer.

Sources policy: only textbook formulas are used, each named with its origin in
a comment (Sharpe 1966, Markowitz 1952, Wilder 1978, ...). Companies, tickers
and economies are fictional ("hypothetical company ... ticker XQZ") so that no
statement about a real issuer or a real statistic can be false. Interpretive
sentences are hedged rules of thumb, never a recommendation.

The name and phrase banks are in banks.yaml beside this file.
"""

from __future__ import annotations

import math
import random

from ech0.data.generators.banks import load_banks
from ech0.data.generators.contract import DIFFICULTIES, DomainGenerator, Example, STOCK_DISCLAIMER, follow_up, pick
from ech0.data.generators.formatting import money, percent, row_builder, worked
from ech0.data.generators.refusals import Refuses

_BANKS = load_banks(__package__)

_NAME_A = _BANKS["name_a"]
_NAME_B = _BANKS["name_b"]
# Tickers always contain Q, X or Z and are introduced as hypothetical.
_TICK_LETTERS = "ABCDEFGHIJKLMNOPRSTUVWY"
_ECONOMIES = _BANKS["economies"]


def _company(rng: random.Random) -> str:
    name = f"{rng.choice(_NAME_A)} {rng.choice(_NAME_B)}"
    k = rng.randint(3, 4)
    letters = [rng.choice(_TICK_LETTERS) for _ in range(k)]
    letters[rng.randrange(k)] = rng.choice("QXZ")
    form = rng.randrange(3)
    tick = "".join(letters)
    if form == 0:
        return f"the hypothetical company {name} (ticker {tick})"
    if form == 1:
        return f"a fictional firm, {name} ({tick})"
    return f"a made-up company with ticker {tick} ({name})"


def _economy(rng: random.Random) -> str:
    return rng.choice(("the fictional economy of ", "the hypothetical country ", "an imaginary economy, ")) \
        + rng.choice(_ECONOMIES)


# --- formatting ----------------------------------------------------------------
def _series(xs) -> str:
    return ", ".join(f"{x:.2f}" for x in xs)


# Every completion opens with the disclaimer (why first: the module docstring).
_example = row_builder("stock", first_line=STOCK_DISCLAIMER, remarks=_BANKS["remarks"])


_ASK = _BANKS["ask"]
_SHOW = _BANKS["show"]


def _price_path(rng: random.Random, n: int, start: float, vol: float) -> list[float]:
    out = [round(start, 2)]
    for _ in range(n - 1):
        out.append(round(max(1.0, out[-1] * (1 + rng.gauss(0, vol))), 2))
    return out


# =============================================================================
# fundamental_analysis
# =============================================================================
def _pe(rng):
    co, d = _company(rng), rng.choice(DIFFICULTIES)
    peer = rng.randint(10, 30)
    if d == "easy":
        price, eps = round(rng.uniform(15, 400), 2), round(rng.uniform(0.8, 16), 2)
        pe = price / eps
        prompt = (f"{pick(rng, _ASK)} the trailing P/E ratio of {co}: the share price is {money(price, 2)} and "
                  f"trailing twelve-month EPS is {money(eps, 2)}. Peers trade near {peer}x. {pick(rng, _SHOW)}")
        lines = [rng.choice(("The price-to-earnings ratio divides what one share costs by what it earned.",
                             "P/E tells us how many dollars investors pay per dollar of annual earnings.")),
                 f"P/E = {money(price, 2)} / {money(eps, 2)} = {pe:.2f}."]
        formula, inputs = "pe_ratio", {"price": price, "eps": eps}
    elif d == "medium":
        price = round(rng.uniform(15, 300), 2)
        shares = rng.randint(20, 900)
        ni = round(shares * rng.uniform(0.6, 12), 1)
        eps = ni / shares
        pe = price / eps
        prompt = (f"{co} reported net income of {money(ni, 2)} million with {shares} million shares outstanding. "
                  f"The stock trades at {money(price, 2)}. {pick(rng, _ASK)} EPS and the P/E ratio, and compare with a "
                  f"peer average of {peer}x.")
        lines = [f"Step 1 - earnings per share: {money(ni, 2)}M / {shares}M shares = {money(eps, 2)} (about {eps:.4f}).",
                 f"Step 2 - P/E = price / EPS = {money(price, 2)} / {eps:.4f} = {pe:.2f}."]
        formula, inputs = "pe_from_net_income", {"price": price, "net_income_m": ni, "shares_m": shares}
    else:
        price, eps = round(rng.uniform(20, 400), 2), round(rng.uniform(1, 14), 2)
        g = rng.randint(-10, 35)
        fwd = eps * (1 + g / 100)
        pe = price / fwd
        prompt = (f"For {co}: price {money(price, 2)}, trailing EPS {money(eps, 2)}, and analysts in this exercise "
                  f"expect EPS to change by {g}% next year. {pick(rng, _ASK)} the trailing and forward P/E. "
                  f"Sector peers sit near {peer}x. {pick(rng, _SHOW)}")
        lines = [f"Trailing P/E = {money(price, 2)} / {money(eps, 2)} = {price / eps:.2f}.",
                 f"Forward EPS = {money(eps, 2)} x (1 {'+' if g >= 0 else '-'} {abs(g)}%) = {fwd:.4f}.",
                 f"Forward P/E = {money(price, 2)} / {fwd:.4f} = {pe:.2f}.",
                 rng.choice(("Growing earnings pull the forward multiple below the trailing one; shrinking earnings push it up.",
                             "The forward multiple prices the stock on next year's expected profit rather than last year's."))]
        formula, inputs = "forward_pe", {"price": price, "eps": eps, "growth_pct": g}
    rel = (pe / peer - 1) * 100
    lines.append(f"Against the {peer}x peer level that is a {abs(rel):.1f}% {'premium' if rel >= 0 else 'discount'}"
                 + rng.choice((", which the market may justify with growth or quality - or may be mispricing.",
                               "; a multiple alone never says whether the stock is cheap.",
                               ". Check growth, debt and earnings quality before reading much into it.")))
    ex = _example("fundamental_analysis.pe_ratio", d, prompt, lines, f"{pe:.2f}", formula, inputs)
    if d != "hard" and rng.random() < PE_FOLLOW_UP_SHARE:
        return _pe_follow_up(rng, ex, price, eps, pe)
    return ex


# Half the easy and medium P/E asks (trailing EPS known) go on to "And if the
# price rises to $X?", answered from the first exchange's EPS: 41 two-turn rows
# in 6,000.
PE_FOLLOW_UP_SHARE = 0.5


def _pe_follow_up(rng, first: Example, price: float, eps: float, pe: float) -> Example:
    if rng.random() < 0.5:
        price2 = round(price * rng.choice((0.6, 0.75, 1.2, 1.5, 2.0)), 2)
        verb = "rises" if price2 > price else "falls"
        prompt = rng.choice((f"And if the share price {verb} to {money(price2, 2)} with the same earnings?",
                             f"What is the P/E if the stock {verb} to {money(price2, 2)} and EPS stays the same?"))
        why = f"the price {verb}, the earnings do not"
        inputs = {"price": price2, "eps": eps}
    else:
        price2, eps2 = price, round(eps * rng.choice((0.5, 0.8, 1.25, 1.6)), 2)
        prompt = rng.choice((f"And if next year's EPS comes in at {money(eps2, 2)} at the same price?",
                             f"Suppose earnings per share become {money(eps2, 2)} and the price holds. What is the P/E then?"))
        why = f"earnings {'grow' if eps2 > eps else 'shrink'} at an unchanged price"
        inputs, eps = {"price": price2, "eps": eps2}, eps2
    pe2 = price2 / eps
    shown = money(eps, 2) if eps == round(eps, 2) else f"{eps:.4f}"  # EPS from net income is not in cents
    lines = [f"P/E = {money(price2, 2)} / {shown} = {pe2:.2f}.",
             f"The multiple moves from {pe:.2f} to {pe2:.2f} because {why}; "
             + rng.choice((f"a {'higher' if pe2 > pe else 'lower'} multiple means paying "
                           f"{'more' if pe2 > pe else 'less'} for each dollar of earnings.",
                           "the business is no better or worse for it, only its price per dollar of profit changed."))]
    return follow_up(first, prompt, worked(lines, f"{pe2:.2f}", STOCK_DISCLAIMER), f"{pe2:.2f}",
                     {"formula": "pe_ratio", "inputs": inputs})


def _peg(rng):
    # PEG = (P/E) / (annual EPS growth in percent), popularised by Peter Lynch, "One Up on Wall Street" (1989).
    co, d = _company(rng), rng.choice(DIFFICULTIES)
    if d == "easy":
        pe, g = round(rng.uniform(8, 60), 1), rng.randint(4, 40)
        peg = pe / g
        prompt = f"{co} trades at a P/E of {pe} and is expected to grow EPS {g}% a year. {pick(rng, _ASK)} its PEG ratio."
        lines = [f"PEG = P/E / growth rate (in percent) = {pe} / {g} = {peg:.2f}."]
        formula, inputs = "peg", {"pe": pe, "growth_pct": g}
    elif d == "medium":
        price, eps, g = round(rng.uniform(20, 350), 2), round(rng.uniform(1, 15), 2), rng.randint(4, 40)
        pe = price / eps
        peg = pe / g
        prompt = (f"{pick(rng, _ASK)} the PEG ratio of {co}: share price {money(price, 2)}, EPS {money(eps, 2)}, "
                  f"expected EPS growth {g}% per year. {pick(rng, _SHOW)}")
        lines = [f"Step 1: P/E = {money(price, 2)} / {money(eps, 2)} = {pe:.4f}.",
                 f"Step 2: PEG = {pe:.4f} / {g} = {peg:.2f}."]
        formula, inputs = "peg_from_price", {"price": price, "eps": eps, "growth_pct": g}
    else:
        price = round(rng.uniform(20, 350), 2)
        eps0 = round(rng.uniform(0.8, 6), 2)
        years = rng.randint(3, 5)
        eps1 = round(eps0 * (1 + rng.uniform(0.05, 0.35)) ** years, 2)
        g = ((eps1 / eps0) ** (1 / years) - 1) * 100
        pe = price / eps1
        peg = pe / g
        prompt = (f"The EPS of {co} grew from {money(eps0, 2)} to {money(eps1, 2)} over {years} years; the stock now costs "
                  f"{money(price, 2)}. Using the historical EPS CAGR as the growth rate, {pick(rng, _ASK).lower()} the PEG ratio.")
        lines = [f"Step 1: EPS CAGR = ({eps1:.2f} / {eps0:.2f})^(1/{years}) - 1 = {g:.4f}%.",
                 f"Step 2: current P/E = {money(price, 2)} / {money(eps1, 2)} = {pe:.4f}.",
                 f"Step 3: PEG = {pe:.4f} / {g:.4f} = {peg:.2f}.",
                 "Past growth is only a proxy; the ratio is meant to use expected growth."]
        formula, inputs = "peg_from_cagr", {"price": price, "eps_start": eps0, "eps_end": eps1, "years": years}
    lines.append(rng.choice((
        f"A PEG {'below' if peg < 1 else 'above'} 1 is often read as growth being {'cheaply' if peg < 1 else 'richly'} priced, a rough heuristic only.",
        f"By the common rule of thumb (around 1 = fair), {peg:.2f} looks {'inexpensive' if peg < 1 else 'demanding'} relative to growth.",
        "PEG ignores dividends, balance-sheet risk and how reliable the growth estimate is.")))
    return _example("fundamental_analysis.peg_ratio", d, prompt, lines, f"{peg:.2f}", formula, inputs)


def _dividend_yield(rng):
    co, d = _company(rng), rng.choice(DIFFICULTIES)
    price = round(rng.uniform(10, 250), 2)
    if d == "easy":
        dps = round(rng.uniform(0.2, 8), 2)
        y = dps / price * 100
        prompt = f"{co} pays an annual dividend of {money(dps, 2)} per share and trades at {money(price, 2)}. {pick(rng, _ASK)} the dividend yield."
        lines = [f"Dividend yield = annual dividend / price = {dps:.2f} / {price:.2f} = {y / 100:.6f} = {y:.2f}%."]
        formula, inputs = "dividend_yield", {"dps": dps, "price": price}
    elif d == "medium":
        q = round(rng.uniform(0.05, 2), 2)
        y = q * 4 / price * 100
        prompt = (f"{co} pays a quarterly dividend of {money(q, 2)}. At a share price of {money(price, 2)}, "
                  f"what is the forward annual dividend yield? {pick(rng, _SHOW)}")
        lines = [f"Step 1: annualise the payout: 4 x {money(q, 2)} = {money(q * 4, 2)}.",
                 f"Step 2: yield = {money(q * 4, 2)} / {money(price, 2)} = {y:.2f}%."]
        formula, inputs = "dividend_yield_quarterly", {"quarterly_dps": q, "price": price}
    else:
        eps, payout = round(rng.uniform(1, 12), 2), rng.randint(15, 85)
        dps = eps * payout / 100
        y = dps / price * 100
        prompt = (f"{co} earns {money(eps, 2)} per share and targets a {payout}% payout ratio. The shares trade at "
                  f"{money(price, 2)}. {pick(rng, _ASK)} the implied dividend per share and the dividend yield, and comment on coverage.")
        lines = [f"Step 1: dividend per share = EPS x payout = {money(eps, 2)} x {payout}% = {money(dps, 2)} ({dps:.4f}).",
                 f"Step 2: yield = {dps:.4f} / {price:.2f} = {y:.2f}%.",
                 f"Step 3: coverage = 1 / payout = {100 / payout:.2f}x earnings"
                 + (", a comfortable cushion." if payout < 60 else ", leaving little room if profits fall.")]
        formula, inputs = "dividend_yield_payout", {"eps": eps, "payout_pct": payout, "price": price}
    return _example("fundamental_analysis.dividend_yield", d, prompt, lines, percent(y), formula, inputs, rng=rng)


def _cagr(rng):
    co, d = _company(rng), rng.choice(DIFFICULTIES)
    metric = rng.choice(("revenue", "free cash flow", "operating income", "book value"))
    years = {"easy": rng.randint(2, 4), "medium": rng.randint(5, 8), "hard": rng.randint(6, 10)}[d]
    start = round(rng.uniform(50, 2000), 1)
    path = [start]
    for _ in range(years):
        path.append(round(path[-1] * (1 + rng.uniform(-0.12, 0.3)), 1))
    end = path[-1]
    c = ((end / start) ** (1 / years) - 1) * 100
    if d == "hard":
        shown = ", ".join(f"year {i}: {v:,.1f}" for i, v in enumerate(path))
        prompt = (f"{co} reported annual {metric} (in millions) of {shown}. {pick(rng, _ASK)} the compound annual "
                  f"growth rate from year 0 to year {years}, and explain why it differs from the average yearly change.")
        avg = sum(path[i + 1] / path[i] - 1 for i in range(years)) / years * 100
        extra = [f"The arithmetic mean of the yearly changes is {avg:.2f}%; CAGR is lower (or equal) because it "
                 "compounds and is unaffected by the path in between."]
    else:
        prompt = (f"The {metric} of {co} went from {money(start, 2)}M to {money(end, 2)}M over {years} years. "
                  f"{pick(rng, _ASK)} the CAGR. {pick(rng, _SHOW)}")
        extra = [rng.choice(("CAGR is the constant rate that would turn the start value into the end value.",
                             "It smooths the path: only the endpoints and the number of years matter."))]
    lines = [f"CAGR = (end / start)^(1/years) - 1 = ({end:,.1f} / {start:,.1f})^(1/{years}) - 1.",
             f"Ratio = {end / start:.6f}; raised to 1/{years} gives {(end / start) ** (1 / years):.6f}; minus 1 = {c:.2f}%."] + extra
    return _example("fundamental_analysis.cagr", d, prompt, lines, percent(c), "cagr",
                    {"start": start, "end": end, "years": years})


def _gordon(rng):
    # Gordon growth model, M. J. Gordon, "The Investment, Financing, and Valuation of the Corporation" (1962):
    # P0 = D1 / (r - g), valid only for r > g.
    co, d = _company(rng), rng.choice(DIFFICULTIES)
    r = rng.randint(7, 14)
    g = round(rng.uniform(1, r - 2), 1)
    d0 = round(rng.uniform(0.5, 6), 2)
    if d == "easy":
        d1 = d0
        prompt = (f"{co} is expected to pay a dividend of {money(d1, 2)} next year, growing {g}% a year forever. "
                  f"With a required return of {r}%, {pick(rng, _ASK).lower()} the intrinsic value with the Gordon growth model.")
        lines = [f"P0 = D1 / (r - g) = {d1:.2f} / ({r}% - {g}%) = {d1:.2f} / {(r - g) / 100:.4f}."]
        formula, inputs = "gordon_d1", {"d1": d1, "r_pct": r, "g_pct": g}
    else:
        d1 = d0 * (1 + g / 100)
        prompt = (f"{co} just paid {money(d0, 2)} per share. Dividends are assumed to grow {g}% a year indefinitely and "
                  f"investors require {r}%. {pick(rng, _ASK)} the Gordon-growth value per share. {pick(rng, _SHOW)}")
        lines = [f"Step 1: next dividend D1 = {d0:.2f} x (1 + {g / 100:.3f}) = {d1:.4f}.",
                 f"Step 2: P0 = {d1:.4f} / ({r / 100:.2f} - {g / 100:.3f}) = {d1:.4f} / {(r - g) / 100:.4f}."]
        formula, inputs = "gordon_d0", {"d0": d0, "r_pct": r, "g_pct": g}
    p = d1 / ((r - g) / 100)
    lines.append(f"Value = {money(p, 2)}.")
    if d == "hard":
        price = round(p * rng.uniform(0.7, 1.3), 2)
        implied = (d1 / price) * 100 + g
        lines.append(f"At a market price of {money(price, 2)} the implied required return is D1/P + g = {implied:.2f}%, "
                     f"{'above' if implied > r else 'below'} the {r}% hurdle.")
        prompt += f" Also compare with a market price of {money(price, 2)}."
        inputs["market_price"] = price
    return _example("fundamental_analysis.gordon_growth", d, prompt, lines, money(p, 2), formula, inputs, rng=rng)


# =============================================================================
# technical_analysis
# =============================================================================
def _sma(rng):
    co, d = _company(rng), rng.choice(DIFFICULTIES)
    n = {"easy": 3, "medium": 5, "hard": rng.choice((7, 10))}[d]
    xs = _price_path(rng, n + rng.randint(1, 4), rng.uniform(20, 300), 0.02)
    window = xs[-n:]
    s = sum(window) / n
    prompt = (f"Closing prices for {co} over the last {len(xs)} sessions were: {_series(xs)}. "
              f"{pick(rng, _ASK)} the {n}-day simple moving average as of the last close. {pick(rng, _SHOW)}")
    last = xs[-1]
    lines = [f"Take the most recent {n} closes: {_series(window)}.",
             f"Sum = {sum(window):.2f}; SMA = {sum(window):.2f} / {n} = {s:.2f}.",
             f"The last close ({last:.2f}) is {'above' if last > s else 'below or at'} the average"
             + rng.choice((", a sign of short-term strength to trend followers." if last > s else
                           ", which trend followers read as short-term weakness.",
                           "; on its own that is a weak signal."))]
    return _example("technical_analysis.sma", d, prompt, lines, f"{s:.2f}", "sma", {"prices": xs, "period": n})


def _ema(rng):
    # EMA with multiplier k = 2/(n+1), seeded with the SMA of the first n closes (the common convention).
    co, d = _company(rng), rng.choice(DIFFICULTIES)
    n = {"easy": 3, "medium": 4, "hard": 5}[d]
    extra = {"easy": 2, "medium": 3, "hard": 4}[d]
    xs = _price_path(rng, n + extra, rng.uniform(20, 300), 0.02)
    k = 2 / (n + 1)
    e = sum(xs[:n]) / n
    lines = [f"Multiplier k = 2 / ({n} + 1) = {k:.4f}.",
             f"Seed: SMA of the first {n} closes = {e:.4f}."]
    verb = rng.choice(("EMA = close x k + previous EMA x (1 - k)", "EMA_t = k*P_t + (1-k)*EMA_(t-1)"))
    lines.append(f"Then for each later close, {verb}:")
    for x in xs[n:]:
        e = x * k + e * (1 - k)
        lines.append(f"- close {x:.2f} -> EMA {e:.4f}")
    lines.append(rng.choice(("The EMA weights recent prices more, so it reacts faster than an SMA of the same length.",
                             "Different seeding choices give slightly different early values; they converge over time.")))
    prompt = (f"{pick(rng, _ASK)} the {n}-period exponential moving average for {co} from these closes: {_series(xs)}. "
              f"Seed the EMA with the simple average of the first {n} closes and use k = 2/(n+1).")
    return _example("technical_analysis.ema", d, prompt, lines, f"{e:.2f}", "ema", {"prices": xs, "period": n})


def _rsi(rng):
    # RSI, J. Welles Wilder, "New Concepts in Technical Trading Systems" (1978). Wilder's first RSI value uses
    # the simple averages of gains and losses over the first n changes: RSI = 100 - 100/(1 + avgGain/avgLoss).
    co, d = _company(rng), rng.choice(DIFFICULTIES)
    n = {"easy": 5, "medium": 7, "hard": 14}[d]
    while True:
        xs = _price_path(rng, n + 1, rng.uniform(20, 200), 0.02)
        ch = [round(xs[i + 1] - xs[i], 2) for i in range(n)]
        if any(c > 0 for c in ch) and any(c < 0 for c in ch):
            break
    gains = sum(c for c in ch if c > 0)
    losses = -sum(c for c in ch if c < 0)
    rs = (gains / n) / (losses / n)
    rsi = 100 - 100 / (1 + rs)
    prompt = (f"{pick(rng, _ASK)} the {n}-period RSI for {co} from these {n + 1} closes: {_series(xs)}. "
              f"Use simple averages of gains and losses over the {n} changes (Wilder's initial value).")
    zone = "overbought (above 70)" if rsi > 70 else "oversold (below 30)" if rsi < 30 else "neutral (between 30 and 70)"
    lines = [f"Price changes: {', '.join(f'{c:+.2f}' for c in ch)}.",
             f"Sum of gains = {gains:.2f}; sum of losses = {losses:.2f}.",
             f"Average gain = {gains / n:.4f}; average loss = {losses / n:.4f}; RS = {rs:.4f}.",
             f"RSI = 100 - 100 / (1 + {rs:.4f}) = {rsi:.2f}.",
             f"That is in the conventional {zone} zone"
             + rng.choice((", though strong trends can keep RSI extreme for a long time.",
                           "; Wilder's 70/30 levels are guides, not triggers.",
                           "."))]
    return _example("technical_analysis.rsi", d, prompt, lines, f"{rsi:.2f}", "rsi", {"prices": xs, "period": n})


def _crossover(rng):
    co, d = _company(rng), rng.choice(DIFFICULTIES)
    fast, slow = {"easy": (2, 4), "medium": (3, 5), "hard": (3, 6)}[d]
    want = rng.randrange(3)  # aim for a mix of outcomes
    for _ in range(200):
        xs = _price_path(rng, slow + 1 + rng.randint(0, 2), rng.uniform(20, 200), 0.03)
        f0, s0 = sum(xs[-fast - 1:-1]) / fast, sum(xs[-slow - 1:-1]) / slow
        f1, s1 = sum(xs[-fast:]) / fast, sum(xs[-slow:]) / slow
        sig = "bullish crossover" if f0 <= s0 and f1 > s1 else "bearish crossover" if f0 >= s0 and f1 < s1 else "no crossover"
        if ("bullish crossover", "bearish crossover", "no crossover")[want] == sig:
            break
    prompt = (f"A trader watches the {fast}-day and {slow}-day simple moving averages of {co}. Closes: {_series(xs)}. "
              f"Did the last close produce a bullish crossover, a bearish crossover, or no crossover? {pick(rng, _SHOW)}")
    lines = [f"Previous session: fast SMA = {f0:.4f}, slow SMA = {s0:.4f} (fast {'above' if f0 > s0 else 'at or below'} slow).",
             f"Latest session: fast SMA = {f1:.4f}, slow SMA = {s1:.4f} (fast {'above' if f1 > s1 else 'at or below'} slow).",
             {"bullish crossover": "The fast average moved from at/below to above the slow one: a bullish crossover.",
              "bearish crossover": "The fast average moved from at/above to below the slow one: a bearish crossover.",
              "no crossover": "The relative order of the two averages did not flip, so there is no crossover."}[sig],
             rng.choice(("Crossovers lag price and whipsaw in sideways markets.",
                         "Many traders confirm such signals with volume or a longer trend filter."))]
    return _example("technical_analysis.ma_crossover", d, prompt, lines, sig, "ma_crossover",
                    {"prices": xs, "fast": fast, "slow": slow})


# =============================================================================
# market_sentiment
# =============================================================================
def _put_call(rng):
    d = rng.choice(DIFFICULTIES)
    what = rng.choice(("an imaginary exchange's equity options", "index options on a fictional benchmark",
                       "options on a hypothetical stock with ticker QZR"))
    if d == "easy":
        puts, calls = rng.randint(200, 2000) * 1000, rng.randint(200, 2000) * 1000
        prompt = f"On one day, {what} traded {puts:,} puts and {calls:,} calls. {pick(rng, _ASK)} the put/call volume ratio."
        lines = [f"Put/call ratio = put volume / call volume = {puts:,} / {calls:,}."]
        inputs = {"puts": [puts], "calls": [calls]}
    else:
        days = 3 if d == "medium" else 5
        puts = [rng.randint(200, 2000) * 1000 for _ in range(days)]
        calls = [rng.randint(200, 2000) * 1000 for _ in range(days)]
        rows = "; ".join(f"day {i + 1}: {p:,} puts / {c:,} calls" for i, (p, c) in enumerate(zip(puts, calls)))
        prompt = (f"Volumes for {what} were {rows}. {pick(rng, _ASK)} the {days}-day aggregate put/call ratio "
                  f"(total puts over total calls). {pick(rng, _SHOW)}")
        lines = [f"Total puts = {sum(puts):,}; total calls = {sum(calls):,}.",
                 f"Aggregate ratio = {sum(puts):,} / {sum(calls):,}."]
        inputs = {"puts": puts, "calls": calls}
    r = sum(inputs["puts"]) / sum(inputs["calls"])
    lines.append(f"= {r:.2f}.")
    lines.append(("More puts than calls: traders are buying protection or betting on declines. "
                  if r > 1 else "More calls than puts: traders lean toward upside bets. ")
                 + rng.choice(("Contrarians read extremes as a sign the crowd may be wrong.",
                               "Hedging flows distort the ratio, so compare it with its own history.",
                               "It is a mood gauge, not a timing tool.")))
    return _example("market_sentiment.put_call_ratio", d, prompt, lines, f"{r:.2f}", "put_call_ratio", inputs)


def _days_to_cover(rng):
    co, d = _company(rng), rng.choice(DIFFICULTIES)
    si = rng.randint(1, 60) * 100_000
    vols = [rng.randint(2, 40) * 50_000 for _ in range({"easy": 1, "medium": 3, "hard": 5}[d])]
    adv = sum(vols) / len(vols)
    dtc = si / adv
    if d == "easy":
        prompt = (f"{co} has {si:,} shares sold short and average daily volume of {vols[0]:,} shares. "
                  f"{pick(rng, _ASK)} the short interest ratio (days to cover).")
        lines = [f"Days to cover = short interest / average daily volume = {si:,} / {vols[0]:,}."]
    else:
        prompt = (f"{co} has short interest of {si:,} shares. Daily volumes over the last {len(vols)} sessions were "
                  f"{', '.join(f'{v:,}' for v in vols)}. {pick(rng, _ASK)} days to cover using their average. {pick(rng, _SHOW)}")
        lines = [f"Average daily volume = {sum(vols):,} / {len(vols)} = {adv:,.2f}.",
                 f"Days to cover = {si:,} / {adv:,.2f}."]
    lines.append(f"= {dtc:.2f} days.")
    if d == "hard":
        flt = si * rng.randint(4, 40)
        lines.append(f"Short interest as a share of the {flt:,}-share float = {si / flt * 100:.2f}%.")
        prompt += f" Also give short interest as a percent of a float of {flt:,} shares."
    return _example("market_sentiment.days_to_cover", d, prompt, lines, f"{dtc:.2f}", "days_to_cover",
                    {"short_interest": si, "volumes": vols}, rng=rng)


def _bull_bear(rng):
    d = rng.choice(DIFFICULTIES)
    who = rng.choice(("a fictional investor club", "a hypothetical newsletter readership", "an imaginary retail-investor poll"))
    weeks = {"easy": 1, "medium": 2, "hard": 4}[d]
    bulls, bears = [], []
    for _ in range(weeks):
        b = round(rng.uniform(15, 60), 1)
        br = round(rng.uniform(10, min(70, 95 - b)), 1)
        bulls.append(b)
        bears.append(br)
    spreads = [b - br for b, br in zip(bulls, bears)]
    if weeks == 1:
        prompt = (f"In {who}, {bulls[0]}% of respondents are bullish and {bears[0]}% bearish; the rest are neutral. "
                  f"{pick(rng, _ASK)} the bull-bear spread and the neutral share.")
        lines = [f"Bull-bear spread = {bulls[0]}% - {bears[0]}% = {spreads[0]:.1f} points.",
                 f"Neutral = 100 - {bulls[0]} - {bears[0]} = {100 - bulls[0] - bears[0]:.1f}%."]
        ans = spreads[0]
    else:
        rows = "; ".join(f"week {i + 1}: {b}% bullish, {br}% bearish" for i, (b, br) in enumerate(zip(bulls, bears)))
        prompt = (f"Survey results from {who}: {rows}. {pick(rng, _ASK)} each week's bull-bear spread and their "
                  f"{weeks}-week average. {pick(rng, _SHOW)}")
        lines = [f"Week {i + 1}: {b} - {br} = {s:.1f}" for i, (b, br, s) in enumerate(zip(bulls, bears, spreads))]
        ans = sum(spreads) / weeks
        lines.append(f"Average spread = {sum(spreads):.1f} / {weeks} = {ans:.2f} points.")
    lines.append("Optimists outnumber pessimists. " if ans > 0 else "Pessimists outnumber optimists. ")
    return _example("market_sentiment.bull_bear_spread", d, prompt, lines, f"{ans:.2f}", "bull_bear_spread",
                    {"bullish_pct": bulls, "bearish_pct": bears}, rng=rng, join=True)


def _ad_line(rng):
    d = rng.choice(DIFFICULTIES)
    days = {"easy": 3, "medium": 5, "hard": 7}[d]
    start = rng.randint(-5000, 5000)
    adv = [rng.randint(600, 2800) for _ in range(days)]
    dec = [rng.randint(600, 2800) for _ in range(days)]
    prompt = (f"A fictional exchange's advance-decline line stands at {start:,}. Over the next {days} sessions, "
              + "; ".join(f"{a:,} issues advanced and {b:,} declined" for a, b in zip(adv, dec))
              + f". {pick(rng, _ASK)} the A-D line after the last session. {pick(rng, _SHOW)}")
    v = start
    lines = [rng.choice(("Each day adds net advances (advancers minus decliners) to the running total.",
                         "The A-D line is a cumulative sum of daily breadth."))]
    for i, (a, b) in enumerate(zip(adv, dec)):
        v += a - b
        lines.append(f"Day {i + 1}: {a:,} - {b:,} = {a - b:+,} -> {v:,}")
    net = v - start
    lines.append(f"Net change {net:+,}: breadth {'improved' if net > 0 else 'weakened'}")
    return _example("market_sentiment.advance_decline", d, prompt, lines, str(v), "advance_decline",
                    {"start": start, "advances": adv, "declines": dec}, rng=rng, join=True)


# =============================================================================
# economic_indicators
# =============================================================================
def _inflation(rng):
    eco, d = _economy(rng), rng.choice(DIFFICULTIES)
    c0 = round(rng.uniform(90, 320), 1)
    if d == "hard":
        months = [c0]
        for _ in range(3):
            months.append(round(months[-1] * (1 + rng.uniform(-0.002, 0.012)), 1))
        m = (months[-1] / months[-2] - 1) * 100
        ann = ((months[-1] / months[-2]) ** 12 - 1) * 100
        prompt = (f"The consumer price index in {eco} for four consecutive months was {', '.join(f'{x}' for x in months)}. "
                  f"{pick(rng, _ASK)} the latest month-over-month change and annualise it by compounding over 12 months.")
        lines = [f"Monthly change = {months[-1]} / {months[-2]} - 1 = {m:.4f}%.",
                 f"Annualised = (1 + {m / 100:.6f})^12 - 1 = {ann:.2f}%.",
                 "Annualising one month magnifies noise; year-over-year change is steadier."]
        return _example("economic_indicators.cpi_inflation", d, prompt, lines, percent(ann), "cpi_annualised_monthly",
                        {"cpi": months})
    c1 = round(c0 * (1 + rng.uniform(-0.01, 0.09)), 1)
    infl = (c1 / c0 - 1) * 100
    prompt = (f"{eco} reports a CPI of {c0} a year ago and {c1} today. "
              f"{pick(rng, _ASK)} the annual inflation rate.")
    lines = [f"Inflation = (CPI now - CPI then) / CPI then = ({c1} - {c0}) / {c0} = {infl:.2f}%."]
    inputs = {"cpi_start": c0, "cpi_end": c1}
    formula = "cpi_inflation"
    ans = infl
    if d == "medium":
        wage = rng.randint(1, 9)
        real = ((1 + wage / 100) / (1 + infl / 100) - 1) * 100
        prompt += f" Nominal wages rose {wage}%: what was the real wage change?"
        lines.append(f"Real wage change = (1 + {wage}%) / (1 + {infl:.4f}%) - 1 = {real:.2f}%.")
        inputs["wage_pct"] = wage
        formula, ans = "real_wage_change", real
    return _example("economic_indicators.cpi_inflation", d, prompt, lines, percent(ans), formula, inputs, rng=rng)


def _fisher(rng):
    # Irving Fisher, "The Theory of Interest" (1930): (1 + i) = (1 + r)(1 + pi).
    eco, d = _economy(rng), rng.choice(DIFFICULTIES)
    i = round(rng.uniform(0.5, 12), 2)
    pi = round(rng.uniform(-1, 10), 2)
    exact = ((1 + i / 100) / (1 + pi / 100) - 1) * 100
    approx = i - pi
    what = rng.choice(("a one-year government bond", "a bank deposit", "a short-term bill"))
    prompt = (f"In {eco}, {what} pays a nominal {i}% while expected inflation is {pi}%. ")
    if d == "easy":
        prompt += f"{pick(rng, _ASK)} the approximate real interest rate."
        lines = [f"Approximation: r = i - pi = {i} - {pi} = {approx:.2f}%.",
                 "This linear shortcut works well when both rates are small."]
        return _example("economic_indicators.real_rate", d, prompt, lines, percent(approx), "fisher_approx",
                        {"nominal_pct": i, "inflation_pct": pi})
    prompt += f"{pick(rng, _ASK)} the exact real rate with the Fisher equation. {pick(rng, _SHOW)}"
    lines = ["Fisher: (1 + i) = (1 + r)(1 + pi), so r = (1 + i)/(1 + pi) - 1.",
             f"r = {1 + i / 100:.4f} / {1 + pi / 100:.4f} - 1 = {exact:.2f}%.",
             f"The shortcut i - pi gives {approx:.2f}%, off by {abs(approx - exact):.2f} points."]
    inputs = {"nominal_pct": i, "inflation_pct": pi}
    if d == "hard":
        tax = rng.choice((15, 20, 25, 30))
        after = ((1 + i * (1 - tax / 100) / 100) / (1 + pi / 100) - 1) * 100
        prompt += f" Then repeat after a {tax}% tax on nominal interest."
        lines.append(f"After tax the nominal yield is {i} x (1 - {tax / 100:.2f}) = {i * (1 - tax / 100):.4f}%; "
                     f"real after-tax = {after:.2f}%.")
        inputs["tax_pct"] = tax
        exact = after
        formula = "fisher_after_tax"
    else:
        formula = "fisher_exact"
    return _example("economic_indicators.real_rate", d, prompt, lines, percent(exact), formula, inputs, rng=rng)


def _gdp(rng):
    # Quarterly growth is reported as a seasonally adjusted annual rate by compounding: (1 + q)^4 - 1
    # (U.S. BEA convention, "Concepts and Methods of the U.S. NIPAs").
    eco, d = _economy(rng), rng.choice(DIFFICULTIES)
    g0 = round(rng.uniform(200, 25000), 1)
    if d == "easy":
        q = round(rng.uniform(-1.5, 2.5), 2)
        ann = ((1 + q / 100) ** 4 - 1) * 100
        prompt = (f"Real GDP in {eco} grew {q}% quarter over quarter. {pick(rng, _ASK)} the annualised rate "
                  "(compounded over four quarters).")
        lines = [f"Annualised = (1 + {q / 100:.4f})^4 - 1 = {ann:.2f}%."]
        formula, inputs = "gdp_annualised_rate", {"q_pct": q}
    else:
        g1 = round(g0 * (1 + rng.uniform(-0.015, 0.025)), 1)
        q = (g1 / g0 - 1) * 100
        ann = ((g1 / g0) ** 4 - 1) * 100
        prompt = (f"Real GDP in {eco} (billions, seasonally adjusted) moved from {g0:,.1f} to {g1:,.1f} in one quarter. "
                  f"{pick(rng, _ASK)} the quarterly growth and the annualised rate. {pick(rng, _SHOW)}")
        lines = [f"Quarterly growth = {g1:,.1f} / {g0:,.1f} - 1 = {q:.4f}%.",
                 f"Annualised = ({g1:,.1f} / {g0:,.1f})^4 - 1 = {ann:.2f}%."]
        formula, inputs = "gdp_annualised_levels", {"gdp_start": g0, "gdp_end": g1}
        if d == "hard":
            pop0, pop1 = rng.randint(5, 300), 0
            pop1 = round(pop0 * (1 + rng.uniform(0, 0.004)), 3)
            pc = ((g1 / pop1) / (g0 / pop0) - 1) * 100
            prompt += f" Population went from {pop0} million to {pop1} million; also give per-capita quarterly growth."
            lines.append(f"Per capita: ({g1:,.1f}/{pop1}) / ({g0:,.1f}/{pop0}) - 1 = {pc:.3f}% for the quarter.")
            inputs.update({"pop_start": pop0, "pop_end": pop1})
    lines.append(("Two consecutive negative quarters is a popular (not official) recession rule of thumb."
                  if ann < 0 else rng.choice(("Annualising makes quarterly data comparable with yearly figures.",
                                              "First estimates are revised as more source data arrive."))))
    return _example("economic_indicators.gdp_growth", d, prompt, lines, percent(ann), formula, inputs)


def _unemployment(rng):
    # Labour-force definitions follow the U.S. BLS: labour force = employed + unemployed;
    # participation = labour force / civilian non-institutional population aged 16+.
    eco, d = _economy(rng), rng.choice(DIFFICULTIES)
    emp = rng.randint(2_000, 160_000) * 1000
    unemp = int(emp * rng.uniform(0.02, 0.14))
    lf = emp + unemp
    rate = unemp / lf * 100
    prompt = f"In {eco}, {emp:,} people are employed and {unemp:,} are unemployed (looking for work). "
    lines = [f"Labour force = {emp:,} + {unemp:,} = {lf:,}.",
             f"Unemployment rate = {unemp:,} / {lf:,} = {rate:.2f}%."]
    inputs = {"employed": emp, "unemployed": unemp}
    formula, ans = "unemployment_rate", rate
    if d == "easy":
        prompt += f"{pick(rng, _ASK)} the unemployment rate."
    else:
        pop = int(lf / rng.uniform(0.55, 0.72))
        part = lf / pop * 100
        prompt += (f"The working-age civilian population is {pop:,}. {pick(rng, _ASK)} the unemployment rate and the "
                   f"labour-force participation rate. {pick(rng, _SHOW)}")
        lines.append(f"Participation = {lf:,} / {pop:,} = {part:.2f}%.")
        inputs["population"] = pop
        if d == "hard":
            moved = int(unemp * rng.uniform(0.1, 0.3))
            r2 = (unemp - moved) / (lf - moved) * 100
            prompt += f" If {moved:,} unemployed people stop searching, what is the new unemployment rate?"
            lines.append(f"Discouraged workers leave the labour force: ({unemp:,} - {moved:,}) / ({lf:,} - {moved:,}) "
                         f"= {r2:.2f}%. The rate falls although nobody found a job.")
            formula, ans = "unemployment_after_discouraged", r2
            inputs["left_labour_force"] = moved
    return _example("economic_indicators.unemployment", d, prompt, lines, percent(ans), formula, inputs, rng=rng)


# =============================================================================
# risk_assessment
# =============================================================================
def _sharpe(rng):
    # Sharpe ratio, W. F. Sharpe, "Mutual Fund Performance", Journal of Business 39 (1966):
    # S = (mean return - risk-free rate) / standard deviation of return.
    d = rng.choice(DIFFICULTIES)
    fund = rng.choice(("a hypothetical equity fund", "a fictional long-short strategy", "an imaginary balanced portfolio",
                       "a made-up sector ETF"))
    rf = round(rng.uniform(0.5, 5), 2)
    if d == "easy":
        rp, sd = round(rng.uniform(-2, 25), 2), round(rng.uniform(5, 35), 2)
        s = (rp - rf) / sd
        prompt = (f"{fund} returned {rp}% a year with {sd}% annual volatility; the risk-free rate "
                  f"is {rf}%. {pick(rng, _ASK)} the Sharpe ratio.")
        lines = [f"Sharpe = (Rp - Rf) / sigma = ({rp} - {rf}) / {sd} = {rp - rf:.2f} / {sd} = {s:.2f}."]
        formula, inputs = "sharpe", {"return_pct": rp, "rf_pct": rf, "vol_pct": sd}
    elif d == "medium":
        m, sd = round(rng.uniform(-0.3, 2), 2), round(rng.uniform(1.5, 8), 2)
        rfm = rf / 12
        s = (m - rfm) / sd * math.sqrt(12)
        prompt = (f"{fund} has an average monthly return of {m}% with a monthly standard "
                  f"deviation of {sd}%. The annual risk-free rate is {rf}%. {pick(rng, _ASK)} the annualised Sharpe ratio "
                  f"(scale the monthly ratio by sqrt(12)). {pick(rng, _SHOW)}")
        lines = [f"Monthly risk-free = {rf} / 12 = {rfm:.4f}%.",
                 f"Monthly Sharpe = ({m} - {rfm:.4f}) / {sd} = {(m - rfm) / sd:.4f}.",
                 f"Annualised = {(m - rfm) / sd:.4f} x sqrt(12) = {s:.2f}.",
                 "The sqrt(12) scaling assumes independent monthly returns."]
        formula, inputs = "sharpe_monthly_annualised", {"monthly_mean_pct": m, "monthly_sd_pct": sd, "rf_pct": rf}
    else:
        rets = [round(rng.uniform(-20, 30), 1) for _ in range(rng.randint(5, 7))]
        n = len(rets)
        mean = sum(rets) / n
        sd = math.sqrt(sum((r - mean) ** 2 for r in rets) / (n - 1))
        s = (mean - rf) / sd
        prompt = (f"{fund} returned {', '.join(f'{r}%' for r in rets)} in successive years. "
                  f"With a {rf}% risk-free rate, {pick(rng, _ASK).lower()} the Sharpe ratio using the arithmetic mean and the "
                  f"sample standard deviation (n - 1).")
        lines = [f"Mean = {sum(rets):.1f} / {n} = {mean:.4f}%.",
                 f"Sum of squared deviations = {sum((r - mean) ** 2 for r in rets):.4f}; "
                 f"variance = that / {n - 1}; sigma = {sd:.4f}%.",
                 f"Sharpe = ({mean:.4f} - {rf}) / {sd:.4f} = {s:.2f}."]
        formula, inputs = "sharpe_from_returns", {"returns_pct": rets, "rf_pct": rf}
    lines.append(rng.choice((f"{'Positive' if s > 0 else 'Negative'} excess return per unit of total risk; compare only with peers over the same period.",
                             "Sharpe penalises upside and downside volatility alike; Sortino looks only at the downside.",
                             "A short track record makes any Sharpe estimate noisy.")))
    return _example("risk_assessment.sharpe_ratio", d, prompt, lines, f"{s:.2f}", formula, inputs)


def _drawdown(rng):
    co, d = _company(rng), rng.choice(DIFFICULTIES)
    n = {"easy": 6, "medium": 9, "hard": 12}[d]
    xs = _price_path(rng, n, rng.uniform(20, 300), 0.05)
    peak, peak_i, best = xs[0], 0, (0.0, 0, 0)
    for i, x in enumerate(xs):
        if x > peak:
            peak, peak_i = x, i
        dd = (peak - x) / peak
        if dd > best[0]:
            best = (dd, peak_i, i)
    mdd = best[0] * 100
    prompt = (f"Month-end prices for {co} were {_series(xs)}. {pick(rng, _ASK)} the maximum drawdown "
              f"(largest peak-to-trough decline, measured from the running peak). {pick(rng, _SHOW)}")
    run, peaks = xs[0], []
    for x in xs:
        run = max(run, x)
        peaks.append(run)
    lines = [f"Running peaks: {_series(peaks)}."]
    if mdd == 0:
        lines.append("Every price is at or above its running peak, so the drawdown is zero.")
    else:
        p, t = xs[best[1]], xs[best[2]]
        lines.append(f"The deepest fall is from the peak {p:.2f} (point {best[1] + 1}) to the trough {t:.2f} "
                     f"(point {best[2] + 1}).")
        lines.append(f"Max drawdown = ({p:.2f} - {t:.2f}) / {p:.2f} = {mdd:.2f}%.")
        need = (p / t - 1) * 100
        lines.append(rng.choice((f"Recovering it needs a {need:.2f}% gain from the trough, more than the loss itself.",
                                 "Drawdown measures pain actually experienced, which volatility alone hides.",
                                 "Monthly data can miss deeper intra-month troughs.")))
    return _example("risk_assessment.max_drawdown", d, prompt, lines, percent(mdd), "max_drawdown", {"prices": xs})


def _var(rng):
    # Parametric (variance-covariance) VaR with zero mean: VaR = z * sigma * value * sqrt(days);
    # one-tailed z = 1.645 at 95% and 2.326 at 99% (standard normal quantiles; RiskMetrics, J.P. Morgan 1996).
    d = rng.choice(DIFFICULTIES)
    value = rng.randint(10, 500) * 10_000
    sd = round(rng.uniform(0.5, 3.5), 2)
    conf, z = (95, 1.645) if d == "easy" else rng.choice(((95, 1.645), (99, 2.326)))
    days = 1 if d != "hard" else rng.choice((5, 10, 20))
    var = z * sd / 100 * value * math.sqrt(days)
    holder = rng.choice(("A hypothetical fund", "A fictional trading desk", "An imaginary family office"))
    prompt = (f"{holder} holds a {money(value, 2)} position with daily return volatility of {sd}%. Assuming normally "
              f"distributed returns with zero mean, {pick(rng, _ASK).lower()} the {days}-day {conf}% value at risk.")
    lines = [f"One-tailed z at {conf}% = {z}.",
             f"1-day VaR = {z} x {sd}% x {money(value, 2)} = {money(z * sd / 100 * value, 2)}."]
    if days > 1:
        lines.append(f"Scale by sqrt({days}) = {math.sqrt(days):.4f}: {days}-day VaR = {money(var, 2)}.")
    lines.append(f"Read: on {100 - conf}% of {days}-day periods the loss is expected to exceed {money(var, 2)}.")
    return _example("risk_assessment.value_at_risk", d, prompt, lines, money(var, 2), "parametric_var",
                    {"value": value, "daily_vol_pct": sd, "z": z, "days": days}, rng=rng)


def _beta(rng):
    # beta = cov(i, m) / var(m) = rho * sigma_i / sigma_m (CAPM, Sharpe 1964).
    co, d = _company(rng), rng.choice(DIFFICULTIES)
    si, sm = round(rng.uniform(12, 60), 1), round(rng.uniform(10, 22), 1)
    rho = round(rng.uniform(0.1, 0.95), 2)
    if d == "easy":
        b = rho * si / sm
        prompt = (f"{co} has {si}% annual volatility and a {rho} correlation with a market index whose volatility is "
                  f"{sm}%. {pick(rng, _ASK)} its beta.")
        lines = [f"beta = rho x sigma_stock / sigma_market = {rho} x {si} / {sm} = {b:.2f}."]
        formula, inputs = "beta_corr", {"rho": rho, "vol_stock_pct": si, "vol_market_pct": sm}
    else:
        cov = round(rho * si * sm, 1)
        b = cov / sm ** 2
        prompt = (f"The covariance between the returns of {co} and the market is {cov} (%^2) and the market's "
                  f"standard deviation is {sm}%. {pick(rng, _ASK)} beta. {pick(rng, _SHOW)}")
        lines = [f"Market variance = {sm}^2 = {sm ** 2:.2f}.", f"beta = {cov} / {sm ** 2:.2f} = {b:.2f}."]
        formula, inputs = "beta_cov", {"cov": cov, "vol_market_pct": sm}
        if d == "hard":
            move = rng.choice((-10, -5, 5, 8, -15))
            lines.append(f"If the market moves {move}%, the CAPM-expected move is {b:.4f} x {move} = {b * move:.2f}% "
                         "(ignoring alpha and idiosyncratic noise).")
            prompt += f" Estimate the expected move if the market moves {move}%."
    lines.append(f"A beta of {b:.2f} means the stock tends to move "
                 + ("more than" if b > 1 else "less than") + " the market; beta captures only systematic risk.")
    return _example("risk_assessment.beta", d, prompt, lines, f"{b:.2f}", formula, inputs)


# =============================================================================
# portfolio_theory
# =============================================================================
def _port_return(rng):
    d = rng.choice(DIFFICULTIES)
    k = {"easy": 2, "medium": 3, "hard": 4}[d]
    cuts = sorted(rng.sample(range(5, 96, 5), k - 1))
    w = [b - a for a, b in zip([0] + cuts, cuts + [100])]
    rets = [round(rng.uniform(-2, 16), 1) for _ in range(k)]
    names = rng.sample(("bonds", "large-cap equities", "small-cap equities", "real estate", "commodities",
                        "international stocks", "cash", "emerging markets"), k)
    if d == "hard":
        amts = [wi * rng.randint(1, 9) * 1000 for wi in w]
        tot = sum(amts)
        ws = [a / tot for a in amts]
        prompt = ("A hypothetical investor holds " + ", ".join(f"{money(a, 2)} in {nm}" for a, nm in zip(amts, names))
                  + ". Expected returns are " + ", ".join(f"{r}%" for r in rets)
                  + f" respectively. {pick(rng, _ASK)} the weights and the portfolio's expected return.")
        lines = [f"Total = {money(tot, 2)}; weights = " + ", ".join(f"{x:.4f}" for x in ws) + "."]
        inputs = {"amounts": amts, "returns_pct": rets}
    else:
        ws = [x / 100 for x in w]
        prompt = ("A model portfolio is " + ", ".join(f"{wi}% {nm}" for wi, nm in zip(w, names))
                  + " with expected returns of " + ", ".join(f"{r}%" for r in rets)
                  + f". {pick(rng, _ASK)} the expected portfolio return. {pick(rng, _SHOW)}")
        lines = []
        inputs = {"weights_pct": w, "returns_pct": rets}
    er = sum(a * r for a, r in zip(ws, rets))
    lines.append("E[Rp] = sum of weight x return = " + " + ".join(f"{a:.4f} x {r}" for a, r in zip(ws, rets))
                 + f" = {er:.2f}%.")
    return _example("portfolio_theory.portfolio_return", d, prompt, lines, percent(er), "portfolio_return", inputs, rng=rng)


def _two_asset(rng):
    # Markowitz, "Portfolio Selection", Journal of Finance 7 (1952):
    # var_p = w1^2 s1^2 + w2^2 s2^2 + 2 w1 w2 rho s1 s2.
    d = rng.choice(DIFFICULTIES)
    w1 = rng.randrange(10, 91, 5)
    s1, s2 = round(rng.uniform(4, 30), 1), round(rng.uniform(4, 30), 1)
    rho = {"easy": rng.choice((0.0, 1.0)), "medium": round(rng.uniform(-0.5, 0.9), 2),
           "hard": round(rng.uniform(-0.9, 0.9), 2)}[d]
    a, b = w1 / 100, 1 - w1 / 100
    var = a * a * s1 * s1 + b * b * s2 * s2 + 2 * a * b * rho * s1 * s2
    sp = math.sqrt(var)
    names = rng.sample(("a stock fund", "a bond fund", "a gold fund", "a REIT fund", "a tech fund", "a utility fund"), 2)
    prompt = (f"A portfolio holds {w1}% in {names[0]} (volatility {s1}%) and {100 - w1}% in {names[1]} "
              f"(volatility {s2}%), with correlation {rho}. {pick(rng, _ASK)} the portfolio variance and volatility. {pick(rng, _SHOW)}")
    lines = ["var = w1^2 s1^2 + w2^2 s2^2 + 2 w1 w2 rho s1 s2",
             f"= {a:.2f}^2 x {s1}^2 + {b:.2f}^2 x {s2}^2 + 2 x {a:.2f} x {b:.2f} x {rho} x {s1} x {s2}",
             f"= {a * a * s1 * s1:.4f} + {b * b * s2 * s2:.4f} + {2 * a * b * rho * s1 * s2:.4f} = {var:.4f} (%^2).",
             f"Volatility = sqrt({var:.4f}) = {sp:.2f}%."]
    naive = a * s1 + b * s2
    if d == "hard" and rho < 1:
        mv = (s2 * s2 - rho * s1 * s2) / (s1 * s1 + s2 * s2 - 2 * rho * s1 * s2)
        lines.append(f"Minimum-variance weight in the first asset = (s2^2 - rho s1 s2) / (s1^2 + s2^2 - 2 rho s1 s2) "
                     f"= {mv * 100:.2f}% (unconstrained).")
        prompt += " Also find the minimum-variance weight for the first asset."
    lines.append(f"The weighted average of volatilities is {naive:.2f}%; "
                 + ("with perfect correlation there is no diversification benefit." if rho == 1 else
                    f"diversification removes {naive - sp:.2f} points of it."))
    return _example("portfolio_theory.two_asset_variance", d, prompt, lines, percent(sp), "two_asset_vol",
                    {"w1_pct": w1, "vol1_pct": s1, "vol2_pct": s2, "rho": rho})


def _capm(rng):
    # CAPM: E[R] = rf + beta (E[Rm] - rf) (Sharpe 1964; Lintner 1965).
    co, d = _company(rng), rng.choice(DIFFICULTIES)
    rf = round(rng.uniform(0.5, 5), 2)
    rm = round(rng.uniform(rf + 2, 12), 2)
    beta = round(rng.uniform(0.3, 2.2), 2)
    er = rf + beta * (rm - rf)
    prompt = (f"{co} has a beta of {beta}. The risk-free rate is {rf}% and the market is expected to return {rm}%. "
              f"{pick(rng, _ASK)} the CAPM required return.")
    lines = [f"Market risk premium = {rm} - {rf} = {rm - rf:.2f}%.",
             f"E[R] = {rf} + {beta} x {rm - rf:.2f} = {er:.2f}%."]
    formula, inputs, ans = "capm", {"rf_pct": rf, "rm_pct": rm, "beta": beta}, er
    if d != "easy":
        exp = round(er + rng.uniform(-4, 4), 2)
        alpha = exp - er
        prompt += f" An analyst forecasts {exp}%; what is the implied alpha? {pick(rng, _SHOW)}"
        lines.append(f"Alpha = forecast - required = {exp} - {er:.4f} = {alpha:.2f} points; "
                     + ("it plots above the security market line." if alpha > 0 else "it plots below the security market line."))
        if d == "hard":
            formula, ans = "capm_alpha", alpha
            inputs["forecast_pct"] = exp
    return _example("portfolio_theory.capm", d, prompt, lines, percent(ans), formula, inputs, rng=rng)


_FREQ = _BANKS["freq"]


def _compound(rng):
    d = rng.choice(DIFFICULTIES)
    p = rng.randint(1, 200) * 500
    r = round(rng.uniform(1, 12), 2)
    t = rng.randint(2, 40)
    who = rng.choice(("A saver", "A hypothetical investor", "A fictional pension plan", "A student"))
    if d == "hard":
        fname, n = "continuously", None
        a = p * math.exp(r / 100 * t)
        lines = [f"Continuous compounding: A = P e^(rt) = {p:,} x e^({r / 100:.4f} x {t}) = {p:,} x {math.exp(r / 100 * t):.6f}."]
        formula = "compound_continuous"
    else:
        fname, n = rng.choice(_FREQ[:2] if d == "easy" else _FREQ[2:])
        a = p * (1 + r / 100 / n) ** (n * t)
        lines = [f"A = P (1 + r/n)^(n t) with n = {n}.",
                 f"= {p:,} x (1 + {r / 100:.4f}/{n})^({n} x {t}) = {p:,} x {(1 + r / 100 / n) ** (n * t):.6f}."]
        formula = "compound_interest"
    prompt = (f"{who} invests {money(p, 2)} at {r}% a year compounded {fname} for {t} years. {pick(rng, _ASK)} the final "
              f"value. {pick(rng, _SHOW)}")
    lines.append(f"Final value = {money(a, 2)}; interest earned = {money(a - p, 2)}.")
    simple = p * (1 + r / 100 * t)
    lines.append(rng.choice((f"Simple interest would give only {money(simple, 2)}; the gap is interest on interest.",
                             f"Rule of 72: money doubles roughly every {72 / r:.1f} years at {r}%.",
                             "More frequent compounding helps, but with diminishing effect.")))
    return _example("portfolio_theory.compound_interest", d, prompt, lines, money(a, 2), formula,
                    {"principal": p, "rate_pct": r, "years": t, "n": n})


# =============================================================================
# trading_strategies
# =============================================================================
def _position_size(rng):
    co, d = _company(rng), rng.choice(DIFFICULTIES)
    acct = rng.randint(5, 500) * 1000
    risk = rng.choice((0.5, 1, 1.5, 2))
    entry = round(rng.uniform(10, 400), 2)
    stop = round(entry * (1 - rng.uniform(0.02, 0.15)), 2)
    # Integer cents so that an exact division never floors one share short through float error.
    per_c = round(entry * 100) - round(stop * 100)
    budget_c = round(acct * risk)          # acct * risk% in cents
    per, budget = per_c / 100, budget_c / 100
    shares = budget_c // per_c
    prompt = (f"A trader with a {money(acct, 2)} account risks {risk}% per trade. They plan to buy {co} at "
              f"{money(entry, 2)} with a stop-loss at {money(stop, 2)}. ")
    lines = [f"Risk budget = {risk}% x {money(acct, 2)} = {money(budget, 2)}.",
             f"Risk per share = {entry:.2f} - {stop:.2f} = {per:.2f}.",
             f"Shares = floor({budget:.2f} / {per:.2f}) = {shares:,}."]
    inputs = {"account": acct, "risk_pct": risk, "entry": entry, "stop": stop}
    formula = "position_size"
    if d == "easy":
        prompt += f"How many shares should they buy? {pick(rng, _SHOW)}"
    else:
        cap = rng.choice((10, 15, 20, 25))
        capped = (acct * cap) // round(entry * 100)   # cap% of the account, in cents, over the price in cents
        prompt += f"They also cap any position at {cap}% of the account. {pick(rng, _ASK)} the share count."
        lines.append(f"Cap: floor({cap}% x {money(acct, 2)} / {entry:.2f}) = {capped:,} shares.")
        lines.append(f"Take the smaller: {min(shares, capped):,} shares "
                     + ("(the cap binds)." if capped < shares else "(the risk rule binds)."))
        shares = min(shares, capped)
        inputs["cap_pct"] = cap
        formula = "position_size_capped"
        if d == "hard":
            slip = round(per * rng.uniform(0.1, 0.5), 2)
            lines.append(f"If the stop fills {slip:.2f} lower, the actual loss is {shares:,} x {per + slip:.2f} = "
                         f"{money(shares * (per + slip), 2)}.")
            prompt += f" What would the loss be if the stop slips by {money(slip, 2)}?"
    lines.append(f"Position value = {shares:,} x {entry:.2f} = {money(shares * entry, 2)}. "
                 + rng.choice(("Sizing by risk keeps each loss small relative to the account.",
                               "Gaps through the stop can exceed the planned loss.")))
    return _example("trading_strategies.position_sizing", d, prompt, lines, str(shares), formula, inputs)


def _risk_reward(rng):
    co, d = _company(rng), rng.choice(DIFFICULTIES)
    entry = round(rng.uniform(10, 400), 2)
    stop = round(entry * (1 - rng.uniform(0.02, 0.12)), 2)
    target = round(entry * (1 + rng.uniform(0.03, 0.4)), 2)
    rr = (target - entry) / (entry - stop)
    be = 1 / (1 + rr) * 100
    prompt = (f"A swing trade in {co}: entry {money(entry, 2)}, stop {money(stop, 2)}, target {money(target, 2)}. "
              f"{pick(rng, _ASK)} the reward-to-risk ratio and the break-even win rate. {pick(rng, _SHOW)}")
    lines = [f"Reward = {target:.2f} - {entry:.2f} = {target - entry:.2f}; risk = {entry:.2f} - {stop:.2f} = {entry - stop:.2f}.",
             f"Reward:risk = {rr:.4f}.",
             f"Break-even win rate = 1 / (1 + R) = 1 / {1 + rr:.4f} = {be:.2f}%."]
    inputs = {"entry": entry, "stop": stop, "target": target}
    formula, ans = "breakeven_win_rate", be
    if d != "easy":
        cost = round(rng.uniform(0.01, 0.2), 2) if d == "hard" else 0.0
        p = rng.randint(25, 65)
        ev = p / 100 * (target - entry - cost) - (1 - p / 100) * (entry - stop + cost)
        prompt += f" With a {p}% win rate" + (f" and {money(cost, 2)} round-trip cost per share" if cost else "") \
            + ", what is the expected value per share?"
        lines.append(f"EV = {p / 100:.2f} x {target - entry - cost:.2f} - {1 - p / 100:.2f} x {entry - stop + cost:.2f} "
                     f"= {money(ev, 2)} per share.")
        inputs.update({"win_pct": p, "cost": cost})
        formula, ans = "expected_value_per_share", ev
    lines.append(rng.choice(("A bigger reward:risk lowers the win rate needed to break even.",
                             "Targets far away are hit less often, so R and win rate trade off.")))
    answer = percent(ans) if formula == "breakeven_win_rate" else money(ans, 2)
    return _example("trading_strategies.risk_reward", d, prompt, lines, answer, formula, inputs)


def _kelly(rng):
    # Kelly criterion, J. L. Kelly Jr., "A New Interpretation of Information Rate", Bell System Tech. J. (1956):
    # f* = p - (1 - p) / b for a bet paying b-to-1.
    d = rng.choice(DIFFICULTIES)
    p = rng.randint(35, 70)
    b = round(rng.uniform(0.6, 3.5), 2)
    f = p / 100 - (1 - p / 100) / b
    strat = rng.choice(("a hypothetical breakout system", "a fictional mean-reversion strategy",
                        "an imaginary earnings-drift rule"))
    prompt = (f"Backtests of {strat} show a {p}% win rate, and the average win is {b} times the average loss. "
              f"{pick(rng, _ASK)} the Kelly fraction.")
    lines = [f"f* = p - (1 - p) / b = {p / 100:.2f} - {1 - p / 100:.2f} / {b} = {f * 100:.2f}%."]
    ans_f = max(f, 0.0)
    if f <= 0:
        lines.append("The edge is negative, so Kelly says bet nothing: 0.00%.")
    inputs = {"win_pct": p, "payoff": b}
    formula, answer = "kelly", percent(ans_f * 100)
    if d != "easy":
        frac = 0.5 if d == "medium" else rng.choice((0.25, 0.5))
        acct = rng.randint(10, 300) * 1000
        amt = acct * ans_f * frac
        prompt += f" The trader uses {'half' if frac == 0.5 else 'quarter'}-Kelly on a {money(acct, 2)} account: how much goes into the next trade? {pick(rng, _SHOW)}"
        lines.append(f"Stake = {money(acct, 2)} x {ans_f * 100:.2f}% x {frac} = {money(amt, 2)}.")
        inputs.update({"fraction": frac, "account": acct})
        formula, answer = "kelly_stake", money(amt, 2)
    return _example("trading_strategies.kelly", d, prompt, lines, answer, formula, inputs, rng=rng)



_TEMPLATES = {
    "fundamental_analysis": (_pe, _peg, _dividend_yield, _cagr, _gordon),
    "technical_analysis": (_sma, _ema, _rsi, _crossover),
    "market_sentiment": (_put_call, _days_to_cover, _bull_bear, _ad_line),
    "economic_indicators": (_inflation, _fisher, _gdp, _unemployment),
    "risk_assessment": (_sharpe, _drawdown, _var, _beta),
    "portfolio_theory": (_port_return, _two_asset, _capm, _compound),
    "trading_strategies": (_position_size, _risk_reward, _kelly),
}


class StockGenerator(Refuses, DomainGenerator):
    domain = "stock"
    version = "4"  # 2: disclaimer moved to the first line; 3: refusal rows (generators/refusals/); 4: one in 8, not 5
    templates = _TEMPLATES
    refusal_category = "risk_assessment"
