"""package stage: a shippable model with its lineage when the eval gate passed, a refusal record when not.

Reads:  params.yaml (seed, model, training, lora, quantization, domains, eval, package),
        metrics/eval/report.json (the gate and the scores), metrics/train/report.json,
        models/base/, models/train/,
        data/processed/train.jsonl, data/processed/eval.jsonl (hashed for the lineage)
Writes: models/package/               when the gate passed (otherwise only README.md, saying it is
                                      not a model and why, and lineage.json):
          model.safetensors (+ config.json)   the adapter merged into the base, or with
          adapter_model.safetensors            package.adapter_only the adapter alone
          tokenizer.json, tokenizer_config.json, chat_template.jinja (the training format)
          generation_config.json               greedy, EOS/pad ids, eval.max_new_tokens and
                                               eval.repetition_penalty: decoded as eval did
          README.md                            model card with Hugging Face metadata
          lineage.json                         base identity, data and params hashes, scores,
                                               software versions, sha256 of every file above
Run:    dvc repro package   (or: python -m ech0.stages.package)

A failed gate is a result, not a crash: the stage exits 0 and models/package/
holds only a refusal record (README.md saying it is not a model, with the
failed thresholds, and lineage.json), no weights and no tokenizer, so
`dvc repro` and `dvc exp run` complete and the experiment is recorded with
`gate.passed` false. `verify()` reports such a directory as not a model, which
`ech0 verify` and `ech0 deploy` refuse; `ech0 gate` exits 1 on it for scripts.

A LoRA adapter is merged into the base in `package.dtype`. A QLoRA adapter is
merged into the base loaded *unquantised* in that dtype (bf16 for a 7B base),
never into 4-bit weights: merging into the quantised weights rounds the
adapter's small deltas away. Weights are written as safetensors only; a pickle
(.bin, .pt, ...) in the package is an error. The package loads with
AutoModelForCausalLM / AutoTokenizer.from_pretrained (PeftModel for adapter_only).
No timestamps or absolute paths are written, so the same inputs give the same
bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from ech0.hashing import file_sha256, md5
from ech0.model.builtin_model import IDENTITY_FILE
from ech0.environment import versions
from ech0.jsonl import write_json
from ech0.params import stage_params

EVAL_REPORT = Path("metrics/eval/report.json")  # the whole report; metrics/eval.json is its summary
TRAIN_REPORT = Path("metrics/train/report.json")
TRAINED = Path("models/train")
BASE = Path("models/base")
DATA = (Path("data/processed/train.jsonl"), Path("data/processed/eval.jsonl"))
OUT_DIR = Path("models/package")
LINEAGE = "lineage.json"
PICKLE_SUFFIXES = (".bin", ".pt", ".pth", ".pkl", ".pickle", ".ckpt")
FINANCE_DISCLAIMERS = ("Stock answers: Educational purposes only, not financial advice.",
                       "Crypto answers: Educational purposes only, not investment advice.")
PARAM_SECTIONS = ("seed", "model", "training", "lora", "quantization", "domains", "eval", "package")


def gate_failures(report: dict, missing: str = f"{EVAL_REPORT} has no passed gate") -> list[str]:
    """Why the gate of an eval report (or of its summary, or of a lineage's `eval`)
    did not pass: its failures, or `missing` when it records none (empty: it passed)."""
    gate = report.get("gate") or {}
    if gate.get("passed"):
        return []
    return list(gate.get("failures") or [missing])


def params_sha256(params: dict) -> str:
    """sha256 of the params that shaped the model, as canonical JSON."""
    used = {k: params[k] for k in PARAM_SECTIONS if k in params}
    return hashlib.sha256(json.dumps(used, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def pickles(directory: Path) -> list[str]:
    return sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*")
                  if p.is_file() and p.suffix.lower() in PICKLE_SUFFIXES)


def file_hashes(directory: Path) -> dict[str, str]:
    return {p.relative_to(directory).as_posix(): file_sha256(p)
            for p in sorted(directory.rglob("*")) if p.is_file() and p.name != LINEAGE}


def lineage(params: dict, base_identity: dict, data_md5: dict, train_summary: dict, report: dict) -> dict:
    """Where the package came from: everything but the file hashes (added once the files exist)."""
    tp = params["training"]
    return {
        "base_model": {**{k: base_identity.get(k) for k in ("base_model", "revision", "content_sha256")},
                       # A GGUF base: the model it holds, the file, its sha256, quantisation and licence.
                       **({"gguf": base_identity["gguf"]} if "gguf" in base_identity else {})},
        "method": tp["method"],
        "adapter_only": params["package"]["adapter_only"],
        "dtype": params["package"]["dtype"],
        "params_sha256": params_sha256(params),
        "data": data_md5,
        "train": {**{k: train_summary.get(k) for k in ("steps", "eval_loss_base", "eval_loss", "tokens_seen")},
                  "device": (train_summary.get("env") or {}).get("device")},
        "eval": {"overall": report["overall"], "base_overall": report["base"]["overall"],
                 "domains": {d: {"score": v["score"], "loss": v["loss"]} for d, v in report["domains"].items()},
                 "regression": {k: report["regression"][k] for k in ("cases", "passed")},
                 "capability": {k: report.get("capability", {}).get(k, 0) for k in ("cases", "passed")},
                 "safety_flags": report["safety"]["flags"], "gate": report["gate"]},
        "software": versions(),
    }


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


def build(params: dict, out: Path, tokenizer) -> None:
    """Write the model, `tokenizer` (the base's, with the chat template training
    used) and the generation config into `out` (an empty directory)."""
    import torch
    from transformers import AutoModelForCausalLM, GenerationConfig

    from ech0.model import inference, loading

    pp, mp = params["package"], params["model"]
    dtype = {"bf16": torch.bfloat16, "fp16": torch.float16, "fp32": torch.float32}[pp["dtype"]]
    if pp["adapter_only"] and inference.is_adapter(TRAINED):
        for f in TRAINED.iterdir():
            if f.suffix in (".safetensors", ".json") and not f.name.startswith("tokenizer"):
                shutil.copyfile(f, out / f.name)
    elif inference.is_adapter(TRAINED):
        from peft import PeftModel

        source, revision = loading.base_source(mp)
        # Unquantised even for qlora: the adapter merges into full-precision weights.
        base = AutoModelForCausalLM.from_pretrained(source, revision=revision, dtype=dtype,
                                                    trust_remote_code=mp["trust_remote_code"])
        model = PeftModel.from_pretrained(base, str(TRAINED)).merge_and_unload()
        model.save_pretrained(out)
    else:  # full fine-tuning: models/train is already a whole model
        model = AutoModelForCausalLM.from_pretrained(str(TRAINED), dtype=dtype,
                                                     trust_remote_code=mp["trust_remote_code"])
        model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    GenerationConfig(bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
                     pad_token_id=tokenizer.pad_token_id, do_sample=False,
                     max_new_tokens=params["eval"]["max_new_tokens"],
                     repetition_penalty=params["eval"]["repetition_penalty"]).save_pretrained(out)


def refusal_card(info: dict, reasons: list[str]) -> str:
    """README.md of a failed gate's package: not a model card (no Hugging Face metadata)."""
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
             f"- `{EVAL_REPORT}`: every check, case and safety flag of the run",
             "- `metrics/eval/regression.json`: each case with its answer, score and baseline", "",
             "Fix the model or the data, or change `eval.gate` in params.yaml, then `dvc repro`.", ""]
    return "\n".join(lines)


