"""pages/_cached.py keyed on data versions (issue 17, item 4), on SQLite and PostgreSQL: a rerun with
nothing changed reads no scorecard, and a read after each kind of change shows the change."""

from __future__ import annotations

import pytest
import streamlit as st

from pages import _cached
from smm_eval import storage
from smm_eval.access import Actor, Role
from smm_eval.schemas import CandidateInput, ScorecardInput
from smm_eval.services import assignments, candidates, lifecycle, people, recruiting, teams
from smm_eval.services.candidates import StageChange, import_candidates, read_import
from smm_eval.storage import open_database

from ..conftest import ROOT

SAMPLES = ROOT / "data" / "samples"
TEAM = SAMPLES / "team.csv"


@pytest.fixture
def db(database_url, framework, roles):
    """The sample vacancy "SMM lead": 4 candidates (candidates.csv), Ana Morales and Lucía
    Fernández rated by "lead" and "hr" (interview_ratings.csv), 25 competencies each."""
    st.cache_data.clear()
    database = open_database(database_url)
    files = read_import(
        ((SAMPLES / "interview_ratings.csv").read_bytes(), "interview_ratings.csv"),
        ((SAMPLES / "candidates.csv").read_bytes(), "candidates.csv"),
        framework,
    )
    import_candidates(database, "SMM lead", "smm_manager", files, framework, roles)
    yield database
    database.dispose()
    st.cache_data.clear()


def _ids(db) -> tuple[int, dict[str, int]]:
    with db.transaction() as session:
        ids = {c.name: c.id for c in session.query(storage.Candidate)}
    return recruiting.find_vacancy_id(db, "SMM lead"), ids


def test_a_rerun_with_nothing_changed_reads_no_scorecard(db, framework, monkeypatch):
    vacancy, _ = _ids(db)
    reads: list[int] = []
    real = _cached.load_vacancy
    monkeypatch.setattr(_cached, "load_vacancy", lambda *a, **k: reads.append(1) or real(*a, **k))
    first = _cached.vacancy_view(db, vacancy, framework)
    again = _cached.vacancy_view(db, vacancy, framework)
    assert reads == [1]  # read once; the rerun read the version only
    assert again.version == first.version and list(again.evaluation.ranking.index) == list(
        first.evaluation.ranking.index
    )


def _scorecard(db, framework, vacancy, ids):
    card = ScorecardInput(candidate_id=ids["Marco Rossi"], vacancy_id=vacancy, rater="Cy", levels={"copywriting": 4})
    candidates.save_scorecard(db, card, framework, None)


def _stage(db, framework, vacancy, ids):
    row = candidates.applications(db, vacancy).set_index("candidate_id").loc[ids["Marco Rossi"]]
    candidates.set_stages(db, [StageChange(int(row["application_id"]), int(row["application_version"]), "offer")])


def _add(db, framework, vacancy, ids):
    candidates.add_candidate(db, CandidateInput(name="Zoe Zhang"), vacancy)


def _erase(db, framework, vacancy, ids):
    with db.transaction() as session:
        code = session.get(storage.Candidate, ids["Marco Rossi"]).code
    lifecycle.erase_candidate(db, code)


# Each change, and what a read after it must show.
CHANGES = {
    # interview_ratings.csv: Marco Rossi has 2 scorecards (lead, hr); Cy's is the third.
    "scorecard": (_scorecard, lambda apps, marco: int(apps.loc[marco, "scorecards"]) == 3),
    "stage": (_stage, lambda apps, marco: apps.loc[marco, "stage"] == "offer"),
    "candidate": (_add, lambda apps, marco: "Zoe Zhang" in set(apps["name"])),
    "erasure": (_erase, lambda apps, marco: marco not in apps.index),
}


