"""The package's layers: library modules never import a stage, and the light
modules (hashing, lineage, the CLI's verify and deploy path) never pull in torch."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "ech0"


def imported(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names += [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names += [a.name for a in node.names]
    return names


def module_path(name: str) -> Path | None:
    path = SRC / Path(*name.split("."))
    for candidate in (path / "__init__.py", path.with_suffix(".py")):
        if candidate.exists():
            return candidate
    return None


def top_level_closure(path: Path) -> set[str]:
    """Every module a module imports when it is imported: its top-level imports (not
    those inside functions, which run only when called), followed through ech0, with
    each parent package's __init__ (importing a.b runs a/__init__.py)."""
    seen, todo, found = set(), [path], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        tree = ast.parse(p.read_text())
        for node in tree.body:  # module level only
            names = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                found.add(name.split(".")[0])
                parts = name.split(".")
                for i in range(1, len(parts) + 1):
                    f = module_path(".".join(parts[:i]))
                    if f is not None and parts[0] == "ech0":
                        todo.append(f)
    return found


def test_no_library_module_imports_a_stage():
    """ech0.stages.* are DVC entry points (python -m): stages import the library,
    never the other way round."""
    found = [f"{p.relative_to(SRC)}: {n}" for p in sorted(PACKAGE.rglob("*.py")) if "stages" not in p.parts
             for n in imported(p) if n == "ech0.stages" or n.startswith("ech0.stages.")]
    assert found == []


@pytest.mark.parametrize("module", ["ech0.hashing", "ech0.seeding", "ech0.jsonl", "ech0.params",
                                    "ech0.release.lineage", "ech0.release.card", "ech0.release.deploy",
                                    "ech0.cli", "ech0.cli.deploy", "ech0.eval.cases", "ech0.eval.gate"])
def test_light_modules_import_no_torch(module):
    """What `ech0 verify`, `ech0 deploy`, `ech0 baseline` and `ech0 params check` load
    up front (tests/cli/test_cli.py runs verify and deploy and checks sys.modules too)."""
    heavy = top_level_closure(module_path(module)) & {"torch", "transformers", "peft", "bitsandbytes", "datasets"}
    assert heavy == set(), f"{module} imports {sorted(heavy)} at module level"
