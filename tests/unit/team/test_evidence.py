"""The plan's evidence rule: manager ratings first, a self-rating only where no manager rated, the privacy floor."""

from __future__ import annotations

import pandas as pd
import pytest

from smm_eval import team
from smm_eval.services.teams import training_plan

# Three smm_manager members (at the privacy floor): target 3 on brand_strategy and ad_setup.
MEMBERS = {"Ana": "smm_manager", "Bo": "smm_manager", "Cy": "smm_manager"}
WORK_SAMPLE = {"id": "ws", "name": "Work sample", "kind": "work_sample", "cost": 1000.0, "hours": 10.0}


def ratings(rows: list[tuple[str, str, str, int]], date: str = "2026-09-01") -> pd.DataFrame:
    """person, rater, competency, level -> the team ratings frame (kind from the rater)."""
    frame = pd.DataFrame(rows, columns=["person", "rater", "competency", "level"])
    return frame.assign(kind=frame["rater"].map(lambda r: "self" if r == "self" else "manager"), date=date)


def test_averaging_self_and_manager_hid_a_gap_the_plan_now_closes(framework, roles):
    # Ana rates her brand strategy 4, her lead 2: the combined view says 3 = target, no gap.
    team_ratings = ratings([("Ana", "self", "brand_strategy", 4), ("Ana", "lead", "brand_strategy", 2)])
    combined = team.skills_matrix(team.view_ratings(team_ratings, "combined", 3), list(MEMBERS), framework)
    assert combined.at["Ana", "brand_strategy"] == 3.0
    evidence = team.plan_evidence(team_ratings, list(MEMBERS), framework)
    assert evidence.levels.at["Ana", "brand_strategy"] == 2.0 and evidence.self_only_count == 0
    catalogue = pd.DataFrame([{**WORK_SAMPLE, "gain": {"brand_strategy": 1}}])
    report = training_plan(MEMBERS, team_ratings, framework, roles, catalogue, 5000, None)
    weight = team.member_weights_targets(MEMBERS, framework, roles)[0].at["Ana", "brand_strategy"]
    assert report.plan.gap_total == pytest.approx(weight * 1)  # the one-level gap the average hid
    assert report.plan.gap_closed == pytest.approx(report.plan.gap_total)
    assert list(report.plan.assignments["training"]) == ["ws"]
    assert report.raised.to_dict("records") == [
        {"person": "Ana", "competency": "brand_strategy", "level_before": 2.0, "level_after": 3.0, "self_only": False}
    ]


def test_a_self_rating_fills_a_cell_no_manager_rated_and_is_flagged(framework, roles):
    team_ratings = ratings(
        [("Ana", "lead", "brand_strategy", 2), ("Ana", "self", "ad_setup", 1), ("Bo", "self", "ad_setup", 3)]
    )
    evidence = team.plan_evidence(team_ratings, list(MEMBERS), framework)
    assert evidence.self_used and evidence.self_only_cells() == [("Ana", "ad_setup"), ("Bo", "ad_setup")]
    assert evidence.levels.at["Ana", "ad_setup"] == 1.0
    catalogue = pd.DataFrame([{**WORK_SAMPLE, "gain": {"ad_setup": 2}}])
    report = training_plan(MEMBERS, team_ratings, framework, roles, catalogue, 5000, None)
    assert list(report.gaps["self_only"]) == [1, 1, 0]
    raised = report.raised.set_index(["person", "competency"])
    assert raised.loc[("Ana", "ad_setup"), "self_only"] and raised.loc[("Ana", "ad_setup"), "level_after"] == 3.0


def test_the_latest_manager_assessment_counts(framework):
    team_ratings = pd.concat(
        [
            ratings([("Ana", "lead", "ad_setup", 1)], "2026-01-01"),
            ratings([("Ana", "lead", "ad_setup", 2), ("Ana", "self", "ad_setup", 4)], "2026-09-01"),
        ]
    )
    assert team.plan_evidence(team_ratings, list(MEMBERS), framework).levels.at["Ana", "ad_setup"] == 2.0


def test_below_the_privacy_floor_self_ratings_never_enter_the_plan(framework, roles):
    pair = {"Ana": "smm_manager", "Bo": "smm_manager"}
    team_ratings = ratings([("Ana", "lead", "brand_strategy", 2), ("Ana", "self", "ad_setup", 1)])
    evidence = team.plan_evidence(team_ratings, list(pair), framework)
    assert not evidence.self_used and evidence.self_only_count == 0
    assert pd.isna(evidence.levels.at["Ana", "ad_setup"])  # unrated by a manager: no known gap
    catalogue = pd.DataFrame([{**WORK_SAMPLE, "gain": {"ad_setup": 2}}])
    report = training_plan(pair, team_ratings, framework, roles, catalogue, 5000, None)
    assert report.plan.assignments.empty and report.raised.empty
