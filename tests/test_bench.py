"""The GPU 7B QLoRA benchmark's code path, on a toy model on the CPU (--cpu-smoke),
so that the one command a GPU session runs is known to work before it gets one."""

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
    done = subprocess.run([sys.executable, "bench/bench_train.py", "--gpu-7b", "--cpu-smoke"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout[done.stdout.index('{\n  "command"'):])
    assert result["tokens_per_s"] > 0 and result["timed_steps"] > 0 and result["peak_rss_mib"] > 0
