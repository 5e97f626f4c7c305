"""Team services on a real database (SQLite and PostgreSQL): overview with the privacy floor, plan."""

from __future__ import annotations

from smm_eval import team
from smm_eval.services import teams
from smm_eval.vocabulary import PRIVACY_FLOOR

from ...conftest import ROOT

TEAM = ROOT / "data" / "samples" / "team.csv"


def small_team() -> bytes:
    """The sample team cut to two members: below the privacy floor."""
    lines = TEAM.read_text(encoding="utf-8").splitlines()
    return (
        "\n".join([lines[0], *(line for line in lines[1:] if line.split(",")[0] in {"Anna", "Boris"})]) + "\n"
    ).encode()


def test_team_overview_shows_self_ratings_from_the_privacy_floor_up(database, framework, roles):
    team_id, members, ratings, _ = teams.import_team(
        database, "Content", TEAM.read_bytes(), "team.csv", framework, roles
    )
    assert teams.list_teams(database) == {team_id: "Content"} and members == 4 and ratings == 250
    overview = teams.team_overview(teams.load_team(database, team_id), "self", framework)
    assert members >= PRIVACY_FLOOR and not overview.below_floor
    assert overview.view == "self" and set(overview.views) == {"combined", "manager", "self"}
    assert set(overview.visible["kind"]) == {"self", "manager"}


def test_team_overview_applies_the_privacy_floor_once(database, framework, roles):
    team_id, members, *_ = teams.import_team(database, "Pair", small_team(), "pair.csv", framework, roles)
    record = teams.load_team(database, team_id)
    assert members == 2 < PRIVACY_FLOOR
    overview = teams.team_overview(record, "self", framework)
    # Below the floor: no self view, and self-ratings reach neither the matrix nor the progress chart.
    assert overview.below_floor and overview.views == ("combined", "manager") and overview.view == "combined"
    assert set(overview.visible["kind"]) == {"manager"}
    managers = teams.team_overview(record, "manager", framework)
    assert overview.matrix.equals(managers.matrix)
    for competency, person in overview.holders.items():
        assert overview.matrix.at[person, competency] >= 3


def test_training_plan_report_gap_before_and_after(database, framework, roles):
    team_id, *_ = teams.import_team(database, "Content", TEAM.read_bytes(), "team.csv", framework, roles)
    record = teams.load_team(database, team_id)
    catalogue = team.load_catalogue()
    report = teams.training_plan(record.members, record.ratings, framework, roles, catalogue.frame(), 100_000, None)
    assert list(report.gaps["person"]) == list(record.members)
    assert (report.gaps["gap_after"] <= report.gaps["gap_before"]).all()
    total_closed = (report.gaps["gap_before"] - report.gaps["gap_after"]).sum()
    assert abs(total_closed - report.plan.gap_closed) < 0.01
    assert (report.raised["level_after"] > report.raised["level_before"].fillna(-1)).all()
    assert 0 <= report.share_closed <= 1 and report.hire_role in roles
    nothing = teams.training_plan(record.members, record.ratings, framework, roles, catalogue.frame(), 0, None)
    assert nothing.plan.assignments.empty and nothing.raised.empty and nothing.share_closed == 0
