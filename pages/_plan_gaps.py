"""The training plan's gap table in the headline's unit (not a page: the leading underscore).

The headline, "Weighted gap closed", is a percent of the team's weighted gap (sum over members of
each competency's weight in their role x the levels short of its target). Each member's gap
before and after the plan is shown in that same unit: a percent of the team's gap before the
plan, so the "after" column adds up to 100% minus the headline. The raw figures are levels
(a member's weighted mean shortfall, 0.376 = about a third of a level), which read as fractions
under a percent headline.
"""

from __future__ import annotations

import pandas as pd


def gap_shares(gaps: pd.DataFrame, total: float) -> pd.DataFrame:
    """Each member's weighted gap before and after the plan as a share (0..1) of the team's gap before.

    Parameters
    ----------
    gaps : DataFrame
        `PlanReport.gaps`: gap_before and gap_after per member (weighted shortfall, levels).
    total : float
        The team's weighted gap before the plan (`TrainingPlan.gap_total`, levels); 0: no gap.

    Returns
    -------
    DataFrame
        `gaps` with share_before and share_after (0..1; 0 when the team has no gap).

    >>> frame = pd.DataFrame({"gap_before": [0.376, 0.124], "gap_after": [0.155, 0.0]})
    >>> gap_shares(frame, 0.5)[["share_before", "share_after"]].round(3).to_dict("list")
    {'share_before': [0.752, 0.248], 'share_after': [0.31, 0.0]}
    """
    scale = 1 / total if total > 0 else 0.0
    return gaps.assign(share_before=gaps["gap_before"] * scale, share_after=gaps["gap_after"] * scale)
