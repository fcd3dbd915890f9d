"""Secret detection and redaction.

Two kinds of detector. Token formats: detect-secrets (Yelp) regex plugins,
maintained as providers change formats, plus what it lacks: whole private-key
blocks (its plugin sees only the header line), Google, Hugging Face, Anthropic
and new-style OpenAI keys, GitHub fine-grained tokens, AWS session tokens. The
long tail of prefixed provider tokens is the Kingfisher pass's job
(hygiene/scanner.py), not this module's. Contexts, which a format scanner does
not see: credentials in URLs (the whole `user:password@`, `redis://:pw@` too)
and `curl -u`, `Authorization:` headers and bare `Bearer` tokens (the whole
value after the scheme), Docker `config.json` auths, Kubernetes Secret
manifests (every value under data/stringData), AWS secret access keys next to
an AWS word or key id, Azure SAS signatures, and `password = ...` style
assignments in many languages (Go `var t string =`, PHP `.=`, Make
`?=`/`::=`/`:::=`, XML elements, `os.environ[...] =`,
`setdefault`/`setProperty(name, value)`, upper-case `FOO_KEY` names,
`key="<token>"` keyword arguments). Azure Storage and Cosmos DB `AccountKey=`
(88 characters) is detect-secrets' AzureStorageKeyDetector.

Precision. detect-secrets' entropy and keyword plugins are not used: on the
built-in data they flag ordinary prose and code far above the
1-per-10,000-rows false-flag budget. A context value must also look like a
secret, not like code or a template: `${DB_PASSWORD}`, `{{ secrets.X }}`,
`<your-key>`, `%(password)s`, `YOUR_API_KEY`, `os.environ[...]`, `getenv(...)`,
`f"Bearer {token}"`, `nn.Parameter(...)`, `NextToken`, `<pad>` all stay. The
built-in data (82k rows) has no flag either way; on a stress set of real code,
150k 30-line chunks of this venv's site-packages (botocore's API models and
examples, tokenizer configs, tests), the assignment detector went from 4,867
findings (mostly `"output_token": "NextToken"`, `pad_token="<pad>"`,
`self.cls_token = nn.Parameter(...)`) to 24, nearly all example credentials
in AWS's docs and test fixtures. AWS key ids need exact boundaries and a
base32 body: unbounded, the plugin read `ACCA...` runs inside DNA sequences
as key ids and redacted whole genes.

Published example keys (AWS's `AKIAIOSFODNN7EXAMPLE` and
`wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`) are flagged like real ones
(tested): a scanner cannot tell an example from a key that merely ends in
EXAMPLE, and redacting documentation samples costs the training data nothing.
Examples outside the real alphabet (`AKIAI44QH8DHBEXAMPLE`: 8 is not base32)
are not key ids and stay.

Speed: running ~40 regexes over every row costs ~23 s per 100k rows. Every
token format above contains a run of at least 20 token characters, which prose
almost never does, so `_LONG_TOKEN` gates them (~1 s per 100k rows); the few
formats with shorter minimal matches carry their own literal gates, and each
context detector sits behind the literals its context needs (`://`,
`authorization`, `curl`, `"auth"`, `Secret`, `sig=`, a credential word). On a
shared 2-core host the context detectors cost +8% over the built-in rows as
clean calls it (short strings memoised: 2.58 -> 2.79 s for 82k rows, best of
5) and +20% over every string unmemoised (6.95 -> 8.31 s). The test corpus
has one planted secret per detector, so a gate that hid a detector would fail
a test.

A finding carries the detector name and the span, never the value in a message.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterator

from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class
from detect_secrets.plugins.base import RegexBasedDetector

from ech0.data.hygiene import spans

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

# A real AWS key id is exactly 20 characters, a 4-character prefix and 16 of
# base32 (A-Z2-7), with no token character either side. The plugin's own
# pattern, `(?:A3T[A-Z0-9]|ABIA|ACCA|AKIA|ASIA)[0-9A-Z]{16}` with no
# boundaries, matched inside upper-case DNA (`...ACCAGT...` runs) and the span
# then grew over the whole sequence. `=` may precede it (`KEY=AKIA...`), and
# `/` (`arn:aws:kms:...:key/AKIA...`, URL paths).
_AWS_KEY_ID = re.compile(r"(?<![A-Za-z0-9+_])(?:A3T[A-Z0-9]|ABIA|ACCA|AKIA|ASIA)[A-Z2-7]{16}(?![A-Za-z0-9+/_])")


def _aws_key_id_ok(m: re.Match) -> bool:
    # 16 random base32 characters show ~13 distinct ones, fewer than 7 has
    # probability 1.5e-6; a DNA primer (ACGT), `AKIAXXXXXXXXXXXXXXXX` and
    # other fill show at most 5.
    return len(set(m.group()[4:])) >= 7


def _hf_token_ok(m: re.Match) -> bool:
    # Mixed case: 34 random alphanumerics hold 3+ of each case with probability
    # > 99.999%; an all-lower-case identifier of the same length has none.
    body = m.group()[3:]
    return sum(c.isupper() for c in body) >= 3 and sum(c.islower() for c in body) >= 3


_EXTRA = {
    "PrivateKeyBlockDetector": [
        re.compile(r"-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY( BLOCK)?-----[\s\S]*?-----END \1PRIVATE KEY( BLOCK)?-----"),
        # An unterminated block (truncated paste): header plus its base64 body.
        re.compile(r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----(?:[ \t]*\r?\n?[ \t]*[A-Za-z0-9+/=]{4,})*"),
    ],
    "GoogleApiKeyDetector": [re.compile(r"AIza[0-9A-Za-z_\-]{35}")],
    # hf_ + 34 mixed-case alphanumerics, bounded: `hf_hub_download_with_retries`
    # style identifiers have underscores, all-lower-case runs fail _hf_token_ok.
    "HuggingFaceTokenDetector": [re.compile(r"(?<![A-Za-z0-9_\-])hf_[A-Za-z0-9]{34}(?![A-Za-z0-9_\-])")],
    "AnthropicKeyDetector": [re.compile(r"\bsk-ant-[A-Za-z0-9_\-]{20,}")],
    "OpenAIProjectKeyDetector": [re.compile(r"\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_\-]{20,}")],
    "GitHubFineGrainedTokenDetector": [re.compile(r"\bgithub_pat_[A-Za-z0-9_]{22,}")],
    "StripeTestKeyDetector": [re.compile(r"\b(?:sk|rk)_test_[0-9a-zA-Z]{24,}")],
    # STS session tokens are protobuf, so their base64 starts with a fixed
    # header: "!\n\torigin_ec", "\x17\n\x06er/aws", "\x01\n\x03aws"; AQoEXAMP
    # is the documentation's. Real ones run 300-1,200 characters.
    "AWSSessionTokenDetector": [re.compile(
        r"(?<![A-Za-z0-9+/])(?:IQoJb3JpZ2lu|FwoGZXIvYXdz|FQoGZXIvYXdz|AQoDYXdz|AQoEXAMP)[A-Za-z0-9+/]{100,}+={0,2}")],
}
_EXTRA_GATES = {"PrivateKeyBlockDetector": "PRIVATE KEY"}
# Token detectors whose matches must also pass a check.
_VALIDATORS: dict[str, Callable[[re.Match], bool]] = {
    "AWSKeyDetector": lambda m: m.re is not _AWS_KEY_ID or _aws_key_id_ok(m),
    "HuggingFaceTokenDetector": _hf_token_ok,
}


@dataclass(frozen=True)
class Finding:
    detector: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _token_detectors() -> tuple[tuple[str, tuple[re.Pattern, ...], re.Pattern | str | None, bool], ...]:
    """(name, patterns, gate, exact span) for every token-format detector, in a stable order."""
    out = []
    for cls in sorted(get_mapping_from_secret_type_to_class().values(), key=lambda c: c.__name__):
        if issubclass(cls, RegexBasedDetector) and cls.__name__ not in _SKIP_PLUGINS:
            patterns = tuple(cls.denylist)
            if cls.__name__ == "AWSKeyDetector":  # the key-id pattern, bounded; its secret-key pattern as is
                patterns = (_AWS_KEY_ID,) + patterns[1:]
            out.append((cls.__name__, patterns, _SHORT_GATES.get(cls.__name__), False))
    for name, patterns in _EXTRA.items():
        out.append((name, tuple(patterns), _EXTRA_GATES.get(name), True))
    return tuple(out)


@lru_cache(maxsize=1)
def _gated_detectors():
    return tuple(d for d in _token_detectors() if d[2] is not None)


_CONTEXT_NAMES = ("URLCredentialsDetector", "PasswordAssignmentDetector", "AuthorizationHeaderDetector",
                  "CurlUserCredentialsDetector", "DockerConfigAuthDetector", "KubernetesSecretDetector",
                  "AWSSecretAccessKeyDetector", "AzureSasTokenDetector", "CommandLinePasswordDetector",
                  "SqlPasswordDetector")


def detector_names() -> list[str]:
    return [n for n, _, _, _ in _token_detectors()] + list(_CONTEXT_NAMES)


def find_secrets(text: str) -> list[Finding]:
    """Every secret in `text`, as non-overlapping spans (earliest, then longest, then most specific)."""
    if len(text) < 8:  # shorter than any format here, e.g. `pwd="abcd"`
        return []
    found: list[Finding] = []
    # Without a 20+ character token only the gated detectors can match.
    long_token = _LONG_TOKEN.search(text) is not None
    for name, patterns, gate, exact in _token_detectors() if long_token else _gated_detectors():
        if isinstance(gate, str):
            if gate not in text:
                continue
        elif gate is not None and not gate.search(text):
            continue
        valid = _VALIDATORS.get(name)
        for pattern in patterns:
            for m in pattern.finditer(text):
                if valid is None or valid(m):
                    found.append(Finding(name, *_secret_span(text, m, exact)))
    # Context detectors, each behind the literals its context needs: one `in`
    # costs ~0.3 us on an average built-in text, a call into a finder ~1 us.
    lowered = text.lower()
    if "://" in text and "@" in text:
        found += _findings("URLCredentialsDetector", _find_url_credentials(text))
    if ("key" in lowered or "token" in lowered or "pass" in lowered or "secret" in lowered or "pwd" in lowered
            or "cred" in lowered):
        found += _findings("PasswordAssignmentDetector", _find_assignments(text, lowered))
    if "authorization" in lowered or (long_token and "earer" in text):
        found += _findings("AuthorizationHeaderDetector", _find_authorization(text, lowered, long_token))
    if "curl" in text:
        found += _findings("CurlUserCredentialsDetector", _find_curl_user(text))
    if ("pass" in lowered and "--" in text) or "mysql" in lowered or "mariadb" in lowered:
        found += _findings("CommandLinePasswordDetector", _find_cli_password(text, lowered))
    if "identified" in lowered or "password '" in lowered or 'password "' in lowered:
        found += _findings("SqlPasswordDetector", _find_sql_password(text))
    if '"auth"' in text:
        found += _findings("DockerConfigAuthDetector", _find_docker_auth(text))
    if "Secret" in text and "kind" in text:
        found += _findings("KubernetesSecretDetector", _find_k8s_secret(text))
    if long_token and ("secret" in lowered or "aws" in lowered or "AKIA" in text or "ASIA" in text):
        found += _findings("AWSSecretAccessKeyDetector", _find_aws_secret_key(text))
    if "sig=" in text:
        found += _findings("AzureSasTokenDetector", _find_azure_sas(text))
    if found and "[" in text:
        spans_ = [m.span() for m in _PLACEHOLDER_RE.finditer(text)]
        found = [f for f in found if not any(f.start < e and s < f.end for s, e in spans_)]
    return _non_overlapping(found)


# --- value checks shared by the context detectors ---------------------------------------------

# A value that is a template, an example slot or a redaction, not a secret.
# `^1*tchar`: an ABNF repetition (RFC 9110 `token = 1*tchar`), not a password.
# `xxxx` and `your` only in one case each: a random 12-character password holds
# `XxXx` or `yOUr` in any mix of cases about 1 time in 100,000 (3 planted URL
# passwords in 100,000 were let through as templates before `your` was cased).
_TEMPLATE = re.compile(
    r"""(?ix) \$\{ | \{\{ | \}\} | \{\w*\} | \$\( | %\( | <[^<>]*> | \.\.\. | \u2026 | \*{3,} | (?-i:x{4,}|X{4,}) | \[SECRET:
    | ^\$[A-Za-z_] | ^\d*\*[A-Za-z(] | ^%[sdr]$ | ^\{[^{}]*\}$ | ^\[[^\[\]]*\]$ | ^\#[0-9a-f]{3,8}$
    | (?-i:your|Your|YOUR)[_\-\s]? | placeholder | redacted | replace[_\-]?(?:me|with) | insert[_\-]
    | ^(?:none|null|nil|true|false|undefined|required|optional|string|str|bytes|empty|unset|include|omit)$""")
# Only letters and separators around a credential word: `mynewpassword`,
# `fal-ai-api-key`, `aws_access_key_id`, `next_token` name the secret, they are not one.
_SELF_NAMED = re.compile(r"(?i)[a-z_\-. ]*(?:pass|pwd|secret|token|key|cred|auth)[a-z_\-. ]*")
# For tokens, digits too (`PKCS7PrivateKeyTypes`, `ABCSECRETKEY1`): a random
# 20-character token holds one of these words with probability ~1e-4.
_SELF_NAMED_TOKEN = re.compile(r"(?i)[a-z0-9_\-. ]*(?:pass|pwd|secret|token|key|cred|auth)[a-z0-9_\-. ]*")
# Two or more identifier words (`cache_v2`, `model.layers.0.attn`, `self.tok2.pad`):
# code or a name, not a token. A random token's segments mix letters and digits.
_IDENT_CHAIN = re.compile(r"(?:[A-Za-z]+\d*|\d+)(?:[_.\-:](?:[A-Za-z]+\d*|\d+))+")
# A file path: `~/.ssh/id_rsa`, `./creds`, `/etc/app/conf` (lower case: a base64
# token may start with `/` too), `data/2019/part-0.parquet`, `creds.json`.
_PATH = re.compile(r"(?:~|\.{1,2}|[A-Za-z]:)[/\\].*|(?:/[a-z0-9_.\-]+)+/?|.*[/\\].*\.[A-Za-z][A-Za-z0-9]{0,7}"
                   r"|[\w\-]+\.[A-Za-z]{1,5}")


def _random_case(s: str, min_letters: int = 20) -> bool:
    """Mixed case the way random text mixes it: 25-75% of the letters upper case.
    camelCase words run 10-20%, CONSTANT_CASE 100%; 34 random letters fall
    outside the band with probability ~0.1%."""
    letters = [c for c in s if c.isalpha()]
    if len(letters) < min_letters:
        return False
    upper = sum(c.isupper() for c in letters)
    return 0.25 <= upper / len(letters) <= 0.75


def _looks_like_token(value: str, min_len: int) -> bool:
    """A machine-made secret: letters and digits (or a long random-case run), not a
    template, an identifier chain, a path or a URL."""
    core = value.rstrip("=")
    if (len(core) < min_len or _TEMPLATE.search(core) or _SELF_NAMED_TOKEN.fullmatch(core)
            or _IDENT_CHAIN.fullmatch(core) or _PATH.fullmatch(core) or "://" in core):
        return False
    if any(c.isdigit() for c in core) and any(c.isalpha() for c in core):
        return True
    return _random_case(core)


def _looks_like_password(value: str) -> bool:
    """A human-chosen secret: any 4+ characters that are not a template, a
    reserved word, a path or the credential's own name."""
    return not (len(value) < 4 or _TEMPLATE.search(value) or _SELF_NAMED.fullmatch(value)
                or _PATH.fullmatch(value) or "://" in value)


def _b64_credentials(value: str) -> bool:
    """base64 of printable `user:password`, the shape of Basic auth and Docker auths."""
    try:
        raw = base64.b64decode(value + "=" * (-len(value) % 4), validate=True)
        decoded = raw.decode("utf-8")
    except (binascii.Error, ValueError):
        return False
    user, sep, password = decoded.partition(":")
    return bool(sep and password) and decoded.isprintable()


# --- URLs and curl -----------------------------------------------------------------------------

# scheme://user:password@host -> the whole userinfo is a credential. The user
# may be empty: `redis://:password@host` (Redis AUTH has a password only).
_URL_CREDENTIALS = re.compile(r"(?<=://)[^\s:/?#@\[\]]*:[^\s/?#@]+(?=@)")


def _find_url_credentials(text: str) -> Iterator[tuple[int, int]]:
    for m in _URL_CREDENTIALS.finditer(text):
        if not _TEMPLATE.search(m.group().partition(":")[2]):
            yield m.span()


# `curl [...] -u user:pass` / `--user user:pass` / `-uuser:pass`. The option
# must follow `curl` on its command line (backslash continuations included,
# no `|` or `;` between): `-u` also means "unique" (sort), "set upstream" (git
# push) and "uid:gid" (docker run -u 1000:1000). Found option first, then
# looked back for `curl`: a lazy `curl.*?-u` pattern rescans the line from
# every `curl` in it (quadratic: 4.5 s on a 35 KB line of `curl x`).
_CURL_USER = re.compile(
    r"""(?<=\s)(?:-u[ \t]*|--user(?:[ \t]+|=))"""
    r"""(?:(?P<q>["'])(?P<qv>[^"'\n:]*:[^"'\n]+)(?P=q)|(?P<v>[^\s"':]*:[^\s"']+))""")
_CURL_WORD = re.compile(r"(?<![\w\-])curl\b")


def _find_curl_user(text: str) -> Iterator[tuple[int, int]]:
    if "-u" in text or "--user" in text:
        for m in _CURL_USER.finditer(text):
            group = "v" if m.group("v") is not None else "qv"
            if _TEMPLATE.search(m.group(group).partition(":")[2]):
                continue
            line_start = text.rfind("\n", 0, m.start())
            while line_start > 0 and text[line_start - 1 - (text[line_start - 1] == "\r")] == "\\":
                line_start = text.rfind("\n", 0, line_start - 1)
            curl = text.rfind("curl", line_start + 1, m.start())
            while curl >= 0 and not _CURL_WORD.match(text, curl):  # `curly`, `libcurl`
                curl = text.rfind("curl", line_start + 1, curl)
            if curl >= 0 and not any(c in text[curl:m.start()] for c in "|;"):
                yield m.span(group)


# --- Command-line options and SQL -------------------------------------------------------------

# `--password V`, `--db-password=V`, `--passwd 'V'` on any command line: the
# option names itself, so no program word is needed. The value must not be
# another option or a file (`--password-file`, `--password -h host`). MySQL's
# and PostgreSQL's clients are the exception: their bare `--password` asks
# for a prompt, so `mysql --password mydb` names a database, not a secret.
_CLI_PASSWORD = re.compile(
    r"""(?<![\w-])--[a-z0-9-]*pass(?:word|wd|phrase)(?![\w-])(?P<sep>[ \t]+|=)"""
    r"""(?:(?P<q>["'])(?P<qv>[^"'\n]+)(?P=q)|(?P<v>[^\s"'-][^\s"';|&)]*))""", re.IGNORECASE)
# MySQL's attached `-pV` (`mysql -u root -pS3cret db`): only after a MySQL
# client on the same line, since `-p` is also `mkdir -p`, `ssh -p 22` and `cp -p`.
_MYSQL_P = re.compile(r"""(?<=\s)-p(?:(?P<q>["'])(?P<qv>[^"'\n]+)(?P=q)|(?P<v>[^\s"'][^\s"';|&)]*))""")
_MYSQL_WORD = re.compile(r"(?<![\w\-])(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlsh|mariadb|mariadb-dump)\b")
_PROMPTING_CLIENT = re.compile(r"(?<![\w\-])(?:mysql\w*|mariadb[\w-]*|psql|pg_\w+|createdb|createuser)\b")


def _line_before(text: str, at: int) -> str:
    return text[text.rfind("\n", 0, at) + 1:at]


def _find_cli_password(text: str, lowered: str) -> Iterator[tuple[int, int]]:
    if "--" in text and "pass" in lowered:
        for m in _CLI_PASSWORD.finditer(text):
            group = "v" if m.group("v") is not None else "qv"
            if not _looks_like_password(m.group(group)):
                continue
            if m.group("sep") != "=" and _PROMPTING_CLIENT.search(_line_before(text, m.start())):
                continue
            yield m.span(group)
    if "-p" in text and ("mysql" in lowered or "mariadb" in lowered):
        for m in _MYSQL_P.finditer(text):
            group = "v" if m.group("v") is not None else "qv"
            line = _line_before(text, m.start())
            client = _MYSQL_WORD.search(line)
            if client and _looks_like_password(m.group(group)) and not any(c in line[client.start():] for c in "|;"):
                yield m.span(group)


# `CREATE USER 'app'@'%' IDENTIFIED BY 'V'` (MySQL), `IDENTIFIED WITH
# mysql_native_password BY 'V'`, `CREATE ROLE app WITH LOGIN PASSWORD 'V'`,
# `ALTER USER app WITH ENCRYPTED PASSWORD 'V'` (PostgreSQL). A quoted literal
# only: `PASSWORD NULL` and `IDENTIFIED BY :pw` (a bind variable) hold none.
_SQL_PASSWORD = re.compile(
    r"""(?i)\b(?:identified\s+(?:with\s+\w+\s+)?by(?:\s+password)?|(?:login\s+|with\s+|encrypted\s+)password)"""
    r"""\s+(?P<q>['"])(?P<v>[^'"\n]{1,200})(?P=q)""")


def _find_sql_password(text: str) -> Iterator[tuple[int, int]]:
    for m in _SQL_PASSWORD.finditer(text):
        if _looks_like_password(m.group("v")):
            yield m.span("v")


# --- Authorization headers ---------------------------------------------------------------------

_AUTH_VALUE = r"(?P<v>[A-Za-z0-9\-._~+/]++=*+)(?![\w${(<%])"
# `Authorization: Bearer <v>`, `-H "Authorization: Basic <v>"`,
# `headers={"Authorization": "token <v>"}`, `.set("Authorization", "Bearer <v>")`.
# The value must end there: `f"Bearer {token}"`, `"Bearer " + token`,
# `Bearer ${TOKEN}` and `Bearer <token>` have none.
_AUTH_HEADER = re.compile(
    r"""(?i)(?<![A-Za-z0-9_:])authorization["']?\s*[:=,]\s*(?:[fbr]?["'`])?\s*"""
    r"""(?:(?P<scheme>bearer|basic|token|bot|api-?key|sso-key|ssws|oauth|jwt)[ \t]+)?""" + _AUTH_VALUE)
_BEARER = re.compile(r"(?<![A-Za-z0-9_\-])[Bb]earer[ \t]+" + _AUTH_VALUE)


def _find_authorization(text: str, lowered: str, long_token: bool) -> Iterator[tuple[int, int]]:
    if "authorization" in lowered:
        for m in _AUTH_HEADER.finditer(text):
            scheme, value = (m.group("scheme") or "").lower(), m.group("v")
            if ((scheme == "basic" and _b64_credentials(value))
                    or _looks_like_token(value, 8 if scheme else 20)):
                yield m.span("v")
    # A bare `Bearer <token>` (logs, docs) needs 20+ characters: "bearer" is a word.
    if long_token and "earer" in text:
        for m in _BEARER.finditer(text):
            if _looks_like_token(m.group("v"), 20):
                yield m.span("v")


# --- Docker config.json, Kubernetes Secret ---------------------------------------------------

# ~/.docker/config.json: {"auths": {"registry": {"auth": "<base64 of user:password>"}}}.
_DOCKER_AUTH = re.compile(r'"auth"\s*:\s*"(?P<v>[A-Za-z0-9+/]{4,}={0,2})"')


def _find_docker_auth(text: str) -> Iterator[tuple[int, int]]:
    for m in _DOCKER_AUTH.finditer(text):
        if _b64_credentials(m.group("v")):
            yield m.span("v")


_YAML_DOC_SEP = re.compile(r"(?m)^---[ \t]*(?:#.*)?$")
_K8S_KIND = re.compile(r"""(?m)^[ \t]*(?:-[ \t]+)?["']?kind["']?[ \t]*:[ \t]*["']?Secret["']?[ \t]*,?[ \t]*(?:#.*)?$""")
_K8S_DATA = re.compile(r"(?m)^(?P<indent>[ \t]*)(?:data|stringData):[ \t]*(?:#.*)?$")
_K8S_ENTRY = re.compile(r"""(?P<indent>[ \t]+)["']?[\w.\-]+["']?[ \t]*:[ \t]*(?P<v>.*?)[ \t]*(?:[ \t]#.*)?""")
# JSON manifests: "data": {"password": "<v>", ...}
_K8S_JSON_DATA = re.compile(r"""["'](?:data|stringData)["']\s*:\s*\{(?P<body>[^{}]*)\}""")
_K8S_JSON_ENTRY = re.compile(r"""["'][\w.\-]+["']\s*:\s*(?P<q>["'])(?P<v>[^"']+)(?P=q)""")


def _find_k8s_secret(text: str) -> Iterator[tuple[int, int]]:
    """Every value under `data:` / `stringData:` of a `kind: Secret` document,
    whatever it looks like: the manifest says it is secret. Helm templates
    (`{{ .Values.password | b64enc }}`) are templates, not values."""
    bounds = [0] + [p for m in _YAML_DOC_SEP.finditer(text) for p in (m.start(), m.end())] + [len(text)]
    for start, end in zip(bounds[::2], bounds[1::2]):
        doc = text[start:end]
        if not _K8S_KIND.search(doc):
            continue
        for m in _K8S_DATA.finditer(doc):
            yield from ((start + s, start + e) for s, e in _yaml_block_values(doc, m.end(), len(m.group("indent"))))
        for m in _K8S_JSON_DATA.finditer(doc):
            for e in _K8S_JSON_ENTRY.finditer(m.group("body")):
                if not _TEMPLATE.search(e.group("v")):
                    yield start + m.start("body") + e.start("v"), start + m.start("body") + e.end("v")


def _yaml_block_values(doc: str, pos: int, indent: int) -> Iterator[tuple[int, int]]:
    """Spans of the scalar values of the mapping that starts on the line after `pos`
    and is indented deeper than `indent`; block scalars (`|`, `>-`) whole."""
    offsets, texts, at = [], [], pos
    for line in doc[pos:].split("\n"):
        offsets.append(at)
        texts.append(line)
        at += len(line) + 1
    i, n = 1, len(texts)  # texts[0] is the rest of the `data:` line
    while i < n:
        line = texts[i]
        if not line.strip() or line.lstrip().startswith("#"):
            i += 1
            continue
        m = _K8S_ENTRY.fullmatch(line)
        if m is None or len(m.group("indent")) <= indent:
            return
        own = len(m.group("indent"))
        value = m.group("v")
        i += 1
        if value[:1] in "|>" and re.fullmatch(r"[|>][+\-]?\d?", value):
            first = last = None
            while i < n and (not texts[i].strip() or len(texts[i]) - len(texts[i].lstrip()) > own):
                if texts[i].strip():
                    first = first if first is not None else offsets[i] + len(texts[i]) - len(texts[i].lstrip())
                    last = offsets[i] + len(texts[i].rstrip())
                i += 1
            if first is not None:
                yield first, last
            continue
        if value[:1] in "\"'" and value[-1:] == value[:1] and len(value) >= 2:
            s = offsets[i - 1] + m.start("v") + 1
            value = value[1:-1]
        else:
            s = offsets[i - 1] + m.start("v")
        if value and not _TEMPLATE.search(value):
            yield s, s + len(value)


# --- AWS secret access keys, Azure SAS ---------------------------------------------------------

# 40 characters of base64 standing alone. `=` may precede it (an assignment)
# but not follow it (that is the padding of a longer blob); `_`, `-` and `.`
# join it to a longer token: `lin_api_` + 40 is a Linear key, not an AWS one.
_AWS_SECRET = re.compile(r"(?<![A-Za-z0-9+/_.\-])[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/=_\-])")
# "aws" or "secret" as a word or name part (`AWS_SECRET`, `SecretAccessKey`,
# `aws_secret`); not "laws", "draws", "secretary", "secretly".
_AWS_CONTEXT = re.compile(r"(?<![A-Za-z])(?:aws|Aws|AWS|secret|Secret|SECRET)(?![a-rt-z])")


def _find_aws_secret_key(text: str) -> Iterator[tuple[int, int]]:
    """A 40-character AWS secret access key outside an assignment (CSV exports,
    `aws configure` transcripts, prose) when an AWS key id, "aws" or "secret"
    is within 100 characters before it or 60 after it."""
    for m in _AWS_SECRET.finditer(text):
        v = m.group()
        # 40 random base64 characters hold a digit, fewer than 4 slashes and
        # 20-80% upper-case letters with probability > 99.5%; a SHA-1 (lower
        # hex), a path (`/properties/CaCertificatesBundleS3Bucket`: 13%) or a
        # CONSTANT_CASE run does not. AWS's EXAMPLEKEY sample has 73%.
        letters = [c for c in v if c.isalpha()]
        upper = sum(c.isupper() for c in letters)
        if not any(c.isdigit() for c in v) or v.count("/") >= 4 or not 0.2 <= upper / max(len(letters), 1) <= 0.8:
            continue
        s, e = m.span()
        window = text[max(0, s - 100):s] + " " + text[e:e + 60]
        if _AWS_CONTEXT.search(window) or _AWS_KEY_ID.search(window):
            yield s, e


# A SAS URL's signature: `...?sv=2022-11-02&ss=b&sp=r&se=...&sig=<url-encoded base64>`.
# Only sig is secret; the other fields say what it grants.
_SAS_SIG = re.compile(r"(?<=[?&;])sig=(?P<v>[A-Za-z0-9%+/=]++)")
_SAS_FIELD = re.compile(r"[?&;](?:sv|se|st|sp|sr|spr|srt|ss|skoid|sktid)=")


def _find_azure_sas(text: str) -> Iterator[tuple[int, int]]:
    for m in _SAS_SIG.finditer(text):
        s, e = m.span("v")
        decoded = re.sub(r"%[0-9A-Fa-f]{2}", "=", m.group("v"))  # %2B %2F %3D: one character each
        if (len(decoded) >= 20 and not _TEMPLATE.search(m.group("v"))
                and _SAS_FIELD.search(text, max(0, s - 600), min(len(text), e + 300))):
            yield s, e


# --- assignments -------------------------------------------------------------------------------

# `password = "..."`, `DB_PASSWORD=...`, `"api_key": "..."` and their cousins
# in other languages. Which name matched sets how secret-like the value must
# look: a password is any 4+ non-template characters; a token or key needs
# digits (or a long random-case run) and must not be an identifier chain, so
# `"output_token": "NextToken"`, `pad_token="<pad>"` and `cache_key = "user_v2"` stay.
# SECRET_KEY is human-made as often as not (Django's 50 characters include `!@#$%^&*(-_=+)`).
_STRONG_NAMES = r"password|passwd|passphrase|pwd|secret|secret[_\-]?key|client[_\-]?secret"
_TOKEN_NAMES = (r"api[_\-]?key|access[_\-]?key|private[_\-]?key|auth[_\-]?token|access[_\-]?token"
                r"|refresh[_\-]?token|bearer[_\-]?token|credentials?|token")
# A name ending in the credential word, starting where a run of name characters
# starts: starting mid-run finds nothing new and, with the lazy prefix, made a
# 14 KB `api_keyapi_key...` line take 4.5 s (quadratic; 0.01 s now). Not after
# ':' (`AWS::SecretsManager::Secret` schema keys, `arn:...:secret:name` ARNs). Upper-case `KEY` (OPENAI_KEY, STRIPE_KEY,
# AZURE_OPENAI_KEY) counts; lower-case `cache_key`, `sort_key` do not.
_NAME_BODY = (r"[A-Za-z0-9_.\-]*?"
              rf"(?:(?P<strong>{_STRONG_NAMES})|(?P<tok>{_TOKEN_NAMES})|(?P<upkey>(?-i:KEY)))(?![A-Za-z0-9_])")
_NAME = r"(?<![A-Za-z0-9_.\-:])" + _NAME_BODY
# After the name: a closing subscript (`os.environ["X_TOKEN"] =`, `ENV['KEY'] =`)
# or a type (`var t string =`, `api_key: str =`, `let k: &str =`, `val k: String =`).
_SUBSCRIPT_OR_TYPE = r"""(?:["']?\s*\]|["'])?(?:\s*:?\s*(?:string|str|&(?:'static\s+)?str|\[\]byte))?"""
# = := :: ::= :::= ?= .= => and YAML/JSON `:`.
_OPERATOR = r"(?::{1,3}=|[?.]=|=>|=|:)"
# Quoted: anything up to the quote without spaces; bare: up to a space, quote,
# comma, semicolon or bracket, and not followed by `(` or `[` (a call or subscript).
_VALUE = r"""(?:(?P<q>["'`])(?P<quoted>[^"'`\s]{1,200})(?P=q)|(?P<bare>[^\s"'`,;(){}\[\]<>]{1,200}+)(?![(\[{<]))"""
_ASSIGNMENT = re.compile(rf"(?i){_NAME}{_SUBSCRIPT_OR_TYPE}\s*{_OPERATOR}\s*{_VALUE}")
# Every _ASSIGNMENT match holds one of its keywords' last words right before
# the operator. "key" and "token" are ordinary words in ML text (17% of built-in
# texts pass the keyword literals in find_secrets), and the full pattern, which tries its
# lazy prefix at every position, cost ~100 us per such text; this search on the
# lower-cased text costs ~6 us. ASCII only: (?i) also folds a few non-ASCII
# letters (the Kelvin sign, the long s) that lower() leaves alone.
_ASSIGN_GATE = re.compile(rf"(?:password|passwd|passphrase|pwd|secret|key|token|credentials?){_SUBSCRIPT_OR_TYPE}"
                          rf"\s*{_OPERATOR}")
# setdefault("HF_TOKEN", "v"), System.setProperty("FOO_TOKEN", "v"), os.Setenv,
# and a default that is itself the secret: os.getenv("API_KEY", "v").
_CALL_ASSIGNMENT = re.compile(
    r"""(?i)(?:setdefault|setproperty|setenv|putenv|getenv|environ\.get|getproperty)\(\s*(?P<nq>["'])"""
    r"""(?P<name>[A-Za-z0-9_.\-]+)(?P=nq)\s*,\s*(?P<q>["'])(?P<quoted>[^"'`\s]{1,200})(?P=q)""")
_NAME_ONLY = re.compile(rf"(?i){_NAME}")
# <password>\n  v\n</password>, <apiKey>v</apiKey>, <db.password type="x">v</db.password>;
# .NET config: <add key="ApiKey" value="v"/>.
_XML_ELEMENT = re.compile(
    rf"(?i)<(?P<tag>{_NAME_BODY})(?:\s[^<>]*)?>\s*(?P<quoted>[^<>\s]{{1,200}})\s*</(?P=tag)\s*>")
_XML_ADD = re.compile(r"""(?i)<add\s+key\s*=\s*"(?P<name>[^"]{1,100})"\s+value\s*=\s*"(?P<quoted>[^"\s]{1,200})\"""")
# wandb.login(key="<40 hex>"), Client(key="..."): a bare `key` keyword argument
# holds a token as often as a dict key or a path, so its value must look like one.
_KEY_KWARG = re.compile(r"""(?<![\w.])key\s*=\s*(?P<q>["'])(?P<quoted>[^"'`\s]{16,200})(?P=q)""")


# Tokens that are not credentials, by the word before "token": pagination and
# idempotency (`NextToken`, `ChangeToken`, `ClientRequestToken`), a tokenizer's
# special tokens (`pad_token`, `eos_token`), .NET's `publicKeyToken`, rate
# limiters' buckets. On the site-packages stress set these were ~3,000 findings.
_NOT_SECRET_TOKEN = frozenset(
    "next page continuation pagination change update client request idempotency action cursor marker public "
    "input output start end stop special bos eos pad unk cls sep mask image video audio max num sync csrf xsrf "
    "sentinel bucket verification".split())
_NAME_WORDS = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")


def _names_a_non_secret_token(name: str) -> bool:
    words = [w.lower() for w in _NAME_WORDS.findall(name)]
    return len(words) >= 2 and words[-1] == "token" and (
        words[-2] in _NOT_SECRET_TOKEN or words[-3:-1] == ["public", "key"])


def _assignment_value_ok(m: re.Match, name: re.Match | None, name_text: str) -> bool:
    """Whether the value of assignment match `m` (groups quoted/bare) looks like
    a secret for the credential name `name` (groups strong/tok/upkey)."""
    if name is None:
        return False
    strong = name.group("strong") is not None
    if not strong and _names_a_non_secret_token(name_text):
        return False
    quoted = m.group("quoted")
    if quoted is not None:
        if strong:
            return _looks_like_password(quoted)
        # Brackets are code (`Jobs[-1].JobId`), not token characters.
        return "[" not in quoted and "]" not in quoted and _looks_like_token(quoted, 8)
    bare = m.group("bare")
    # Unquoted values need a letter and a digit either way (`token = tokenizer(x)`,
    # `key: 512`), and must not be an attribute or identifier chain
    # (`token = self.tok2.pad`, `secret_key = s3_connection`): that is code.
    if not (any(c.isdigit() for c in bare) and any(c.isalpha() for c in bare)) or len(bare) < 6:
        return False
    if re.fullmatch(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+", bare) or _IDENT_CHAIN.fullmatch(bare):
        return False
    return _looks_like_password(bare) if strong else _looks_like_token(bare, 6)


def _find_assignments(text: str, lowered: str) -> Iterator[tuple[int, int]]:
    if ("=" in text or ":" in text) and (not text.isascii() or _ASSIGN_GATE.search(lowered)):
        for m in _ASSIGNMENT.finditer(text):
            tier = "strong" if m.group("strong") is not None else "tok" if m.group("tok") is not None else "upkey"
            if _assignment_value_ok(m, m, text[m.start():m.end(tier)]):
                yield m.span("quoted" if m.group("quoted") is not None else "bare")
    # Literals before the regexes: 17% of built-in texts get here, the regexes
    # cost ~4 us each on them, an `in` ~0.3 us.
    if "(" in text and ("env" in lowered or "property" in lowered or "setdefault" in lowered):
        for m in _CALL_ASSIGNMENT.finditer(text):
            if _assignment_value_ok(m, _NAME_ONLY.fullmatch(m.group("name")), m.group("name")):
                yield m.span("quoted")
    if "</" in text:
        for m in _XML_ELEMENT.finditer(text):
            if _assignment_value_ok(m, m, m.group("tag")):
                yield m.span("quoted")
    if "<add" in lowered:
        for m in _XML_ADD.finditer(text):
            if _assignment_value_ok(m, _NAME_ONLY.fullmatch(m.group("name")), m.group("name")):
                yield m.span("quoted")
    if "key=" in text or "key =" in text:
        for m in _KEY_KWARG.finditer(text):
            if _looks_like_token(m.group("quoted"), 16) and any(c.isdigit() for c in m.group("quoted")):
                yield m.span("quoted")


def _findings(name: str, spans_: Iterator[tuple[int, int]]) -> list[Finding]:
    return [Finding(name, s, e) for s, e in spans_]


_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-+/=.")


def _secret_span(text: str, m: re.Match, exact: bool) -> tuple[int, int]:
    """The span to redact for a plugin match.

    Some plugins capture the secret in group 1 after some context (the AWS
    secret-key rule: `aws...key = "<40 chars>"`); others capture a prefix
    (GitHub's `(ghp|gho|...)_`), or end lazily (JWT stops before the
    signature), or include the delimiter around the token (Artifactory). So:
    a group of 16+ characters is the secret; otherwise take the whole match,
    trimmed to and then extended over token characters, leaving no residue,
    less a sentence's closing full stop.
    """
    if exact or m.re is _AWS_KEY_ID:
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
    while end > start and text[end - 1] == ".":  # no token ends in '.'; a sentence does
        end -= 1
    return start, end


# On equal spans a format-specific detector names the finding, then a context
# one, then the generic assignment rule: `Authorization: Bearer <JWT>` is a
# JwtTokenDetector finding, `password: <base64>` in a Secret manifest a
# KubernetesSecretDetector one.
_GENERIC = {"URLCredentialsDetector": 1, "AuthorizationHeaderDetector": 1, "CurlUserCredentialsDetector": 1,
            "DockerConfigAuthDetector": 1, "KubernetesSecretDetector": 1, "CommandLinePasswordDetector": 1,
            "SqlPasswordDetector": 1, "PasswordAssignmentDetector": 2}


def _non_overlapping(found: list[Finding]) -> list[Finding]:
    return spans.first_wins(found, key=lambda f: (f.start, -(f.end - f.start), _GENERIC.get(f.detector, 0), f.detector))


def redact_secrets(text: str) -> tuple[str, list[Finding]]:
    """(`text` with each secret replaced by `[SECRET:<detector>]`, the findings)."""
    findings = find_secrets(text)
    if not findings:
        return text, findings
    return spans.replace(text, findings, lambda f: PLACEHOLDER.format(name=f.detector)), findings
