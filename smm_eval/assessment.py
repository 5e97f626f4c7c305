"""A self-assessment as a user saves, reloads and compares it.

`build_saved` makes the `SavedAssessment` the results page offers for download and accepts back
(to continue, or to compare with a later attempt; the file itself is read and written by
`smm_eval.files.saved`). `results_table` is the tidy table behind the CSV download. Both are built
from a `ScoreResult`, so the files say exactly what the page shows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import cast

import numpy as np
import pandas as pd

from smm_eval.framework import Framework, RoleProfile
from smm_eval.jsonvalues import none_if_nan
from smm_eval.salary import SalaryEstimate, SalaryQuery
from smm_eval.schemas import SavedAssessment, SavedSummary
from smm_eval.scoring import (
    RatingMatrix,
    ScoreResult,
    answers_to_ratings,
    best_fitting_roles,
    score_profiles,
    shown_priority,
    strengths,
    target_block_scores,
    top_gaps,
    unanswered_needed,
)


def _cell(value: object) -> float:
    """A numeric frame cell as a float (NaN stays NaN); pandas types cells as a wide union."""
    return float(cast(float, value))


def build_saved(
    answers: dict[str, int | None], role_id: str | None, result: ScoreResult | None, person: str = "you"
) -> SavedAssessment:
    """The record of the current answers and, when scored, their summary."""
    summary = None
    if result is not None and person in result.people.index:
        people, blocks = result.people, result.blocks
        level = people.at[person, "level"]
        summary = SavedSummary(
            overall=none_if_nan(_cell(people.at[person, "overall"]), 1),
            fit=none_if_nan(_cell(people.at[person, "fit"]), 1),
            level=level if isinstance(level, str) else None,
            coverage=none_if_nan(_cell(people.at[person, "coverage"]), 1),
            blocks={str(b): none_if_nan(_cell(blocks.at[person, b]), 1) for b in blocks.columns},
            view="self-view",
        )
    return SavedAssessment(
        saved_at=datetime.now(UTC).replace(microsecond=0),
        role=role_id,
        answers={c: int(v) for c, v in answers.items() if v is not None},
        summary=summary,
    )


def results_table(result: ScoreResult, framework: Framework, lang: str, person: str = "you") -> pd.DataFrame:
    """One row for the overall score, one per block and one per competency, ready for CSV.

    `view` is "self-view" on every row when the person's ratings are their own (the results page's
    always are), else "raters". `gap_priority` is a gap's priority as the gap chart shows it: the
    fit points (0..100) gained by closing that gap (`smm_eval.scoring.fit_gain`), rounded by
    `shown_priority`; empty (NaN) for a competency without a gap (unanswered, at or above its
    target, or no role).
    """
    people = result.people.loc[person]
    target = result.weights.target
    rows = [
        {
            "kind": "overall",
            "id": "overall",
            "name": "",
            "score": people["overall"],
            "confidence_low": people["overall_low"],
            "confidence_high": people["overall_high"],
            "level": np.nan,
            "target": np.nan,
            "gap_priority": np.nan,
        }
    ]
    for block in framework.blocks:
        rows.append(
            {
                "kind": "block",
                "id": block.id,
                "name": block.name.get(lang),
                "score": result.blocks.at[person, block.id],
                "confidence_low": result.blocks_low.at[person, block.id],
                "confidence_high": result.blocks_high.at[person, block.id],
            }
        )
    mine = result.gaps.loc[result.gaps["person"] == person]
    gaps = dict(zip(mine["competency"].astype(str), shown_priority(mine["priority"]), strict=True))
    for i, cid in enumerate(framework.competency_ids):
        level = _cell(result.levels.at[person, cid])  # NaN: unanswered
        rows.append(
            {
                "kind": "competency",
                "id": cid,
                "name": framework.competencies[cid].name.get(lang),
                "score": level * 25.0,
                "level": level,
                "target": target[i] if target is not None else np.nan,
                "gap_priority": gaps.get(cid, np.nan),  # fit points gained, as the chart; empty: no gap
            }
        )
    table = pd.DataFrame(rows, columns=list(rows[0]))
    table.insert(0, "view", "self-view" if bool(people["self_view"]) else "raters")
    return table


@dataclass(frozen=True)
class SelfReport:
    """Everything the results page shows for one person's answers."""

    result: ScoreResult  # scored for `role_id`
    role_id: str  # the chosen role, or the best-fitting one when none was chosen
    role_was_chosen: bool
    best_roles: pd.DataFrame  # role, match, fit
    strengths: pd.DataFrame  # competency, level, weight
    gaps: pd.DataFrame  # the top gaps: competency, block, level, target, shortfall, weight, priority
    unanswered_needed: list[str]
    target_blocks: pd.Series  # the role's target as block scores 0..100
    person: str = "you"

    @property
    def summary(self) -> pd.Series:
        """The person's row of `ScoreResult.people` (overall, fit, level, coverage, ...)."""
        return self.result.people.loc[[self.person]].iloc[0]

    @property
    def blocks(self) -> pd.Series:
        """The person's block scores 0..100, by block id."""
        return self.result.blocks.loc[[self.person]].iloc[0]


