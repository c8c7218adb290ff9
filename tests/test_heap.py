"""The allocator setting of a `check` run (nlp_audit.heap): large blocks keep their own mappings.

Run in a child process each time: the setting is process-wide, and this test process's allocator has
already been moved by everything the suite did before.
"""

from __future__ import annotations

import ctypes
import platform
import subprocess
import sys

import pytest


def _has_mallinfo2() -> bool:
    try:
        return hasattr(ctypes.CDLL("libc.so.6"), "mallinfo2")
    except OSError:
        return False


glibc = pytest.mark.skipif(platform.system() != "Linux" or platform.libc_ver()[0] != "glibc" or not _has_mallinfo2(),
                           reason="the setting is glibc's (mallopt), read back with mallinfo2 (glibc >= 2.33)")

_PROBE = """
import ctypes, sys
from nlp_audit.heap import keep_large_blocks_apart
libc = ctypes.CDLL("libc.so.6")
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = (ctypes.c_void_p,)
class Info(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks",
                                                "fsmblks", "uordblks", "fordblks", "keepcost")]
libc.mallinfo2.restype = Info
made = keep_large_blocks_apart() if sys.argv[1] == "set" else None
size = 1 << 20  # a tf-idf vector
libc.free(libc.malloc(size))  # glibc raises its threshold past this block unless told not to
before = libc.mallinfo2().hblkhd
block = libc.malloc(size)
mapped = libc.mallinfo2().hblkhd - before >= size
libc.free(block)
print(made, mapped)
"""


def _probe(arm: str) -> str:
    return subprocess.run([sys.executable, "-c", _PROBE, arm], capture_output=True, text=True, check=True).stdout.split()


@glibc
def test_a_freed_large_block_no_longer_moves_the_next_one_onto_the_heap() -> None:
    assert _probe("default") == ["None", "False"]  # glibc's own adjustment: the second block is on the heap
    assert _probe("set") == ["True", "True"]  # its own mapping, given back when freed


def test_elsewhere_nothing_is_changed(monkeypatch) -> None:
    from nlp_audit import heap

    monkeypatch.setattr(heap.platform, "system", lambda: "Darwin")
    assert heap.keep_large_blocks_apart() is False
