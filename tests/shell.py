"""Running commands (git, dvc, gto) from tests, with the venv's tools first on PATH."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def sh_env() -> dict:
    return {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}


def sh(*cmd, cwd, check=True):
    done = subprocess.run(cmd, cwd=cwd, env=sh_env(), capture_output=True, text=True)
    if check and done.returncode:
        raise AssertionError(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done


def copy_into(repo: Path, root: Path, names) -> None:
    """Copy the named files and folders of the project at `root` into `repo`."""
    import shutil

    for name in names:
        src, dst = root / name, repo / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy(src, dst)


def init_repo(repo: Path, *, commit: bool = True, remote: str | None = None) -> None:
    """git + DVC in `repo`, with `remote` as the default DVC remote; with `commit`,
    everything in it committed (stages that read git need a HEAD)."""
    sh("git", "init", "-q", "-b", "main", cwd=repo)
    sh("git", "config", "user.email", "t@example.com", cwd=repo)
    sh("git", "config", "user.name", "t", cwd=repo)
    sh("dvc", "init", "-q", cwd=repo)
    sh("dvc", "config", "core.analytics", "false", cwd=repo)
    if remote is not None:
        sh("dvc", "remote", "add", "-d", "storage", remote, cwd=repo)
    if commit:
        sh("git", "add", "-A", cwd=repo)
        sh("git", "commit", "-qm", "init", cwd=repo)


def ran_stages(output: str) -> list[str]:
    """The stages a `dvc repro` / `dvc exp run` ran, in order, from its output."""
    return [line.split("'")[1] for line in output.splitlines() if line.startswith("Running stage")]
