"""`ech0 remote check`: is the DVC remote safe to rely on?

Two things a green `dvc push` does not tell you:
- whether every object of the workspace's outputs is really in the remote. A push
  can report success and upload nothing (wrong remote, a -r typo, outputs not yet
  committed to the cache); `dvc status -c` compares the cache with the remote, and
  this check fails unless nothing is missing there;
- whether the remote has `verify = true`. Without it DVC trusts what it downloads:
  a corrupted object inside a tracked directory is checked out silently. With it
  DVC re-hashes downloads and refuses to check out a mismatch.

What `dvc status -c` sees of corruption depends on the remote (DVC 3.67): on S3 it
checks presence only; on a local-directory remote it re-hashes each object it
looks up one by one (tracked files, not a directory's entries) and *deletes* a
corrupted one from the remote, which then shows as not pushed.
"""

from __future__ import annotations

# `dvc status -c` states: new = in the cache, not in the remote; missing = in neither;
# deleted = in the remote, not in the local cache (fine for the remote).
NOT_IN_REMOTE = {"new", "missing"}


def check(repo_dir: str = ".", remote: str | None = None) -> list[str]:
    """Problems with the remote (empty: every output is pushed and downloads are verified)."""
    from dvc.repo import Repo

    with Repo(repo_dir) as repo:
        name = remote or repo.config["core"].get("remote")
        remotes = repo.config["remote"]
        if not name or name not in remotes:
            return [f"no DVC remote {name or '(default)'}: dvc remote add -d storage URL"]
        problems = [] if remotes[name].get("verify") else [
            f"remote {name}: verify is off, corrupted downloads would be checked out; "
            f"dvc remote modify {name} verify true"]
        status = repo.status(cloud=True, remote=name)
    problems += [f"{path}: {state} (not in remote {name}; dvc push -r {name})"
                 for path, state in sorted(status.items()) if state in NOT_IN_REMOTE]
    return problems
