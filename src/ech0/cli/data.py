"""`ech0 import`, `ech0 validate`, `ech0 generate`: rows before the pipeline sees them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from ech0.params import PARAMS_FILE, load_params


def cmd_import(args) -> int:
    from ech0.data.importer import IMPORTS_DIR, ImportError_, import_dump

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


class Unreadable(Exception):
    """A file `ech0 validate` cannot read rows from; the message says why."""


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def located_rows(path: str):
    """(location, raw JSON bytes) for each row of a JSONL file (`FILE:LINE`) or a
    JSON array (`FILE[INDEX]`)."""
    from ech0.data.importer import ImportError_, load_json_array
    from ech0.jsonl import dumps, iter_lines

    with open(path, "rb") as fh:  # the first byte that is not a BOM or white space
        head = b""
        while not head and (chunk := fh.read(4096)):
            head = chunk.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"["):
        for number, raw in iter_lines(path):
            if raw.strip():  # blank lines are not rows
                yield f"{path}:{number}", raw
        return
    try:
        items = load_json_array(Path(path).read_bytes(), path)
    except ImportError_ as exc:
        raise Unreadable(str(exc)) from None
    for index, item in enumerate(items):
        yield f"{path}[{index}]", dumps(item).encode()  # an element is checked as the line import writes


def cmd_validate(args) -> int:
    """Check rows as a user writes them (the row schema less the fields the
    pipeline fills in): one `FILE:LINE: $.path: message` line per problem on
    stdout (`FILE[INDEX]: ...` for a JSON array's elements), a count on stderr."""
    from ech0.data.rows import check_line

    # Same line-size limit as the clean stage when run inside an ech0 project.
    limit = load_params()["clean"]["max_line_bytes"] if Path(PARAMS_FILE).exists() else sys.maxsize
    rows = invalid = problem_count = unreadable = 0
    for path in args.paths:
        try:
            for where, raw in located_rows(path):
                rows += 1
                problems = list(dict.fromkeys(check_line(raw, limit, user_input=True)[1]))  # each once
                for p in problems:
                    print(f"{where}: {p.field}: {p.message}")
                problem_count += len(problems)
                invalid += bool(problems)
        except Unreadable as exc:
            unreadable += 1
            print(exc)
        except OSError as exc:
            unreadable += 1
            print(f"{path}: cannot read: {exc.strerror or exc}")
    if invalid:
        summary = (f"{plural(rows, 'row')}: {rows - invalid} valid, {invalid} invalid "
                   f"({plural(problem_count, 'problem')})")
    else:
        summary = f"{plural(rows, 'row')}: all valid" if rows else "no rows"
    if unreadable:
        summary += f"; {plural(unreadable, 'file')} could not be read"
    print(summary, file=sys.stderr)
    return 1 if invalid or unreadable else 0


def cmd_generate(args) -> int:
    from ech0.data.generators import GeneratorError, get_generator

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


def add_parsers(sub) -> None:
    imp = sub.add_parser("import", help="import a JSONL or JSON-array dump into data/imports/TAG/")
    imp.add_argument("path")
    imp.add_argument("--tag", required=True, help="import tag; also the default domain of its rows")
    imp.add_argument("--no-dvc", action="store_true", help="do not run `dvc add` afterwards")
    imp.set_defaults(func=cmd_import)

    val = sub.add_parser("validate", help="check rows as written (JSONL or a JSON array: prompt/completion or "
                                          "messages; domain, category, difficulty, source optional)")
    val.add_argument("paths", nargs="+", metavar="FILE")
    val.set_defaults(func=cmd_validate)

    gen = sub.add_parser("generate", help="print sample rows from a domain generator")
    gen.add_argument("--domain", required=True)
    gen.add_argument("-n", type=int, default=5, help="rows to print (default: %(default)s)")
    gen.add_argument("--seed", type=int, help="seed (default: params.yaml's seed)")
    gen.add_argument("--jsonl", action="store_true", help="one row per line instead of pretty JSON")
    gen.set_defaults(func=cmd_generate)
