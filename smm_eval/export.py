"""Writing CSV and JSON that are safe to open.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and tab or carriage return) as a
formula; a person named `=HYPERLINK(...)` must not become a link. Text cells that start so are
prefixed with an apostrophe; numbers are left alone.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def safe_cell(value: Any) -> Any:
    """Neutralise a text cell that a spreadsheet would run as a formula.

    >>> safe_cell("=1+1"), safe_cell("-3.5"), safe_cell("Ana")
    ("'=1+1", '-3.5', 'Ana')
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _is_number(value):
        return "'" + value
    return value


def to_safe_csv(frame: pd.DataFrame, float_digits: int = 1) -> str:
    """CSV text of `frame` (index dropped) with text cells made formula-safe and floats rounded."""
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_float_dtype(out[col]):
            out[col] = out[col].round(float_digits)
        elif out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(safe_cell)
    out.columns = [safe_cell(str(c)) for c in out.columns]
    return out.to_csv(index=False, lineterminator="\n")
