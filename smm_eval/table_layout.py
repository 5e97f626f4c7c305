"""How wide each column of a table is drawn, so that a table fits the width it is given.

Pure arithmetic on the texts a table shows (its headers and formatted cells); the pages turn the
widths into Streamlit column settings (`pages._ui.fitted_table`). A table narrower than its
container is stretched by Streamlit, which shares the remaining space among the columns.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

# Measured in Chromium on Streamlit's data grid (14 px Source Sans, canvas measureText): texts of
# 17 to 23 characters (names, money, "Overall (95% band)", in regular and semibold) average 6.0 to
# 6.65 px a character, so 6.7 px holds them whole; short texts run wider a character ("Medium" 8.0)
# but stay within their padding. A cell has 8 px of padding each side, a header a little more
# (design choice).
CHAR_PX = 6.7
CELL_PAD_PX = 16
HEADER_PAD_PX = 24
MIN_COLUMN_PX = 36


def _longest(values: pd.Series) -> int:
    texts = values.map(lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v))
    return int(texts.str.len().max()) if len(texts) else 0


def natural_widths(frame: pd.DataFrame, fixed: Mapping[str, int] | None = None) -> dict[str, int]:
    """The width in px each column needs to show its header and its longest cell whole.

    Parameters
    ----------
    frame : the table as shown (cells already formatted as text where the page formats them).
    fixed : column -> the width in px of its cells, not measured (a progress bar drawn from raw
        floats, whose own text would be far wider than the bar and its figure); the header still
        gets its room.

    Returns
    -------
    {column name: px}, in the frame's column order.

    Examples
    --------
    >>> frame = pd.DataFrame({"Name": ["Ana", "Bartholomew"], "n": [1, 22], "bar": [0.123456789, 1.0]})
    >>> natural_widths(frame, fixed={"bar": 120})
    {'Name': 90, 'n': 36, 'bar': 120}
    """
    fixed = fixed or {}
    widths = {}
    for column in frame.columns:
        name = str(column)
        cells = fixed[name] if name in fixed else _longest(frame[column]) * CHAR_PX + CELL_PAD_PX
        widths[name] = max(MIN_COLUMN_PX, round(max(cells, len(name) * CHAR_PX + HEADER_PAD_PX)))
    return widths


def fitted_widths(natural: Mapping[str, int], available: int) -> dict[str, int]:
    """Column widths that fit `available` px: the natural ones when they fit, else the widest columns
    are narrowed to one common cap (the largest cap that fits), the narrow ones kept whole.

    Parameters
    ----------
    natural : {column: px} as `natural_widths` gives.
    available : px the table may take.

    Returns
    -------
    {column: px}, same keys; their sum is at most `available` unless every column is at
    MIN_COLUMN_PX already. A narrowed column ends its longer cells with "…" (the whole text shows
    on hover), never behind a horizontal scroll.

    Examples
    --------
    >>> fitted_widths({"a": 100, "b": 300, "c": 500}, 600)
    {'a': 100, 'b': 250, 'c': 250}
    """
    if sum(natural.values()) <= available:
        return dict(natural)
    low, high = MIN_COLUMN_PX, max(natural.values())
    while low < high:  # the largest cap with sum(min(w, cap)) <= available
        cap = (low + high + 1) // 2
        if sum(min(w, cap) for w in natural.values()) <= available:
            low = cap
        else:
            high = cap - 1
    return {c: min(w, low) for c, w in natural.items()}
