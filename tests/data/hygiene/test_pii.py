"""PII detectors: every type found (cards Luhn-checked, IBANs mod-97, phones by libphonenumber), private IPs kept."""

import ipaddress
import random
import string

import phonenumbers
import pytest

from ech0.data.hygiene.pii import find_pii, iban_ok, luhn_ok, redact_pii
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


# --- Values built here from a seeded RNG; libphonenumber picks valid phone numbers. ---

DIGITS = "0123456789"


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(DIGITS) for _ in range(n))


def _national(rng: random.Random, region: str, prefix: str, length: int) -> str:
    """A national significant number (no trunk 0) of `region` that libphonenumber calls valid."""
    cc = phonenumbers.country_code_for_region(region)
    for _ in range(1000):
        n = prefix + _digits(rng, length - len(prefix))
        if phonenumbers.is_valid_number(phonenumbers.parse(f"+{cc}{n}")):
            return n
    raise AssertionError(f"no valid {region} number with prefix {prefix}")


def _phones(rng: random.Random) -> list[str]:
    us, tr_mobile, tr_city = (_national(rng, "US", "415", 10), _national(rng, "TR", "532", 10),
                              _national(rng, "TR", "212", 10))
    br, de, il, gb = (_national(rng, "BR", "119", 11), _national(rng, "DE", "30", 9), _national(rng, "IL", "9", 8),
                      _national(rng, "GB", "207", 10))
    t = tr_mobile
    return [
        f"+1{us}", f"+90{t}",                                   # compact international
        f"+55 {br[:2]} {br[2:7]} {br[7:]}", f"+49 {de[:2]} {de[2:]}",  # groups of 5-7 digits
        f"0{il[0]}-{il[1:]}",                                   # Israeli national, e.g. 09-7625400
        f"+90 {t[:3]} {t[3:6]} {t[6:8]} {t[8:]}", f"0{t[:3]} {t[3:6]} {t[6:8]} {t[8:]}",
        f"(0{t[:3]}) {t[3:6]} {t[6:8]} {t[8:]}", f"+90 ({tr_city[:3]}) {tr_city[3:6]} {tr_city[6:8]} {tr_city[8:]}",
        f"+44 {gb[:2]} {gb[2:6]} {gb[6:]}", f"0{gb[:2]} {gb[2:6]} {gb[6:]}", f"0{gb[:3]} {gb[3:6]} {gb[6:]}",
        f"({us[:3]}) {us[3:6]}-{us[6:]}", f"{us[:3]}-{us[3:6]}-{us[6:]}", f"+1-{us[:3]}-{us[3:6]}-{us[6:]}",
    ]


PHONES = _phones(random.Random(3))


@pytest.mark.parametrize("phone", PHONES)
def test_phones_validated_by_libphonenumber_across_regions(phone):
    text = f"call {phone} today"
    redacted, found = redact_pii(text)
    assert redacted == "call [PHONE] today", found
    assert redact_pii(redacted) == (redacted, [])


def test_phone_followed_by_a_count_keeps_the_count():
    t = _national(random.Random(4), "TR", "532", 10)  # Turkish mobiles have exactly 10 digits
    assert redact_pii(f"+90 {t[:3]} {t[3:6]} {t[6:8]} {t[8:]} 12 items")[0] == "[PHONE] 12 items"


def test_phone_lookalikes_survive():
    rng = random.Random(5)
    us = _national(rng, "US", "415", 10)
    texts = [
        f"order 1{us} shipped",                                  # a valid number, but bare digits: a quantity
        # thousands separators: not the phone "033.203125"
        f"{rng.randint(10, 99)},{_digits(rng, 3)},0{_digits(rng, 2)}.{_digits(rng, 6)} BTC",
        f"due 0{rng.randint(1, 9)}.0{rng.randint(1, 9)}.{rng.randint(1990, 2030)}",           # dotted date
        f"ZIP 0{_digits(rng, 4)}-{_digits(rng, 4)}",                                           # ZIP+4
        "version 10.0.19041.1234", "12345678901", "$1,299.99 in 2024", "+22.89% on the day",
        f"(211) {_digits(rng, 3)}-{_digits(rng, 4)}",            # N11 is never an area code
    ]
    for text in texts:
        assert redact_pii(text) == (text, []), text


