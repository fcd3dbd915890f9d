"""Reading a built-in generator's banks: the word, phrase and fact tables it keeps
in banks.yaml beside its code (ech0/data/generators/<domain>/banks.yaml).

The file is read once, at import. Lists come back as tuples, so a bank is as
immutable as the tuple literals it replaced; mappings keep the file's order,
which the generators' rng draws depend on.
"""

from __future__ import annotations

from importlib.resources import files

import yaml

# libyaml's loader reads all eleven banks files in ~0.03 s, the pure-Python one in ~0.26 s;
# the files are written so that both read them alike.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_banks(package: str, name: str = "banks.yaml") -> dict:
    """The top-level mapping of `name` in `package` (a generator's __name__), lists as tuples."""
    return _frozen(yaml.load(files(package).joinpath(name).read_text("utf-8"), Loader=_LOADER))


def _frozen(value):
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return {k: _frozen(v) for k, v in value.items()}
    return value
