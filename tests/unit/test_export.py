"""Exported CSV never lets a spreadsheet run a cell as a formula."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from smm_eval.export import safe_cell, to_safe_csv


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
