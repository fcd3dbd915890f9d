"""package stage: refusal on a failed gate, a self-contained merged model that
matches adapter + base, safetensors only, model card, lineage and `ech0 verify` / `ech0 chat`.
(The lineage record and `verify` are ech0.release.lineage's, the cards ech0.release.card's.)"""

from __future__ import annotations

import io
import json

import pytest
import torch

from ech0 import cli
from ech0.model import inference
from ech0.params import load_params
from ech0.release import lineage as lin
from ech0.stages import package
from tests.stages.test_eval import project, run

pytestmark = pytest.mark.xdist_group("train")


def test_failed_gate_writes_a_refusal_record_not_a_model(tmp_path, monkeypatch, capsys):
    """Exit 0 (the run is a result), but models/package holds no weights and no tokenizer:
    nothing loads, `ech0 verify` and `ech0 gate` exit 1 with the reason."""
    from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer

    root = project(tmp_path, max_steps=2, learning_rate=1e-9)  # as good as the base: fails min_loss_improvement
    assert not run(root, monkeypatch)["gate"]["passed"]
    package.main()  # returns: no SystemExit
    out = root / "models/package"
    assert sorted(p.name for p in out.iterdir()) == ["README.md", lin.LINEAGE]
    assert not list((root / "models").glob(".package*"))  # no temporary left behind
    card = (out / "README.md").read_text()
    assert card.startswith("# Not a model: the eval gate failed") and "min_loss_improvement" in card
    assert "metrics/eval/report.json" in card and "---" not in card.splitlines()[0]
    assert "min_loss_improvement" in capsys.readouterr().out
    lineage = json.loads((out / lin.LINEAGE).read_text())
    assert lineage["eval"]["gate"]["passed"] is False and set(lineage["files"]) == {"README.md"}
    for load in (AutoConfig.from_pretrained, AutoModelForCausalLM.from_pretrained, AutoTokenizer.from_pretrained):
        with pytest.raises((OSError, ValueError)):
            load(str(out))
    problems = lin.verify(out)
    assert len(problems) == 1 and problems[0].startswith("not a model") and "min_loss_improvement" in problems[0]
    assert cli.main(["verify", str(out)]) == 1
    assert cli.main(["gate"]) == 1 and "min_loss_improvement" in capsys.readouterr().err


def test_passed_gate_ships_a_merged_model_equal_to_adapter_plus_base(tmp_path, monkeypatch, capsys):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    root = project(tmp_path, max_steps=40, learning_rate=3e-3)
    report = run(root, monkeypatch)
    assert report["gate"]["passed"], report["gate"]
    package.main()
    out = root / "models/package"
    names = {p.name for p in out.iterdir()}
    assert {"model.safetensors", "config.json", "generation_config.json", "tokenizer.json", "README.md",
            "lineage.json"} <= names
    assert "adapter_config.json" not in names and lin.pickles(out) == []

    # The merged model gives the same logits as the adapter on its base.
    params = load_params()
    merged = AutoModelForCausalLM.from_pretrained(str(out)).eval()
    adapter = inference.load_for_inference(params, root / "models/train")
    tok = AutoTokenizer.from_pretrained(str(out))
    ids = tok.apply_chat_template([{"role": "user", "content": "Add 2 and 3."}], add_generation_prompt=True,
                                  return_tensors="pt", return_dict=True)["input_ids"]
    assert tok.decode(ids[0]).startswith("### Instruction:\nAdd 2 and 3.\n\n### Response:\n")
    with torch.no_grad():
        torch.testing.assert_close(merged(input_ids=ids).logits, adapter(input_ids=ids).logits,
                                   rtol=1e-4, atol=1e-4)

    lineage = json.loads((out / "lineage.json").read_text())
    assert lineage["eval"]["gate"]["passed"] and lineage["method"] == "lora"
    assert set(lineage["data"]) == {"data/processed/train.jsonl", "data/processed/eval.jsonl"}
    assert lineage["params_sha256"] == lin.params_sha256(params)
    card = (out / "README.md").read_text()
    assert card.startswith("---\n") and "pipeline_tag" in card
    for needle in ("## Base model", "## Training", "## Domains", "## Evaluation", "## Lineage", "## Software",
                   "not financial advice", "not investment advice", lineage["params_sha256"]):
        assert needle in card, needle
    # The prompt format shown is the template's own rendering, here ech0's for a base without one.
    assert "```\n### Instruction:\n{prompt}\n\n### Response:\n```" in card
    assert str(root) not in card and str(root) not in (out / "lineage.json").read_text()

    assert cli.main(["verify", str(out)]) == 0
    assert cli.main(["chat", str(out), "Add 2 and 3.", "--max-new-tokens", "8"]) == 0
    # Interactive: one conversation, so the second prompt is answered after the first
    # exchange; /reset starts over, and the first answer comes back as in the one-shot form.
    model, tok2 = inference.load_chat_model(out)
    q = {"role": "user", "content": "Add 2 and 3."}
    want = inference.chat_reply(model, tok2, [q], 8)
    follow = inference.chat_reply(model, tok2, [q, {"role": "assistant", "content": want}, q], 8)
    monkeypatch.setattr("sys.stdin", io.StringIO("Add 2 and 3.\nAdd 2 and 3.\n/reset\nAdd 2 and 3.\n\nnot read\n"))
    capsys.readouterr()
    assert cli.main(["chat", str(out), "--max-new-tokens", "8"]) == 0
    assert capsys.readouterr().out.splitlines() == [want, follow, want]

    # Same inputs, same bytes: a second build is identical.
    first = lin.file_hashes(out)
    package.main()
    assert lin.file_hashes(out) == first
    assert [p.name for p in (root / "models").iterdir() if p.name.startswith(".")] == []  # no temp dirs


def test_qlora_adapter_is_merged_into_an_unquantised_base(tmp_path, monkeypatch):
    from transformers import AutoModelForCausalLM

    from ech0.model import loading

    root = project(tmp_path, method="qlora", max_steps=40, learning_rate=3e-3)
    report = run(root, monkeypatch)
    assert report["gate"]["passed"], report["gate"]
    package.main()
    out = root / "models/package"
    config = json.loads((out / "config.json").read_text())
    assert "quantization_config" not in config  # plain weights, not 4-bit ones
    merged = AutoModelForCausalLM.from_pretrained(str(out)).eval()
    assert all(p.dtype == torch.float32 for p in merged.parameters())

    # The merge happened in full precision: the merged weights equal base + B @ A * scale
    # computed here from the adapter file, on the unquantised base.
    from peft import PeftModel

    params = load_params()
    base = AutoModelForCausalLM.from_pretrained(str(loading.BASE_DIR), dtype=torch.float32)
    expected = PeftModel.from_pretrained(base, str(root / "models/train")).merge_and_unload()
    for (name, got), (_, want) in zip(merged.state_dict().items(), expected.state_dict().items()):
        torch.testing.assert_close(got, want, msg=name)
    assert params["training"]["method"] == "qlora"
