"""`ech0 remote check`: is every output pushed, and are downloads verified? (ech0.release.remote)"""

from __future__ import annotations

import sys


def cmd_remote_check(args) -> int:
    from ech0.release.remote import check

    problems = check(".", args.remote)
    for p in problems:
        print(p, file=sys.stderr)
    if not problems:
        print("remote OK: every output is in the remote, and downloads are verified (verify = true)")
    return 1 if problems else 0


def add_parsers(sub) -> None:
    rem = sub.add_parser("remote", help="DVC remote checks").add_subparsers(dest="action", required=True)
    rc = rem.add_parser("check", help="fail unless every output is pushed and the remote has verify = true")
    rc.add_argument("--remote", help="remote name (default: the default remote)")
    rc.set_defaults(func=cmd_remote_check)
