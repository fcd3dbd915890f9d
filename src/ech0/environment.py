"""What a run ran on: software versions and the device, recorded by train
(metrics/train/report.json) and package (the
model card and lineage.json). bf16 kernels differ between CPU families, so the
device explains differences in the last bits of results between machines."""

from __future__ import annotations

import platform
from importlib import metadata
from pathlib import Path

SOFTWARE = ("torch", "transformers", "peft", "tokenizers", "safetensors", "bitsandbytes", "dvc", "ech0",
            "kingfisher-bin", "detect-secrets", "phonenumbers")


def versions() -> dict:
    out = {"python": platform.python_version()}
    for name in SOFTWARE:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def device_name() -> str:
    """The GPU's name, or the CPU's model name (from /proc/cpuinfo where there is one)."""
    import torch

    if torch.cuda.is_available():
        return torch.cuda.get_device_name(0)
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()
