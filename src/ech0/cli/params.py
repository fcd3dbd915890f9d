"""`ech0 params check` and `ech0 params docs`: params.yaml against its schema."""

from __future__ import annotations

import sys

from ech0.params import PARAMS_FILE, ParamsError, load_params, params_reference


def cmd_params_check(args) -> int:
    try:
        params = load_params(args.file)
    except ParamsError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"{args.file}: OK ({len(params['domains'])} domains)")
    return 0


def cmd_params_docs(args) -> int:
    print(params_reference(), end="")
    return 0


def add_parsers(sub) -> None:
    params = sub.add_parser("params", help="params.yaml tools").add_subparsers(dest="action", required=True)
    check = params.add_parser("check", help="validate params.yaml against the schema")
    check.add_argument("--file", default=PARAMS_FILE, help="params file (default: %(default)s)")
    check.set_defaults(func=cmd_params_check)
    docs = params.add_parser("docs", help="print the params reference (Markdown) generated from the schema")
    docs.set_defaults(func=cmd_params_docs)
