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
alone would pick the newest directory and fail on its missing files
(ech0.model.checkpoints). A run that finishes removes its checkpoints.

Distributed: with infrastructure.distributed.enabled and world_size N, the
stage re-launches itself under torch.distributed.run with N processes (gloo on
CPU, nccl on GPUs); `dvc repro` needs no other command.
"""

from __future__ import annotations

import os
import random
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from ech0 import environment
from ech0.seeding import derive_seed
from ech0.jsonl import atomic_dir, load_jsonl, write_json
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


def main() -> None:
    params = stage_params()
    tp, infra = params["training"], params["infrastructure"]
    dist = infra["distributed"]
    fsdp = dist["enabled"] and dist["strategy"] == "fsdp"
    if fsdp:
        import torch

        if not torch.cuda.is_available():
            # accelerate shards only across accelerators: on CPUs it would quietly run DDP.
            raise SystemExit("train: infrastructure.distributed.strategy fsdp needs GPUs (accelerate "
                             "shards across accelerators only); on CPUs use strategy ddp")
    if dist["enabled"] and dist["world_size"] > 1 and "LOCAL_RANK" not in os.environ:
        _relaunch_distributed(dist)

    import torch
    from transformers import TrainingArguments, set_seed

    from ech0.model import adapters, checkpoints, loading, tracking, training_process
    from ech0.model.sft import (PadCollator, completion_trainer_class, cpu_safe_optimizer, packing_collator,
                                tokenize_rows)

    on_gpu = torch.cuda.is_available()
    if tp["compile"] and not on_gpu:
        training_process.require_cpu_compiler("train", "training.compile", "same results, slower")
    torch.set_num_threads(infra["threads"])
    if not on_gpu:
        training_process.keep_freed_memory()  # CPU training: reuse activation memory across steps
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
    run_dir = CHECKPOINTS / checkpoints.run_key(params, base_inputs)
    resume = checkpoints.last_complete_checkpoint(run_dir, tp["max_steps"])
    precision = loading.resolve_precision(tp["precision"])
    model = loading.load_model(params)
    trainable, total = adapters.trainable_parameters(model)
    if tp["compile"]:
        layers = loading.compile_layers(model)
        if rank0 and layers:
            print(f"train: training.compile: {layers} decoder layers compile at the first step "
                  "(~1 min on 2 CPU cores with a cold cache, seconds once cached)")
        elif rank0:  # a remote-code model that does not name its blocks (_no_split_modules)
            print("train: training.compile: the model names no decoder layer class; only the loss is compiled")

    if fsdp and not (wrap := loading.decoder_layer_classes(model)):
        raise SystemExit("train: FSDP shards by decoder layer, and this model names none (_no_split_modules)")
    live = tracking.open_live(LIVE_DIR, resume) if rank0 else None
    sharding = {"fsdp": "full_shard auto_wrap" + (" offload" if infra["cpu_offload"] else ""),
                "fsdp_config": {"transformer_layer_cls_to_wrap": wrap}} if fsdp else {}
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
        optim=cpu_safe_optimizer(tp["optimizer"], on_gpu=on_gpu),
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
        **sharding,
    )
    collator = PadCollator(tokenizer.pad_token_id) if tp["padding"] == "group_by_length" else packing_collator()
    trainer = completion_trainer_class(tp["batch_tokens"], tp["compile"])(model=model, args=args, train_dataset=train.examples,
                                         eval_dataset=evals.examples or None, data_collator=collator,
                                         callbacks=tracking.make_callbacks(live, run_dir, LIVE_DIR) if rank0 else [])
    if rank0:
        live.log_params(tracking.run_params(params, args, precision, trainable, total))
    t0 = time.perf_counter()
    with training_process.frozen_gc():
        result = trainer.train(resume_from_checkpoint=str(resume) if resume else None)
    wall = time.perf_counter() - t0
    final_eval = {}
    if evals.examples:
        last = [h for h in trainer.state.log_history if "eval_loss" in h]
        at_end = last and last[-1].get("step") == trainer.state.global_step
        final_eval = last[-1] if at_end else trainer.evaluate()  # no second point at the same step
    if not rank0:
        return

    # save_pretrained, not trainer.save_model: the latter adds training_args.bin,
    # a pickle, and outputs are safetensors only. Adapter for lora/qlora, full
    # weights for full.
    with atomic_dir(OUT_DIR) as tmp:
        trainer.model.save_pretrained(str(tmp))
        checkpoints.sort_adapter_config(tmp)
        tokenizer.save_pretrained(str(tmp))

    tokens = trainer.state.num_input_tokens_seen
    summary = {
        "env": {**environment.versions(), "device": environment.device_name()},
        "method": tp["method"],
        "precision": precision,
        "device": "cuda" if on_gpu else "cpu",
        "steps": trainer.state.global_step,
        "resumed_from_step": checkpoints.step_of(resume) if resume else 0,
        **tracking.loss_summary(trainer.state.log_history, final_eval),
        "tokens_seen": int(tokens),
        "tokens_per_s": round(result.metrics.get("train_tokens_per_second", tokens / wall), 1),
        "wall_s": round(wall, 1),
        "trainable_params": trainable,
        "total_params": total,
        "examples": {"train_rows": n_rows, "selected": n_selected, "used": len(train.examples),
                     "too_long": train.too_long, "longest_tokens": train.longest,
                     "max_seq_len": tp["max_seq_len"], "eval_used": len(evals.examples)},
    }
    tracking.close_live(live, summary["eval_loss"])
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
