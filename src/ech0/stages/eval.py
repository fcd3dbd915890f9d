"""eval stage: score the fine-tuned model and its base, run the regression cases,
raise safety flags, and decide the release gate.

Reads:  params.yaml (seed, model, training, lora, quantization, infrastructure, eval),
        models/base/, models/train/, data/processed/eval.jsonl,
        eval/baselines/regression.jsonl (versioned in git)
Writes: metrics/eval.json          {domain: {score, passed, total, ...}}, overall, base,
                                   improvement, regression summary, safety, gate
        metrics/eval/domains.json  per-domain score and loss of both models (dvc plots)
        metrics/eval/regression.json   one report per regression case
        metrics/eval/generations.jsonl the fine-tuned answers scored, secrets and PII redacted
Run:    dvc repro eval   (or: python -m ech0.stages.eval)

The gate's verdict is data, not an exit status: the stage succeeds either way so
that the scores are recorded; the package stage refuses to build on a failed
gate. Both models answer the same eval rows (eval.rows_per_domain of each
domain, a seeded choice), so every score has its baseline beside it.
"""

from __future__ import annotations

import random
from pathlib import Path

from ech0 import evaluate
from ech0.generators.base import derive_seed
from ech0.hygiene.pii import redact_pii
from ech0.hygiene.secrets import redact_secrets
from ech0.jsonl import read_jsonl, write_json, write_jsonl
from ech0.params import stage_params

EVAL_ROWS = Path("data/processed/eval.jsonl")
TRAINED = Path("models/train")
CASES = Path("eval/baselines/regression.jsonl")
METRICS = Path("metrics/eval.json")
DETAIL = Path("metrics/eval")


def pick_rows(rows: list[dict], per_domain: int, seed: int) -> list[dict]:
    """`per_domain` rows of each domain, a seeded choice, in a stable order."""
    rng = random.Random(derive_seed(seed, "eval-rows"))
    out = []
    for domain in sorted({r["domain"] for r in rows}):
        mine = [r for r in rows if r["domain"] == domain]
        out += mine if len(mine) <= per_domain else rng.sample(mine, per_domain)
    return out


def score_model(model, tokenizer, rows: list[dict], ep: dict, max_seq_len: int) -> tuple[dict, list]:
    from ech0 import inference

    gens = inference.generate(model, tokenizer, [r["prompt"] for r in rows], ep["max_new_tokens"],
                              ep["batch_size"], progress=True)
    losses = inference.completion_losses(model, tokenizer, rows, max_seq_len, ep["batch_size"])
    scored = [evaluate.score_answer(r, g.text) for r, g in zip(rows, gens)]
    domains = evaluate.domain_scores(rows, scored, losses)
    return {"domains": domains, "overall": evaluate.overall(domains)}, list(zip(gens, scored))


def evaluate_dir(params: dict, model_dir: Path, cases_path: Path) -> tuple[dict, list[dict], list[dict]]:
    """The whole evaluation of `model_dir` against the params' base: (report, case
    reports, generation records). Shared by the stage and `ech0 eval`."""
    import torch

    from ech0 import inference, modeling

    ep, tp = params["eval"], params["training"]
    torch.set_num_threads(params["infrastructure"]["threads"])
    torch.manual_seed(derive_seed(params["seed"], "eval") % 2**32)
    rows = pick_rows(list(read_jsonl(EVAL_ROWS)), ep["rows_per_domain"], params["seed"])
    cases = inference.read_cases(cases_path)
    tokenizer = modeling.load_tokenizer(params["model"])

    base_model = inference.load_for_inference(params, None)
    base, _ = score_model(base_model, tokenizer, rows, ep, tp["max_seq_len"])
    del base_model
    model = inference.load_for_inference(params, model_dir)
    tuned, answers = score_model(model, tokenizer, rows, ep, tp["max_seq_len"])

    case_reports, flags, records = [], [], []
    by_budget: dict[int, list[dict]] = {}
    for case in cases:
        by_budget.setdefault(case["max_new_tokens"], []).append(case)
    case_gens = {}
    for budget, group in sorted(by_budget.items()):
        gens = inference.generate(model, tokenizer, [c["prompt"] for c in group], budget, ep["batch_size"])
        case_gens.update({c["id"]: g for c, g in zip(group, gens)})
    for case in cases:
        g = case_gens[case["id"]]
        case_reports.append(evaluate.run_case(case, g.text, g.stopped))
        flags += evaluate.safety_flags(f"{cases_path}:{case['id']}", case["domain"], g.text)
    for row, (g, scored) in zip(rows, answers):
        flags += evaluate.safety_flags(f"{EVAL_ROWS}:{row['id']}", row["domain"], g.text)
        shown, _ = redact_pii(redact_secrets(g.text)[0])  # never write a detected secret out
        records.append({"id": row["id"], "domain": row["domain"], "completion": shown, "stopped": g.stopped,
                        "passed": scored["passed"], "checks": scored["checks"]})

    failed = [c["id"] for c in case_reports if not c["passed"]]
    base_loss, tuned_loss = base["overall"]["loss"], tuned["overall"]["loss"]
    report = {
        **tuned["domains"],  # the seed's shape: {domain: {score, passed, total}} at the top level
        "domains": tuned["domains"],
        "overall": tuned["overall"],
        "base": base,
        "improvement": {
            "score": round(tuned["overall"]["score"] - base["overall"]["score"], 4),
            "loss": round(base_loss - tuned_loss, 4) if base_loss is not None and tuned_loss is not None else None,
        },
        "regression": {"cases": len(case_reports), "passed": len(case_reports) - len(failed),
                       "failed": len(failed), "failed_ids": failed},
        "safety": {"flags": len(flags), "details": flags},
        "rows": {"scored": len(rows), "per_domain": ep["rows_per_domain"]},
    }
    report["gate"] = evaluate.gate(report, ep["gate"])
    return report, case_reports, records


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
    write_json(METRICS, report)
    gate = report["gate"]
    print(f"eval: overall {report['overall']['score']} (base {report['base']['overall']['score']}), "
          f"loss {report['overall']['loss']} (base {report['base']['overall']['loss']}), "
          f"regression {report['regression']['passed']}/{report['regression']['cases']}, "
          f"safety flags {report['safety']['flags']}, gate {'PASSED' if gate['passed'] else 'FAILED'}")
    for reason in gate["failures"]:
        print(f"  gate: {reason}")


if __name__ == "__main__":
    main()
