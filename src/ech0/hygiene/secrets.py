"""Secret detection and redaction.

Known token formats come from detect-secrets (Yelp), whose regex plugins are
maintained as providers change formats; this module adds what it lacks:
whole private-key blocks (its plugin sees only the header line), Google,
Hugging Face, Anthropic and new-style OpenAI keys, GitHub fine-grained tokens,
credentials in URLs (the whole `user:password@`, not only the password) and
`password = ...` style assignments. Its entropy and keyword plugins are not
used: on the built-in data they flag ordinary prose and code far above the
1-per-10,000-rows false-flag budget.

Speed: running ~40 regexes over every row costs ~23 s per 100k rows. Every
token format above contains a run of at least 20 token characters, which prose
almost never does, so `_LONG_TOKEN` gates them (~1 s per 100k rows); the few
formats with shorter minimal matches carry their own literal gates. The test
corpus has one planted secret per detector, so a gate that hid a detector
would fail a test.

A finding carries the detector name and the span, never the value in a message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class
from detect_secrets.plugins.base import RegexBasedDetector

from ech0.hygiene import spans

PLACEHOLDER = "[SECRET:{name}]"
# Any placeholder already in the text (ours or pii.py's). Findings overlapping
# one are dropped, which is what makes redaction idempotent.
_PLACEHOLDER_RE = re.compile(r"\[(?:SECRET:\w+|EMAIL|PHONE|CREDIT_CARD|IBAN|SSN|IP_ADDRESS)\]")

_LONG_TOKEN = re.compile(r"[A-Za-z0-9_\-+/=.:]{20,}")

# detect-secrets plugins not used for tokens: IP addresses are PII (pii.py),
# PrivateKeyDetector and BasicAuthDetector are superseded by the block and URL
# detectors below, which redact the whole secret rather than a header or half.
_SKIP_PLUGINS = {"IPPublicDetector", "PrivateKeyDetector", "BasicAuthDetector"}
# Plugins whose shortest match is under 20 characters, with a cheap literal gate.
_SHORT_GATES = {"ArtifactoryDetector": re.compile(r"AKC|AP[\dA-F]")}

_EXTRA = {
    "PrivateKeyBlockDetector": [
        re.compile(r"-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY( BLOCK)?-----[\s\S]*?-----END \1PRIVATE KEY( BLOCK)?-----"),
        # An unterminated block (truncated paste): header plus its base64 body.
        re.compile(r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----(?:[ \t]*\r?\n?[ \t]*[A-Za-z0-9+/=]{4,})*"),
    ],
    "GoogleApiKeyDetector": [re.compile(r"AIza[0-9A-Za-z_\-]{35}")],
    "HuggingFaceTokenDetector": [re.compile(r"\bhf_[A-Za-z0-9]{30,}")],
    "AnthropicKeyDetector": [re.compile(r"\bsk-ant-[A-Za-z0-9_\-]{20,}")],
    "OpenAIProjectKeyDetector": [re.compile(r"\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_\-]{20,}")],
    "GitHubFineGrainedTokenDetector": [re.compile(r"\bgithub_pat_[A-Za-z0-9_]{22,}")],
    "StripeTestKeyDetector": [re.compile(r"\b(?:sk|rk)_test_[0-9a-zA-Z]{24,}")],
}
_EXTRA_GATES = {"PrivateKeyBlockDetector": "PRIVATE KEY"}

# scheme://user:password@host -> the whole userinfo is a credential.
_URL_CREDENTIALS = re.compile(r"(?<=://)[^\s:/?#@\[\]]+:[^\s/?#@]+(?=@)")

# `password = "..."`, `DB_PASSWORD=...`, `"api_key": "..."`. Quoted values of
# 4+ characters, or unquoted values of 6+ with both a letter and a digit (so
# `token = tokenizer(x)` and `key: 512` in ordinary code and prose stay).
_ASSIGN_KEYWORDS = ("pass", "pwd", "secret", "key", "token", "cred")
# Every _ASSIGNMENT match holds one of its keywords' last words right before
# the operator. "key" and "token" are ordinary words in ML text (13% of built-in
# texts pass the substring gate above), and the full pattern, which tries its
# lazy prefix at every position, cost ~100 us per such text; this search on the
# lower-cased text costs ~6 us. ASCII only: (?i) also folds a few non-ASCII
# letters (the Kelvin sign, the long s) that lower() leaves alone.
_ASSIGN_GATE = re.compile(r"""(?:password|passwd|passphrase|pwd|secret|key|token|credentials?)["']?\s*(?::=|=>|=|:)""")
_ASSIGNMENT = re.compile(
    r"""(?ix)
    (?<![A-Za-z0-9])[A-Za-z0-9_.\-]*?
    (?:password|passwd|passphrase|pwd|secret|api[_\-]?key|access[_\-]?key|secret[_\-]?key
       |private[_\-]?key|auth[_\-]?token|access[_\-]?token|refresh[_\-]?token|bearer[_\-]?token
       |client[_\-]?secret|credentials?|token)
    (?![A-Za-z0-9_])["']?\s*(?::=|=>|=|:)\s*
    (?:
      (?P<q>["'`])(?P<quoted>(?!\[SECRET:)[^"'`\s]{4,200})(?P=q)
    | (?P<bare>(?!\[SECRET:)(?=[^\s"',;]*[0-9])(?=[^\s"',;]*[A-Za-z])[A-Za-z0-9!@#$%^&*_\-+/=.~]{6,200})
    )
    """
)


