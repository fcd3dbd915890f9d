"""Train-stage benchmark: the stage's LoRA recipe against a naive HF Trainer baseline.

    .venv/bin/python bench/bench_train.py              # CPU, ~3 minutes on 2 idle cores
    .venv/bin/python bench/bench_train.py --profile    # + torch.profiler top ops of one step of each
    .venv/bin/python bench/bench_train.py --steps 20   # quicker look
    .venv/bin/python bench/bench_train.py --batch-tokens 4096   # the stage at another token budget

(QLoRA on a GPU is bench/bench_train_gpu.py; it reuses this file's recorder and FLOP accounting.)

Target (issue: train stage speed): with the default model and data, the
stage reaches >= 3x the non-padding tokens/s of a naive HF Trainer baseline
(every example padded to 256, fp32), all run by this one command.

What runs, each in its own process (so peak RSS is per run):
- base model: params.yaml's. The default, SmolLM2-135M-Instruct, is read from
  models/base (`dvc repro base` first). With `model.base_model: builtin`, the
  default-size built-in Llama with a BPE trained on 20,000 train rows, freshly
  initialised (throughput does not depend on the weights).
- ech0: the train stage itself (`ech0.stages.train.main`, as `dvc repro train`
  runs it) in a scratch project whose params.yaml is the repository's with only
  these keys changed: training.max_steps (warmup + timed steps),
  eval_steps 0, save_steps 0, eval_rows 16, max_train_rows 8000 (the stage
  tokenises every selected row before step 1, a start-up cost outside the
  timed window; 8,000 rows have the full data's length distribution).
  Everything else is the default recipe: LoRA r=16 on the 7 projections,
  dropout 0, training.batch_tokens batches of same-length rows in shuffled order
  (training.batch_tokens), the completion-only loss computed 512 rows at a
  time, precision auto (bf16 autocast on a CPU with AVX512-BF16, bf16 frozen
  base), SDPA, torch.compile'd decoder layers and loss (training.compile; the
  compiling happens in the warm-up steps and shows in the process wall time,
  ~50 s on a cold inductor cache), 2 threads.
- baseline: HF Trainer on the same base, the same rows and the same LoRA
  config and optimiser settings, but batch 8, every example truncated/padded
  to 256 tokens, fp32, random sampler, eager attention.
- baseline-guide: the baseline again with the original guide's LoRA dropout (0.05),
  the settings a user of the original system trained with.
All runs take the same number of optimizer steps (default 5 + 50); the first
--warmup steps are excluded and the next --steps are timed, from the end of step `warmup` to
the end of the last step, by a callback added next to the stage's own (it
reads the clock and `state.num_input_tokens_seen`, and a forward pre-hook
records each training batch's shape and per-row lengths; it changes nothing
else). Tokens/s counts non-padding tokens only (`include_num_input_tokens_seen
= "non_padding"`, the attention-mask sum, for every run; the hook counts
non-pad ids, since the stage drops a right-padded batch's mask). The token-budget
batches come in shuffled order, so the 50 timed steps are a random sample of
the epoch's batches.

Shared machine: on 2 cores with 2 OpenMP threads, any other busy process
stalls the threads on each other and a step can take 5-10x longer. Each run
therefore records its CPU time; "CPU busy" = process CPU s / wall s / 2 over
the timed window (0.93-0.99 when idle, ~0.5 when one other process ran). A
run under BUSY_OK is re-run after the load average drops (--retries, default
2), every attempt is kept in the JSON, and the table warns if the last one was
still busy. The GEMM peak takes the best of 5 short windows per shape.

Model FLOPs (documented estimate; LoRA with a frozen base), per example of n
real tokens:
    n * (2*N_base + 2*N_base + 6*N_lora) + 3 * 4*L*n*n*h
- 2*N_base forward, 2*N_base backward (activation gradients only: the frozen
  base has no weight gradients), N_base = every base matmul weight, i.e.
  L*(4h^2 + 3*h*i) + V*h (the tied LM head is a matmul per token);
- 6*N_lora: forward 2, backward 4 (activation and weight gradients) for the
  adapters, N_lora = L*r*sum(in + out) over the 7 projections;
- attention: 4*L*n*h per token forward (QK^T and AV, full n x n), x3 for
  forward + backward.
Padding is not model work: padded positions are counted in
`executed_tflops_per_s` only. MFU = model FLOPs/s / the GEMM peak measured in this
script (torch.matmul, 2 threads, best of several sizes including the model's
own GEMM shapes) for the run's compute dtype: bf16 for ech0, fp32 for the
baseline.

Writes bench/out/train.json and prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench/out"
COMMAND = ".venv/bin/python bench/bench_train.py"
TOKENIZER_ROWS = 20_000
BASELINE = {"batch_size": 8, "max_length": 256}
THREADS = 2
GUIDE_LORA_DROPOUT = 0.05  # the original guide's LoRA config (ech0-finetuning-guide.md); ech0's default is 0.0
BUSY_OK = 0.85  # below this, another process shared the cores during a timed window


# --------------------------------------------------------------------------- shared

def step_recorder(pad_id: int | None = None, eos_id: int | None = None):
    """A TrainerCallback that records (step, clock, non-padding tokens seen, process CPU
    time, peak RSS so far in KiB) at the end of every optimizer step, and each training
    batch's (width, per-row lengths) from a forward pre-hook on the model. It only reads."""
    from transformers import TrainerCallback

    class StepRecorder(TrainerCallback):
        def __init__(self):
            self.pad_id, self.eos_id = pad_id, eos_id
            self.steps: list[tuple[int, float, int, float, int]] = []
            self.batches: list[dict] = []
            self._hook = None

        def on_train_begin(self, args, state, control, model=None, **kwargs):
            if self._hook is None and model is not None:
                self._hook = model.register_forward_pre_hook(self._record, with_kwargs=True)
            self.steps.append((state.global_step, time.perf_counter(), int(state.num_input_tokens_seen),
                               time.process_time(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))

        def _record(self, module, args, kwargs):
            if not module.training:
                return  # eval forwards are not training batches
            ids = kwargs.get("input_ids", args[0] if args else None)
            mask = kwargs.get("attention_mask")
            if mask is None and self.pad_id is not None:
                # The stage drops a right-padded batch's mask before the forward. A row
                # is its tokens up to the trailing padding; where the pad token is the
                # end of turn (SmolLM2: <|im_end|> is both, and ends every row, and
                # appears inside it too), the first of the trailing run is the row's own.
                real = (ids != self.pad_id).flip(1).int().cumsum(1).flip(1) > 0
                if self.pad_id == self.eos_id:
                    real[:, 1:] |= real[:, :-1].clone()
                mask = real
            lengths = mask.sum(1).tolist() if mask is not None else [ids.shape[1]] * ids.shape[0]
            self.batches.append({"width": int(ids.shape[1]), "lengths": [int(n) for n in lengths]})

        def on_step_end(self, args, state, control, **kwargs):
            self.steps.append((state.global_step, time.perf_counter(), int(state.num_input_tokens_seen),
                               time.process_time(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))

    return StepRecorder()


def peak_rss_mib() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, kids) / 1024, 1)


