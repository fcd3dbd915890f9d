"""Running commands (git, dvc, gto) from tests, with the venv's tools first on PATH."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def sh(*cmd, cwd, check=True):
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if check and done.returncode:
        raise AssertionError(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done
