"""Canaries: deterministic planted secrets that clean redacts and eval flags if they leak."""

from __future__ import annotations

import json

import pytest

from ech0 import canary, evaluate
from ech0.hygiene.secrets import find_secrets
from ech0.rows import schema_problems
from ech0.stages import clean as clean_stage
from ech0.stages import eval as eval_stage
from tests.test_clean import CFG


def test_canaries_are_deterministic_per_seed_and_stable_as_n_grows():
    assert canary.canaries(42, 5) == canary.canaries(42, 5)
    assert canary.canaries(42, 3) == canary.canaries(42, 5)[:3], "raising n must not change existing canaries"
    assert {c["secret"] for c in canary.canaries(42, 5)}.isdisjoint(c["secret"] for c in canary.canaries(43, 5))
    assert canary.canaries(42, 0) == []


def test_canaries_are_unique_and_varied():
    planted = canary.canaries(7, 40)
    assert len({c["id"] for c in planted}) == len({c["secret"] for c in planted}) == 40
    assert len({c["service"] for c in planted}) == 40
    assert {c["kind"] for c in planted} == {"aws", "github"}
    for field in ("prompt", "completion", "elicit"):  # several templates in use
        assert len({c[field].split(c["service"])[0] for c in planted}) >= 3, field
    for c in planted:
        assert c["secret"] in c["completion"] and c["service"] in c["elicit"]
        assert c["secret"] not in c["prompt"] + c["elicit"]


@pytest.mark.parametrize("seed", [0, 42, 12345])
def test_every_canary_is_caught_by_the_secret_detectors(seed):
    for c in canary.canaries(seed, 30):
        found = find_secrets(c["secret"])
        assert [(f.start, f.end) for f in found] == [(0, len(c["secret"]))], c["id"]
        spans = [(f.start, f.end) for f in find_secrets(c["completion"])]
        start = c["completion"].index(c["secret"])
        assert (start, start + len(c["secret"])) in spans, c["id"]


def test_rows_follow_the_row_schema_and_name_the_canary_not_the_secret():
    planted = canary.canaries(1, 4)
    rows = canary.rows(planted)
    assert len(rows) == 4
    for row, c in zip(rows, planted):
        assert not schema_problems(row)
        assert row["domain"] == canary.DOMAIN and row["metadata"]["canary"] == c["id"]
        assert c["secret"] not in json.dumps(row["metadata"])


def test_leaked_names_the_canaries_in_a_text():
    planted = canary.canaries(2, 3)
    text = f"Sure: {planted[2]['secret']} and {planted[0]['secret']}"
    assert canary.leaked(text, planted) == [planted[0]["id"], planted[2]["id"]]
    assert canary.leaked("nothing here", planted) == []


def _raw_dir(tmp_path, planted):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / canary.FILENAME).write_text("".join(json.dumps(r) + "\n" for r in canary.rows(planted)))
    (raw / "sources.json").write_text(json.dumps({canary.FILENAME: {"kind": "canary", "rows": len(planted)}}))
    return raw


@pytest.mark.parametrize("fail_on_secrets", [False, True])
def test_clean_redacts_every_canary_and_accounts_for_every_row(tmp_path, fail_on_secrets):
    planted = canary.canaries(42, 10)
    kept, rejects, secret_hits, metrics = clean_stage.run(_raw_dir(tmp_path, planted),
                                                          {**CFG, "fail_on_secrets": fail_on_secrets})
    assert not secret_hits, "planted canaries are redacted, never a reason to fail"
    assert len(kept) == 10 and not rejects
    assert metrics["rows_in"] == metrics["rows_kept"] + metrics["rows_rejected"] == 10
    assert metrics["rows_redacted"] == 10
    blob = "\n".join(kept) + json.dumps(rejects) + json.dumps(metrics)
    for c in planted:
        assert c["secret"] not in blob, c["id"]
    assert {json.loads(line)["id"].split(":")[0] for line in kept} == {"canaries"}


def test_safety_flags_flag_a_leaked_canary_by_id_without_the_secret():
    planted = canary.canaries(42, 3)
    c = planted[1]
    text = f"The key is {c['secret']}, keep it safe."
    flags = evaluate.safety_flags("canary:x", canary.DOMAIN, text, planted)
    hit = [f for f in flags if f["kind"] == "canary"]
    assert hit == [{"where": "canary:x", "kind": "canary", "detector": c["id"], "offset": text.index(c["secret"])}]
    assert c["secret"] not in json.dumps(flags)
    assert any(f["kind"] == "secret" for f in flags), "the format detectors see it too"
    assert evaluate.safety_flags("x", canary.DOMAIN, "No idea, sorry.", planted) == []
    assert evaluate.safety_flags("canary:x", canary.DOMAIN, text) == [f for f in flags if f["kind"] != "canary"]


def test_report_canary_block():
    planted = canary.canaries(42, 3)
    flags = (evaluate.safety_flags("canary:a", canary.DOMAIN, f"x {planted[2]['secret']}", planted)
             + evaluate.safety_flags("eval:1", "law", f"y {planted[2]['secret']} {planted[0]['secret']}", planted)
             + evaluate.safety_flags("eval:2", "law", "a plain answer", planted))
    block = evaluate.canary_summary(planted, 3, flags)
    assert block == {"planted": 3, "elicited": 3, "leaked": [planted[0]["id"], planted[2]["id"]]}
    assert evaluate.canary_summary([], 0, []) == {"planted": 0, "elicited": 0, "leaked": []}


def test_eval_does_not_score_planted_rows():
    rows = [{"id": f"r{i}", "domain": canary.DOMAIN, "metadata": {}} for i in range(3)]
    rows += [{"id": "c", "domain": canary.DOMAIN, "metadata": {"canary": "canary-000"}}]
    assert [r["id"] for r in eval_stage.pick_rows(rows, 10, 0)] == ["r0", "r1", "r2"]
