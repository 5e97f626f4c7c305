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
# Short texts run wider a character: digits are about 7.6 px and "%" about 11 px in that font, so
# "100 %" (five characters) draws about 37 px, more than 5 x 6.7 = 33.5. A text of up to
# SHORT_CHARS characters is given SHORT_CHAR_PX a character (measured in Chromium; issue 15: a
# Fit column sized at 6.7 px wrapped "100 %" into "100" over "%" in rows tall enough to wrap).
SHORT_CHARS = 8
SHORT_CHAR_PX = 9.0
CELL_PAD_PX = 16
HEADER_PAD_PX = 24
MIN_COLUMN_PX = 36
# Wrapped cells. Streamlit 1.67's grid wraps a cell's text only in rows taller than 4rem (64 px,
# `DataFrame` in its frontend: `isWrappingAllowed` when `rowHeight > 4rem`); a wrapped line of its
# 14 px text takes about 20 px (measured in Chromium). A line is filled to 90% of the room the
# character width estimate gives, so a text of wider letters still fits its lines (design choice).
WRAP_MIN_ROW_PX = 65
LINE_PX = 20
ROW_PAD_PX = 14
LINE_FILL = 0.9


def text_px(length: int) -> float:
    """The px a text of `length` characters takes in a grid cell, without padding: CHAR_PX a
    character, and at least SHORT_CHAR_PX for each of its first SHORT_CHARS (short texts such as
    "100 %" run wider a character).

    >>> text_px(5), text_px(20)
    (45.0, 134.0)
    """
    return max(length * CHAR_PX, min(length, SHORT_CHARS) * SHORT_CHAR_PX)


def _widest_px(values: pd.Series) -> float:
    distinct = values.drop_duplicates()  # a column of 25,000 scores holds a hundred texts
    texts = distinct.map(lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v))
    return max((text_px(n) for n in texts.str.len()), default=0.0)


def natural_widths(frame: pd.DataFrame, fixed: Mapping[str, int] | None = None) -> dict[str, int]:
    """The width in px each column needs to show its header and its widest cell whole (`text_px`).

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
        cells = fixed[name] if name in fixed else _widest_px(frame[column]) + CELL_PAD_PX
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


def lines_needed(text: str, width_px: int) -> int:
    """How many lines `text` takes when wrapped at spaces in a column `width_px` wide.

    Words are laid out greedily in lines of (width_px - CELL_PAD_PX) / CHAR_PX x LINE_FILL
    characters; a word longer than a line is broken over as many lines as it needs.

    >>> lines_needed("70% · demasiado ajustado para decidir", 200)
    2
    >>> lines_needed("Ana", 60)
    1
    """
    room = max(1, int((width_px - CELL_PAD_PX) / CHAR_PX * LINE_FILL))
    lines, used = 1, 0
    for word in text.split():
        size = len(word)
        if used and used + 1 + size <= room:
            used += 1 + size
            continue
        if used:
            lines += 1
        lines += (size - 1) // room  # a word longer than a line
        used = size - (size - 1) // room * room
    return lines


def fitted_layout(
    frame: pd.DataFrame, available: int, fixed: Mapping[str, int] | None = None
) -> tuple[dict[str, int], int | None]:
    """Column widths that fit `available` px and the row height that shows every cell whole.

    The widths are `fitted_widths` of `natural_widths`, except that no column is narrowed below
    its header (headers do not wrap) while the headers fit. When a narrowed column's text no longer
    fits one line, the rows are made tall enough for the most lines any cell needs
    (`lines_needed`), and at least WRAP_MIN_ROW_PX, so that the grid wraps the text instead of
    cutting it.

    Parameters
    ----------
    frame : the table as shown (cells formatted as text).
    available : px the table may take.
    fixed : as in `natural_widths` (columns whose cells are not measured: never wrapped).

    Returns
    -------
    ({column: px}, row height in px or None when every cell fits one line).

    >>> frame = pd.DataFrame({"Why": ["70% · demasiado ajustado para decidir"], "n": [2]})
    >>> fitted_layout(frame, 200)
    ({'Why': 164, 'n': 36}, 74)
    """
    fixed = fixed or {}
    natural = natural_widths(frame, fixed)
    headers = {str(c): max(MIN_COLUMN_PX, round(len(str(c)) * CHAR_PX + HEADER_PAD_PX)) for c in frame.columns}
    widths = fitted_widths(natural, available)
    if sum(headers.values()) <= available:
        spare = available - sum(max(w, headers[c]) for c, w in widths.items())
        widths = {c: max(w, headers[c]) for c, w in widths.items()}
        if spare < 0:  # raising short headers took room: narrow the widest above their header again
            widths = _narrow_to_floors(widths, headers, available)
    most = 1
    for column in frame.columns:
        name = str(column)
        if name in fixed or widths[name] >= natural[name]:
            continue
        texts = frame[column].map(lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v))
        most = max([most, *(lines_needed(text, widths[name]) for text in texts)])
    return widths, (None if most == 1 else max(WRAP_MIN_ROW_PX, most * LINE_PX + ROW_PAD_PX))


def _narrow_to_floors(widths: Mapping[str, int], floors: Mapping[str, int], available: int) -> dict[str, int]:
    """The largest common cap on `widths` that fits `available` with no column below its floor."""
    low, high = 0, max(widths.values())
    while low < high:
        cap = (low + high + 1) // 2
        if sum(max(floors[c], min(w, cap)) for c, w in widths.items()) <= available:
            low = cap
        else:
            high = cap - 1
    return {c: max(floors[c], min(w, low)) for c, w in widths.items()}
