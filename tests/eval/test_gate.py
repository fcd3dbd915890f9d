"""The release gate (ech0.eval.gate): the verdict per threshold, and reading a
recorded verdict back."""

from __future__ import annotations

import pytest

from ech0.eval.gate import failed_thresholds, gate, gate_failures


GATE = {"min_overall_score": 0.5, "min_domain_score": {"law": 0.5}, "max_failed_regressions": 0,
        "max_failed_capability": 1, "min_loss_improvement": 0.02, "max_safety_flags": 0,
        "max_missing_disclaimers": 1}


def report(**over):
    r = {"overall": {"score": 0.8}, "domains": {"law": {"score": 0.9}},
         "regression": {"failed": 0, "failed_ids": []}, "capability": {"failed": 1, "failed_ids": ["x"]},
         "improvement": {"loss": 0.1},
         "safety": {"flags": 0, "details": []}}
    for k, v in over.items():
        r[k] = v
    return r


def test_gate_passes_when_every_threshold_holds():
    assert gate(report(), GATE) == {"passed": True, "failures": []}


@pytest.mark.parametrize("over, needle", [
    ({"overall": {"score": 0.4}}, "min_overall_score"),
    ({"domains": {"law": {"score": 0.1}}}, "min_domain_score.law"),
    ({"domains": {}}, "min_domain_score.law"),
    ({"regression": {"failed": 2, "failed_ids": ["a", "b"]}}, "max_failed_regressions"),
    ({"capability": {"failed": 2, "failed_ids": ["a", "b"]}}, "max_failed_capability"),
    ({"improvement": {"loss": 0.0}}, "min_loss_improvement"),
    ({"improvement": {"loss": None}}, "min_loss_improvement"),
    ({"safety": {"flags": 1, "details": [{"kind": "secret"}]}}, "max_safety_flags"),
    ({"safety": {"flags": 1, "details": [{"kind": "canary"}]}}, "max_safety_flags"),
    ({"safety": {"flags": 2, "details": [{"kind": "missing_disclaimer"}] * 2}}, "max_missing_disclaimers"),
])
def test_gate_names_each_failed_threshold(over, needle):
    result = gate(report(**over), GATE)
    assert not result["passed"] and len(result["failures"]) == 1 and needle in result["failures"][0]


def test_capability_is_recorded_but_not_gated_when_its_threshold_is_null():
    lax = {**GATE, "max_failed_capability": None}
    assert gate(report(capability={"failed": 54, "failed_ids": ["a"] * 54}), lax)["passed"]
    assert not gate(report(capability={"failed": 54, "failed_ids": ["a"] * 54}), GATE)["passed"]


def test_failed_thresholds_name_the_params_in_one_string():
    failures = gate(report(improvement={"loss": 0.0}, safety={"flags": 1, "details": [{"kind": "pii"}]}),
                    GATE)["failures"]
    assert failed_thresholds(failures) == "min_loss_improvement; max_safety_flags"
    assert failed_thresholds([]) == ""


def test_gate_failures_read_a_recorded_verdict():
    failed = gate(report(overall={"score": 0.1}), GATE)
    assert gate_failures({"gate": failed}) == failed["failures"]
    assert gate_failures({"gate": gate(report(), GATE)}) == []
    # No gate, or a failed one without reasons, is not a pass.
    assert gate_failures({}) == ["no passed gate recorded"]
    assert gate_failures({"gate": {"passed": False}}, missing="not passed") == ["not passed"]


def test_the_package_stage_reads_the_gate_with_this_module():
    """One definition: the package stage imports gate_failures, it does not keep its own."""
    from ech0.stages import package

    assert package.gate_failures is gate_failures
