"""A package's lineage.json: where the model came from, and the sha256 of every file.

`lineage()` builds the record (base identity, params and data hashes, training
summary, eval scores and gate, software versions) from the package stage's
inputs; the stage adds `files` once the package is written (`file_hashes`).
`verify()` re-hashes a directory against it: what `ech0 verify` and `ech0
deploy` run. Weights ship as safetensors only, so a pickle (.bin, .pt, ...)
in a package is always a problem (`pickles`).

Standard library only (through ech0.hashing): verifying a 7B package must not
import torch or transformers.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ech0.environment import versions
from ech0.eval.gate import gate_failures
from ech0.hashing import file_sha256

LINEAGE = "lineage.json"
PICKLE_SUFFIXES = (".bin", ".pt", ".pth", ".pkl", ".pickle", ".ckpt")
PARAM_SECTIONS = ("seed", "model", "training", "lora", "quantization", "domains", "eval", "package")


def params_sha256(params: dict) -> str:
    """sha256 of the params that shaped the model, as canonical JSON."""
    used = {k: params[k] for k in PARAM_SECTIONS if k in params}
    return hashlib.sha256(json.dumps(used, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def pickles(directory: Path) -> list[str]:
    """Files under `directory` with a pickle suffix, relative and sorted."""
    return sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*")
                  if p.is_file() and p.suffix.lower() in PICKLE_SUFFIXES)


def file_hashes(directory: Path) -> dict[str, str]:
    """{relative path: sha256} of every file under `directory` but lineage.json itself."""
    return {p.relative_to(directory).as_posix(): file_sha256(p)
            for p in sorted(directory.rglob("*")) if p.is_file() and p.name != LINEAGE}


def lineage(params: dict, base_identity: dict, data_md5: dict, train_summary: dict, report: dict) -> dict:
    """Where the package came from: everything but the file hashes (added once the files exist)."""
    tp = params["training"]
    return {
        "base_model": {**{k: base_identity.get(k) for k in ("base_model", "revision", "content_sha256")},
                       # A GGUF base: the model it holds, the file, its sha256, quantisation and licence.
                       **({"gguf": base_identity["gguf"]} if "gguf" in base_identity else {})},
        "method": tp["method"],
        "adapter_only": params["package"]["adapter_only"],
        "dtype": params["package"]["dtype"],
        "params_sha256": params_sha256(params),
        "data": data_md5,
        "train": {**{k: train_summary.get(k) for k in ("steps", "eval_loss_base", "eval_loss", "tokens_seen")},
                  "device": (train_summary.get("env") or {}).get("device")},
        "eval": {"overall": report["overall"], "base_overall": report["base"]["overall"],
                 "domains": {d: {"score": v["score"], "loss": v["loss"]} for d, v in report["domains"].items()},
                 "regression": {k: report["regression"][k] for k in ("cases", "passed")},
                 "capability": {k: report.get("capability", {}).get(k, 0) for k in ("cases", "passed")},
                 "safety_flags": report["safety"]["flags"], "gate": report["gate"]},
        "software": versions(),
    }


def verify(directory: Path) -> list[str]:
    """Problems found when re-hashing a package against its lineage.json (empty: intact).
    A refusal record (its gate failed) is reported as not a model."""
    directory = Path(directory)
    try:
        info = json.loads((directory / LINEAGE).read_text("utf-8"))
        recorded = info["files"]
    except (OSError, ValueError, KeyError) as exc:
        return [f"{directory / LINEAGE}: unreadable lineage ({type(exc).__name__})"]
    reasons = gate_failures(info.get("eval") or {})
    problems = [f"not a model: its eval gate FAILED ({'; '.join(reasons)})"] if reasons else []
    actual = file_hashes(directory)
    problems += [f"{name}: missing" for name in sorted(set(recorded) - set(actual))]
    problems += [f"{name}: not in lineage.json" for name in sorted(set(actual) - set(recorded))]
    problems += [f"{name}: sha256 mismatch" for name in sorted(set(recorded) & set(actual))
                 if recorded[name] != actual[name]]
    problems += [f"{name}: pickle file" for name in pickles(directory)]
    return problems
