"""One process-wide allocator setting for long batches: large blocks go back to the system when freed.

glibc's malloc serves a block of at least ``M_MMAP_THRESHOLD`` bytes (128 KiB) with its own mmap,
returned to the system when freed, but each time such a block is freed it raises the threshold to
that block's size (up to 32 MiB). The tf-idf embedder makes 1 MiB vectors and chunk matrices of up
to 32 of them, so after the first of them every such array came from the heap, and the heap cannot
shrink past a small object that outlives them: on the 10,000-form bench batch the heap grew from
54 to 67 MiB between files 5,000 and 8,000 with 12 MiB of it free (``scripts/bench_memory.py``).
Setting the threshold explicitly turns that adjustment off (mallopt(3)); with it the heap stayed at
41 MiB with 1.5 MiB free, and peak RSS at 10,000 forms fell by 10 MiB.

Elsewhere (musl, macOS, Windows) nothing is changed: ``keep_large_blocks_apart`` says so.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import platform

M_MMAP_THRESHOLD = -3  # mallopt(3) parameter number (glibc malloc.h)
MMAP_THRESHOLD = 128 * 1024  # glibc's initial value, now kept


def keep_large_blocks_apart(threshold: int = MMAP_THRESHOLD) -> bool:
    """Serve every block of ``threshold`` bytes or more with its own mapping, freed to the system when
    freed (glibc only). True when the setting was made."""
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return mallopt(M_MMAP_THRESHOLD, threshold) == 1
