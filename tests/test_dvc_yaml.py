"""dvc.yaml is consistent with the code: every param and dep exists, every import is a dep."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

from ech0.data.generators import BUILTIN

ROOT = Path(__file__).resolve().parents[1]
DVC = yaml.safe_load((ROOT / "dvc.yaml").read_text())
PARAMS = yaml.safe_load((ROOT / "params.yaml").read_text())
STAGES = DVC["stages"]
OUTS = {o if isinstance(o, str) else next(iter(o)) for s in STAGES.values() for o in s.get("outs", [])}


def module_file(module: str) -> Path:
    path = ROOT / "src" / Path(*module.split("."))
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def _module_files(module: str) -> list[Path]:
    """The module's file and its parent packages' __init__.py files: importing
    ech0.data.generators.crypto.rubric runs ech0/data/generators/crypto/__init__.py first."""
    parts = module.split(".")
    files = [module_file(".".join(parts[:i])) for i in range(2, len(parts))]
    return [f for f in files + [module_file(module)] if f.exists()]


def ech0_imports(path: Path, seen: set[Path]) -> set[Path]:
    """Files of every ech0 module `path` imports, transitively, with the banks.yaml
    that load_banks() reads at import."""
    if path in seen:
        return seen
    seen.add(path)
    source = path.read_text()
    if path.suffix != ".py":
        return seen
    if "load_banks(__package__)" in source:
        seen.add(path.with_name("banks.yaml"))
    for node in ast.walk(ast.parse(source)):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("ech0"):
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names if a.name.startswith("ech0")]
        for name in names:
            for f in _module_files(name):
                ech0_imports(f, seen)
    return seen


def _docstring_only(path: Path) -> bool:
    """A package marker with no code (a docstring at most): importing it does nothing."""
    body = ast.parse(path.read_text()).body
    return all(isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant) for n in body)


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
    if "get_generator" in module_file(module).read_text():  # raw: importlib loads every built-in generator
        for spec in BUILTIN.values():
            for f in _module_files(spec.partition(":")[0]):
                ech0_imports(f, needed)
    for f in sorted(needed):
        if f.name == "__init__.py" and _docstring_only(f):
            continue
        assert any(f == d or d in f.parents for d in deps), f"{stage}: imports {f.relative_to(ROOT)}, not a dep"
    assert module_file(module).relative_to(ROOT).as_posix() in STAGES[stage]["deps"]


def test_stage_modules_document_reads_writes_and_run():
    for stage in STAGES.values():
        module = stage["cmd"].split("python -m ")[1].split()[0]
        doc = ast.get_docstring(ast.parse(module_file(module).read_text()))
        assert doc and "Reads:" in doc and "Writes:" in doc and "Run:" in doc, module
