"""Recruiting: vacancies as weighted profiles, and how candidates compare on them.

Pure functions on frames (no database): a vacancy's profile, knock-outs, inter-rater agreement
(ICC), disagreements, the ranking and its sensitivity to the weights. smm_eval.storage feeds them
from the database; the pages and the command line show their results.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated

import numpy as np
import pandas as pd
from pydantic import Field, StringConstraints

from smm_eval.framework import Framework, LocalizedText, RoleProfile
from smm_eval.jsonvalues import none_if_nan
from smm_eval.schemas import VacancySpec
from smm_eval.scoring import RatingMatrix, ScoreResult, rating_matrix, score_profiles

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Money = Annotated[int, Field(ge=0, le=100_000_000)]
DISAGREEMENT_LEVELS = 2
SENSITIVITY = 0.10
# Koo & Li (2016): ICC below 0.5 poor, 0.5-0.75 moderate, 0.75-0.9 good, above 0.9 excellent.
ICC_BANDS = ((0.5, "poor"), (0.75, "moderate"), (0.9, "good"), (float("inf"), "excellent"))


def vacancy_from_role(title: str, role: RoleProfile, **fields: object) -> VacancySpec:
    """A new vacancy that starts from a role profile's weights and targets."""
    return VacancySpec(
        title=title,
        role_id=role.id,
        block_weights=dict(role.block_weights),
        competency_weights=dict(role.competency_weights),
        targets=dict(role.targets),
        **fields,  # type: ignore[arg-type]
    )


def vacancy_profile(
    title: str,
    role_id: str,
    block_weights: Mapping[str, float],
    competency_weights: Mapping[str, float],
    targets: Mapping[str, int],
) -> RoleProfile:
    """The vacancy as a role profile for scoring (its own weights and targets)."""
    return RoleProfile(
        id=role_id,
        name=LocalizedText(en=title, es=title),
        description=LocalizedText(en=title, es=title),
        block_weights=dict(block_weights),
        competency_weights=dict(competency_weights),
        targets={k: int(v) for k, v in targets.items()},
    )


def assessed_competencies(profile: RoleProfile, framework: Framework) -> list[str]:
    """Competencies a scorecard asks about: those that weigh in the vacancy or have a target."""
    block_of = framework.block_of
    return [
        c
        for c in framework.competency_ids
        if profile.targets[c] > 0 or (profile.competency_weights[c] > 0 and profile.block_weights[block_of[c]] > 0)
    ]


def knockout_table(levels: pd.DataFrame, knockouts: Mapping[str, int]) -> pd.DataFrame:
    """Per person: knock-outs passed, their total, whether all passed, and those failed or unknown.

    A knock-out passes when the combined level reaches its minimum; an unanswered one is unknown,
    which does not pass.
    """
    people = levels.index
    if not knockouts:
        return pd.DataFrame(
            {
                "passed": 0,
                "total": 0,
                "all_passed": True,
                "failed": [[] for _ in people],
                "unknown": [[] for _ in people],
            },
            index=people,
        )
    ids = list(knockouts)
    values = levels.reindex(columns=ids).to_numpy(dtype=float)
    minimum = np.array([knockouts[c] for c in ids], dtype=float)
    unknown = np.isnan(values)
    passed = ~unknown & (values >= minimum)
    failed = ~unknown & ~passed
    ids_arr = np.array(ids)
    return pd.DataFrame(
        {
            "passed": passed.sum(axis=1),
            "total": len(ids),
            "all_passed": passed.all(axis=1),
            "failed": [list(ids_arr[row]) for row in failed],
            "unknown": [list(ids_arr[row]) for row in unknown],
        },
        index=people,
    )


