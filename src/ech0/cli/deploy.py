"""`ech0 verify DIR` and `ech0 deploy --stage S --dest DIR`: re-hash a package
against its lineage.json (ech0.release.lineage), and place a registered
version's package, verified (ech0.release.deploy).

Neither imports torch or transformers (tests/cli/test_cli.py and
tests/release/test_deploy.py check): both only hash files, and importing
torch alone took 6.5-10 s of `ech0 verify`'s 7-10 s on the 2-core dev box.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ech0.cli.registry import registry_errors
from ech0.release.registry import STAGES


def cmd_verify(args) -> int:
    from ech0.release.lineage import verify

    problems = verify(Path(args.dir))
    for p in problems:
        print(f"{args.dir}: {p}", file=sys.stderr)
    if not problems:
        print(f"{args.dir}: OK, every file matches lineage.json")
    return 1 if problems else 0


def cmd_deploy(args) -> int:
    from ech0.release.deploy import deploy

    done = deploy(".", args.stage, args.dest)
    print(f"deployed {done['version']} ({done['commit'][:12]}, {args.stage}) to {done['dest']}: "
          f"{done['files']} files, DVC hash {done['md5']} and lineage.json verified")
    return 0


def add_parsers(sub) -> None:
    ver = sub.add_parser("verify", help="re-hash a package directory against its lineage.json")
    ver.add_argument("dir")
    ver.set_defaults(func=cmd_verify)

    dep = sub.add_parser("deploy", help="fetch the stage's models/package through DVC, verify it, place it in DIR")
    dep.add_argument("--stage", required=True, choices=STAGES)
    dep.add_argument("--dest", required=True, help="target directory (replaced only after verification)")
    dep.set_defaults(func=registry_errors(cmd_deploy))
