"""Gaps and strengths: where a person falls short of a role's targets, and where they stand out.

Owns the gap rule (for each answered competency below its target, priority = effective weight ×
shortfall in levels; an unanswered competency has no known gap), the long gaps table behind
`ScoreResult.gaps`, a role's targets as block scores, and the per-person reports read from a
`ScoreResult` (top gaps, unanswered needed competencies, strengths).
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
        shares of 1) and priority = weight × shortfall. Rows by person, then priority descending,
        then competency order.
    """
    if w.target is None:
        return pd.DataFrame({c: pd.Series(dtype=float) for c in GAP_COLUMNS})
    shortfall = np.clip(w.target - matrix.mean, 0, None)  # NaN (unanswered) stays NaN
    rows, cols = np.nonzero(np.nan_to_num(shortfall, nan=0.0) > 0)
    priority = w.effective[cols] * shortfall[rows, cols]
    order = np.lexsort((cols, -priority, rows))
    rows, cols, priority = rows[order], cols[order], priority[order]
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
