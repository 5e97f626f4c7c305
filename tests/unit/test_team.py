"""Teams: matrix, coverage, privacy floor, and the optimal training plan."""

from __future__ import annotations

import itertools
from datetime import date

import numpy as np
import pandas as pd
import pytest

from smm_eval.files.team_file import read_team
from smm_eval.team import (
    coverage,
    gaps_frame,
    load_catalogue,
    member_weights_targets,
    next_hire,
    parse_gain,
    plan_training,
    progress,
    skills_matrix,
    view_ratings,
)

from ..conftest import ROOT


def ratings_of(rows):
    return pd.DataFrame(rows, columns=["person", "rater", "kind", "date", "competency", "level"])


def test_matrix_coverage_single_points_of_failure_and_gaps_nobody_covers(framework):
    d = date(2026, 9, 1)
    rows = [
        ("ana", "lead", "manager", d, "copywriting", 4),
        ("bob", "lead", "manager", d, "copywriting", 3),
        ("ana", "lead", "manager", d, "seo_basics", 3),
        ("bob", "lead", "manager", d, "seo_basics", 1),
        ("cy", "lead", "manager", d, "seo_basics", 2),
        ("cy", "lead", "manager", d, "ad_setup", 2),
    ]
    matrix = skills_matrix(ratings_of(rows), ["ana", "bob", "cy"], framework)
    assert matrix.at["ana", "copywriting"] == 4 and np.isnan(matrix.at["cy", "copywriting"])
    cov = coverage(matrix, framework).set_index("competency")
    assert cov.at["copywriting", "status"] == "covered" and cov.at["copywriting", "people"] == 2
    assert cov.at["seo_basics", "status"] == "single"
    assert cov.at["ad_setup", "status"] == "nobody" and cov.at["ad_setup", "rated"] == 1
    assert (cov["status"] == "nobody").sum() == 23


def test_privacy_floor_keeps_self_ratings_out_of_small_teams(framework):
    d = date(2026, 9, 1)
    rows = [
        ("ana", "self", "self", d, "copywriting", 4),
        ("ana", "lead", "manager", d, "copywriting", 2),
        ("bob", "self", "self", d, "copywriting", 4),
    ]
    ratings = ratings_of(rows)
    for view in ("combined", "self", "manager"):
        shown = view_ratings(ratings, view, team_size=2)
        assert set(shown["kind"]) == {"manager"}
    assert set(view_ratings(ratings, "self", team_size=3)["kind"]) == {"self"}
    combined = skills_matrix(view_ratings(ratings, "combined", team_size=3), ["ana", "bob"], framework)
    assert combined.at["ana", "copywriting"] == 3.0  # self and manager averaged, and said so in the view's name


def test_latest_assessment_is_the_current_one_and_progress_keeps_history(framework, roles):
    rows = [
        ("ana", "lead", "manager", date(2026, 1, 1), "copywriting", 1),
        ("ana", "lead", "manager", date(2026, 6, 1), "copywriting", 3),
    ]
    ratings = ratings_of(rows)
    assert skills_matrix(view_ratings(ratings, "manager", 5), ["ana"], framework).at["ana", "copywriting"] == 3
    trend = progress(ratings, {"ana": "smm_editor"}, framework, roles)
    creative = trend.loc[trend["block"] == "creative"].sort_values("date")
    assert creative["score"].tolist() == [25.0, 75.0]


def brute_force(matrix, weights, targets, catalogue, budget, hours=None):
    """Best weighted gap closed over every subset of (person, training) pairs."""
    gap = gaps_frame(matrix, targets).to_numpy()
    w = weights.to_numpy()
    comps = list(matrix.columns)
    gain = np.array([[g.get(c, 0) for c in comps] for g in catalogue["gain"]], dtype=float)
    pairs = list(itertools.product(range(len(matrix)), range(len(catalogue))))
    best = 0.0
    for mask in range(1 << len(pairs)):
        chosen = [pairs[i] for i in range(len(pairs)) if mask >> i & 1]
        if sum(catalogue["cost"].iloc[t] for _, t in chosen) > budget + 1e-9:
            continue
        if hours is not None and any(
            sum(catalogue["hours"].iloc[t] for q, t in chosen if q == p) > hours + 1e-9 for p in range(len(matrix))
        ):
            continue
        added = np.zeros_like(gap)
        for p, t in chosen:
            added[p] += gain[t]
        best = max(best, float((w * np.minimum(added, gap)).sum()))
    return best


