"""Exported CSV never lets a spreadsheet run a cell as a formula."""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pytest

from smm_eval.files.csv_out import safe_cell, to_safe_csv


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","y")', "+1+2", "-cmd", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_text_is_prefixed(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["-3.5", "+4", "Ana", "", 12, -3.5, None])
def test_numbers_and_plain_text_are_kept(value):
    assert safe_cell(value) == value


def test_csv_cells_never_start_with_a_formula_character():
    frame = pd.DataFrame({"person": ["=1+1", "@me", "Ana"], "score": [-1.234, 50.0, 75.56]})
    text = to_safe_csv(frame)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["person", "score"]
    assert [r[0] for r in rows[1:]] == ["'=1+1", "'@me", "Ana"]
    assert [r[1] for r in rows[1:]] == ["-1.2", "50.0", "75.6"]


def test_large_tables_are_written_exactly_as_pandas_writes_them():
    rng = np.random.default_rng(0)
    n = 3000
    values = rng.uniform(0, 100, n).round(2)
    values[::7] = np.nan
    values[::11] = 3.0
    frame = pd.DataFrame(
        {
            "person": [f"person {i}" for i in range(n)],
            "overall": values,
            "answered": rng.integers(0, 25, n),
            "salary": pd.array([None if i % 5 == 0 else i * 1000 for i in range(n)], dtype="Int64"),
            "level": np.array([None if i % 3 == 0 else "junior" for i in range(n)], dtype=object),
            "note": ["=HYPERLINK(1)" if i % 13 == 0 else "-5" if i % 17 == 0 else "ok" for i in range(n)],
        }
    )
    expected = frame.copy()
    expected["note"] = expected["note"].map(safe_cell)
    assert to_safe_csv(frame, 2) == expected.to_csv(index=False, lineterminator="\n")
    with_comma = frame.assign(person=[f"Doe, {i}" for i in range(n)])
    expected = with_comma.copy()
    expected["note"] = expected["note"].map(safe_cell)
    assert to_safe_csv(with_comma, 2) == expected.to_csv(index=False, lineterminator="\n")


def test_arrow_writer_takes_boolean_columns_as_pandas_writes_them():
    # issue 17: the `score` table's level_provisional (numpy bool) sent every large output to pandas' writer.
    from smm_eval.files import csv_out

    n = 1_500  # over the 1,000 rows below which pandas writes
    frame = pd.DataFrame({"person": [f"p{i}" for i in range(n)], "provisional": np.arange(n) % 3 == 0})
    fast = csv_out._arrow_csv(frame)
    assert fast is not None  # Arrow wrote it (None would mean pandas did)
    assert fast == frame.to_csv(index=False, lineterminator="\n")
    assert fast.splitlines()[1:3] == ["p0,True", "p1,False"]  # 0 % 3 == 0, 1 % 3 == 1


@pytest.mark.parametrize("places", [0, 1, 2, 4])
def test_rounded_floats_are_written_as_python_writes_them(places):
    # issue 17: rounded figures are written from integer counts (csv_out._float_text); the text
    # must be Python's repr, as pandas writes it, for small and large counts, negatives and -0.0.
    from smm_eval.files import csv_out

    rng = np.random.default_rng(places)
    values = (rng.normal(0, 1000, 5000) * rng.random(5000) ** 3).round(places)
    values[::7] = np.nan
    values[1:4] = [-0.0, 0.0, 98765.0]  # -0.0 is written "-0.0"; the large one takes the joined path
    small = np.abs(values[4:]).clip(0, 100).round(places)  # a few thousand distinct counts: the lookup
    for column in (values, np.concatenate([values[:1], small])):
        expected = [None if np.isnan(v) else repr(float(v)) for v in column]
        assert csv_out._float_text(column).to_pylist() == expected
    assert csv_out._float_text(np.array([72.5, 3.0, -1.25])).to_pylist() == ["72.5", "3.0", "-1.25"]


def test_floats_that_are_not_short_decimals_keep_their_full_text():
    from smm_eval.files import csv_out

    values = np.array([0.1 + 0.2, 1 / 3, np.inf, 2.5, np.nan])
    # 0.1 + 0.2 is 0.30000000000000004 in Python; inf as pandas writes it
    assert csv_out._float_text(values).to_pylist() == ["0.30000000000000004", "0.3333333333333333", "inf", "2.5", None]
