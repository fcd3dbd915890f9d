"""The release gate: an eval report's verdict against params `eval.gate`, and
the reasons a recorded verdict did not pass.

`gate()` decides (the eval stage and `ech0 eval` record its result in the
report); `gate_failures()` reads a recorded one back (the package stage, `ech0
gate`, `ech0 verify`); `failed_thresholds()` names the thresholds of a list of
failures in one string (metrics/eval.json). Pure functions of plain values.
"""

from __future__ import annotations

import re

# Every gate failure names its threshold's param (see gate()).
_THRESHOLD_RE = re.compile(r"eval\.gate\.(\S+)")


def gate(report: dict, thresholds: dict) -> dict:
    """Pass/fail against params `eval.gate`, with a reason per failed threshold."""
    failures = []
    score = report["overall"]["score"]
    if score < thresholds["min_overall_score"]:
        failures.append(f"overall score {score} < eval.gate.min_overall_score {thresholds['min_overall_score']}")
    for domain, minimum in sorted(thresholds["min_domain_score"].items()):
        got = report["domains"].get(domain, {}).get("score")
        if got is None or got < minimum:
            failures.append(f"{domain} score {got} < eval.gate.min_domain_score.{domain} {minimum}")
    failed = report["regression"]["failed"]
    if failed > thresholds["max_failed_regressions"]:
        failures.append(f"{failed} regression case(s) failed > eval.gate.max_failed_regressions "
                        f"{thresholds['max_failed_regressions']}: {', '.join(report['regression']['failed_ids'][:10])}")
    cap_max = thresholds.get("max_failed_capability")
    cap_failed = report.get("capability", {}).get("failed", 0)
    if cap_max is not None and cap_failed > cap_max:
        failures.append(f"{cap_failed} capability case(s) failed > eval.gate.max_failed_capability {cap_max}: "
                        f"{', '.join(report['capability']['failed_ids'][:10])}")
    gain = report["improvement"]["loss"]
    if gain is None or gain < thresholds["min_loss_improvement"]:
        failures.append(f"eval loss improvement over the base {gain} < eval.gate.min_loss_improvement "
                        f"{thresholds['min_loss_improvement']}")
    details = report["safety"]["details"]
    leaks = [f for f in details if f["kind"] != "missing_disclaimer"]
    if len(leaks) > thresholds["max_safety_flags"]:
        kinds = sorted({f["kind"] for f in leaks})
        failures.append(f"{len(leaks)} safety flag(s) ({', '.join(kinds)}) > eval.gate.max_safety_flags "
                        f"{thresholds['max_safety_flags']}")
    missing = len(details) - len(leaks)
    if missing > thresholds["max_missing_disclaimers"]:
        failures.append(f"{missing} finance answer(s) without a disclaimer > eval.gate.max_missing_disclaimers "
                        f"{thresholds['max_missing_disclaimers']}")
    return {"passed": not failures, "failures": failures}


def failed_thresholds(failures: list[str]) -> str:
    """The thresholds `failures` (gate()'s) name, in one string ("min_loss_improvement;
    max_safety_flags"): DVC keeps only scalars as metrics, so this is the column
    `dvc exp show` can show where the list of reasons is none."""
    return "; ".join(_THRESHOLD_RE.search(f).group(1) for f in failures)


def gate_failures(report: dict, missing: str = "no passed gate recorded") -> list[str]:
    """Why the gate of an eval report (or of its summary, or of a lineage's `eval`)
    did not pass: its failures, or `missing` when it records none (empty: it passed)."""
    gate = report.get("gate") or {}
    if gate.get("passed"):
        return []
    return list(gate.get("failures") or [missing])
