"""eval stage: score the fine-tuned model and its base, run the regression cases,
raise safety flags, and decide the release gate.

Reads:  params.yaml (seed, model, training, lora, quantization, infrastructure, raw, eval),
        models/base/, models/train/, data/processed/eval.jsonl,
        eval/baselines/regression.jsonl (versioned in git: behaviour the fine-tune must keep:
                                         formats, disclaimers, stopping, no leaks)
        eval/baselines/capability.jsonl (the same prompts' exact answers: gated only when
                                         eval.gate.max_failed_capability is set)
Writes: metrics/eval.json          the columns `dvc exp show` compares: {domain: {score, passed,
                                   total, loss}}, overall, base scores, improvement, regression and
                                   capability counts, canaries, safety counts by kind, gate
        metrics/eval/report.json   the whole report: rubric checks, exact match, token F1 and
                                   perplexity per domain, the base's, failed case ids, every flag
        metrics/eval/domains.json  per-domain score and loss of both models (dvc plots)
        metrics/eval/regression.json   one report per regression and capability case, with the
                                       answer (secrets and PII redacted)
        metrics/eval/generations.jsonl the fine-tuned answers scored, secrets and PII redacted
Run:    dvc repro eval   (or: python -m ech0.stages.eval)

The gate's verdict is data, not an exit status: the stage succeeds either way so
that the scores are recorded; the package stage refuses to build on a failed
gate. The evaluation itself (both models' answers, the cases, the canaries and
the safety flags, the gate) is ech0.eval.run.evaluate_dir, which `ech0 eval`
runs too; this module writes its results.
"""

from __future__ import annotations

from pathlib import Path

from ech0.eval import scoring
from ech0.eval.cases import CASES
from ech0.eval.run import evaluate_dir
from ech0.jsonl import write_json, write_jsonl
from ech0.params import stage_params

TRAINED = Path("models/train")
METRICS = Path("metrics/eval.json")
DETAIL = Path("metrics/eval")


def main() -> None:
    params = stage_params()
    report, cases, records = evaluate_dir(params, TRAINED, CASES)
    base = report["base"]["domains"]
    # One bar per (domain, model), so `dvc plots show` puts each domain's base score
    # right under its fine-tuned one.
    write_json(DETAIL / "domains.json", [
        {"domain": f"{d} ({name})", "score": scores[d]["score"], "loss": scores[d]["loss"]}
        for d in sorted(report["domains"]) for name, scores in (("fine-tuned", report["domains"]), ("base", base))])
    write_json(DETAIL / "regression.json", cases)
    write_jsonl(DETAIL / "generations.jsonl", records)
    write_json(DETAIL / "report.json", report)
    write_json(METRICS, scoring.summary(report))
    gate = report["gate"]
    print(f"eval: overall {report['overall']['score']} (base {report['base']['overall']['score']}), "
          f"loss {report['overall']['loss']} (base {report['base']['overall']['loss']}), "
          f"regression {report['regression']['passed']}/{report['regression']['cases']}, "
          f"capability {report['capability']['passed']}/{report['capability']['cases']}, "
          f"canaries leaked {len(report['canaries']['leaked'])}/{report['canaries']['planted']}, "
          f"safety flags {report['safety']['flags']}, gate {'PASSED' if gate['passed'] else 'FAILED'}")
    for reason in gate["failures"]:
        print(f"  gate: {reason}")


if __name__ == "__main__":
    main()
