"""Secret detectors: one planted secret per detector, no false flags on look-alikes."""

import random

import pytest

from ech0.hygiene.secrets import detector_names, find_secrets, redact_secrets
from tests.corpus import planted_secrets

PLANTED = planted_secrets(random.Random(11))


def test_corpus_covers_every_detector():
    assert sorted(name for name, _, _ in PLANTED) == sorted(detector_names())


@pytest.mark.parametrize("detector,text,value", PLANTED, ids=[p[0] for p in PLANTED])
def test_each_detector_finds_and_redacts_its_secret(detector, text, value):
    assert [f.detector for f in find_secrets(text)] == [detector]
    redacted, _ = redact_secrets(text)
    assert value not in redacted and f"[SECRET:{detector}]" in redacted
    assert redact_secrets(redacted) == (redacted, []), "idempotent"


@pytest.mark.parametrize("text", [
    "token = tokenizer(text)", "max_tokens=2048", "Key factors: 3 witnesses", "the secret: patience",
    "password: required for login", "api_key = os.environ['API_KEY']", "https://example.com/path?q=1",
    "user@example.com wrote", "sha: 3f786850e387550fdab836ed7e6dc881de23001b is a commit",
    "-----BEGIN PUBLIC KEY-----", "a very_long_identifier_name_for_readability_purposes_only",
])
def test_lookalikes_are_not_secrets(text):
    assert find_secrets(text) == []


def test_whole_pem_block_goes_and_surrounding_text_stays():
    name, text, value = next(p for p in PLANTED if p[0] == "PrivateKeyBlockDetector")
    redacted, _ = redact_secrets(text)
    assert redacted == "my key:\n[SECRET:PrivateKeyBlockDetector]\nkeep it safe"


@pytest.mark.parametrize("text,value", [
    ("DB_PASSWORD=ab12cd34ef", "ab12cd34ef"),
    ('{"api_key": "abcd1234"}', "abcd1234"),
    ("Client-Secret => 'q1w2e3r4'", "q1w2e3r4"),
    ("AUTH_TOKEN: x9y8z7w6v5", "x9y8z7w6v5"),
    ('credentials := "hunter22"', "hunter22"),
    ("passphrase='correct9horse'", "correct9horse"),
    ("PWD=abc123def", "abc123def"),
    ("my_private-key = 'zz11yy22'", "zz11yy22"),
])
def test_assignments_pass_the_fast_gate(text, value):
    """Each keyword family and operator of PasswordAssignmentDetector, in any case."""
    redacted, found = redact_secrets(text)
    assert [f.detector for f in found] == ["PasswordAssignmentDetector"] and value not in redacted
