"""One raw row's fate in the clean stage, and the Kingfisher pass over the kept rows.

`clean_line` checks a line against the row schema, normalises and redacts every
string, then applies the quality and token filters; `clean_chunk` runs it in a
worker process; `token_scan` redacts what the batch scanner finds in every
distinct string of the kept rows. The stage (ech0.stages.clean) reads the
files, fans the chunks out and writes the outputs.
"""

from __future__ import annotations

import collections
import json
from functools import lru_cache

from ech0.data.hygiene import scanner
from ech0.data.hygiene.pii import redact_pii
from ech0.data.hygiene.quality import estimate_turn_tokens, quality_score
from ech0.data.hygiene.secrets import redact_secrets
from ech0.data.rows import check_line, first_user, messages
from ech0.data.text import normalise
from ech0.jsonl import dumps

PREVIEW_CHARS = 120
ROW_KEYS = ("id", "prompt", "completion", "messages", "tags", "quality_score", "domain", "category", "difficulty",
            "source", "metadata")


def _maprow_strings(obj, path: str, fn):
    """obj with fn(text, path) applied to every string in it; keys untouched."""
    if isinstance(obj, str):
        return fn(obj, path)
    if isinstance(obj, list):
        return [_maprow_strings(v, f"{path}[{i}]", fn) for i, v in enumerate(obj)]
    if isinstance(obj, dict):
        return {k: _maprow_strings(v, f"{path}.{k}", fn) for k, v in obj.items()}
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

    row = _maprow_strings(row, "$", scrub)
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


def clean_chunk(args: tuple[str, list[tuple[int, bytes]], dict]) -> list[tuple[int, dict]]:
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
            out["strings"] = list(dict.fromkeys(text for _, text in row_strings(row)))
        results.append((number, out))
    return results


def row_strings(obj, path: str = "$"):
    """(path, string) for every string in a parsed row, keys untouched."""
    if isinstance(obj, str):
        yield path, obj
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from row_strings(v, f"{path}[{i}]")
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from row_strings(v, f"{path}.{k}")


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
        hits = [(path, redacted[text][1]) for path, text in row_strings(row) if text in redacted]
        if not hits:
            continue
        location, rel, was_redacted = kept_where[n]
        if fail_on_secrets and rel not in canary_files:
            out["secret_hits"] += [(location, f.detector, path) for path, found in hits for f in found]
            continue
        out["redactions"].update(f"secret:{f.detector}" for _, found in hits for f in found)
        out["rows_newly_redacted"] += not was_redacted
        row = _maprow_strings(row, "$", lambda text, _: redacted[text][0] if text in redacted else text)
        kept[n] = dumps({k: row[k] for k in ROW_KEYS if k in row})
    for r in rejects:
        if r.get("preview") in redacted:
            r["preview"] = redacted[r["preview"]][0]
    out["kept"] = kept
    return out
