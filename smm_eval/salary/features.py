"""The features of the salary model and the grid of cells it is tabulated on.

The inputs of a salary query are closed answers (career level, region, work format, role), so
a fitted model is a table over their combinations: `features` codes rows for the boosting,
`recency_weight` weighs observations by age, `monotone_in_level` makes every ladder of the table
non-decreasing, `count_cells` counts observations per exact cell.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from smm_eval.salary.market import REGIONS, WORK_FORMATS
from smm_eval.vocabulary import CAREER_LEVELS

# Feature columns: level rank (monotone increasing), then region, format and role as categories.
MONOTONIC_CST = (1, 0, 0, 0)
CATEGORICAL = (False, True, True, True)


def codes(values: pd.Series, allowed: tuple[str, ...]) -> np.ndarray:
    """Category codes of `values`: shape (len(values),), floats 0..len(allowed)-1.

    A value outside `allowed` is NaN, which the boosting treats as a missing value.
    """
    return values.map({v: float(i) for i, v in enumerate(allowed)}).to_numpy(dtype=float)


def features(frame: pd.DataFrame, roles: tuple[str, ...], regions: tuple[str, ...] = REGIONS) -> np.ndarray:
    """The feature matrix of rows with level, region, work_format and role.

    `regions` are the market's region ids (Russia's by default).

    Returns
    -------
    numpy.ndarray
        Shape (len(frame), 4): level rank 0..4, region code, work-format code, role code (NaN for
        a role outside `roles`).

    Notes
    -----
    Region, format and role are categorical features of the boosting (`CATEGORICAL`), so no
    arbitrary order of their codes enters the model (design choice, issue 14). experience_years is
    validated and kept with the observations but is not a feature: a query does not ask for it,
    and the career level carries it. The date enters as a weight (`recency_weight`), not a feature.
    """
    return np.column_stack(
        [
            codes(frame["level"], CAREER_LEVELS),
            codes(frame["region"], regions),
            codes(frame["work_format"], WORK_FORMATS),
            codes(frame["role"], roles),
        ]
    )


def recency_weight(dates: pd.Series, reference: date, half_life_years: float) -> np.ndarray:
    """Weights of observations by age: shape (len(dates),), 1 for the `reference` date.

    An observation loses half its weight per `half_life_years` (years of 365.25 days) before
    `reference`, weight = 0.5 ** (age / half_life_years) (design choice: exponential decay).
    """
    age = (pd.Timestamp(reference) - pd.to_datetime(dates)).dt.days.to_numpy(dtype=float) / 365.25
    weight: np.ndarray = 0.5 ** (age / half_life_years)
    return weight


def monotone_in_level(raw: np.ndarray) -> np.ndarray:
    """Each quantile's log pay made non-decreasing along the career levels of every other answer.

    `raw` has shape (levels × cells, quantiles), rows in itertools.product(levels, ...) order; the
    result has the same shape.
    The boosting's `monotonic_cst` constrains the splits, but the quantile loss then resets every
    leaf to a weighted percentile of its rows, which can undo the order (seen: junior P25 below
    trainee P25). Each ladder is therefore projected on the non-decreasing sequences by
    pool-adjacent-violators (`sklearn.isotonic.isotonic_regression`; Barlow et al. 1972, the
    least-squares projection): a ladder already in order is unchanged.
    """
    from sklearn.isotonic import isotonic_regression

    levels = len(CAREER_LEVELS)
    ladders = raw.reshape(levels, -1)  # one column per (cell other than level, quantile)
    out = ladders.copy()
    for j in np.flatnonzero(np.any(np.diff(ladders, axis=0) < 0, axis=0)):
        out[:, j] = isotonic_regression(ladders[:, j], increasing=True)
    return out.reshape(raw.shape)


def count_cells(frame: pd.DataFrame) -> dict[tuple[str, str, str, str], int]:
    """Observations per exact (level, region, work format, role): only cells with at least one row."""
    sizes = frame.groupby(["level", "region", "work_format", "role"]).size().reset_index(name="n")
    columns = (sizes[c].astype(str) for c in ("level", "region", "work_format", "role"))
    return {(lv, rg, wf, ro): int(n) for lv, rg, wf, ro, n in zip(*columns, sizes["n"], strict=True)}


def kish_effective_n(weights: np.ndarray) -> float:
    """Kish's effective sample size of weighted observations, n_eff = (Σw)² / Σw².

    Source: Kish, L. (1965), *Survey Sampling*, Wiley, section 11.7 (the design effect of unequal
    weights). Equal weights give n_eff = n; unequal ones less: one observation of weight 1 beside
    three of weight 0.25 counts as (1.75)² / 1.1875 ≈ 2.58, not 4. 0 for no observations or
    weights that are all zero.

    >>> kish_effective_n(np.array([1.0, 1.0, 1.0])), round(kish_effective_n(np.array([1.0, 0.25, 0.25, 0.25])), 4)
    (3.0, 2.5789)
    """
    squares = float(np.sum(np.square(weights)))
    return float(np.sum(weights)) ** 2 / squares if squares > 0 else 0.0


def effective_cells(frame: pd.DataFrame, weights: np.ndarray) -> dict[tuple[str, str, str, str], float]:
    """Kish's effective number of observations (`kish_effective_n`) per exact (level, region,
    work format, role), from each row's weight (`weights`, shape (len(frame),)); the cells of
    `count_cells`."""
    keyed = frame[["level", "region", "work_format", "role"]].astype(str).assign(w=weights, w2=np.square(weights))
    sums = keyed.groupby(["level", "region", "work_format", "role"])[["w", "w2"]].sum().reset_index()
    return {
        (lv, rg, wf, ro): (w * w / w2 if w2 > 0 else 0.0)
        for lv, rg, wf, ro, w, w2 in sums.itertuples(index=False, name=None)
    }