@dataclass(frozen=True)
class Finding:
    detector: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _token_detectors() -> tuple[tuple[str, tuple[re.Pattern, ...], re.Pattern | str | None], ...]:
    """(name, patterns, gate) for every token-format detector, in a stable order."""
    out = []
    for cls in sorted(get_mapping_from_secret_type_to_class().values(), key=lambda c: c.__name__):
        if issubclass(cls, RegexBasedDetector) and cls.__name__ not in _SKIP_PLUGINS:
            out.append((cls.__name__, tuple(cls.denylist), _SHORT_GATES.get(cls.__name__)))
    for name, patterns in _EXTRA.items():
        out.append((name, tuple(patterns), _EXTRA_GATES.get(name)))
    return tuple(out)


@lru_cache(maxsize=1)
def _gated_detectors():
    return tuple(d for d in _token_detectors() if d[2] is not None)


def detector_names() -> list[str]:
    return [n for n, _, _ in _token_detectors()] + ["URLCredentialsDetector", "PasswordAssignmentDetector"]


def find_secrets(text: str) -> list[Finding]:
    """Every secret in `text`, as non-overlapping spans (earliest, then longest, then most specific)."""
    if len(text) < 8:  # shorter than any format here, e.g. `pwd="abcd"`
        return []
    found: list[Finding] = []
    # Without a 20+ character token only the gated detectors can match.
    detectors = _token_detectors() if _LONG_TOKEN.search(text) else _gated_detectors()
    for name, patterns, gate in detectors:
        if isinstance(gate, str):
            if gate not in text:
                continue
        elif gate is not None and not gate.search(text):
            continue
        for pattern in patterns:
            for m in pattern.finditer(text):
                found.append(Finding(name, *_secret_span(text, m, name in _EXTRA)))
    if "://" in text and "@" in text:
        found += [Finding("URLCredentialsDetector", *m.span()) for m in _URL_CREDENTIALS.finditer(text)]
    lowered = text.lower()
    if (("=" in text or ":" in text) and any(k in lowered for k in _ASSIGN_KEYWORDS)
            and (not text.isascii() or _ASSIGN_GATE.search(lowered))):
        for m in _ASSIGNMENT.finditer(text):
            group = "quoted" if m.group("quoted") is not None else "bare"
            found.append(Finding("PasswordAssignmentDetector", *m.span(group)))
    if found and "[" in text:
        spans = [m.span() for m in _PLACEHOLDER_RE.finditer(text)]
        found = [f for f in found if not any(f.start < e and s < f.end for s, e in spans)]
    return _non_overlapping(found)


_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-+/=.")


def _secret_span(text: str, m: re.Match, exact: bool) -> tuple[int, int]:
    """The span to redact for a plugin match.

    Some plugins capture the secret in group 1 after some context (the AWS
    secret-key rule: `aws...key = "<40 chars>"`); others capture a prefix
    (GitHub's `(ghp|gho|...)_`), or end lazily (JWT stops before the
    signature), or include the delimiter around the token (Artifactory). So:
    a group of 16+ characters is the secret; otherwise take the whole match,
    trimmed to and then extended over token characters, leaving no residue.
    """
    if exact:
        return m.span()
    if m.re.groups and m.group(1) and len(m.group(1)) >= 16:
        return m.span(1)
    start, end = m.span()
    while start < end and text[start] not in _TOKEN_CHARS:
        start += 1
    while end > start and text[end - 1] not in _TOKEN_CHARS:
        end -= 1
    while end < len(text) and text[end] in _TOKEN_CHARS:
        end += 1
    while start > 0 and text[start - 1] in _TOKEN_CHARS:
        start -= 1
    return start, end


# On equal spans a format-specific detector names the finding, not a generic rule.
_GENERIC = {"URLCredentialsDetector": 1, "PasswordAssignmentDetector": 2}


def _non_overlapping(found: list[Finding]) -> list[Finding]:
    return spans.first_wins(found, key=lambda f: (f.start, -(f.end - f.start), _GENERIC.get(f.detector, 0), f.detector))


def redact_secrets(text: str) -> tuple[str, list[Finding]]:
    """(`text` with each secret replaced by `[SECRET:<detector>]`, the findings)."""
    findings = find_secrets(text)
    if not findings:
        return text, findings
    return spans.replace(text, findings, lambda f: PLACEHOLDER.format(name=f.detector)), findings
