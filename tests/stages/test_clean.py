"""Bad and nasty input through the clean stage: the exact fate of every line."""

from __future__ import annotations

import json
import random

import pytest

from ech0.stages import clean as clean_stage
from tests.corpus import MUST_SURVIVE, planted_pii, planted_secrets

CFG = {"min_quality": 0.25, "max_tokens": 2048, "max_line_bytes": 1 << 20, "fail_on_secrets": False,
       "redact_pii": True, "workers": 1}
GOOD_COMPLETION = ("Start from the definition, apply it to each case in turn, and check the result "
                   "against the constraint given in the question before stating the conclusion clearly.")


def row(prompt="Explain the method step by step.", completion=GOOD_COMPLETION, **extra):
    r = {"prompt": prompt, "completion": completion, "tags": ["t"], "domain": "law", "category": "general",
         "difficulty": "easy", "source": "import:t", "metadata": {}}
    r.update(extra)
    return r


def line(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode()


class clean:
    """clean.run with kept rows parsed back into dicts, for assertions."""

    @staticmethod
    def run(raw, cfg):
        kept, rejects, secrets, metrics = clean_stage.run(raw, cfg)
        return [json.loads(x) for x in kept], rejects, secrets, metrics


def make_raw(tmp_path, lines: list[bytes], name="imports/t/dump.jsonl", fmt="jsonl"):
    raw = tmp_path / "raw"
    (raw / name).parent.mkdir(parents=True, exist_ok=True)
    (raw / name).write_bytes(b"\n".join(lines) + b"\n")
    sources = {name: {"kind": "import", "tag": "t", "source_file": "dump.jsonl", "format": fmt, "rows": len(lines)}}
    (raw / "sources.json").write_text(json.dumps(sources))
    return raw


# (raw line, expected reason or None for kept, expected field)
CASES = [
    (line(row()), None, None),
    (b'{"prompt": "unterminated", "completion": ', "malformed_json", "$"),
    (line(row(prompt=5)), "wrong_type", "$.prompt"),
    (line(row(prompt="")), "empty_field", "$.prompt"),
    (line(row(completion=" \u200b\u200b ")), "empty_field", "$.completion"),
    (b'{"prompt": "caf\xe9 au lait", "completion": "x"}', "invalid_utf8", "$"),
    (b"\xef\xbb\xbf" + line(row(prompt="BOM row")), "bom", "$"),
    (b'{"prompt": "' + b"a" * (10 * 1024 * 1024) + b'"}', "line_too_long", "$"),
    (line({k: v for k, v in row().items() if k != "completion"}), "missing_field", "$.completion"),
    (line(row(colour="red")), "schema", "$"),
    (line([row()]), "not_object", "$"),
    (line(row(difficulty="extreme")), "schema", "$.difficulty"),
    (line(row(quality_score=1.5)), "schema", "$.quality_score"),
    (line(row(prompt="Say it.", completion="ok")), "low_quality", "$.completion"),
    (line(row(completion=GOOD_COMPLETION + "".join(f" word{i}" for i in range(2000)))), "too_many_tokens", "$"),
]


def test_every_bad_line_gets_its_exact_reason(tmp_path):
    raw = make_raw(tmp_path, [c[0] for c in CASES])
    kept, rejects, secrets, metrics = clean.run(raw, CFG)
    assert not secrets
    got = {int(r["location"].rsplit(":", 1)[1]): r for r in rejects}
    for number, (_, reason, field) in enumerate(CASES, start=1):
        if reason is None:
            assert number not in got
        else:
            assert got[number]["reason"] == reason, (number, got[number])
            assert got[number]["field"] == field, (number, got[number])
            assert got[number]["source"] == f"dump.jsonl:{number}"
            assert got[number]["location"] == f"{raw.as_posix()}/imports/t/dump.jsonl:{number}"
    assert [r["id"] for r in kept] == ["imports/t/dump:1"]
    assert metrics["rows_in"] == len(CASES) == metrics["rows_kept"] + metrics["rows_rejected"]
    assert sum(metrics["rejected_by_reason"].values()) == metrics["rows_rejected"] == len(CASES) - 1
    assert metrics["files"]["imports/t/dump.jsonl"] == {"rows_in": len(CASES), "kept": 1, "rejected": len(CASES) - 1}


def conv(*turns, **extra):
    """A conversation row from (role, content) pairs."""
    r = {k: v for k, v in row(**extra).items() if k not in ("prompt", "completion")}
    r["messages"] = [{"role": role, "content": content} for role, content in turns]
    return r


U1, A1 = ("user", "What is the P/E of a $50 stock earning $2.50 a share?"), ("assistant", GOOD_COMPLETION)
U2, A2 = ("user", "And if the price doubles?"), ("assistant", GOOD_COMPLETION.replace("Start", "Begin"))
# (raw line, expected reason or None for kept, expected field): every malformed
# conversation the issue names, with the turn it points at.
CONV_CASES = [
    (line(conv(("system", "Be exact."), U1, A1, U2, A2)), None, None),
    (line(conv(U1, A1, U2)), "conversation", "$.messages[2]"),                      # ends with a user turn
    (line(conv(U1, U2, A1)), "conversation", "$.messages[1].role"),                 # two user turns in a row
    (line(conv(U1, ("asistant", GOOD_COMPLETION))), "schema", "$.messages[1].role"),  # unknown role
    (line(conv(U1, ("assistant", "  "))), "empty_field", "$.messages[1].content"),  # empty assistant turn
    (line(conv(U1, A1, ("system", "New rules."), A2)), "conversation", "$.messages[2].role"),  # system mid-way
    (line({**conv(U1, A1), "messages": [dict(role="user", content=U1[1]), dict(role="assistant", content=7)]}),
     "wrong_type", "$.messages[1].content"),                                        # content not a string
    (line(conv(*[U1, A1] * 100)), "too_many_tokens", "$"),                          # 200 turns over the limit
    (line(conv(U1, A1, U2, ("assistant", "ok"))), "low_quality", "$.messages[3].content"),  # a poor follow-up
    (line({**conv(U1, A1), "prompt": "p", "completion": "c"}), "schema", "$"),      # both shapes
    (line(conv(("assistant", GOOD_COMPLETION), U1, A1)), "conversation", "$.messages[0].role"),  # starts with an answer
]


def test_every_bad_conversation_gets_its_exact_reason_and_turn(tmp_path):
    raw = make_raw(tmp_path, [c[0] for c in CONV_CASES])
    kept, rejects, secrets, metrics = clean.run(raw, {**CFG, "max_tokens": 4096})
    got = {int(r["location"].rsplit(":", 1)[1]): r for r in rejects}
    for number, (_, reason, field) in enumerate(CONV_CASES, start=1):
        if reason is None:
            assert number not in got
        else:
            assert (got[number]["reason"], got[number]["field"]) == (reason, field), (number, got[number])
    assert [r["id"] for r in kept] == ["imports/t/dump:1"]
    assert kept[0]["messages"][0] == {"role": "system", "content": "Be exact."} and "prompt" not in kept[0]
    assert metrics["rows_in"] == len(CONV_CASES) == metrics["rows_kept"] + metrics["rows_rejected"]
    assert sum(metrics["rejected_by_reason"].values()) == len(CONV_CASES) - 1


def test_a_secret_in_a_system_prompt_is_redacted_and_located(tmp_path):
    _, text, value = planted_secrets(random.Random(3))[0]
    raw = make_raw(tmp_path, [line(conv(("system", "Use this key: " + text), U1, A1))])
    kept, rejects, secrets, metrics = clean.run(raw, CFG)
    assert not rejects and not secrets and len(kept) == 1
    assert value not in json.dumps(kept) and "[SECRET:" in kept[0]["messages"][0]["content"]
    assert metrics["rows_redacted"] == 1
    cfg = {**CFG, "fail_on_secrets": True}
    _, _, found, _ = clean.run(raw, cfg)
    assert [(loc.rsplit(":", 1)[1], field) for loc, _, field in found] == [("1", "$.messages[0].content")]


def test_rejects_never_copy_raw_text(tmp_path):
    raw = make_raw(tmp_path, [c[0] for c in CASES])
    _, rejects, _, _ = clean.run(raw, CFG)
    blob = json.dumps(rejects)
    assert "unterminated" not in blob and "aaaaaaaaaa" not in blob
    assert len(blob) < 20_000, "a 10 MB line must not be echoed into rejects"


def test_json_array_rejects_point_at_the_element(tmp_path):
    raw = make_raw(tmp_path, [line(row()), line("just a string")], name="imports/t/arr.jsonl", fmt="json_array")
    _, rejects, _, _ = clean.run(raw, CFG)
    assert [(r["source"], r["reason"]) for r in rejects] == [("dump.jsonl[1]", "not_object")]


def test_normalisation_nfc_and_whitespace(tmp_path):
    decomposed = "Cafe\u0301  menu:\r\n\r\n\r\n\r\nitems\u00a0here \u200b"
    raw = make_raw(tmp_path, [line(row(prompt=decomposed))])
    kept, _, _, _ = clean.run(raw, CFG)
    assert kept[0]["prompt"] == "Caf\u00e9 menu:\n\nitems here"


def test_every_secret_redacted_and_counted_never_leaked(tmp_path):
    planted = planted_secrets(random.Random(3))
    lines = [line(row(completion=GOOD_COMPLETION + " Note: " + text)) for _, text, _ in planted]
    raw = make_raw(tmp_path, lines)
    kept, rejects, secrets, metrics = clean.run(raw, CFG)
    assert len(kept) == len(planted) and not rejects
    blob = json.dumps(kept) + json.dumps(metrics)
    for detector, _, value in planted:
        assert value not in blob, detector
        assert metrics["redactions_by_type"][f"secret:{detector}"] == 1, detector
    assert metrics["rows_redacted"] == len(planted)
    assert "[SECRET:PasswordAssignmentDetector]" in blob


def test_fail_on_secrets_names_location_and_detector_not_value(tmp_path, monkeypatch, capsys):
    planted = planted_secrets(random.Random(4))
    detector, text, value = planted[0]
    raw = make_raw(tmp_path, [line(row()), line(row(completion=GOOD_COMPLETION + " " + text))])
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(clean_stage, "RAW_DIR", raw)
    monkeypatch.setattr(clean_stage, "stage_params", lambda: {"clean": {**CFG, "fail_on_secrets": True}})
    with pytest.raises(SystemExit) as exc:
        clean_stage.main()
    err = capsys.readouterr().err + str(exc.value)
    assert f"imports/t/dump.jsonl:2: secret detected by {detector} in $.completion" in err
    assert value not in err
    assert not (tmp_path / "data/clean").exists(), "no output when failing"


def test_every_pii_type_redacted_and_private_ips_survive(tmp_path):
    planted = planted_pii(random.Random(5))
    survivors = " ".join(MUST_SURVIVE)
    lines = [line(row(completion=GOOD_COMPLETION + " " + text + " Also " + survivors)) for _, text, _ in planted]
    raw = make_raw(tmp_path, lines)
    kept, _, _, metrics = clean.run(raw, CFG)
    assert len(kept) == len(planted)
    for (kind, _, value), r in zip(planted, kept):
        assert value not in r["completion"]
        assert f"[{kind.upper()}]" in r["completion"]
        assert survivors in r["completion"], "private IPs and ordinary numbers must survive"
    assert metrics["redactions_by_type"] == {"credit_card": 3, "email": 1, "iban": 1, "ip_address": 2,
                                             "phone": 2, "ssn": 1}
    # No residue: the email's domain goes with it.
    email_row = kept[0]["completion"]
    assert ".com" not in email_row.split("Note")[0].split("write to")[1]


def test_redaction_reaches_metadata_and_tags(tmp_path):
    _, text, value = planted_secrets(random.Random(6))[5]
    raw = make_raw(tmp_path, [line(row(tags=["t", text], metadata={"note": {"deep": [text]}}))])
    kept, _, _, metrics = clean.run(raw, CFG)
    assert value not in json.dumps(kept)
    assert sum(metrics["redactions_by_type"].values()) == 2


def test_clean_is_idempotent(tmp_path):
    planted = [t for _, t, _ in planted_secrets(random.Random(7))] + [t for _, t, _ in planted_pii(random.Random(7))]
    raw = make_raw(tmp_path, [line(row(completion=GOOD_COMPLETION + " " + " ".join(planted)))])
    once, _, _, _ = clean.run(raw, CFG)
    again_raw = make_raw(tmp_path / "2", [line({k: v for k, v in once[0].items() if k not in ("id",)})])
    twice, _, _, metrics = clean.run(again_raw, CFG)
    assert twice[0]["completion"] == once[0]["completion"]
    assert metrics["redactions_by_type"] == {}


def test_workers_do_not_change_results(tmp_path):
    lines = [c[0] for c in CASES if len(c[0]) < 100_000] * 300  # two chunks of 2000 lines
    raw = make_raw(tmp_path, lines)
    one = clean.run(raw, CFG)
    two = clean.run(raw, {**CFG, "workers": 2})
    assert one[0] == two[0] and one[1] == two[1] and one[3] == two[3]
