"""Lookups of many ids run in batches (issue 18, finding 2): a vacancy with more candidates than a
driver allows parameters in one statement (SQLite 250,000 in this build, 32,766 by default;
psycopg 65,535) never fails with "too many SQL variables", and such a failure is never reported as
"the database cannot be reached". The same tests on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from smm_eval import limits, storage
from smm_eval.schemas import CandidateInput
from smm_eval.storage.models import SelfAssessmentRecord

from ._samples import SAMPLES, import_sample

# Ids past each driver's limit on the parameters of one statement: SQLite's is 250,000 in this build
# (32,766 by default), psycopg's 65,535.
BEYOND = {"sqlite": 260_000, "postgresql": 70_000}


def beyond(database) -> list[int]:
    """Ids that do not exist, more than the database's driver binds in one statement."""
    backend = "sqlite" if database.url.startswith("sqlite") else "postgresql"
    return list(range(10**7, 10**7 + BEYOND[backend]))


def _three_self_assessed(database) -> list[int]:
    with database.transaction() as session:
        ids = [storage.add_candidate(session, CandidateInput(name=f"Person {i}")).id for i in range(3)]
        for level, candidate_id in enumerate(ids):
            storage.save_self_assessment(session, f"Person {level}", None, {"seo_basics": level}, candidate_id)
    return ids


def test_latest_self_assessments_of_more_ids_than_a_statement_may_bind(database):
    ids = _three_self_assessed(database)
    many = ids + beyond(database)  # ids that exist, and more that do not than one statement may bind
    started = time.perf_counter()
    with database.transaction() as session:
        latest = storage.latest_self_assessments(session, many)
    elapsed = time.perf_counter() - started
    assert sorted(latest) == ids
    assert [latest[i].answers["seo_basics"] for i in ids] == [0, 1, 2]
    assert elapsed < 30, f"{elapsed:.1f} s"


def test_batches_of_two_give_what_one_statement_gives(database, framework, roles, monkeypatch):
    ids = _three_self_assessed(database)
    with database.transaction() as session:
        storage.save_self_assessment(session, "Person 0 again", None, {"seo_basics": 4}, ids[0])  # the newest wins
        whole = {k: v.id for k, v in storage.latest_self_assessments(session, ids).items()}
    monkeypatch.setattr(limits, "SQL_IN_BATCH", 2)  # 3 ids: a batch of 2 and a batch of 1
    with database.transaction() as session:
        batched = {k: v.id for k, v in storage.latest_self_assessments(session, ids).items()}
        newest = session.scalar(select(SelfAssessmentRecord.id).order_by(SelfAssessmentRecord.id.desc()).limit(1))
    assert batched == whole and batched[ids[0]] == newest
    # A ratings import matches its 4 people to existing candidates 2 at a time: nobody is created twice.
    import_sample(database, framework, roles, title="A")
    summary = import_sample(database, framework, roles, title="B")
    assert (summary.candidates_created, summary.candidates_existing) == (0, 4)


def test_team_ratings_already_stored_are_found_across_batches(database, framework, roles, monkeypatch):
    from smm_eval.errors import InputError
    from smm_eval.files.team_file import read_team

    data = read_team((SAMPLES / "team.csv").read_bytes(), "team.csv", framework, roles)
    monkeypatch.setattr(limits, "SQL_IN_BATCH", 3)  # 4 members: batches of 3 and 1
    with database.transaction() as session:
        storage.import_team(session, "Content team", data.roles, data.ratings)
    with pytest.raises(InputError) as caught, database.transaction() as session:
        storage.import_team(session, "Content team", data.roles, data.ratings)
    assert caught.value.problems[0].params == {"count": 250}  # every rating of the 4 members, not of 3


def test_a_statement_over_the_parameter_limit_is_not_called_unreachable(database, monkeypatch):
    ids = _three_self_assessed(database)
    monkeypatch.setattr(limits, "SQL_IN_BATCH", 10**6)  # one statement again, as before the batches
    with pytest.raises(OperationalError) as caught, database.transaction() as session:
        storage.latest_self_assessments(session, ids + beyond(database))
    # An OperationalError as the driver gave it, not DatabaseUnavailableError ("cannot be reached").
    assert storage.too_many_parameters(caught.value)