def icc_2_1(matrix: np.ndarray) -> float:
    """ICC(2,1) of Shrout & Fleiss: two-way random effects, absolute agreement, single rater.

    `matrix` is targets x raters with no missing values.

    >>> round(icc_2_1(np.array([[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8],
    ...                          [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]], dtype=float)), 2)
    0.29
    """
    n, k = matrix.shape
    if n < 2 or k < 2 or np.isnan(matrix).any():
        raise ValueError("ICC needs a complete matrix of at least 2 targets and 2 raters")
    grand = matrix.mean()
    ss_rows = k * ((matrix.mean(axis=1) - grand) ** 2).sum()
    ss_cols = n * ((matrix.mean(axis=0) - grand) ** 2).sum()
    ss_total = ((matrix - grand) ** 2).sum()
    ms_rows = ss_rows / (n - 1)
    ms_cols = ss_cols / (k - 1)
    ms_error = (ss_total - ss_rows - ss_cols) / ((n - 1) * (k - 1))
    denominator = ms_rows + (k - 1) * ms_error + k * (ms_cols - ms_error) / n
    if denominator <= 0:
        return float("nan")
    return float((ms_rows - ms_error) / denominator)


def icc_band(value: float) -> str:
    if np.isnan(value):
        return "undefined"
    return next(name for limit, name in ICC_BANDS if value < limit)


@dataclass(frozen=True)
class Agreement:
    """Inter-rater agreement of a vacancy's raters: ICC(2,1) over the items they all scored.

    `icc` is NaN when undefined (no variance to compare); `band` is then "undefined".
    """

    icc: float
    band: str  # poor, moderate, good, excellent (Koo & Li 2016) or undefined
    raters: tuple[str, ...]  # sorted
    candidates: int  # candidates behind the figure
    items: int  # (candidate, competency) items behind the figure

    @property
    def defined(self) -> bool:
        """Whether the ICC is a number (it is undefined when the items show no variance)."""
        return bool(np.isfinite(self.icc))

    def as_json(self) -> dict[str, object]:
        """The figure as JSON holds it: the ICC rounded to 3 digits, null when undefined."""
        return {
            "icc": none_if_nan(self.icc, 3),
            "band": self.band,
            "raters": list(self.raters),
            "candidates": self.candidates,
            "items": self.items,
        }


def inter_rater_agreement(ratings: pd.DataFrame) -> Agreement | None:
    """ICC(2,1) over the (candidate, competency) items that a common set of raters all scored.

    Raters are dropped, fewest ratings first, until the remaining ones share items on at least
    two candidates.

    Parameters
    ----------
    ratings : DataFrame
        Tidy ratings: person, rater, competency, level (0..4).

    Returns
    -------
    Agreement or None
        None when fewer than two raters scored the same two candidates.
    """
    if ratings.empty:
        return None
    wide = ratings.pivot_table(index=["person", "competency"], columns="rater", values="level", aggfunc="mean")
    raters = list(wide.notna().sum().sort_values(ascending=False).index)
    while len(raters) >= 2:
        complete = wide[raters].dropna()
        if complete.index.get_level_values("person").nunique() >= 2:
            value = icc_2_1(complete.to_numpy(dtype=float))
            return Agreement(
                icc=value,
                band=icc_band(value),
                raters=tuple(sorted(map(str, raters))),
                candidates=int(complete.index.get_level_values("person").nunique()),
                items=len(complete),
            )
        raters = raters[:-1]
    return None


def disagreements(ratings: pd.DataFrame, min_spread: int = DISAGREEMENT_LEVELS) -> pd.DataFrame:
    """(person, competency) pairs where raters differ by `min_spread` levels or more."""
    grouped = ratings.groupby(["person", "competency"], sort=True)["level"]
    spread = grouped.agg(["min", "max", "count"])
    flagged = spread.loc[(spread["count"] >= 2) & (spread["max"] - spread["min"] >= min_spread)]
    return flagged.assign(spread=flagged["max"] - flagged["min"]).reset_index()


def budget_status(expected: float | None, budget_min: int | None, budget_max: int | None) -> str:
    """'within', 'above', 'below' the budget, or 'unknown' without an expected salary or budget."""
    if expected is None or pd.isna(expected) or (budget_min is None and budget_max is None):
        return "unknown"
    if budget_max is not None and expected > budget_max:
        return "above"
    if budget_min is not None and expected < budget_min:
        return "below"
    return "within"


