"""The first-page benchmark (benchmarks/first_page.py) runs one pair of each measurement, untimed
here: if the home page changes so that the driver cannot see it rendered, or the first run of
app.py fails, this fails instead of the benchmark breaking silently."""

from __future__ import annotations

import math

import pytest

from benchmarks.first_page import GROUP, run

pytestmark = pytest.mark.e2e


def test_one_pair_of_each_first_page_measurement_runs():
    records = run(pairs=1)
    assert [r.group for r in records] == [GROUP] * 3
    assert [r.unit for r in records] == ["s", "s", "s"]
    for record in records:  # a figure and its one-line app's: positive, below the driver's 60 s waits
        assert 0 < record.value < 60 and math.isfinite(record.value), record
        assert record.baseline_value is not None and 0 < record.baseline_value < 60, record