@pytest.mark.parametrize("kind", list(CHANGES))
def test_a_read_after_each_kind_of_change_shows_it(db, framework, kind):
    vacancy, ids = _ids(db)
    change, shows = CHANGES[kind]
    before = _cached.vacancy_view(db, vacancy, framework)
    _, apps_before = _cached.vacancy_applications(db, vacancy)
    marco = ids["Marco Rossi"]
    assert not shows(before.inputs.applications.set_index("candidate_id"), marco)
    assert not shows(apps_before.set_index("candidate_id"), marco)  # both now cached at the old version
    change(db, framework, vacancy, ids)
    after = _cached.vacancy_view(db, vacancy, framework)
    _, apps_after = _cached.vacancy_applications(db, vacancy)
    assert after.version > before.version
    assert shows(after.inputs.applications.set_index("candidate_id"), marco)
    assert shows(apps_after.set_index("candidate_id"), marco)
    # The ranking follows too: 4 candidates, one more or one less.
    expected = {"scorecard": 4, "stage": 4, "candidate": 5, "erasure": 3}[kind]
    assert len(after.evaluation.ranking) == expected


def test_vacancy_settings_show_after_a_change(db, framework, roles):
    vacancy, _ = _ids(db)
    before = _cached.vacancy_view(db, vacancy, framework)
    record = recruiting.get_vacancy(db, vacancy)
    recruiting.update_vacancy(db, record, record.version, framework, roles, status="closed")
    assert before.inputs.spec.status == "open"
    assert _cached.vacancy_view(db, vacancy, framework).inputs.spec.status == "closed"


def test_an_interviewer_and_a_recruiter_never_share_a_cached_read(db, framework):
    vacancy, ids = _ids(db)
    ivan = people.add_user(db, "ivan@example.org", "Ivan", Role.INTERVIEWER)
    assignments.assign_interviewers(db, vacancy, ids["Ana Morales"], [ivan.id])
    interviewer = db.acting_as(Actor(ivan.id, "Ivan", Role.INTERVIEWER))
    # The admin reads first: the interviewer must not get the admin's 4 candidates from the cache.
    _, everyone = _cached.vacancy_applications(db, vacancy)
    _, assigned = _cached.vacancy_applications(interviewer, vacancy)
    assert len(everyone) == 4 and list(assigned["name"]) == ["Ana Morales"]
    # Unassigned: the assignment moves the version, so the interviewer's next read is refused
    # (the vacancy is outside their scope now) instead of served from the cache.
    assignments.assign_interviewers(db, vacancy, ids["Ana Morales"], [])
    with pytest.raises(storage.NotFoundError):
        _cached.vacancy_applications(interviewer, vacancy)


def test_blind_exports_are_kept_apart_from_named_ones(db, framework):
    vacancy, _ = _ids(db)
    view = _cached.vacancy_view(db, vacancy, framework)
    named = _cached.export_files(db, vacancy, view, blind=False)[0].decode("utf-8-sig")
    blind = _cached.export_files(db, vacancy, view, blind=True)[0].decode("utf-8-sig")
    assert "Ana Morales" in named and "Ana Morales" not in blind


def test_a_team_read_after_an_import_shows_it(db, framework, roles):
    team_id, *_ = teams.import_team(db, "Content", TEAM.read_bytes(), "team.csv", framework, roles)
    version, record = _cached.team_record(db, team_id)
    kept_version, kept = _cached.team_record(db, team_id)
    assert kept_version == version and kept.members == record.members and kept.ratings.equals(record.ratings)
    later = TEAM.read_bytes().replace(b"2026-09-01", b"2026-11-01").replace(b"2026-03-01", b"2026-10-01")
    teams.import_team(db, "Content", later, "team.csv", framework, roles)
    moved, again = _cached.team_record(db, team_id)
    # team.csv holds 10 rows (people x raters) of 25 competencies: 10 x 25 = 250 ratings; imported twice, 500.
    assert moved > version and len(record.ratings) == 250 and len(again.ratings) == 500
