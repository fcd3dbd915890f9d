"""`ech0 registry register|list|promote|rollback`: the ech0-model registry (git tags
through GTO, ech0.release.registry). `registry_errors` also serves `ech0 deploy`."""

from __future__ import annotations

import sys

from ech0.release import registry
from ech0.release.registry import STAGES


def registry_errors(func):
    """Registry and deploy failures are user errors: one message, exit status 1, no traceback."""
    def run(args) -> int:
        from gto.exceptions import GTOException

        from ech0.release.deploy import DeployError

        try:
            return func(args)
        except (registry.RegistryError, DeployError, GTOException) as exc:
            print(f"ech0 {args.command}: {exc}", file=sys.stderr)
            return 1
    return run


def cmd_registry_register(args) -> int:
    version, commit = registry.register(".", args.version, args.ref)
    print(f"registered {registry.ARTIFACT} {version} at {commit[:12]} "
          f"(tag {registry.ARTIFACT}@{version}; `git push origin --tags` publishes it)")
    if args.promote:  # the original system's promote-on-pass: production still needs the committed gate passed
        for line in registry.promote(".", version, args.promote):
            print(line)
    return 0


def cmd_registry_list(args) -> int:
    rows = registry.versions(".")
    if not rows:
        print(f"{registry.ARTIFACT}: no registered version (ech0 registry register)")
        return 0
    print(f"{'version':<10} {'commit':<12} {'gate':<7} {'stages':<20} created")
    for v in rows:
        stages = ", ".join(s["stage"] for s in v["stages"]) or "-"
        gate = "passed" if registry.gate(".", v["commit_hexsha"])[0] else "FAILED"
        print(f"{v['version']:<10} {v['commit_hexsha'][:12]:<12} {gate:<7} {stages:<20} {v['created_at']:%Y-%m-%d %H:%M:%S}")
    return 0


def cmd_registry_promote(args) -> int:
    for line in registry.promote(".", args.version, args.stage):
        print(line)
    return 0


def cmd_registry_rollback(args) -> int:
    current, previous, done = registry.rollback(".", args.stage)
    print(f"rolled back {args.stage}: {current} -> {previous}")
    for line in done:
        print(f"  {line}")
    return 0


def add_parsers(sub) -> None:
    reg = sub.add_parser("registry", help="the ech0-model registry: versions and stages as git tags (GTO)")
    reg_sub = reg.add_subparsers(dest="action", required=True)
    r = reg_sub.add_parser("register", help="register ech0-model at a commit (an annotated tag)")
    r.add_argument("--version", help="vX.Y.Z (default: the next patch version)")
    r.add_argument("--ref", default="HEAD", help="commit, branch or tag (default: %(default)s)")
    r.add_argument("--promote", metavar="STAGE", choices=STAGES,
                   help="then give STAGE to the new version (production: only if its committed gate passed)")
    r.set_defaults(func=registry_errors(cmd_registry_register))
    r = reg_sub.add_parser("list", help="versions, their commits, gates and stages (gto show)")
    r.set_defaults(func=registry_errors(cmd_registry_list))
    r = reg_sub.add_parser("promote", help="give a stage to a version (production needs its committed gate passed)")
    r.add_argument("version")
    r.add_argument("--stage", required=True, choices=STAGES)
    r.set_defaults(func=registry_errors(cmd_registry_promote))
    r = reg_sub.add_parser("rollback", help="give a stage back to the version that held it before")
    r.add_argument("--stage", required=True, choices=STAGES)
    r.set_defaults(func=registry_errors(cmd_registry_rollback))
