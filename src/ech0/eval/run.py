"""The evaluation of a trained model directory against the params' base model:
the library function behind the eval stage (which writes its results out) and
`ech0 eval` (which prints them).

`evaluate_dir` scores the fine-tuned model and its base, runs the regression
(and capability) cases, raises safety flags and decides the release gate
(ech0.eval.gate). Both models answer the same eval rows (eval.rows_per_domain
of each domain, a seeded choice), so every score has its baseline beside it. A
conversation row is answered given its turns before the last answer, and that
last answer is what is scored (ech0.eval.scoring, ech0.eval.rubrics).

Canaries: the fine-tuned model is asked for each secret the raw stage planted
(raw.canaries, ech0.data.canary; regenerated here from the seed, never read from
data), and every generated text is checked for them. A canary in any answer is
a safety flag naming its id; clean should have made that impossible.

torch and the model code are imported inside evaluate_dir, so the helpers here
load without them.
"""

from __future__ import annotations

import collections
import random
from pathlib import Path

from ech0.data import canary
from ech0.data.hygiene import scanner
from ech0.data.hygiene.pii import redact_pii
from ech0.data.hygiene.secrets import find_secrets, redact_secrets
from ech0.data.rows import last_user, messages, prompt_of
from ech0.eval import rubrics, scoring
from ech0.eval.cases import CAPABILITY, read_cases
from ech0.eval.gate import gate
from ech0.jsonl import read_jsonl
from ech0.seeding import derive_seed

EVAL_ROWS = Path("data/processed/eval.jsonl")
CANARY_NEW_TOKENS = 64  # a secret is ~40 characters; the answer need not be long to leak it


def pick_rows(rows: list[dict], per_domain: int, seed: int) -> list[dict]:
    """`per_domain` rows of each domain, a seeded choice, in a stable order."""
    rng = random.Random(derive_seed(seed, "eval-rows"))
    # Planted canary rows (their answer redacted, nothing to score) are elicited separately.
    rows = [r for r in rows if "canary" not in (r.get("metadata") or {})]
    out = []
    for domain in sorted({r["domain"] for r in rows}):
        mine = [r for r in rows if r["domain"] == domain]
        out += mine if len(mine) <= per_domain else rng.sample(mine, per_domain)
    return out


def score_rows(model, tokenizer, rows: list[dict], gens: list, max_seq_len: int, batch_size: int) -> tuple[dict, list]:
    """The rubric scores of `gens` (the answers to `rows`) and the model's loss on
    the rows' reference completions."""
    from ech0.model import inference

    losses = inference.completion_losses(model, tokenizer, rows, max_seq_len, batch_size)
    scored = [scoring.score_answer(r, g.text, g.stopped) for r, g in zip(rows, gens)]
    domains = scoring.domain_scores(rows, scored, losses)
    return {"domains": domains, "overall": scoring.overall(domains)}, list(zip(gens, scored))


def tuned_prompts(rows: list[dict], planted: list[dict], cases: list[dict], ep: dict) -> list[tuple[str, int]]:
    """Every (prompt, max_new_tokens) the trained model answers, each once: the eval
    rows, the canary elicitations and the cases (the regression and capability sets
    share prompts, and greedy decoding would give the same answer twice). One pool,
    so `inference.generate` can batch them all by budget: run set by set, the 84
    cases in 15 budget groups took as long as 160 eval rows."""
    pool = [(prompt_of(r), ep["max_new_tokens"]) for r in rows]
    pool += [(c["elicit"], CANARY_NEW_TOKENS) for c in planted]
    pool += [(c["prompt"], c["max_new_tokens"]) for c in cases]
    return list(dict.fromkeys(pool))


def refusal_counts(rows: list[dict], answers: list[str]) -> dict:
    """Eval rows that ask for something to decline, and task rows, with how many of
    each the model declined (rubrics.declines)."""
    asked = [bool((r.get("metadata") or {}).get("refusal")) for r in rows]
    said_no = [rubrics.declines(a) for a in answers]
    return {"requests": sum(asked), "requests_declined": sum(a and n for a, n in zip(asked, said_no)),
            "tasks": asked.count(False), "tasks_declined": sum(n and not a for a, n in zip(asked, said_no))}


def case_summary(reports: list[dict]) -> dict:
    failed = [c["id"] for c in reports if not c["passed"]]
    return {"cases": len(reports), "passed": len(reports) - len(failed), "failed": len(failed), "failed_ids": failed}


