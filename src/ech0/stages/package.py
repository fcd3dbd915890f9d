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
`gate.passed` false. ech0.release.lineage.verify reports such a directory as not
a model, which `ech0 verify` and `ech0 deploy` refuse; `ech0 gate` exits 1 on it
for scripts. The lineage record and both README.md texts (model card, refusal
record) are pure functions in ech0.release.lineage and ech0.release.card; this
module builds the weights and writes the directory.

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

import json
import shutil
from pathlib import Path

from ech0.eval.gate import gate_failures
from ech0.hashing import md5
from ech0.jsonl import atomic_dir, write_json
from ech0.model.builtin_model import IDENTITY_FILE
from ech0.params import stage_params
from ech0.release.card import model_card, refusal_card
from ech0.release.lineage import LINEAGE, file_hashes, lineage, pickles

EVAL_REPORT = Path("metrics/eval/report.json")  # the whole report; metrics/eval.json is its summary
TRAIN_REPORT = Path("metrics/train/report.json")
TRAINED = Path("models/train")
BASE = Path("models/base")
DATA = (Path("data/processed/train.jsonl"), Path("data/processed/eval.jsonl"))
OUT_DIR = Path("models/package")


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


def main() -> None:
    params = stage_params()
    report = json.loads(EVAL_REPORT.read_text("utf-8"))
    reasons = gate_failures(report, missing=f"{EVAL_REPORT} has no passed gate")
    base_identity = json.loads((BASE / IDENTITY_FILE).read_text("utf-8"))
    train_summary = json.loads(TRAIN_REPORT.read_text("utf-8"))
    info = lineage(params, base_identity, {p.as_posix(): md5(p) for p in DATA}, train_summary, report)
    from ech0.model import loading
    from ech0.model.prompt import render_prompt

    with atomic_dir(OUT_DIR) as tmp:
        if reasons:
            (tmp / "README.md").write_text(refusal_card(info, reasons, EVAL_REPORT), "utf-8")
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
    if reasons:
        print(f"package: the eval gate FAILED, so {OUT_DIR} holds a refusal record and no model:\n"
              + "\n".join(f"  {r}" for r in reasons)
              + f"\nThe run is recorded all the same (`dvc exp show`: gate.passed false); see {EVAL_REPORT}.")
        return
    files = json.loads((OUT_DIR / LINEAGE).read_text("utf-8"))["files"]
    print(f"package: {OUT_DIR}: {len(files)} files, gate PASSED, params sha256 {info['params_sha256'][:12]}")


if __name__ == "__main__":
    main()
