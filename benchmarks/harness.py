"""Timing, memory and machine description shared by the benchmark suites.

Figures are medians of repeated runs. A figure is only meaningful next to its baseline measured
in the same run (machines here are shared and noisy), so every record carries both and their
ratio; targets are stated on the ratio where the issue states them that way.
"""

from __future__ import annotations

import gc
import os
import platform
import statistics
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np


@dataclass
class Record:
    """One measured figure beside its baseline."""

    group: str
    case: str
    size: int | None
    value: float
    unit: str  # "s", "ms", "MB", "x" or "" (a plain number)
    baseline: str = ""
    baseline_value: float | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    paired_ratio: float | None = None  # median of per-pair ratios (`paired`), when measured that way

    @property
    def ratio(self) -> float | None:
        if self.paired_ratio is not None:
            return self.paired_ratio
        if self.baseline_value in (None, 0):
            return None
        return self.value / self.baseline_value

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ratio": self.ratio}


def timings(fn: Callable[[], object], repeat: int, warmup: int = 1) -> list[float]:
    """Wall-clock seconds of `repeat` calls of fn after `warmup` untimed ones."""
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def median_time(fn: Callable[[], object], repeat: int = 5, warmup: int = 1) -> float:
    return statistics.median(timings(fn, repeat, warmup))


def paired(
    candidate: Callable[[], object], baseline: Callable[[], object], pairs: int = 5, repeat: int = 3
) -> tuple[float, float, float]:
    """(candidate seconds, baseline seconds, median ratio) over `pairs` alternated pairs.

    Each pair times the baseline then the candidate (median of `repeat` calls each), one right
    after the other, so that both see the same load; the ratio is the median of the pairs' ratios
    and the times the medians of the pairs' times. Design choice (issue 17: "every figure
    alternated with its baseline in the same run, median ratio of at least 3 pairs").
    """
    ours, theirs, ratios = [], [], []
    for _ in range(pairs):
        base = median_time(baseline, repeat)
        mine = median_time(candidate, repeat)
        ours.append(mine)
        theirs.append(base)
        ratios.append(mine / base)
    return statistics.median(ours), statistics.median(theirs), statistics.median(ratios)


def percentile(values: Sequence[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


def peak_memory(fn: Callable[[], object]) -> float:
    """Peak bytes allocated by fn above what was allocated before it (tracemalloc; numpy reports
    its array buffers to tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        fn()
        return float(tracemalloc.get_traced_memory()[1] - before)
    finally:
        tracemalloc.stop()


def growth_exponent(sizes: Sequence[int], seconds: Sequence[float]) -> float:
    """Slope of log(time) against log(size): 1 is linear.

    >>> round(growth_exponent([10, 100, 1000], [0.1, 1.0, 10.0]), 3)
    1.0
    """
    return float(np.polyfit(np.log(sizes), np.log(seconds), 1)[0])


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    import pandas as pd
    import psutil
    import sqlalchemy

    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next((ln.split(":", 1)[1].strip() for ln in handle if ln.startswith("model name")), cpu)
    except OSError:
        pass
    return {
        "date": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "os": platform.platform(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "sqlalchemy": sqlalchemy.__version__,
    }
