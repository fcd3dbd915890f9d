"""Load params.yaml once and validate it against schemas/params.schema.json.

params.yaml is the single source of truth: there are no defaults here. Every
stage calls `load_params()` at the top of `main()`; `ech0 params check` calls
the same function. Errors name the full key path (`training.learnin_rate`) and
the reason, so `dvc exp run -S training.learnin_rate=1e-4` fails loudly instead
of training with the old value.

Rules between keys, which a JSON schema cannot state, are here too
(`cross_field_problems`), so `ech0 params check` rejects exactly what a stage
would: no stage re-checks its params. A section's rules hold whether or not the
run uses the section (model.builtin under a GGUF base, quantization under
method lora), so a preset or `-S` that switches to it never stops a pipeline
halfway.
"""

from __future__ import annotations

import difflib
import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml

PARAMS_FILE = "params.yaml"


class ParamsError(ValueError):
    """params.yaml does not match the schema; the message lists every problem."""


@lru_cache(maxsize=None)
def load_schema(name: str) -> dict:
    """A JSON Schema shipped in ech0/schemas/ (`params` or `row`)."""
    text = resources.files("ech0.schemas").joinpath(f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)


def _key_path(path) -> str:
    return ".".join(str(p) for p in path)


def _describe(error: jsonschema.ValidationError) -> list[str]:
    """One line per problem, each starting with the offending key's full path."""
    where = _key_path(error.absolute_path)
    if error.validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extras = sorted(set(error.instance) - set(allowed))
        lines = []
        for key in extras:
            full = f"{where}.{key}" if where else key
            hint = difflib.get_close_matches(key, allowed, n=1)
            tip = f"; did you mean '{hint[0]}'?" if hint else f"; allowed keys: {', '.join(allowed)}"
            lines.append(f"{full}: unknown key{tip}")
        return lines
    if error.validator == "required":
        missing = [k for k in error.validator_value if k not in error.instance]
        return [f"{where + '.' if where else ''}{k}: required key is missing" for k in missing]
    return [f"{where or '(top level)'}: {error.message}"]


# quantization.type for each quantization.bits: bitsandbytes' 4-bit layers take nf4 or
# fp4, its 8-bit ones LLM.int8 only.
TYPES_FOR_BITS = {4: ("nf4", "fp4"), 8: ("int8",)}


def _builtin_problems(params: dict) -> list[str]:
    cfg = params["model"]["builtin"]
    problems = []
    hidden, heads = cfg["hidden_size"], cfg["num_heads"]
    if hidden % heads or (hidden // heads) % 2:
        problems.append(f"model.builtin.num_heads: hidden_size {hidden} must split into {heads} heads "
                        "of even size (RoPE rotates pairs)")
    if cfg["pretrain_seq_len"] > cfg["max_position_embeddings"]:
        problems.append(f"model.builtin.pretrain_seq_len: {cfg['pretrain_seq_len']} is more than "
                        f"max_position_embeddings {cfg['max_position_embeddings']}")
    return problems


def _quantization_problems(params: dict) -> list[str]:
    q = params["quantization"]
    bits, qtype = q["bits"], q["type"]
    if qtype in TYPES_FOR_BITS[bits]:
        return []
    other = 8 if bits == 4 else 4  # the schema allows these two and these three types only
    return [f"quantization.type: {qtype!r} is a {other}-bit type but quantization.bits is {bits}; "
            f"use quantization.type {' or '.join(TYPES_FOR_BITS[bits])} or quantization.bits {other}"]


def _infrastructure_problems(params: dict) -> list[str]:
    infra = params["infrastructure"]
    dist = infra["distributed"]
    if infra["cpu_offload"] and not (dist["enabled"] and dist["strategy"] == "fsdp"):
        return ["infrastructure.cpu_offload: offloads FSDP's sharded state, so it needs "
                "infrastructure.distributed enabled with strategy fsdp (GPUs); otherwise turn it off"]
    return []


def cross_field_problems(params: dict) -> list[str]:
    """What params.schema.json cannot say: rules between keys, one line per broken
    rule, each starting with a key's full path. `params` must already satisfy the schema."""
    return [p for rule in (_builtin_problems, _quantization_problems, _infrastructure_problems)
            for p in rule(params)]


def validate_params(params: Any, source: str = PARAMS_FILE) -> dict:
    """Return `params` unchanged if valid, else raise ParamsError listing every problem.

    The rules between keys run once the schema holds (they read keys it requires),
    so a file with schema errors lists those first."""
    validator = jsonschema.Draft202012Validator(load_schema("params"))
    problems: list[str] = []
    for error in sorted(validator.iter_errors(params), key=lambda e: list(map(str, e.absolute_path))):
        problems.extend(_describe(error))
    if not problems:
        problems = cross_field_problems(params)
    if problems:
        raise ParamsError(f"{source} is invalid:\n" + "\n".join(f"  {p}" for p in problems))
    return params


class _Yaml12Loader(yaml.SafeLoader):
    """PyYAML follows YAML 1.1, where `1e-4` (no dot) is a string; DVC reads
    params.yaml as YAML 1.2, where it is a float. Resolve floats the 1.2 way so
    `learning_rate: 1e-4` means the same number to ech0 as to `dvc exp show`."""


_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"""^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?
                    |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$""", re.X),
    list("-+0123456789."),
)


def load_params(path: str | Path = PARAMS_FILE) -> dict:
    """Read and validate params.yaml. Call once, in a stage's main()."""
    path = Path(path)
    try:
        params = yaml.load(path.read_text("utf-8"), Loader=_Yaml12Loader)  # noqa: S506 (a SafeLoader)
    except FileNotFoundError:
        raise ParamsError(f"{path}: not found (run from the repository root)") from None
    except yaml.YAMLError as exc:
        raise ParamsError(f"{path}: not valid YAML: {exc}") from None
    return validate_params(params, str(path))


def _type_of(node: dict) -> str:
    if "enum" in node:
        return " | ".join(map(str, node["enum"]))
    t = node.get("type", "object")
    bounds = []
    for key, sym in (("minimum", ">="), ("exclusiveMinimum", ">"), ("maximum", "<="), ("exclusiveMaximum", "<")):
        if key in node:
            bounds.append(f"{sym} {node[key]}")
    return f"{t} ({', '.join(bounds)})" if bounds else t


def params_reference() -> str:
    """The README's params reference, as a Markdown table generated from the schema."""
    rows = ["| key | type | meaning |", "|---|---|---|"]

    def walk(node: dict, path: str) -> None:
        if path:
            desc = node.get("description", "").replace("|", "\\|")
            rows.append(f"| `{path}` | {_type_of(node)} | {desc} |")
        for key, child in node.get("properties", {}).items():
            walk(child, f"{path}.{key}" if path else key)
        extra = node.get("additionalProperties")
        if isinstance(extra, dict):
            walk(extra, f"{path}.<name>")

    walk(load_schema("params"), "")
    return "\n".join(rows) + "\n"


def stage_params(path: str | Path = PARAMS_FILE) -> dict:
    """load_params() for a stage's main(): a bad params.yaml ends the process with
    the list of problems and exit status 1, not a traceback."""
    try:
        return load_params(path)
    except ParamsError as exc:
        raise SystemExit(str(exc)) from None
