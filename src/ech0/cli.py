"""The `ech0` command: helpers around the DVC pipeline (the pipeline itself is `dvc repro`).

    ech0 params check               validate params.yaml against the schema
    ech0 params docs                print the params reference generated from the schema
    ech0 import PATH --tag TAG      import a JSONL / JSON-array dump and `dvc add` it
    ech0 validate PATH [PATH ...]   check JSONL rows against the row schema
    ech0 generate --domain D -n N   print sample rows from a domain generator
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from ech0.params import PARAMS_FILE, ParamsError, load_params


def cmd_params_check(args) -> int:
    try:
        params = load_params(args.file)
    except ParamsError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"{args.file}: OK ({len(params['domains'])} domains)")
    return 0


def cmd_params_docs(args) -> int:
    from ech0.params import params_reference

    print(params_reference(), end="")
    return 0


def cmd_import(args) -> int:
    from ech0.importer import IMPORTS_DIR, ImportError_, import_dump

    try:
        out = import_dump(Path(args.path), args.tag)
    except (ImportError_, OSError) as exc:
        print(f"ech0 import: {exc}", file=sys.stderr)
        return 1
    print(f"imported {args.path} -> {out}")
    if args.no_dvc:
        return 0
    target = IMPORTS_DIR / args.tag
    done = subprocess.run([sys.executable, "-m", "dvc", "add", str(target)], check=False)
    if done.returncode:
        print(f"ech0 import: `dvc add {target}` failed", file=sys.stderr)
        return done.returncode
    print(f"tracked by DVC: {target}.dvc (commit it; `dvc push` uploads the data)")
    return 0


def cmd_validate(args) -> int:
    from ech0.jsonl import iter_lines
    from ech0.rows import check_line

    # Same line-size limit as the clean stage when run inside an ech0 project.
    limit = load_params()["clean"]["max_line_bytes"] if Path(PARAMS_FILE).exists() else sys.maxsize
    bad = 0
    for path in args.paths:
        for number, raw in iter_lines(path):
            if not raw.strip():
                continue
            _, problems = check_line(raw, limit)
            for p in problems:
                print(f"{path}:{number}: {p.field}: {p.message}")
            bad += bool(problems)
    if bad:
        print(f"{bad} invalid row(s)", file=sys.stderr)
    return 1 if bad else 0


def cmd_generate(args) -> int:
    from ech0.generators import GeneratorError, get_generator

    params = load_params() if Path(PARAMS_FILE).exists() else None
    seed = args.seed if args.seed is not None else (params["seed"] if params else None)
    if seed is None:
        print("ech0 generate: no params.yaml here; pass --seed", file=sys.stderr)
        return 2
    spec = (params or {}).get("domains", {}).get(args.domain, {}).get("generator")
    try:
        gen = get_generator(args.domain, spec)
    except GeneratorError as exc:
        print(f"ech0 generate: {exc}", file=sys.stderr)
        return 2
    for row in gen.rows(args.n, seed):
        print(json.dumps(row, ensure_ascii=False, indent=None if args.jsonl else 2))
    return 0


def cmd_eval(args) -> int:
    """Evaluate any trained model directory (an adapter or a full model) against the
    params' base, as the eval stage does; the report goes to --out or stdout."""
    from ech0.jsonl import dumps, write_json
    from ech0.params import stage_params
    from ech0.stages import eval as eval_stage

    params = stage_params()
    report, cases, _ = eval_stage.evaluate_dir(params, Path(args.model_dir), Path(args.baseline))
    report["regression"]["reports"] = cases
    if args.out:
        write_json(args.out, report)
    else:
        print(dumps(report))
    gate = report["gate"]
    print(f"gate {'PASSED' if gate['passed'] else 'FAILED'}" + "".join(f"\n  {f}" for f in gate["failures"]),
          file=sys.stderr)
    return 0 if gate["passed"] else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ech0", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    params = sub.add_parser("params", help="params.yaml tools").add_subparsers(dest="action", required=True)
    check = params.add_parser("check", help="validate params.yaml against the schema")
    check.add_argument("--file", default=PARAMS_FILE, help="params file (default: %(default)s)")
    check.set_defaults(func=cmd_params_check)
    docs = params.add_parser("docs", help="print the params reference (Markdown) generated from the schema")
    docs.set_defaults(func=cmd_params_docs)

    imp = sub.add_parser("import", help="import a JSONL or JSON-array dump into data/imports/TAG/")
    imp.add_argument("path")
    imp.add_argument("--tag", required=True, help="import tag; also the default domain of its rows")
    imp.add_argument("--no-dvc", action="store_true", help="do not run `dvc add` afterwards")
    imp.set_defaults(func=cmd_import)

    val = sub.add_parser("validate", help="check JSONL rows against the row schema")
    val.add_argument("paths", nargs="+")
    val.set_defaults(func=cmd_validate)

    gen = sub.add_parser("generate", help="print sample rows from a domain generator")
    gen.add_argument("--domain", required=True)
    gen.add_argument("-n", type=int, default=5, help="rows to print (default: %(default)s)")
    gen.add_argument("--seed", type=int, help="seed (default: params.yaml's seed)")
    gen.add_argument("--jsonl", action="store_true", help="one row per line instead of pretty JSON")
    gen.set_defaults(func=cmd_generate)

    ev = sub.add_parser("eval", help="evaluate a model directory and apply the gate (exit 1 when it fails)")
    ev.add_argument("--model-dir", required=True, help="a LoRA/QLoRA adapter or a full model directory")
    ev.add_argument("--baseline", default="eval/baselines/regression.jsonl", help="regression cases (JSONL)")
    ev.add_argument("--out", help="write the report here instead of printing it")
    ev.set_defaults(func=cmd_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
