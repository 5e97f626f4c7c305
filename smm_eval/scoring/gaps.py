"""Gaps and strengths: where a person falls short of a role's targets, and where they stand out.

Owns the gap rule (an answered competency below its target is a gap; an unanswered one has no
known gap), the one definition of a gap's priority (the role-fit points gained by closing that gap
to its target with every other answer as it is, `fit_gain`), the digits it is shown with, the long
gaps table behind `ScoreResult.gaps`, a role's targets as block scores, and the per-person reports
read from a `ScoreResult` (top gaps, unanswered needed competencies, strengths).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from smm_eval.scoring.matrix import RatingMatrix
from smm_eval.scoring.weights import Weights
from smm_eval.vocabulary import INDEPENDENT

if TYPE_CHECKING:  # the engine builds its gaps with gap_table: import the result's type for hints only
    from smm_eval.scoring.engine import ScoreResult

GAP_COLUMNS = ("person", "competency", "block", "level", "target", "shortfall", "weight", "priority")
# Decimals a priority (fit points) is shown with: the chart, the results CSV and the pages.
PRIORITY_DECIMALS = 1
# Priorities equal to this many decimals rank as equal, then in competency order: the closed form
# and a recomputed fit differ in the last bits, and a tie (say e/t equal for two competencies) must
# not be broken by rounding noise.
RANK_DECIMALS = 9


def fit_gain_rate(w: Weights) -> np.ndarray:
    """Fit points per level of shortfall, per unit of answered needed weight: 100 × e / target.

    Parameters
    ----------
    w : Weights
        The role's weights and targets (raises ValueError without a role).

    Returns
    -------
    numpy.ndarray
        (C,) 100 × effective weight / target where the role needs the competency (target > 0),
        0 elsewhere (a competency the role does not need is not in the fit).
    """
    target = w.role_target()
    needed = target > 0
    return np.where(needed, 100.0 * w.effective / np.where(needed, target, 1.0), 0.0)


def fit_gain(
    shortfall: np.ndarray, rate: np.ndarray, fit_weight: np.ndarray, out: np.ndarray | None = None
) -> np.ndarray:
    """Fit points gained by closing each gap to its target, everything else as answered.

    Parameters
    ----------
    shortfall : numpy.ndarray
        target − level where answered and below target, 0 elsewhere (levels); e.g. (P, C).
    rate : numpy.ndarray
        `fit_gain_rate` of the role, broadcast to `shortfall`; e.g. (C,).
    fit_weight : numpy.ndarray
        Each person's D = Σ effective weight over the answered competencies the role needs (the
        fit's denominator), broadcast to `shortfall`; e.g. (P, 1).
    out : numpy.ndarray, optional
        Where to write the result (may be `shortfall` itself, to save a copy at scale).

    Returns
    -------
    numpy.ndarray
        The broadcast shape: gain in fit points (0..100), 100 × e_c × shortfall_c / t_c / D.

    Notes
    -----
    Fit = 100 × Σ_a e_a min(l_a, t_a) / t_a / D over the answered competencies a the role needs
    (docs/scoring.md, "Scores"). Closing gap c raises l_c to t_c: only the term of c changes, from
    e_c l_c / t_c to e_c, and D stays (c was already answered). The difference, × 100 / D, is the
    formula above; it is exact, not a linearisation. The gains of one person's gaps add up to
    100 − fit: closing them all gives fit 100.
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        gain = np.multiply(shortfall, rate, out=out)
        return np.divide(gain, fit_weight, out=gain)


def shown_priority(priority: pd.Series) -> pd.Series:
    """Priorities (fit points) as every output shows them: rounded to PRIORITY_DECIMALS."""
    return priority.round(PRIORITY_DECIMALS)


