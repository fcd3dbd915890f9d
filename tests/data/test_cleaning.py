"""ech0.data.cleaning: one raw line's fate, on toy rows (the stage's accounting is in tests/stages/test_clean.py)."""

import json
from pathlib import Path

import yaml

from ech0.data.cleaning import clean_chunk, clean_line

CFG = yaml.safe_load((Path(__file__).resolve().parents[2] / "params.yaml").read_text())["clean"]
ANSWER = ("Ohm's law gives the current: I = V / R = 12 / 4 = 3 A. The resistor dissipates P = V x I = 36 W, "
          "so a 0.25 W part would burn out.\nFinal answer: 3 A")


def line(**fields) -> bytes:
    row = {"prompt": "A 12 V source drives a 4 ohm resistor. What current flows?", "completion": ANSWER,
           "domain": "reasoning", "category": "physics", "difficulty": "easy", "source": "test", "tags": [],
           "metadata": {}}
    return json.dumps({**row, **fields}).encode()


def test_a_good_row_is_kept_with_its_quality_score():
    out = clean_line(line(), CFG)
    assert out["status"] == "kept" and out["redactions"] == {}
    assert 0.25 <= out["row"]["quality_score"] <= 1.0


def test_secrets_and_pii_are_redacted_and_counted():
    out = clean_line(line(completion=ANSWER + "\nMail ops@acme-corp.com, key AKIAZ7QXRWM2NB4KQ3VD."), CFG)
    assert out["status"] == "kept"
    assert "AKIAZ7QXRWM2NB4KQ3VD" not in out["row"]["completion"] and "ops@acme-corp.com" not in out["row"]["completion"]
    assert out["redactions"] == {"secret:AWSKeyDetector": 1, "email": 1}
    assert clean_line(line(completion=ANSWER + " key AKIAZ7QXRWM2NB4KQ3VD"), {**CFG, "fail_on_secrets": True}) == {
        "status": "secret", "findings": [("AWSKeyDetector", "$.completion")]}


def test_rejects_name_their_reason_and_field_and_carry_no_raw_text():
    assert clean_line(b"{not json", CFG)["reason"] == "malformed_json"
    empty = clean_line(line(completion="\u200b \u200b"), CFG)
    assert (empty["reason"], empty["field"]) == ("empty_field", "$.completion")
    low = clean_line(line(completion="ok ok ok ok ok ok ok ok"), CFG)
    assert (low["reason"], low["field"]) == ("low_quality", "$.completion")
    long = clean_line(line(), {**CFG, "max_tokens": 20})
    assert long["reason"] == "too_many_tokens"


def test_a_worker_chunk_returns_finished_lines_with_ids_and_strings():
    [(number, out)] = clean_chunk(("data/raw/reasoning.jsonl", [(7, line())], CFG))
    row = json.loads(out["line"])
    assert number == 7
    assert row["id"] == "data/raw/reasoning.jsonl:7" and out["domain"] == "reasoning"
    assert ANSWER in out["strings"] and "physics" in out["strings"]
