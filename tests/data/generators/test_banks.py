"""Each built-in generator is a package whose word, phrase and fact banks live in
banks.yaml beside its code (ech0.data.generators.banks): the files must ship in a
wheel, and read the same with or without libyaml."""

from __future__ import annotations

import fnmatch
import importlib
import tomllib
from pathlib import Path

import pytest
import yaml

from ech0.data.generators import BUILTIN
from ech0.data.generators.banks import load_banks

ROOT = Path(__file__).resolve().parents[3]
# a domain's package holds generator.py, rubric.py and banks.yaml
PACKAGES = sorted({spec.partition(":")[0].rpartition(".")[0] for spec in BUILTIN.values()}
                  | {"ech0.data.generators.refusals"})


def _banks_file(package: str) -> Path:
    module = importlib.import_module(package)
    assert Path(module.__file__).name == "__init__.py", f"{package} should be a package"
    return Path(module.__file__).with_name("banks.yaml")


@pytest.mark.parametrize("package", PACKAGES)
def test_banks_file_ships_in_the_wheel(package):
    path = _banks_file(package)
    assert path.is_file()
    rel = path.relative_to(ROOT / "src" / "ech0").as_posix()
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["package-data"]["ech0"]
    assert any(fnmatch.fnmatch(rel, p) for p in patterns), f"{rel} is not in [tool.setuptools.package-data]"


@pytest.mark.parametrize("package", PACKAGES)
def test_both_yaml_loaders_read_the_banks_alike(package):
    # Without libyaml, banks.load_banks falls back to the pure-Python loader; the rows
    # must not change with it (a plain scalar such as "card?, Why" parses differently).
    if not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML built without libyaml")
    text = _banks_file(package).read_text("utf-8")
    assert yaml.load(text, Loader=yaml.SafeLoader) == yaml.load(text, Loader=yaml.CSafeLoader)


def test_banks_load_lists_as_tuples():
    banks = load_banks("ech0.data.generators.creativity")
    assert isinstance(banks["names"], tuple)
    assert isinstance(banks["themes"]["the sea at dawn"]["ings"], tuple)
