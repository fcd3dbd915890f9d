"""train stage: LoRA, QLoRA or full fine-tuning of the base model with HF Trainer.

Reads:  params.yaml (seed, model, training, lora, quantization, infrastructure),
        models/base/ (the built-in base, or identity.json for a hub/local base),
        data/processed/train.jsonl, data/processed/eval.jsonl (eval loss only)
Writes: models/train/         adapter (lora/qlora) or full model, safetensors, with its tokenizer
        metrics/train.json    the figures `dvc exp show` compares: steps, final train and eval loss,
                              tokens/s, wall time
        metrics/train/report.json  the whole record: both losses at both ends, example accounting,
                              parameter counts, precision, device and software versions
        metrics/train/        dvclive: metrics.json, plots/metrics/*.tsv, report.html
        checkpoints/train/<run key>/  resumable checkpoints, NOT a DVC output
Run:    dvc repro train   (or: python -m ech0.stages.train)

Resume: checkpoints live under a key that hashes the params and inputs, outside
the stage's outs, so DVC's cleanup before a re-run leaves them alone. A
checkpoint counts only once ech0 has marked it COMPLETE (after Trainer wrote
every file); a half-written one from a killed run is skipped, where Trainer
alone would pick the newest directory and fail on its missing files. A run
that finishes removes its checkpoints.

Distributed: with infrastructure.distributed.enabled and world_size N, the
stage re-launches itself under torch.distributed.run with N processes (gloo on
CPU, nccl on GPUs); `dvc repro` needs no other command.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from ech0 import environment
from ech0.hashing import file_sha256
from ech0.seeding import derive_seed
from ech0.jsonl import load_jsonl, write_json
from ech0.params import stage_params
from ech0.data.rows import validate_row

TRAIN_ROWS = Path("data/processed/train.jsonl")
EVAL_ROWS = Path("data/processed/eval.jsonl")
OUT_DIR = Path("models/train")
METRICS = Path("metrics/train.json")
REPORT = Path("metrics/train/report.json")  # not a DVC metric: accounting, not for comparing
COMPARED = ("steps", "train_loss_final", "eval_loss", "tokens_per_s", "wall_s")
LIVE_DIR = Path("metrics/train")
CHECKPOINTS = Path("checkpoints/train")
COMPLETE = "ECH0_COMPLETE"
RUN_SECTIONS = ("seed", "model", "training", "lora", "quantization", "infrastructure")


def run_key(params: dict, inputs: list[Path]) -> str:
    """Checkpoints are reusable only by a run with the same params and inputs."""
    h = hashlib.sha256(json.dumps({k: params[k] for k in RUN_SECTIONS}, sort_keys=True).encode())
    for p in inputs:
        if p.is_file():
            h.update(file_sha256(p).encode())
    return h.hexdigest()[:16]


def last_complete_checkpoint(run_dir: Path, max_steps: int = -1) -> Path | None:
    """The newest checkpoint-N directory ech0 marked complete, or None.

    With max_steps > 0, a checkpoint at the final step is passed over: resuming
    from it, Trainer (transformers 5.x) takes one step too many (151 of 150).
    That checkpoint only exists when a run was killed after its last save but
    before its outputs were written; the one before it (save_total_limit 2)
    resumes to the same weights."""
    done = [d for d in run_dir.glob("checkpoint-*") if (d / COMPLETE).exists()
            and (max_steps <= 0 or int(d.name.split("-")[1]) < max_steps)]
    return max(done, key=lambda d: int(d.name.split("-")[1]), default=None)


def sort_adapter_config(model_dir: Path) -> None:
    """peft keeps target_modules as a set and writes it in hash order, which changes
    with PYTHONHASHSEED: the same run then gives a different models/train hash in
    dvc.lock. Sorted, the file depends on the params only."""
    path = model_dir / "adapter_config.json"
    if path.exists():
        config = json.loads(path.read_text())
        for key in ("target_modules", "modules_to_save", "exclude_modules"):
            if isinstance(config.get(key), list):
                config[key] = sorted(config[key])
        write_json(path, config)


def select_rows(rows: list[dict], limit: int, seed: int) -> list[dict]:
    if limit < 0 or limit >= len(rows):
        return rows
    return random.Random(derive_seed(seed, "train-rows")).sample(rows, limit)


def read_rows(path: Path) -> list[dict]:
    rows = load_jsonl(path)
    for n, row in enumerate(rows, start=1):
        if problems := validate_row(row):
            raise SystemExit(f"{path}:{n}: {problems[0]}")
    return rows


def _relaunch_distributed(dist: dict) -> None:
    """Run this stage under torch.distributed.run with world_size processes on
    this host (for several hosts, launch with torchrun yourself: see README)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-m", "torch.distributed.run", f"--nproc_per_node={dist['world_size']}",
           "--master_addr=127.0.0.1", f"--master_port={port}", "-m", "ech0.stages.train"]
    raise SystemExit(subprocess.call(cmd))


