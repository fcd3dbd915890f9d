"""Advanced software generator.

Categories (from the original guide's "Domain Coverage"): software_architecture
(design patterns), algorithms_data_structures, distributed_systems,
system_design (URL shortener, rate limiter, capacity estimates, open
designs of a named system at a given request rate),
code_optimization, testing_strategies and database_design.

Rows are worked problems whose answer is computed or looked up in code:
algorithmic complexity of well-known algorithms (answers like `O(n log n)`),
the master theorem, QPS/storage/bandwidth estimates with the arithmetic shown,
token-bucket simulations, quorum and consensus arithmetic, availability,
consistent hashing, vector clocks, Amdahl's law, cache latency, Little's law,
coverage/mutation scores, pairwise testing bounds, B+tree height, functional
dependency closure and isolation levels. Pattern and SOLID rows pair a
scenario with a short Python skeleton (indented with spaces). Every row with
an answer ends with `Final answer:`; `extra["inputs"]` and `extra["formula"]`
let a test recompute it.

Sources policy: complexities from Cormen, Leiserson, Rivest & Stein,
"Introduction to Algorithms" (CLRS, 3rd ed.); patterns from Gamma et al.,
"Design Patterns" (1994); SOLID and package metrics from Robert C. Martin,
"Agile Software Development" (2002); isolation anomalies from ANSI SQL-92 and
Berenson et al., "A Critique of ANSI SQL Isolation Levels" (1995); boundary
value counts from Jorgensen, "Software Testing: A Craftsman's Approach".

The fact tables, design and pattern banks and code skeletons are in banks.yaml beside this file.
"""

from __future__ import annotations

import math
import random

from ech0.data.generators.banks import load_banks
from ech0.data.generators.contract import pick as _pick, random_difficulty as _diff
from ech0.data.generators.contract import DomainGenerator, Example, open_form
from ech0.data.generators.formatting import cap_first, closed_prompt, example, percent, row_builder, with_article
from ech0.data.generators.refusals import Refuses

_BANKS = load_banks(__package__)

CLOSERS = _BANKS["closers"]
NOUNS = _BANKS["nouns"]


def _slots(n: str) -> dict:
    """Format slots for a noun: n, N (capitalised), a_n / A_n (with the right article)."""
    return {"n": n, "N": n.capitalize(), "a_n": with_article(n), "A_n": cap_first(with_article(n))}


_prompt = closed_prompt(CLOSERS)


# A template id's group (the part after "software.") names its category:
# "software.db.pages" is database_design.
FAMILIES = {"arch": "software_architecture", "algo": "algorithms_data_structures", "dist": "distributed_systems",
            "sysdesign": "system_design", "opt": "code_optimization", "test": "testing_strategies",
            "db": "database_design"}


_example = row_builder("software", categories=FAMILIES)


# --- algorithms_data_structures --------------------------------------------

COMPLEXITY = _BANKS["complexity"]
ALGOS = tuple(COMPLEXITY)


def _complexity(rng: random.Random) -> Example:
    d = _diff(rng)
    algo = _pick(rng, ALGOS)
    cases = tuple(COMPLEXITY[algo])
    case = _pick(rng, cases)
    ans = COMPLEXITY[algo][case]
    ctx = _pick(rng, _BANKS["contexts"])
    q = _pick(rng, (f"What is the {_BANKS['case_text'][case]} of {algo}? (asked {ctx})",
                    f"{cap_first(ctx)}: state the {_BANKS['case_text'][case]} of {algo} in big-O.",
                    f"Give the {_BANKS['case_text'][case]} of {algo}, {ctx}."))
    lines = [f"{cap_first(algo)}: {_BANKS['why'][algo]}.", f"So its {_BANKS['case_text'][case]} is {ans}."]
    if d != "easy":
        others = [f"{c} {COMPLEXITY[algo][c]}" for c in cases if c != case]
        if others:
            lines.append("For contrast: " + "; ".join(others) + ".")
    if d == "hard":
        n = rng.randint(2, 9) * 10 ** rng.randint(3, 6)
        if ans in ("O(n log n)", "O(n^2)", "O(n)", "O(log n)"):
            f = {"O(n log n)": n * math.log2(n), "O(n^2)": n * n, "O(n)": n, "O(log n)": math.log2(n)}[ans]
            lines.append(f"Scale check at n = {n:,}: about {f:.3g} basic steps (constants ignored).")
            q += f" Also estimate the step count at n = {n:,}."
        else:
            lines.append(_pick(rng, ("Big-O hides constants; measure before optimising.",
                                     "Asymptotics decide at scale; constants decide on small inputs.")))
    return _example("algo.complexity", d, _prompt(rng, q), lines, answer=ans, formula="complexity_lookup",
                inputs={"algorithm": algo, "case": case})


MASTER_NAMED = {(2, 2, 1): "merge sort", (1, 2, 0): "binary search", (3, 2, 1): "Karatsuba multiplication",
                (7, 2, 2): "Strassen's algorithm", (2, 2, 0): "a balanced tree traversal", (8, 2, 2): "naive recursive matrix multiplication"}


def _poly(e: float) -> str:
    if abs(e - round(e)) < 1e-9:
        e = int(round(e))
        return "1" if e == 0 else ("n" if e == 1 else f"n^{e}")
    return f"n^{e:.3f}"


def master_answer(a: int, b: int, dd: int) -> str:
    """Master theorem for T(n) = a T(n/b) + Theta(n^d), as an O() string."""
    if a == b ** dd:
        return "O(log n)" if dd == 0 else f"O({_poly(dd)} log n)"
    crit = math.log(a) / math.log(b)
    return f"O({_poly(dd)})" if dd > crit else f"O({_poly(crit)})"


MASTER_TASKS = _BANKS["master_tasks"]


