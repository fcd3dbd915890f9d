"""GPU QLoRA benchmark: ech0's qlora path on a randomly initialised Llama-2-7B architecture.

    .venv/bin/python bench/bench_train_gpu.py                 # needs a CUDA GPU; exits with a message without one
    .venv/bin/python bench/bench_train_gpu.py --batch 4 --seq-len 512 --gradient-checkpointing
    .venv/bin/python bench/bench_train_gpu.py --cpu-smoke     # the same code path on a toy model, CPU

Records tokens/s, MFU against the GPU's bf16 GEMM peak measured in the same
run, peak GPU memory and the GPU's name: `--steps` timed optimizer steps after
`--warmup` untimed ones, timed by bench_train.py's step recorder and counted
with its FLOP model (its docstring). A few minutes on a GPU: build, save and
quantise 7B, then 5 + 50 steps. Writes bench/out/train_gpu_7b.json (not with
--cpu-smoke) and prints a table row for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

import yaml

from bench_train import OUT, ROOT, analyse, gemm_peak, model_shape, peak_rss_mib, step_recorder

COMMAND = ".venv/bin/python bench/bench_train_gpu.py"

LLAMA2_7B = {"hidden_size": 4096, "intermediate_size": 11008, "num_hidden_layers": 32,
             "num_attention_heads": 32, "num_key_value_heads": 32, "vocab_size": 32000,
             "max_position_embeddings": 4096, "rms_norm_eps": 1e-5}
TINY_LLAMA = {"hidden_size": 128, "intermediate_size": 256, "num_hidden_layers": 2,
              "num_attention_heads": 4, "num_key_value_heads": 4, "vocab_size": 512,
              "max_position_embeddings": 512, "rms_norm_eps": 1e-5}


def qlora_bench(args) -> None:
    """QLoRA on a randomly initialised Llama-2-7B architecture, through ech0's own calls.

    The random bf16 model is built directly on the GPU (13.5 GB; in fp32 on CPU it
    would need ~28 GB), saved as safetensors to a scratch directory and loaded back
    with `ech0.model.quantization.load_quantized` (bnb nf4, double quant, bf16 compute: the
    params.yaml quantization section), then `prepare_for_kbit` and
    `ech0.model.adapters.attach_adapters` with the params.yaml lora section: the same
    calls the train stage makes for method qlora with a local-directory base. Training is
    HF Trainer with bf16, on fixed-length random token batches (no padding).
    `--cpu-smoke` runs the same path on a 2-layer toy on CPU, to test the code.
    """
    import torch

    smoke = args.cpu_smoke
    if not smoke and not torch.cuda.is_available():
        raise SystemExit("bench_train_gpu.py needs a CUDA GPU and torch.cuda.is_available() is False here; "
                         "nothing was run. (Use --cpu-smoke to exercise the code path on a toy model.)")
    from transformers import LlamaConfig, LlamaForCausalLM, Trainer, TrainingArguments

    from ech0.model import adapters, quantization
    from ech0.model.sft import cpu_safe_optimizer

    params = yaml.safe_load((ROOT / "params.yaml").read_text())
    device = "cpu" if smoke else "cuda"
    arch = TINY_LLAMA if smoke else LLAMA2_7B
    batch, seq = (2, 64) if smoke else (args.batch, args.seq_len)
    steps, warmup = (3, 1) if smoke else (args.steps, args.warmup)
    started = time.perf_counter()
    if not smoke:
        torch.cuda.reset_peak_memory_stats()
    name = "cpu (smoke test)" if smoke else torch.cuda.get_device_name()
    tmp = Path(tempfile.mkdtemp(prefix="ech0-bench-7b-"))
    try:
        config = LlamaConfig(**arch, bos_token_id=1, eos_token_id=2, pad_token_id=0, tie_word_embeddings=False)
        t0 = time.perf_counter()
        with torch.device(device):
            model = LlamaForCausalLM._from_config(config, dtype=torch.bfloat16)
        model.save_pretrained(tmp / "base")
        del model
        if not smoke:
            torch.cuda.empty_cache()
        build_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        model = quantization.load_quantized(str(tmp / "base"), params["quantization"], attn_implementation="sdpa")
        model = quantization.prepare_for_kbit(model, args.gradient_checkpointing)
        model.config.use_cache = False
        model = adapters.attach_adapters(model, params["lora"])
        load_s = time.perf_counter() - t0
        trainable, total = adapters.trainable_parameters(model)
        shutil.rmtree(tmp / "base")
        if not smoke:
            torch.cuda.synchronize()
            weights_gib = torch.cuda.memory_allocated() / 2**30
            torch.cuda.reset_peak_memory_stats()
        gen = torch.Generator().manual_seed(0)
        data = [{"input_ids": ids, "labels": ids, "attention_mask": torch.ones_like(ids)}
                for ids in torch.randint(3, arch["vocab_size"], ((warmup + steps) * batch, seq), generator=gen)]
        targs = TrainingArguments(
            output_dir=str(tmp / "out"), max_steps=warmup + steps, per_device_train_batch_size=batch,
            learning_rate=params["training"]["learning_rate"], bf16=True, use_cpu=smoke,
            optim=cpu_safe_optimizer(params["training"]["optimizer"], on_gpu=not smoke),
            include_num_input_tokens_seen="non_padding", logging_steps=1, save_strategy="no",
            eval_strategy="no", report_to="none", disable_tqdm=True,
            gradient_checkpointing=args.gradient_checkpointing,
            gradient_checkpointing_kwargs={"use_reentrant": False} if args.gradient_checkpointing else None,
        )
        recorder = step_recorder()
        if not smoke:  # clock marks must see finished GPU work
            from transformers import TrainerCallback

            class Sync(TrainerCallback):
                def on_step_end(self, *a, **k):
                    torch.cuda.synchronize()
            callbacks = [Sync(), recorder]
        else:
            callbacks = [recorder]
        trainer = Trainer(model=model, args=targs, train_dataset=data, callbacks=callbacks)
        trainer.train()
        peak_train_gib = torch.cuda.max_memory_allocated() / 2**30 if not smoke else None
        h, i = arch["hidden_size"], arch["intermediate_size"]
        shape = model_shape({"hidden_size": h, "intermediate_size": i, "num_layers": arch["num_hidden_layers"]},
                            arch["vocab_size"], params["lora"])
        gemm_shapes = [(batch * seq, h, h), (batch * seq, h, i), (batch * seq, i, h), (8192, 8192, 8192)]
        if smoke:
            gemm_shapes = [(256, 256, 256)]
        peak = gemm_peak("bfloat16", gemm_shapes, device=device)
        rec = {"steps": recorder.steps, "batches": recorder.batches, "peak_rss_mib": peak_rss_mib(),
               "process_wall_s": round(time.perf_counter() - started, 1), "metrics": {}}
        stats = analyse(rec, warmup, steps, shape, peak["peak_tflops"])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    result = {
        "command": COMMAND + (" --cpu-smoke" if smoke else ""),
        "device": name, "torch": torch.__version__, "architecture": arch,
        "quantization": params["quantization"], "lora": params["lora"],
        "batch_size": batch, "seq_len": seq, "gradient_checkpointing": args.gradient_checkpointing,
        "params_total": total, "params_trainable": trainable,
        "build_and_save_s": round(build_s, 1), "quantized_load_s": round(load_s, 1),
        "weights_gib_after_load": round(weights_gib, 2) if not smoke else None,
        "peak_gpu_memory_gib_training": round(peak_train_gib, 2) if not smoke else None,
        "gemm_peak_bf16": peak,
        **{k: stats[k] for k in ("timed_steps", "warmup_steps", "s_per_step", "tokens_per_s",
                                 "model_tflops_per_s", "mfu", "peak_rss_mib")},
    }
    print(json.dumps(result, indent=2))
    if not smoke:
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / "train_gpu_7b.json").write_text(json.dumps(result, indent=2))
        print(f"\n| {name}, QLoRA nf4 Llama-2-7B arch (random), batch {batch} x {seq} | "
              f"{stats['tokens_per_s']:,} tok/s, MFU {stats['mfu']:.1%} of {peak['peak_tflops']} TFLOP/s bf16 GEMM, "
              f"peak GPU memory {peak_train_gib:.1f} GiB |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--steps", type=int, default=50, help="timed optimizer steps (default 50)")
    ap.add_argument("--warmup", type=int, default=5, help="untimed steps before them (default 5)")
    ap.add_argument("--batch", type=int, default=4, help="batch size (default 4)")
    ap.add_argument("--seq-len", type=int, default=512, help="sequence length (default 512)")
    ap.add_argument("--gradient-checkpointing", action="store_true", help="checkpoint activations")
    ap.add_argument("--cpu-smoke", action="store_true", help="same code path, toy model, CPU")
    qlora_bench(ap.parse_args())


if __name__ == "__main__":
    main()
