"""ech0.model.tracking: dvclive at the trainer's global step, curves that travel with
a checkpoint and come back on resume, and the losses the train report records.
(The whole stage's dvclive output is tested in tests/stages/test_train.py.)"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import yaml

from ech0.model import checkpoints, tracking

ROOT = Path(__file__).resolve().parents[2]


def state(step: int) -> SimpleNamespace:
    """The TrainerState fields the callback reads."""
    return SimpleNamespace(global_step=step, is_world_process_zero=True, max_steps=10,
                           num_input_tokens_seen=100 * step)


def logged_steps(live_dir: Path, metric: str) -> list[int]:
    header, *lines = (live_dir / f"plots/metrics/{metric}.tsv").read_text().splitlines()
    col = header.split("\t").index("step")
    return [int(line.split("\t")[col]) for line in lines]


def test_a_checkpoint_carries_the_curves_and_a_resume_puts_them_back(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    live_dir, run_dir = Path("metrics/train"), Path("checkpoints/train/key")
    live = tracking.open_live(live_dir, None)
    callback, = tracking.make_callbacks(live, run_dir, live_dir)
    for step in (1, 2):
        callback.on_log(None, state(step), None, logs={"loss": 3.0 - step, "grad_norm": 0.5, "epoch": 0.1})
    (run_dir / "checkpoint-2").mkdir(parents=True)  # Trainer writes the checkpoint, then calls on_save
    callback.on_save(None, state(2), None)
    assert checkpoints.last_complete_checkpoint(run_dir) == run_dir / "checkpoint-2"
    callback.on_log(None, state(3), None, logs={"loss": 0.5})
    assert logged_steps(live_dir, "train/loss") == [1, 2, 3]
    assert not (live_dir / "plots/metrics/epoch.tsv").exists()  # only the compared metrics are logged
    progress = json.loads((live_dir / "metrics.json").read_text())["progress"]
    assert progress["max_steps"] == 10 and progress["tokens_seen"] == 300

    # A run killed after step 3 resumes from checkpoint-2: its curve ends at step 2.
    tracking.open_live(live_dir, run_dir / "checkpoint-2")
    assert logged_steps(live_dir, "train/loss") == [1, 2]
    tracking.open_live(live_dir, None)
    assert not (live_dir / "plots").exists()  # a fresh run starts with no curves


def test_loss_summary_reads_trainers_log_history():
    history = [{"eval_loss": 3.14159, "step": 0}, {"loss": 2.34567, "step": 1}, {"loss": 1.5, "step": 2},
               {"eval_loss": 1.8, "step": 2}, {"train_runtime": 9.0, "step": 2}]
    assert tracking.loss_summary(history, {"eval_loss": 1.81234}) == {
        "train_loss_first": 2.3457, "train_loss_final": 1.5, "eval_loss_base": 3.1416, "eval_loss": 1.8123}
    assert tracking.loss_summary([], {}) == dict.fromkeys(
        ("train_loss_first", "train_loss_final", "eval_loss_base", "eval_loss"))


def test_run_params_are_the_few_compared_ones():
    params = yaml.safe_load((ROOT / "params.yaml").read_text())
    args = SimpleNamespace(optim=SimpleNamespace(value="adamw_8bit"))  # Trainer's optimizer enum
    logged = tracking.run_params(params, args, "bf16", 10, 100)
    assert logged["optimizer"] == "adamw_8bit" and logged["precision"] == "bf16"
    assert logged["world_size"] == 1 and logged["lora_rank"] == params["lora"]["rank"]
    assert (logged["trainable_params"], logged["total_params"]) == (10, 100) and len(logged) < 20
