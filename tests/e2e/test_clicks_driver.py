"""The browser benchmark's driver (benchmarks/browser_clicks.py) runs each interaction of issue 15
once, untimed here: if a page changes so that the driver can no longer click through it, this
fails instead of the benchmark breaking silently."""

from __future__ import annotations

import math

import pytest

from benchmarks.browser_clicks import INTERACTIONS, measure

pytestmark = pytest.mark.e2e


def test_every_interaction_of_the_click_benchmark_runs_once():
    times = measure(repeat=1, warmup=0)
    # One figure per interaction and one floor click after each of the six.
    assert set(times) == {*INTERACTIONS, "floor"}
    assert {name: len(values) for name, values in times.items()} == {**dict.fromkeys(INTERACTIONS, 1), "floor": 6}
    for name, values in times.items():
        # A click that settled: a positive time, below the driver's 60 s wait.
        assert all(0 < v < 60 and math.isfinite(v) for v in values), (name, values)