def dump_record(recorder, path: Path, extra: dict) -> None:
    path.write_text(json.dumps({"steps": recorder.steps, "batches": recorder.batches,
                                "peak_rss_mib": peak_rss_mib(), **extra}))


# --------------------------------------------------------------------------- children

def child_ech0(record: Path) -> None:
    """The train stage, unchanged, plus the recorder callback beside its own."""
    from ech0.model import loading, tracking
    from ech0.params import stage_params
    from ech0.stages import train

    tokenizer = loading.load_tokenizer(stage_params()["model"])
    recorder = step_recorder(tokenizer.pad_token_id, tokenizer.eos_token_id)
    stage_callbacks = tracking.make_callbacks
    tracking.make_callbacks = lambda *args: stage_callbacks(*args) + [recorder]
    train.main()
    dump_record(recorder, record, {"metrics": json.loads(train.REPORT.read_text())})


def baseline_examples(tokenizer, rows: list[dict]) -> tuple[list[dict], int]:
    """Every row as prompt + completion + EOS (ech0.model.sft.tokenize_rows, so the same tokens and
    completion-only labels as the stage), truncated to 256 and right-padded to exactly 256.
    Returns (examples, how many were truncated)."""
    from ech0.model.sft import IGNORE_INDEX, tokenize_rows

    width = BASELINE["max_length"]
    examples, truncated = [], 0
    for ex in tokenize_rows(tokenizer, rows, 10**9).examples:  # nothing left out: truncate instead
        truncated += len(ex["input_ids"]) > width
        ids, labels = ex["input_ids"][:width], ex["labels"][:width]
        pad = width - len(ids)
        examples.append({"input_ids": ids + [tokenizer.pad_token_id] * pad,
                         "labels": labels + [IGNORE_INDEX] * pad,
                         "attention_mask": [1] * len(ids) + [0] * pad})
    return examples, truncated


