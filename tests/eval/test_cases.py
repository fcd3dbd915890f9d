"""ech0.eval.cases: case files are checked line by line, errors name file:line and field."""

import json

import pytest

from ech0.eval.cases import read_cases
from tests.stages.test_eval import CASES


def test_bad_regression_case_names_file_line_and_field(tmp_path):
    path = tmp_path / "regression.jsonl"
    path.write_text(json.dumps(CASES[0]) + "\n" + json.dumps({**CASES[1], "min_score": "high"}) + "\n")
    with pytest.raises(SystemExit, match=r"regression.jsonl:2: field 'min_score'"):
        read_cases(path)
    path.write_text("{not json\n")
    with pytest.raises(SystemExit, match=r"regression.jsonl:1: not valid JSON"):
        read_cases(path)
