"""PII detectors: every type found (cards Luhn-checked, IBANs mod-97), private IPs kept."""

import random

import pytest

from ech0.hygiene.pii import find_pii, iban_ok, luhn_ok, redact_pii
from tests.corpus import MUST_SURVIVE, iban, luhn_complete, planted_pii

PLANTED = planted_pii(random.Random(12))


@pytest.mark.parametrize("kind,text,value", PLANTED, ids=[f"{p[0]}-{i}" for i, p in enumerate(PLANTED)])
def test_each_pii_type_is_redacted_whole(kind, text, value):
    redacted, found = redact_pii(text)
    assert [f.kind for f in found] == [kind]
    assert value not in redacted and f"[{kind.upper()}]" in redacted
    assert redact_pii(redacted) == (redacted, []), "idempotent"


@pytest.mark.parametrize("text", MUST_SURVIVE + [
    "4111 1111 1111 1112",          # fails Luhn
    "1234-5678-9012-3456",          # Luhn-valid? no IIN: not a card
    "GB00WEST12345698765432",       # bad IBAN checksum
    "000-12-3456", "666-12-3456",   # invalid SSN areas
    "192.0.2.10 and 198.51.100.7",  # documentation ranges
    "fe80::1", "10:30:45", "a 2x3x4 grid", "ISBN 978-3-16-148410-0",
    "sum_(j<::a)", "x = ::ff",        # global to `ipaddress`, but outside 2000::/3
])
def test_lookalikes_survive(text):
    assert redact_pii(text) == (text, [])


def test_checksums():
    rng = random.Random(0)
    for _ in range(50):
        assert luhn_ok(luhn_complete("4" + "".join(rng.choice("0123456789") for _ in range(14))))
        assert iban_ok(iban(rng))
    assert not luhn_ok("4111111111111112")