def baseline_model(params: dict):
    """The same base and LoRA config as the stage, loaded in fp32 with eager attention."""
    import torch
    from transformers import AutoModelForCausalLM

    from ech0.model import adapters, loading

    model = AutoModelForCausalLM.from_pretrained(str(loading.BASE_DIR), dtype=torch.float32,
                                                 attn_implementation="eager")
    model.config.use_cache = False
    return adapters.attach_adapters(model, params["lora"])


def child_baseline(record: Path, lora_dropout: float | None = None) -> None:
    """Naive HF Trainer LoRA run: pad everything to 256, fp32, random order, eager attention.
    lora_dropout: None keeps the stage's LoRA config; a number overrides its dropout."""
    import torch
    from transformers import Trainer, TrainingArguments, default_data_collator, set_seed

    from ech0.model import loading
    from ech0.params import stage_params
    from ech0.stages.train import TRAIN_ROWS, read_rows, select_rows

    params = stage_params()
    tp = params["training"]
    if lora_dropout is not None:
        params["lora"]["dropout"] = lora_dropout
    torch.set_num_threads(params["infrastructure"]["threads"])
    set_seed(1234)
    tokenizer = loading.load_tokenizer(params["model"])
    rows = select_rows(read_rows(TRAIN_ROWS), tp["max_train_rows"], params["seed"])
    examples, truncated = baseline_examples(tokenizer, rows)
    model = baseline_model(params)
    out = Path(tempfile.mkdtemp(prefix="baseline-", dir="."))
    args = TrainingArguments(
        output_dir=str(out), max_steps=tp["max_steps"], per_device_train_batch_size=BASELINE["batch_size"],
        learning_rate=tp["learning_rate"], lr_scheduler_type=tp["lr_scheduler_type"],
        warmup_steps=tp["warmup_steps"], weight_decay=tp["weight_decay"], max_grad_norm=tp["max_grad_norm"],
        optim="adamw_torch", use_cpu=True, bf16=False, fp16=False,
        train_sampling_strategy="random", include_num_input_tokens_seen="non_padding",
        logging_steps=tp["logging_steps"], save_strategy="no", eval_strategy="no", report_to="none",
        seed=1234, disable_tqdm=False,
    )
    recorder = step_recorder()
    trainer = Trainer(model=model, args=args, train_dataset=examples, data_collator=default_data_collator,
                      callbacks=[recorder])
    t0 = time.perf_counter()
    trainer.train()
    wall = time.perf_counter() - t0
    dump_record(recorder, record, {"metrics": {
        "steps": trainer.state.global_step, "tokens_seen": int(trainer.state.num_input_tokens_seen),
        "wall_s": round(wall, 1), "examples": len(examples), "truncated": truncated}})


def child_profile(record: Path) -> None:
    """torch.profiler over 3 steps of each recipe (forward, backward, clip, AdamW), after 2
    warm steps: the ech0 model from the stage's own loader (loading.load_model, its
    layers compiled when training.compile is on) and the
    stage's loss (stage_loss) on a PadCollator batch of 16 examples of about the mean length, the baseline's on 8 random
    examples padded to 256. Writes the top ops by self CPU time."""
    import torch
    from torch.profiler import ProfilerActivity, profile

    from ech0.model import loading
    from ech0.params import stage_params
    from ech0.model.sft import PadCollator, tokenize_rows
    from ech0.stages.train import TRAIN_ROWS, read_rows, select_rows

    params = stage_params()
    torch.set_num_threads(params["infrastructure"]["threads"])
    torch.manual_seed(0)
    tokenizer = loading.load_tokenizer(params["model"])
    rows = select_rows(read_rows(TRAIN_ROWS), 2000, params["seed"])
    examples = tokenize_rows(tokenizer, rows, params["training"]["max_seq_len"]).examples
    mean = sum(len(e["input_ids"]) for e in examples) / len(examples)
    near = sorted(examples, key=lambda e: abs(len(e["input_ids"]) - mean))[: params["training"]["batch_size"]]
    padded, _ = baseline_examples(tokenizer, rows)
    picked = random.Random(0).sample(padded, BASELINE["batch_size"])
    ech0_model = loading.load_model(params)
    compiled = params["training"]["compile"]
    if compiled:  # as the stage does; the 2 warm steps below compile
        loading.compile_layers(ech0_model)
    recipes = {
        "ech0": (ech0_model, PadCollator(tokenizer.pad_token_id)(near),
                 loading.resolve_precision(params["training"]["precision"]) == "bf16"),
        "baseline": (baseline_model(params), {k: torch.tensor([e[k] for e in picked]) for k in picked[0]}, False),
    }
    out = {}
    for name, (model, batch, bf16) in recipes.items():
        model.train()
        trainable = [p for p in model.parameters() if p.requires_grad]
        opt = torch.optim.AdamW(trainable, lr=1e-3)

        loss_of = (lambda b: model(**b).loss) if name == "baseline" else stage_loss(model, compiled)

        def step():
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
                loss = loss_of(batch)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trainable, 1.0)
            opt.step()
            opt.zero_grad()

        for _ in range(2):
            step()
        t0, c0 = time.perf_counter(), time.process_time()
        with profile(activities=[ProfilerActivity.CPU]) as prof:
            for _ in range(3):
                step()
        wall = (time.perf_counter() - t0) / 3
        events = sorted(prof.key_averages(), key=lambda e: e.self_cpu_time_total, reverse=True)
        total = sum(e.self_cpu_time_total for e in events)
        out[name] = {"batch": list(batch["input_ids"].shape), "real_tokens": int(batch["attention_mask"].sum()),
                     "s_per_step_profiled": round(wall, 3),
                     "cpu_busy": round((time.process_time() - c0) / 3 / wall / THREADS, 3),
                     "top_ops_self_cpu_share": {e.key: round(e.self_cpu_time_total / total, 3) for e in events[:10]}}
    record.write_text(json.dumps(out))


