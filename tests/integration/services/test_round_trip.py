"""Exports that round-trip: the candidates, scorecards and team exports re-import into a fresh
workspace and export again byte for byte (SQLite and PostgreSQL)."""

from __future__ import annotations

from smm_eval.files.csv_out import csv_bytes
from smm_eval.schemas import ScorecardInput
from smm_eval.services import candidates, recruiting, teams
from smm_eval.storage import open_database

from ...conftest import ROOT

SAMPLES = ROOT / "data" / "samples"


def exported(db, framework) -> tuple[bytes, bytes]:
    vacancy_id = recruiting.find_vacancy_id(db, "Round trip")
    inputs = recruiting.load_vacancy(db, vacancy_id)
    evaluation = recruiting.evaluate_inputs(inputs, framework)
    files = candidates.candidate_exports(db, vacancy_id, inputs.applications, evaluation, blind=False)
    return csv_bytes(files.candidates), csv_bytes(files.scorecards)


def import_exports(db, framework, roles, people: bytes, cards: bytes):
    files = candidates.read_import((cards, "scorecards.csv"), (people, "candidates.csv"), framework)
    return candidates.import_candidates(db, "Round trip", "smm_manager", files, framework, roles)


def test_candidates_and_scorecards_exports_round_trip(database, framework, roles, tmp_path):
    files = candidates.read_import(
        ((SAMPLES / "interview_ratings.csv").read_bytes(), "ratings.csv"),
        ((SAMPLES / "candidates.csv").read_bytes(), "candidates.csv"),
        framework,
    )
    candidates.import_candidates(database, "Round trip", "smm_manager", files, framework, roles)
    vacancy_id = recruiting.find_vacancy_id(database, "Round trip")
    apps = candidates.applications(database, vacancy_id)
    # A name starting with "-" (guarded as "'-" in the export), evidence, lists and a stage.
    first = int(apps["candidate_id"].iloc[0])
    card = ScorecardInput(
        candidate_id=first, vacancy_id=vacancy_id, rater="Olga", levels={"copywriting": 3},
        evidence={"copywriting": "=wrote the brief, 3 posts"}, qualities=[framework.personal_qualities[0].id],
        red_flags=[framework.red_flags[0].id], recommendation="yes", notes="-strong, calm",
    )  # fmt: skip
    candidates.save_scorecard(database, card, framework, None)
    row = apps.iloc[0]
    candidates.set_stages(
        database, [candidates.StageChange(int(row.application_id), int(row.application_version), "interview")]
    )
    people, cards = exported(database, framework)

    fresh = open_database(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    try:
        summary = import_exports(fresh, framework, roles, people, cards)
        # 8 scorecards from the sample + Olga's; the sample's self-rating comes back as self-assessments
        assert (summary.candidates_created, summary.scorecards, summary.self_assessments) == (4, 9, 1)
        again = exported(fresh, framework)
    finally:
        fresh.dispose()
    assert again == (people, cards)
    # Before: the self-assessments were not exported, so the round trip lost them (25 rows each).
    assert cards.count(b",self,") == 25  # Ana Morales rated all 25 competencies herself
    assert b"interview" in people and b"'=wrote the brief" in cards  # the guard is in the file, not the data


def test_a_name_starting_with_a_minus_stays_one_candidate(database, framework, roles, tmp_path):
    ratings = b"person,rater,copywriting\n-Ana,lead,3\n+Bob,lead,2\n"
    people = (
        b"name,contact,expected_salary,expected_currency,expected_gross_net,notes\n"
        b'-Ana,+7 900 000 00 00,3 000,usd,NET,"calm, precise"\n+Bob,,,,,\n'
    )
    files = candidates.read_import((ratings, "r.csv"), (people, "c.csv"), framework)
    candidates.import_candidates(database, "Round trip", "smm_manager", files, framework, roles)
    exported_people, cards = exported(database, framework)
    assert b"'-Ana" in exported_people and b"'+7 900 000 00 00" in exported_people
    fresh = open_database(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    try:
        import_exports(fresh, framework, roles, exported_people, cards)
        apps = candidates.applications(fresh, recruiting.find_vacancy_id(fresh, "Round trip"))
        again = exported(fresh, framework)
    finally:
        fresh.dispose()
    assert again == (exported_people, cards)
    ana = apps.set_index("name").loc["-Ana"]  # the currency and basis as read: upper-cased, lower-cased
    assert (ana.expected_salary, ana.expected_currency, ana.expected_gross_net, ana.notes) == (
        3000, "USD", "net", "calm, precise")  # fmt: skip
    # Before: "'-Ana" was stored as a second candidate and "'+7 900 ..." as the contact.
    assert sorted(zip(apps["name"], apps["contact"], strict=True)) == [("+Bob", ""), ("-Ana", "+7 900 000 00 00")]


def test_team_export_round_trips(database, framework, roles, tmp_path):
    data = (SAMPLES / "team.csv").read_bytes()
    team_id, *_ = teams.import_team(database, "Team", data, "team.csv", framework, roles)
    first = csv_bytes(teams.team_export(teams.load_team(database, team_id), framework))
    fresh = open_database(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    try:
        again_id, *_ = teams.import_team(fresh, "Team", first, "team-export.csv", framework, roles)
        again = csv_bytes(teams.team_export(teams.load_team(fresh, again_id), framework))
    finally:
        fresh.dispose()
    assert again == first
    assert first.startswith(b"\xef\xbb\xbfperson,rater,role,date,")
