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
from functools import lru_cache
from itertools import islice
from pathlib import Path

from tqdm import tqdm

from ech0.data.hygiene import scanner
from ech0.data.hygiene.pii import redact_pii
from ech0.data.hygiene.quality import estimate_turn_tokens, quality_score
from ech0.data.hygiene.secrets import redact_secrets
from ech0.jsonl import atomic_open, dumps, iter_lines, write_json, write_jsonl
from ech0.params import stage_params
from ech0.data.rows import check_line, first_user, messages
from ech0.data.text import normalise

RAW_DIR = Path("data/raw")
CLEAN_DIR = Path("data/clean")
METRICS = Path("metrics/clean.json")
REPORT = CLEAN_DIR / "report.json"
CHUNK_LINES = 2000
PREVIEW_CHARS = 120
ROW_KEYS = ("id", "prompt", "completion", "messages", "tags", "quality_score", "domain", "category", "difficulty",
            "source", "metadata")


def _map_strings(obj, path: str, fn):
    """obj with fn(text, path) applied to every string in it; keys untouched."""
    if isinstance(obj, str):
        return fn(obj, path)
    if isinstance(obj, list):
        return [_map_strings(v, f"{path}[{i}]", fn) for i, v in enumerate(obj)]
    if isinstance(obj, dict):
        return {k: _map_strings(v, f"{path}.{k}", fn) for k, v in obj.items()}
    return obj


def _scrub(text: str, redact: bool) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """(clean text, secret detector names, PII kinds) for one string.

    Normalise first (invisible characters could hide a secret from the
    detectors), then redact secrets, then PII.
    """
    text = normalise(text)
    text, found = redact_secrets(text)
    secrets = tuple(f.detector for f in found)
    pii: tuple[str, ...] = ()
    if redact:
        text, found_pii = redact_pii(text)
        pii = tuple(f.kind for f in found_pii)
    return text, secrets, pii


# Short strings repeat across rows (template ids, formula names, tags, sources:
# ~13 strings a row, most of them metadata), so their pure result is memoised.
_scrub_short = lru_cache(maxsize=1 << 16)(_scrub)


def _scrub_text(text: str, redact: bool):
    return _scrub_short(text, redact) if len(text) <= 64 else _scrub(text, redact)


def clean_line(raw: bytes, cfg: dict) -> dict:
    """The fate of one raw line: kept (with its row), rejected (with a reason) or secret."""
    row, problems = check_line(raw, cfg["max_line_bytes"])
    if problems:
        first = problems[0]
        return {"status": "rejected", "reason": first.reason, "field": first.field,
                "detail": "; ".join(str(p) for p in problems)[:500]}
    secrets: list[tuple[str, str]] = []
    pii: list[tuple[str, str]] = []

    def scrub(text: str, path: str):
        text, found_secrets, found_pii = _scrub_text(text, cfg["redact_pii"])
        secrets.extend((name, path) for name in found_secrets)
        pii.extend((kind, path) for kind in found_pii)
        return text

    row = _map_strings(row, "$", scrub)
    turns = messages(row)
    for i, turn in enumerate(turns):
        if not turn["content"]:
            field = f"$.messages[{i}].content" if "messages" in row else ("$.prompt", "$.completion")[i]
            return {"status": "rejected", "reason": "empty_field", "field": field, "domain": row["domain"],
                    "detail": f"{field}: empty after normalisation (only invisible or whitespace characters)"}
    if secrets and cfg["fail_on_secrets"]:
        return {"status": "secret", "findings": secrets}
    redactions = {}
    if secrets or pii:  # most rows have neither: no Counter per row
        redactions = collections.Counter([f"secret:{d}" for d, _ in secrets] + [k for k, _ in pii])
    preview = first_user(row)[:PREVIEW_CHARS]
    # Each answer against the question it answers; a conversation is as good as its worst answer.
    score, field = 1.0, "$.completion"
    for i, turn in enumerate(turns):
        if turn["role"] == "assistant":
            s = quality_score(turns[i - 1]["content"], turn["content"])
            if s < score:
                score, field = s, f"$.messages[{i}].content" if "messages" in row else "$.completion"
    if score < cfg["min_quality"]:
        return {"status": "rejected", "reason": "low_quality", "field": field, "domain": row["domain"],
                "detail": f"quality_score {score} < clean.min_quality {cfg['min_quality']}", "preview": preview,
                "redactions": dict(redactions)}
    tokens = estimate_turn_tokens([t["content"] for t in turns])
    if tokens > cfg["max_tokens"]:
        return {"status": "rejected", "reason": "too_many_tokens", "field": "$", "domain": row["domain"],
                "detail": f"estimated {tokens} tokens > clean.max_tokens {cfg['max_tokens']}", "preview": preview,
                "redactions": dict(redactions)}
    row["quality_score"] = score
    return {"status": "kept", "row": row, "redactions": dict(redactions)}


