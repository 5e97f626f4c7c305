"""Restore is validated like an import (issue 18, finding 3): every row through the app's own models,
references checked, every problem reported at once by table, row and field, nothing written.
The same tests on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import copy
import json

import pytest

from smm_eval import storage
from smm_eval.errors import InputError
from smm_eval.i18n import Messages
from smm_eval.storage import head_revision
from smm_eval.storage.backup import STORED

from ._samples import import_sample, run_cli


@pytest.fixture
def sample_backup(database, framework, roles):
    """A backup of the sample import (4 candidates, 8 scorecards), as JSON would give it back; the
    database is emptied afterwards so that a restore may be tried into it."""
    import_sample(database, framework, roles)
    with database.transaction() as session:
        storage.save_self_assessment(session, "Walk-in", None, {"seo_basics": 2})
        document = json.loads(json.dumps(storage.backup(session, head_revision())))
    with database.transaction() as session:
        for table in reversed(STORED):
            session.execute(table.delete())
    return document


def _refused(database, document):
    with pytest.raises(InputError) as caught, database.transaction() as session:
        storage.restore(session, document, "bad.json")
    with database.transaction() as session:
        assert storage.is_empty(session), "nothing of a refused backup is written"
    return {(p.column_name, p.code) for p in caught.value.problems}, caught.value


def test_the_sample_backup_restores(database, sample_backup):
    with database.transaction() as session:
        counts = storage.restore(session, sample_backup, "good.json")
    assert counts["candidates"] == 4 and counts["scorecards"] == 8


def test_every_bad_reference_and_value_is_reported_at_once(database, sample_backup):
    bad = copy.deepcopy(sample_backup)
    tables = bad["tables"]
    tables["vacancies"][0]["role_id"] = "ghost_role"  # an unknown role
    tables["vacancies"][0]["block_weights"] = {"marketing": "x"}  # weights must be numbers
    tables["vacancies"][0]["budget_min"] = -5  # budgets are non-negative
    tables["applications"][1]["stage"] = "pwned"  # not a stage
    tables["applications"][2]["vacancy_id"] = 999  # no such vacancy
    tables["candidates"][0]["name"] = "A" * 100_000  # names have at most 200 characters
    tables["candidates"][1]["notes"] = "x\x00y"  # PostgreSQL refuses NUL characters
    tables["scorecard_items"][0]["competency"] = "no_such_competency"
    tables["scorecard_items"][1]["level"] = 9  # levels are 0..4
    tables["scorecards"][0]["recommendation"] = "maybe"
    tables["scorecards"][1]["version"] = 2**40  # beyond PostgreSQL's integer
    tables["self_assessments"][0]["answers"] = {"seo_basics": 7, "bogus": 1}
    found, error = _refused(database, bad)
    expected = {
        ("tables.vacancies.0.role_id", "files.backup_not_one_of"),
        ("tables.vacancies.0.block_weights.marketing", "pydantic.float_type"),
        ("tables.vacancies.0.budget_min", "pydantic.greater_than_equal"),
        ("tables.applications.1.stage", "files.backup_not_one_of"),
        ("tables.applications.2.vacancy_id", "files.backup_reference"),
        ("tables.candidates.0.name", "files.backup_too_long"),
        ("tables.candidates.1.notes", "files.backup_nul"),
        ("tables.scorecard_items.0.competency", "files.backup_not_one_of"),
        ("tables.scorecard_items.1.level", "files.backup_not_one_of"),
        ("tables.scorecards.0.recommendation", "scorecard.bad_recommendation"),
        ("tables.scorecards.1.version", "files.backup_range"),
        ("tables.self_assessments.0.answers", "files.backup_unknown_ids"),
        ("tables.self_assessments.0.answers", "files.backup_levels"),
    }
    assert expected <= found, (expected - found, found)
    # The 100,000-character name is named once (its size), not again by the candidate model.
    assert sum(1 for where, _ in found if where.startswith("tables.candidates.0.name")) == 1
    # Each problem reads in Spanish from the catalogue, with table, row and field in "where".
    spanish = Messages("es")
    stage = next(p for p in error.problems if p.column_name == "tables.applications.1.stage")
    assert "pwned" in spanish.problem(stage) and stage.message != spanish.problem(stage)
    assert "tables.applications.1.stage" in spanish.where(stage)


def test_scorecard_with_only_unknown_items_is_refused_at_the_items(database, sample_backup):
    bad = copy.deepcopy(sample_backup)
    card_id = bad["tables"]["scorecards"][0]["id"]
    for item in bad["tables"]["scorecard_items"]:
        if item["scorecard_id"] == card_id:
            item["level"] = 5
    found, _ = _refused(database, bad)
    assert ("tables.scorecards.0", "scorecard.nothing_rated") in found
    assert any(code == "files.backup_not_one_of" and "level" in where for where, code in found)


def test_restore_of_bad_references_exits_2_on_the_command_line(database_url, sample_backup, tmp_path):
    bad = copy.deepcopy(sample_backup)
    bad["tables"]["vacancies"][0]["role_id"] = "ghost_role"
    bad["tables"]["applications"][0]["stage"] = "pwned"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    result = run_cli(database_url, "restore", str(path))
    assert result.returncode == 2, result.stderr
    assert "tables.vacancies.0.role_id" in result.stderr and "tables.applications.0.stage" in result.stderr
    assert "Traceback" not in result.stderr


def test_deeply_nested_backup_is_refused_without_a_traceback(database_url, tmp_path):
    path = tmp_path / "deep.json"
    path.write_bytes(b"[" * 6000)  # 6 KB: far past the parser's recursion limit
    result = run_cli(database_url, "restore", str(path))
    assert result.returncode == 2
    assert "nested 6000 levels deep; at most 32" in result.stderr and "Traceback" not in result.stderr


def test_salary_dataset_rows_are_checked(database, sample_backup):
    bad = copy.deepcopy(sample_backup)
    bad["tables"]["salary_datasets"] = [
        {"id": 1, "name": "Market", "currency": "rub", "rows": -1, "metrics": {"pinball": "x"},
         "fitted": None, "digest": None, "created_at": "2026-11-30T10:00:00+00:00"}
    ]  # fmt: skip
    bad["tables"]["salary_observations"] = [
        {"id": 1, "dataset_id": 2, "salary_from": 200000.0, "salary_to": 100000.0, "currency": "RUB",
         "region": "moscow", "level": "guru", "work_format": "office", "role": "smm_manager",
         "date": "2026-01-01", "experience_years": -3.0, "gross": None}
    ]  # fmt: skip
    found, _ = _refused(database, bad)
    assert {
        ("tables.salary_datasets.0.currency", "files.backup_currency"),  # "rub": not 3 capitals
        ("tables.salary_datasets.0.rows", "files.backup_below"),
        ("tables.salary_datasets.0.metrics", "files.backup_value"),  # the salary page could not read it
        ("tables.salary_observations.0.dataset_id", "files.backup_reference"),  # no dataset 2
        ("tables.salary_observations.0.level", "files.backup_not_one_of"),
        ("tables.salary_observations.0.salary_from", "files.backup_order"),  # 200,000 above 100,000
        ("tables.salary_observations.0.experience_years", "files.backup_below"),
    } <= found, found
