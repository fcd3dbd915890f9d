"""lineage.json: the record built from the package stage's inputs, and `verify`
re-hashing a package against it (no model needed: files of bytes)."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from ech0.release import lineage as lin

ROOT = Path(__file__).resolve().parents[2]
PARAMS = yaml.safe_load((ROOT / "params.yaml").read_text())


def eval_report(passed: bool = True) -> dict:
    """The parts of metrics/eval/report.json that lineage() reads."""
    failures = [] if passed else ["eval loss improvement over the base 0.0 < eval.gate.min_loss_improvement 0.05"]
    return {"overall": {"score": 0.61, "loss": 1.2}, "base": {"overall": {"score": 0.4, "loss": 1.9}},
            "domains": {"law": {"score": 0.7, "loss": 1.1, "passed": 7, "total": 10}},
            "regression": {"cases": 12, "passed": 11, "failed": 1, "failed_ids": ["x"]},
            "safety": {"flags": 0, "details": []}, "gate": {"passed": passed, "failures": failures}}


def record(passed: bool = True, **identity) -> dict:
    base = {"base_model": "builtin", "content_sha256": "c" * 64, "params": {}, **identity}
    train = {"steps": 40, "eval_loss_base": 1.9, "eval_loss": 1.2, "tokens_seen": 1000, "wall_s": 3.0,
             "env": {"device": "some CPU", "torch": "2"}}
    data = {"data/processed/train.jsonl": "a" * 32, "data/processed/eval.jsonl": "b" * 32}
    return lin.lineage(PARAMS, base, data, train, eval_report(passed))


def test_lineage_records_the_base_params_data_scores_and_gate():
    info = record()
    assert info["base_model"] == {"base_model": "builtin", "revision": None, "content_sha256": "c" * 64}
    assert info["params_sha256"] == lin.params_sha256(PARAMS) and len(info["params_sha256"]) == 64
    assert info["train"] == {"steps": 40, "eval_loss_base": 1.9, "eval_loss": 1.2, "tokens_seen": 1000,
                             "device": "some CPU"}  # no wall time: same inputs, same bytes
    assert info["eval"]["domains"] == {"law": {"score": 0.7, "loss": 1.1}}
    assert info["eval"]["capability"] == {"cases": 0, "passed": 0}  # a project without capability cases
    assert info["eval"]["gate"]["passed"] and info["software"]["python"]
    gguf = {"name": "HuggingFaceTB/SmolLM2-135M-Instruct", "file": "m.gguf"}
    assert record(gguf=gguf)["base_model"]["gguf"] == gguf


def test_params_hash_covers_the_model_shaping_sections_only():
    changed = {**PARAMS, "training": {**PARAMS["training"], "learning_rate": 0.5}}
    assert lin.params_sha256(changed) != lin.params_sha256(PARAMS)
    assert lin.params_sha256({**PARAMS, "clean": {"anything": 1}}) == lin.params_sha256(PARAMS)


def test_verify_finds_changed_missing_extra_and_pickle_files(tmp_path):
    (tmp_path / "model.safetensors").write_bytes(b"weights")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub/config.json").write_text("{}")
    passed = {"eval": {"gate": {"passed": True, "failures": []}}}
    (tmp_path / lin.LINEAGE).write_text(json.dumps({**passed, "files": lin.file_hashes(tmp_path)}))
    assert set(lin.file_hashes(tmp_path)) == {"model.safetensors", "sub/config.json"}
    assert lin.verify(tmp_path) == []
    (tmp_path / "model.safetensors").write_bytes(b"weightz")
    (tmp_path / "sub/config.json").unlink()
    (tmp_path / "pytorch_model.bin").write_bytes(b"pickle")
    problems = lin.verify(tmp_path)
    assert "model.safetensors: sha256 mismatch" in problems and "sub/config.json: missing" in problems
    assert "pytorch_model.bin: not in lineage.json" in problems and "pytorch_model.bin: pickle file" in problems
    assert lin.pickles(tmp_path) == ["pytorch_model.bin"]


def test_verify_refuses_a_refusal_record_and_an_unreadable_lineage(tmp_path):
    (tmp_path / "README.md").write_text("# Not a model")
    info = {**record(passed=False), "files": lin.file_hashes(tmp_path)}
    (tmp_path / lin.LINEAGE).write_text(json.dumps(info))
    problems = lin.verify(tmp_path)
    assert len(problems) == 1 and problems[0].startswith("not a model: its eval gate FAILED")
    assert "min_loss_improvement" in problems[0]
    (tmp_path / lin.LINEAGE).write_text("{")
    assert lin.verify(tmp_path) == [f"{tmp_path / lin.LINEAGE}: unreadable lineage (JSONDecodeError)"]
