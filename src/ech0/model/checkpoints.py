"""The train stage's resumable checkpoints and its stable adapter config.

Checkpoints live in checkpoints/train/<run key>/checkpoint-<step>/, outside the
stage's outs, so DVC's cleanup before a re-run leaves them alone; the key
hashes the params and inputs, so only a run that would train the same model
resumes from them. Trainer writes a checkpoint's files; ech0 marks it COMPLETE
after the last one (ech0.model.tracking's on_save), so a half-written one from a
killed run is skipped, where Trainer alone would pick the newest directory and
fail on its missing files.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ech0.hashing import file_sha256
from ech0.jsonl import write_json

COMPLETE = "ECH0_COMPLETE"  # the marker file, holding the step
RUN_SECTIONS = ("seed", "model", "training", "lora", "quantization", "infrastructure")


def run_key(params: dict, inputs: list[Path]) -> str:
    """Checkpoints are reusable only by a run with the same params and inputs."""
    h = hashlib.sha256(json.dumps({k: params[k] for k in RUN_SECTIONS}, sort_keys=True).encode())
    for p in inputs:
        if p.is_file():
            h.update(file_sha256(p).encode())
    return h.hexdigest()[:16]


def step_of(checkpoint: Path) -> int:
    """The global step of a Trainer `checkpoint-<step>` directory."""
    return int(checkpoint.name.split("-")[1])


def mark_complete(checkpoint: Path, step: int) -> None:
    (checkpoint / COMPLETE).write_text(str(step))


def last_complete_checkpoint(run_dir: Path, max_steps: int = -1) -> Path | None:
    """The newest checkpoint-N directory ech0 marked complete, or None.

    With max_steps > 0, a checkpoint at the final step is passed over: resuming
    from it, Trainer (transformers 5.x) takes one step too many (151 of 150).
    That checkpoint only exists when a run was killed after its last save but
    before its outputs were written; the one before it (save_total_limit 2)
    resumes to the same weights."""
    done = [d for d in run_dir.glob("checkpoint-*") if (d / COMPLETE).exists()
            and (max_steps <= 0 or step_of(d) < max_steps)]
    return max(done, key=step_of, default=None)


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