def gap_table(matrix: RatingMatrix, w: Weights) -> pd.DataFrame:
    """Every gap of every person, each person's gaps by priority (highest first).

    Parameters
    ----------
    matrix : RatingMatrix
        (P, C) mean levels, NaN unanswered.
    w : Weights
        The role's weights and targets; without a target the table is empty.

    Returns
    -------
    pandas.DataFrame
        One row per gap, columns GAP_COLUMNS: person, competency and block (categoricals), level
        and target (0..4), shortfall = target - level (levels, > 0), weight (effective weight,
        shares of 1) and priority = `fit_gain`, the fit points (0..100) gained by closing that gap
        alone. Rows by person, then priority descending (to RANK_DECIMALS), then competency order.
    """
    if w.target is None:
        return pd.DataFrame({c: pd.Series(dtype=float) for c in GAP_COLUMNS})
    # target - capped level, as the engine computes it (levels are 0..4); NaN (unanswered) stays NaN
    shortfall = w.target - np.minimum(matrix.mean, w.target)
    is_gap = shortfall > 0  # NaN compares False
    needed = w.target > 0
    fit_weight = (~np.isnan(matrix.mean) & needed) @ np.where(needed, w.effective, 0.0)  # (P,) D
    fit_weight[fit_weight <= 0] = np.inf  # nothing needed answered: no gap counts (0, not NaN)
    rate = fit_gain_rate(w)
    # Rank within each person on the dense (P, C) matrix: a stable sort of -priority (rounded to
    # RANK_DECIMALS, non-gaps last) keeps competency order among equals, and is much faster than a
    # lexsort of the long table.
    key = fit_gain(shortfall, rate, fit_weight[:, None])
    np.round(key, RANK_DECIMALS, out=key)
    np.negative(key, out=key)
    key[~is_gap] = np.inf
    ranked = np.argsort(key, axis=1, kind="stable")
    del key
    rows, k = np.nonzero(np.arange(len(w.competency_ids)) < is_gap.sum(axis=1)[:, None])
    cols = ranked[rows, k]
    priority = fit_gain(shortfall[rows, cols], rate[cols], fit_weight[rows])
    block_codes: np.ndarray[tuple[int], np.dtype[np.intp]] = w.block_index[cols]
    # Categorical columns: codes into the (small) lists of people, competencies and blocks, rather
    # than one string per gap.
    return pd.DataFrame(
        {
            "person": pd.Categorical.from_codes(rows, categories=matrix.people),
            "competency": pd.Categorical.from_codes(cols, categories=pd.Index(w.competency_ids)),
            "block": pd.Categorical.from_codes(block_codes, categories=pd.Index(w.block_ids)),
            "level": matrix.mean[rows, cols],
            "target": w.target[cols],
            "shortfall": shortfall[rows, cols],
            "weight": w.effective[cols],
            "priority": priority,
        }
    )


def target_block_scores(w: Weights) -> pd.Series:
    """A role's target levels expressed as block scores 0..100 (for the radar).

    Each block's value is the within-block weighted mean of target / 4, × 100; a block whose
    competencies all weigh zero is NaN. Raises ValueError for weights without a role.

    >>> from smm_eval.framework import load_framework, load_roles
    >>> from smm_eval.scoring.weights import weights_for
    >>> target = target_block_scores(weights_for(load_framework(), load_roles()["smm_manager"]))
    >>> bool(target.between(0, 100).all())
    True
    """
    target = w.role_target()
    matrix = w.block_matrix
    with np.errstate(invalid="ignore", divide="ignore"):
        values = (target / 4.0) @ matrix / matrix.sum(axis=0) * 100
    return pd.Series(values, index=list(w.block_ids))


def top_gaps(result: ScoreResult, person: str, n: int = 5) -> pd.DataFrame:
    """A person's `n` largest gaps, highest priority first (columns GAP_COLUMNS, index from 0)."""
    gaps = result.gaps
    return gaps.loc[gaps["person"] == person].head(n).reset_index(drop=True)


def top_gaps_of(result: ScoreResult, people: Sequence[object], n: int = 3) -> pd.DataFrame:
    """The `n` largest gaps of each of `people`, in the order of the gaps frame (columns GAP_COLUMNS)."""
    gaps = result.gaps
    return gaps.loc[gaps["person"].isin(list(people))].groupby("person", sort=False, observed=True).head(n)


def unanswered_needed(result: ScoreResult, person: str) -> list[str]:
    """Competency ids the role needs (target > 0) that the person has not answered, in framework order.

    Empty without a role.
    """
    target = result.weights.target
    if target is None:
        return []
    levels = result.levels.loc[person].to_numpy()
    needed = target > 0
    return [
        c
        for c, miss, need in zip(result.weights.competency_ids, np.isnan(levels), needed, strict=True)
        if miss and need
    ]


def strengths(result: ScoreResult, person: str, n: int = 3, min_level: float = INDEPENDENT) -> pd.DataFrame:
    """A person's strongest competencies at `min_level` (0..4) or above: highest level, then weight.

    Returns at most `n` rows with columns competency, level (0..4) and weight (effective weight).
    """
    levels = result.levels.loc[person]
    frame = pd.DataFrame({"competency": levels.index, "level": levels.to_numpy(), "weight": result.weights.effective})
    frame = frame.loc[frame["level"] >= min_level]
    return frame.sort_values(["level", "weight"], ascending=False, kind="stable").head(n).reset_index(drop=True)
