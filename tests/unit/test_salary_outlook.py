"""What would raise your pay (issue 12, finding 8): the fewest steps that move the role-relative level."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from smm_eval.assessment import salary_outlook
from smm_eval.salary import SalaryQuery, baseline_estimate
from smm_eval.scoring import score_profiles, top_gaps
from smm_eval.scoring.levels import grade_arrays, next_grade_steps, role_levels
from smm_eval.scoring.weights import weights_for
from smm_eval.vocabulary import CAREER_LEVELS

from .scoring.answers import one_person

QUERY = SalaryQuery("middle", "moscow", "office")


def _level(framework, role, answers) -> str:
    return score_profiles(one_person(answers), framework, role).people.at["ana", "level"]


def test_finding_8_closing_the_two_biggest_gaps_leaves_the_level_but_the_steps_move_it(framework, roles):
    role = roles["smm_manager"]
    answers = dict.fromkeys(framework.competency_ids, 2) | dict.fromkeys(framework.competency_ids[:10], 3)
    assert _level(framework, role, answers) == "junior"
    # The old outlook closed the two biggest gaps to their target: the level stays junior.
    gaps = top_gaps(score_profiles(one_person(answers), framework, role), "ana", 2)
    closed = answers | {str(g.competency): int(g.target) for g in gaps.itertuples()}
    assert _level(framework, role, closed) == "junior"
    outlook = salary_outlook(answers, role, framework, baseline_estimate, QUERY)
    assert (outlook.level_now, outlook.status, outlook.level_next) == ("junior", "steps", "middle")
    after = answers | {str(s.competency): int(s.to) for s in outlook.steps.itertuples()}
    assert _level(framework, role, after) == "middle"
    assert outlook.step_count == 6
    assert outlook.after is not None and outlook.after.p50 > outlook.now.p50
    assert outlook.now.p50 == baseline_estimate(SalaryQuery("junior", "moscow", "office", "smm_manager")).p50


@pytest.mark.parametrize(
    ("role_id", "answers"),
    [
        # Two levels short of the middle's 3 in brand strategy: one step there is forced.
        ("smm_manager", {"brand_strategy": 1, "competitive_analysis": 2, "kpi_setting": 2, "ad_setup": 3,
                         "copywriting": 2, "campaign_analysis": 2}),
        ("ads_specialist", {"ad_setup": 3, "campaign_analysis": 2, "tool_effectiveness": 3, "kpi_setting": 1,
                            "copywriting": 2, "audience_segmentation": 2}),
        ("head_of_smm", {"brand_strategy": 3, "kpi_setting": 3, "team_tasking": 2, "negotiation": 3,
                         "project_planning": 1}),
    ],
)  # fmt: skip
def test_the_steps_reach_the_next_grade_and_no_smaller_set_does(framework, roles, role_id, answers):
    role = roles[role_id]
    grades = grade_arrays(role, weights_for(framework, role))
    ids = framework.competency_ids
    levels = np.array([answers.get(c, np.nan) for c in ids], dtype=float)
    now = int(role_levels(levels[None, :], grades)[0])
    plan = next_grade_steps(levels, grades)
    assert plan.grade == now + 1 and plan.reachable
    assert role_levels((levels + plan.steps)[None, :], grades)[0] >= now + 1
    # Brute force: every combination of steps on the answered competencies, up to level 4.
    answered = [i for i, c in enumerate(ids) if c in answers]
    options = [range(0, 4 - int(levels[i]) + 1) for i in answered]
    combos = np.array(list(itertools.product(*options)))
    raised = np.repeat(levels[None, :], len(combos), axis=0)
    raised[:, answered] += combos
    reaching = role_levels(raised, grades) >= now + 1
    assert combos[reaching].sum(axis=1).min() == plan.steps.sum()


def test_forced_steps_come_first_and_are_marked(framework, roles):
    role = roles["smm_manager"]
    answers = {"brand_strategy": 1, "competitive_analysis": 2, "kpi_setting": 2, "ad_setup": 3,
               "copywriting": 2, "campaign_analysis": 2}  # fmt: skip
    outlook = salary_outlook(answers, role, framework, baseline_estimate, QUERY)
    first = outlook.steps.iloc[0]
    # Middle needs 3 in brand strategy; at 1 it is two levels short: raising it to 2 is forced.
    assert first["competency"] == "brand_strategy" and first["forced"] and first["level"] == 1
    assert outlook.steps["forced"].sum() == 1
    # Six of the role's 25 competencies answered: the level is provisional and says what to rate.
    assert outlook.provisional and outlook.level_to_rate > 0
    assert set(outlook.to_rate) == {c for c in framework.competency_ids if c not in answers}


def test_at_the_top_grade_it_says_so(framework, roles):
    role = roles["head_of_smm"]
    outlook = salary_outlook(dict(role.targets), role, framework, baseline_estimate, QUERY)
    assert (outlook.level_now, outlook.status, outlook.level_next) == ("lead", "top", None)
    assert outlook.steps.empty and outlook.after is None


def test_when_the_next_grade_needs_only_unanswered_competencies_it_asks_to_rate_them(framework, roles):
    role = roles["smm_analyst"]
    # Visual content is not needed by the analyst's junior grade (its target 1 shifts to 0); at 0
    # it misses middle and above, so the level is the floor, trainee, and the junior grade needs
    # only competencies that are not answered.
    assert role.grade_targets()["junior"]["visual_content"] == 0
    outlook = salary_outlook({"visual_content": 0}, role, framework, baseline_estimate, QUERY)
    assert (outlook.level_now, outlook.status, outlook.level_next) == ("trainee", "rate", "junior")
    assert outlook.steps.empty
    needed = [c for c, t in role.grade_targets()["junior"].items() if t > 0]
    assert outlook.to_rate == needed
    assert CAREER_LEVELS.index(outlook.level_next) == 1
