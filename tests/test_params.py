"""params.yaml validation: typos, wrong types and ranges fail with the full key path."""

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
    bad = copy.deepcopy(params)
    mutate(bad)
    with pytest.raises(ParamsError) as exc:
        validate_params(bad)
    assert expected in str(exc.value)


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
