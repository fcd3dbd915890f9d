"""ech0.model.checkpoints: the run key, which checkpoint a resumed run takes, and an
adapter_config.json that does not depend on the hash seed."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

from ech0.model import checkpoints

ROOT = Path(__file__).resolve().parents[2]
PARAMS = yaml.safe_load((ROOT / "params.yaml").read_text())


def test_run_key_follows_the_training_params_and_inputs_only(tmp_path):
    data = tmp_path / "train.jsonl"
    data.write_text("a\n")
    key = checkpoints.run_key(PARAMS, [data, tmp_path / "missing.json"])
    assert key == checkpoints.run_key(copy.deepcopy(PARAMS), [data, tmp_path / "missing.json"])
    other = copy.deepcopy(PARAMS)
    other["eval"]["batch_size"] += 1  # eval params do not change what training does
    assert checkpoints.run_key(other, [data]) == checkpoints.run_key(PARAMS, [data])
    other["training"]["learning_rate"] *= 2
    assert checkpoints.run_key(other, [data]) != checkpoints.run_key(PARAMS, [data])
    data.write_text("b\n")
    assert checkpoints.run_key(PARAMS, [data]) != key


def test_last_complete_checkpoint_skips_unmarked_and_final(tmp_path):
    for step, marked in ((5, True), (10, True), (15, False), (20, True)):
        (tmp_path / f"checkpoint-{step}").mkdir()
        if marked:
            checkpoints.mark_complete(tmp_path / f"checkpoint-{step}", step)
    assert (tmp_path / "checkpoint-5" / checkpoints.COMPLETE).read_text() == "5"
    assert checkpoints.last_complete_checkpoint(tmp_path).name == "checkpoint-20"
    # At max_steps 20 the final checkpoint would make Trainer take a 21st step.
    assert checkpoints.last_complete_checkpoint(tmp_path, max_steps=20).name == "checkpoint-10"
    assert checkpoints.last_complete_checkpoint(tmp_path / "missing") is None
    assert checkpoints.step_of(tmp_path / "checkpoint-15") == 15


def test_adapter_config_does_not_depend_on_the_hash_seed(tmp_path):
    """peft writes target_modules in set order; two processes with different
    PYTHONHASHSEED must still write the same adapter_config.json."""
    script = ("import sys, pathlib; from ech0.model.checkpoints import sort_adapter_config; "
              "from ech0.model import adapters; from tests.conftest import TINY; "
              "from ech0.model.builtin_model import build_model; "
              "m = adapters.attach_adapters(build_model(TINY, 400, {'bos_token_id': 1, 'eos_token_id': 2, "
              "'pad_token_id': 3}, seed=0), {'rank': 4, 'alpha': 8, 'dropout': 0.0, "
              "'target_modules': ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj']}); "
              "out = pathlib.Path(sys.argv[1]); m.save_pretrained(out); sort_adapter_config(out)")
    texts = []
    for seed in ("1", "2", "3"):
        out = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}
        subprocess.run([sys.executable, "-c", script, str(out)], check=True, env=env, cwd=ROOT,
                       capture_output=True)
        texts.append((out / "adapter_config.json").read_text())
    assert texts[0] == texts[1] == texts[2]
    assert json.loads(texts[0])["target_modules"] == sorted(json.loads(texts[0])["target_modules"])
