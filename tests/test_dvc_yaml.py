"""dvc.yaml is consistent with the code: every param and dep exists, every import is a dep."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DVC = yaml.safe_load((ROOT / "dvc.yaml").read_text())
PARAMS = yaml.safe_load((ROOT / "params.yaml").read_text())
STAGES = DVC["stages"]
OUTS = {o if isinstance(o, str) else next(iter(o)) for s in STAGES.values() for o in s.get("outs", [])}


def module_file(module: str) -> Path:
    path = ROOT / "src" / Path(*module.split("."))
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def ech0_imports(path: Path, seen: set[Path]) -> set[Path]:
    """Files of every ech0 module `path` imports, transitively."""
    if path in seen:
        return seen
    seen.add(path)
    for node in ast.walk(ast.parse(path.read_text())):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("ech0"):
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names if a.name.startswith("ech0")]
        for name in names:
            f = module_file(name)
            if f.exists():
                ech0_imports(f, seen)
    return seen


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_params_named_in_dvc_yaml_exist(stage):
    for key in STAGES[stage].get("params", []):
        node = PARAMS
        for part in key.split("."):
            assert part in node, f"{stage}: param {key} not in params.yaml"
            node = node[part]


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_deps_exist_or_are_upstream_outputs(stage):
    for dep in STAGES[stage]["deps"]:
        # A dep may be a file inside an upstream out directory (data/processed/train.jsonl),
        # which a clean clone does not have until `dvc repro` runs.
        upstream = any(dep == out or dep.startswith(out.rstrip("/") + "/") for out in OUTS)
        assert upstream or (ROOT / dep).exists(), f"{stage}: dep {dep} missing"


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_every_imported_ech0_module_is_a_dep(stage):
    cmd = STAGES[stage]["cmd"]
    module = cmd.split("python -m ")[1].split()[0]
    deps = [ROOT / d for d in STAGES[stage]["deps"]]
    needed = ech0_imports(module_file(module), set())
    for f in sorted(needed):
        if f.name == "__init__.py" and f.stat().st_size < 200:
            continue  # empty package markers
        assert any(f == d or d in f.parents for d in deps), f"{stage}: imports {f.relative_to(ROOT)}, not a dep"
    assert module_file(module).relative_to(ROOT).as_posix() in STAGES[stage]["deps"]


def test_stage_modules_document_reads_writes_and_run():
    for stage in STAGES.values():
        module = stage["cmd"].split("python -m ")[1].split()[0]
        doc = ast.get_docstring(ast.parse(module_file(module).read_text()))
        assert doc and "Reads:" in doc and "Writes:" in doc and "Run:" in doc, module
