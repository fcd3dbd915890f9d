"""PII detection and redaction to typed placeholders.

Covers emails (internationalised ones too), phone numbers, payment-card
numbers (Luhn-checked, with or without separators), IBANs (registry length and
mod-97 checked), US SSNs and public IP addresses (v4, v6 and v6 with an
embedded v4). Private, loopback, link-local and documentation addresses stay:
they identify no one and appear in every networking tutorial.

Phone numbers need separators or a leading '+': bare digit runs are far more
often quantities (counts, prices, ids, timestamps) than phone numbers in
instruction data. A phone-shaped candidate is then kept only if libphonenumber
(`phonenumbers`) calls it a valid number, which checks the country code, the
length and the number ranges actually assigned in that country.

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

import phonenumbers

from ech0.data.hygiene import spans

PLACEHOLDERS = {
    "email": "[EMAIL]",
    "phone": "[PHONE]",
    "credit_card": "[CREDIT_CARD]",
    "iban": "[IBAN]",
    "ssn": "[SSN]",
    "ip_address": "[IP_ADDRESS]",
}

# Unicode word characters (Python's \w is Unicode for str patterns) so that
# "josé@exämple.com" and "user@bücher.de" go whole, not as "é@exämple.com" or
# not at all. U+0300-U+036F: combining accents, for text that is in NFD form.
# Punycode TLDs ("xn--p1ai") hold digits and dashes, so they get their own branch.
_EMAIL = re.compile(
    r"[\w.%+\-\u0300-\u036f]+@[\w\-\u0300-\u036f]+(?:\.[\w\-\u0300-\u036f]+)*"
    r"\.(?:xn--[A-Za-z0-9\-]+|[^\W\d_]{2,})"
)

# Phone-shaped candidates; libphonenumber decides (see _phone_valid).
# Separators are one space, dot or dash: a newline never joins two numbers, and
# a comma before the start is a thousands separator ("20,869,033.203125" is
# not the phone "033.203125"). After the area code, groups of 1 digit are never
# written.
_PHONE = re.compile(
    r"""(?x)
    (?<![\w+\-.,])(?:
        \+[1-9]\d{0,14}(?:[ .\-]?\(\d{1,5}\)[ .\-]?\d{1,14})?(?:[ .\-]\d{1,14})*  # +14155550132, +90 (212) 555 12 34
      | \(\d{3}\)[ ]?\d{3}[ .\-]\d{4}                                           # (202) 555-0143
      | \d{3}[.\-]\d{3}[.\-]\d{4}                                               # 202-555-0143, 202.555.0143
      | (?:\(0\d{1,5}\)[ .\-]?|0\d{1,5}[ .\-])\d{2,8}(?:[ .\-]\d{2,8}){0,4}     # 020 7946 0958, 09-7625400
    )(?![\w\-]|\.\d)
    """
)
_PHONE_SEP = re.compile(r"[ .\-]")
# Trunk-prefix-shaped, and valid in some plan, but far likelier a date
# ("01.02.2024", "05-06-2023") or a ZIP+4 code ("06891-8144": New England and
# New Jersey ZIPs start with 0, and 06891 is also a German area code).
_NOT_PHONE = re.compile(r"\d{1,4}([./\-])\d{1,2}\1\d{1,4}|\d{5}-\d{4}")
_FIRST_GROUP = re.compile(r"\(?(\d+)")
# A number written nationally ("0532 123 45 67") names no country, so it is
# parsed as each of these in turn and kept if valid in one. All use the trunk
# prefix 0, which the candidate pattern requires: that is what tells a national
# number from a quantity. The list is short on purpose: each region costs
# ~75 us per candidate and lets more random 0-led digit groups validate.
# GB, IE, DE, FR, NL: the Western European plans; TR and IL: their mobile and
# area-code formats ("0532 ...", "09-7625400") are common and fail as GB
# numbers; AU, IN: large English-language plans.
_TRUNK_REGIONS = ("GB", "IE", "DE", "FR", "NL", "TR", "IL", "AU", "IN")
# NANP structure (area code and exchange [2-9]XX, area code's middle digit not
# 9, neither N11). libphonenumber 9.0.43 knows 451 of the 789 codes 201-989:
# it lists assigned area codes only, and overlays are added every year, so a
# pinned copy would let a new area code's numbers through. "(NXX) NXX-XXXX" and
# "NXX-NXX-XXXX" are written only for NANP numbers, so for those two shapes the
# structure suffices (the detector accepted them without validation before).
_NANP = re.compile(r"\(?([2-9][0-8]\d)\)?[ .\-]?([2-9]\d\d)[ .\-]\d{4}")

# 13-19 digits, optionally grouped by single spaces or dashes.
_CARD = re.compile(r"(?<![\w\-])\d(?:[ \-]?\d){12,18}(?![\w\-]|\.\d)")
# Issuer (IIN) prefixes, ISO/IEC 7812: a Luhn-valid number outside them is
# likely not a card (10% of random digit strings pass Luhn).
#   1 (15 digits only): UATP (airline cards; Luhn too).
#   2[2-7]: Mastercard 2221-2720, Mir 2200-2204.
#   30[0-5], 3095, 36, 38, 39: Diners (3841 Hipercard is inside 38);
#   34, 37: Amex; 3528-3589: JCB.
#   4: Visa (4571 Visa/Dankort, Elo's 401178, 438935, 4576 ... too).
#   5[0-8]: 50 Maestro (5018, 5020, 5038), Dankort 5019, RuPay 508,
#     Verve 506099-506198, Elo 5067 and 509; 51-55 Mastercard;
#     56-58 Maestro (5893).
#   6: Maestro issues across 6x (6304, 6759, 6761-6763), and inside it:
#     Discover 6011, 622126-622925, 644-649, 65; RuPay 60, 65; Hipercard 606282;
#     UnionPay 62; InterPayment 636; InstaPayment 637-639; Verve 650002-650027;
#     Elo 627780, 636297, 6504-6516, 6550.
#   8[12]: UnionPay 81, RuPay 82.  9792: Troy.
_CARD_IIN = re.compile(r"^(?:1\d{14}$|2[2-7]|30[0-5]|3095|3[4689]|37|35(?:2[89]|[3-8]\d)|4|5[0-8]|6|8[12]|9792)")

# ISO 13616: country code, 2 check digits, then the BBAN, printed in groups of
# 4 or not at all; groups split by single spaces or dashes. Found by its start,
# then cut to the country's registered length (see _find_ibans).
# The lookbehind sits after the first letter for the same reason as in
# _DIGIT_RUN below (0.55-0.7 of the time of a leading lookbehind on data/raw).
_IBAN_START = re.compile(r"[A-Z](?<![A-Za-z0-9][A-Z])[A-Z]\d\d[A-Z0-9]*(?![a-z])")
_IBAN_GROUP = re.compile(r"[ \-]([A-Z0-9]+)(?![a-z])")
# IBAN length per country, SWIFT IBAN registry (ISO 13616), 89 countries.
# Without it, "DE89 3704 0044 0532 0130 00 BIC COBADEFFXXX" was read as 25
# characters (with "BIC"), failed mod-97, and its digits came out as a phone.
# With it, a random string passes for an IBAN 1 time in 97 only at one length.
_IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BI": 27,
    "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28,
    "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
    "GL": 18, "GR": 27, "GT": 28, "HN": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
    "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21,
    "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28,
    "NL": 18, "NO": 15, "OM": 23, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22,
    "RU": 33, "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25,
    "SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}

# SSA rules: area not 000, 666 or 9xx; group not 00; serial not 0000. Dotted
# ("123.45.6789") too, but not as part of a longer dotted run (versions, IPs).
_SSN = re.compile(r"(?<![\w\-])(?<!\d\.)(?!000|666|9\d\d)\d{3}([-. ])(?!00)\d{2}\1(?!0000)\d{4}(?![\w\-]|\.\d)")

# Phones, cards, SSNs and IPv4 addresses all lie inside a run of 7+ digits,
# spaces, dashes, dots and brackets. One scan for such runs, then the specific
# patterns only inside them, costs ~1/4 of scanning every row with all four.
# Same runs as "[+(]?\d[\d \-.()]{5,}\d", but a pattern that opens with a
# character class lets `re` skip ahead to the next candidate character: the
# scan over data/raw takes 0.5-0.7 of the time (same matches, checked there).
_DIGIT_RUN = re.compile(r"[+(\d](?:(?<=\d)|\d)[\d \-.()]{5,}\d")

_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.]|\.\d)")
# The last 32 bits may be written as dotted IPv4 ("::ffff:8.8.8.8").
_IPV6 = re.compile(
    r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{0,4})(?![\w:]|\.\d)"
)


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
    """Mod-97 check, and the registered length for a registry country."""
    s = candidate.replace(" ", "").replace("-", "")
    if not 15 <= len(s) <= 34 or not s.isalnum() or not s.isascii():
        return False
    if _IBAN_LENGTHS.get(s[:2], len(s)) != len(s):
        return False
    rearranged = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


# Global unicast IPv6 is allocated from 2000::/3 only (RFC 4291 section 2.4).
# `ipaddress` calls other ranges global too, e.g. "::a" (deprecated
# IPv4-compatible), which a fine-tuned model wrote inside a formula
# ("sum_(j<::a)") and the eval flagged as PII.
_IPV6_GLOBAL_UNICAST = ipaddress.ip_network("2000::/3")
# Prefixes whose last 32 bits are an IPv4 address: the address is as public as
# that IPv4 one. ::ffff:0:0/96 mapped (RFC 4291), 64:ff9b::/96 NAT64 (RFC 6052),
# ::/96 IPv4-compatible (deprecated; only when written dotted, see above).
_IPV6_EMBEDS_V4 = (ipaddress.ip_network("::ffff:0:0/96"), ipaddress.ip_network("64:ff9b::/96"),
                   ipaddress.ip_network("::/96"))


def _ip(candidate: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(candidate)
    except ValueError:
        return None


def _public_ip(candidate: str) -> bool:
    ip = _ip(candidate)
    if ip is None:
        return False
    if ip.version == 4:
        return ip.is_global
    if "." in candidate and any(ip in net for net in _IPV6_EMBEDS_V4):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF).is_global
    return ip.is_global and ip in _IPV6_GLOBAL_UNICAST


def _parsed_valid(candidate: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(candidate, region)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


# A signed decimal ("+2.78478708 ETH", a net supply change): one dot and no
# other separator. Read as digits it is often a valid number (+27 84 787 08).
_SIGNED_DECIMAL = re.compile(r"\+\d+\.\d+")


def _phone_valid(candidate: str) -> bool:
    if candidate[0] == "+":
        return not _SIGNED_DECIMAL.fullmatch(candidate) and _parsed_valid(candidate, None) is not None
    national = candidate.lstrip("(")
    if national[0] != "0":  # the two NANP shapes
        if _parsed_valid(candidate, "US") is not None:
            return True
        m = _NANP.fullmatch(candidate)
        return bool(m) and m[1][1:] != "11" and m[2][1:] != "11"
    if _NOT_PHONE.fullmatch(candidate):
        return False
    written = len(_FIRST_GROUP.match(candidate)[1])
    for region in _TRUNK_REGIONS:
        number = _parsed_valid(candidate, region)
        if number is None:
            continue
        if national.startswith("00"):  # international call prefix: the number names its country
            return True
        # The first group written must be the area code (or trunk + mobile
        # prefix) as the region's plan groups it. German and Israeli plans
        # accept most 0-led 9-11 digit strings; with this check, 30% of
        # random 0-led groupings ("0266-0962-05-07", "05 0207 00 0282 07")
        # still validate in some region, against 85% without, while every
        # number in its plan's own grouping passes. One digit more is allowed
        # for the London habit "0207 946 0958" (the plan: 020 7946 0958).
        formatted = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        area = len(_FIRST_GROUP.match(formatted)[1])
        if written in (area, area + 1):
            return True
    return False


def _phone_end(text: str, start: int, end: int) -> int:
    """End of the longest valid phone number in text[start:end], or -1.

    Dropping trailing groups lets "+90 532 123 45 67 12 items" yield its phone.
    """
    candidate = text[start:end]
    cuts = [end] + [start + m.start() for m in _PHONE_SEP.finditer(candidate)][::-1]
    for cut in cuts[:4]:
        part = text[start:cut]
        n = sum(c.isdigit() for c in part)
        # 9-15 digits (E.164's maximum is 15): "+22.89%" is a return, not a phone.
        if n < 9:
            break
        if n <= 15 and _phone_valid(part):
            return cut
    return -1


def _find_ibans(text: str) -> tuple[list[Finding], list[tuple[int, int]]]:
    """(IBAN findings, spans of IBAN-shaped text: a valid IBAN or one that failed its checks).

    Groups are read greedily, then the IBAN is cut at the registered length for
    its country, so a BIC or a word after it ("... 0130 00 BIC COBADEFFXXX")
    is neither swallowed nor the reason the IBAN goes unnoticed.
    """
    found, shaped = [], []
    for m in _IBAN_START.finditer(text):
        length = _IBAN_LENGTHS.get(m.group()[:2])
        if length is None:
            continue
        ends = [(len(m.group()), m.end())]  # (characters so far, end offset)
        pos = m.end()
        while ends[-1][0] < length:
            g = _IBAN_GROUP.match(text, pos)
            if not g:
                break
            pos = g.end()
            ends.append((ends[-1][0] + len(g.group(1)), pos))
        n, end = ends[-1]
        if n < 15:  # shorter than any IBAN: not IBAN-shaped
            continue
        if n == length and iban_ok(text[m.start():end]):
            found.append(Finding("iban", m.start(), end))
        shaped.append((m.start(), end))
    return found, shaped


def find_pii(text: str) -> list[Finding]:
    """Every PII item in `text` as non-overlapping spans."""
    if len(text) < 6:  # shorter than any item here (a@b.co, 1.1.1.1)
        return []
    found: list[Finding] = []
    if "@" in text:
        found += [Finding("email", *m.span()) for m in _EMAIL.finditer(text)]
    numeric: list[Finding] = []
    for run in _DIGIT_RUN.finditer(text):
        # endpos 2 past the run lets the patterns' lookaheads see what follows.
        start, end = run.start(), min(len(text), run.end() + 2)
        for m in _CARD.finditer(text, start, end):
            digits = re.sub(r"[ \-]", "", m.group())
            if 13 <= len(digits) <= 19 and _CARD_IIN.match(digits) and luhn_ok(digits):
                numeric.append(Finding("credit_card", *m.span()))
        numeric += [Finding("ssn", *m.span()) for m in _SSN.finditer(text, start, end)]
        for m in _PHONE.finditer(text, start, end):
            phone_end = _phone_end(text, m.start(), m.end())
            if phone_end > 0:
                numeric.append(Finding("phone", m.start(), phone_end))
        numeric += [Finding("ip_address", *m.span()) for m in _IPV4.finditer(text, start, end)
                    if _public_ip(m.group())]
    # Digits inside an IBAN-shaped string (even one failing its checksum) or an
    # IPv6 address are part of it: "DE89 3704 0044 0532 0130 01" (one digit
    # off) must not come out as a card or phone from its tail, nor
    # "2001:db8::8.8.8.8" (documentation) lose its last 32 bits.
    ibans, claimed = _find_ibans(text)
    found += ibans
    colons = text.count(":")
    # 8 groups need 7 colons; "::" or a dotted IPv4 tail (6 colons) need fewer.
    if colons >= 7 or "::" in text or (colons == 6 and "." in text):
        for m in _IPV6.finditer(text):
            if _public_ip(m.group()):
                found.append(Finding("ip_address", *m.span()))
            elif "." in m.group() and _ip(m.group()):
                claimed.append(m.span())
    if claimed and numeric:
        numeric = [f for f in numeric if not any(s < f.end and f.start < e for s, e in claimed)]
    found += numeric
    # Earlier, then longer, wins: a card number is not also reported as a phone.
    return spans.first_wins(found, key=lambda f: (f.start, -(f.end - f.start)))


def redact_pii(text: str) -> tuple[str, list[Finding]]:
    """(`text` with each PII item replaced by its typed placeholder, the findings)."""
    findings = find_pii(text)
    if not findings:
        return text, findings
    return spans.replace(text, findings, lambda f: PLACEHOLDERS[f.kind]), findings
