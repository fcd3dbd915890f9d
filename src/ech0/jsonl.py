"""JSONL and JSON I/O shared by every stage: atomic writes of files and directories, stable formatting.

Writes go to a temporary file in the same directory and are renamed into place,
so a killed stage never leaves a half-written output that DVC could cache.
A directory output (data/raw, models/base, models/train, models/package) is
built the same way with `atomic_dir`: in a temporary sibling, then swapped in.
JSON is written with sorted keys and no timestamps so that equal inputs give
byte-identical files and therefore equal hashes in dvc.lock.
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator


def dumps(obj: Any) -> str:
    """The one canonical JSON line format: compact, UTF-8, key order kept as built."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


@contextmanager
def atomic_open(path: str | Path, mode: str = "w"):
    """Open a temp file beside `path`; rename it over `path` only on success."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        kwargs = {} if "b" in mode else {"encoding": "utf-8", "newline": "\n"}
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def swap_dir(new: str | Path, dest: str | Path) -> None:
    """Rename the finished directory `new` to `dest` (same filesystem), replacing any
    previous `dest` only once `new` is complete. With an existing `dest` the swap is
    two renames (old aside, new in), so `dest` is only absent between them; if the
    second fails the old one is put back."""
    new, dest = Path(new), Path(dest)
    aside = None
    if dest.exists() or dest.is_symlink():
        aside = Path(tempfile.mkdtemp(prefix=f".{dest.name}.old.", dir=dest.parent))
        os.replace(dest, aside / dest.name)
    try:
        os.replace(new, dest)
    except BaseException:
        if aside is not None:  # should this fail too, the old copy stays in `aside`, not lost
            os.replace(aside / dest.name, dest)
            aside.rmdir()
        raise
    if aside is not None:
        shutil.rmtree(aside, ignore_errors=True)


@contextmanager
def atomic_dir(path: str | Path) -> Iterator[Path]:
    """Yield an empty temporary directory beside `path` to build it in; on success
    swap it in for `path` (`swap_dir`), on any error remove it, leaving `path` as it was."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
    os.chmod(tmp, 0o755)  # mkdtemp's 0700 would otherwise become the output's mode
    try:
        yield tmp
        swap_dir(tmp, path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def write_jsonl(path: str | Path, rows: Iterable[dict]) -> int:
    """Write rows one JSON object per line, atomically. Returns the row count."""
    n = 0
    with atomic_open(path) as fh:
        for row in rows:
            fh.write(dumps(row))
            fh.write("\n")
            n += 1
    return n


def write_json(path: str | Path, obj: Any) -> None:
    """Write a metrics/summary JSON file atomically, pretty and key-sorted."""
    with atomic_open(path) as fh:
        json.dump(obj, fh, ensure_ascii=False, indent=2, sort_keys=True)
        fh.write("\n")


def read_jsonl(path: str | Path) -> Iterator[dict]:
    """Read a JSONL file written by ech0 itself (trusted, already validated)."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def load_jsonl(path: str | Path) -> list[dict]:
    """Every row of an ech0 JSONL file, as a list, with Python's cyclic GC paused.

    While a list of 100k row dicts grows, the GC keeps re-scanning all of them:
    reading data/clean/rows.jsonl took 4.8 s with it and 1.8 s without. Rows are
    plain JSON (no reference cycles), so pausing it leaks nothing; freezing them
    afterwards keeps later collections from re-scanning them too.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return list(read_jsonl(path))
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def iter_lines(path: str | Path) -> Iterator[tuple[int, bytes]]:
    """(1-based line number, raw bytes without the newline) for untrusted input.

    Bytes, not str: invalid UTF-8 and BOMs must reach the validator intact so it
    can reject them with their location instead of crashing the reader.
    """
    with open(path, "rb") as fh:
        for number, line in enumerate(fh, start=1):
            yield number, line.rstrip(b"\r\n")