@pytest.mark.parametrize("seed", range(12))
def test_plan_is_optimal_against_brute_force(framework, roles, seed):
    rng = np.random.default_rng(seed)
    comps = list(rng.choice(framework.competency_ids, size=4, replace=False))
    people = ["p0", "p1"]
    members = {p: rng.choice(list(roles)) for p in people}
    weights, targets = member_weights_targets(members, framework, roles)
    weights, targets = weights[comps], targets[comps]
    matrix = pd.DataFrame(rng.integers(0, 4, (2, 4)).astype(float), index=people, columns=comps)
    catalogue = pd.DataFrame(
        [
            {
                "id": f"t{i}",
                "name": f"T{i}",
                "cost": float(rng.integers(1, 6) * 1000),
                "hours": float(rng.integers(5, 30)),
                "gain": {c: int(rng.integers(1, 3)) for c in rng.choice(comps, size=rng.integers(1, 3), replace=False)},
            }
            for i in range(4)
        ]
    )
    budget = float(rng.integers(2, 12) * 1000)
    hours = None if seed % 2 else float(rng.integers(10, 50))
    plan = plan_training(matrix, weights, targets, catalogue, budget, hours)
    assert plan.gap_closed == pytest.approx(brute_force(matrix, weights, targets, catalogue, budget, hours), abs=1e-7)
    assert plan.total_cost <= budget + 1e-9
    if hours is not None:
        assert (plan.assignments.groupby("person")["hours"].sum() <= hours + 1e-9).all()


@pytest.fixture(scope="module")
def sample_team(framework, roles):
    data = read_team((ROOT / "data" / "samples" / "team.csv").read_bytes(), "team.csv", framework, roles)
    matrix = skills_matrix(view_ratings(data.ratings, "combined", len(data.roles)), list(data.roles), framework)
    weights, targets = member_weights_targets(data.roles, framework, roles)
    return matrix, weights, targets


def test_zero_budget_gives_an_empty_plan(sample_team):
    plan = plan_training(*sample_team, load_catalogue().frame(), 0)
    assert plan.assignments.empty and plan.total_cost == 0 and plan.gap_closed == 0
    assert plan.gap_total > 0


def test_a_larger_budget_never_closes_less_gap(sample_team):
    catalogue = load_catalogue().frame()
    closed = [
        plan_training(*sample_team, catalogue, b).gap_closed for b in (0, 10_000, 30_000, 60_000, 120_000, 400_000)
    ]
    assert closed == sorted(closed) and closed[-1] > closed[1] > 0


def test_gains_never_count_past_the_target(sample_team):
    matrix, weights, targets = sample_team
    plan = plan_training(matrix, weights, targets, load_catalogue().frame(), 10_000_000)
    assert (
        ((plan.after - targets).clip(lower=0).fillna(0) <= (matrix - targets).clip(lower=0).fillna(0) + 1e-9)
        .all()
        .all()
    )
    assert plan.gap_closed == pytest.approx(plan.gap_total)  # everything reachable with an unlimited budget


def test_next_hire_covers_the_largest_remaining_gaps(framework, roles, sample_team):
    matrix, weights, targets = sample_team
    role, competencies = next_hire(gaps_frame(matrix, targets), weights, roles)
    assert role in roles and competencies
    assert all(roles[role].targets[c] >= 3 for c in competencies)


def test_catalogue_is_valid_and_every_item_costs_something(framework):
    catalogue = load_catalogue()
    assert catalogue.problems(framework) == []
    assert all(item.cost > 0 for item in catalogue.items)
    names = " ".join(i.name for i in catalogue.items)
    for named in ("Netology", "IKRA", "Involve", "Khalilov", "Kerpen", "Mentoring", "Work-sample", "conference"):
        assert named in names
    assert parse_gain("copywriting+1, seo_basics+2") == {"copywriting": 1, "seo_basics": 2}
    with pytest.raises(ValueError, match="competency\\+levels"):
        parse_gain("copywriting")
