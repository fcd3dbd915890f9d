"""Eval-stage generation benchmark: batched generation against one prompt at a time.

    .venv/bin/python bench/bench_eval.py                 # ~2 min on 2 idle cores (SmolLM2-135M, bf16)
    .venv/bin/python bench/bench_eval.py --model-dir DIR # any model directory (default models/base)

Target (issue: eval stage speed): batched generation, as the eval stage runs it
(`ech0.model.inference.generate`: left padding, the KV cache on, greedy, a row
leaving the batch when it finishes), reaches at
least 10x the new tokens/s of generating one prompt at a time on the same model.

What runs: the same --prompts eval prompts (data/processed/eval.jsonl, a seeded
choice across domains) through `ech0.model.inference.generate`, once with batch size 1
and once with --batch prompts per call. Every answer is forced to exactly
--new-tokens tokens (`stop_at_eos=False`), so both sides do the same
work whatever the model's quality: a model that stops early would otherwise
make the batched side look slower (its finished rows keep computing) or faster
(the single side stops sooner). Tokens/s counts new tokens only. 2 threads.
Writes bench/out/eval.json and prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def run(model, tokenizer, prompts: list, batch: int, new_tokens: int) -> dict:
    from ech0.model import inference

    t0 = time.perf_counter()
    gens = inference.generate(model, tokenizer, prompts, new_tokens, batch, stop_at_eos=False)
    wall = time.perf_counter() - t0
    tokens = sum(g.new_tokens for g in gens)
    return {"batch": batch, "prompts": len(prompts), "new_tokens": tokens, "wall_s": round(wall, 2),
            "tokens_per_s": round(tokens / wall, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model-dir", default=str(ROOT / "models/base"))
    ap.add_argument("--eval-rows", default=str(ROOT / "data/processed/eval.jsonl"))
    ap.add_argument("--prompts", type=int, default=96)
    ap.add_argument("--batch", type=int, default=96)
    ap.add_argument("--single", type=int, default=12, help="prompts timed at batch 1 (same per-token cost)")
    ap.add_argument("--new-tokens", type=int, default=128)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--dtype", choices=("auto", "bf16", "fp32"), default="auto",
                    help="auto: what the eval stage uses (bf16 on a CPU with AVX512-BF16/AMX or a GPU)")
    args = ap.parse_args()

    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from ech0.data.rows import prompt_of

    torch.set_num_threads(args.threads)
    rows = [json.loads(line) for line in Path(args.eval_rows).read_text("utf-8").splitlines() if line.strip()]
    prompts = [prompt_of(r) for r in random.Random(0).sample(rows, min(args.prompts, len(rows)))]
    tokenizer = AutoTokenizer.from_pretrained(args.model_dir)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    from ech0.model import loading

    precision = loading.resolve_precision("auto" if args.dtype == "auto" else args.dtype)
    dtype = torch.bfloat16 if precision == "bf16" else torch.float32
    model = AutoModelForCausalLM.from_pretrained(args.model_dir, dtype=torch.float32).to(dtype).eval()
    model.config.use_cache = True
    run(model, tokenizer, prompts[:2], 2, 8)  # warm-up: first-call allocations and kernel selection
    single = run(model, tokenizer, prompts[: args.single], 1, args.new_tokens)
    batched = run(model, tokenizer, prompts, args.batch, args.new_tokens)
    result = {
        "command": " ".join(["bench/bench_eval.py", *sys.argv[1:]]),
        "machine": {"python": platform.python_version(), "torch": torch.__version__, "threads": args.threads,
                    "cpu": platform.processor() or platform.machine()},
        "model_params": model.num_parameters(), "dtype": str(dtype).removeprefix("torch."),
        "single": single, "batched": batched,
        "speedup": round(batched["tokens_per_s"] / single["tokens_per_s"], 2),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    out = ROOT / "bench/out/eval.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    print()
    print("| measure | one prompt at a time | batched |")
    print("|---|---|---|")
    print(f"| prompts x new tokens | {single['prompts']} x {args.new_tokens} | {batched['prompts']} x {args.new_tokens} "
          f"(batch {args.batch}) |")
    print(f"| new tokens/s | {single['tokens_per_s']:,} | {batched['tokens_per_s']:,} |")
    print(f"| speedup (target >= 10x) | 1x | **{result['speedup']}x** |")
    print(f"| peak RSS | | {result['peak_rss_mib']} MiB |")


if __name__ == "__main__":
    main()
