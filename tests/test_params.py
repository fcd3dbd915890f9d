"""params.yaml validation: typos, wrong types and ranges fail with the full key path,
and so do the rules between keys (the one place a stage's params are checked)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from ech0.params import ParamsError, load_params, validate_params

ROOT_PARAMS = Path(__file__).resolve().parents[1] / "params.yaml"


@pytest.fixture
def params():
    return load_params("params.yaml")


def assert_rejected(params: dict, mutate, expected: str) -> None:
    """`params` changed by `mutate` (on a copy) fails validation with `expected` in the message."""
    bad = copy.deepcopy(params)
    mutate(bad)
    with pytest.raises(ParamsError) as exc:
        validate_params(bad)
    assert expected in str(exc.value)


def test_shipped_params_are_valid(params):
    assert params["seed"] == 42


@pytest.mark.parametrize("mutate,expected", [
    (lambda p: p["clean"].update(min_qualty=0.3), "clean.min_qualty: unknown key; did you mean 'min_quality'?"),
    (lambda p: p.update(trainin={}), "trainin: unknown key"),
    (lambda p: p["domains"]["law"].update(weight="heavy"), "domains.law.weight: 'heavy' is not of type 'number'"),
    (lambda p: p["processed"].update(eval_fraction=0.9), "processed.eval_fraction: 0.9 is greater than the maximum"),
    (lambda p: p["domains"]["law"].pop("max_samples"), "domains.law.max_samples: required key is missing"),
    (lambda p: p["processed"]["dedup"].update(threshold=0), "processed.dedup.threshold: 0 is less than or equal"),
    (lambda p: p["domains"].update({"Bad-Name": p["domains"]["law"]}), "domains: 'Bad-Name' does not match"),
    (lambda p: p["domains"]["x"].update(generator="not a spec") if "x" in p["domains"] else
     p["domains"].update(x={"enabled": True, "weight": 1, "max_samples": 1, "generator": "no colon"}),
     "domains.x.generator: 'no colon' does not match"),
])
def test_bad_params_name_the_key_and_reason(params, mutate, expected):
    assert_rejected(params, mutate, expected)


def test_every_problem_is_listed_at_once(params):
    bad = copy.deepcopy(params)
    bad["clean"]["workers"] = 0
    bad["raw"]["total_sampels"] = 5
    msg = str(pytest.raises(ParamsError, validate_params, bad).value)
    assert "clean.workers" in msg and "raw.total_sampels" in msg


def test_unreadable_files_are_clear_errors(tmp_path):
    with pytest.raises(ParamsError, match="not found"):
        load_params(tmp_path / "params.yaml")
    (tmp_path / "params.yaml").write_text("seed: [unclosed\n")
    with pytest.raises(ParamsError, match="not valid YAML"):
        load_params(tmp_path / "params.yaml")


def test_params_yaml_has_no_key_the_schema_lacks(params):
    # Round-trip: what the schema accepts is exactly what the file uses.
    text = yaml.safe_dump(params)
    assert validate_params(yaml.safe_load(text)) == params


def test_exponent_floats_read_as_numbers_like_dvc_does(tmp_path):
    """YAML 1.1 (PyYAML) reads `1e-4` as a string; DVC (YAML 1.2) as a float. ech0 follows DVC."""
    text = (ROOT_PARAMS.read_text().replace("\n  learning_rate: 0.004", "\n  learning_rate: 1e-4", 1))
    assert "\n  learning_rate: 1e-4" in text
    path = tmp_path / "params.yaml"
    path.write_text(text)
    params = load_params(path)
    assert params["training"]["learning_rate"] == 1e-4
    assert isinstance(params["training"]["max_steps"], int)


@pytest.mark.parametrize("mutate,expected", [
    (lambda p: p["model"]["builtin"].update(num_heads=3),  # 128 / 3
     "model.builtin.num_heads: hidden_size 128 must split into 3 heads of even size"),
    (lambda p: p["model"]["builtin"].update(hidden_size=192, num_heads=64),  # heads of size 3
     "model.builtin.num_heads: hidden_size 192 must split into 64 heads"),
    (lambda p: p["model"]["builtin"].update(pretrain_seq_len=2048),
     "model.builtin.pretrain_seq_len: 2048 is more than max_position_embeddings 1024"),
    (lambda p: p["quantization"].update(bits=8, type="nf4"),
     "quantization.type: 'nf4' is a 4-bit type but quantization.bits is 8; use quantization.type int8 "
     "or quantization.bits 4"),
    (lambda p: p["quantization"].update(bits=8, type="fp4"), "quantization.type: 'fp4' is a 4-bit type"),
    (lambda p: p["quantization"].update(bits=4, type="int8"),
     "quantization.type: 'int8' is a 8-bit type but quantization.bits is 4; use quantization.type nf4 or fp4"),
    (lambda p: p["infrastructure"].update(cpu_offload=True),
     "infrastructure.cpu_offload: offloads FSDP's sharded state, so it needs infrastructure.distributed "
     "enabled with strategy fsdp"),
    (lambda p: (p["infrastructure"].update(cpu_offload=True), p["infrastructure"]["distributed"].update(
        strategy="fsdp")), "infrastructure.cpu_offload"),  # fsdp, but distributed training is off
])
def test_rules_between_keys_name_the_key_and_reason(params, mutate, expected):
    assert_rejected(params, mutate, expected)


@pytest.mark.parametrize("mutate", [
    lambda p: p["quantization"].update(bits=8, type="int8"),
    lambda p: p["quantization"].update(type="fp4"),
    lambda p: (p["infrastructure"].update(cpu_offload=True),
               p["infrastructure"]["distributed"].update(enabled=True, world_size=2, backend="nccl", strategy="fsdp")),
    lambda p: p["model"]["builtin"].update(hidden_size=192, num_heads=3, pretrain_seq_len=1024),
])
def test_rules_between_keys_accept_what_works(params, mutate):
    good = copy.deepcopy(params)
    mutate(good)
    assert validate_params(good) == good


@pytest.mark.parametrize("mutate,expected", [
    # The schema constrains each value; nothing downstream re-checks them.
    (lambda p: p["quantization"].update(bits=3), "quantization.bits: 3 is not one of [4, 8]"),
    (lambda p: p["quantization"].update(bits=True), "quantization.bits: True is not one of [4, 8]"),
    (lambda p: p["quantization"].update(type="q4_k"), "quantization.type: 'q4_k' is not one of"),
    (lambda p: p["quantization"].update(compute_dtype="fp8"), "quantization.compute_dtype: 'fp8' is not one of"),
    (lambda p: p["quantization"].update(double_quant="yes"), "quantization.double_quant: 'yes' is not of type"),
    (lambda p: p["quantization"].pop("compute_dtype"), "quantization.compute_dtype: required key is missing"),
    (lambda p: p["model"]["builtin"].update(pretrain_adam_betas=[0.9]),
     "model.builtin.pretrain_adam_betas: [0.9] is too short"),
    (lambda p: p["model"]["builtin"].update(pretrain_adam_betas=[0.9, 1.0]),
     "model.builtin.pretrain_adam_betas.1: 1.0 is greater than or equal to the maximum of 1"),
    (lambda p: p["model"]["builtin"].update(pretrain_warmup_fraction=1.5),
     "model.builtin.pretrain_warmup_fraction: 1.5 is greater than the maximum of 1"),
    (lambda p: p["model"]["builtin"].pop("pretrain_max_grad_norm"),
     "model.builtin.pretrain_max_grad_norm: required key is missing"),
])
def test_schema_constrains_each_value(params, mutate, expected):
    assert_rejected(params, mutate, expected)


def test_rules_between_keys_wait_for_a_valid_shape(params):
    """A file the schema rejects lists the schema's problems; the rules read keys the
    schema requires, so they run once those hold."""
    bad = copy.deepcopy(params)
    bad["quantization"].update(bits=8, type="nf4")
    del bad["model"]["builtin"]["num_heads"]
    msg = str(pytest.raises(ParamsError, validate_params, bad).value)
    assert "model.builtin.num_heads: required key is missing" in msg and "quantization.type" not in msg


def test_params_check_and_stages_reject_a_broken_rule(tmp_path, capsys):
    """`ech0 params check` and a stage's stage_params() reject the same file, with the same lines."""
    from ech0.cli import main as cli
    from ech0.params import stage_params

    text = ROOT_PARAMS.read_text().replace("\n  cpu_offload: false", "\n  cpu_offload: true", 1)
    path = tmp_path / "params.yaml"
    path.write_text(text)
    assert cli(["params", "check", "--file", str(path)]) == 1
    err = capsys.readouterr().err
    assert "infrastructure.cpu_offload: offloads FSDP's sharded state" in err
    with pytest.raises(SystemExit) as exc:
        stage_params(path)
    assert str(exc.value).strip() == err.strip()
    assert cli(["params", "check", "--file", str(ROOT_PARAMS)]) == 0
