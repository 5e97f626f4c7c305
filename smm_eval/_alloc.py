"""Keep freed array memory in the process instead of handing it back to the kernel at once.

glibc serves allocations above M_MMAP_THRESHOLD (128 KiB at start) with fresh `mmap` pages and
trims the heap above M_TRIM_THRESHOLD back to the kernel. Scoring allocates many short-lived
arrays of a few MiB; on virtual machines every first touch of a fresh page is a costly fault, and
measured here it made each numpy operation 8x slower than the arithmetic (docs/performance.md).
Raising both thresholds lets those arrays reuse the same heap memory. Only glibc is tuned; other
C libraries are left alone.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 64 * 2**20
TRIM_THRESHOLD = 256 * 2**20

_tuned: bool | None = None


def tune_allocator() -> bool:
    """Raise glibc's mmap and trim thresholds once per process; True when they were set."""
    global _tuned
    if _tuned is None:
        _tuned = False
        if sys.platform.startswith("linux"):
            try:
                libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
                mallopt = libc.mallopt
            except (OSError, AttributeError):  # not glibc (musl has no mallopt)
                return False
            _tuned = bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD))
    return _tuned