def _public_v4(rng: random.Random) -> str:
    while True:
        v4 = ".".join(str(rng.randint(1, 223)) for _ in range(4))
        if ipaddress.ip_address(v4).is_global:
            return v4


def test_ipv6_with_embedded_ipv4_redacted_whole():
    rng = random.Random(6)
    for v6 in (f"::ffff:{_public_v4(rng)}", f"64:ff9b::{_public_v4(rng)}",
               f"2a00:1450:{rng.randint(4096, 65535):x}::{_public_v4(rng)}"):
        redacted, found = redact_pii(f"peer {v6} answered")
        assert redacted == "peer [IP_ADDRESS] answered", (v6, found)
        assert redact_pii(redacted) == (redacted, [])


def test_ipv6_with_embedded_private_or_documentation_address_survives():
    rng = random.Random(7)
    for v6 in (f"::ffff:10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}", "::ffff:127.0.0.1",
               f"::ffff:192.168.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
               f"2001:db8::{_public_v4(rng)}",                  # documentation prefix: the whole address stays
               f"64:ff9b::10.{rng.randint(0, 255)}.0.1"):
        assert redact_pii(f"peer {v6} answered") == (f"peer {v6} answered", []), v6


def _iban(rng: random.Random, country: str, bban: str) -> str:
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{country}{98 - int(numeric) % 97:02d}{bban}"


def _grouped(iban: str, sep: str = " ") -> str:
    return sep.join(iban[i:i + 4] for i in range(0, len(iban), 4))


def test_iban_cut_at_its_registered_length():
    rng = random.Random(8)
    de = _iban(rng, "DE", _digits(rng, 18))
    bic = "".join(rng.choice(string.ascii_uppercase) for _ in range(4)) + "DEFFXXX"
    for text, expected in [
        (f"IBAN {_grouped(de)} BIC {bic}", f"IBAN [IBAN] BIC {bic}"),
        (f"to {_grouped(de)} Bank of X", "to [IBAN] Bank of X"),
        (f"to {_grouped(de)} ABC bank", "to [IBAN] ABC bank"),
        (f"dashed {_grouped(de, '-')} ok", "dashed [IBAN] ok"),
        (f"plain {de}, thanks", "plain [IBAN], thanks"),
    ]:
        redacted, found = redact_pii(text)
        assert redacted == expected, found
        assert redact_pii(redacted) == (redacted, [])


@pytest.mark.parametrize("country,length", [("FR", 27), ("NL", 18), ("TR", 26), ("NO", 15), ("MT", 31),
                                            ("BR", 29), ("GB", 22)])
def test_iban_lengths_from_the_registry(country, length):
    rng = random.Random(length)
    bban = "".join(rng.choice(string.ascii_uppercase) for _ in range(4)) + _digits(rng, length - 8)
    iban = _iban(rng, country, bban)
    assert redact_pii(f"send to {_grouped(iban)} now")[0] == "send to [IBAN] now"
    assert not iban_ok(iban + "0")  # one character over the registered length


def test_invalid_ibans_are_not_flagged_as_anything():
    rng = random.Random(9)
    for _ in range(300):
        iban = _iban(rng, rng.choice(["DE", "GB", "FR", "NL", "TR", "ES"]), _digits(rng, 18))
        bad = iban[:-1] + str((int(iban[-1]) + 1) % 10)
        for text in (_grouped(bad), _grouped(bad, "-"), bad):
            assert find_pii(f"account {text} closed") == [], text


