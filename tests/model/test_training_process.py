"""Process-level settings for the training loops."""

from __future__ import annotations

import gc
import platform

import pytest

from ech0.model.training_process import frozen_gc, keep_freed_memory


@pytest.mark.skipif(platform.system() != "Linux" or not platform.libc_ver()[0] == "glibc", reason="glibc only")
def test_keep_freed_memory_sets_glibc_options():
    assert keep_freed_memory() is True


def test_frozen_gc_hides_existing_objects_and_restores():
    before = gc.get_freeze_count()
    keep = [[i] for i in range(1000)]
    with frozen_gc():
        assert gc.get_freeze_count() >= before + len(keep)
    assert gc.get_freeze_count() == 0


def test_frozen_gc_unfreezes_on_error():
    with pytest.raises(RuntimeError):
        with frozen_gc():
            raise RuntimeError("boom")
    assert gc.get_freeze_count() == 0
