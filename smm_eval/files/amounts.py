"""Money amounts as people write them in spreadsheets: the one rule for every amount read.

Salary observations, a candidate's expected salary and the budgets of the command line accept
what spreadsheet programs in different locales write:

- digits grouped by spaces (also non-breaking and thin spaces), apostrophes or underscores:
  `120 000`, `120'000`, `120_000`;
- digits grouped in threes by commas or by dots: `120,000` and `120.000` are both 120000 (a
  design choice: one separator followed by exactly three digits is read as grouping, because a
  monthly salary is never written to a thousandth of a rouble);
- an optional decimal part of one or two digits after the other mark: `55000,50`, `55000.5`,
  `120,000.50`, `120.000,50`.

Anything else is not an amount, and the reader that asked says so with the cell's line and column.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

_SPACES = r"[\s_'’]"  # \s covers no-break (U+00A0), thin (U+2009) and narrow no-break (U+202F) spaces
_COMMA_GROUPS = r"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?"  # 120,000 and 120,000.50
_DOT_GROUPS = r"\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?"  # 120.000 and 120.000,50
AMOUNT_EXAMPLE = "e.g. 60000, 60 000 or 60,000"  # quoted in the messages of every reader
AMOUNT_EXAMPLES = "60000, 60 000, 60,000"  # the same, as the `example` param of the catalogues' texts
_PLAIN = r"\d+(?:[.,]\d{1,2})?"  # 120000, 55000,50, 55000.5


def parse_amounts(cells: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Amounts of a column of text cells (stripped; empty means no amount).

    Parameters
    ----------
    cells
        Text cells, one per record.

    Returns
    -------
    values : pandas.Series
        float64, same index: the amount in the file's currency units, NaN where the cell is empty
        or is not an amount.
    unreadable : numpy.ndarray
        bool, True where a non-empty cell is not an amount by the rules of this module.

    Examples
    --------
    >>> values, bad = parse_amounts(pd.Series(["120 000", "120,000", "120.000", "55000,50", "", "lots"]))
    >>> values.tolist()[:4], bad.tolist()
    ([120000.0, 120000.0, 120000.0, 55000.5], [False, False, False, False, False, True])
    """
    text = cells.astype(object).fillna("").astype(str).str.replace(_SPACES, "", regex=True)
    comma_groups = text.str.fullmatch(_COMMA_GROUPS)
    dot_groups = text.str.fullmatch(_DOT_GROUPS)
    plain = text.str.fullmatch(_PLAIN)
    number = text.where(~comma_groups, text.str.replace(",", "", regex=False))
    number = number.where(~dot_groups, text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False))
    number = number.where(~plain, text.str.replace(",", ".", regex=False))
    readable = comma_groups | dot_groups | plain
    values = pd.to_numeric(number.where(readable), errors="coerce").astype(np.float64)
    unreadable = ((text != "") & ~readable).to_numpy(dtype=bool)
    return values, unreadable


def parse_amount(text: str) -> float | None:
    """One amount by the same rule (`parse_amounts`); None when `text` is not one.

    >>> parse_amount("120 000"), parse_amount("1.500,50"), parse_amount("12k")
    (120000.0, 1500.5, None)
    """
    values, unreadable = parse_amounts(pd.Series([text.strip()], dtype=object))
    if unreadable[0] or np.isnan(values.iloc[0]):
        return None
    return float(values.iloc[0])