def stage_loss(model, compiled: bool = False):
    """The train stage's loss (ech0.model.sft's completion trainer: label positions only,
    fused head and cross-entropy, no mask on right-padded batches) as a function of a batch."""
    from transformers import TrainingArguments

    from ech0.model.sft import completion_trainer_class

    trainer = completion_trainer_class(0, compiled)(model=model, args=TrainingArguments(
        output_dir=tempfile.mkdtemp(prefix="profile-", dir="."), use_cpu=True, report_to="none"))
    return lambda batch: trainer.compute_loss(model, batch)


def run_child(kind: str, cwd: Path) -> dict:
    record = cwd / f"record-{kind}.json"
    env = {**os.environ, "TOKENIZERS_PARALLELISM": "false", "OMP_NUM_THREADS": str(THREADS)}
    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", kind, str(record)],
                          cwd=cwd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    (cwd / f"log-{kind}.txt").write_text(done.stdout + "\n" + done.stderr)
    if done.returncode:
        raise SystemExit(f"{kind} run failed:\n{done.stderr[-4000:]}")
    out = json.loads(record.read_text())
    if kind == "profile":
        return out
    out["process_wall_s"] = round(wall, 1)
    out["loadavg_1min_before"] = round(load_before, 2)
    return out


# --------------------------------------------------------------------------- FLOPs and peak

def model_shape(cfg: dict, vocab: int, lora: dict) -> dict:
    h, i, L, r = cfg["hidden_size"], cfg["intermediate_size"], cfg["num_layers"], lora["rank"]
    kv = h * cfg.get("num_kv_heads", 1) // cfg.get("num_heads", 1)  # grouped-query attention: narrower k, v
    dims = {"q_proj": (h, h), "k_proj": (h, kv), "v_proj": (h, kv), "o_proj": (h, h),
            "gate_proj": (h, i), "up_proj": (h, i), "down_proj": (i, h)}
    n_base = L * sum(a * b for a, b in dims.values()) + vocab * h
    n_lora = L * r * sum(a + b for name, (a, b) in dims.items() if name in lora["target_modules"])
    return {"layers": L, "hidden": h, "intermediate": i, "vocab": vocab, "lora_rank": r,
            "n_base_matmul": n_base, "n_lora": n_lora}


def example_flops(n: int, shape: dict) -> float:
    """Model FLOPs (forward + backward) of one example of n tokens; see the module docstring."""
    dense = 4 * shape["n_base_matmul"] + 6 * shape["n_lora"]
    return n * dense + 3 * 4 * shape["layers"] * n * n * shape["hidden"]