def market_position(expected: float | None, p25: float, p75: float) -> str:
    """Where an expected salary sits against a market range: 'below', 'within', 'above' or 'unknown'."""
    if expected is None or pd.isna(expected):
        return "unknown"
    if expected < p25:
        return "below"
    return "above" if expected > p75 else "within"


def rank_table(result: ScoreResult, knockouts: Mapping[str, int]) -> pd.DataFrame:
    """Candidates best first: all knock-outs passed, then fit, then overall, then person."""
    people = result.people
    ko = knockout_table(result.levels, knockouts)
    table = people.join(ko)
    table = table.assign(_person=table.index.astype(str))
    table = table.sort_values(
        ["all_passed", "fit", "overall", "_person"], ascending=[False, False, False, True], na_position="last"
    )
    return table.drop(columns="_person")


def ranking_order(
    matrix: RatingMatrix, framework: Framework, profile: RoleProfile, knockouts: Mapping[str, int]
) -> list:
    return list(rank_table(score_profiles(matrix, framework, profile), knockouts).index)


def weight_sensitivity(
    matrix: RatingMatrix,
    framework: Framework,
    profile: RoleProfile,
    knockouts: Mapping[str, int],
    delta: float = SENSITIVITY,
) -> pd.DataFrame:
    """Does the ranking change when one block's weight moves by ±delta (others unchanged)?

    One row per (block, direction): the ranking it gives and whether it differs from the base
    ranking, and whether the first place changes.
    """
    base = ranking_order(matrix, framework, profile, knockouts)
    rows = []
    for block in framework.block_ids:  # 5 blocks x 2 directions; each scoring is vectorised
        for sign in (-1, 1):
            weights = dict(profile.block_weights)
            weights[block] = weights[block] * (1 + sign * delta)
            moved = profile.model_copy(update={"block_weights": weights})
            order = ranking_order(matrix, framework, moved, knockouts)
            rows.append(
                {
                    "block": block,
                    "change": sign * delta,
                    "ranking": order,
                    "changed": order != base,
                    "top_changed": bool(order[:1] != base[:1]),
                }
            )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Evaluation:
    """Everything known about a vacancy's candidates, from their scorecards."""

    profile: RoleProfile
    matrix: RatingMatrix
    result: ScoreResult
    ranking: pd.DataFrame  # best first; index: candidate code
    agreement: Agreement | None  # ICC and its band, or None
    disagreements: pd.DataFrame  # person, competency, min, max, count, spread


def evaluate(
    ratings: pd.DataFrame,
    applications: pd.DataFrame,
    spec: VacancySpec,
    framework: Framework,
) -> Evaluation:
    """Score and rank a vacancy's candidates (applications: code, name, expected_salary, stage).

    Every attached candidate gets a row, scored or not; ranking as in `rank_table`.
    """
    profile = vacancy_profile(spec.title, spec.role_id, spec.block_weights, spec.competency_weights, spec.targets)
    codes = list(applications["code"])
    matrix = rating_matrix(ratings, framework.competency_ids, people=codes)
    result = score_profiles(matrix, framework, profile)
    ranking = rank_table(result, spec.knockouts)
    info = applications.set_index("code").reindex(ranking.index)
    ranking = ranking.assign(
        name=info["name"].to_numpy(),
        stage=info["stage"].to_numpy(),
        expected_salary=info["expected_salary"].to_numpy(),
        budget=[budget_status(s, spec.budget_min, spec.budget_max) for s in info["expected_salary"]],
        rank=range(1, len(ranking) + 1),
    )
    return Evaluation(
        profile=profile,
        matrix=matrix,
        result=result,
        ranking=ranking,
        agreement=inter_rater_agreement(ratings),
        disagreements=disagreements(ratings) if not ratings.empty else disagreements_empty(),
    )


def disagreements_empty() -> pd.DataFrame:
    return pd.DataFrame(columns=["person", "competency", "min", "max", "count", "spread"])
