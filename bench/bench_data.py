"""Data-stage benchmark: speed, memory, scaling and detection quality.

    .venv/bin/python bench/bench_data.py            # full run, ~2-3 minutes on 2 cores
    .venv/bin/python bench/bench_data.py --rows 20000  # quicker look

Targets (issues: pipeline foundation, ten domain generators):
- generate 100,000 rows in <= 20 s;
- clean + processed on 100,000 rows in <= 30 s wall, every check on;
- near-dup detection ~linear from 10k to 100k rows;
- 100% of planted secrets and PII caught; <= 1 false flag per 10,000 generated rows
  (the regex and PII detectors over every turn, plus what Kingfisher redacted in
  the clean stage's own run);
- near-duplicate recall >= 0.95 for pairs with Jaccard >= 0.9.
Stages run as real subprocesses (each stage module as __main__) in a scratch
project, so the times include start-up, I/O and worker pools. Peak memory is
the largest RSS of any one process in that stage (the parent or a worker).
Writes bench/out/data.json and prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import collections
import json
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ech0.data.dedup import WordHasher, fingerprints, find_near, jaccard, shingles  # noqa: E402
from ech0.data.text import comparison_key  # noqa: E402
from ech0.data.generators import BUILTIN  # noqa: E402
from ech0.data.hygiene.pii import find_pii  # noqa: E402
from ech0.data.hygiene.secrets import find_secrets  # noqa: E402
from ech0.jsonl import read_jsonl  # noqa: E402
from ech0.data.rows import messages, reference, text_pair  # noqa: E402
from tests.corpus import planted_pii, planted_secrets  # noqa: E402


_RUNNER = """
import json, resource, sys
from ech0.stages.{name} import main
main()
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print("PEAK_RSS_KIB", max(own, workers), file=sys.stderr)
"""


def run_stage(name: str, cwd: Path) -> dict:
    """Run one stage as a subprocess; its peak RSS is the max of itself and its workers."""
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _RUNNER.format(name=name)], cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if done.returncode:
        raise SystemExit(f"stage {name} failed:\n{done.stderr[-3000:]}")
    peak_kib = int(done.stderr.rsplit("PEAK_RSS_KIB", 1)[1].split()[0])
    return {"wall_s": round(wall, 2), "peak_rss_mib": round(peak_kib / 1024, 1), "log": done.stdout.strip()}


def scratch_project(rows: int) -> Path:
    tmp = Path(tempfile.mkdtemp(prefix="ech0-bench-"))
    params = yaml.safe_load((ROOT / "params.yaml").read_text())
    params["raw"]["total_samples"] = rows
    params["raw"]["canaries"] = 0  # planted secrets by design: not generated rows, and not false flags
    for d in params["domains"].values():
        d["max_samples"] = rows // len(BUILTIN)
    (tmp / "params.yaml").write_text(yaml.safe_dump(params))
    (tmp / "data/imports").mkdir(parents=True)
    return tmp


def near_dup(pairs: list[tuple[str, str]], workers: int = 2):
    """Fingerprint and find near-duplicates with the default params; (seconds, duplicates)."""
    t0 = time.perf_counter()
    fp = fingerprints(pairs, shingle_size=5, num_perm=128, seed=1, workers=workers)
    dups = find_near(fp.sets, fp.sigs, range(len(pairs)), threshold=0.8, lsh_threshold=0.7)
    return time.perf_counter() - t0, dups


def near_dup_recall(texts: list[str], pairs: int, rng: random.Random) -> dict:
    """Plant `pairs` mutated copies with true Jaccard >= 0.9 and count how many are found.

    The sources must not be near-duplicates of one another: long generated rows
    often are (31% of the first 1,000 at 100k rows), and a copy whose source is
    itself dropped is compared only with the kept rows, so it was counted as a
    miss (recall read 0.691 where every copy of a distinct source was found)."""
    hasher = WordHasher()
    long = list(dict.fromkeys(t for t in texts if len(t.split()) >= 120))[: pairs * 3]
    _, among = near_dup([("", t) for t in long])
    dropped = {d.index for d in among}
    base = [t for i, t in enumerate(long) if i not in dropped]
    planted, sims = [], []
    for t in base:
        words = t.split()
        for _ in range(200):
            w = list(words)
            for _ in range(rng.randint(1, 2)):
                w[rng.randrange(len(w))] = f"mut{rng.randrange(10**6)}"
            cand = " ".join(w)
            s = jaccard(shingles(hasher(comparison_key(t).split()), 5), shingles(hasher(comparison_key(cand).split()), 5))
            if s >= 0.9:
                planted.append((t, cand))
                sims.append(s)
                break
        if len(planted) == pairs:
            break
    _, dups = near_dup([("", p) for pair in planted for p in pair])
    found = {d.index for d in dups if d.kept == d.index - 1 and d.index % 2 == 1}
    return {"pairs": len(planted), "found": len(found), "recall": round(len(found) / len(planted), 4),
            "min_jaccard": round(min(sims), 3)}


def detection_quality(rows: list[dict], rng: random.Random) -> dict:
    plant_rows = rng.sample(rows, 500)
    planted = collections.Counter()  # "secrets" / "pii": values planted
    caught = collections.Counter()  # ... and found again, by the right detector or kind
    missed = collections.Counter()  # detector or kind: how many planted values it missed
    detectors = (("secrets", "\n", planted_secrets, find_secrets, "detector"), ("pii", " ", planted_pii, find_pii, "kind"))
    for r in plant_rows:
        for what, sep, plant, find, label_of in detectors:
            for label, text, value in plant(rng):
                doc = reference(r) + sep + text
                hit = any(getattr(f, label_of) == label and value in doc[f.start:f.end] for f in find(doc))
                planted[what] += 1
                caught[what] += hit
                missed[label] += not hit
    false = {}
    for r in rows:
        # Where, never what: a "false" flag could still be a real secret.
        where = f"{r.get('domain')}:{(r.get('metadata') or {}).get('template')}"
        for i, turn in enumerate(messages(r)):
            field = f"messages[{i}]"
            for f in find_secrets(turn["content"]):
                false.setdefault(f"secret:{f.detector}", []).append(f"{where}:{field}@{f.start}")
            for f in find_pii(turn["content"]):
                false.setdefault(f.kind, []).append(f"{where}:{field}@{f.start}")
    n_false = sum(len(v) for v in false.values())
    return {"secrets_planted": planted["secrets"], "secrets_caught": caught["secrets"],
            "pii_planted": planted["pii"], "pii_caught": caught["pii"], "missed": {k: v for k, v in missed.items() if v},
            "clean_rows_scanned": len(rows), "false_flags": n_false,
            "false_flags_per_10k": round(n_false / len(rows) * 10_000, 2),
            "false_flag_examples": {k: v[:3] for k, v in sorted(false.items())}}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    args = ap.parse_args()
    rng = random.Random(0)
    project = scratch_project(args.rows)
    try:
        stages = {name: run_stage(name, project) for name in ("raw", "clean", "processed")}
        rows = [r for p in sorted((project / "data/raw").glob("*.jsonl")) for r in read_jsonl(p)]
        n = len(rows)
        for name in stages:
            stages[name]["rows_per_s"] = round(n / stages[name]["wall_s"])
        pairs = [text_pair(r) for r in rows]
        texts = [p + "\n" + c for p, c in pairs]
        # Same mix of domains at both sizes: every 10th row.
        small = pairs[::10]
        scaling = {"rows_small": len(small), "s_small": round(near_dup(small)[0], 2),
                   "rows_large": n, "s_large": round(near_dup(pairs)[0], 2)}
        scaling["ratio"] = round(scaling["s_large"] / scaling["s_small"], 2)
        result = {
            "machine": f"{platform.processor() or platform.machine()}, {__import__('os').cpu_count()} cores",
            "python": platform.python_version(),
            "rows": n,
            "stages": stages,
            "clean_plus_processed_s": round(stages["clean"]["wall_s"] + stages["processed"]["wall_s"], 2),
            "near_dup_scaling": scaling,
            "near_dup_recall": near_dup_recall(texts, 1000, rng),
            "detection": detection_quality(rows, rng),
            "metrics": {k: json.loads((project / f"metrics/{k}.json").read_text()) for k in ("clean", "processed")},
        }
        # Kingfisher runs inside the clean stage: on generated rows (no canaries)
        # every redaction it made is a false flag. Counts by rule, never values.
        d = result["detection"]
        kf = {k: v for k, v in result["metrics"]["clean"]["redactions_by_type"].items()
              if k.startswith("secret:kingfisher.")}
        d["false_flags"] += sum(kf.values())
        d["false_flags_per_10k"] = round(d["false_flags"] / d["clean_rows_scanned"] * 10_000, 2)
        if kf:
            d["false_flag_examples"]["kingfisher"] = kf
    finally:
        shutil.rmtree(project, ignore_errors=True)
    out = ROOT / "bench/out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "data.json").write_text(json.dumps(result, indent=2))
    s, d = result["stages"], result["detection"]
    print(f"| rows | {n:,} |")
    for name in ("raw", "clean", "processed"):
        print(f"| {name} | {s[name]['wall_s']} s, {s[name]['rows_per_s']:,} rows/s, peak RSS {s[name]['peak_rss_mib']} MiB |")
    print(f"| clean + processed | {result['clean_plus_processed_s']} s |")
    sc = result["near_dup_scaling"]
    print(f"| near-dup {sc['rows_small']:,} -> {sc['rows_large']:,} rows | {sc['s_small']} s -> {sc['s_large']} s (x{sc['ratio']}) |")
    r = result["near_dup_recall"]
    print(f"| near-dup recall (J >= 0.9) | {r['found']}/{r['pairs']} = {r['recall']} |")
    print(f"| secrets caught | {d['secrets_caught']}/{d['secrets_planted']} |")
    print(f"| PII caught | {d['pii_caught']}/{d['pii_planted']} |")
    if d["missed"]:
        print(f"| missed (detector: count) | {d['missed']} |")
    print(f"| false flags | {d['false_flags']} in {d['clean_rows_scanned']:,} rows ({d['false_flags_per_10k']} per 10k) |")
    if d["false_flag_examples"]:
        print(json.dumps(d["false_flag_examples"], indent=1))


if __name__ == "__main__":
    main()