def evaluate_dir(params: dict, model_dir: Path, cases_path: Path,
                 capability_path: Path | None = CAPABILITY) -> tuple[dict, list[dict], list[dict]]:
    """The whole evaluation of `model_dir` against the params' base: (report, case
    reports, generation records). Shared by the stage and `ech0 eval`. A missing
    capability file means no capability cases (a project may not ship any)."""
    import torch

    from ech0.model import inference, loading

    ep, tp = params["eval"], params["training"]
    torch.set_num_threads(params["infrastructure"]["threads"])
    torch.manual_seed(derive_seed(params["seed"], "eval") % 2**32)
    rows = pick_rows(list(read_jsonl(EVAL_ROWS)), ep["rows_per_domain"], params["seed"])
    cases = read_cases(cases_path)
    capability = read_cases(capability_path) if capability_path and capability_path.exists() else []
    tokenizer = loading.load_tokenizer(params["model"])

    base_model = inference.load_for_inference(params, None)
    base_gens = inference.generate(base_model, tokenizer, [prompt_of(r) for r in rows], ep["max_new_tokens"],
                                   ep["batch_size"], progress=True, repetition_penalty=ep["repetition_penalty"])
    base, base_answers = score_rows(base_model, tokenizer, rows, base_gens, tp["max_seq_len"], ep["batch_size"])
    del base_model
    model = inference.load_for_inference(params, model_dir)
    planted = canary.canaries(params["seed"], params["raw"]["canaries"])
    pool = tuned_prompts(rows, planted, cases + capability, ep)
    gens = dict(zip(pool, inference.generate(model, tokenizer, [p for p, _ in pool], [b for _, b in pool],
                                             ep["batch_size"], progress=True,
                                             repetition_penalty=ep["repetition_penalty"])))
    row_gens = [gens[(prompt_of(r), ep["max_new_tokens"])] for r in rows]
    tuned, answers = score_rows(model, tokenizer, rows, row_gens, tp["max_seq_len"], ep["batch_size"])

    flags = []
    for c in planted:
        flags += scoring.safety_flags(f"canary:{c['id']}", canary.DOMAIN, gens[(c["elicit"], CANARY_NEW_TOKENS)].text,
                                       planted)
    case_reports, records = [], []
    # One Kingfisher run over every text written out or flagged (the provider
    # formats beyond secrets.py's regexes); base answers and history included.
    tokens = scanner.scan_texts([g.text for g in gens.values()] + [g.text for g in base_gens]
                                + [m["content"] for row in rows for m in messages(row)])
    flags += kingfisher_flags([gens[(c["elicit"], CANARY_NEW_TOKENS)].text for c in planted],
                              tokens, [f"canary:{c['id']}" for c in planted])

    def shown(text: str) -> str:  # what is written out: never a detected secret or PII
        if text in tokens:
            text = scanner.redact(text, tokens[text])[0]
        return redact_pii(redact_secrets(text)[0])[0]

    shown_of: dict = {}  # one answer, one set of flags and one redaction, however many cases score it
    for kind, path, group in (("regression", cases_path, cases), ("capability", capability_path, capability)):
        for case in group:
            key = (case["prompt"], case["max_new_tokens"])
            g = gens[key]
            if key not in shown_of:
                shown_of[key] = shown(g.text)
                flags += scoring.safety_flags(f"{path}:{case['id']}", case["domain"], g.text, planted)
                flags += kingfisher_flags([g.text], tokens, [f"{path}:{case['id']}"])
            case_reports.append({"set": kind, **scoring.run_case(case, g.text, g.stopped),
                                 "completion": shown_of[key]})  # the answer, to read why a case failed
    for row, (g, scored), (bg, bscored) in zip(rows, answers, base_answers):
        flags += scoring.safety_flags(f"{EVAL_ROWS}:{row['id']}", row["domain"], g.text, planted)
        flags += kingfisher_flags([g.text], tokens, [f"{EVAL_ROWS}:{row['id']}"])
        # The base's answer to the same prompt, for a before/after reading; its
        # leaks are the base's, not the fine-tune's, so they are redacted, not flagged.
        history = [{"role": m["role"], "content": shown(m["content"])} for m in messages(row)[:-2]]
        records.append({"id": row["id"], "domain": row["domain"], "prompt": shown(last_user(row)),
                        **({"history": history} if history else {}),
                        "completion": shown(g.text), "stopped": g.stopped,
                        "score": rubrics.rubric_score(scored["checks"]), "passed": scored["passed"],
                        "checks": scored["checks"],
                        "base": {"completion": shown(bg.text), "stopped": bg.stopped,
                                 "score": rubrics.rubric_score(bscored["checks"]), "checks": bscored["checks"]}})

    base_loss, tuned_loss = base["overall"]["loss"], tuned["overall"]["loss"]
    report = {
        **tuned["domains"],  # the original system's shape: {domain: {score, passed, total}} at the top level
        "domains": tuned["domains"],
        "overall": tuned["overall"],
        "base": base,
        "improvement": {
            "score": round(tuned["overall"]["score"] - base["overall"]["score"], 4),
            "loss": round(base_loss - tuned_loss, 4) if base_loss is not None and tuned_loss is not None else None,
        },
        "regression": case_summary([c for c in case_reports if c["set"] == "regression"]),
        "capability": case_summary([c for c in case_reports if c["set"] == "capability"]),
        "canaries": scoring.canary_summary(planted, len(planted), flags),
        "safety": {"flags": len(flags), "by_kind": dict(sorted(collections.Counter(f["kind"] for f in flags).items())),
                   "details": flags},
        "rows": {"scored": len(rows), "per_domain": ep["rows_per_domain"]},
        # Refusal rows (generators/refusals/) should be declined, every other row
        # answered: a fine-tune that learnt refusing too well declines tasks too.
        "refusals": refusal_counts(rows, [g.text for g in row_gens]),
    }
    report["gate"] = gate(report, ep["gate"])
    return report, case_reports, records


def kingfisher_flags(texts: list[str], tokens: dict, wheres: list[str]) -> list[dict]:
    """Secret flags for Kingfisher's findings that secrets.py's own flags
    (scoring.safety_flags) do not already cover: one leak, one flag."""
    out = []
    for text, where in zip(texts, wheres):
        regex = [(f.start, f.end) for f in find_secrets(text)] if text in tokens else []
        out += [{"where": where, "kind": "secret", "detector": f.detector, "offset": f.start}
                for f in tokens.get(text, ()) if not any(f.start < e and s < f.end for s, e in regex)]
    return out
