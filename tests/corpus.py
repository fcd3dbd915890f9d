"""Planted secrets, PII and nasty input shared by the tests and bench/bench_data.py.

Values are built from a seeded RNG in the right format (valid Luhn and IBAN
checksums included), so no literal credential sits in the source tree and
every run plants fresh-looking values.
"""

from __future__ import annotations

import base64
import json
import random
import string

ALNUM = string.ascii_letters + string.digits
LOWER_ALNUM = string.ascii_lowercase + string.digits
UPPER_ALNUM = string.ascii_uppercase + string.digits
HEX = "0123456789abcdef"


def _r(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def _b64url(obj: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")


def luhn_complete(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return body + str((10 - total % 10) % 10)


def iban(rng: random.Random) -> str:
    bban = _r(rng, string.ascii_uppercase, 4) + _r(rng, string.digits, 14)
    numeric = "".join(str(int(c, 36)) for c in bban + "GB00")
    check = 98 - int(numeric) % 97
    return f"GB{check:02d}{bban}"


def planted_secrets(rng: random.Random) -> list[tuple[str, str, str]]:
    """(detector, text containing the secret, the secret value) for every detector."""
    jwt = ".".join([_b64url({"alg": "HS256", "typ": "JWT"}), _b64url({"sub": _r(rng, string.digits, 10)}),
                    _r(rng, ALNUM + "-_", 43)])
    pem_body = "\n".join(_r(rng, ALNUM + "+/", 64) for _ in range(4))
    items = [
        ("AWSKeyDetector", "AKIA" + _r(rng, UPPER_ALNUM, 16), "the access key id is {v} for the bucket"),
        ("ArtifactoryDetector", "AKCp" + _r(rng, ALNUM, 69), "artifactory token {v} was committed"),
        ("AzureStorageKeyDetector", "AccountKey=" + _r(rng, ALNUM + "+/", 86) + "==", "conn string: {v}"),
        ("CloudantDetector", _r(rng, HEX, 64), "cloudant_password = '{v}'"),
        ("DiscordBotTokenDetector", "M" + _r(rng, ALNUM, 23) + "." + _r(rng, ALNUM, 6) + "." + _r(rng, ALNUM, 27),
         "bot token {v} in config"),
        ("GitHubTokenDetector", "ghp_" + _r(rng, ALNUM, 36), "export GH={v}"),
        ("GitLabTokenDetector", "glpat-" + _r(rng, ALNUM, 20), "use {v} to clone"),
        ("IbmCloudIamDetector", _r(rng, ALNUM, 44), "ibm_cloud_iam_api_key: {v}"),
        ("IbmCosHmacDetector", _r(rng, HEX, 48), "cos_hmac_secret_access_key = \"{v}\""),
        ("JwtTokenDetector", jwt, "Authorization: Bearer {v}"),
        ("MailchimpDetector", _r(rng, LOWER_ALNUM, 32) + "-us12", "mailchimp key {v} leaked"),
        ("NpmDetector", "npm_" + _r(rng, ALNUM, 36), "//npm.example.com/:_authToken={v}"),
        ("OpenAIDetector", "sk-" + _r(rng, ALNUM, 20) + "T3BlbkFJ" + _r(rng, ALNUM, 20), "OPENAI={v}"),
        ("PypiTokenDetector", "pypi-AgEIcHlwaS5vcmc" + _r(rng, ALNUM, 80), "twine token {v}"),
        ("SendGridDetector", "SG." + _r(rng, ALNUM, 22) + "." + _r(rng, ALNUM, 43), "sendgrid {v}"),
        ("SlackDetector", "xoxb-" + _r(rng, string.digits, 12) + "-" + _r(rng, string.digits, 13) + "-"
         + _r(rng, LOWER_ALNUM, 24), "slack bot {v}"),
        ("SoftlayerDetector", _r(rng, LOWER_ALNUM, 64), "softlayer_api_key = {v}"),
        ("SquareOAuthDetector", "sq0csp-" + _r(rng, ALNUM, 43), "square secret {v}"),
        ("StripeDetector", "sk_live_" + _r(rng, ALNUM, 24), "stripe key {v}"),
        ("TelegramBotTokenDetector", _r(rng, string.digits, 9) + ":" + _r(rng, ALNUM, 35), "telegram {v}"),
        ("TwilioKeyDetector", "SK" + _r(rng, LOWER_ALNUM, 32), "twilio {v}"),
        ("PrivateKeyBlockDetector", "-----BEGIN RSA PRIVATE KEY-----\n" + pem_body + "\n-----END RSA PRIVATE KEY-----",
         "my key:\n{v}\nkeep it safe"),
        ("GoogleApiKeyDetector", "AIza" + _r(rng, ALNUM, 35), "maps key {v}"),
        ("HuggingFaceTokenDetector", "hf_" + _r(rng, ALNUM, 34), "HF_TOKEN {v}"),
        ("AnthropicKeyDetector", "sk-ant-api03-" + _r(rng, ALNUM, 40), "claude key {v}"),
        ("OpenAIProjectKeyDetector", "sk-proj-" + _r(rng, ALNUM, 48), "project key {v}"),
        ("GitHubFineGrainedTokenDetector", "github_pat_" + _r(rng, ALNUM, 40), "token {v}"),
        ("StripeTestKeyDetector", "sk_test_" + _r(rng, ALNUM, 24), "test key {v}"),
        ("URLCredentialsDetector", "admin:" + _r(rng, ALNUM, 12), "connect to postgres://{v}@db.internal:5432/app"),
        ("PasswordAssignmentDetector", _r(rng, ALNUM, 6) + "-" + _r(rng, string.digits, 3), 'password = "{v}"'),
    ]
    return [(name, template.format(v=value), value) for name, value, template in items]


def planted_pii(rng: random.Random) -> list[tuple[str, str, str]]:
    """(kind, text containing it, the value). Includes a dashed card number."""
    card = luhn_complete("4" + _r(rng, string.digits, 14))
    dashed = "-".join(card[i:i + 4] for i in range(0, 16, 4))
    mc = luhn_complete("5" + rng.choice("12345") + _r(rng, string.digits, 13))
    spaced = " ".join(mc[i:i + 4] for i in range(0, 16, 4))
    area = rng.randint(100, 665)
    ssn = f"{area:03d}-{rng.randint(10, 99):02d}-{rng.randint(1000, 9999):04d}"
    user = _r(rng, string.ascii_lowercase, 7)
    items = [
        ("email", f"{user}.{_r(rng, string.ascii_lowercase, 5)}@{_r(rng, string.ascii_lowercase, 6)}.com",
         "write to {v} for details"),
        ("phone", f"+44 20 {rng.randint(7000, 7999)} {rng.randint(1000, 9999)}", "call {v} today"),
        ("phone", f"({rng.randint(201, 989)}) {rng.randint(200, 999)}-{rng.randint(1000, 9999)}", "office {v}"),
        ("credit_card", dashed, "card {v} exp 09/27"),
        ("credit_card", card, "card number {v}"),
        ("credit_card", spaced, "mastercard {v}"),
        ("iban", iban(rng), "wire to {v} please"),
        ("ssn", ssn, "SSN {v} on file"),
        ("ip_address", f"{rng.randint(11, 99)}.{rng.randint(1, 254)}.{rng.randint(1, 254)}.{rng.randint(1, 254)}",
         "server at {v} is down"),
        ("ip_address", f"2a00:1450:{_r(rng, HEX, 4)}::{_r(rng, HEX, 3)}", "ipv6 host {v} answers"),
    ]
    return [(kind, template.format(v=value), value) for kind, value, template in items]


# Values that look like PII but must survive: private, loopback and link-local
# addresses, and ordinary numbers.
MUST_SURVIVE = ["10.0.0.12", "192.168.1.20", "127.0.0.1", "172.16.5.4", "::1", "version 3.11.7",
                "2024-01-15", "1,234,567.89", "order 4111"]
