"""Data versions (issue 17, item 4; storage.versions) on SQLite and PostgreSQL: every kind of change
to what the vacancy and team pages read moves the version of the vacancies or teams it concerns,
in the change's transaction, and only theirs; a refused change moves nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from smm_eval import storage
from smm_eval.access import Actor, Role
from smm_eval.schemas import CandidateInput, ScorecardInput
from smm_eval.services import assignments, candidates, invitations, lifecycle, people, recruiting, teams
from smm_eval.services.candidates import StageChange, import_candidates, read_import
from smm_eval.storage import open_database
from smm_eval.storage.lifecycle import anonymise_candidate

from ...conftest import ROOT
from .test_candidate_file import SAMPLES, seeded

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
BASE = "http://app.example.org/"
TEAM = ROOT / "data" / "samples" / "team.csv"


@pytest.fixture(autouse=True)
def secret_key(monkeypatch):
    monkeypatch.setenv("SMM_EVAL_SECRET_KEY", "k" * 40)


def versions(database) -> dict[int, int]:
    """Every vacancy's data version, by id."""
    with database.transaction() as session:
        return {v.id: v.data_version for v in storage.list_vacancies(session)}


def team_versions(database) -> dict[int, int]:
    with database.transaction() as session:
        return {t.id: t.data_version for t in storage.list_teams(session)}


def moved(before: dict[int, int], after: dict[int, int]) -> set[int]:
    """The ids whose version went up (a version never goes down)."""
    assert all(after[i] >= before[i] for i in before)
    return {i for i in before if after[i] > before[i]}


@pytest.fixture
def two(database, framework, roles):
    """The sample vacancy "SMM lead" (Ana Morales rated by lead and hr), "Other" that Ana also
    applied to, and "Apart" that nobody changes below."""
    lead, ids = seeded(database, framework, roles)
    other = recruiting.create_vacancy(database, "Other", roles["smm_editor"], framework, roles).id
    apart = recruiting.create_vacancy(database, "Apart", roles["smm_editor"], framework, roles).id
    with database.transaction() as session:
        storage.attach(session, ids["Ana Morales"], other)
    return lead, other, apart, ids


def _app(database, vacancy_id, candidate_id):
    return candidates.applications(database, vacancy_id).set_index("candidate_id").loc[candidate_id]


def test_a_new_vacancy_starts_from_the_clock_and_a_settings_change_moves_only_it(database, framework, roles, two):
    _lead, other, apart, _ = two
    before = versions(database)
    # Created from the clock (microseconds since 1970): past 2026-01-01 = 1_767_225_600 s.
    assert before[apart] > 1_767_225_600 * 10**6
    record = recruiting.get_vacancy(database, other)
    recruiting.update_vacancy(database, record, record.version, framework, roles, status="on_hold")
    assert moved(before, versions(database)) == {other}


def test_candidates_scorecards_stages_and_imports_move_their_vacancy(database, framework, roles, two):
    lead, other, apart, ids = two
    before = versions(database)
    candidates.add_candidate(database, CandidateInput(name="Bo Brandt"), other)
    assert moved(before, after := versions(database)) == {other}

    card = ScorecardInput(candidate_id=ids["Ana Morales"], vacancy_id=lead, rater="Cy", levels={"copywriting": 3})
    candidates.save_scorecard(database, card, framework, None)
    assert moved(after, after2 := versions(database)) == {lead}

    row = _app(database, other, ids["Ana Morales"])
    candidates.set_stages(
        database, [StageChange(int(row["application_id"]), int(row["application_version"]), "screening")]
    )
    assert moved(after2, after3 := versions(database)) == {other}

    files = read_import(((SAMPLES / "interview_ratings.csv").read_bytes(), "interview_ratings.csv"), None, framework)
    import_candidates(database, "Apart", None, files, framework, roles)
    assert moved(after3, versions(database)) == {apart}


def test_a_refused_change_moves_nothing(database, framework, roles, two):
    _lead, other, _apart, ids = two
    row = _app(database, other, ids["Ana Morales"])
    before = versions(database)
    stale = StageChange(int(row["application_id"]), int(row["application_version"]) - 1, "screening")
    with pytest.raises(storage.ConflictError):
        candidates.set_stages(database, [stale])
    assert versions(database) == before


