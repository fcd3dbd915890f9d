"""processed stage: dedup, domain mixing and a stable train/eval split.

Reads:  params.yaml (seed, domains, processed), data/clean/rows.jsonl
Writes: data/processed/train.jsonl    mixed, shuffled training rows
        data/processed/eval.jsonl     held-out rows (never oversampled)
        data/processed/dropped.jsonl  every row not in train/eval, with why
        metrics/processed.json        counts in total and train/eval rows per domain; the stage
                                      asserts they add up
        metrics/domain_mix.json       per-domain rows and weights, for `dvc plots show` / `dvc plots diff`
Run:    dvc repro processed   (or: python -m ech0.stages.processed)

Order matters and is deliberate:
1. rows of disabled domains are dropped;
2. exact, then near-duplicates are removed over ALL rows before the split, so
   no near-duplicate pair can straddle train and eval (dedup.py has the numbers);
3. each domain is capped at max_samples distinct rows (seeded choice);
4. the split hashes only the row's own prompt (a conversation's first user
   turn) with processed.split_salt, so adding rows never moves an existing row
   between train and eval, and rows sharing a prompt (a conversation and its
   follow-up variants) always land together; dedup compares whole
   conversations;
5. mixing applies weight to the train split only: 1.5 keeps every row and
   repeats a seeded half of them, 0.8 keeps a seeded 80%. Rows in the open
   form (metadata.form, generators/contract.open_form) get weight x
   processed.open_weight.
"""

from __future__ import annotations

import collections
import hashlib
import random
from pathlib import Path

from ech0.data import dedup
from ech0.seeding import derive_seed
from ech0.jsonl import load_jsonl, write_json, write_jsonl
from ech0.params import stage_params
from ech0.data.rows import text_pair, validate_row

CLEAN_ROWS = Path("data/clean/rows.jsonl")
OUT_DIR = Path("data/processed")
METRICS = Path("metrics/processed.json")
DOMAIN_MIX = Path("metrics/domain_mix.json")


def split_of(prompt_key: str, salt: str, eval_fraction: float) -> str:
    """'train' or 'eval' from the prompt's comparison_key() alone (and the salt)."""
    h = hashlib.sha256((salt + "\x1f" + prompt_key).encode("utf-8")).digest()
    return "eval" if int.from_bytes(h[:8], "big") / 2**64 < eval_fraction else "train"


def _rank(seed: int, purpose: str, row_id: str) -> int:
    """A seeded, order-independent sort key for choosing rows."""
    return derive_seed(seed, purpose, row_id)


def mix_domain(rows: list[dict], weight: float, seed: int, domain: str) -> tuple[list[dict], list[dict]]:
    """(train rows after weighting, rows dropped by a weight < 1)."""
    whole, frac = divmod(weight, 1.0)
    ranked = sorted(rows, key=lambda r: _rank(seed, f"mix:{domain}", r["id"]))
    n_extra = round(frac * len(rows))
    if whole == 0:
        return ranked[:n_extra], ranked[n_extra:]
    return rows * int(whole) + ranked[:n_extra], []


