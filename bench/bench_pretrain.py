"""Base-stage pretraining benchmark: eager against compiled steps of the built-in model.

    .venv/bin/python bench/bench_pretrain.py              # ~2 min on 2 idle cores
    .venv/bin/python bench/bench_pretrain.py --steps 20   # quicker

What runs: `ech0.model.builtin_model.pretrain`, the base stage's own loop, on the
default-size built-in Llama (params.yaml model.builtin: sizes, batch, sequence
length, learning rate) at the stage's settings (training_process.keep_freed_memory,
builtin_model.deterministic with infrastructure.threads, bf16 autocast where
the CPU has native bf16), three ways, each in its own process with an empty
inductor cache, so the first step includes a cold compile:

- `hf-loss`: eager, the loss from `model(input_ids, labels=input_ids).loss`
  (what the stage ran before model.builtin.pretrain_compile);
- `fused`: eager, `builtin_model.next_token_loss` (losses.linear_cross_entropy);
- `compiled`: `pretrain_compile: true`, the stage's default.

Throughput does not depend on the tokens, so the batches are seeded random
tokens (no data needed). Step times are the gaps between the loop's requests
for its next batch, so they include the backward pass, clipping, the
optimizer and the loss's `.item()`. Reported per variant: the first step
(compilation), the median of the steps after --warmup, tokens/s from that
median, and the estimated time of model.builtin.pretrain_steps steps
(first step + the rest at the median). Writes bench/out/pretrain.json and
prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
VARIANTS = ("hf-loss", "fused", "compiled")
SMOKE = {"vocab_size": 512, "hidden_size": 64, "intermediate_size": 128, "num_layers": 1, "num_heads": 2,
         "max_position_embeddings": 128, "pretrain_batch_size": 2, "pretrain_seq_len": 32}


def run_variant(variant: str, cfg: dict, threads: int, steps: int) -> dict:
    """One variant in this process: the stage's pretrain loop, timed per step."""
    import torch

    from ech0.model import builtin_model as bm
    from ech0.model.loading import cpu_bf16_supported
    from ech0.model.training_process import keep_freed_memory

    keep_freed_memory()
    if variant == "hf-loss":
        bm.next_token_loss = lambda model, batch, compiled=False: model(input_ids=batch, labels=batch).loss
    bs, seq_len, vocab = cfg["pretrain_batch_size"], cfg["pretrain_seq_len"], cfg["vocab_size"]
    gen = torch.Generator().manual_seed(0)
    seqs = torch.randint(4, vocab, (bs * 16, seq_len), generator=gen)
    stamps: list[float] = []

    def timed_batches():
        for batch in bm.batches(seqs, bs, steps, seed=0):
            stamps.append(time.perf_counter())
            yield batch
        stamps.append(time.perf_counter())

    bf16 = cpu_bf16_supported()
    with bm.deterministic(threads):
        model = bm.build_model(cfg, vocab, {"bos_token_id": 1, "eos_token_id": 2, "pad_token_id": 3}, seed=0)
        t0 = time.perf_counter()
        losses = bm.pretrain(model, timed_batches(), steps, cfg, bf16=bf16, compiled=variant == "compiled",
                             progress=False)
        wall = time.perf_counter() - t0
    step_s = [b - a for a, b in zip(stamps, stamps[1:])][:len(losses)]
    return {"variant": variant, "steps": len(losses), "first_step_s": round(step_s[0], 3), "step_s": step_s,
            "wall_s": round(wall, 2), "precision": "bf16" if bf16 else "fp32", "last_loss": round(losses[-1], 4)}


def summarise(result: dict, warmup: int, tokens_per_step: int, stage_steps: int) -> dict:
    median = statistics.median(result["step_s"][warmup:])
    return {"variant": result["variant"], "first_step_s": result["first_step_s"], "median_step_s": round(median, 4),
            "tokens_per_s": round(tokens_per_step / median), "precision": result["precision"],
            "stage_steps": stage_steps,
            "est_stage_pretrain_s": round(result["first_step_s"] + (stage_steps - 1) * median, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--steps", type=int, default=60, help="steps per variant, warm-up included")
    ap.add_argument("--warmup", type=int, default=5, help="steps left out of the median (the first compiles)")
    ap.add_argument("--variants", default=",".join(VARIANTS))
    ap.add_argument("--smoke", action="store_true", help="a toy model (tests: the code path, not the figures)")
    ap.add_argument("--out", default=str(ROOT / "bench/out/pretrain.json"))
    ap.add_argument("--variant", help=argparse.SUPPRESS)  # internal: run one variant in this process
    args = ap.parse_args()

    import yaml

    params = yaml.safe_load((ROOT / "params.yaml").read_text())
    cfg = {**params["model"]["builtin"], **(SMOKE if args.smoke else {})}
    threads = params["infrastructure"]["threads"]
    if args.variant:
        print(json.dumps(run_variant(args.variant, cfg, threads, args.steps)))
        return

    rows = []
    for variant in args.variants.split(","):
        with tempfile.TemporaryDirectory(prefix="ech0-bench-inductor-") as cache:
            env = {**os.environ, "TORCHINDUCTOR_CACHE_DIR": cache}
            cmd = [sys.executable, __file__, "--variant", variant, "--steps", str(args.steps)]
            done = subprocess.run(cmd + (["--smoke"] if args.smoke else []), env=env, capture_output=True,
                                  text=True, check=False)
        if done.returncode:
            raise SystemExit(f"{variant} failed:\n{done.stderr[-3000:]}")
        result = json.loads(done.stdout.strip().splitlines()[-1])
        rows.append(summarise(result, args.warmup, cfg["pretrain_batch_size"] * cfg["pretrain_seq_len"],
                              cfg["pretrain_steps"]))
        print(f"{variant}: {rows[-1]}", file=sys.stderr)
    report = {"command": " ".join([Path(sys.executable).name, "bench/bench_pretrain.py"] + sys.argv[1:]),
              "machine": {"cpu": platform.processor() or platform.machine(), "cores": os.cpu_count(),
                          "threads": threads},
              "model": {k: cfg[k] for k in ("vocab_size", "hidden_size", "intermediate_size", "num_layers",
                                            "num_heads", "pretrain_batch_size", "pretrain_seq_len")},
              "steps": args.steps, "warmup": args.warmup, "results": rows}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=2) + "\n")
    base = next((r["median_step_s"] for r in rows if r["variant"] == "hf-loss"), None)
    print("| variant | first step (s) | median step (s) | tokens/s | speedup | est. "
          f"{cfg['pretrain_steps']} steps (s) |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        speed = f"{base / r['median_step_s']:.2f}x" if base else "-"
        print(f"| {r['variant']} | {r['first_step_s']} | {r['median_step_s']} | {r['tokens_per_s']:,} | {speed} | "
              f"{r['est_stage_pretrain_s']} |")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
