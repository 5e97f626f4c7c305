"""The team's skills matrix: coverage, the privacy floor, the latest assessment, progress."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from smm_eval.team import (
    PRIVACY_FLOOR,
    VIEWS,
    coverage,
    progress,
    skills_matrix,
    view_ratings,
    views_for,
    visible_ratings,
)


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


def test_views_for_a_team_size_follow_the_privacy_floor():
    assert views_for(PRIVACY_FLOOR - 1) == ("combined", "manager")
    assert views_for(PRIVACY_FLOOR) == VIEWS
    d = date(2026, 9, 1)
    ratings = ratings_of(
        [("ana", "self", "self", d, "copywriting", 4), ("ana", "lead", "manager", d, "copywriting", 2)]
    )
    assert set(visible_ratings(ratings, PRIVACY_FLOOR - 1)["kind"]) == {"manager"}
    assert len(visible_ratings(ratings, PRIVACY_FLOOR)) == 2
