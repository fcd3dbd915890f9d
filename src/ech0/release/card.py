"""README.md of a package: the model card when the eval gate passed, a refusal
record when it did not. Pure functions of the lineage record (ech0.release.lineage)
and the params; the package stage writes what they return.

The model card starts with Hugging Face metadata (library, pipeline tag, base
model, licence) and says what a user needs: the base, the training recipe, the
prompt format, the domains, the scores and the gate, the lineage hashes and the
finance disclaimers. The refusal record has no metadata, so nothing mistakes it
for a model.
"""

from __future__ import annotations

import json
from pathlib import Path

from ech0.release.lineage import PARAM_SECTIONS

FINANCE_DISCLAIMERS = ("Stock answers: Educational purposes only, not financial advice.",
                       "Crypto answers: Educational purposes only, not investment advice.")


def model_card(params: dict, info: dict, prompt_format: str, eos_token: str) -> str:
    """README.md: Hugging Face model-card metadata, then what a user needs to know.
    `prompt_format` is the chat template's rendering of one user turn, `eos_token`
    the token that ends an answer."""
    base = info["base_model"]
    gguf = base.get("gguf")
    base_name = (gguf["name"] if gguf else base["base_model"]) if base["base_model"] != "builtin" \
        else "ech0 built-in base"
    tp, lp, ev = params["training"], params["lora"], info["eval"]
    tags = ["ech0", tp["method"], "dvc"]
    header = {"library_name": "peft" if info["adapter_only"] else "transformers",
              "pipeline_tag": "text-generation", "tags": tags}
    if base["base_model"] != "builtin":
        header["base_model"] = base_name
    if gguf and gguf.get("license"):
        header["license"] = gguf["license"]
    lines = ["---"] + [f"{k}: {json.dumps(v)}" for k, v in header.items()] + ["---", "",
             "# ech0 fine-tuned model", "",
             "Built by the ech0 pipeline (`dvc repro`): data hygiene, fine-tuning, evaluation, and "
             "this package, made only because the release gate passed.", "",
             "## Base model", "",
             f"- model: {base_name}",
             *([f"- from: `{gguf['file']}` ({gguf['quantization']['file_type']} GGUF, {gguf['bytes']:,} bytes, "
                f"sha256 `{gguf['sha256']}`), as `{base['base_model']}`; dequantized to fp32 by the base stage",
                f"- licence: {gguf.get('license') or 'not stated in the file'}"] if gguf else
              [f"- revision: {base['revision'] or 'n/a'}"]),
             f"- content sha256: {base['content_sha256'] or 'not in the local cache; pinned by revision'}", "",
             "## Training", "",
             f"- method: {tp['method']}" + (" (adapter merged into the base)" if not info["adapter_only"] else
                                           " (adapter only; load it on the base with peft)"),
             f"- steps: {info['train']['steps']}, learning rate {tp['learning_rate']}, "
             f"{tp['lr_scheduler_type']} schedule, {tp['warmup_steps']} warmup steps, optimizer {tp['optimizer']}",
             f"- max sequence length: {tp['max_seq_len']} tokens; seed {params['seed']}",
             f"- trained on: {info['train']['device'] or 'unknown device'}"]
    if tp["method"] in ("lora", "qlora"):
        lines.append(f"- LoRA: rank {lp['rank']}, alpha {lp['alpha']}, dropout {lp['dropout']}, "
                     f"modules {', '.join(lp['target_modules'])}")
    if tp["method"] == "qlora":
        q = params["quantization"]
        lines.append(f"- quantisation in training: {q['bits']}-bit {q['type']}, double quant {q['double_quant']}, "
                     f"compute {q['compute_dtype']}; merged into an unquantised {info['dtype']} base")
    lines += ["", "## Prompt format", "",
              "The tokenizer's chat template applies it (`tokenizer.apply_chat_template(messages, "
              "add_generation_prompt=True)`); the model's answer follows it and ends with "
              f"`{eos_token}`:", "", "```", prompt_format.rstrip("\n"), "```", "",
              "For a follow-up, pass the whole conversation so far (user and assistant turns "
              "alternating, ending with the new user turn): every assistant turn of a conversation "
              "was trained, so the answer can refer back to the earlier ones.", "",
              "## Domains", "", "| domain | enabled | weight | max samples |", "|---|---|---|---|"]
    for name, d in sorted(params["domains"].items()):
        lines.append(f"| {name} | {d['enabled']} | {d['weight']} | {d['max_samples']} |")
    lines += ["", "## Evaluation", "",
              f"Gate: **{'PASSED' if ev['gate']['passed'] else 'FAILED'}**. Overall rubric score "
              f"{ev['overall']['score']} (base {ev['base_overall']['score']}); eval loss "
              f"{ev['overall']['loss']} (base {ev['base_overall']['loss']}); regression cases "
              f"{ev['regression']['passed']}/{ev['regression']['cases']}; capability cases "
              f"{ev['capability']['passed']}/{ev['capability']['cases']}; safety flags {ev['safety_flags']}.", "",
              "| domain | score | loss |", "|---|---|---|"]
    for name, d in sorted(ev["domains"].items()):
        lines.append(f"| {name} | {d['score']} | {d['loss']} |")
    lines += ["", "## Lineage", "",
              f"- params sha256 (sections {', '.join(PARAM_SECTIONS)}): `{info['params_sha256']}`"]
    for path, digest in info["data"].items():
        lines.append(f"- `{path}` md5 (as in dvc.lock): `{digest}`")
    lines += ["- every file's sha256: `lineage.json` (`ech0 verify DIR` re-checks them)", "",
              "## Software", "", ", ".join(f"{k} {v}" for k, v in info["software"].items() if v), "",
              "## Intended use", "",
              "Research and education on the domains above. Answers can be wrong; check them before "
              "relying on them. Law and court-prediction answers are general information, not legal advice.",
              *(f"- {d}" for d in FINANCE_DISCLAIMERS), ""]
    return "\n".join(lines)


def refusal_card(info: dict, reasons: list[str], report_path: str | Path) -> str:
    """README.md of a failed gate's package: not a model card (no Hugging Face metadata).
    `report_path` is the eval report that holds every check of the run."""
    ev = info["eval"]
    lines = ["# Not a model: the eval gate failed", "",
             "The package stage of this run found the release gate failed, so this directory holds no "
             "weights and no tokenizer, and nothing in it loads as a model. It records the result: "
             "`dvc exp show` lists the run with `gate.passed` false; `ech0 verify` and `ech0 deploy` "
             "refuse this directory, and `ech0 registry promote --stage production` its commit.", "",
             "## Failed thresholds", "", *(f"- {r}" for r in reasons), "",
             "## The run", "",
             f"- overall rubric score {ev['overall']['score']} (base {ev['base_overall']['score']}); eval loss "
             f"{ev['overall']['loss']} (base {ev['base_overall']['loss']}); regression cases "
             f"{ev['regression']['passed']}/{ev['regression']['cases']}; safety flags {ev['safety_flags']}",
             f"- params sha256: `{info['params_sha256']}`",
             *(f"- `{path}` md5: `{digest}`" for path, digest in info["data"].items()), "",
             "## Where to look", "",
             f"- `{Path(report_path).as_posix()}`: every check, case and safety flag of the run",
             "- `metrics/eval/regression.json`: each case with its answer, score and baseline", "",
             "Fix the model or the data, or change `eval.gate` in params.yaml, then `dvc repro`.", ""]
    return "\n".join(lines)
