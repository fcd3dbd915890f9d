"""Atomic outputs: a directory built with atomic_dir replaces the old one whole or not at all."""

from __future__ import annotations

import os
import stat

import pytest

from ech0 import jsonl
from ech0.jsonl import atomic_dir, swap_dir


def tree(directory):
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in directory.rglob("*") if p.is_file()}


def test_atomic_dir_builds_beside_the_output_and_replaces_it_whole(tmp_path):
    out = tmp_path / "models/package"
    with atomic_dir(out) as tmp:  # a missing parent is created
        assert tmp.parent == out.parent and tmp.is_dir() and not any(tmp.iterdir()) and not out.exists()
        (tmp / "a.txt").write_text("one")
    assert tree(out) == {"a.txt": b"one"}
    assert stat.S_IMODE(out.stat().st_mode) == 0o755  # not mkdtemp's 0700

    with atomic_dir(out) as tmp:
        (tmp / "sub").mkdir()
        (tmp / "sub/b.txt").write_text("two")
        assert tree(out) == {"a.txt": b"one"}  # the old output stays until the new one is complete
    assert tree(out) == {"sub/b.txt": b"two"}  # nothing of the old one is kept
    assert [p.name for p in out.parent.iterdir()] == ["package"]


def test_an_error_inside_leaves_the_old_output_and_no_temp_dir(tmp_path):
    out = tmp_path / "raw"
    out.mkdir()
    (out / "old.jsonl").write_text("{}\n")
    with pytest.raises(KeyboardInterrupt):  # BaseException too: a Ctrl-C mid-build
        with atomic_dir(out) as tmp:
            (tmp / "half.jsonl").write_text("{")
            raise KeyboardInterrupt
    assert tree(out) == {"old.jsonl": b"{}\n"}
    assert [p.name for p in tmp_path.iterdir()] == ["raw"]


def test_swap_dir_puts_the_old_output_back_when_the_new_one_cannot_move_in(tmp_path, monkeypatch):
    dest, new = tmp_path / "serve", tmp_path / "new"
    dest.mkdir()
    (dest / "old").write_text("old")
    new.mkdir()
    real = os.replace

    def failing(src, dst):
        if src == new:
            raise OSError("rename failed")
        real(src, dst)

    monkeypatch.setattr(jsonl.os, "replace", failing)
    with pytest.raises(OSError, match="rename failed"):
        swap_dir(new, dest)
    assert tree(dest) == {"old": b"old"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new", "serve"]  # no aside dir left

    monkeypatch.setattr(jsonl.os, "replace", real)
    swap_dir(new, dest)
    assert dest.is_dir() and not any(dest.iterdir()) and [p.name for p in tmp_path.iterdir()] == ["serve"]
