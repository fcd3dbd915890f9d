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
    base32 = string.ascii_uppercase + "234567"  # the alphabet of real AWS key ids

    def b64(raw: str) -> str:
        return base64.b64encode(raw.encode()).decode()

    items = [
        ("AWSKeyDetector", "AKIA" + _r(rng, base32, 16), "the access key id is {v} for the bucket"),
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
        # Appended, so the indices other tests use (0: AWS, 5: GitHub) stay put.
        ("AWSSessionTokenDetector", "IQoJb3JpZ2luX2Vj" + _r(rng, ALNUM + "+/", 300), "sts session token {v}"),
        ("AuthorizationHeaderDetector", b64("svc-" + _r(rng, LOWER_ALNUM, 6) + ":" + _r(rng, ALNUM, 14)),
         'curl -H "Authorization: Basic {v}" https://api.example.com/v1/items'),
        ("CurlUserCredentialsDetector", "deploy:" + _r(rng, ALNUM, 12), "curl -u {v} https://ci.example.com/api/json"),
        ("DockerConfigAuthDetector", b64("robot$ci:" + _r(rng, ALNUM, 24)),
         '{{"auths": {{"registry.example.com": {{"auth": "{v}"}}}}}}'),
        ("KubernetesSecretDetector", b64(_r(rng, ALNUM, 16)),
         "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db-creds\ntype: Opaque\ndata:\n  password: {v}\n"),
        ("AWSSecretAccessKeyDetector", _r(rng, string.ascii_uppercase, 3) + _r(rng, string.ascii_lowercase, 3)
         + _r(rng, string.digits, 2) + "/" + _r(rng, ALNUM + "+", 31), "AWS Secret Access Key [None]: {v}"),
        ("AzureSasTokenDetector", _r(rng, ALNUM, 20) + "%2B" + _r(rng, ALNUM, 22) + "%3D",
         "https://acct.blob.core.windows.net/backups/db.bak?sv=2022-11-02&ss=b&srt=o&sp=r"
         "&se=2030-01-01T00:00:00Z&spr=https&sig={v}"),
        ("CommandLinePasswordDetector", _r(rng, ALNUM, 14), "mysqldump -u backup -p{v} --all-databases > all.sql"),
        ("SqlPasswordDetector", _r(rng, ALNUM, 10) + "!" + _r(rng, string.digits, 2),
         "CREATE USER 'app'@'%' IDENTIFIED BY '{v}';"),
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
        # A NANP number that can exist: area code [2-9][0-8][2-9] and exchange
        # [2-9]X[2-9] (neither an N11 service code).
        ("phone", f"({rng.randint(2, 9)}{rng.randint(0, 8)}{rng.randint(2, 9)}) "
                  f"{rng.randint(2, 9)}{rng.randint(0, 9)}{rng.randint(2, 9)}-{rng.randint(1000, 9999)}", "office {v}"),
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


# One text per secret detector that looks like its secret but is not one
# (docs/detectors.md shows them beside the planted examples; the table's
# generator, bench/detector_table.py, fails if any is flagged).
SECRET_LOOKALIKES = {
    "AWSKeyDetector": "primer ACCAGTACGTACGTTTGACCAAGTACGATCGATCGGATC binds",
    "ArtifactoryDetector": "the AKC ring in the diagram",
    "AzureStorageKeyDetector": "AccountKey=<your-storage-key>",
    "CloudantDetector": "cloudant_password = os.environ['CLOUDANT_PASSWORD']",
    "DiscordBotTokenDetector": "bot token is read from DISCORD_TOKEN at start-up",
    "GitHubTokenDetector": "export GH=ghp_xxxxxxxxxxxxxxxx",
    "GitLabTokenDetector": "use a glpat- token with read_repository scope",
    "IbmCloudIamDetector": "ibm_cloud_iam_api_key: ${IBM_API_KEY}",
    "IbmCosHmacDetector": "cos_hmac_secret_access_key = \"{{ secrets.cos_key }}\"",
    "JwtTokenDetector": "Authorization: Bearer {token}",
    "MailchimpDetector": "mailchimp datacenter us12 handles the list",
    "NpmDetector": "//npm.example.com/:_authToken=${NPM_TOKEN}",
    "OpenAIDetector": "OPENAI=sk-...",
    "PypiTokenDetector": "twine upload with a pypi- token from the vault",
    "SendGridDetector": "sendgrid SG. prefixes every key",
    "SlackDetector": "slack bot tokens start with xoxb-",
    "SoftlayerDetector": "softlayer_api_key = get_key()",
    "SquareOAuthDetector": "square secrets start with sq0csp-",
    "StripeDetector": "stripe key sk_live_... from the dashboard",
    "TelegramBotTokenDetector": "telegram bot id 123456789 only",
    "TwilioKeyDetector": "twilio SKU list",
    "PrivateKeyBlockDetector": "-----BEGIN PUBLIC KEY-----",
    "GoogleApiKeyDetector": "maps key AIza... goes in the env file",
    "HuggingFaceTokenDetector": "from huggingface_hub import hf_hub_download_with_retries_and_backoff",
    "AnthropicKeyDetector": "claude key sk-ant-... from the console",
    "OpenAIProjectKeyDetector": "project keys look like sk-proj-<random>",
    "GitHubFineGrainedTokenDetector": "token github_pat_<your token here>",
    "StripeTestKeyDetector": "test key sk_test_xxx",
    "AWSSessionTokenDetector": "AWS_SESSION_TOKEN is set by `aws sts assume-role`",
    "URLCredentialsDetector": "connect to postgres://db.internal:5432/app",
    "PasswordAssignmentDetector": 'password = "${DB_PASSWORD}"',
    "AuthorizationHeaderDetector": 'headers = {"Authorization": f"Bearer {token}"}',
    "CurlUserCredentialsDetector": "sort -u names.txt && docker run -u 1000:1000 app",
    "DockerConfigAuthDetector": '{"auths": {"ghcr.io": {"auth": ""}}}',
    "KubernetesSecretDetector": "kind: ConfigMap\ndata:\n  LOG_LEVEL: debug",
    "AWSSecretAccessKeyDetector": "AWS_SECRET_ACCESS_KEY=$(vault read -field=key aws/creds)",
    "AzureSasTokenDetector": "append ?sv=2022-11-02&sig=<signature> to the blob URL",
    "CommandLinePasswordDetector": "mkdir -p build && mysql --password mydb && ssh -p 2222 host",
    "SqlPasswordDetector": "ALTER USER app PASSWORD NULL; CREATE USER u IDENTIFIED BY :pw;",
}

# One text per PII kind that looks like it but identifies no one.
PII_LOOKALIKES = {
    "email": "the decorator @property.setter",
    "phone": "version 2024-01-15 build 1,234,567.89",
    "credit_card": "4111 1111 1111 1112",
    "iban": "GB00WEST12345698765432",
    "ssn": "666-12-3456",
    "ip_address": "192.168.1.20 and ::ffff:10.0.0.1",
}