def gemm_peak(dtype_name: str, shapes: list[tuple[int, int, int]], device: str = "cpu",
              seconds: float = 0.25, windows: int = 5) -> dict:
    """Best torch.matmul TFLOP/s over `shapes` (M, K, N) for one dtype: each shape is timed in
    `windows` windows of ~`seconds` and the best window counts (a peak, so a window that
    another process interrupted is not it)."""
    import torch

    dtype = getattr(torch, dtype_name)
    sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)
    results = {}
    for m, k, n in shapes:
        a = torch.randn(m, k, dtype=dtype, device=device)
        b = torch.randn(k, n, dtype=dtype, device=device)
        for _ in range(3):
            torch.matmul(a, b)
        sync()
        best = 0.0
        for _ in range(windows):
            reps, t0 = 0, time.perf_counter()
            while True:
                torch.matmul(a, b)
                reps += 1
                if reps % 2 == 0:
                    sync()
                    if time.perf_counter() - t0 >= seconds:
                        break
            best = max(best, 2 * m * k * n * reps / (time.perf_counter() - t0) / 1e12)
        results[f"{m}x{k}x{n}"] = round(best, 4)
    return {"tflops_by_shape": results, "peak_tflops": max(results.values())}


# --------------------------------------------------------------------------- analysis

