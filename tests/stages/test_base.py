"""The base stage's main() in a temporary project: builtin base from the train split
only, loadable with the Auto classes, deterministic and atomic; external bases get
an identity.json only. Tiny sizes: < 30 s."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml
from transformers import AutoModelForCausalLM, AutoTokenizer, LlamaConfig, LlamaForCausalLM

from ech0.model import builtin_model
from ech0.jsonl import write_jsonl
from ech0.model.prompt import format_prompt
from ech0.stages import base
from tests.model.test_builtin_model import EVAL_MARKER, TRAIN_MARKER, rows

ROOT = Path(__file__).resolve().parents[2]
BUILTIN_FILES = {"config.json", "generation_config.json", "model.safetensors", "tokenizer.json",
                 "tokenizer_config.json", "chat_template.jinja", "identity.json"}


def project(tmp_path: Path, monkeypatch, **model) -> dict:
    """A tmp project with the repo's params.yaml (model.builtin shrunk) and tiny processed data."""
    params = yaml.safe_load((ROOT / "params.yaml").read_text())
    params["model"]["builtin"].update(vocab_size=320, hidden_size=64, intermediate_size=128, num_layers=1,
                                      num_heads=2, max_position_embeddings=128, pretrain_steps=5,
                                      pretrain_batch_size=2, pretrain_seq_len=32,
                                      pretrain_compile=False)
    params["model"].update({"base_model": "builtin", "sha256": None, **model})
    params["infrastructure"]["threads"] = 1
    (tmp_path / "params.yaml").write_text(yaml.safe_dump(params, sort_keys=False))
    write_jsonl(tmp_path / "data/processed/train.jsonl", rows(50, TRAIN_MARKER))
    # eval rows sit right beside train.jsonl: none of them may reach the tokenizer.
    write_jsonl(tmp_path / "data/processed/eval.jsonl", rows(50, EVAL_MARKER, seed=1))
    monkeypatch.chdir(tmp_path)
    return params


def test_builtin_base_is_loadable_and_uses_the_shared_prompt_format(tmp_path, monkeypatch):
    params = project(tmp_path, monkeypatch)
    base.main()
    out = tmp_path / "models/base"
    assert {p.name for p in out.iterdir()} == BUILTIN_FILES
    assert [p.name for p in (tmp_path / "models").iterdir()] == ["base"]  # no temp dirs left behind

    tok = AutoTokenizer.from_pretrained("models/base")
    model = AutoModelForCausalLM.from_pretrained("models/base")
    assert type(model).__name__ == "LlamaForCausalLM" and model.config.tie_word_embeddings
    assert model.config.vocab_size == len(tok) and tok.model_max_length == 128
    chat = tok.apply_chat_template([{"role": "user", "content": "hi"}], tokenize=False, add_generation_prompt=True)
    assert chat == format_prompt("hi")
    text = "Grüße 12345 {'x': [1]}\n"
    assert tok.decode(tok(text)["input_ids"]) == text
    assert len(tok.tokenize(" " + TRAIN_MARKER)) == 1 and len(tok.tokenize(" " + EVAL_MARKER)) > 1
    gen = json.loads((out / "generation_config.json").read_text())
    assert (gen["eos_token_id"], gen["pad_token_id"]) == (tok.eos_token_id, tok.pad_token_id)

    ids = tok(format_prompt("What is 1 plus 2?"), return_tensors="pt")["input_ids"]
    assert model.generate(ids, max_new_tokens=3, do_sample=False).shape[1] <= ids.shape[1] + 3

    identity = json.loads((out / "identity.json").read_text())
    assert set(identity) == {"base_model", "content_sha256", "pretrain", "params"}
    assert identity["base_model"] == "builtin" and identity["params"] == params["model"]
    assert identity["content_sha256"] == builtin_model.content_hash(out)
    assert set(identity["pretrain"]) >= {"steps", "first_loss", "final_loss", "tokens"}
    assert identity["pretrain"]["steps"] == 5 and identity["pretrain"]["tokens"] == 5 * 2 * 32
    for f in out.iterdir():  # no absolute paths (the tmp project's or any other)
        data = f.read_bytes()
        assert str(tmp_path).encode() not in data and b"/tmp" not in data, f.name

    # A second run replaces the first in place with byte-identical files.
    before = {f.name: f.read_bytes() for f in out.iterdir()}
    base.main()
    assert {f.name: f.read_bytes() for f in out.iterdir()} == before
    assert [p.name for p in (tmp_path / "models").iterdir()] == ["base"]


def tiny_llama(path: Path) -> None:
    cfg = LlamaConfig(vocab_size=64, hidden_size=64, intermediate_size=64, num_hidden_layers=1,
                      num_attention_heads=2, max_position_embeddings=64)
    LlamaForCausalLM(cfg).save_pretrained(path)


def test_local_directory_base_gets_an_identity_only(tmp_path, monkeypatch):
    ext = tmp_path / "ext_model"
    tiny_llama(ext)
    project(tmp_path, monkeypatch, base_model=str(ext))
    base.main()
    out = tmp_path / "models/base"
    assert [p.name for p in out.iterdir()] == ["identity.json"]  # weights are not copied
    identity = json.loads((out / "identity.json").read_text())
    assert identity == {"base_model": str(ext), "revision": None, "trust_remote_code": False,
                        "content_sha256": builtin_model.content_hash(ext)}
    assert len(identity["content_sha256"]) == 64

    (ext / "config.json").write_text((ext / "config.json").read_text() + "\n")
    base.main()
    assert json.loads((out / "identity.json").read_text())["content_sha256"] != identity["content_sha256"]