# (issuer, IIN prefix, length). Luhn-completed, so each is a plausible card.
ISSUERS = [
    ("Maestro", "5018", 16), ("Maestro", "5020", 16), ("Maestro", "5038", 16), ("Maestro", "5893", 19),
    ("Maestro", "6304", 16), ("Maestro", "6759", 16), ("Maestro", "6762", 16), ("Maestro", "57", 16),
    ("Dankort", "5019", 16), ("Visa/Dankort", "4571", 16), ("UATP", "1", 15), ("Mir", "2200", 16),
    ("Mir", "2204", 16), ("RuPay", "60", 16), ("RuPay", "65", 16), ("RuPay", "81", 16), ("RuPay", "82", 16),
    ("RuPay", "508", 16), ("Troy", "9792", 16), ("Verve", "506099", 16), ("Verve", "506198", 19),
    ("Verve", "650002", 16), ("Verve", "650027", 16), ("Elo", "636368", 16), ("Elo", "504175", 16),
    ("Hipercard", "606282", 16), ("InterPayment", "636", 16), ("InstaPayment", "637", 16),
    ("InstaPayment", "639", 16), ("Discover", "622126", 16), ("Discover", "622925", 16), ("Discover", "644", 16),
    ("Discover", "649", 16), ("JCB", "3528", 16), ("JCB", "3589", 16), ("UnionPay", "62", 16),
    ("UnionPay", "81", 19), ("Mastercard", "2720", 16), ("Diners", "36", 14),
]


@pytest.mark.parametrize("issuer,prefix,length", ISSUERS, ids=[f"{i[0]}-{i[1]}" for i in ISSUERS])
def test_card_issuers(issuer, prefix, length):
    rng = random.Random(f"{issuer}{prefix}")
    card = luhn_complete(prefix + _digits(rng, length - len(prefix) - 1))
    for text in (card, " ".join(card[i:i + 4] for i in range(0, length, 4))):
        redacted, found = redact_pii(f"card {text} exp 09/27")
        assert redacted == "card [CREDIT_CARD] exp 09/27", found
    bad = card[:-1] + str((int(card[-1]) + 1) % 10)
    assert find_pii(f"card {bad} exp") == [], "Luhn still required"


def test_card_numbers_outside_issuer_ranges_survive():
    rng = random.Random(10)
    for prefix, length in [("1", 16), ("7", 16), ("9", 16), ("3135", 16), ("3500", 16), ("59", 16)]:
        card = luhn_complete(prefix + _digits(rng, length - len(prefix) - 1))
        assert find_pii(f"ref {card} end") == [], card


def test_ssn_dotted_form():
    rng = random.Random(11)
    ssn = f"{rng.randint(100, 665):03d}.{rng.randint(10, 99):02d}.{rng.randint(1000, 9999):04d}"
    assert redact_pii(f"SSN {ssn} on file")[0] == "SSN [SSN] on file"
    for text in ("version 3.11.7", "666.12.3456", "000.12.3456", "123.00.4567", "1.123.45.6789",
                 "123.45.6789.1"):
        assert find_pii(text) == [], text


def test_internationalised_emails_redacted_whole():
    rng = random.Random(12)
    word = "".join(rng.choice(string.ascii_lowercase) for _ in range(5))
    for email in (f"{word}@xn--{word}-kva.example", f"{word}@b\u00fccher-{word}.de",
                  f"jos\u00e9.{word}@ex\u00e4mple.com",
                  f"{word}@{word}.xn--p1ai", f"\u0441\u0435\u0440\u0433\u0435\u0439@{word}.\u0440\u0444",
                  f"jose\u0301@{word}.com"):                # NFD: e + combining acute
        redacted, found = redact_pii(f"write to {email} today")
        assert redacted == "write to [EMAIL] today", (email, found)
        assert redact_pii(redacted) == (redacted, [])


@pytest.mark.parametrize("text", ["Net supply change = +2.78478708 ETH (net issuance).",
                                  "Final answer: +2.78478708 ETH", "a +22.8912345 return"])
def test_signed_decimals_are_not_phones(text):
    """libphonenumber reads +2.78478708 as a valid South African number (+27 84 787 08)."""
    assert redact_pii(text) == (text, [])