def analyse(rec: dict, warmup: int, steps: int, shape: dict, peak_tflops: float, threads: int = THREADS) -> dict:
    marks = {s: (t, tok, cpu) for s, t, tok, cpu, _ in rec["steps"]}
    rss = {s: kib for s, *_, kib in rec["steps"]}
    end_step = warmup + steps
    if end_step not in marks or warmup not in marks:
        raise SystemExit(f"run has {max(marks)} steps, needs {end_step}")
    (t0, tok0, c0), (t1, tok1, c1) = marks[warmup], marks[end_step]
    step_s = sorted(marks[k + 1][0] - marks[k][0] for k in range(warmup, end_step))
    batches = rec["batches"][warmup:end_step]  # one forward per step (no gradient accumulation)
    real = sum(sum(b["lengths"]) for b in batches)
    padded = sum(b["width"] * len(b["lengths"]) for b in batches)
    if real != tok1 - tok0:
        raise SystemExit(f"recorded batches ({real} tokens) disagree with num_input_tokens_seen ({tok1 - tok0})")
    flops = sum(example_flops(n, shape) for b in batches for n in b["lengths"])
    executed = sum(example_flops(b["width"], shape) * len(b["lengths"]) for b in batches)
    dt = t1 - t0
    n_examples = sum(len(b["lengths"]) for b in batches)
    return {
        "timed_steps": steps, "warmup_steps": warmup, "timed_s": round(dt, 2),
        "s_per_step": round(dt / steps, 3),
        "s_per_step_min_median_max": [round(step_s[0], 3), round(step_s[len(step_s) // 2], 3), round(step_s[-1], 3)],
        # process CPU seconds per wall second per thread: ~1 when the run had the cores to
        # itself; well below 1 means other work on the machine took cores (OpenMP threads then
        # stall each other and a step can take several times longer).
        "cpu_busy": round((c1 - c0) / dt / threads, 3),
        "tokens_non_padding": real, "tokens_padded": padded,
        "tokens_per_s": round(real / dt, 1),
        "padding_fraction": round(1 - real / padded, 4),
        "mean_example_tokens": round(real / n_examples, 1),
        "mean_batch_width": round(padded / n_examples, 1),
        "model_tflops_per_s": round(flops / dt / 1e12, 4),
        "executed_tflops_per_s": round(executed / dt / 1e12, 4),
        "mfu": round(flops / dt / 1e12 / peak_tflops, 4),
        "peak_rss_mib": rec["peak_rss_mib"],
        "peak_rss_mib_after_step_1_and_last": [round(rss[1] / 1024, 1), round(rss[max(rss)] / 1024, 1)],
        "process_wall_s": rec["process_wall_s"],
        "loadavg_1min_before": rec.get("loadavg_1min_before"),
        "run_metrics": rec["metrics"],
    }


def wait_for_idle(limit_s: float = 180.0) -> float:
    """Wait (at most limit_s) until the 1-minute load average is below 0.5; return it."""
    t0 = time.perf_counter()
    while os.getloadavg()[0] >= 0.5 and time.perf_counter() - t0 < limit_s:
        time.sleep(10)
    return os.getloadavg()[0]


def timed_run(kind: str, project: Path, args, shape: dict, peak: float) -> dict:
    """One run; if another process shared the cores during its timed window (CPU busy below
    BUSY_OK), wait for an idle machine and run it again, up to --retries times. Every
    attempt is kept in the result; the figures are those of the last one."""
    discarded = []
    for attempt in range(args.retries + 1):
        print(f"{kind} run ({args.warmup + args.steps} steps) ...", file=sys.stderr)
        stats = analyse(run_child(kind, project), args.warmup, args.steps, shape, peak)
        print(f"  {stats['tokens_per_s']} tok/s, CPU busy {stats['cpu_busy']}", file=sys.stderr)
        if stats["cpu_busy"] >= BUSY_OK or attempt == args.retries:
            break
        discarded.append({k: stats[k] for k in ("tokens_per_s", "cpu_busy", "loadavg_1min_before")})
        print(f"  the machine was busy; waiting for it to go idle (load {wait_for_idle():.2f}) and re-running",
              file=sys.stderr)
    stats["discarded_busy_attempts"] = discarded
    return stats


# --------------------------------------------------------------------------- set-up

def scratch_project(max_steps: int, rows: int, seed_rows: int,
                    batch_tokens: int | None = None) -> tuple[Path, dict, int, dict]:
    """(project dir, its params, vocab size, model dims). The base is params.yaml's:
    the default SmolLM2-135M-Instruct from models/base (built by `dvc repro base`),
    or, for `model.base_model: builtin`, the built-in Llama freshly initialised."""
    from ech0.model import builtin_model as bm
    from ech0.jsonl import read_jsonl, write_json

    params = yaml.safe_load((ROOT / "params.yaml").read_text())
    train_path = ROOT / "data/processed/train.jsonl"
    if not train_path.exists():
        raise SystemExit("data/processed/train.jsonl is missing: run `.venv/bin/dvc repro processed` first")
    tmp = Path(tempfile.mkdtemp(prefix="ech0-bench-train-"))
    (tmp / "data/processed").mkdir(parents=True)
    for name in ("train.jsonl", "eval.jsonl"):
        (tmp / "data/processed" / name).symlink_to(ROOT / "data/processed" / name)
    tp = params["training"]
    tp.update(max_steps=max_steps, eval_steps=0, save_steps=0, eval_rows=16, max_train_rows=rows)
    if batch_tokens is not None:  # --batch-tokens: the stage with another token budget
        tp["batch_tokens"] = batch_tokens
    (tmp / "params.yaml").write_text(yaml.safe_dump(params, sort_keys=False))

    if params["model"]["base_model"] != "builtin":
        config = ROOT / "models/base/config.json"
        if not config.exists():
            raise SystemExit("models/base has no model: run `.venv/bin/dvc repro base` first")
        (tmp / "models").mkdir()
        (tmp / "models/base").symlink_to(ROOT / "models/base")
        c = json.loads(config.read_text())
        dims = {"hidden_size": c["hidden_size"], "intermediate_size": c["intermediate_size"],
                "num_layers": c["num_hidden_layers"], "num_heads": c["num_attention_heads"],
                "num_kv_heads": c.get("num_key_value_heads") or c["num_attention_heads"]}
        return tmp, params, c["vocab_size"], dims
    cfg = params["model"]["builtin"]
    sample = random.Random(0).sample(list(read_jsonl(train_path)), seed_rows)
    tokenizer = bm.train_tokenizer(bm.formatted_texts(sample), cfg["vocab_size"], cfg["max_position_embeddings"])
    model = bm.build_model(cfg, len(tokenizer), bm.special_ids(tokenizer), seed=params["seed"])
    base = tmp / "models/base"
    model.save_pretrained(base)
    tokenizer.save_pretrained(base)
    write_json(base / "identity.json", {"base_model": "builtin", "content_sha256": None,
                                        "note": "bench_train.py: freshly initialised, not pretrained"})
    return tmp, params, len(tokenizer), cfg


def machine() -> str:
    name = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                name = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{name}, {os.cpu_count()} cores"


def cpu_bench(args) -> None:
    import torch

    from ech0.model import loading

    torch.set_num_threads(THREADS)
    if torch.cuda.is_available():
        print("note: a CUDA GPU is visible; the CPU benchmark still runs on the CPU only "
              "(the stage would pick the GPU). bench/bench_train_gpu.py gives the GPU figures.", file=sys.stderr)
    started = time.perf_counter()
    if os.getloadavg()[0] > 0.5:
        print(f"note: load average {os.getloadavg()[0]:.2f} before starting; timings need an idle machine",
              file=sys.stderr)
    max_steps = args.warmup + args.steps
    project, params, vocab, dims = scratch_project(max_steps, args.rows, TOKENIZER_ROWS, args.batch_tokens)
    try:
        shape = model_shape(dims, vocab, params["lora"])
        h, i, V = shape["hidden"], shape["intermediate"], vocab
        tokens = params["training"]["batch_size"] * 256
        shapes = [(1024, 1024, 1024), (2048, 2048, 2048), (tokens, h, 3 * h), (tokens, h, i), (tokens, i, h),
                  (tokens, h, V)]
        precision = loading.resolve_precision(params["training"]["precision"])
        # Without native bf16 (an AVX2-only CPU) a bf16 matmul is emulated at ~0.001
        # TFLOP/s, so its peak alone took over 20 minutes; the stage trains in fp32 there.
        dtypes = ["bfloat16", "float32"] if precision == "bf16" else ["float32"]
        peaks = {d: gemm_peak(d, shapes) for d in dtypes}
        print("GEMM peak (2 threads): " + ", ".join(f"{d} {v['peak_tflops']} TFLOP/s" for d, v in peaks.items()),
              file=sys.stderr)
        peak_ech0 = peaks["bfloat16" if precision == "bf16" else "float32"]["peak_tflops"]
        ech0 = timed_run("ech0", project, args, shape, peak_ech0)
        base = timed_run("baseline", project, args, shape, peaks["float32"]["peak_tflops"])
        base_guide = timed_run("baseline-guide", project, args, shape, peaks["float32"]["peak_tflops"])
        prof = None
        if args.profile:
            print("profiling one step of each recipe ...", file=sys.stderr)
            prof = run_child("profile", project)
    finally:
        if args.keep:
            print(f"scratch project kept: {project}", file=sys.stderr)
        else:
            shutil.rmtree(project, ignore_errors=True)
    ratio = round(ech0["tokens_per_s"] / base["tokens_per_s"], 2)
    tp = params["training"]
    result = {
        "command": COMMAND + (f" --steps {args.steps}" if args.steps != 50 else "")
        + (f" --warmup {args.warmup}" if args.warmup != 5 else "")
        + (f" --rows {args.rows}" if args.rows != 8000 else "") + (" --profile" if args.profile else "")
        + (f" --batch-tokens {args.batch_tokens}" if args.batch_tokens is not None else ""),
        "machine": machine(), "python": platform.python_version(), "torch": torch.__version__,
        "threads": THREADS,
        "model": {**shape, "params_total": None, "base_model": params["model"]["base_model"]},
        "gemm_peak": peaks,
        "ech0": {"recipe": {"method": tp["method"], "batch_size": tp["batch_size"], "padding": tp["padding"],
                            "batch_tokens": tp["batch_tokens"], "lora_dropout": params["lora"]["dropout"],
                            "precision": precision, "attention": loading.attention_implementation(
                                params["infrastructure"]), "lora_rank": params["lora"]["rank"],
                            "max_seq_len": tp["max_seq_len"], "max_train_rows": args.rows,
                            "compile": tp["compile"]},
                 **ech0},
        "baseline": {"recipe": {"method": "lora", "batch_size": BASELINE["batch_size"],
                                "padding": f"max_length {BASELINE['max_length']} (truncate)",
                                "precision": "fp32", "attention": "eager", "sampler": "random",
                                "lora_rank": params["lora"]["rank"]},
                     **base},
        "baseline_guide_lora": {"recipe": {"as": "baseline", "lora_dropout": GUIDE_LORA_DROPOUT},
                               **base_guide},
        "profile": prof,
        "ratio": ratio, "target_ratio": 3.0, "meets_target": ratio >= 3.0,
        "ratio_vs_seed_lora_baseline": round(ech0["tokens_per_s"] / base_guide["tokens_per_s"], 2),
        "bench_wall_s": round(time.perf_counter() - started, 1),
    }
    result["model"]["params_total"] = ech0["run_metrics"].get("total_params")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "train.json").write_text(json.dumps(result, indent=2))
    print_table(result)


def print_table(r: dict) -> None:
    e, b, m = r["ech0"], r["baseline"], r["model"]
    pe = r["gemm_peak"].get("bfloat16", r["gemm_peak"]["float32"])["peak_tflops"]  # the ech0 side's dtype
    pf = r["gemm_peak"]["float32"]["peak_tflops"]
    print(f"Command: `{r['command']}` ({r['bench_wall_s']} s wall, {r['machine']}, {r['threads']} threads)")
    print()
    name = "built-in Llama" if m.get("base_model", "builtin") == "builtin" else m["base_model"]
    print(f"Model: {name}, {m['layers']} layers, hidden {m['hidden']}, vocab {m['vocab']}, "
          f"{m['params_total']:,} params (LoRA r={m['lora_rank']}: {m['n_lora']:,} trainable); "
          f"{e['timed_steps']} timed steps after {e['warmup_steps']} warmup steps.")
    print()
    print("| measure | ech0 train stage | naive baseline |")
    print("|---|---|---|")
    batching = (f"{e['recipe']['batch_tokens']}-token batches of same-length rows" if e['recipe']['batch_tokens']
                else f"batch {e['recipe']['batch_size']}, dynamic padding + length-grouped sampler")
    compiled = "compiled layers and loss, " if e["recipe"].get("compile") else ""
    print(f"| recipe | {batching}, {e['recipe']['precision']} autocast, {e['recipe']['attention']}, {compiled}"
          f"LoRA dropout {e['recipe']['lora_dropout']} | batch {b['recipe']['batch_size']}, "
          f"pad to {BASELINE['max_length']}, fp32, random sampler, eager, same LoRA config |")
    print(f"| non-padding tokens/s | **{e['tokens_per_s']:,}** | {b['tokens_per_s']:,} |")
    print(f"| ratio (target >= 3x) | **{r['ratio']}x** | 1x |")
    bs = r["baseline_guide_lora"]
    print(f"| same baseline with the original guide's LoRA dropout {GUIDE_LORA_DROPOUT}: tokens/s (ech0's ratio) "
          f"| ({r['ratio_vs_seed_lora_baseline']}x) | {bs['tokens_per_s']:,} (CPU busy {bs['cpu_busy']}) |")
    print(f"| s/step | {e['s_per_step']} | {b['s_per_step']} |")
    print(f"| padding fraction | {e['padding_fraction']:.1%} | {b['padding_fraction']:.1%} |")
    print(f"| mean example / batch width (tokens) | {e['mean_example_tokens']} / {e['mean_batch_width']} "
          f"| {b['mean_example_tokens']} / {b['mean_batch_width']} |")
    print(f"| model TFLOP/s (incl. padding) | {e['model_tflops_per_s']} ({e['executed_tflops_per_s']}) "
          f"| {b['model_tflops_per_s']} ({b['executed_tflops_per_s']}) |")
    print(f"| GEMM peak, same machine | {e['recipe']['precision']} {pe} TFLOP/s | fp32 {pf} TFLOP/s |")
    print(f"| MFU | {e['mfu']:.1%} | {b['mfu']:.1%} |")
    print(f"| peak RSS | {e['peak_rss_mib']:,} MiB | {b['peak_rss_mib']:,} MiB |")
    print(f"| process wall (start-up + {e['timed_steps'] + e['warmup_steps']} steps) "
          f"| {e['process_wall_s']} s | {b['process_wall_s']} s |")
    print(f"| CPU busy (1.0 = both threads ran all the time) | {e['cpu_busy']} | {b['cpu_busy']} |")
    busy = [name for name, run in (("ech0", e), ("baseline", b), ("baseline-guide", r["baseline_guide_lora"]))
            if run["cpu_busy"] < BUSY_OK]
    if busy:
        print(f"\nWARNING: the {' and '.join(busy)} run(s) did not have the cores to themselves "
              f"(CPU busy < {BUSY_OK}); other work on the machine distorts these figures. Re-run on an idle machine.")
    if r.get("profile"):
        print("\nOne step profiled (torch.profiler, share of self CPU time):")
        for name, prof in r["profile"].items():
            ops = ", ".join(f"{op} {share:.0%}" for op, share in list(prof["top_ops_self_cpu_share"].items())[:6])
            rows, width = prof["batch"]
            print(f"- {name} (batch {rows}x{width}, {prof['s_per_step_profiled']} s/step): {ops}")


# --------------------------------------------------------------------------- main

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--steps", type=int, default=50, help="timed optimizer steps per run (default 50)")
    ap.add_argument("--warmup", type=int, default=5, help="untimed steps before them (default 5)")
    ap.add_argument("--batch-tokens", type=int,
                    help="the ech0 run's training.batch_tokens (default: params.yaml's)")
    ap.add_argument("--rows", type=int, default=8000, help="training.max_train_rows for both runs (default 8000)")
    ap.add_argument("--retries", type=int, default=2,
                    help="re-run a run whose cores were shared with other work, up to N times (default 2)")
    ap.add_argument("--profile", action="store_true",
                    help="also profile one step of each recipe (torch.profiler; top ops into the JSON)")
    ap.add_argument("--keep", action="store_true", help="keep the scratch project (logs, records)")
    ap.add_argument("--child", nargs=2, metavar=("KIND", "RECORD"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        kind, record = args.child
        {"ech0": child_ech0, "baseline": child_baseline, "profile": child_profile,
         "baseline-guide": lambda path: child_baseline(path, GUIDE_LORA_DROPOUT)}[kind](Path(record).resolve())
    else:
        cpu_bench(args)


if __name__ == "__main__":
    main()
