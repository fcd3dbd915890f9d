"""ech0 deploy: put the package of the version holding a stage into a directory, verified.

    ech0 deploy --stage production --dest DIR

1. The stage's version comes from the registry (GTO tags, ech0.release.registry), and
   its commit from the version's tag.
2. The bytes of models/package at that commit come through DVC
   (`dvc.api.DVCFileSystem(repo, rev=commit)`): from the local cache when the
   objects are there, otherwise straight from the DVC remote named in that
   commit's .dvc/config (credentials from the workspace's .dvc/config.local).
3. They are checked twice before anything replaces DIR: the directory's DVC hash
   must equal the md5 that commit's dvc.lock recorded for models/package (DVC
   itself does not re-hash what it streams from a remote unless the remote has
   `verify = true`, so a corrupted remote object would otherwise pass), and every
   file must match lineage.json's sha256 (ech0.release.lineage.verify).
4. They are written to a temporary directory next to DIR (same filesystem) and
   swapped into place (ech0.jsonl.swap_dir), so DIR is always either the old
   complete package or the new one, never a half-written mix. With an existing
   DIR the swap is two renames (old aside, new in); only between them is DIR
   briefly absent.

Neither torch nor transformers is imported: verifying is hashing files.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from pathlib import Path

import yaml

from ech0.hashing import md5
from ech0.jsonl import swap_dir
from ech0.release import registry
from ech0.release.lineage import verify

PACKAGE = "models/package"


class DeployError(Exception):
    """Deployment refused or failed; DIR was left as it was."""


def locked_out(repo: str | Path, commit: str, path: str = PACKAGE) -> dict:
    """The out entry (md5, size, nfiles) DVC recorded for `path` at `commit`: dvc.lock, else PATH.dvc."""
    try:
        lock = yaml.safe_load(registry.git(repo, "show", f"{commit}:dvc.lock")) or {}
    except registry.RegistryError:
        lock = {}
    for stage in (lock.get("stages") or {}).values():
        for out in stage.get("outs") or []:
            if out.get("path") == path:
                return out
    try:  # `dvc add models/package` writes models/package.dvc, paths relative to it
        dvcfile = yaml.safe_load(registry.git(repo, "show", f"{commit}:{path}.dvc")) or {}
        for out in dvcfile.get("outs") or []:
            if out.get("path") == Path(path).name:
                return out
    except registry.RegistryError:
        pass
    raise DeployError(f"{commit[:12]}: neither dvc.lock nor {path}.dvc records {path}")


def tree_md5(directory: Path) -> str:
    """A directory's hash as DVC 3 computes it: md5 of the JSON list of {md5, relpath},
    sorted by relpath, plus '.dir' (dvc_data.hashfile.tree.Tree.digest). Files are
    hashed streamed, so a 7B package's weights are never read into memory whole."""
    entries = sorted(({"md5": md5(p), "relpath": p.relative_to(directory).as_posix()}
                      for p in directory.rglob("*") if p.is_file()), key=lambda e: e["relpath"])
    return hashlib.md5(json.dumps(entries, sort_keys=True).encode("utf-8")).hexdigest() + ".dir"


def fetch(repo: str | Path, commit: str, path: str, out: Path) -> None:
    """Copy `path` as of `commit` into `out` through DVC (cache first, then the remote)."""
    from dvc.api import DVCFileSystem

    try:
        fs = DVCFileSystem(str(repo), rev=commit)
        if not fs.isdir(path):
            raise DeployError(f"{path} is not a directory at {commit[:12]}")
        fs.get(path, str(out), recursive=True)
    except DeployError:
        raise
    except Exception as exc:  # DVC's: no remote, object missing from the remote, ...
        raise DeployError(f"fetching {path} at {commit[:12]} through DVC failed: {exc}") from exc


def problems(directory: Path, expected_md5: str) -> list[str]:
    """Why the fetched package must not be deployed (empty: deploy it)."""
    actual = tree_md5(directory)
    found = [] if actual == expected_md5 else [f"DVC hash {actual} != dvc.lock's {expected_md5}"]
    return found + verify(directory)


def deploy(repo: str | Path, stage: str, dest: str | Path) -> dict:
    """Deploy the stage's version into `dest`; returns what was deployed."""
    version = registry.holder(repo, stage)
    if version is None:
        raise DeployError(f"no version of {registry.ARTIFACT} holds {stage}")
    commit = registry.commit_of(repo, version)
    if stage == registry.GATED_STAGE and not registry.gate(repo, commit)[0]:
        raise DeployError(f"{version} holds {stage} but its gate at {commit[:12]} did not pass")
    expected = locked_out(repo, commit)["md5"]

    dest = Path(dest).absolute()
    dest.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{dest.name}.deploy.", dir=dest.parent))
    try:
        new = work / "new"
        fetch(repo, commit, PACKAGE, new)
        if found := problems(new, expected):
            raise DeployError(f"{version} ({commit[:12]}) failed verification, {dest} untouched:\n"
                              + "\n".join(f"  {p}" for p in found))
        new.chmod(0o755)
        swap_dir(new, dest)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {"version": version, "commit": commit, "md5": expected, "dest": str(dest),
            "files": sum(1 for p in dest.rglob("*") if p.is_file())}
