"""base stage: the base model that train fine-tunes, or the identity of an external one.

Reads:  params.yaml (seed, model, infrastructure.threads),
        data/processed/train.jsonl   (builtin only; the train split and nothing else:
                                      no raw, clean or eval row reaches the tokenizer or model)
Writes: models/base/                 model.base_model == "builtin":
          config.json, generation_config.json, model.safetensors,
          tokenizer.json, tokenizer_config.json, chat_template.jinja,
          identity.json  {base_model, content_sha256, pretrain{steps, first_loss,
                          final_loss, tokens, precision}, params: <model section>}
                                     any other base_model (hub id or local directory):
          identity.json  {base_model, revision, trust_remote_code, content_sha256}
                         only; no weights are copied. content_sha256 hashes the local
                         directory, or the hub snapshot if it is already in the local
                         Hugging Face cache, else it is null and `revision` pins it.
Run:    dvc repro base   (or: python -m ech0.stages.base)

The builtin run at default params (vocab 4096, hidden 128, 4 layers: 1.57M
parameters; 1,400 steps of 8 x 256 tokens = 2.87M tokens) on the 2-core dev box
with AMX: BPE ~7 s, then pretraining in bf16 with compiled layers and the fused
loss (model.builtin.pretrain_compile; docs/benchmarks.md has the figures).
Loss falls from 8.33 (= ln 4096) to about 1.73.

Same params and data give byte-identical files: the seed is derived per purpose
from `seed`, the thread count is fixed and torch's deterministic kernels are on
(bf16 and fp32 runs differ, so identity.json records the precision used;
compiled and eager runs differ too, and identity.json's params say which ran).
Output is built in a temporary directory beside models/base and renamed into
place, so a killed run leaves no half-written base.
There are no timestamps or absolute paths in any output file.

A local-directory base is outside DVC's view: when its files change, run
`dvc repro -f base` so identity.json (and everything downstream) follows.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ech0 import builtin_model
from ech0.runtime import keep_freed_memory, require_cpu_compiler
from ech0.jsonl import read_jsonl, write_json
from ech0.params import stage_params

TRAIN = Path("data/processed/train.jsonl")
OUT_DIR = Path("models/base")


def looks_like_path(base_model: str) -> bool:
    """A local directory was meant (so a missing one is an error, not a hub id)."""
    # Hub ids are "name" or "org/name"; anything with more structure is a path.
    return base_model.startswith(("/", ".", "~")) or "\\" in base_model or base_model.count("/") > 1


def cached_snapshot(repo_id: str, revision: str | None, cache_dir: str | Path | None = None) -> Path | None:
    """The hub snapshot's directory in the local HF cache (default: HF_HUB_CACHE), or None.

    local_files_only: never touches the network, so the stage runs offline and
    its output does not depend on what the hub serves today.
    """
    try:
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(repo_id, revision=revision, local_files_only=True, cache_dir=cache_dir))
    except Exception:  # not cached, not a valid repo id, hub library missing: all mean "unknown"
        return None


def external_identity(model_params: dict, cache_dir: str | Path | None = None) -> dict:
    """identity.json for a hub id or a local directory."""
    name = model_params["base_model"]
    local = Path(name).expanduser()
    if local.is_dir():
        sha = builtin_model.content_hash(local)
    elif looks_like_path(name):
        raise SystemExit(f"model.base_model: {name} is not a directory")
    else:
        snap = cached_snapshot(name, model_params["revision"], cache_dir)
        sha = builtin_model.content_hash(snap) if snap else None
    return {"base_model": name, "revision": model_params["revision"],
            "trust_remote_code": model_params["trust_remote_code"], "content_sha256": sha}


def replace_dir(tmp: Path, out: Path) -> None:
    """Move the finished `tmp` to `out`, removing any previous `out` only after tmp is complete."""
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
        os.replace(out, old / out.name)
    os.replace(tmp, out)
    if old is not None:
        shutil.rmtree(old)


def main() -> None:
    params = stage_params()
    model_params = params["model"]
    builtin = model_params["base_model"] == "builtin"
    if builtin and (problems := builtin_model.config_problems(model_params["builtin"])):
        raise SystemExit("params.yaml is invalid:\n" + "\n".join(f"  {p}" for p in problems))
    if builtin and model_params["builtin"]["pretrain_compile"]:
        require_cpu_compiler("base", "model.builtin.pretrain_compile", "slower, and slightly different weights")
    OUT_DIR.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{OUT_DIR.name}.", dir=OUT_DIR.parent))
    os.chmod(tmp, 0o755)  # mkdtemp's 0700 would otherwise become models/base's mode
    try:
        if builtin:
            keep_freed_memory()  # pretraining re-allocates the same activations every step
            model, tokenizer, summary = builtin_model.build_builtin(
                read_jsonl(TRAIN), model_params["builtin"], params["seed"], params["infrastructure"]["threads"])
            model.save_pretrained(tmp)  # safetensors; the tied lm_head is stored once
            tokenizer.save_pretrained(tmp)
            identity = {"base_model": "builtin", "content_sha256": builtin_model.content_hash(tmp),
                        "pretrain": summary, "params": model_params}
            note = (f"vocab {len(tokenizer)}, {model.num_parameters():,} params, "
                    f"{summary['steps']} steps ({summary['precision']}), "
                    f"loss {summary['first_loss']} -> {summary['final_loss']}")
        else:
            identity = external_identity(model_params)
            note = f"external {identity['base_model']}, content_sha256 {identity['content_sha256']}"
        write_json(tmp / builtin_model.IDENTITY_FILE, identity)
        replace_dir(tmp, OUT_DIR)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    print(f"base: {OUT_DIR}: {note}")


if __name__ == "__main__":
    main()
