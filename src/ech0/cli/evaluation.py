"""`ech0 eval`, `ech0 baseline`, `ech0 gate`: the eval outside the pipeline, the
regression baselines, and the recorded gate for scripts. The evaluation itself
is ech0.eval.run, the gate ech0.eval.gate, the baseline rule
ech0.eval.scoring.rebaseline; these commands read and write files."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ech0.eval.gate import gate_failures


def cmd_eval(args) -> int:
    """Evaluate any trained model directory (an adapter or a full model) against the
    params' base, as the eval stage does; the report goes to --out or stdout."""
    from ech0.eval.cases import CAPABILITY, CASES
    from ech0.eval.run import evaluate_dir
    from ech0.jsonl import dumps, write_json
    from ech0.params import stage_params

    capability = CAPABILITY if args.capability is None else Path(args.capability) if args.capability else None
    report, cases, _ = evaluate_dir(stage_params(), Path(args.model_dir), Path(args.baseline or CASES), capability)
    report["regression"]["reports"] = cases
    if args.out:
        write_json(args.out, report)
    else:
        print(dumps(report))
    reasons = gate_failures(report)
    print(f"gate {'FAILED' if reasons else 'PASSED'}" + "".join(f"\n  {r}" for r in reasons), file=sys.stderr)
    return 1 if reasons else 0


def case_reports(path: str) -> list[dict]:
    """The case reports in `path`: the eval stage's metrics/eval/regression.json (a
    list) or an `ech0 eval --out` report (under regression.reports). ValueError
    (OSError for an unreadable file) says what is wrong."""
    data = json.loads(Path(path).read_text("utf-8"))
    run = data["regression"].get("reports") if isinstance(data, dict) and "regression" in data else data
    if not isinstance(run, list):
        raise ValueError("not a list of case reports (metrics/eval/regression.json)")
    return run


def cmd_baseline(args) -> int:
    """Set each regression case's min_score to the lowest score it got in the given
    case reports (the eval stage's metrics/eval/regression.json, or `ech0 eval --out`
    reports), e.g. of the default recipe at a few seeds. Writes --cases in place."""
    from ech0.eval import scoring
    from ech0.eval.cases import CASES, read_cases
    from ech0.jsonl import atomic_open

    path = Path(args.cases or CASES)
    runs = []
    for report in args.reports:
        try:
            runs.append(case_reports(report))
        except (OSError, ValueError) as exc:  # json.JSONDecodeError is a ValueError
            print(f"ech0 baseline: {report}: {exc}", file=sys.stderr)
            return 2
    cases = read_cases(path)
    if args.keep_current:
        # The current baselines count as one more run: the reports can only lower
        # them (runs in another precision or on another host added to the seeds).
        runs.insert(0, [{"id": c["id"], "score": c["min_score"]} for c in cases])
    try:
        new, unfailable = scoring.rebaseline(cases, runs)
    except ValueError as exc:
        print(f"ech0 baseline: {exc}", file=sys.stderr)
        return 2
    if unfailable and not args.drop_unfailable:
        print(f"ech0 baseline: {len(unfailable)} case(s) scored 0 in some run and forbid nothing, so no "
              f"model could fail them: {', '.join(unfailable)}. Rewrite them, or pass --drop-unfailable "
              f"to remove them; nothing written.", file=sys.stderr)
        return 2
    kept = [c for c in new if c["id"] not in unfailable]
    with atomic_open(path) as fh:  # the cases file's own format: json.dumps' spacing, one a line
        for case in kept:
            fh.write(json.dumps(case, ensure_ascii=False) + "\n")
    old = {c["id"]: c["min_score"] for c in cases}
    for c in kept:
        if c["min_score"] != old[c["id"]]:
            print(f"{c['id']}: min_score {old[c['id']]} -> {c['min_score']}")
    for cid in unfailable:
        print(f"{cid}: dropped (scored 0 in a run)")
    print(f"{path}: {len(kept)} cases from {len(runs)} run(s)"
          + (f", {len(unfailable)} dropped" if unfailable else ""))
    return 0


def cmd_gate(args) -> int:
    """Exit 0 when the run's eval gate passed, 1 (with the reasons) when it did not: for
    scripts and CI, since `dvc repro` completes either way."""
    path = Path(args.metrics)
    try:
        gate = json.loads(path.read_text("utf-8")).get("gate")
    except (OSError, ValueError) as exc:
        print(f"ech0 gate: {path}: unreadable ({type(exc).__name__}); run `dvc repro` first", file=sys.stderr)
        return 1
    if not isinstance(gate, dict):
        print(f"ech0 gate: {path} has no gate; run `dvc repro` first", file=sys.stderr)
        return 1
    reasons = gate_failures({"gate": gate}, missing="not passed")
    if not reasons:
        print(f"gate PASSED ({path})")
        return 0
    print(f"gate FAILED ({path}):", file=sys.stderr)
    for reason in reasons:
        print(f"  {reason}", file=sys.stderr)
    return 1


def add_parsers(sub) -> None:
    ev = sub.add_parser("eval", help="evaluate a model directory and apply the gate (exit 1 when it fails)")
    ev.add_argument("--model-dir", required=True, help="a LoRA/QLoRA adapter or a full model directory")
    ev.add_argument("--baseline", help="regression cases (JSONL; default: the eval stage's)")
    ev.add_argument("--capability", help="capability cases (JSONL; default: the eval stage's; '' for none)")
    ev.add_argument("--out", help="write the report here instead of printing it")
    ev.set_defaults(func=cmd_eval)

    bl = sub.add_parser("baseline", help="set regression min_scores to the lowest score in given eval reports")
    bl.add_argument("reports", nargs="+", help="metrics/eval/regression.json files (or `ech0 eval --out` reports)")
    bl.add_argument("--cases", help="the cases file to rewrite (default: the eval stage's regression cases)")
    bl.add_argument("--drop-unfailable", action="store_true",
                    help="remove cases that scored 0 in some run and forbid nothing (else: error)")
    bl.add_argument("--keep-current", action="store_true",
                    help="count the current min_scores as one more run, so the reports can only lower them")
    bl.set_defaults(func=cmd_baseline)

    gt = sub.add_parser("gate", help="exit 0 if the run's eval gate passed, else 1 with the failed thresholds")
    gt.add_argument("--metrics", default="metrics/eval.json", help="the eval summary (default: %(default)s)")
    gt.set_defaults(func=cmd_gate)