def _master(rng: random.Random) -> Example:
    d = _diff(rng)
    if rng.random() < 0.3:
        (a, b, dd), name = _pick(rng, tuple(MASTER_NAMED.items()))
        who = f"the recurrence of {name}"
    else:
        a, b, dd = rng.randint(1, 16), rng.randint(2, 6), rng.randint(0, 3)
        who = f"{_pick(rng, MASTER_TASKS)} that makes {a} recursive call(s) on inputs of size n/{b}"
    ans = master_answer(a, b, dd)
    crit = math.log(a) / math.log(b)
    fn = {0: "1", 1: "n"}.get(dd, f"n^{dd}")
    ratio = a / b ** dd
    if d == "hard":
        k = rng.randint(2, 6)
        n = b ** k
        total = sum(a ** i * (n // b ** i) ** dd for i in range(k + 1))
        q = (f"For {who}, T(n) = {a} T(n/{b}) + n^{dd} with T(1) = 1. Give its asymptotic class by the master theorem "
             f"and compute T({n:,}) exactly by expanding the recursion tree.")
        lines = [f"Level i of the tree costs a^i (n/b^i)^d = n^d ({a}/{b ** dd})^i; the ratio a/b^d = {ratio:.4g}.",
                 f"n = {b}^{k}: T(n) = sum over i = 0..{k} of {a}^i x ({n:,}/{b}^i)^{dd} = {total:,}.",
                 f"Asymptotically T(n) = {ans} (log_{b} {a} = {crit:.3f} versus d = {dd})."]
        return _example("algo.master_theorem", d, _prompt(rng, q), lines, answer=f"{total:,}",
                    formula="recursion_tree_exact", inputs={"a": a, "b": b, "d": dd, "k": k})
    q = _pick(rng, (f"Solve T(n) = {a} T(n/{b}) + O({fn}) ({who}) with the master theorem.",
                    f"What is the running time of {who}, doing O({fn}) extra work per call? Use T(n) = {a} T(n/{b}) + O({fn}).",
                    f"Apply the master theorem to T(n) = {a} T(n/{b}) + O({fn}), {who}."))
    lines = [f"Compare d = {dd} with log_b a = log_{b} {a} = {crit:.3f}."]
    if a == b ** dd:
        lines.append(f"They are equal (b^d = {b ** dd} = a): each of the log_{b} n levels does the same O({fn}) work.")
    elif dd > crit:
        lines.append(f"d is larger: per-level work shrinks by a factor {ratio:.3g}, so the root's O({fn}) dominates.")
    else:
        lines.append(f"log_b a is larger: per-level work grows by {ratio:.3g}x, so the n^{crit:.3f} leaves dominate.")
    if d == "medium":
        lines.append(_pick(rng, ("Case 1 (leaf-heavy), case 2 (balanced) or case 3 (root-heavy) is decided by that comparison.",
                                 f"Sanity check: the tree has {a}^(log_{b} n) = n^{crit:.3f} leaves.")))
    lines.append(f"T(n) = {ans}.")
    return _example("algo.master_theorem", d, _prompt(rng, q), lines, answer=ans, formula="master_theorem",
                inputs={"a": a, "b": b, "d": dd})


GROWTH = {"O(n)": lambda n: n, "O(n log n)": lambda n: n * math.log2(n), "O(n^2)": lambda n: n * n,
          "O(n^3)": lambda n: n ** 3, "O(2^n)": lambda n: 2.0 ** n}
GROWTH_NAMES = tuple(GROWTH)


def _ops_estimate(rng: random.Random) -> Example:
    d = _diff(rng)
    slow = _pick(rng, ("O(n^2)", "O(n^3)", "O(n log n)") if d != "hard" else ("O(n^2)", "O(n^3)", "O(2^n)"))
    fast = _pick(rng, tuple(g for g in ("O(n)", "O(n log n)", "O(n^2)") if GROWTH_NAMES.index(g) < GROWTH_NAMES.index(slow)))
    n = rng.randint(20, 60) if slow == "O(2^n)" else rng.randint(1, 99) * 10 ** rng.randint(2, 5 if slow == "O(n^3)" else 6)
    speed = _pick(rng, (1e7, 1e8, 1e9))
    ts, tf = GROWTH[slow](n) / speed, GROWTH[fast](n) / speed
    task = _pick(rng, ("deduplicating records", "matching user pairs", "joining two lists", "scheduling jobs",
                       "finding closest pairs", "validating constraints"))
    q = (f"A job {task} with n = {n:,} items can use an {slow} or an {fast} algorithm. At about {speed:.0e} simple "
         f"operations per second (constants ignored), how long does the {slow} version take, in seconds?")
    lines = [f"{slow}: f(n) = {GROWTH[slow](n):.3e} operations -> {GROWTH[slow](n):.3e} / {speed:.0e} = {ts:.3g} s.",
             f"{fast}: {GROWTH[fast](n):.3e} operations -> {tf:.3g} s.",
             f"The faster algorithm wins by a factor of about {ts / tf:.3g}."]
    if d == "hard" and slow != "O(n^2)":
        lines.append(_pick(rng, ("Exponential or cubic growth makes hardware upgrades irrelevant beyond small n.",
                                 "Doubling machine speed barely moves the feasible n for the slower algorithm.")))
    return _example("algo.ops_estimate", d, _prompt(rng, q), lines, answer=f"{ts:.3g} s", formula="runtime_estimate",
                inputs={"complexity": slow, "n": n, "ops_per_s": speed})


def _tree_math(rng: random.Random) -> Example:
    d = _diff(rng)
    if d == "easy":
        i = rng.randint(1, 5000)
        ans = f"parent {(i - 1) // 2}, children {2 * i + 1} and {2 * i + 2}"
        q = f"In a 0-indexed array-backed binary heap, what are the parent and child indices of the node at index {i}?"
        lines = ["For 0-based arrays: parent(i) = floor((i - 1) / 2), left(i) = 2i + 1, right(i) = 2i + 2.",
                 f"parent({i}) = floor({i - 1} / 2) = {(i - 1) // 2}; left = {2 * i + 1}; right = {2 * i + 2}."]
        return _example("algo.tree_math", d, _prompt(rng, q), lines, answer=ans, formula="heap_indices",
                    inputs={"i": i, "arity": 2})
    if d == "hard":
        k = _pick(rng, (3, 4, 8))
        i = rng.randint(1, 5000)
        kids = [k * i + j for j in range(1, k + 1)]
        ans = f"parent {(i - 1) // k}, children {kids[0]} to {kids[-1]}"
        q = f"In a 0-indexed {k}-ary heap stored in an array, what are the parent and children of index {i}?"
        lines = [f"For a d-ary heap (d = {k}): parent(i) = floor((i - 1) / d); children are d*i + 1 .. d*i + d.",
                 f"parent = floor({i - 1} / {k}) = {(i - 1) // k}; children = {kids[0]} .. {kids[-1]}.",
                 _pick(rng, ("Wider heaps are shallower (log_d n levels), which speeds decrease-key heavy workloads like Dijkstra.",
                             "A 4-ary heap is often faster in practice thanks to better cache locality."))]
        return _example("algo.tree_math", d, _prompt(rng, q), lines, answer=ans, formula="heap_indices",
                    inputs={"i": i, "arity": k})
    n = rng.randint(2, 10 ** rng.randint(2, 9))
    if rng.random() < 0.5:
        h = n.bit_length() - 1
        q = f"What is the height (in edges) of a complete binary tree with {n:,} nodes?"
        lines = ["A complete binary tree with n nodes has height floor(log2 n).",
                 f"2^{h} = {2 ** h:,} <= {n:,} < 2^{h + 1} = {2 ** (h + 1):,}, so the height is {h}.",
                 _pick(rng, ("That is why heap operations cost O(log n).", "Every level except possibly the last is full."))]
        ans, formula = h, "complete_tree_height"
    else:
        c = n.bit_length()
        q = f"At most how many element comparisons does binary search need on a sorted array of {n:,} items?"
        lines = ["Worst case is floor(log2 n) + 1 probes (one per level of the implicit decision tree).",
                 f"floor(log2 {n:,}) = {c - 1}, so at most {c} comparisons.",
                 _pick(rng, ("Doubling the array adds just one comparison.", "A linear scan could need all n comparisons."))]
        ans, formula = c, "binary_search_probes"
    return _example("algo.tree_math", d, _prompt(rng, q), lines, answer=str(ans), formula=formula, inputs={"n": n})


# --- system_design ----------------------------------------------------------

WORKLOADS = _BANKS["workloads"]


def _storage(rng: random.Random) -> Example:
    d = _diff(rng)
    w = rng.randint(1, 200) * 500
    size = rng.randint(1, 40) * 50
    days = _pick(rng, (30, 90, 180, 365, 730, 1095))
    rf = 1 if d == "easy" else _pick(rng, (2, 3))
    comp = 1.0 if d != "hard" else _pick(rng, (2.0, 3.0, 4.0))
    wl = _pick(rng, WORKLOADS)
    per_day = w * size * 86400
    tb = per_day * days * rf / comp / 1e12
    q = (f"Estimate storage for {wl}: {w:,} writes/s, ~{size} bytes per record, kept {days} days"
         + (f", replication factor {rf}" if rf > 1 else "") + (f", compression {comp:g}:1" if comp > 1 else "") + ". Answer in TB (1e12 bytes).")
    lines = [_pick(rng, ("Storage = write rate x record size x seconds per day x retention.",
                         "Work out bytes per day first, then scale by retention.")),
             f"Per day: {w:,} x {size} B x 86,400 s = {per_day:,} B = {per_day / 1e9:.2f} GB.",
             f"Over {days} days: {per_day * days / 1e12:.2f} TB."]
    if rf > 1:
        lines.append(f"x {rf} replicas = {per_day * days * rf / 1e12:.2f} TB.")
    if comp > 1:
        lines.append(f"/ {comp:g} compression = {tb:.2f} TB.")
    lines.append(_pick(rng, ("Add headroom (~30%) for indexes, growth and compaction.",
                             "Indexes and tombstones add overhead; provision above this raw number.",
                             "Tiering old data to object storage cuts the cost of the long tail.")))
    return _example("sysdesign.storage", d, _prompt(rng, q), lines, answer=f"{tb:.2f} TB", formula="storage_tb",
                inputs={"writes_per_s": w, "bytes": size, "days": days, "replication": rf, "compression": comp})


def _qps(rng: random.Random) -> Example:
    d = _diff(rng)
    dau = rng.randint(1, 500) * 100000
    acts = rng.randint(1, 50)
    ratio = _pick(rng, (5, 10, 20, 50, 100))
    peak = _pick(rng, (2, 3, 5))
    app = _pick(rng, ("a photo-sharing app", "a news site", "a URL shortener", "a food-delivery app", "a Q&A forum",
                      "a music-streaming service", "a code-hosting site", "an e-commerce catalogue"))
    avg_w = dau * acts / 86400
    lines = [f"Average writes/s = DAU x writes per user per day / 86,400 = {dau:,} x {acts} / 86,400 = {avg_w:,.1f}."]
    if d == "easy":
        q = f"{cap_first(app)} has {dau:,} daily active users who each create {acts} items per day. What is the average write QPS?"
        return _example("sysdesign.qps", d, _prompt(rng, q), lines, answer=f"{round(avg_w):,}", formula="avg_write_qps",
                    inputs={"dau": dau, "writes_per_user": acts})
    reads = avg_w * ratio * peak
    lines += [f"Reads are {ratio}x writes: {avg_w * ratio:,.1f} reads/s on average.",
              f"Peak = average x {peak} = {reads:,.0f} reads/s."]
    q = (f"{cap_first(app)} has {dau:,} DAU, each creating {acts} items/day; reads outnumber writes {ratio}:1 and peak "
         f"traffic is {peak}x the average. What is the peak read QPS?")
    if d == "medium":
        return _example("sysdesign.qps", d, _prompt(rng, q), lines, answer=f"{round(reads):,}", formula="peak_read_qps",
                    inputs={"dau": dau, "writes_per_user": acts, "read_ratio": ratio, "peak_factor": peak})
    cap = rng.randint(2, 40) * 500
    n = math.ceil(reads / cap)
    q += f" If one read server handles {cap:,} QPS, how many servers are needed at peak?"
    lines.append(f"Servers = ceil({reads:,.0f} / {cap:,}) = {n} (add one or two for failover).")
    return _example("sysdesign.qps", d, _prompt(rng, q), lines, answer=str(n), formula="read_servers",
                inputs={"dau": dau, "writes_per_user": acts, "read_ratio": ratio, "peak_factor": peak, "capacity": cap})


ALPHABETS = _BANKS["alphabets"]
ALPHABET_NAMES = tuple(ALPHABETS)


def _url_shortener(rng: random.Random) -> Example:
    d = _diff(rng)
    w = rng.randint(1, 400) * 50
    years = rng.randint(1, 20)
    alpha = "base62 [a-zA-Z0-9]" if d == "easy" else _pick(rng, ALPHABET_NAMES)
    base = ALPHABETS[alpha]
    total = w * 86400 * 365 * years
    k = 1
    while base ** k < total:
        k += 1
    q = (f"A URL shortener creates {w:,} new short links per second and must not run out of codes for {years} years. "
         f"Using the alphabet {alpha} ({base} symbols), what is the minimum code length?")
    lines = [f"Links needed = {w:,} x 86,400 x 365 x {years} = {total:.3e}.",
             f"{base}^{k - 1} = {base ** (k - 1):.3e} is too few; {base}^{k} = {base ** k:.3e} is enough.",
             f"Minimum length = {k}."]
    if d != "easy":
        lines.append(_pick(rng, ("Generate codes from a counter (encoded) or a pre-allocated key range to avoid collisions.",
                                 "Random codes need collision checks; keep the space much larger than the count to make them rare.")))
    if d == "hard":
        bytes_per = rng.randint(2, 10) * 100
        lines.append(f"Storage at ~{bytes_per} B per mapping: {total * bytes_per / 1e12:.1f} TB before replication.")
    return _example("sysdesign.url_shortener", d, _prompt(rng, q), lines, answer=str(k), formula="code_length",
                inputs={"writes_per_s": w, "years": years, "alphabet": base})


# The guide's system-design task in its own open form ("Design a distributed URL
# shortener handling 10K requests/sec"): a short prompt, answered with a design
# whose one computed figure is the server count. Half of system_design's task
# rows (DESIGN_SHARE). Without them every task prompt in this domain was a long
# worded problem with its numbers in it, and the only short prompts were the
# refusal rows (credential requests): after 120 steps SmolLM2 declined the
# guide's URL-shortener task ("I can't share the number of requests.").
DESIGN_SHARE = 0.5
DESIGNS = _BANKS["designs"]
DESIGN_ASKS = _BANKS["design_asks"]
# One stateless app server at ~2,000 requests/s and 50% headroom: round figures
# for the estimate, stated in every answer.
SERVER_RPS, HEADROOM = 2000, 1.5


def _design(rng: random.Random) -> Example:
    d = _diff(rng)
    system, components, model, scaling, ratio = _pick(rng, DESIGNS)
    rps = _pick(rng, (2, 5, 10, 20, 25, 50, 100, 200)) * 1000
    shown = _pick(rng, (f"{rps // 1000}K", f"{rps // 1000}k", f"{rps:,}"))
    art = "an" if system[0] in "aeiou" else "a"
    q = _pick(rng, DESIGN_ASKS).format(s=system, a=f"{art} {system}", n=shown)
    servers = math.ceil(rps * HEADROOM / SERVER_RPS)
    writes = rps / (ratio + 1)
    lines = [f"Requirements: {rps:,} requests/s at peak" + (f"; reads outnumber writes {ratio}:1, so ~{writes:,.0f} "
                                                            f"writes/s and ~{rps - writes:,.0f} reads/s." if ratio > 1 else "; every request is a check and an update."),
             f"Capacity: at ~{SERVER_RPS:,} requests/s per stateless app server with {HEADROOM:g}x headroom, "
             f"ceil({rps:,} x {HEADROOM:g} / {SERVER_RPS:,}) = {servers} servers behind a load balancer.",
             f"Components: {components}.", f"Data model: {model}.", f"Scaling: {scaling}."]
    if d != "easy":
        lines.append(_pick(rng, ("Failure handling: run every tier in at least two zones and replicate the data "
                                 "store, so losing one node or zone loses no data.",
                                 "Observability: track p99 latency, error rate and saturation per tier, and alert on "
                                 "the error budget.")))
    return open_form(example(category="system_design", template="software.sysdesign.design", difficulty=d, prompt=q,
                             lines=lines, answer=f"{servers} servers", formula="app_servers",
                             inputs={"rps": rps, "server_rps": SERVER_RPS, "headroom": HEADROOM}))


BUCKET_SNIPPET = _BANKS["bucket_snippet"]


def _rate_limiter(rng: random.Random) -> Example:
    d = _diff(rng)
    cap = rng.randint(3, 30)
    rate = _pick(rng, (0.5, 1, 2, 3, 5, 10))
    k = {"easy": 2, "medium": rng.randint(3, 4), "hard": rng.randint(5, 6)}[d]
    times = sorted(rng.sample(range(0, 60), k))
    counts = [rng.randint(1, cap + 10) for _ in range(k)]
    level, last, accepted = float(cap), 0, 0
    lines = [_pick(rng, (f"Token bucket: capacity {cap}, refill {rate:g}/s, starts full; each request takes one token.",
                         f"The bucket holds up to {cap} tokens and regains {rate:g} per second; a request needs a whole token."))]
    for t, c in zip(times, counts):
        level = min(cap, level + (t - last) * rate)
        last = t
        ok = min(c, int(level))
        level -= ok
        accepted += ok
        lines.append(f"t={t}s: {c} requests, {ok} allowed, {c - ok} rejected, {level:g} tokens left.")
    lines.append(f"Allowed in total: {accepted}.")
    if d == "easy":
        lines.append(BUCKET_SNIPPET)
    bursts = ", ".join(f"{c} at t={t}s" for t, c in zip(times, counts))
    q = (f"A token-bucket rate limiter has capacity {cap} and refills {rate:g} tokens/s (full at t=0). "
         f"Requests arrive in bursts: {bursts}. How many are allowed?")
    return _example("sysdesign.rate_limiter", d, _prompt(rng, q), lines, answer=str(accepted), formula="token_bucket",
                inputs={"capacity": cap, "rate": rate, "times": times, "counts": counts})


def _cache_sizing(rng: random.Random) -> Example:
    d = _diff(rng)
    reads_m = rng.randint(1, 500)
    kb = rng.randint(1, 40) / 2
    hot = _pick(rng, (0.1, 0.2, 0.3))
    over = 1.0 if d == "easy" else _pick(rng, (1.2, 1.3, 1.5))
    gb = reads_m * 1e6 * hot * kb * 1e3 * over / 1e9
    svc = _pick(rng, ("a product catalogue", "a user-profile service", "a news feed", "a pricing API", "a session store"))
    q = (f"{cap_first(svc)} serves {reads_m:,} million reads a day of ~{kb:g} KB objects. Cache the hottest {hot * 100:.0f}% "
         "of daily reads (treat them as distinct objects)" + (f" with {over:g}x overhead for keys and allocator slack" if over > 1 else "")
         + ". How much cache memory is needed, in GB?")
    lines = [f"Hot objects = {reads_m:,}e6 x {hot:g} = {reads_m * hot:,.1f}e6.",
             f"Bytes = {reads_m * hot:,.1f}e6 x {kb:g}e3 B = {reads_m * hot * kb:,.2f} GB."]
    if over > 1:
        lines.append(f"With {over:g}x overhead: {gb:,.2f} GB.")
    if d == "hard":
        node = _pick(rng, (16, 32, 64, 128))
        n = math.ceil(gb / (node * 0.75))
        q += f" Nodes have {node} GB and should stay under 75% full: how many nodes?"
        lines.append(f"Nodes = ceil({gb:,.2f} / ({node} x 0.75)) = {n}.")
        return _example("sysdesign.cache_sizing", d, _prompt(rng, q), lines, answer=str(n), formula="cache_nodes",
                    inputs={"reads_m": reads_m, "kb": kb, "hot": hot, "overhead": over, "node_gb": node})
    return _example("sysdesign.cache_sizing", d, _prompt(rng, q), lines, answer=f"{gb:,.2f} GB", formula="cache_gb",
                inputs={"reads_m": reads_m, "kb": kb, "hot": hot, "overhead": over})


# --- distributed_systems ----------------------------------------------------

def _quorum(rng: random.Random) -> Example:
    d = _diff(rng)
    N = _pick(rng, (3, 5, 7, 9))
    store = _pick(rng, ("a Dynamo-style key-value store", "a Cassandra keyspace", "a replicated config store",
                        "a leaderless session store", "a Riak bucket"))
    lines = ["With N replicas, a read quorum R and write quorum W overlap in at least one replica iff R + W > N."]
    if d == "easy":
        R, W = rng.randint(1, N), rng.randint(1, N)
        ok = R + W > N
        q = f"{cap_first(store)} uses N = {N}, R = {R}, W = {W}. Is every read guaranteed to see the latest acknowledged write?"
        lines.append(f"R + W = {R + W} {'>' if ok else '<='} {N}, so the answer is {'yes' if ok else 'no'}.")
        lines.append("Reads may hit only replicas that missed the write: eventual consistency." if not ok else
                     _pick(rng, ("Sloppy quorums and hinted handoff can still weaken this guarantee during failures.",
                                 "Read repair or anti-entropy then brings stale replicas up to date.")))
        return _example("dist.quorum", d, _prompt(rng, q), lines, answer="yes" if ok else "no", formula="quorum_overlap",
                    inputs={"N": N, "R": R, "W": W})
    if d == "medium":
        R = rng.randint(1, N)
        W = N - R + 1
        q = f"In {store} with N = {N} and R = {R}, what is the smallest W that gives read-your-latest-write overlap?"
        lines.append(f"Need W > N - R = {N - R}, so W = {W}.")
        lines.append(f"Writes then tolerate {N - W} unavailable replica(s), reads {N - R}.")
        return _example("dist.quorum", d, _prompt(rng, q), lines, answer=str(W), formula="min_write_quorum",
                    inputs={"N": N, "R": R})
    R = rng.randint(1, N)
    W = rng.randint(max(1, N - R + 1), N)
    f = min(N - R, N - W)
    q = (f"{cap_first(store)} runs N = {N}, R = {R}, W = {W}. How many replicas can be down while both reads and writes "
         "still succeed, and are reads strongly consistent?")
    lines += [f"R + W = {R + W} > {N}: overlapping quorums, so reads see the latest write (absent sloppy quorums).",
              f"Reads need {R} live replicas (tolerate {N - R} down); writes need {W} (tolerate {N - W}).",
              f"Both succeed with up to min({N - R}, {N - W}) = {f} replica(s) down."]
    return _example("dist.quorum", d, _prompt(rng, q), lines, answer=str(f), formula="quorum_fault_tolerance",
                inputs={"N": N, "R": R, "W": W})


CFT_SYSTEMS = _BANKS["cft_systems"]
BFT_SYSTEMS = _BANKS["bft_systems"]


def _consensus(rng: random.Random) -> Example:
    d = _diff(rng)
    forward = rng.random() < 0.5
    if d == "easy":
        sysn = _pick(rng, CFT_SYSTEMS)
        N = rng.randint(2, 31)
        maj = N // 2 + 1
        q = f"{cap_first(sysn)} has {N} voting members. How many crash failures can it tolerate while still committing writes?"
        lines = [f"Commits need a majority: floor({N}/2) + 1 = {maj}.", f"Tolerated failures = {N} - {maj} = {N - maj}."]
        lines.append(f"An even size adds no tolerance over {N - 1} members; odd sizes are preferred." if N % 2 == 0 else
                     _pick(rng, ("Larger clusters tolerate more failures but every commit waits for more acknowledgements.",
                                 "Members beyond five or seven are often non-voting learners to keep commit latency low.")))
        return _example("dist.consensus", d, _prompt(rng, q), lines, answer=str(N - maj), formula="crash_tolerance",
                    inputs={"N": N})
    if d == "medium":
        sysn = _pick(rng, CFT_SYSTEMS)
        f = rng.randint(1, 30)
        q = f"How many nodes does {sysn} need to survive {f} simultaneous crash failures?"
        lines = ["Crash-fault-tolerant consensus needs a majority alive: N >= 2f + 1.", f"N = 2 x {f} + 1 = {2 * f + 1}.",
                 _pick(rng, (f"Each write then waits for {f + 1} acknowledgements, so more nodes also mean slower commits.",
                             "Spread the nodes across failure domains (racks or zones) so one outage cannot take a majority."))]
        return _example("dist.consensus", d, _prompt(rng, q), lines, answer=str(2 * f + 1), formula="cft_nodes",
                    inputs={"f": f})
    sysn = _pick(rng, BFT_SYSTEMS)
    if forward:
        f = rng.randint(1, 30)
        q = (f"{cap_first(sysn)} uses PBFT-style consensus and must tolerate {f} Byzantine (arbitrarily faulty) "
             "replicas. What is the minimum number of replicas?")
        lines = ["Byzantine agreement needs N >= 3f + 1 (Castro & Liskov, PBFT, 1999); quorums are 2f + 1.",
                 f"N = 3 x {f} + 1 = {3 * f + 1}; each quorum has {2 * f + 1} replicas.",
                 "Any two quorums then share at least f + 1 replicas, at least one of them honest."]
        return _example("dist.consensus", d, _prompt(rng, q), lines, answer=str(3 * f + 1), formula="bft_nodes",
                    inputs={"f": f})
    N = rng.randint(4, 100)
    f = (N - 1) // 3
    q = f"{cap_first(sysn)} runs PBFT-style consensus on {N} replicas. How many Byzantine replicas can it tolerate?"
    lines = ["PBFT needs N >= 3f + 1, so f = floor((N - 1) / 3).", f"f = floor({N - 1} / 3) = {f}; quorums have {2 * f + 1} replicas.",
             _pick(rng, (f"{3 * f + 1} replicas would give the same tolerance; extra replicas beyond that add cost, not safety.",
                         "Compare crash-only Raft, which would tolerate floor((N - 1) / 2) failures with the same nodes."))]
    return _example("dist.consensus", d, _prompt(rng, q), lines, answer=str(f), formula="bft_tolerance", inputs={"N": N})


def _availability(rng: random.Random) -> Example:
    d = _diff(rng)
    nines = (0.99, 0.995, 0.999, 0.9995, 0.9999)
    if d == "easy":
        comps = [_pick(rng, nines) for _ in range(rng.randint(2, 4))]
        a = math.prod(comps)
        q = (f"A request passes through {len(comps)} components in series with availabilities "
             f"{', '.join(f'{c * 100:g}%' for c in comps)}. What is the end-to-end availability?")
        lines = ["In series every component must be up: multiply availabilities.",
                 f"{' x '.join(f'{c:g}' for c in comps)} = {a:.6f} = {a * 100:.4f}%."]
        return _example("dist.availability", d, _prompt(rng, q), lines, answer=percent(a * 100, 4),
                    formula="series_availability", inputs={"components": comps})
    if d == "medium":
        c = rng.randint(800, 999) / 1000
        k = rng.randint(2, 5)
        a = 1 - (1 - c) ** k
        q = f"{k} independent replicas each have {c * 100:g}% availability; the service is up if any one is. What is its availability?"
        lines = ["In parallel the service fails only if all replicas fail: A = 1 - (1 - a)^k.",
                 f"1 - (1 - {c:g})^{k} = 1 - {(1 - c) ** k:.3e} = {a * 100:.4f}%."]
        return _example("dist.availability", d, _prompt(rng, q), lines, answer=percent(a * 100, 4),
                    formula="parallel_availability", inputs={"a": c, "k": k})
    lb, app, db = _pick(rng, nines), _pick(rng, (0.99, 0.995, 0.98)), _pick(rng, (0.999, 0.995, 0.99))
    k = rng.randint(2, 4)
    a = lb * (1 - (1 - app) ** k) * (1 - (1 - db) ** 2)
    mins = (1 - a) * 525600
    q = (f"A load balancer ({lb * 100:g}%) fronts {k} app replicas ({app * 100:g}% each) and a primary/standby database pair "
         f"({db * 100:g}% each, failover assumed instant). Estimate yearly downtime in minutes.")
    lines = [f"App tier: 1 - (1 - {app:g})^{k} = {1 - (1 - app) ** k:.6f}.",
             f"DB pair: 1 - (1 - {db:g})^2 = {1 - (1 - db) ** 2:.6f}.",
             f"Series: {lb:g} x {1 - (1 - app) ** k:.6f} x {1 - (1 - db) ** 2:.6f} = {a:.6f}.",
             f"Downtime = (1 - {a:.6f}) x 525,600 min = {mins:.1f} min/year.",
             "The single load balancer dominates: make it redundant first."]
    return _example("dist.availability", d, _prompt(rng, q), lines, answer=f"{mins:.1f} min/year",
                formula="downtime_minutes", inputs={"lb": lb, "app": app, "k": k, "db": db})


def _hashing(rng: random.Random) -> Example:
    d = _diff(rng)
    K = rng.randint(1, 500) * 100000
    N = rng.randint(3, 40)
    if d == "easy":
        moved = K / (N + 1)
        q = f"A consistent-hashing ring spreads {K:,} keys over {N} nodes. About how many keys move when one node is added?"
        lines = ["With consistent hashing the new node takes ~1/(N+1) of the keys, all from its ring neighbours.",
                 f"{K:,} / {N + 1} = {moved:,.0f} keys."]
        formula = "ch_add"
    elif d == "medium":
        moved = K * N / (N + 1)
        q = f"{K:,} keys are placed with hash(key) mod N on {N} servers. About how many keys move when a server is added?"
        lines = ["A key stays only if hash mod N equals hash mod (N+1), which holds for ~1/(N+1) of keys.",
                 f"Moved = {K:,} x {N}/{N + 1} = {moved:,.0f} keys: nearly everything, which is why mod-N sharding rebalances badly."]
        formula = "mod_add"
    else:
        moved = K / N
        v = _pick(rng, (64, 100, 128, 256))
        q = (f"A ring with {N} nodes and {v} virtual nodes each holds {K:,} keys. One node fails permanently. "
             "About how many keys must be re-homed, and where do they go?")
        lines = [f"The failed node owned ~1/N of the ring: {K:,} / {N} = {moved:,.0f} keys.",
                 f"With {v} virtual nodes per server its arcs are scattered, so the load spreads across the ~{N - 1} survivors "
                 "instead of landing on one neighbour."]
        formula = "ch_remove"
    return _example("dist.hashing", d, _prompt(rng, q), lines, answer=f"{round(moved):,}", formula=formula,
                inputs={"keys": K, "nodes": N})


def _vector_clock(rng: random.Random) -> Example:
    d = _diff(rng)
    n = 3 if d == "easy" else 4
    procs = ("P1", "P2", "P3", "P4")[:n]
    a = [rng.randint(0, 6) for _ in range(n)]
    mode = rng.randrange(3)
    if mode == 0:
        b = [x + rng.randint(0, 2) for x in a]
        b[rng.randrange(n)] += 1
    elif mode == 1:
        b = [max(0, x - rng.randint(0, 2)) for x in a]
        if b == a:
            b[0] = a[0] + 1
    else:
        b = list(a)
        i, j = rng.sample(range(n), 2)
        b[i] += rng.randint(1, 3)
        b[j] = max(0, b[j] - rng.randint(1, 3)) if a[j] > 0 else b[j]
        if b[j] == a[j]:
            a[j] += 1
    if d == "hard":
        r = rng.randrange(n)
        merged = [max(x, y) for x, y in zip(a, b)]
        merged[r] += 1
        ans = "[" + ", ".join(map(str, merged)) + "]"
        q = (f"Process {procs[r]} has vector clock {a} and receives a message stamped {b}. "
             f"What is {procs[r]}'s clock after processing the receive event?")
        lines = ["On receive: take the element-wise maximum, then increment the receiver's own entry.",
                 f"max({a}, {b}) = {[max(x, y) for x, y in zip(a, b)]}; increment {procs[r]} -> {ans}."]
        return _example("dist.vector_clock", d, _prompt(rng, q), lines, answer=ans, formula="vc_receive",
                    inputs={"local": a, "message": b, "receiver": r})
    le = all(x <= y for x, y in zip(a, b))
    ge = all(x >= y for x, y in zip(a, b))
    ans = "A happened before B" if le and a != b else ("B happened before A" if ge and a != b else "concurrent")
    q = f"Event A has vector clock {a} and event B has {b} (entries for {', '.join(procs)}). How are A and B ordered?"
    lines = ["A -> B iff every entry of A is <= the matching entry of B and at least one is smaller."]
    lines.append(f"A <= B element-wise: {le}; B <= A element-wise: {ge}.")
    if ans == "concurrent":
        lines.append("Neither dominates, so the events are concurrent: a conflict a store must resolve (e.g. siblings or a merge).")
    else:
        lines.append(f"So {ans}.")
    return _example("dist.vector_clock", d, _prompt(rng, q), lines, answer=ans, formula="vc_compare",
                inputs={"a": a, "b": b})


# --- software_architecture --------------------------------------------------

def _scenario(rng: random.Random, scenarios: list[str]) -> tuple[dict, str]:
    """A noun's format slots and one of `scenarios` written about that noun."""
    slots = _slots(_pick(rng, NOUNS))
    return slots, _pick(rng, scenarios).format(**slots)


PATTERNS = _BANKS["patterns"]


def _pattern(rng: random.Random) -> Example:
    d = _diff(rng)
    name, (kind, intent, scenarios, code) = _pick(rng, tuple(PATTERNS.items()))
    slots, scen = _scenario(rng, scenarios)
    q = _pick(rng, (f"{scen} Which GoF design pattern fits best?", f"Which design pattern would you apply here? {scen}",
                    f"Design question: {scen} Name the pattern and sketch it."))
    lines = [f"Use the {name} pattern ({kind}): {intent}."]
    if d != "easy":
        lines.append("Sketch:")
        lines.append("```python\n" + code.format(**slots) + "\n```")
    if d == "hard":
        alt = _pick(rng, tuple(p for p in PATTERNS if p != name))
        lines.append(f"Not {alt}: that one is for cases where you {PATTERNS[alt][1]}.")
    lines.append(_pick(rng, ("Keep it simple: introduce the pattern only where the variation actually exists.",
                             "The payoff is that new variants need new code, not edits to working code.",
                             "Cover the seams with tests so each variant can be checked in isolation.")))
    return _example("arch.pattern", d, _prompt(rng, q), lines, answer=name, formula="pattern_lookup",
                inputs={"pattern": name, "kind": kind})


SOLID = _BANKS["solid"]


def _solid(rng: random.Random) -> Example:
    d = _diff(rng)
    name, (stmt, scenarios, fixes) = _pick(rng, tuple(SOLID.items()))
    slots, scen = _scenario(rng, scenarios)
    q = _pick(rng, (f"{scen} Which SOLID principle is violated?", f"Code smell: {scen} Name the SOLID principle at stake.",
                    f"Review this design: {scen} Which principle does it break, and how would you fix it?"))
    lines = [f"This violates the {name}: {stmt}."]
    lines.append("Fix: " + _pick(rng, fixes).format(**slots) + ".")
    if d == "hard":
        lines.append(_pick(rng, ("Apply it where change actually happens; premature abstraction has its own cost.",
                                 "Add a characterisation test first so the refactor is safe.")))
    if d != "easy":
        lines.append(_pick(rng, ("Source: Robert C. Martin, 'Agile Software Development: Principles, Patterns, and Practices' (2002).",
                                 "Smaller, well-named units also make the code easier to test.")))
    return _example("arch.solid", d, _prompt(rng, q), lines, answer=name, formula="solid_lookup",
                inputs={"principle": name})


def _package_metrics(rng: random.Random) -> Example:
    d = _diff(rng)
    ca, ce = rng.randint(0, 30), rng.randint(0, 30)
    if ca + ce == 0:
        ce = 1
    nc = rng.randint(2, 60)
    na = rng.randint(0, nc)
    I = ce / (ca + ce)
    A = na / nc
    D = abs(A + I - 1)
    pkg = _pick(rng, ("billing.core", "auth.domain", "reporting.api", "shared.utils", "search.index", "orders.model"))
    if d == "easy":
        q = f"Package {pkg} has {ca} incoming and {ce} outgoing dependencies. What is its instability I (Martin's metric)?"
        lines = ["I = Ce / (Ca + Ce): 0 = maximally stable, 1 = maximally unstable.",
                 f"I = {ce} / ({ca} + {ce}) = {I:.2f}.",
                 _pick(rng, ("Stable Dependencies Principle: depend in the direction of stability (towards lower I).",
                             "A package with low I has many dependents, so it should also be abstract to stay extensible.",
                             "High-I packages are easy to change because little depends on them."))]
        return _example("arch.package_metrics", d, _prompt(rng, q), lines, answer=f"{I:.2f}", formula="instability",
                    inputs={"ca": ca, "ce": ce})
    q = (f"Package {pkg}: Ca = {ca}, Ce = {ce}, {na} abstract classes/interfaces out of {nc}. "
         "Compute its distance from the main sequence D = |A + I - 1|.")
    lines = [_pick(rng, ("Martin's metrics: I = Ce / (Ca + Ce), A = abstract / total classes, D = |A + I - 1|.",
                         "The main sequence is the line A + I = 1; D measures how far a package sits from it.")),
             f"I = {ce} / {ca + ce} = {I:.4f}; A = {na} / {nc} = {A:.4f}.", f"D = |{A:.4f} + {I:.4f} - 1| = {D:.4f}."]
    if d == "hard":
        zone = ("close to the main sequence: a good balance of abstractness and stability" if D <= 0.2 else
                "towards the zone of pain (stable and concrete, so hard to change)" if A + I < 1 else
                "towards the zone of uselessness (abstract but little depended upon)")
        lines.append(f"It sits {zone}.")
    return _example("arch.package_metrics", d, _prompt(rng, q), lines, answer=f"{D:.2f}", formula="main_sequence_distance",
                inputs={"ca": ca, "ce": ce, "na": na, "nc": nc})


# --- code_optimization ------------------------------------------------------

def _amdahl(rng: random.Random) -> Example:
    d = _diff(rng)
    p = rng.randint(50, 99) / 100
    s = _pick(rng, (2, 4, 8, 16, 32, 64, 128))
    if d == "medium":
        smax = 1 / (1 - p)
        target = round(rng.uniform(1.2, 0.95 * smax), 1)
        need = p / (1 / target - (1 - p))
        cores = math.ceil(need - 1e-9)
        q = f"{p * 100:.0f}% of a job parallelises perfectly. How many cores are needed for a {target}x speedup (Amdahl)?"
        lines = ["Amdahl: S = 1 / ((1 - p) + p/s), so s = p / (1/S - (1 - p)).",
                 f"s = {p:.2f} / (1/{target} - {1 - p:.2f}) = {need:.2f}, so {cores} cores.",
                 f"The ceiling as s -> infinity is 1/(1 - p) = {smax:.2f}x.",
                 _pick(rng, ("Past that point, shrinking the serial fraction beats adding cores.",
                             "Synchronisation and communication costs push the real number higher still."))]
        return _example("opt.amdahl", d, _prompt(rng, q), lines, answer=str(cores), formula="amdahl_cores",
                    inputs={"p": p, "target": target})
    if d == "hard":
        S = (1 - p) + p * s
        q = (f"A workload that is {p * 100:.0f}% parallel is scaled up with {s} cores (Gustafson's weak scaling). "
             "What is the scaled speedup?")
        lines = ["Gustafson: S = (1 - p) + p s, because the parallel part grows with the machine.",
                 f"S = {1 - p:.2f} + {p:.2f} x {s} = {S:.2f}.",
                 f"Amdahl's fixed-size speedup would be only {1 / ((1 - p) + p / s):.2f}."]
        return _example("opt.amdahl", d, _prompt(rng, q), lines, answer=f"{S:.2f}", formula="gustafson",
                    inputs={"p": p, "s": s})
    S = 1 / ((1 - p) + p / s)
    q = f"{p * 100:.0f}% of a program's runtime is parallelisable. What speedup does Amdahl's law predict on {s} cores?"
    lines = ["S = 1 / ((1 - p) + p / s).", f"S = 1 / ({1 - p:.2f} + {p:.2f}/{s}) = {S:.2f}.",
             _pick(rng, ("The serial fraction quickly caps the benefit of more cores.", "Profile the serial part first."))]
    return _example("opt.amdahl", d, _prompt(rng, q), lines, answer=f"{S:.2f}", formula="amdahl", inputs={"p": p, "s": s})


def _cache_latency(rng: random.Random) -> Example:
    d = _diff(rng)
    h = rng.randint(500, 995) / 1000
    tc = rng.randint(1, 20) / 10
    tm = rng.randint(5, 200)
    if d == "hard":
        h2 = rng.randint(300, 900) / 1000
        t2 = rng.randint(5, 30) / 10
        t = tc + (1 - h) * (t2 + (1 - h2) * tm)
        q = (f"Reads check an in-process cache ({tc} ms, hit rate {h:g}), then Redis ({t2} ms, hit rate {h2:g} of the remaining), "
             f"then the database ({tm} ms). Every lookup pays for each level it reaches. What is the mean read latency?")
        lines = ["t = t_L1 + (1 - h1) (t_L2 + (1 - h2) t_db).",
                 f"= {tc} + {1 - h:.3f} x ({t2} + {1 - h2:.3f} x {tm}) = {t:.3f} ms."]
        return _example("opt.cache_latency", d, _prompt(rng, q), lines, answer=f"{t:.3f} ms", formula="two_level_latency",
                    inputs={"h1": h, "t1": tc, "h2": h2, "t2": t2, "tdb": tm})
    if d == "easy":
        t = h * tc + (1 - h) * tm
        q = f"A cache hit costs {tc} ms and a miss (served from the database) costs {tm} ms in total. With a {h * 100:.1f}% hit rate, what is the average latency?"
        lines = ["Average = h t_hit + (1 - h) t_miss.", f"= {h:g} x {tc} + {1 - h:.3f} x {tm} = {t:.3f} ms."]
        formula = "weighted_latency"
    else:
        t = tc + (1 - h) * tm
        q = f"Every read first checks a cache ({tc} ms); misses then query the database ({tm} ms more). At a {h * 100:.1f}% hit rate, what is the mean latency?"
        lines = ["Every request pays the cache lookup; only misses pay the database: t = t_cache + (1 - h) t_db.",
                 f"= {tc} + {1 - h:.3f} x {tm} = {t:.3f} ms."]
        formula = "lookaside_latency"
    lines.append(_pick(rng, (f"Raising the hit rate to {min(h + 0.02, 0.999):.3f} would matter more than a faster cache.",
                             "Misses dominate the mean; the tail (p99) is worse still.")))
    return _example("opt.cache_latency", d, _prompt(rng, q), lines, answer=f"{t:.3f} ms", formula=formula,
                inputs={"h": h, "t_cache": tc, "t_miss": tm})


REFACTORS = _BANKS["refactors"]
REFACTOR_NAMES = tuple(REFACTORS)
VARS = _BANKS["vars"]


def _refactor(rng: random.Random) -> Example:
    d = _diff(rng)
    key = _pick(rng, REFACTOR_NAMES)
    slow, old, new, fix, fast = REFACTORS[key]
    v = _pick(rng, VARS)
    q = _pick(rng, ("This code is slow on large inputs:", "Optimise this snippet:", "A profiler points at this code:"))
    q += "\n```python\n" + slow.format(v=v) + "\n```\n"
    q += _pick(rng, ("What is the time complexity after the best simple fix?", "Rewrite it and give the new time complexity."))
    lines = [f"Current cost: {old}" + (" (roughly 1.618^n calls, exponential)." if key == "fib" else ".")
             + (" Here q is the number of queries." if key == "range_sums" else "")
             + (" Here m is the size of the second collection." if old == "O(n*m)" else "")]
    lines.append(f"Fix: {fix}.")
    if d != "easy":
        lines.append("```python\n" + fast.format(v=v) + "\n```")
    if d == "hard" and old == "O(n^2)":
        n = rng.randint(1, 9) * 10 ** rng.randint(4, 6)
        lines.append(f"At n = {n:,} that is ~{n * n:.1e} versus ~{n:.1e} basic steps.")
    return _example("opt.refactor", d, _prompt(rng, q), lines, answer=new, formula="refactor_lookup",
                inputs={"snippet": key})


def _littles_law(rng: random.Random) -> Example:
    d = _diff(rng)
    lam = rng.randint(10, 5000)
    w = rng.randint(5, 2000)
    conc = lam * w / 1000
    svc = _pick(rng, ("a checkout API", "an image-resize worker pool", "a database connection pool", "a gRPC gateway",
                      "a webhook dispatcher"))
    if d == "hard":
        workers = rng.randint(4, 400)
        thr = workers / (w / 1000)
        q = f"{cap_first(svc)} has {workers} workers and each request holds a worker for {w} ms. What is its maximum throughput (req/s)?"
        lines = ["Little's law L = lambda W, so lambda_max = L / W when all workers are busy.",
                 f"lambda_max = {workers} / {w / 1000:g} s = {thr:,.1f} req/s."]
        return _example("opt.littles_law", d, _prompt(rng, q), lines, answer=f"{thr:.1f}", formula="max_throughput",
                    inputs={"workers": workers, "latency_ms": w})
    need = math.ceil(conc)
    q = f"{cap_first(svc)} must sustain {lam:,} req/s with {w} ms average latency. How many requests are in flight (workers or connections needed)?"
    lines = ["Little's law: L = lambda x W.", f"L = {lam:,} req/s x {w / 1000:g} s = {conc:,.2f}, so about {need:,}."]
    if d == "easy":
        lines.append(_pick(rng, ("The law holds for any stable system regardless of arrival distribution.",
                                 "Size thread pools and connection pools from this, not from guesswork.")))
    if d == "medium":
        lines.append(_pick(rng, ("Provision headroom above this mean; bursts and tail latency raise the peak.",
                                 "Cutting latency reduces the pool you need just as much as cutting traffic.")))
    return _example("opt.littles_law", d, _prompt(rng, q), lines, answer=f"{need:,}", formula="littles_law",
                inputs={"rate": lam, "latency_ms": w})


# --- testing_strategies -----------------------------------------------------

def _coverage(rng: random.Random) -> Example:
    d = _diff(rng)
    mod = _pick(rng, ("the billing module", "a parser", "the auth service", "a date-utils package", "the checkout flow"))
    if d == "easy":
        tot = rng.randint(50, 3000)
        hit = rng.randint(tot // 3, tot)
        v = hit / tot * 100
        q = f"Tests execute {hit:,} of the {tot:,} statements in {mod}. What is the statement coverage?"
        lines = [f"Coverage = executed / total = {hit:,} / {tot:,} = {v:.1f}%.",
                 _pick(rng, ("Coverage shows what ran, not what was checked.", "Uncovered lines are the cheapest place to find missing tests."))]
        return _example("test.coverage", d, _prompt(rng, q), lines, answer=percent(v, 1), formula="statement_coverage",
                    inputs={"hit": hit, "total": tot})
    if d == "medium":
        ifs = rng.randint(5, 200)
        cov = rng.randint(ifs // 2, 2 * ifs)
        v = cov / (2 * ifs) * 100
        q = f"{cap_first(mod)} has {ifs} two-way decisions and the tests exercise {cov} of the decision outcomes. What is the branch coverage?"
        lines = [f"Each two-way decision has 2 outcomes: {2 * ifs} branches.", f"Branch coverage = {cov} / {2 * ifs} = {v:.1f}%.",
                 _pick(rng, ("Branch coverage subsumes statement coverage: 100% branches implies 100% statements.",
                             "Missing branches are often the error-handling paths; test those deliberately."))]
        return _example("test.coverage", d, _prompt(rng, q), lines, answer=percent(v, 1), formula="branch_coverage",
                    inputs={"decisions": ifs, "covered": cov})
    gen = rng.randint(50, 2000)
    eq = rng.randint(0, gen // 10)
    killed = rng.randint((gen - eq) // 3, gen - eq)
    v = killed / (gen - eq) * 100
    q = f"Mutation testing of {mod} generated {gen} mutants; {eq} are equivalent and {killed} were killed. What is the mutation score?"
    lines = ["Mutation score = killed / (generated - equivalent).", f"= {killed} / ({gen} - {eq}) = {v:.1f}%.",
             "Surviving mutants point at assertions that are missing, even where coverage is high."]
    return _example("test.coverage", d, _prompt(rng, q), lines, answer=percent(v, 1), formula="mutation_score",
                inputs={"generated": gen, "equivalent": eq, "killed": killed})


FACTORS = _BANKS["factors"]


def _combinatorial(rng: random.Random) -> Example:
    d = _diff(rng)
    k = {"easy": 3, "medium": rng.randint(3, 5), "hard": rng.randint(4, 6)}[d]
    names = rng.sample(FACTORS, k)
    vals = [rng.randint(2, 6) for _ in range(k)]
    desc = ", ".join(f"{n} ({v} values)" for n, v in zip(names, vals))
    total = math.prod(vals)
    if d == "easy":
        q = f"A configuration matrix has {desc}. How many test runs does exhaustive testing need?"
        lines = [f"Exhaustive = product of the value counts = {' x '.join(map(str, vals))} = {total}."]
        return _example("test.combinatorial", d, _prompt(rng, q), lines, answer=str(total), formula="exhaustive",
                    inputs={"values": vals})
    a, b = sorted(vals)[-2:]
    q = f"Factors: {desc}. What is the lower bound on the size of a pairwise (all-pairs) test suite, versus exhaustive?"
    lines = [f"Exhaustive = {' x '.join(map(str, vals))} = {total}.",
             f"Every pair of values of the two largest factors must appear, so pairwise needs at least {b} x {a} = {a * b} runs.",
             _pick(rng, ("Greedy generators such as PICT usually land somewhat above this bound.",
                         "Most interaction bugs involve one or two factors, which is why pairwise is cost-effective."))]
    return _example("test.combinatorial", d, _prompt(rng, q), lines, answer=str(a * b), formula="pairwise_lower_bound",
                inputs={"values": vals})


def _flaky(rng: random.Random) -> Example:
    d = _diff(rng)
    k = rng.randint(2, 60)
    p = rng.randint(1, 100) / 1000
    r = 0 if d == "easy" else rng.randint(1, 3)
    per = 1 - p ** (r + 1)
    green = per ** k
    q = (f"A CI suite has {k} independent flaky tests, each failing spuriously with probability {p:g}"
         + (f", and each failed test is retried up to {r} time(s)" if r else "") + ". What is the chance a clean build goes green?")
    lines = [("A flaky test only fails if every attempt fails: p^(retries+1). " if r else "")
             + f"P(one test passes) = 1 - {p:g}^{r + 1} = {per:.6f}." if r else f"P(one test passes) = 1 - {p:g} = {per:.3f}.",
             f"All {k} must pass: {per:.6f}^{k} = {green:.4f} = {green * 100:.2f}%."]
    if d == "hard":
        lines.append(f"Expected runs until green without retries would be 1 / {(1 - p) ** k:.4f} = {1 / (1 - p) ** k:.2f}.")
        lines.append("Retries hide flakiness; quarantine and fix the tests rather than relying on them.")
    return _example("test.flaky", d, _prompt(rng, q), lines, answer=percent(green * 100, 2), formula="suite_green",
                inputs={"k": k, "p": p, "retries": r})


BVA_FIELDS = _BANKS["bva_fields"]


def _boundary(rng: random.Random) -> Example:
    d = _diff(rng)
    field = _pick(rng, BVA_FIELDS)
    lo = rng.randint(0, 50)
    hi = lo + rng.randint(5, 500)
    if d == "hard":
        nvars = rng.randint(2, 6)
        robust = rng.random() < 0.5
        n = (6 if robust else 4) * nvars + 1
        names = rng.sample(BVA_FIELDS, nvars)
        q = (f"A function validates {nvars} independent bounded integer inputs ({', '.join(names)}). "
             f"How many test cases does {'robust' if robust else 'normal'} boundary value analysis produce?")
        lines = [("Robust BVA tests min-1, min, min+1, max-1, max, max+1 per variable, others at nominal: 6n + 1."
                  if robust else "Normal BVA tests min, min+1, max-1, max per variable with others nominal, plus one all-nominal case: 4n + 1."),
                 f"n = {nvars}: {n} test cases (Jorgensen, Software Testing: A Craftsman's Approach)."]
        return _example("test.boundary", d, _prompt(rng, q), lines, answer=str(n), formula="bva_count",
                    inputs={"variables": nvars, "robust": robust})
    vals = [lo - 1, lo, lo + 1, hi - 1, hi, hi + 1]
    ans = ", ".join(map(str, vals))
    q = f"The {field} field accepts integers from {lo} to {hi} inclusive. List the robust boundary-value test inputs."
    lines = [f"Test just below, at and just above each edge: {lo - 1}, {lo}, {lo + 1} and {hi - 1}, {hi}, {hi + 1}.",
             f"{lo - 1} and {hi + 1} must be rejected; the other four accepted.",
             _pick(rng, ("Off-by-one errors (< versus <=) cluster at exactly these edges.",
                         "Property-based tests can complement these fixed boundary cases."))]
    if d == "medium":
        lines.append(f"Add one nominal value from the middle (e.g. {(lo + hi) // 2}) as the equivalence-class representative.")
    return _example("test.boundary", d, _prompt(rng, q), lines, answer=ans, formula="bva_values",
                inputs={"lo": lo, "hi": hi})


# --- database_design --------------------------------------------------------

def _btree(rng: random.Random) -> Example:
    d = _diff(rng)
    rows = rng.randint(1, 999) * 10 ** rng.randint(3, 6)
    leaf = rng.randint(20, 200)
    if d == "easy":
        fan = _pick(rng, (50, 100, 200, 300, 500))
        fan_txt = f"a fanout of {fan}"
    else:
        page = _pick(rng, (4096, 8192, 16384))
        key = _pick(rng, (4, 8, 16, 32))
        ptr = _pick(rng, (6, 8))
        fan = page // (key + ptr)
        fan_txt = f"{page}-byte pages with {key}-byte keys and {ptr}-byte child pointers"
    leaves = math.ceil(rows / leaf)
    levels, nodes = 1, leaves
    steps = [f"Leaves = ceil({rows:,} / {leaf}) = {leaves:,}."]
    while nodes > 1:
        nodes = math.ceil(nodes / fan)
        levels += 1
        steps.append(f"Level above: ceil(... / {fan}) = {nodes:,} node(s).")
    q = (f"A B+tree index holds {rows:,} rows, {leaf} entries per leaf, and internal nodes with {fan_txt}. "
         "How many levels does it have (leaves included)?")
    lines = []
    if d != "easy":
        lines.append(f"Fanout = floor({page} / ({key} + {ptr})) = {fan}.")
    lines += steps + [f"Height = {levels} levels."]
    if d == "hard":
        lines.append(f"A point lookup reads {levels} pages, or {levels - 1} with the root cached; range scans then follow leaf links.")
    return _example("db.btree", d, _prompt(rng, q), lines, answer=str(levels), formula="bplus_levels",
                inputs={"rows": rows, "leaf": leaf, "fanout": fan})


ATTRS = "ABCDEF"


def closure(attrs: str, fds: list[list[str]]) -> str:
    got = set(attrs)
    changed = True
    while changed:
        changed = False
        for lhs, rhs in fds:
            if set(lhs) <= got and not set(rhs) <= got:
                got |= set(rhs)
                changed = True
    return "".join(sorted(got))


def _fd(rng: random.Random) -> Example:
    d = _diff(rng)
    n = 5 if d == "easy" else 6
    attrs = ATTRS[:n]
    fds = []
    for _ in range(rng.randint(3, 5)):
        lhs = "".join(sorted(rng.sample(attrs, rng.randint(1, 2))))
        rhs = rng.choice([a for a in attrs if a not in lhs])
        if [lhs, rhs] not in fds:
            fds.append([lhs, rhs])
    fd_txt = ", ".join(f"{l} -> {r}" for l, r in fds)
    if d == "hard":
        keys = []
        for size in range(1, n + 1):
            for mask in range(1 << n):
                if bin(mask).count("1") != size:
                    continue
                cand = "".join(attrs[i] for i in range(n) if mask >> i & 1)
                if closure(cand, fds) == attrs and not any(set(k) <= set(cand) for k in keys):
                    keys.append(cand)
        ans = ", ".join(sorted(keys))
        q = f"Relation R({', '.join(attrs)}) has functional dependencies {fd_txt}. List all candidate keys."
        lines = ["Attributes that never appear on a right-hand side must be in every key.",
                 "Test attribute sets from smallest up; keep minimal sets whose closure is all of R."]
        lines += [f"{k}+ = {closure(k, fds)}" for k in sorted(keys)]
        lines.append(f"Candidate keys: {ans}.")
        return _example("db.fd_closure", d, _prompt(rng, q), lines, answer=ans, formula="candidate_keys",
                    inputs={"attrs": attrs, "fds": fds})
    x = "".join(sorted(rng.sample(attrs, rng.randint(1, 2))))
    c = closure(x, fds)
    lines = [f"Start with {{{x}}} and apply any FD whose left side is already included, until nothing changes.",
             f"{x}+ = {c}.",
             _pick(rng, ("If a closure covers every attribute, the set is a superkey; minimal superkeys are candidate keys.",
                         "Closures also test BCNF: an FD X -> Y violates it when X+ is not the whole relation.",
                         "Armstrong's axioms (reflexivity, augmentation, transitivity) justify each step."))]
    if d == "easy":
        q = f"Relation R({', '.join(attrs)}) has FDs {fd_txt}. Compute the attribute closure {x}+."
        return _example("db.fd_closure", d, _prompt(rng, q), lines, answer=c, formula="attribute_closure",
                    inputs={"attrs": attrs, "fds": fds, "x": x})
    ans = "yes" if c == attrs else "no"
    q = f"Relation R({', '.join(attrs)}) has FDs {fd_txt}. Is {x} a superkey?"
    lines.append(f"{'It covers every attribute, so yes.' if ans == 'yes' else 'Some attributes are missing, so no.'}")
    return _example("db.fd_closure", d, _prompt(rng, q), lines, answer=ans, formula="is_superkey",
                inputs={"attrs": attrs, "fds": fds, "x": x})


ANOMALIES = _BANKS["anomalies"]
ANOMALY_NAMES = tuple(ANOMALIES)
ANOMALY_WHY = _BANKS["anomaly_why"]
ANOMALY_NOTE = _BANKS["anomaly_note"]


def _isolation(rng: random.Random) -> Example:
    d = _diff(rng)
    anomaly = _pick(rng, ANOMALY_NAMES)
    level, scens = ANOMALIES[anomaly]
    n = _pick(rng, NOUNS)
    x = rng.randint(2, 999)
    y = rng.randint(2, 60) if anomaly in ("phantom read", "write skew") else rng.randint(2, 999)
    text = _pick(rng, scens).format(x=x, y=y, z=y + 1, **_slots(n))
    q = _pick(rng, (f"{text} Which anomaly is this, and what is the weakest standard isolation level that prevents it?",
                    f"Scenario: {text} Name the weakest SQL isolation level that rules this out.",
                    f"{text} What isolation level do you need at minimum?"))
    lines = [f"This is a {anomaly}: {ANOMALY_WHY[anomaly]}.", f"The weakest level that prevents it is {level}."]
    if d != "easy":
        lines.append("ANSI ladder: READ UNCOMMITTED < READ COMMITTED (no dirty reads) < REPEATABLE READ (no non-repeatable reads) "
                     "< SERIALIZABLE (no phantoms).")
    if d == "hard":
        lines.append(ANOMALY_NOTE[anomaly])
    return _example("db.isolation", d, _prompt(rng, q), lines, answer=level, formula="isolation_lookup",
                inputs={"anomaly": anomaly})


def _pages(rng: random.Random) -> Example:
    d = _diff(rng)
    rows = rng.randint(1, 999) * 10 ** rng.randint(3, 6)
    row = rng.randint(40, 900)
    engine, page = _pick(rng, (("PostgreSQL", 8192), ("MySQL InnoDB", 16384)))
    fill = 1.0 if d == "easy" else _pick(rng, (0.7, 0.8, 0.9))
    per = int(page * fill // row)
    pages = math.ceil(rows / per)
    q = (f"A {engine} table (default page size {page // 1024} KB) has {rows:,} rows of ~{row} bytes"
         + (f" with fill factor {fill:g}" if fill < 1 else "") + ". Ignoring headers, how many pages does it use?")
    lines = [f"Rows per page = floor({page} x {fill:g} / {row}) = {per}.", f"Pages = ceil({rows:,} / {per}) = {pages:,}."]
    if d == "hard":
        mb = pages * page / 1e6
        bw = _pick(rng, (200, 500, 1000, 2000))
        lines.append(f"Size = {pages:,} x {page} B = {mb:,.1f} MB; a full scan at {bw} MB/s takes ~{mb / bw:.2f} s.")
    lines.append(_pick(rng, ("Lower fill factors leave room for in-place updates at the cost of more pages.",
                             "Narrower rows fit more per page, which speeds scans and improves cache hit rates.")))
    return _example("db.pages", d, _prompt(rng, q), lines, answer=f"{pages:,}", formula="table_pages",
                inputs={"rows": rows, "row_bytes": row, "page": page, "fill": fill})



TEMPLATES = {
    "software_architecture": (_pattern, _solid, _package_metrics),
    "algorithms_data_structures": (_complexity, _master, _ops_estimate, _tree_math),
    "distributed_systems": (_quorum, _consensus, _availability, _hashing, _vector_clock),
    "system_design": (_storage, _qps, _url_shortener, _rate_limiter, _cache_sizing),
    "code_optimization": (_amdahl, _cache_latency, _refactor, _littles_law),
    "testing_strategies": (_coverage, _combinatorial, _flaky, _boundary),
    "database_design": (_btree, _fd, _isolation, _pages),
}


class AdvancedSoftwareGenerator(Refuses, DomainGenerator):
    """The templates, except that DESIGN_SHARE of the system_design task rows are
    the guide's open design ask (_design)."""

    domain = "advanced_software"
    version = "3"  # 2: refusal rows (generators/refusals/); 3: open design rows (DESIGN_SHARE), a refusal in 8 rows
    templates = TEMPLATES
    refusal_category = "system_design"

    def example(self, category: str, rng: random.Random) -> Example:
        if category == "system_design" and rng.random() < DESIGN_SHARE:
            return _design(rng)
        return super().example(category, rng)
