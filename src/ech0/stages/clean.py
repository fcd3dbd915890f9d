"""clean stage: validate, normalise, redact and filter every raw row, accounting for each.

Reads:  params.yaml (clean), data/raw/**/*.jsonl, data/raw/sources.json
Writes: data/clean/rows.jsonl     kept rows (normalised, redacted, with id and quality_score)
        data/clean/rejects.jsonl  one line per rejected row: location, reason, field, detail
        data/clean/report.json    the full accounting: the counts below plus per input file
        metrics/clean.json        counts in total, by reason, by redaction type and per domain;
                                  rows_in == rows_kept + rows_rejected is asserted
Run:    dvc repro clean   (or: python -m ech0.stages.clean)

Per line, in order: size limit, BOM, UTF-8, JSON, row schema (rows.check_line);
NFC/whitespace normalisation of every string; secret redaction (or, with
clean.fail_on_secrets, a failure naming file:line and detector; the planted
canaries, kind "canary" in sources.json, are always redacted); PII
redaction; quality score and clean.min_quality; token estimate and
clean.max_tokens. Then one Kingfisher run (ech0.data.hygiene.scanner, 488
provider rules) over every distinct string of the kept rows and the reject
previews redacts the token formats the regexes do not know; its version is in
data/clean/report.json and the package's lineage. Rejects never carry raw text: a rejected line may hold a
secret, and only rows already redacted get a short preview.

A conversation row (`messages`) is cleaned turn by turn: every turn is
normalised and redacted (a secret in a system prompt included), each
assistant turn must pass clean.min_quality against the user turn before it
(the reject names the turn, `$.messages[3].content`), and the whole
conversation must fit clean.max_tokens, as it is trained in one sequence.
"""

from __future__ import annotations

import collections
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from pathlib import Path

from tqdm import tqdm

from ech0.data.cleaning import clean_chunk, token_scan
from ech0.data.hygiene import scanner
from ech0.jsonl import atomic_open, iter_lines, write_json, write_jsonl
from ech0.params import stage_params

RAW_DIR = Path("data/raw")
CLEAN_DIR = Path("data/clean")
METRICS = Path("metrics/clean.json")
REPORT = CLEAN_DIR / "report.json"
CHUNK_LINES = 2000
def raw_files(raw_dir: Path) -> list[Path]:
    """Generator files first (sorted), then imports (sorted): a stable order."""
    return sorted(raw_dir.glob("*.jsonl")) + sorted(raw_dir.glob("imports/*/*.jsonl"))


def source_location(rel: str, line: int, sources: dict) -> str | None:
    """Where a raw line came from in the user's own file, for imported rows."""
    src = sources.get(rel)
    if not src or src.get("kind") != "import":
        return None
    if src.get("format") == "json_array":
        return f"{src['source_file']}[{line - 1}]"
    return f"{src['source_file']}:{line}"


def _chunks(path: Path):
    it = ((n, raw) for n, raw in iter_lines(path) if raw.strip())
    while chunk := list(islice(it, CHUNK_LINES)):
        yield chunk