def process(rows: list[dict], params: dict):
    """Pure core. Returns (train, eval, dropped, metrics)."""
    seed, cfg, domains = params["seed"], params["processed"], params["domains"]
    dropped: list[dict] = []
    counts = collections.Counter()

    def drop(row, reason, **extra):
        dropped.append({"id": row["id"], "domain": row["domain"], "reason": reason, **extra})
        counts[reason] += 1

    live = []
    for row in rows:
        cfg_d = domains.get(row["domain"])
        if cfg_d is not None and not cfg_d["enabled"]:
            drop(row, "domain_disabled")
        else:
            live.append(row)

    dd = cfg["dedup"]
    fp = dedup.fingerprints([text_pair(r) for r in live], shingle_size=dd["shingle_words"],
                            num_perm=dd["num_perm"], seed=seed, workers=cfg["workers"])
    # Best first: highest quality, then input order, so the kept copy is the best.
    order = sorted(range(len(live)), key=lambda i: (-live[i]["quality_score"], i))
    gone = set()
    for d in dedup.find_exact(fp.exact, order):
        drop(live[d.index], "exact_duplicate", duplicate_of=live[d.kept]["id"])
        gone.add(d.index)
    if dd["near"]:
        remaining = [i for i in order if i not in gone]  # still best-first
        for d in dedup.find_near(fp.sets, fp.sigs, remaining, threshold=dd["threshold"],
                                 lsh_threshold=dd["lsh_threshold"]):
            drop(live[d.index], "near_duplicate", duplicate_of=live[d.kept]["id"], similarity=d.similarity)
            gone.add(d.index)
    by_domain: dict[str, list[int]] = collections.defaultdict(list)
    for i, row in enumerate(live):
        if i not in gone:
            by_domain[row["domain"]].append(i)
    train, evals = [], []
    per_domain = {}
    for domain in sorted(by_domain):
        members = by_domain[domain]
        cap = domains[domain]["max_samples"] if domain in domains else None
        if cap is not None and len(members) > cap:
            ranked = sorted(members, key=lambda i: _rank(seed, f"cap:{domain}", live[i]["id"]))
            for i in ranked[cap:]:
                drop(live[i], "over_max_samples")
            members = sorted(ranked[:cap])
        splits = [split_of(fp.prompt_keys[i], cfg["split_salt"], cfg["eval_fraction"]) for i in members]
        drows = [live[i] for i in members]
        d_train = [r for r, s in zip(drows, splits) if s == "train"]
        d_eval = [r for r, s in zip(drows, splits) if s == "eval"]
        weight = domains[domain]["weight"] if domain in domains else 1.0
        d_open = [r for r in d_train if r["metadata"].get("form") == "open"]
        d_rest = [r for r in d_train if r["metadata"].get("form") != "open"]
        mixed, unpicked = mix_domain(d_rest, weight, seed, domain)
        mixed_open, unpicked_open = mix_domain(d_open, weight * cfg["open_weight"], seed, f"{domain}:open")
        for r in unpicked + unpicked_open:
            drop(r, "mixing_subsample")
        train += mixed + mixed_open
        evals += d_eval
        per_domain[domain] = {"unique": len(drows), "train_unique": len(d_train) - len(unpicked) - len(unpicked_open),
                              "train_rows": len(mixed) + len(mixed_open), "open_train_rows": len(mixed_open),
                              "eval_rows": len(d_eval), "weight": weight}

    random.Random(derive_seed(seed, "shuffle")).shuffle(train)
    train_unique = sum(d["train_unique"] for d in per_domain.values())
    metrics = {
        "rows_in": len(rows),
        "domain_disabled": counts["domain_disabled"],
        "exact_duplicates": counts["exact_duplicate"],
        "near_duplicates": counts["near_duplicate"],
        "over_max_samples": counts["over_max_samples"],
        "mixing_subsample": counts["mixing_subsample"],
        "train_unique_rows": train_unique,
        "oversampled_copies": len(train) - train_unique,
        "open_train_rows": sum(d["open_train_rows"] for d in per_domain.values()),
        "train_rows": len(train),
        "eval_rows": len(evals),
        "domains": per_domain,
    }
    accounted = len(dropped) + train_unique + len(evals)
    if accounted != len(rows):
        raise RuntimeError(f"processed: accounting broken: {len(rows)} rows in, {accounted} accounted for")
    return train, evals, dropped, metrics


def main() -> None:
    params = stage_params()
    rows = load_jsonl(CLEAN_ROWS)
    for n, row in enumerate(rows, start=1):
        problems = validate_row(row)
        if problems or "quality_score" not in row or "id" not in row:
            raise SystemExit(f"{CLEAN_ROWS}:{n}: not a clean row: {problems or 'missing id/quality_score'}")
    train, evals, dropped, metrics = process(rows, params)
    write_jsonl(OUT_DIR / "train.jsonl", train)
    write_jsonl(OUT_DIR / "eval.jsonl", evals)
    write_jsonl(OUT_DIR / "dropped.jsonl", dropped)
    # Two counts per domain as metrics; the other three (unique, train_unique,
    # weight) only in the plots file: 30 more `dvc exp show` columns otherwise.
    write_json(METRICS, {**metrics, "domains": {d: {"train_rows": m["train_rows"], "eval_rows": m["eval_rows"]}
                                                for d, m in metrics["domains"].items()}})
    write_json(DOMAIN_MIX, [{"domain": d, "train_rows": m["train_rows"], "eval_rows": m["eval_rows"],
                             "unique_rows": m["unique"], "train_unique_rows": m["train_unique"],
                             "weight": m["weight"]} for d, m in metrics["domains"].items()])
    print(f"processed: {metrics['rows_in']} in -> train {metrics['train_rows']} "
          f"({metrics['oversampled_copies']} oversampled copies), eval {metrics['eval_rows']}, "
          f"exact dups {metrics['exact_duplicates']}, near dups {metrics['near_duplicates']}")


if __name__ == "__main__":
    main()
