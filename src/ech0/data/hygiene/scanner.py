"""Batch secret scanning with Kingfisher: the long tail of provider token formats.

Why Kingfisher: secrets.py's regexes (detect-secrets' plugins plus our own)
know ~30 formats; a token standing alone was recognised for 128 of ~490
provider formats. Kingfisher (MongoDB, Apache-2.0, pip `kingfisher-bin`) ships
488 maintained rules: the Betterleaks set (gitleaks' successor, 462 rules) and
Google's Veles detectors (26), compiled into one Vectorscan database, so it
scans ~10 MB in ~1.2 s with a warm rule cache (~9 s on the first run, which
compiles the cache under ~/.cache/kingfisher). bc-detect-secrets, the other
maintained catalogue on the registry, is a Python regex loop per plugin: the
per-row cost secrets.py's gates exist to avoid.

How: the binary runs once per stage run, never per row. Every distinct string
is written once to a scratch file, documents separated by a line of 32 `~`
(no rule's pattern crosses `~`, and it is wider than the window in which
Veles pairs a keyword with a value, so a keyword at the end of one document
cannot pair with a value at the start of the next). Kingfisher reports a finding's
line and 0-based byte columns (end inclusive); `scan()` maps them back to
(document, character span). A finding inside a base64 blob (Kingfisher decodes
them) reports decoded positions, so the whole blob that holds it is the span.
The scratch file is deleted; findings carry the rule id and span, never the
value (Kingfisher's `snippet` is read to check the span and dropped).

Flags: `-n` no live validation (nothing leaves the machine), `--no-dedup`
(every occurrence, not one per distinct secret), `--no-ignore` (an inline
`kingfisher:ignore` in scraped data must not hide a secret), `--max-file-size
0` (no size limit). A partial scan or an unknown exit status is an error: a
silent skip would let secrets through.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ech0.data.hygiene import spans
from ech0.data.hygiene.secrets import _PLACEHOLDER_RE, PLACEHOLDER

PACKAGE = "kingfisher-bin"
VERSION = "2.14.0"  # pinned in pyproject.toml; a different binary is refused (rules and output change between releases)
# Veles' keyword detectors pair a value with a keyword up to ~20 bytes before
# it, across lines (measured: `cloudflare_api_key =` then a 40-hex value in
# the next document is a finding with a 16-character rule between them, not
# with 24). 32 leaves a margin at ~9 MB per 340k distinct strings (100k rows).
SEPARATOR = "\n" + "~" * 32 + "\n"
NAME_PREFIX = "kingfisher."
RULES = Path(__file__).with_name("kingfisher_rules.yml")  # 14 composite secret halves, standalone  # detector names in findings and metrics: kingfisher.betterleaks.github-pat
_EXIT_OK = {0, 200, 205}  # 0: nothing found; 200: findings; 205: findings, validation not attempted
_BASE64_RUN = re.compile(r"[A-Za-z0-9+/_\-]{16,}={0,2}")
# Most Betterleaks rules end a token at a quote, whitespace, `;` or the end of a
# line, as in code; in prose a token is followed by `,`, `.`, `)` or `!`. So the
# copy Kingfisher reads has such punctuation before whitespace turned into a
# space: same byte length, so columns still map. Without it 9 of the 12 canary
# kinds, written in a sentence, went unseen. bytes.replace, not a regex: on the
# default data's 60 MB a regex with a callback took ~2.5 s, these 9 ~0.9 s.
_SENTENCE_PUNCT = (b").", b"),", b",", b".", b")")  # pairs first: `(dapi…).`


class ScannerError(RuntimeError):
    pass


@dataclass(frozen=True)
class Finding:
    detector: str  # "kingfisher." + rule id
    doc: int       # index into the documents scanned
    start: int     # character span in that document
    end: int


def binary() -> str:
    """The kingfisher executable of this environment (next to its python first)."""
    here = Path(sys.executable).with_name("kingfisher")
    found = str(here) if here.exists() else shutil.which("kingfisher")
    if not found:
        raise ScannerError(f"kingfisher not found: install the pinned scanner ({PACKAGE}=={VERSION}, `make setup`)")
    return found


def version() -> str:
    out = subprocess.run([binary(), "--version"], capture_output=True, text=True, check=True).stdout.split()
    return out[-1] if out else ""


def identity() -> dict:
    """What the lineage records: the scanner and its pinned version."""
    return {"name": "kingfisher", "package": PACKAGE, "version": VERSION}


@lru_cache(maxsize=1)
def check_version() -> None:
    """Once per process, before the first scan."""
    found = version()
    if found != VERSION:
        raise ScannerError(f"kingfisher {found} found, {VERSION} pinned ({PACKAGE}=={VERSION} in pyproject.toml): "
                           "run `make setup`")


def _nth_line_start(data: bytes, n: int) -> int:
    """Byte offset where line `n` (0-based) of `data` starts."""
    pos = 0
    for _ in range(n):
        pos = data.index(b"\n", pos) + 1
    return pos


def _blob_span(doc: str, start: int, end: int, secret: str) -> tuple[int, int] | None:
    """The base64 run of `doc` whose decoding holds `secret`, preferring one that overlaps [start, end)."""
    best = None
    for m in _BASE64_RUN.finditer(doc):
        raw = m.group()
        try:
            decoded = base64.b64decode(raw + "=" * (-len(raw) % 4), altchars=b"-_" if "-" in raw or "_" in raw
                                       else None).decode("utf-8", "replace")
        except (binascii.Error, ValueError):
            continue
        if secret in decoded:
            if m.start() < end and start < m.end():
                return m.span()
            best = best or m.span()
    return best


def scan(docs: list[str], jobs: int = 2) -> list[Finding]:
    """Every Kingfisher finding in `docs`, as (document, character span), sorted.

    Documents must not contain the separator line; the caller passes distinct
    strings (scanning each once and mapping back is the caller's job).
    """
    if not docs:
        return []
    check_version()
    encoded = [d.encode("utf-8") for d in docs]
    sep = SEPARATOR.encode()
    data = sep.join(encoded) + b"\n"
    scanned_copy = data
    for p in _SENTENCE_PUNCT:
        blank = b" " * len(p)
        scanned_copy = scanned_copy.replace(p + b" ", blank + b" ")
        if len(p) == 1:
            scanned_copy = scanned_copy.replace(p + b"\n", blank + b"\n")
    # The line each document starts on (Kingfisher reports lines and columns).
    sep_lines = SEPARATOR.count("\n")
    doc_lines, line = [], 1
    for e in encoded:
        doc_lines.append(line)
        line += e.count(b"\n") + sep_lines
    with tempfile.TemporaryDirectory(prefix="ech0-kingfisher-") as tmp:
        path = Path(tmp) / "docs.txt"
        path.write_bytes(scanned_copy)
        cmd = [binary(), "scan", str(path), "--rules-path", str(RULES), "-n", "--format", "jsonl", "--no-update-check", "-q", "--no-dedup",
               "--no-ignore", "--max-file-size", "0", "-j", str(jobs)]
        proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
    if proc.returncode not in _EXIT_OK:
        # stderr holds no finding values (those go to stdout only).
        raise ScannerError(f"kingfisher exited {proc.returncode}: {proc.stderr.strip()[-500:]}")
    findings: list[Finding] = []
    scanned = False
    for line in proc.stdout.splitlines():
        if not line.startswith("{"):
            continue
        record = json.loads(line)
        if "audit" in record:
            summary = record["audit"].get("summary", {})
            if summary.get("scan_partial") or summary.get("scan_failed") or not summary.get("scan_succeeded"):
                raise ScannerError(f"kingfisher did not scan everything: {summary}")
            scanned = True
            continue
        if "finding" not in record:
            continue
        f, rule = record["finding"], record["rule"]["id"]
        i = bisect.bisect_right(doc_lines, f["line"]) - 1
        doc, local = docs[i], _nth_line_start(encoded[i], f["line"] - doc_lines[i]) + f["column_start"]
        local_end = min(local + f["column_end"] - f["column_start"] + 1, len(encoded[i]))
        start = len(encoded[i][:local].decode("utf-8", "replace"))
        span = (start, len(encoded[i][:local_end].decode("utf-8", "replace")))
        if f.get("encoding") == "base64":
            # Decoded positions: the blob that holds the secret goes whole; one we
            # cannot place takes the whole document with it, never a secret through.
            span = _blob_span(doc, *span, f["snippet"]) or (0, len(doc))
        findings.append(Finding(NAME_PREFIX + rule, i, *span))
    if not scanned:
        raise ScannerError("kingfisher printed no audit summary: cannot tell whether the scan finished")
    return sorted(set(findings), key=lambda f: (f.doc, f.start, -f.end, f.detector))


def placeholder(detector: str) -> str:
    """`[SECRET:betterleaks_github_pat]` for kingfisher.betterleaks.github-pat: a word, like secrets.py's names."""
    return PLACEHOLDER.format(name=re.sub(r"\W", "_", detector.removeprefix(NAME_PREFIX)))


def redact(text: str, found: list[Finding]) -> tuple[str, list[Finding]]:
    """(`text` with one document's findings replaced, the findings used). Findings
    overlapping a placeholder already there (secrets.py's or PII's) are dropped,
    as secrets.py drops its own: that keeps redaction idempotent."""
    taken = [m.span() for m in _PLACEHOLDER_RE.finditer(text)] if "[" in text else []
    found = [f for f in found if not any(f.start < e and s < f.end for s, e in taken)]
    found = spans.first_wins(found, key=lambda f: (f.start, -(f.end - f.start), f.detector))
    return spans.replace(text, found, lambda f: placeholder(f.detector)), found


def scan_texts(texts) -> dict[str, list[Finding]]:
    """Findings per distinct text, for the texts that have any (one scanner run)."""
    docs = list(dict.fromkeys(texts))
    out: dict[str, list[Finding]] = {}
    for f in scan(docs):
        out.setdefault(docs[f.doc], []).append(f)
    return out
