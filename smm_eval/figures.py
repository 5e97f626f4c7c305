"""The one rounding rule for figures in every output (CSV, JSON and the CLI).

A figure is rounded by what it measures, named by its column: points on the 0..100 scale (overall,
fit, block scores, their bands, fit_se, self_overall, gap priorities) to SCORE_DECIMALS, shares
on the 0..1 scale (coverage, fit_coverage, rwg, the probability p_above_next) to SHARE_DECIMALS.
The services round their tables with `round_figures` and the writers (`files.csv_out.to_safe_csv`,
the saved self-assessment's summary) use `decimals_for`, so the command line's CSV, the pages' CSV
downloads and the JSON documents carry the same number for the same person. Pages format for
reading (percent, thousands separators) from the unrounded values.
"""

from __future__ import annotations

import pandas as pd

# Design choice: one decimal of a 0..100 score is finer than any band (the narrowest 95% band of a
# fully rated person is several points wide); two decimals of a share keep one rated competency in
# 25 (0.04) visible, which one decimal (0.9 for 0.92) hid.
SCORE_DECIMALS = 1
SHARE_DECIMALS = 2
SHARE_COLUMNS = frozenset({"coverage", "fit_coverage", "rwg", "p_above_next"})


def decimals_for(column: str) -> int:
    """Decimals a float column named `column` keeps in every output.

    >>> decimals_for("coverage"), decimals_for("fit"), decimals_for("marketing")
    (2, 1, 1)
    """
    return SHARE_DECIMALS if column in SHARE_COLUMNS else SCORE_DECIMALS


def round_figures(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` with every float column rounded by `decimals_for` its name.

    Parameters
    ----------
    frame : pandas.DataFrame
        Any table; non-float columns are left as they are.

    Returns
    -------
    pandas.DataFrame
        Same shape, columns and index.

    Examples
    --------
    >>> round_figures(pd.DataFrame({"fit": [66.666], "coverage": [0.9166], "to_rate": [3]})).to_dict("records")
    [{'fit': 66.7, 'coverage': 0.92, 'to_rate': 3}]
    """
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_float_dtype(out[column]):
            out[column] = out[column].round(decimals_for(str(column)))
    return out
