"""A self-assessment as a user saves, reloads and compares it.

`build_saved` makes the `SavedAssessment` the results page offers for download and accepts back
(to continue, or to compare with a later attempt; the file itself is read and written by
`smm_eval.files.saved`). `results_table` is the tidy table behind the CSV download. Both are built
from a `ScoreResult`, so the files say exactly what the page shows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import cast

import numpy as np
import pandas as pd

from smm_eval.figures import decimals_for
from smm_eval.framework import Framework, RoleProfile
from smm_eval.i18n import Messages, level_text
from smm_eval.jsonvalues import none_if_nan
from smm_eval.salary import SalaryEstimate, SalaryQuery
from smm_eval.schemas import SavedAssessment, SavedSummary
from smm_eval.scoring import (
    ScoreResult,
    answers_to_ratings,
    best_fitting_roles,
    roles_to_rate,
    score_profiles,
    shown_priority,
    strengths,
    target_block_scores,
    top_gaps,
    unanswered_needed,
)
from smm_eval.scoring.levels import TOP, grade_arrays, next_grade_steps
from smm_eval.vocabulary import CAREER_LEVELS


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
            overall=none_if_nan(_cell(people.at[person, "overall"]), decimals_for("overall")),
            fit=none_if_nan(_cell(people.at[person, "fit"]), decimals_for("fit")),
            to_rate=int(_cell(people.at[person, "to_rate"])),
            level=level if isinstance(level, str) else None,
            level_role=str(people.at[person, "level_role"]) if isinstance(level, str) else None,
            level_provisional=bool(people.at[person, "level_provisional"]) if isinstance(level, str) else None,
            level_to_rate=int(_cell(people.at[person, "level_to_rate"])) if isinstance(level, str) else None,
            coverage=none_if_nan(_cell(people.at[person, "coverage"]), decimals_for("coverage")),
            blocks={str(b): none_if_nan(_cell(blocks.at[person, b]), decimals_for(str(b))) for b in blocks.columns},
            view="self-view",
        )
    return SavedAssessment(
        saved_at=datetime.now(UTC).replace(microsecond=0),
        role=role_id,
        answers={c: int(v) for c, v in answers.items() if v is not None},
        summary=summary,
    )


def results_table(result: ScoreResult, framework: Framework, lang: str, person: str = "you") -> pd.DataFrame:
    """One row for the overall score, one for the role fit, one per block and one per competency,
    ready for CSV.

    The `fit` row's score is the role fit (0..100), empty below the coverage gate, where its
    `to_rate` says how many more of the role's competencies to rate (0 once fit is shown; empty
    on every other row).

    `view` is "self-view" on every row when the person's ratings are their own (the results page's
    always are), else "raters". `gap_priority` is a gap's priority as the gap chart shows it: the
    fit points (0..100) gained by closing that gap (`smm_eval.scoring.fit_gain`), rounded by
    `shown_priority`; empty (NaN) for a competency without a gap (unanswered, at or above its
    target, or no role).
    The `career_level` row: id the level id, name the level as text in `lang`
    (`i18n.level_text`: "Middle (provisional: rate 6 more competencies of this role)"), `role`
    the role it is relative to, `provisional` and `to_rate` (empty on the other rows).
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
            "to_rate": pd.NA,
            "role": None,
            "provisional": None,
        },
        {
            "kind": "fit",
            "id": "fit",
            "name": "",
            "score": people["fit"],
            "confidence_low": np.nan,
            "confidence_high": np.nan,
            "to_rate": int(_cell(people["to_rate"])) if result.role_id is not None else pd.NA,
            "role": None,
            "provisional": None,
        },
    ]
    if isinstance(people["level"], str):
        rows.append(
            {
                "kind": "career_level",
                "id": people["level"],
                "name": level_text(Messages(lang), people["level"], bool(people["level_provisional"]),
                                   int(_cell(people["level_to_rate"]))),
                "role": str(people["level_role"]),
                "provisional": bool(people["level_provisional"]),
                "to_rate": int(_cell(people["level_to_rate"])),
            }
        )  # fmt: skip
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
    return table.astype({"to_rate": "Int64"})


