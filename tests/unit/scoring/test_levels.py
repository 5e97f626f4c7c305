"""Career level for a role (issue 12, finding 1): graded targets, the tolerance, the role it refers to."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from smm_eval.framework import load_roles
from smm_eval.scoring import best_role_of_each, score_profiles
from smm_eval.scoring.levels import GradeArrays, role_levels
from smm_eval.vocabulary import CAREER_LEVELS

from .answers import one_person

ALL_GRADES = [(rid, g) for rid in load_roles() for g in CAREER_LEVELS]


def _level(framework, role, answers) -> tuple[str, bool]:
    people = score_profiles(one_person(answers), framework, role).people
    return people.at["ana", "level"], bool(people.at["ana", "level_provisional"])


@pytest.mark.parametrize(
    ("role_id", "expected"),
    # The old rule (breadth over all 25 competencies, default weights) said junior for the first
    # five and senior for the head of SMM: at their targets, the mean level was under 2.5 (middle
    # needed 2.5) and the share at level 4 under 35% (lead needed it).
    [("smm_analyst", "middle"), ("smm_marketer", "middle"), ("smm_editor", "middle"),
     ("community_manager", "middle"), ("ads_specialist", "middle"), ("head_of_smm", "lead")],
)  # fmt: skip
def test_finding_1_a_person_at_a_role_s_targets_gets_its_reference_grade(framework, roles, role_id, expected):
    role = roles[role_id]
    assert _level(framework, role, dict(role.targets)) == (expected, False)


@pytest.mark.parametrize(("role_id", "grade"), ALL_GRADES)
def test_a_person_exactly_at_a_grade_s_targets_gets_that_grade(framework, roles, role_id, grade):
    role = roles[role_id]
    assert _level(framework, role, role.grade_targets()[grade]) == (grade, False)


def _two_competencies(weights=(0.5, 0.5)) -> GradeArrays:
    # Grades trainee..lead of two competencies; the second is not needed at trainee.
    t = np.array([[1, 0], [1, 2], [2, 3], [3, 4], [4, 4]], dtype=float)
    fw = np.where(t > 0, np.array(weights), 0.0)
    return GradeArrays(t, fw, fw / np.where(t > 0, t, 1.0))


def test_tolerance_fit_at_least_0_9_and_nothing_two_levels_short():
    grades = _two_competencies()
    people = np.array([[3, 3], [3, 4], [4, 3.5], [4, 2], [2, np.nan], [np.nan, np.nan], [0, 0]])
    # [3, 3]: senior fit 0.5 x 1 + 0.5 x 3/4 = 0.875 < 0.9; middle fit 1 -> middle (2).
    # [3, 4]: senior fit 1 -> senior (3); lead fit 0.5 x 3/4 + 0.5 = 0.875 -> not lead.
    # [4, 3.5]: lead fit 0.5 + 0.5 x 3.5/4 = 0.9375 -> lead (4).
    # [4, 2]: 2 is two levels below senior's and lead's 4; middle fit 0.5 + 0.5 x 2/3 = 0.833;
    #         junior fit 1 -> junior (1).
    # [2, unanswered]: only the answered competency counts: fit 1 up to middle (target 2), then
    #         2/3 at senior -> middle (2).
    # nothing answered -> -1; all 0 -> the floor, trainee (0).
    assert role_levels(people, grades).tolist() == [2, 3, 4, 1, 2, -1, 0]


def test_tolerance_boundary_fit_exactly_0_9_meets_the_grade():
    grades = _two_competencies((0.6, 0.4))
    # [4, 3]: lead fit 0.6 x 4/4 + 0.4 x 3/4 = 0.9 exactly; 3 is one level below 4 -> lead.
    # [3.9, 3]: lead fit 0.6 x 3.9/4 + 0.4 x 3/4 = 0.885; senior (3, 4) fit 0.6 + 0.3 = 0.9 -> senior.
    # [4, 2.9]: 2.9 is more than one level below senior's 4; middle (2, 3) fit
    #           0.6 + 0.4 x 2.9/3 = 0.987 -> middle.
    assert role_levels(np.array([[4, 3], [3.9, 3], [4, 2.9]]), grades).tolist() == [4, 3, 2]


def test_transposed_input_gives_the_same_levels():
    grades = _two_competencies()
    people = np.array([[3, 3], [3, 4], [4, 2], [np.nan, 1], [np.nan, 2]])
    # [unanswered, 1]: junior needs 2 of the second, fit 1/2 -> trainee; [unanswered, 2] -> junior.
    expected = role_levels(people, grades).tolist()
    assert role_levels(np.ascontiguousarray(people.T), grades, transposed=True).tolist() == expected == [2, 3, 1, 0, 1]


def test_level_below_the_coverage_gate_is_provisional_with_what_to_rate(framework, roles):
    role = roles["smm_analyst"]
    answers = {c: 4 for c in ("campaign_costing", "channel_selection", "engagement_metrics")}
    people = score_profiles(one_person(answers), framework, role).people
    row = people.loc["ana"]
    assert row["level_provisional"] and row["level_to_rate"] == row["to_rate"] > 0
    assert row["level_role"] == "smm_analyst"
    full = score_profiles(one_person(dict(role.targets)), framework, role).people.loc["ana"]
    assert not full["level_provisional"] and full["level_to_rate"] == 0


def test_without_a_role_the_level_is_for_the_best_matching_role(framework, roles):
    rng = np.random.default_rng(3)
    ids = framework.competency_ids
    levels = rng.integers(0, 5, (60, len(ids))).astype(float)
    levels[rng.random(levels.shape) < 0.3] = np.nan
    frame = pd.DataFrame(levels, index=[f"p{i}" for i in range(60)], columns=ids)
    rows = [(p, "self", c, v) for p, row in frame.iterrows() for c, v in row.items() if not np.isnan(v)]
    ratings = pd.DataFrame(rows, columns=["person", "rater", "competency", "level"])
    people = score_profiles(ratings, framework, people=list(frame.index)).people
    best = best_role_of_each(frame, framework, roles)
    # Past the gate the level's role is the best role; below it (best role None) the closest role
    # among all, and the level is provisional.
    settled = best.notna().to_numpy()
    assert 0 < settled.sum() < len(best)  # both kinds occur with 30% skipped
    assert people["level_role"].astype(object)[settled].tolist() == best[settled].tolist()
    assert people["level_provisional"][~settled].all() and not people["level_provisional"][settled].any()
    ungated = best_role_of_each(frame, framework, roles, gate=0.0)
    assert people["level_role"].astype(object)[~settled].tolist() == ungated[~settled].tolist()
    for role_id, group in people.groupby("level_role", observed=True):
        again = score_profiles(ratings, framework, roles[str(role_id)], people=list(frame.index)).people
        assert group["level"].tolist() == again.loc[group.index, "level"].tolist()
        assert group["level_provisional"].tolist() == again.loc[group.index, "level_provisional"].tolist()


def test_a_person_without_answers_has_no_level_and_no_role(framework):
    people = score_profiles(one_person({"copywriting": 2}), framework, people=["ana", "bob"]).people
    assert pd.isna(people.at["bob", "level"]) and pd.isna(people.at["bob", "level_role"])
    assert not people.at["bob", "level_provisional"]