def make_callbacks(live, run_dir: Path):
    from transformers import TrainerCallback

    class DvcLiveCallback(TrainerCallback):
        """dvclive's step is the trainer's global step (dvclive's own HF callback
        counts log calls instead), and only the metrics people compare are logged."""

        def __init__(self):
            self.t0 = time.perf_counter()
            self.last = (self.t0, 0)

        def on_log(self, args, state, control, logs=None, **kwargs):
            if not state.is_world_process_zero or not logs:
                return
            live.step = state.global_step
            for src, dst in (("loss", "train/loss"), ("eval_loss", "eval/loss"),
                             ("learning_rate", "train/learning_rate"), ("grad_norm", "train/grad_norm")):
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
            ckpt = run_dir / f"checkpoint-{state.global_step}"
            # dvclive's files travel with the checkpoint, so a resumed run's
            # curves hold exactly the steps up to it.
            shutil.copytree(LIVE_DIR, ckpt / "dvclive", dirs_exist_ok=True)
            (ckpt / COMPLETE).write_text(str(state.global_step))

    return [DvcLiveCallback()]


def main() -> None:
    params = stage_params()
    tp, infra = params["training"], params["infrastructure"]
    dist = infra["distributed"]
    if infra["cpu_offload"] and not (dist["enabled"] and dist["strategy"] == "fsdp"):
        raise SystemExit("train: infrastructure.cpu_offload offloads FSDP's sharded state, so it needs "
                         "infrastructure.distributed enabled with strategy fsdp (GPUs); otherwise turn it off")
    if dist["enabled"] and dist["strategy"] == "fsdp":
        import torch

        if not torch.cuda.is_available():
            # accelerate shards only across accelerators: on CPUs it would quietly run DDP.
            raise SystemExit("train: infrastructure.distributed.strategy fsdp needs GPUs (accelerate "
                             "shards across accelerators only); on CPUs use strategy ddp")
    if dist["enabled"] and dist["world_size"] > 1 and "LOCAL_RANK" not in os.environ:
        _relaunch_distributed(dist)

    import torch
    from dvclive import Live
    from transformers import TrainingArguments, set_seed

    from ech0.model import loading, quantization, runtime
    from ech0.model.sft import PadCollator, completion_trainer_class, packing_collator, tokenize_rows

    on_gpu = torch.cuda.is_available()
    if tp["compile"] and not on_gpu:
        runtime.require_cpu_compiler("train", "training.compile", "same results, slower")
    torch.set_num_threads(infra["threads"])
    if not on_gpu:
        runtime.keep_freed_memory()  # CPU training: reuse activation memory across steps
    set_seed(derive_seed(params["seed"], "train") % 2**32)
    rank0 = int(os.environ.get("RANK", "0")) == 0

    tokenizer = loading.load_tokenizer(params["model"])
    all_rows = read_rows(TRAIN_ROWS)
    n_rows = len(all_rows)
    rows = select_rows(all_rows, tp["max_train_rows"], params["seed"])
    n_selected = len(rows)
    train = tokenize_rows(tokenizer, rows, tp["max_seq_len"])
    evals = tokenize_rows(tokenizer, read_rows(EVAL_ROWS)[: tp["eval_rows"]], tp["max_seq_len"])
    del all_rows, rows  # only their counts are needed from here on
    if not train.examples:
        raise SystemExit(f"train: no example fits training.max_seq_len {tp['max_seq_len']} "
                         f"(longest {train.longest} tokens)")
    if rank0 and train.too_long:
        print(f"train: {train.too_long} of {n_selected} examples exceed training.max_seq_len "
              f"{tp['max_seq_len']} (longest {train.longest}); left out, counted in {REPORT}")

    base_inputs = [loading.BASE_DIR / "identity.json", TRAIN_ROWS, EVAL_ROWS]
    run_dir = CHECKPOINTS / run_key(params, base_inputs)
    resume = last_complete_checkpoint(run_dir, tp["max_steps"])
    precision = loading.resolve_precision(tp["precision"])
    model = loading.load_model(params)
    trainable, total = quantization.trainable_parameters(model)
    if tp["compile"]:
        layers = loading.compile_layers(model)
        if rank0 and layers:
            print(f"train: training.compile: {layers} decoder layers compile at the first step "
                  "(~1 min on 2 CPU cores with a cold cache, seconds once cached)")
        elif rank0:  # a remote-code model that does not name its blocks (_no_split_modules)
            print("train: training.compile: the model names no decoder layer class; only the loss is compiled")

    if rank0:
        shutil.rmtree(LIVE_DIR, ignore_errors=True)
        if resume is not None and (resume / "dvclive").exists():
            shutil.copytree(resume / "dvclive", LIVE_DIR)
    live = Live(dir=str(LIVE_DIR), resume=resume is not None, report="html", dvcyaml=None,
                save_dvc_exp=False) if rank0 else None
    fsdp = {}
    if dist["enabled"] and dist["strategy"] == "fsdp":
        fsdp = {"fsdp": "full_shard auto_wrap" + (" offload" if infra["cpu_offload"] else ""),
                "fsdp_config": {"transformer_layer_cls_to_wrap": ["LlamaDecoderLayer"]}}
    args = TrainingArguments(
        output_dir=str(run_dir),
        num_train_epochs=tp["epochs"],
        max_steps=tp["max_steps"],
        per_device_train_batch_size=tp["batch_size"],
        per_device_eval_batch_size=tp["batch_size"],
        gradient_accumulation_steps=tp["gradient_accumulation_steps"],
        learning_rate=tp["learning_rate"],
        lr_scheduler_type=tp["lr_scheduler_type"],
        warmup_steps=tp["warmup_steps"],
        weight_decay=tp["weight_decay"],
        max_grad_norm=tp["max_grad_norm"],
        optim=quantization.cpu_safe_optimizer(tp["optimizer"], on_gpu=on_gpu),
        bf16=precision == "bf16",
        fp16=precision == "fp16",
        use_cpu=not on_gpu,
        train_sampling_strategy="group_by_length" if tp["padding"] == "group_by_length" else "random",
        include_num_input_tokens_seen="non_padding",
        logging_steps=tp["logging_steps"],
        logging_first_step=True,
        eval_strategy="steps" if tp["eval_steps"] and evals.examples else "no",
        eval_steps=tp["eval_steps"] or None,
        # The base model's eval loss at step 0 anchors the curve (and metrics/train.json's
        # eval_loss_base); a resumed run already has it.
        eval_on_start=bool(tp["eval_steps"] and evals.examples) and resume is None,
        prediction_loss_only=True,  # eval needs the loss only; keeping logits would hold them all in RAM
        save_strategy="steps" if tp["save_steps"] else "no",
        save_steps=tp["save_steps"] or None,
        save_total_limit=2,
        report_to="none",
        seed=derive_seed(params["seed"], "train") % 2**32,
        data_seed=derive_seed(params["seed"], "data-order") % 2**32,
        ddp_backend=dist["backend"] if dist["enabled"] else None,
        # Every trainable parameter takes part in every forward (adapters sit in every
        # layer; full fine-tuning uses every weight), so DDP need not walk the autograd
        # graph after each backward looking for unused ones, which Trainer otherwise
        # asks for whenever gradient checkpointing is off.
        ddp_find_unused_parameters=False,
        disable_tqdm=not rank0,
        **fsdp,
    )
    collator = PadCollator(tokenizer.pad_token_id) if tp["padding"] == "group_by_length" else packing_collator()
    trainer = completion_trainer_class(tp["batch_tokens"], tp["compile"])(model=model, args=args, train_dataset=train.examples,
                                         eval_dataset=evals.examples or None, data_collator=collator,
                                         callbacks=make_callbacks(live, run_dir) if rank0 else [])
    if rank0:
        live.log_params({
            "method": tp["method"], "base_model": params["model"]["base_model"], "precision": precision,
            "learning_rate": tp["learning_rate"], "max_steps": tp["max_steps"], "epochs": tp["epochs"],
            "batch_size": tp["batch_size"], "gradient_accumulation_steps": tp["gradient_accumulation_steps"],
            "lr_scheduler_type": tp["lr_scheduler_type"], "optimizer": str(getattr(args.optim, "value", args.optim)),
            "padding": tp["padding"], "batch_tokens": tp["batch_tokens"], "compile": tp["compile"],
            "lora_rank": params["lora"]["rank"], "lora_alpha": params["lora"]["alpha"],
            "trainable_params": trainable, "total_params": total,
            "world_size": dist["world_size"] if dist["enabled"] else 1,
        })
    t0 = time.perf_counter()
    with runtime.frozen_gc():
        result = trainer.train(resume_from_checkpoint=str(resume) if resume else None)
    wall = time.perf_counter() - t0
    final_eval = {}
    if evals.examples:
        last = [h for h in trainer.state.log_history if "eval_loss" in h]
        at_end = last and last[-1].get("step") == trainer.state.global_step
        final_eval = last[-1] if at_end else trainer.evaluate()  # no second point at the same step
    if not rank0:
        return

    tmp = OUT_DIR.with_name(OUT_DIR.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    # save_pretrained, not trainer.save_model: the latter adds training_args.bin,
    # a pickle, and outputs are safetensors only. Adapter for lora/qlora, full
    # weights for full.
    trainer.model.save_pretrained(str(tmp))
    sort_adapter_config(tmp)
    tokenizer.save_pretrained(str(tmp))
    shutil.rmtree(OUT_DIR, ignore_errors=True)
    tmp.rename(OUT_DIR)

    history = trainer.state.log_history
    losses = [h["loss"] for h in history if "loss" in h]
    tokens = trainer.state.num_input_tokens_seen
    summary = {
        "env": {**environment.versions(), "device": environment.device_name()},
        "method": tp["method"],
        "precision": precision,
        "device": "cuda" if on_gpu else "cpu",
        "steps": trainer.state.global_step,
        "resumed_from_step": int(resume.name.split("-")[1]) if resume else 0,
        "train_loss_first": round(losses[0], 4) if losses else None,
        "train_loss_final": round(losses[-1], 4) if losses else None,
        "eval_loss_base": next((round(h["eval_loss"], 4) for h in history
                                if "eval_loss" in h and h.get("step") == 0), None),
        "eval_loss": round(final_eval.get("eval_loss", float("nan")), 4) if final_eval else None,
        "tokens_seen": int(tokens),
        "tokens_per_s": round(result.metrics.get("train_tokens_per_second", tokens / wall), 1),
        "wall_s": round(wall, 1),
        "trainable_params": trainable,
        "total_params": total,
        "examples": {"train_rows": n_rows, "selected": n_selected, "used": len(train.examples),
                     "too_long": train.too_long, "longest_tokens": train.longest,
                     "max_seq_len": tp["max_seq_len"], "eval_used": len(evals.examples)},
    }
    if live is not None:
        live.summary.update({"eval/loss_final": summary["eval_loss"]})
        live.make_summary()
        live.end()
    write_json(REPORT, summary)
    write_json(METRICS, {k: summary[k] for k in COMPARED})
    # Checkpoints are for surviving an interruption. Once the outputs are written
    # the run is over: a later `dvc repro` (say, after a code change) trains afresh
    # rather than "resuming" a finished run.
    shutil.rmtree(run_dir, ignore_errors=True)
    print(f"train: {summary['steps']} steps, loss {summary['train_loss_first']} -> {summary['train_loss_final']}, "
          f"eval loss {summary['eval_loss_base']} -> {summary['eval_loss']}, {summary['tokens_per_s']} tokens/s, {summary['wall_s']} s")


if __name__ == "__main__":
    main()
