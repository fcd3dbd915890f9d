"""Benchmark harnesses on toy models: the GPU 7B QLoRA benchmark's code path on the
CPU (--cpu-smoke), so that the one command a GPU session runs is known to work
before it gets one, and the pretraining benchmark's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.xdist_group("train")


def test_gpu_7b_benchmark_code_path_runs_on_cpu():
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, "bench/bench_train_gpu.py", "--cpu-smoke"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout[done.stdout.index('{\n  "command"'):])
    assert result["tokens_per_s"] > 0 and result["timed_steps"] > 0 and result["peak_rss_mib"] > 0


def test_pretrain_benchmark_times_each_variant(tmp_path):
    """bench_pretrain.py's harness on a toy model: per-step times from the stage's own loop, the
    old HF-loss path patched in for its variant. (Compiled pretraining is tested in test_builtin_model.)"""
    out = tmp_path / "pretrain.json"
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, "bench/bench_pretrain.py", "--smoke", "--steps", "4", "--warmup", "1",
                           "--variants", "hf-loss,fused", "--out", str(out)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(out.read_text())
    assert [r["variant"] for r in report["results"]] == ["hf-loss", "fused"]
    for r in report["results"]:
        assert r["median_step_s"] > 0 and r["tokens_per_s"] > 0 and r["est_stage_pretrain_s"] > r["first_step_s"]
    assert "| hf-loss |" in done.stdout


def test_secret_recall_benchmark_meets_its_target():
    """bench_secrets.py with one sample per catalogue rule: the issue's budget (>= 95% of
    standalone tokens redacted) holds, the sampler really matches each rule, and no token
    is ever printed."""
    sys.path.insert(0, str(ROOT / "bench"))
    import bench_secrets

    result = bench_secrets.measure(per_rule=1, seed=0)
    assert result["catalogue"]["rules"] == 488 and not result["catalogue"]["skipped_unparsable"]
    assert len(set(result["catalogue"]["samples_not_matching_their_rule"])) <= 10  # lookarounds the sampler skips
    assert result["standalone"]["samples"] >= 230 and result["standalone"]["recall"] >= 0.95
    assert result["in_context"]["recall"] >= 0.85
    # The provider formats the detectors issue names one by one: each is sampled
    # standalone and none survives redaction.
    named = {f"betterleaks.{r}" for r in (
        "aws-amazon-bedrock-api-key-long-lived", "databricks-api-token", "huggingface-organization-api-token",
        "perplexity-api-key", "xai-api-key", "langchain-langsmith-personal-access-token", "nvidia-api-key",
        "azure-ad-client-secret", "npm-access-token", "slack-app-token", "slack-config-refresh-token",
        "slack-webhook-url", "sentry-org-token", "grafana-service-account-token", "vault-service-token",
        "digitalocean-pat", "shopify-access-token", "weights-and-biases-api-key-v1")}
    assert named <= set(result["standalone"]["rules_sampled"])
    assert not named & set(result["standalone"]["rules_missed"])
