"""Recruiting: vacancies as weighted profiles, and how candidates compare on them.

Pure functions on frames (no database): a vacancy's profile, knock-outs, each rater's score of
each candidate (the input of the agreement statistics in `smm_eval.agreement`), the ranking and
its sensitivity to the weights. smm_eval.storage feeds them
from the database; the pages and the command line show their results.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated

import numpy as np
import pandas as pd
from pydantic import Field, StringConstraints

from smm_eval.agreement.panel import panel_agreement
from smm_eval.agreement.raters import deviating_raters
from smm_eval.agreement.records import PanelAgreement
from smm_eval.framework import Framework, LocalizedText, RoleProfile
from smm_eval.schemas import VacancySpec
from smm_eval.scoring import RatingMatrix, ScoreResult, rating_matrix, score_profiles

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Money = Annotated[int, Field(ge=0, le=100_000_000)]
SENSITIVITY = 0.10


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


def rater_scores(ratings: pd.DataFrame, framework: Framework, profile: RoleProfile | None) -> pd.DataFrame:
    """Each rater's own overall score (0..100) of each candidate on the vacancy's profile.

    Parameters
    ----------
    ratings : DataFrame
        Tidy ratings: person, rater, competency, level (0..4).

    Returns
    -------
    DataFrame
        Candidates (index, sorted) x raters (columns, sorted); NaN where a rater did not rate a
        candidate (or rated nothing that weighs in the vacancy). The targets x raters matrix of
        `smm_eval.agreement.panel.panel_agreement`.
    """
    if ratings.empty:
        return pd.DataFrame(dtype=float)
    pairs = ratings[["person", "rater"]].drop_duplicates().reset_index(drop=True)
    key = pd.Series(pairs.index.astype(str), index=pd.MultiIndex.from_frame(pairs))
    keyed = ratings.assign(person=key.reindex(pd.MultiIndex.from_frame(ratings[["person", "rater"]])).to_numpy())
    overall = score_profiles(keyed, framework, profile, people=list(key)).people["overall"]
    scores = pairs.assign(overall=overall.reindex(list(key)).to_numpy())
    wide = scores.pivot_table(index="person", columns="rater", values="overall", aggfunc="mean", dropna=False)
    return wide.sort_index().sort_index(axis=1)


def budget_status(
    expected: float | None,
    budget_min: int | None,
    budget_max: int | None,
    currency: str | None = None,
    budget_currency: str | None = None,
) -> str:
    """'within', 'above', 'below' the budget, 'other_currency' when the expected salary and the
    budget are in different currencies (never converted), or 'unknown' without an expected
    salary or budget."""
    if expected is None or pd.isna(expected) or (budget_min is None and budget_max is None):
        return "unknown"
    if currency and budget_currency and currency != budget_currency:
        return "other_currency"
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
    agreement: PanelAgreement  # candidates as targets (smm_eval.agreement.panel)
    disagreements: pd.DataFrame  # deviating raters: smm_eval.agreement.raters.FLAG_COLUMNS


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
    # Amounts stored before the currency columns are roubles before tax (migration 0005).
    currency = info.get("expected_currency", pd.Series("RUB", index=info.index)).fillna("RUB")
    gross_net = info.get("expected_gross_net", pd.Series("gross", index=info.index)).fillna("gross")
    ranking = ranking.assign(
        name=info["name"].to_numpy(),
        stage=info["stage"].to_numpy(),
        expected_salary=info["expected_salary"].to_numpy(),
        expected_currency=currency.to_numpy(),
        expected_gross_net=gross_net.to_numpy(),
        budget=[
            budget_status(s, spec.budget_min, spec.budget_max, c, spec.currency)
            for s, c in zip(info["expected_salary"], currency, strict=True)
        ],
        rank=range(1, len(ranking) + 1),
    )
    return Evaluation(
        profile=profile,
        matrix=matrix,
        result=result,
        ranking=ranking,
        agreement=panel_agreement(rater_scores(ratings, framework, profile), ratings),
        disagreements=deviating_raters(ratings),
    )