def run(raw_dir: Path, cfg: dict):
    """Clean every raw file. Returns (kept rows as JSON lines, rejects, secret findings, metrics)."""
    sources = json.loads((raw_dir / "sources.json").read_text("utf-8"))
    kept, rejects, secret_hits = [], [], []
    kept_where: list[tuple[str, str, bool]] = []  # per kept row: location, raw file, redacted already
    kept_strings: list[list[str]] = []            # per kept row: its distinct strings
    redactions = collections.Counter()
    by_reason = collections.Counter()
    by_domain: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    by_file: dict[str, collections.Counter] = {}
    rows_redacted = 0
    files = raw_files(raw_dir)
    progress = tqdm(total=sum(p.stat().st_size for p in files), unit="B", unit_scale=True, desc="clean")
    with ProcessPoolExecutor(max_workers=cfg["workers"]) as pool:
        for path in files:
            rel = path.relative_to(raw_dir).as_posix()
            key = rel.removesuffix(".jsonl")
            counts = by_file[rel] = collections.Counter()
            # Canary secrets are planted on purpose (ech0.data.canary): redact, never fail on them.
            file_cfg = {**cfg, "fail_on_secrets": False} if sources.get(rel, {}).get("kind") == "canary" else cfg
            jobs = ((key, chunk, file_cfg) for chunk in _chunks(path))
            for results in pool.map(clean_chunk, jobs):
                for number, out in results:
                    location = f"{raw_dir.as_posix()}/{rel}:{number}"
                    counts["rows_in"] += 1
                    if out["status"] == "secret":
                        secret_hits += [(location, d, f) for d, f in out["findings"]]
                        counts["secret"] += 1
                        continue
                    redactions.update(out.get("redactions", {}))
                    if out["status"] == "kept":
                        kept.append(out["line"])
                        kept_where.append((location, rel, bool(out["redactions"])))
                        kept_strings.append(out["strings"])
                        counts["kept"] += 1
                        by_domain[out["domain"]]["kept"] += 1
                        rows_redacted += bool(out["redactions"])
                    else:
                        reject = {"location": location, "source": source_location(rel, number, sources),
                                  "reason": out["reason"], "field": out["field"], "detail": out["detail"]}
                        if "preview" in out:
                            reject["preview"] = out["preview"]
                        rejects.append(reject)
                        counts["rejected"] += 1
                        by_reason[out["reason"]] += 1
                        by_domain[out.get("domain", "(unparsed)")]["rejected"] += 1
            progress.update(path.stat().st_size)
    progress.close()
    canary_files = {rel for rel, src in sources.items() if src.get("kind") == "canary"}
    kf = token_scan(kept, kept_strings, kept_where, rejects, canary_files, cfg["fail_on_secrets"])
    kept, secret_hits = kf["kept"], secret_hits + kf["secret_hits"]
    redactions.update(kf["redactions"])
    rows_redacted += kf["rows_newly_redacted"]
    rows_in = sum(c["rows_in"] for c in by_file.values())
    metrics = {
        "rows_in": rows_in,
        "rows_kept": len(kept),
        "rows_rejected": len(rejects),
        "rows_redacted": rows_redacted,
        "scanner": scanner.identity(),
        "rejected_by_reason": dict(sorted(by_reason.items())),
        "redactions_by_type": dict(sorted(redactions.items())),
        "domains": {d: {"kept": c["kept"], "rejected": c["rejected"]} for d, c in sorted(by_domain.items())},
        "files": {f: {"rows_in": c["rows_in"], "kept": c["kept"], "rejected": c["rejected"]}
                  for f, c in sorted(by_file.items())},
    }
    if not secret_hits and rows_in != len(kept) + len(rejects):
        raise RuntimeError(f"clean: accounting broken: rows_in {rows_in} != kept {len(kept)} + rejected {len(rejects)}")
    return kept, rejects, secret_hits, metrics


def summary(report: dict) -> dict:
    """A clean report without its per-file counts (data/clean/report.json keeps
    them): one `dvc exp show` column per input file was ~30 columns nobody compares."""
    return {k: v for k, v in report.items() if k != "files"}


def main() -> None:
    params = stage_params()
    cfg = params["clean"]
    kept, rejects, secret_hits, metrics = run(RAW_DIR, cfg)
    if secret_hits:
        # Location and detector only: the value is never printed or logged.
        for location, detector, field in secret_hits[:50]:
            print(f"{location}: secret detected by {detector} in {field}", file=sys.stderr)
        more = f" (first 50 of {len(secret_hits)} shown)" if len(secret_hits) > 50 else ""
        sys.exit(f"clean: {len(secret_hits)} secret(s) found and clean.fail_on_secrets is true{more}. "
                 "Remove them from the source, or set clean.fail_on_secrets: false to redact them.")
    with atomic_open(CLEAN_DIR / "rows.jsonl") as fh:
        fh.writelines(line + "\n" for line in kept)
    write_jsonl(CLEAN_DIR / "rejects.jsonl", rejects)
    write_json(REPORT, metrics)
    write_json(METRICS, summary(metrics))
    print(f"clean: {metrics['rows_in']} in, {metrics['rows_kept']} kept "
          f"({metrics['rows_redacted']} redacted), {metrics['rows_rejected']} rejected "
          f"{metrics['rejected_by_reason']}")


if __name__ == "__main__":
    main()
