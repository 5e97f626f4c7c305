"""Candidates and applications: codes in order, attaching once, and stage moves that are
optimistically locked. The same tests on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import pytest

from smm_eval import storage
from smm_eval.errors import InputError
from smm_eval.recruiting import vacancy_from_role
from smm_eval.schemas import CandidateInput


def test_codes_follow_and_attach_is_idempotent(database, framework, roles):
    with database.transaction() as session:
        vacancy = storage.create_vacancy(session, vacancy_from_role("Editor", roles["smm_editor"]), framework, roles)
        first = storage.add_candidate(session, CandidateInput(name="Ana"), vacancy.id)
        second = storage.add_candidate(session, CandidateInput(name="Boris"))
        again = storage.attach(session, first.id, vacancy.id)
        assert (first.code, second.code) == ("C0001", "C0002")
        assert list(storage.applications_frame(session, vacancy.id)["application_id"]) == [again.id]
    with pytest.raises(InputError, match="exists already"), database.transaction() as session:
        storage.add_candidate(session, CandidateInput(name="Ana"))


def test_stage_moves_are_checked_and_locked(database, framework, roles):
    with database.transaction() as session:
        vacancy = storage.create_vacancy(session, vacancy_from_role("Editor", roles["smm_editor"]), framework, roles)
        storage.add_candidate(session, CandidateInput(name="Ana"), vacancy.id)
        (application_id,) = storage.applications_frame(session, vacancy.id)["application_id"].tolist()
    with pytest.raises(InputError, match="unknown stage"), database.transaction() as session:
        storage.set_stage(session, application_id, 1, "promoted")
    with database.transaction() as session:
        storage.set_stage(session, application_id, 1, "screening")
    with pytest.raises(storage.ConflictError), database.transaction() as session:
        storage.set_stage(session, application_id, 1, "offer")
    with pytest.raises(storage.NotFoundError), database.transaction() as session:
        storage.set_stage(session, application_id + 100, 2, "offer")
    with database.transaction() as session:
        apps = storage.applications_frame(session, vacancy.id)
        assert (apps.at[0, "stage"], apps.at[0, "application_version"]) == ("screening", 2)


def test_self_assessment_label_limit_and_latest(database):
    with pytest.raises(InputError, match="1 to 200 characters"), database.transaction() as session:
        storage.save_self_assessment(session, " ", None, {"copywriting": 2})
    with database.transaction() as session:
        candidate = storage.add_candidate(session, CandidateInput(name="Ana"))
        storage.save_self_assessment(session, "Ana", None, {"copywriting": 2}, candidate_id=candidate.id)
        newer = storage.save_self_assessment(session, "Ana", None, {"copywriting": 3}, candidate_id=candidate.id)
        assert storage.latest_self_assessments(session, [candidate.id])[candidate.id].id == newer.id
        assert storage.latest_self_assessments(session, []) == {}


def test_a_name_written_differently_is_the_existing_candidate(database):
    """By hand, as in the imports, names are compared by `name_key`: "  ana   MORALES " (spaces
    around and doubled, upper case) is the stored "Ana Morales"; the problem names the stored one."""
    with database.transaction() as session:
        storage.add_candidate(session, CandidateInput(name="Ana Morales"))
    with pytest.raises(InputError) as refused, database.transaction() as session:
        storage.add_candidate(session, CandidateInput(name="  ana\u00a0  MORALES "))
    (problem,) = refused.value.problems
    assert (problem.code, problem.params) == ("candidate.name_taken", {"name": "Ana Morales"})
    with database.transaction() as session:
        assert storage.add_candidate(session, CandidateInput(name="Ana Moral")).code == "C0002"  # another key
