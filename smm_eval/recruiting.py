"""Recruiting: vacancies as weighted profiles, and how candidates compare on them.

Pure functions on frames (no database): a vacancy's profile, knock-outs, each rater's score of
each candidate (the input of the agreement statistics in `smm_eval.agreement`), the ranking (past
the coverage gate) and the probability that each candidate ranks above the next. smm_eval.storage
feeds them from the database; the pages and the command line show their results.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated

import numpy as np
import pandas as pd
from pydantic import Field, StringConstraints
from scipy.special import ndtr

from smm_eval.agreement.panel import panel_agreement
from smm_eval.agreement.raters import deviating_raters
from smm_eval.agreement.records import PanelAgreement
from smm_eval.figures import decimals_for
from smm_eval.framework import Framework, LocalizedText, RoleProfile, load_roles
from smm_eval.schemas import VacancySpec
from smm_eval.scoring import RatingMatrix, ScoreResult, rating_matrix, score_profiles

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Money = Annotated[int, Field(ge=0, le=100_000_000)]
# What blind mode leaves out of every screen and export: the name, and the free text that may
# identify the candidate (contact, notes, scorecard evidence and notes, self-assessment labels).
BLIND_FREE_TEXT = ("contact", "notes", "evidence")


def display_name(code: str, name: str, blind: bool) -> str:
    """A candidate as every widget, table, chart and export shows them: the code alone in blind mode.

    The one rule of blind mode (Goldin & Rouse 2000, "Orchestrating Impartiality", AER 90(4):
    hiding who is assessed reduces bias; codes instead of names is a design choice).

    >>> display_name("C0001", "Ana Morales", blind=False), display_name("C0001", "Ana Morales", blind=True)
    ('Ana Morales (C0001)', 'C0001')
    """
    return code if blind else f"{name} ({code})"


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
    """The vacancy as a role profile for scoring (its own weights and targets).

    Its career grades follow the rule of the role it was made from (`data/roles.yaml`): the same
    reference grade and grade shifts applied to the vacancy's own targets (`smm_eval.grades`); a
    role id not in the role profiles gets the default (middle, one level per grade).
    """
    base = load_roles().get(role_id)
    return RoleProfile(
        id=role_id,
        name=LocalizedText(en=title, es=title),
        description=LocalizedText(en=title, es=title),
        block_weights=dict(block_weights),
        competency_weights=dict(competency_weights),
        targets={k: int(v) for k, v in targets.items()},
        reference_grade=base.reference_grade if base is not None else "middle",
        grade_shifts=base.grade_shifts if base is not None else {},
    )


def assessed_competencies(profile: RoleProfile, framework: Framework) -> list[str]:
    """Competencies a scorecard asks about: those that weigh in the vacancy or have a target."""
    block_of = framework.block_of
    return [
        c
        for c in framework.competency_ids
        if profile.targets[c] > 0 or (profile.competency_weights[c] > 0 and profile.block_weights[block_of[c]] > 0)
    ]


# A scorecard rating fewer than this share of the competencies it asks about is submitted only
# after the rater confirms it (a design choice: 1 of 25 rated still moved the candidate's fit).
FEW_RATED_SHARE = 0.5


def few_rated(rated: int, asked: int) -> bool:
    """Whether a scorecard with `rated` of its `asked` competencies rated rates too few to be
    submitted without a confirmation: fewer than FEW_RATED_SHARE of them (design choice).

    >>> few_rated(1, 25), few_rated(12, 25), few_rated(13, 25), few_rated(0, 0)
    (True, True, False, False)
    """
    return asked > 0 and rated < FEW_RATED_SHARE * asked


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


# P(a candidate ranks above the next) at or above which the order of the two is "settled": the
# one-sided counterpart of the 95% bands shown everywhere else (a design choice; docs/recruiting.md).
SETTLED = 0.95
ORDER_NOTES = ("settled", "too_close", "knockouts")  # `order` of a ranked row; None for the last


def order_probability(fit: np.ndarray, se: np.ndarray) -> np.ndarray:
    """Probability that each candidate's true fit is above the next one's, in ranking order.

    P_i = Φ((fit_i − fit_{i+1}) / √(se_i² + se_{i+1}²)), the normal probability that the difference
    of two independent normal estimates keeps its sign. Independence is an assumption: raters
    shared by both candidates (a lenient one lifts both) correlate the errors positively, which
    makes the variance of the difference smaller, so P computed as independent is conservative
    (nearer 0.5 than the truth). With both standard errors 0 the order is certain (P = 1, or 0.5
    for equal fits).

    Parameters
    ----------
    fit : numpy.ndarray
        (n,) fits 0..100 in ranking order.
    se : numpy.ndarray
        (n,) their standard errors, points (ScoreResult column `fit_se`).

    Returns
    -------
    numpy.ndarray
        (n,) probabilities 0..1; NaN for the last candidate (nobody below).

    Examples
    --------
    Fits 70 and 65 with standard errors 3 and 4: Φ(5 / 5) = Φ(1) = 0.841.

    >>> order_probability(np.array([70.0, 65.0]), np.array([3.0, 4.0])).round(3).tolist()
    [0.841, nan]
    """
    fit, se = np.asarray(fit, dtype=float), np.asarray(se, dtype=float)
    out = np.full(len(fit), np.nan)
    if len(fit) < 2:
        return out
    diff = fit[:-1] - fit[1:]
    spread = np.sqrt(se[:-1] ** 2 + se[1:] ** 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.where(spread > 0, diff / spread, np.sign(diff) * np.inf)
    out[:-1] = np.where(np.isnan(z) & (diff == 0), 0.5, ndtr(z))
    return out


def rank_table(result: ScoreResult, knockouts: Mapping[str, int]) -> pd.DataFrame:
    """Candidates best first, with the probability that each ranks above the next.

    Candidates past the coverage gate (fit shown, `scoring.COVERAGE_GATE`) are ranked: all
    knock-outs passed first, then fit, then overall, then person. The others follow, listed apart
    (`ranked` False, fewest `to_rate` first): not enough is rated to rank them.

    Parameters
    ----------
    result : ScoreResult
        The candidates scored on the vacancy's profile (fit, fit_se, to_rate, overall).
    knockouts : mapping of competency id to minimum level 1..4

    Returns
    -------
    pandas.DataFrame
        result.people joined with `knockout_table`, plus `ranked` (bool), `p_above_next` (0..1,
        `order_probability` between neighbours in the same knock-out group; NaN for the last
        ranked, across the knock-out boundary and for the unranked) and `order` ("settled" when
        p_above_next, rounded as shown (two decimals), ≥ SETTLED, "too_close" below it,
        "knockouts" where the knock-outs decide, None for the last ranked and the unranked).
    """
    table = result.people.join(knockout_table(result.levels, knockouts))
    table = table.assign(_person=table.index.astype(str), ranked=table["fit"].notna())
    ranked = table.loc[table["ranked"]].sort_values(
        ["all_passed", "fit", "overall", "_person"], ascending=[False, False, False, True]
    )
    apart = table.loc[~table["ranked"]].sort_values(["to_rate", "_person"])
    p = order_probability(ranked["fit"].to_numpy(), ranked["fit_se"].to_numpy())
    passed = ranked["all_passed"].to_numpy(dtype=bool)
    boundary = np.append(passed[:-1] != passed[1:], False) if len(passed) else passed
    p = np.where(boundary, np.nan, p)
    # Judged on the probability as every output shows it (figures.decimals_for: two decimals), so a
    # row never reads "95%" beside "too close to call".
    shown = np.round(p, decimals_for("p_above_next"))
    order = np.where(boundary, "knockouts", np.where(shown >= SETTLED, "settled", "too_close")).astype(object)
    order[np.isnan(p) & ~boundary] = None
    ranked = ranked.assign(p_above_next=p, order=order)
    apart = apart.assign(p_above_next=np.nan, order=None)
    out = pd.concat([ranked, apart]).drop(columns="_person")
    notes = [o if isinstance(o, str) else None for o in out["order"]]
    out["order"] = pd.Series(notes, index=out.index, dtype=object)  # None, never NaN
    return out


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

    Every attached candidate gets a row, scored or not; ranking as in `rank_table`, with `rank`
    1..k for the ranked and <NA> for those listed apart (below the coverage gate).
    """
    profile = vacancy_profile(spec.title, spec.role_id, spec.block_weights, spec.competency_weights, spec.targets)
    codes = list(applications["code"])
    matrix = rating_matrix(ratings, framework.competency_ids, people=codes)
    result = score_profiles(matrix, framework, profile)
    ranking = rank_table(result, spec.knockouts)
    info = applications.set_index("code").reindex(ranking.index)
    ranked = ranking["ranked"].to_numpy(dtype=bool)
    rank = pd.array(np.cumsum(ranked), dtype="Int64")
    rank[~ranked] = pd.NA  # listed apart: below the coverage gate
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
        rank=rank,
    )
    return Evaluation(
        profile=profile,
        matrix=matrix,
        result=result,
        ranking=ranking,
        agreement=panel_agreement(rater_scores(ratings, framework, profile), ratings),
        disagreements=deviating_raters(ratings),
    )
