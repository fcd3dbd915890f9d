"""PII detection and redaction to typed placeholders.

Covers emails, phone numbers, payment-card numbers (Luhn-checked, with or
without separators), IBANs (mod-97-checked), US SSNs and public IP addresses
(v4 and v6). Private, loopback, link-local and documentation addresses stay:
they identify no one and appear in every networking tutorial.

Why regexes and not Presidio: Presidio's recognisers need a spaCy model from a
hub, which cannot be downloaded here, and its pattern recognisers for these
types are the same kind of checksum-validated regexes.

Redaction replaces the whole match (an email's domain too: no residue) with a
placeholder such as `[EMAIL]`. No placeholder matches any detector, so
redacting twice changes nothing (tested).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from ech0.hygiene import spans

PLACEHOLDERS = {
    "email": "[EMAIL]",
    "phone": "[PHONE]",
    "credit_card": "[CREDIT_CARD]",
    "iban": "[IBAN]",
    "ssn": "[SSN]",
    "ip_address": "[IP_ADDRESS]",
}

_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")

# Phone numbers need separators or a leading '+': bare digit runs are far more
# often quantities than phone numbers in instruction data. A match must also
# hold 9-15 digits (E.164), so "+22.89%" is a return, not a phone.
_PHONE = re.compile(
    r"""(?x)
    (?<![\w+\-.])(?:
        \+\d{1,3}[\s.\-]?(?:\(\d{1,4}\)[\s.\-]?)?\d{1,4}(?:[\s.\-]\d{2,4}){1,4}   # +44 20 7946 0958, +1-202-555-0143
      | \(\d{3}\)\s?\d{3}[\s.\-]\d{4}                                           # (202) 555-0143
      | \d{3}[.\-]\d{3}[.\-]\d{4}                                               # 202-555-0143, 202.555.0143
      | 0\d{2,4}[\s\-]\d{3,4}[\s\-]\d{3,4}                                      # 020 7946 0958 (trunk prefix 0)
    )(?![\w\-]|\.\d)
    """
)

# 13-19 digits, optionally grouped by single spaces or dashes.
_CARD = re.compile(r"(?<![\w\-])\d(?:[ \-]?\d){12,18}(?![\w\-]|\.\d)")
# Issuer prefixes (ISO/IEC 7812 IIN ranges of Visa, Mastercard, Amex, Discover,
# Diners, JCB, UnionPay): a Luhn-valid number outside them is likely not a card.
_CARD_IIN = re.compile(r"^(?:4|5[1-5]|2[2-7]|3[47]|3[068]|35|6011|64[4-9]|65|62)")

# ISO 13616: country code, 2 check digits, 11-30 alphanumerics, in groups of 4
# or not. Lengths per country are checked by the mod-97 test being this strict.
_IBAN = re.compile(r"(?<![A-Za-z0-9])[A-Z][A-Z]\d\d(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])")

# SSA rules: area not 000, 666 or 9xx; group not 00; serial not 0000.
_SSN = re.compile(r"(?<![\w\-])(?!000|666|9\d\d)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}(?![\w\-])")

# Phones, cards, SSNs and IPv4 addresses all lie inside a run of 7+ digits,
# spaces, dashes, dots and brackets. One scan for such runs, then the specific
# patterns only inside them, costs ~1/4 of scanning every row with all four.
_DIGIT_RUN = re.compile(r"[+(]?\d[\d \-.()]{5,}\d")

_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.]|\.\d)")
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def iban_ok(candidate: str) -> bool:
    s = candidate.replace(" ", "")
    if not 15 <= len(s) <= 34:
        return False
    rearranged = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


# Global unicast IPv6 is allocated from 2000::/3 only (RFC 4291 section 2.4).
# `ipaddress` calls other ranges global too, e.g. "::a" (deprecated
# IPv4-compatible), which a fine-tuned model wrote inside a formula
# ("sum_(j<::a)") and the eval flagged as PII.
_IPV6_GLOBAL_UNICAST = ipaddress.ip_network("2000::/3")


def _public_ip(candidate: str) -> bool:
    try:
        ip = ipaddress.ip_address(candidate)
    except ValueError:
        return False
    return ip.is_global and (ip.version == 4 or ip in _IPV6_GLOBAL_UNICAST)


def find_pii(text: str) -> list[Finding]:
    """Every PII item in `text` as non-overlapping spans."""
    if len(text) < 6:  # shorter than any item here (a@b.co, 1.1.1.1)
        return []
    found: list[Finding] = []
    if "@" in text:
        found += [Finding("email", *m.span()) for m in _EMAIL.finditer(text)]
    for run in _DIGIT_RUN.finditer(text):
        # endpos 2 past the run lets the patterns' lookaheads see what follows.
        start, end = run.start(), min(len(text), run.end() + 2)
        for m in _CARD.finditer(text, start, end):
            digits = re.sub(r"[ \-]", "", m.group())
            if 13 <= len(digits) <= 19 and _CARD_IIN.match(digits) and luhn_ok(digits):
                found.append(Finding("credit_card", *m.span()))
        found += [Finding("ssn", *m.span()) for m in _SSN.finditer(text, start, end)]
        found += [Finding("phone", *m.span()) for m in _PHONE.finditer(text, start, end)
                  if 9 <= sum(c.isdigit() for c in m.group()) <= 15]  # E.164: at most 15 digits
        found += [Finding("ip_address", *m.span()) for m in _IPV4.finditer(text, start, end)
                  if _public_ip(m.group())]
    for m in _IBAN.finditer(text):
        if iban_ok(m.group()):
            found.append(Finding("iban", *m.span()))
    if "::" in text or text.count(":") >= 7:
        found += [Finding("ip_address", *m.span()) for m in _IPV6.finditer(text) if _public_ip(m.group())]
    # Earlier, then longer, wins: a card number is not also reported as a phone.
    return spans.first_wins(found, key=lambda f: (f.start, -(f.end - f.start)))


def redact_pii(text: str) -> tuple[str, list[Finding]]:
    """(`text` with each PII item replaced by its typed placeholder, the findings)."""
    findings = find_pii(text)
    if not findings:
        return text, findings
    return spans.replace(text, findings, lambda f: PLACEHOLDERS[f.kind]), findings
