"""Bulk import of a ratings file: what it creates, self-ratings kept apart, all or nothing.
The same tests on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from smm_eval import storage
from smm_eval.errors import InputError
from smm_eval.files.ratings import read_wide_ratings

from ._samples import import_sample


def test_import_creates_vacancy_candidates_scorecards_and_keeps_self_apart(database, framework, roles):
    summary = import_sample(database, framework, roles)
    assert (summary.candidates_created, summary.scorecards, summary.self_assessments) == (4, 8, 1)
    with database.transaction() as session:
        vacancy = storage.find_vacancy(session, "SMM manager")
        apps = storage.applications_frame(session, vacancy.id)
        assert list(apps["name"]) == ["Ana Morales", "Lucía Fernández", "Борис Петров", "Marco Rossi"]
        assert list(apps["code"]) == ["C0001", "C0002", "C0003", "C0004"]
        assert apps.set_index("name").at["Ana Morales", "expected_salary"] == 65000
        ratings = storage.ratings_for_vacancy(session, vacancy.id)
        assert set(ratings["rater"]) == {"lead", "hr"}  # the self rows are not scorecards
        selfs = storage.latest_self_assessments(session, apps["candidate_id"])
        assert list(selfs) == [apps.set_index("name").at["Ana Morales", "candidate_id"]]


def test_import_is_all_or_nothing(database, framework, roles):
    import_sample(database, framework, roles)
    with database.transaction() as session:
        before = storage.checksum(session)
    extra = b"person,rater,copywriting\nNew Person,lead,3\nAna Morales,lead,2\n"
    table = read_wide_ratings(extra, "more.csv", framework.competency_ids)
    clash = "'Ana Morales' already has a scorecard by rater 'lead'"
    with pytest.raises(InputError, match=clash), database.transaction() as session:
        storage.import_ratings(session, table, "SMM manager", None, framework, roles)
    with database.transaction() as session:
        assert storage.checksum(session) == before
        assert storage.find_vacancy(session, "SMM manager") is not None
        names = session.scalars(sa.select(storage.Candidate.name)).all()
        assert "New Person" not in names


def test_people_are_matched_against_the_workspace_by_name_key(database, framework, roles):
    import_sample(database, framework, roles)
    # The same people written otherwise: case, a non-breaking space, an NFKC-equivalent form.
    later = "person,rater,copywriting\nana\u00a0MORALES,olga,3\nＭarco Rossi,olga,2\nana morales,lead,1\n".encode()
    table = read_wide_ratings(later, "later.csv", framework.competency_ids)
    clash = "'Ana Morales' already has a scorecard by rater 'lead'"  # lead rated her in the sample already
    with pytest.raises(InputError, match=clash), database.transaction() as session:
        storage.import_ratings(session, table, "SMM manager", None, framework, roles)
    table = read_wide_ratings(later.rsplit(b"ana morales", 1)[0], "later.csv", framework.competency_ids)
    with database.transaction() as session:
        summary = storage.import_ratings(session, table, "SMM manager", None, framework, roles)
        apps = storage.applications_frame(session, storage.find_vacancy(session, "SMM manager").id)
    # Before: two new candidates "ana\u00a0MORALES" and "Ｍarco Rossi" beside the stored ones.
    assert (summary.candidates_created, summary.candidates_existing, summary.scorecards) == (0, 2, 2)
    assert len(apps) == 4
