"""`ech0 preset NAME`: presets/NAME.yaml as `-S key=value` options for `dvc exp run`,
validated first against params.yaml with the preset applied."""

from __future__ import annotations

import sys
from pathlib import Path

from ech0.params import PARAMS_FILE, ParamsError, _Yaml12Loader, load_params, validate_params

PRESETS_DIR = Path("presets")


def flatten(tree: dict, prefix: str = "") -> dict:
    """{'a': {'b': 1}} -> {'a.b': 1}; an empty mapping stays a value."""
    out = {}
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            out.update(flatten(value, path + "."))
        else:
            out[path] = value
    return out


def merged(base: dict, over: dict) -> dict:
    """`base` with `over` applied key by key, mappings merged recursively (what `-S` does)."""
    out = dict(base)
    for key, value in over.items():
        out[key] = merged(base[key], value) if isinstance(value, dict) and isinstance(base.get(key), dict) else value
    return out


def set_param_args(preset: dict) -> list[str]:
    """`-S key=value` options for `dvc exp run`, values in the YAML flow style DVC parses."""
    import yaml

    args = []
    for key, value in flatten(preset).items():
        text = yaml.safe_dump(value, default_flow_style=True, width=10**6).strip().removesuffix("\n...").strip()
        if any(c.isspace() for c in text):
            raise ValueError(f"{key}: a value with spaces cannot pass through the shell as one -S option")
        args += ["-S", f"{key}={text}"]
    return args


def cmd_preset(args) -> int:
    import yaml

    path = PRESETS_DIR / f"{args.name}.yaml"
    if not path.exists():
        names = sorted(p.stem for p in PRESETS_DIR.glob("*.yaml"))
        print(f"ech0 preset: no {path}; presets: {', '.join(names)}", file=sys.stderr)
        return 2
    preset = yaml.load(path.read_text("utf-8"), Loader=_Yaml12Loader) or {}  # 1e-4 is a number, as for DVC
    try:  # the preset must give valid params once applied, before any run starts
        validate_params(merged(load_params(), preset), source=f"{PARAMS_FILE} + {path}")
        options = set_param_args(preset)
    except (ParamsError, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 1
    print(" ".join(options))
    return 0


def add_parsers(sub) -> None:
    pre = sub.add_parser("preset", help="print presets/NAME.yaml as -S options: dvc exp run $(ech0 preset NAME)")
    pre.add_argument("name")
    pre.set_defaults(func=cmd_preset)