def _clean_chunk(args: tuple[str, list[tuple[int, bytes]], dict]) -> list[tuple[int, dict]]:
    """Runs in a worker. Kept rows come back as finished JSON lines: encoding them
    here rather than in the parent keeps the parent (a third process on two
    cores) from becoming the bottleneck."""
    key, lines, cfg = args
    results = []
    for number, raw in lines:
        out = clean_line(raw, cfg)
        if out["status"] == "kept":
            row = out.pop("row")
            row["id"] = f"{key}:{number}"
            out["line"] = dumps({k: row[k] for k in ROW_KEYS if k in row})
            out["domain"] = row["domain"]
            # For the Kingfisher pass: the row's distinct strings, taken here
            # rather than by parsing 100k lines again in the parent (~2.4 s).
            out["strings"] = list(dict.fromkeys(text for _, text in _strings(row)))
        results.append((number, out))
    return results


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
            for results in pool.map(_clean_chunk, jobs):
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


def _strings(obj, path: str = "$"):
    """(path, string) for every string in a parsed row, keys untouched."""
    if isinstance(obj, str):
        yield path, obj
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _strings(v, f"{path}[{i}]")
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _strings(v, f"{path}.{k}")


def token_scan(kept: list[str], kept_strings: list[list[str]], kept_where: list[tuple[str, str, bool]],
               rejects: list[dict], canary_files: set[str], fail_on_secrets: bool) -> dict:
    """The Kingfisher pass over every string of the kept rows and every reject preview.

    One scanner run for the whole stage: distinct strings only (metadata and
    template strings repeat across rows). Returns the kept lines with findings
    redacted, the redaction counts, how many rows became redacted, and, with
    fail_on_secrets, (location, detector, field) per finding outside the canary file.
    """
    texts = [text for strings in kept_strings for text in strings] + [r["preview"] for r in rejects if "preview" in r]
    redacted = {text: scanner.redact(text, found) for text, found in scanner.scan_texts(texts).items()}
    redacted = {k: v for k, v in redacted.items() if v[1]}
    out = {"kept": kept, "redactions": collections.Counter(), "rows_newly_redacted": 0, "secret_hits": []}
    if not redacted:
        return out
    kept = list(kept)
    for n, strings in enumerate(kept_strings):
        if not any(text in redacted for text in strings):
            continue
        row = json.loads(kept[n])
        hits = [(path, redacted[text][1]) for path, text in _strings(row) if text in redacted]
        if not hits:
            continue
        location, rel, was_redacted = kept_where[n]
        if fail_on_secrets and rel not in canary_files:
            out["secret_hits"] += [(location, f.detector, path) for path, found in hits for f in found]
            continue
        out["redactions"].update(f"secret:{f.detector}" for _, found in hits for f in found)
        out["rows_newly_redacted"] += not was_redacted
        row = _map_strings(row, "$", lambda text, _: redacted[text][0] if text in redacted else text)
        kept[n] = dumps({k: row[k] for k in ROW_KEYS if k in row})
    for r in rejects:
        if r.get("preview") in redacted:
            r["preview"] = redacted[r["preview"]][0]
    out["kept"] = kept
    return out


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