@dataclass(frozen=True)
class SelfReport:
    """Everything the results page shows for one person's answers."""

    result: ScoreResult  # scored for `role_id`
    role_id: str  # the chosen role, or the best-fitting one when none was chosen
    role_was_chosen: bool
    best_roles: pd.DataFrame  # role, match, fit: only roles past the coverage gate
    best_roles_to_rate: int  # competencies still to rate before any role passes the gate (0: some does)
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
    levels = default.levels.loc[[person]]
    best = best_fitting_roles(levels.iloc[0], framework, roles, n=3)
    chosen = role_id is not None
    # No role past the coverage gate: the closest profile without the gate is the role compared
    # with (its fit stays hidden, NaN, until enough is rated), and best_roles stays empty.
    closest = best if not best.empty else best_fitting_roles(levels.iloc[0], framework, roles, n=1, gate=0.0)
    effective = role_id if role_id is not None else str(closest.iloc[0]["role"])
    if effective not in roles:
        raise ValueError(f"unknown role '{effective}'")
    result = score_profiles(ratings, framework, roles[effective], people=[person])
    return SelfReport(
        result=result,
        role_id=effective,
        role_was_chosen=chosen,
        best_roles=best,
        best_roles_to_rate=int(roles_to_rate(levels, framework, roles).iloc[0].min()),
        strengths=strengths(result, person),
        gaps=top_gaps(result, person, n_gaps),
        unanswered_needed=unanswered_needed(result, person),
        target_blocks=target_block_scores(result.weights),
        person=person,
    )


@dataclass(frozen=True)
class SalaryOutlook:
    """Pay at the career level for a role now, and the fewest steps to the next level's pay.

    `status`: "steps" (the `steps` reach `level_next`), "top" (already at the top grade) or "rate"
    (the next grade needs competencies of which none is answered: rate them first).
    `steps`: one row per competency to raise: competency, level (now, NaN unanswered), to (the
    level after the steps), steps (one-level steps), forced (True where the "no more than one level
    below" rule requires them); ordered forced first, then by steps, then framework order.
    `to_rate`: competencies the next grade needs that are not answered (their answers can change
    the verdict). `provisional`/`level_to_rate`: the level's coverage gate for this role.
    """

    role_id: str
    level_now: str
    provisional: bool
    level_to_rate: int
    now: SalaryEstimate
    status: str
    level_next: str | None
    steps: pd.DataFrame
    to_rate: list[str]
    after: SalaryEstimate | None

    @property
    def step_count(self) -> int:
        """Total one-level steps in `steps`."""
        return int(self.steps["steps"].sum())


STEP_COLUMNS = ["competency", "level", "to", "steps", "forced"]


def salary_outlook(
    answers: Mapping[str, int | None],
    role: RoleProfile,
    framework: Framework,
    estimate: Callable[[SalaryQuery], SalaryEstimate],
    base_query: SalaryQuery,
) -> SalaryOutlook:
    """Pay at the person's career level for `role` (`scoring.levels.role_levels`), and the smallest
    set of one-level competency steps that moves them to the next grade
    (`scoring.levels.next_grade_steps`: forced steps first, then the largest fit gain per step),
    with the pay there. `base_query` gives region, work format and the rest; its level and role are
    replaced by the person's level and `role.id`.

    Raises
    ------
    ValueError
        Nothing is answered.
    """
    ratings = answers_to_ratings(answers, person="you")
    if ratings.empty:
        raise ValueError("no answers to score")
    result = score_profiles(ratings, framework, role, people=["you"])
    row = result.people.loc["you"]
    levels = result.levels.loc["you"].to_numpy(dtype=float)
    plan = next_grade_steps(levels, grade_arrays(role, result.weights))
    level_now = str(row["level"])
    query = replace(base_query, level=level_now, role=role.id)
    now = estimate(query)
    ids = np.array(framework.competency_ids)
    to_rate = ids[plan.unanswered].tolist()
    moved = plan.steps > 0
    steps = pd.DataFrame(
        {
            "competency": ids[moved],
            "level": levels[moved],
            "to": np.minimum(np.nan_to_num(levels[moved]) + plan.steps[moved], TOP),
            "steps": plan.steps[moved],
            "forced": plan.forced[moved],
        },
        columns=STEP_COLUMNS,
    )
    steps = steps.sort_values(["forced", "steps"], ascending=False, kind="stable").reset_index(drop=True)
    if plan.grade is None:
        status, level_next, after = "top", None, None
    else:
        level_next = CAREER_LEVELS[plan.grade]
        status = "steps" if plan.reachable else "rate"
        after = estimate(replace(query, level=level_next))
    return SalaryOutlook(
        role.id, level_now, bool(row["level_provisional"]), int(_cell(row["level_to_rate"])), now, status, level_next,
        steps, to_rate, after,
    )  # fmt: skip