def fake_hub_cache(cache: Path, repo_id: str, commit: str) -> Path:
    repo = cache / ("models--" + repo_id.replace("/", "--"))
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text(commit)
    snap = repo / "snapshots" / commit
    tiny_llama(snap)
    return snap


def test_hub_id_is_hashed_from_the_local_cache_or_pinned_by_revision(tmp_path, monkeypatch):
    import huggingface_hub.constants

    cache = tmp_path / "hf_cache"
    snap = fake_hub_cache(cache, "org/tiny", "a" * 40)
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_CACHE", str(cache))
    project(tmp_path, monkeypatch, base_model="org/tiny")
    base.main()
    identity = json.loads((tmp_path / "models/base/identity.json").read_text())
    assert identity["content_sha256"] == builtin_model.content_hash(snap)

    # Not cached: no network, no hash; the pinned revision is the identity.
    project(tmp_path, monkeypatch, base_model="org/not-cached", revision="b" * 40)
    base.main()
    identity = json.loads((tmp_path / "models/base/identity.json").read_text())
    assert identity == {"base_model": "org/not-cached", "revision": "b" * 40, "trust_remote_code": False,
                        "content_sha256": None}


def test_cached_snapshot_never_raises():
    assert base.cached_snapshot("not a valid repo id!!", None, cache_dir=os.devnull) is None


def test_a_missing_local_directory_is_an_error(tmp_path, monkeypatch):
    project(tmp_path, monkeypatch, base_model="./no/such/dir")
    with pytest.raises(SystemExit, match="not a directory"):
        base.main()
    assert not (tmp_path / "models/base").exists()
    assert list((tmp_path / "models").iterdir()) == []  # the temp dir was removed


def test_bad_builtin_sizes_exit_with_the_key_path(tmp_path, monkeypatch):
    params = project(tmp_path, monkeypatch)
    params["model"]["builtin"]["pretrain_seq_len"] = 256  # > max_position_embeddings 128
    (tmp_path / "params.yaml").write_text(yaml.safe_dump(params, sort_keys=False))
    with pytest.raises(SystemExit, match="model.builtin.pretrain_seq_len"):
        base.main()
    assert not (tmp_path / "models").exists()


def test_pretrain_compile_without_a_cpu_compiler_is_a_clear_error(tmp_path, monkeypatch):
    import torch._inductor.cpp_builder as cpp_builder
    from torch._inductor.exc import InvalidCxxCompiler

    def no_compiler():
        raise InvalidCxxCompiler()

    params = project(tmp_path, monkeypatch)
    params["model"]["builtin"]["pretrain_compile"] = True
    (tmp_path / "params.yaml").write_text(yaml.safe_dump(params, sort_keys=False))
    monkeypatch.setattr(cpp_builder, "get_cpp_compiler", no_compiler)
    with pytest.raises(SystemExit, match="model.builtin.pretrain_compile is on, but torch.compile found no C"):
        base.main()
    assert not (tmp_path / "models").exists()


def test_stage_docstring_names_reads_writes_and_run():
    doc = base.__doc__
    assert "Reads:" in doc and "Writes:" in doc and "dvc repro base" in doc and "python -m ech0.stages.base" in doc


def test_gguf_base_is_dequantized_deterministically_from_a_pinned_file(tmp_path, monkeypatch, smollm2_base):
    """The default base from a local copy of its GGUF file: the same weights, tokenizer
    and chat template as from the pip package (the session fixture), byte for byte."""
    default = yaml.safe_load((ROOT / "params.yaml").read_text())["model"]
    local = tmp_path / "gguf" / "model.Q4_1.gguf"
    local.parent.mkdir()
    local.symlink_to(base.gguf_path(default["base_model"]))
    project(tmp_path, monkeypatch, base_model=str(local), sha256=default["sha256"])
    base.main()
    out = tmp_path / "models/base"
    files = {p.name for p in out.iterdir()}
    assert {"model.safetensors", "tokenizer.json", "config.json", "identity.json"} <= files
    for f in smollm2_base.iterdir():
        assert (out / f.name).read_bytes() == f.read_bytes(), f.name
    identity = json.loads((out / "identity.json").read_text())
    assert identity["content_sha256"] == builtin_model.content_hash(smollm2_base)
    g = identity["gguf"]
    assert (g["sha256"], g["license"], g["quantization"]["file_type"]) == (default["sha256"], "apache-2.0", "Q4_1")
    assert g["name"] == "HuggingFaceTB/model" and g["organization"] == "HuggingFaceTB"
    assert b"quantization_config" not in (out / "config.json").read_bytes()

    tok = AutoTokenizer.from_pretrained(out)
    chat = tok.apply_chat_template([{"role": "user", "content": "hi"}], tokenize=False, add_generation_prompt=True)
    assert chat.endswith("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n") and tok.eos_token == "<|im_end|>"

    # A file other than the pinned one stops the stage before anything is written.
    (tmp_path / "other").mkdir()
    project(tmp_path / "other", monkeypatch, base_model=str(local), sha256="0" * 64)
    with pytest.raises(SystemExit, match=r"model.sha256: model.Q4_1.gguf has sha256 b179c952\w+, but params.yaml pins 0{64}"):
        base.main()
    assert not (tmp_path / "other/models/base").exists()


def test_pip_gguf_errors_name_the_package_or_file(tmp_path, monkeypatch):
    with pytest.raises(SystemExit, match="the Python package 'no_such_pkg' is not installed"):
        base.gguf_path("pip:no_such_pkg/x.gguf")
    with pytest.raises(SystemExit, match="the package 'yaml' has no file 'x.gguf'"):
        base.gguf_path("pip:yaml/x.gguf")
