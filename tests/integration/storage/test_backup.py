"""Backup and restore: nothing lost, sequences follow, broken documents refused.
The same tests on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import json

import pytest

from smm_eval import storage
from smm_eval.errors import InputError
from smm_eval.schemas import CandidateInput, ScorecardInput
from smm_eval.storage import head_revision, open_database

from ._samples import import_sample


def test_backup_restores_into_an_empty_database_with_nothing_lost(database, framework, roles, tmp_path, request):
    import_sample(database, framework, roles)
    with database.transaction() as session:
        vacancy = storage.find_vacancy(session, "SMM manager")
        storage.save_self_assessment(session, "Walk-in", None, {"seo_basics": 2})
        card = ScorecardInput(
            candidate_id=1, vacancy_id=vacancy.id, rater="Pavel", levels={"copywriting": 4},
            evidence={"copywriting": "Wrote the launch posts <b>alone</b>"}, qualities=["creativity"],
            red_flags=["offensive_humour"], recommendation="yes", notes="Strong writer",
        )  # fmt: skip
        storage.save_scorecard(session, card, framework, None)
        document = storage.backup(session, head_revision())
        original = storage.checksum(session)
    # Restore on the same backend: on PostgreSQL this also checks that id sequences follow the rows.
    if database.url.startswith("sqlite"):
        restored_db = open_database(f"sqlite:///{tmp_path / 'restored.sqlite'}")
    else:
        restored_db = open_database(request.getfixturevalue("postgres_server").new_database())
    with restored_db.transaction() as session:
        counts = storage.restore(session, json.loads(json.dumps(document)))
    assert counts["scorecards"] == 9 and counts["self_assessments"] == 2
    with restored_db.transaction() as session:
        assert storage.checksum(session) == original
        again = storage.backup(session, head_revision())
    assert again["tables"] == document["tables"]
    with pytest.raises(InputError, match="not empty"), restored_db.transaction() as session:
        storage.restore(session, document)
    # New rows after a restore get fresh ids (sequences follow the restored rows).
    with restored_db.transaction() as session:
        candidate = storage.add_candidate(session, CandidateInput(name="After restore"))
        assert candidate.id == 5 and candidate.code == "C0005"
    restored_db.dispose()


def test_broken_backup_is_refused(database):
    for document, fragment in [
        ({"format": "other"}, "not an SMM Eval backup"),
        ({"format": "smm-eval-backup", "version": 1, "tables": {"vacancies": [{"id": 1}]}}, "exactly the columns"),
        ({"format": "smm-eval-backup", "version": 1, "tables": {"bogus": []}}, "unknown tables"),
    ]:
        with pytest.raises(InputError, match=fragment), database.transaction() as session:
            storage.restore(session, document)
    with database.transaction() as session:
        assert storage.is_empty(session)


def test_a_backup_from_before_the_salary_currency_restores_its_candidates_in_roubles_before_tax(
    database, framework, roles, tmp_path, request
):
    # A backup written before revision 0005 has no expected_currency / expected_gross_net: its
    # amounts meant roubles before tax, and it must still restore (it was refused after 0005).
    import_sample(database, framework, roles)
    with database.transaction() as session:
        document = json.loads(json.dumps(storage.backup(session, head_revision())))
    for row in document["tables"]["candidates"]:
        del row["expected_currency"], row["expected_gross_net"]
    if database.url.startswith("sqlite"):
        restored_db = open_database(f"sqlite:///{tmp_path / 'old.sqlite'}")
    else:
        restored_db = open_database(request.getfixturevalue("postgres_server").new_database())
    with restored_db.transaction() as session:
        counts = storage.restore(session, document)
        again = storage.backup(session, head_revision())
    assert counts["candidates"] == len(document["tables"]["candidates"]) > 0
    assert {(r["expected_currency"], r["expected_gross_net"]) for r in again["tables"]["candidates"]} == {
        ("RUB", "gross")
    }
    restored_db.dispose()