def main() -> None:
    params = stage_params()
    report = json.loads(EVAL_REPORT.read_text("utf-8"))
    reasons = gate_failures(report)
    base_identity = json.loads((BASE / IDENTITY_FILE).read_text("utf-8"))
    train_summary = json.loads(TRAIN_REPORT.read_text("utf-8"))
    info = lineage(params, base_identity, {p.as_posix(): md5(p) for p in DATA}, train_summary, report)
    from ech0.model import loading
    from ech0.model.prompt import render_prompt

    OUT_DIR.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{OUT_DIR.name}.", dir=OUT_DIR.parent))
    os.chmod(tmp, 0o755)
    try:
        if reasons:
            (tmp / "README.md").write_text(refusal_card(info, reasons), "utf-8")
        else:
            tokenizer = loading.load_tokenizer(params["model"])  # carries the shared chat template
            build(params, tmp, tokenizer)
            card = model_card(params, info, render_prompt(tokenizer, "{prompt}"), tokenizer.eos_token)
            (tmp / "README.md").write_text(card, "utf-8")
        if bad := pickles(tmp):
            raise RuntimeError(f"package: pickle files are not shipped, found {', '.join(bad)}")
        write_json(tmp / LINEAGE, {**info, "files": file_hashes(tmp)})
        for f in tmp.iterdir():  # temp-file writers leave 0600; a package is for others to read
            f.chmod(0o644)
        shutil.rmtree(OUT_DIR, ignore_errors=True)
        os.replace(tmp, OUT_DIR)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if reasons:
        print(f"package: the eval gate FAILED, so {OUT_DIR} holds a refusal record and no model:\n"
              + "\n".join(f"  {r}" for r in reasons)
              + f"\nThe run is recorded all the same (`dvc exp show`: gate.passed false); see {EVAL_REPORT}.")
        return
    files = json.loads((OUT_DIR / LINEAGE).read_text("utf-8"))["files"]
    print(f"package: {OUT_DIR}: {len(files)} files, gate PASSED, params sha256 {info['params_sha256'][:12]}")


def verify(directory: Path) -> list[str]:
    """Problems found when re-hashing a package against its lineage.json (empty: intact)."""
    directory = Path(directory)
    try:
        info = json.loads((directory / LINEAGE).read_text("utf-8"))
        recorded = info["files"]
    except (OSError, ValueError, KeyError) as exc:
        return [f"{directory / LINEAGE}: unreadable lineage ({type(exc).__name__})"]
    reasons = gate_failures(info.get("eval") or {}, missing="no passed gate recorded")
    problems = [f"not a model: its eval gate FAILED ({'; '.join(reasons)})"] if reasons else []
    actual = file_hashes(directory)
    problems += [f"{name}: missing" for name in sorted(set(recorded) - set(actual))]
    problems += [f"{name}: not in lineage.json" for name in sorted(set(actual) - set(recorded))]
    problems += [f"{name}: sha256 mismatch" for name in sorted(set(recorded) & set(actual))
                 if recorded[name] != actual[name]]
    problems += [f"{name}: pickle file" for name in pickles(directory)]
    return problems


if __name__ == "__main__":
    main()
