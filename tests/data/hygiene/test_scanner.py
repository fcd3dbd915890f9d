"""Kingfisher batch scanner: findings map back to document and character span."""

import base64
import random
import string

import pytest

from ech0.data.hygiene import scanner
from ech0.data.hygiene.secrets import find_secrets

ALNUM = string.ascii_letters + string.digits
HEX = "0123456789abcdef"


def _r(rng, alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))


@pytest.fixture(scope="module")
def tokens():
    rng = random.Random(3)
    return {"databricks": "dapi" + _r(rng, HEX, 32), "groq": "gsk_" + _r(rng, ALNUM, 52),
            "github": "ghp_" + _r(rng, ALNUM, 36), "hf_org": "api_org_" + _r(rng, string.ascii_letters, 34)}


def test_the_pinned_binary_runs():
    assert scanner.version() == scanner.VERSION
    assert scanner.identity()["version"] == scanner.VERSION


def test_spans_are_characters_in_the_right_document(tokens):
    """Multi-byte text before a token, several lines, several documents, prose punctuation after it."""
    docs = ["nothing to see", f"café ünïcode → {tokens['databricks']}, then more",
            f"line one\nline two ({tokens['groq']}).", f"ends the sentence: {tokens['hf_org']}."]
    found = scanner.scan(docs)
    got = {(f.doc, docs[f.doc][f.start:f.end]) for f in found}
    assert got == {(1, tokens["databricks"]), (2, tokens["groq"]), (3, tokens["hf_org"])}
    assert {f.detector for f in found} == {"kingfisher.betterleaks.databricks-api-token",
                                           "kingfisher.betterleaks.groq-api-key",
                                           "kingfisher.betterleaks.huggingface-organization-api-token"}


def test_a_token_inside_base64_takes_its_whole_blob(tokens):
    blob = base64.b64encode(f'{{"auth": "{tokens["github"]}"}}'.encode()).decode()
    doc = f"config blob {blob} end"
    [f] = scanner.scan([doc])
    assert doc[f.start:f.end] == blob


def test_a_keyword_in_one_document_does_not_pair_with_a_value_in_the_next():
    rng = random.Random(9)
    docs = ["the variable is named cloudflare_api_key =", _r(rng, HEX, 40)]
    assert scanner.scan(docs) == []
    assert scanner.scan([" ".join(docs)]) != [], "the same text as one document is a finding"


def test_redact_is_idempotent_and_leaves_regex_placeholders(tokens):
    text = f"keys: {tokens['databricks']} and {tokens['github']}"
    regex_done = text.replace(tokens["github"], "[SECRET:GitHubTokenDetector]")
    found = scanner.scan_texts([regex_done])[regex_done]
    redacted, used = scanner.redact(regex_done, found)
    assert redacted == "keys: [SECRET:betterleaks_databricks_api_token] and [SECRET:GitHubTokenDetector]"
    assert [f.detector for f in used] == ["kingfisher.betterleaks.databricks-api-token"]
    assert scanner.scan_texts([redacted]) == {}
    assert find_secrets(redacted) == []


def test_nothing_to_scan_runs_nothing():
    assert scanner.scan([]) == [] and scanner.scan_texts([]) == {}


def test_a_wrong_binary_version_is_refused(monkeypatch):
    monkeypatch.setattr(scanner, "version", lambda: "0.0.1")
    scanner.check_version.cache_clear()
    with pytest.raises(scanner.ScannerError, match="2.14.0 pinned"):
        scanner.scan(["any text"])
    scanner.check_version.cache_clear()


def test_ech0_rules_are_the_pinned_catalogues_own_patterns():
    """kingfisher_rules.yml copies 14 composite secret halves verbatim: they must not drift."""
    import json
    import subprocess

    import yaml

    out = subprocess.run([scanner.binary(), "rules", "list", "-q", "-f", "json", "--rules-path", str(scanner.RULES)],
                         capture_output=True, text=True, check=True).stdout
    catalogue = {r["id"]: r["pattern"] for r in json.loads(out[out.index("["):])}
    ours = yaml.safe_load(scanner.RULES.read_text())["rules"]
    assert len(ours) == 14
    for rule in ours:
        name = rule["id"].removeprefix("ech0.")
        source = catalogue.get(f"betterleaks.{name}", catalogue.get(f"betterleaks.{name}.1"))
        assert rule["pattern"] == source, rule["id"]
        assert catalogue[rule["id"]] == source, "loaded with --rules-path"


def test_a_composite_secret_half_is_found_alone(tokens):
    rng = random.Random(4)
    secret = "sk-lf-" + "-".join(_r(rng, HEX, n) for n in (8, 4, 4, 4, 12))
    [f] = scanner.scan([f"LANGFUSE secret is {secret}, the public key is elsewhere."])
    assert f.detector == "kingfisher.ech0.langfuse-secret-key"


def test_detector_table_is_current():
    """docs/detectors.md is generated from the corpus (bench/detector_table.py), every example
    checked against the detectors while it is built: regenerate it after changing either."""
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    sys.path.insert(0, str(root / "bench"))
    import detector_table

    assert detector_table.OUT.read_text("utf-8") == detector_table.build(), \
        "docs/detectors.md is stale: run .venv/bin/python bench/detector_table.py"