def test_erasure_and_anonymisation_move_every_vacancy_of_the_candidate(database, framework, roles, two):
    lead, other, _apart, ids = two
    before = versions(database)
    with database.transaction() as session:
        code = session.get(storage.Candidate, ids["Ana Morales"]).code
    lifecycle.erase_candidate(database, code)
    assert moved(before, after := versions(database)) == {lead, other}

    with database.transaction() as session:
        anonymise_candidate(session, session.get(storage.Candidate, ids["Marco Rossi"]))
    assert moved(after, versions(database)) == {lead}


def test_assignments_move_the_vacancy_and_team_leads_the_team(database, framework, roles, two):
    lead, _other, _apart, ids = two
    ivan = people.add_user(database, "ivan@example.org", "Ivan", Role.INTERVIEWER)
    lena = people.add_user(database, "lena@example.org", "Lena", Role.TEAM_LEAD)
    team_id, *_ = teams.import_team(database, "Content", TEAM.read_bytes(), "team.csv", framework, roles)
    before, teams_before = versions(database), team_versions(database)
    assignments.assign_interviewers(database, lead, ids["Ana Morales"], [ivan.id])
    assert moved(before, versions(database)) == {lead}
    people.set_team_leads(database, team_id, [lena.id])
    assert moved(teams_before, team_versions(database)) == {team_id}


def test_team_imports_and_answers_through_links_move_their_team_or_vacancies(database, framework, roles, two):
    lead, other, _apart, ids = two
    first, *_ = teams.import_team(database, "Content", TEAM.read_bytes(), "team.csv", framework, roles)
    second, *_ = teams.import_team(database, "Ads", TEAM.read_bytes(), "team.csv", framework, roles)
    before = team_versions(database)
    later = TEAM.read_bytes().replace(b"2026-09-01", b"2026-11-01").replace(b"2026-03-01", b"2026-10-01")  # rated again
    teams.import_team(database, "Content", later, "team.csv", framework, roles, before_version(database))
    assert moved(before, after := team_versions(database)) == {first}

    members = invitations.members_to_invite(database, second)
    anna = next(i for i, name in members.items() if name == "Anna")
    link = invitations.create_member_invitation(database, second, anna, BASE, at=T0).link
    consent = invitations.Consent(True, "en", T0)
    invitations.submit_invitation(database, link.split("=", 1)[1], consent, {"copywriting": 2}, framework, at=T0)
    assert moved(after, team_versions(database)) == {second}

    vacancies_before = versions(database)
    link = invitations.create_candidate_invitation(database, ids["Ana Morales"], lead, BASE, at=T0).link
    invitations.submit_invitation(
        database, link.split("=", 1)[1], consent, {"copywriting": 2}, framework, at=T0 + timedelta(minutes=1)
    )
    # Ana's self-assessment is shown on both vacancies she applied to.
    assert moved(vacancies_before, versions(database)) == {lead, other}


def before_version(database) -> int:
    with database.transaction() as session:
        return next(t.version for t in storage.list_teams(session) if t.name == "Content")


def test_a_restore_moves_every_version_past_the_backups(database, framework, roles, two, tmp_path):
    text = candidates.backup_json(database)
    assert '"data_version"' not in text  # not data: left out of the backup (and its checksum)
    target = open_database(f"sqlite:///{tmp_path / 'restored.sqlite'}")
    try:
        started = datetime.now(UTC).timestamp() * 10**6
        candidates.restore(target, text.encode(), "backup.json")
        assert all(v >= started for v in versions(target).values()) and len(versions(target)) == 3
    finally:
        target.dispose()


def test_the_service_reads_the_version_and_refuses_a_vacancy_gone(database, framework, roles, two):
    lead, *_ = two
    assert recruiting.vacancy_data_version(database, lead) == versions(database)[lead]
    with pytest.raises(storage.NotFoundError):
        recruiting.vacancy_data_version(database, 10_000)
    with pytest.raises(storage.NotFoundError):
        teams.team_data_version(database, 10_000)
    nobody = database.acting_as(Actor(None, "Nemo", None))
    from smm_eval.access import AccessDeniedError

    with pytest.raises(AccessDeniedError):
        recruiting.vacancy_data_version(nobody, lead)
