"""The model registry: versions and stages of the `ech0-model` artifact as git tags, through GTO.

Why git tags: a registered version *is* a commit, so its dvc.lock (the package's
hashes), params.yaml and metrics/eval.json (the gate) are fixed with it, and
`git push --tags` publishes the registry with no server. GTO writes annotated tags

    ech0-model@v0.1.0              register version v0.1.0 at a commit
    ech0-model#production#3        assign stage production to the version at that commit
    ech0-model#production!#4       unassign it (3, 4: GTO's counter, one per artifact)

and reads them back (`gto show`, `gto history`). This module adds ech0's rules:

- promotion to `production` needs the gate that passed *at that version's commit*
  (`git show COMMIT:metrics/eval.json`), never the working tree's;
- a stage has one holder. GTO lets several versions hold a stage at once, and
  which one it then reports depends on the sort: `gto show` (by time) names the
  last assigned, the Python API's `which` (by semver) the highest. Promoting
  therefore unassigns the stage from every other version, so all views agree;
- GTO orders events by tag time in whole seconds, so two events in one second
  can come out either way. Writes wait for the next second (at most one), and the
  stage history is read in the tags' counter order.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import yaml

from ech0.eval.gate import gate_failures

ARTIFACT = "ech0-model"
STAGES = ("staging", "production")
GATED_STAGE = "production"
EVAL_METRICS = "metrics/eval.json"


class RegistryError(Exception):
    """A registry operation that cannot be done; the message says why."""


def git(repo: str | Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True)
    if done.returncode:
        raise RegistryError(f"git {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout


def resolve(repo: str | Path, ref: str) -> str:
    return git(repo, "rev-parse", "--verify", f"{ref}^{{commit}}").strip()


def declares_artifact(repo: str | Path, commit: str) -> bool:
    """Whether dvc.yaml at `commit` declares the artifact (what `dvc artifacts get` needs)."""
    try:
        spec = yaml.safe_load(git(repo, "show", f"{commit}:dvc.yaml")) or {}
    except RegistryError:
        return False
    return ARTIFACT in (spec.get("artifacts") or {})


def gate(repo: str | Path, commit: str) -> tuple[bool, list[str]]:
    """(passed, failures) of the eval gate as committed at `commit`."""
    try:
        report = json.loads(git(repo, "show", f"{commit}:{EVAL_METRICS}"))
    except (RegistryError, ValueError):
        return False, [f"no readable {EVAL_METRICS} at {commit[:12]}"]
    failures = gate_failures(report, missing="gate not passed")
    return not failures, failures


def wait_next_second(repo: str | Path) -> None:
    """Sleep until the clock is past the newest tag's second: GTO sorts by tag time (whole seconds)."""
    stamps = git(repo, "for-each-ref", "--format=%(taggerdate:unix)", "refs/tags").split()
    newest = max((int(s) for s in stamps if s.isdigit()), default=0)
    while time.time() < newest + 1:
        time.sleep(newest + 1 - time.time() + 0.01)


def register(repo: str | Path = ".", version: str | None = None, ref: str = "HEAD") -> tuple[str, str]:
    """Register the artifact at `ref` (next patch version unless `version` is given): (version, commit)."""
    from gto import api

    commit = resolve(repo, ref)
    if not declares_artifact(repo, commit):
        raise RegistryError(f"dvc.yaml at {commit[:12]} does not declare the artifact {ARTIFACT}")
    wait_next_second(repo)
    try:
        event = api.register(str(repo), ARTIFACT, commit, version=version)
    except Exception as exc:  # GTO's errors (version taken, bad semver, ...) as one kind
        raise RegistryError(str(exc)) from exc
    return event.version, commit


def versions(repo: str | Path = ".") -> list[dict]:
    """GTO's view (`gto show ech0-model`): dicts with version, commit_hexsha, created_at, stages."""
    from gto import api
    from gto.exceptions import ArtifactNotFound

    try:
        return api.show(str(repo), ARTIFACT)
    except ArtifactNotFound:  # no tag for the artifact yet
        return []


def commit_of(repo: str | Path, version: str) -> str:
    for v in versions(repo):
        if v["version"] == version:
            return v["commit_hexsha"]
    raise RegistryError(f"{ARTIFACT} {version} is not registered (see `ech0 registry list`)")


def holders(repo: str | Path, stage: str) -> list[str]:
    """Every version GTO considers in `stage` (ech0 keeps it to one)."""
    from gto import api
    from gto.exceptions import ArtifactNotFound

    try:
        found = api.find_versions_in_stage(str(repo), ARTIFACT, stage, versions_per_stage=-1)
    except ArtifactNotFound:
        return []
    return [vs.version for vs in found or []]


def holder(repo: str | Path, stage: str) -> str | None:
    """The one version in `stage`, or None; several (assigned by hand with gto) is an error."""
    found = holders(repo, stage)
    if len(found) > 1:
        raise RegistryError(f"{stage} is held by {', '.join(found)} at once (assigned outside ech0); "
                            f"run `ech0 registry promote VERSION --stage {stage}` to pick one")
    return found[0] if found else None


def promote(repo: str | Path, version: str, stage: str) -> list[str]:
    """Give `stage` to `version` alone; for production only when its committed gate passed.
    Returns what was done, one line per tag."""
    from gto import api

    if stage not in STAGES:
        raise RegistryError(f"unknown stage {stage!r}; stages: {', '.join(STAGES)}")
    commit = commit_of(repo, version)
    if stage == GATED_STAGE:
        passed, failures = gate(repo, commit)
        if not passed:
            raise RegistryError(f"refusing to promote {version} to {stage}: the eval gate at "
                                f"{commit[:12]} ({EVAL_METRICS}) did not pass"
                                + "".join(f"\n  {f}" for f in failures))
    current = holders(repo, stage)
    if current == [version]:
        return [f"{version} already holds {stage}"]
    wait_next_second(repo)
    done = []
    for other in current:
        if other != version:
            api.unassign(str(repo), ARTIFACT, stage=stage, version=other)
            done.append(f"unassigned {stage} from {other}")
    # force: a version still in the stage (held with others) gets a fresh, newest assignment
    api.assign(str(repo), ARTIFACT, stage, version=version, force=version in current)
    done.append(f"assigned {stage} to {version} ({commit[:12]})")
    return done


def stage_history(repo: str | Path, stage: str) -> list[dict]:
    """Assignments and unassignments of `stage`, oldest first (GTO's counter breaks same-second ties)."""
    from gto import api

    def order(e: dict):
        counter = api.parse_tag(e["ref"]).get("counter", 0) if "#" in str(e["ref"]) else 0
        return e["timestamp"], counter

    events = api.history(str(repo), ARTIFACT, ascending=True)
    return sorted((e for e in events if e["stage"] == stage), key=order)


def rollback(repo: str | Path, stage: str) -> tuple[str, str, list[str]]:
    """Give `stage` back to the version that held it before the current holder's last
    assignment: (from, to, what was done). Rolling back twice returns to the first."""
    current = holder(repo, stage)
    if current is None:
        raise RegistryError(f"no version holds {stage}; nothing to roll back")
    assigned = [e["version"] for e in stage_history(repo, stage) if e["event"] == "assignment"]
    if current not in assigned:
        raise RegistryError(f"no assignment tag of {stage} to {current} found; cannot tell what came before")
    last = len(assigned) - 1 - assigned[::-1].index(current)
    previous = next((v for v in reversed(assigned[:last]) if v != current), None)
    if previous is None:
        raise RegistryError(f"{current} is the first version that held {stage}; nothing to roll back to")
    return current, previous, promote(repo, previous, stage)