def assess(
    answers: Mapping[str, int | None],
    role_id: str | None,
    framework: Framework,
    roles: Mapping[str, RoleProfile],
    n_gaps: int = 5,
    person: str = "you",
) -> SelfReport:
    """Score one self-assessment; without a chosen role, use the best-fitting one."""
    ratings = answers_to_ratings(answers, person=person)
    if ratings.empty:
        raise ValueError("no answers to score")
    default = score_profiles(ratings, framework, None, people=[person])
    best = best_fitting_roles(default.levels.loc[[person]].iloc[0], framework, roles, n=3)
    chosen = role_id is not None
    effective = role_id if role_id is not None else str(best.iloc[0]["role"])
    if effective not in roles:
        raise ValueError(f"unknown role '{effective}'")
    result = score_profiles(ratings, framework, roles[effective], people=[person])
    return SelfReport(
        result=result,
        role_id=effective,
        role_was_chosen=chosen,
        best_roles=best,
        strengths=strengths(result, person),
        gaps=top_gaps(result, person, n_gaps),
        unanswered_needed=unanswered_needed(result, person),
        target_blocks=target_block_scores(result.weights),
        person=person,
    )


@dataclass(frozen=True)
class SalaryOutlook:
    """Pay now, and what closing the top gaps would do to it."""

    level_now: str
    now: SalaryEstimate
    movers: pd.DataFrame  # competency, level_after (career), p50_after, gain; the best two first
    level_after: str | None  # career level after closing the movers
    after: SalaryEstimate | None


def _career_levels(variants: Sequence[Mapping[str, int | None]], framework: Framework) -> list[tuple[str, float]]:
    """Career level and weighted mean level (default weights) of each set of answers, in one pass."""
    frame = pd.DataFrame(
        [{c: v for c, v in answers.items() if v is not None} for answers in variants],
        columns=list(framework.competency_ids),
        dtype=float,
    )
    people = score_profiles(RatingMatrix.from_levels(frame, framework.competency_ids), framework).people
    return [(str(level), float(mean)) for level, mean in zip(people["level"], people["mean_level"], strict=True)]


def salary_outlook(
    answers: Mapping[str, int | None],
    gaps: pd.DataFrame,
    framework: Framework,
    estimate: Callable[[SalaryQuery], SalaryEstimate],
    base_query: SalaryQuery,
    top: int = 2,
) -> SalaryOutlook:
    """The pay range at the current career level, and which `top` gaps, closed to their target,
    raise it most (each alone, then together).

    Pay moves with the career level, so a gap ranks first by the P50 it adds and then by how far
    it moves the weighted mean level towards the next career level.
    """
    gap_rows = list(gaps.itertuples())
    variants = ({**answers, str(g.competency): int(_cell(g.target))} for g in gap_rows)
    levels = _career_levels([answers, *variants], framework)
    level_now, mean_now = levels[0]
    now = estimate(replace(base_query, level=level_now))
    rows = []
    for gap, (level_after, mean_after) in zip(gap_rows, levels[1:], strict=True):
        p50 = estimate(replace(base_query, level=level_after)).p50
        rows.append(
            {
                "competency": gap.competency,
                "level_after": level_after,
                "p50_after": p50,
                "gain": p50 - now.p50,
                "progress": mean_after - mean_now,
            }
        )
    movers = pd.DataFrame(rows, columns=["competency", "level_after", "p50_after", "gain", "progress"])
    movers = movers.sort_values(["gain", "progress"], ascending=False, kind="stable").head(top).reset_index(drop=True)
    if movers.empty:
        return SalaryOutlook(level_now, now, movers, None, None)
    target = dict(zip(gaps["competency"], gaps["target"].astype(int), strict=True))
    [(level_after, _)] = _career_levels([{**answers, **{c: target[c] for c in movers["competency"]}}], framework)
    return SalaryOutlook(level_now, now, movers, level_after, estimate(replace(base_query, level=level_after)))
