"""dvclive tracking of the train stage: metrics/train/ (metrics.json,
plots/metrics/*.tsv, report.html, params.yaml) for `dvc exp show`, `dvc plots`
and `ech0 status`.

dvclive's own Hugging Face callback counts log calls as its step; the one here
logs at the trainer's global step, and only the metrics people compare. Each
checkpoint carries a copy of the dvclive directory, so a resumed run's curves
hold exactly the steps up to it (`open_live` puts that copy back).
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from dvclive import Live
from transformers import TrainerCallback

from ech0.model import checkpoints

# Trainer's log key -> dvclive metric
LOGGED = (("loss", "train/loss"), ("eval_loss", "eval/loss"),
          ("learning_rate", "train/learning_rate"), ("grad_norm", "train/grad_norm"))
SAVED_LIVE = "dvclive"  # the dvclive copy's name inside a checkpoint


def open_live(live_dir: Path, resume: Path | None) -> Live:
    """dvclive in a fresh `live_dir`, or in the copy the checkpoint `resume` holds."""
    shutil.rmtree(live_dir, ignore_errors=True)
    if resume is not None and (resume / SAVED_LIVE).exists():
        shutil.copytree(resume / SAVED_LIVE, live_dir)
    return Live(dir=str(live_dir), resume=resume is not None, report="html", dvcyaml=None, save_dvc_exp=False)


def close_live(live: Live, eval_loss: float | None) -> None:
    """The run's final eval loss into dvclive's summary, then its last report."""
    live.summary.update({"eval/loss_final": eval_loss})
    live.make_summary()
    live.end()


def loss_summary(history: list[dict], final_eval: dict) -> dict:
    """The losses metrics/train/report.json records, from Trainer's log history:
    the first and last logged train loss, the base model's eval loss (step 0) and
    `final_eval`'s ({} without eval rows), to 4 decimals; None where there is none."""
    losses = [h["loss"] for h in history if "loss" in h]
    return {
        "train_loss_first": round(losses[0], 4) if losses else None,
        "train_loss_final": round(losses[-1], 4) if losses else None,
        "eval_loss_base": next((round(h["eval_loss"], 4) for h in history
                                if "eval_loss" in h and h.get("step") == 0), None),
        "eval_loss": round(final_eval.get("eval_loss", float("nan")), 4) if final_eval else None,
    }


def run_params(params: dict, args, precision: str, trainable: int, total: int) -> dict:
    """The few params dvclive records for a run (metrics/train/params.yaml); `args`
    are the TrainingArguments, whose optimizer is the one that ran."""
    tp, dist = params["training"], params["infrastructure"]["distributed"]
    return {
        "method": tp["method"], "base_model": params["model"]["base_model"], "precision": precision,
        "learning_rate": tp["learning_rate"], "max_steps": tp["max_steps"], "epochs": tp["epochs"],
        "batch_size": tp["batch_size"], "gradient_accumulation_steps": tp["gradient_accumulation_steps"],
        "lr_scheduler_type": tp["lr_scheduler_type"], "optimizer": str(getattr(args.optim, "value", args.optim)),
        "padding": tp["padding"], "batch_tokens": tp["batch_tokens"], "compile": tp["compile"],
        "lora_rank": params["lora"]["rank"], "lora_alpha": params["lora"]["alpha"],
        "trainable_params": trainable, "total_params": total,
        "world_size": dist["world_size"] if dist["enabled"] else 1,
    }


class DvcLiveCallback(TrainerCallback):
    """Logs to `live` at the trainer's global step; on each save, copies the dvclive
    directory into the checkpoint and marks the checkpoint complete."""

    def __init__(self, live: Live, run_dir: Path, live_dir: Path):
        self.live, self.run_dir, self.live_dir = live, run_dir, live_dir
        self.t0 = time.perf_counter()
        self.last = (self.t0, 0)

    def on_log(self, args, state, control, logs=None, **kwargs):
        if not state.is_world_process_zero or not logs:
            return
        live = self.live
        live.step = state.global_step
        for src, dst in LOGGED:
            if src in logs:
                live.log_metric(dst, round(float(logs[src]), 6))
        now, tokens = time.perf_counter(), state.num_input_tokens_seen
        if "loss" in logs and now > self.last[0]:
            live.log_metric("train/tokens_per_s", round((tokens - self.last[1]) / (now - self.last[0]), 1))
            self.last = (now, tokens)
        # For `ech0 status` (ETA) and `dvc exp show` (wall time); in the summary, not a plot.
        live.summary["progress"] = {"max_steps": state.max_steps, "tokens_seen": int(tokens),
                                    "elapsed_s": round(now - self.t0, 1)}
        live.make_summary()
        live.make_report()

    def on_save(self, args, state, control, **kwargs):
        if not state.is_world_process_zero:
            return
        ckpt = self.run_dir / f"checkpoint-{state.global_step}"
        shutil.copytree(self.live_dir, ckpt / SAVED_LIVE, dirs_exist_ok=True)
        checkpoints.mark_complete(ckpt, state.global_step)


def make_callbacks(live: Live, run_dir: Path, live_dir: Path) -> list:
    """The train stage's Trainer callbacks (rank 0 only); bench/bench_train.py adds
    its recorder beside them by wrapping this function."""
    return [DvcLiveCallback(live, run_dir, live_dir)]
