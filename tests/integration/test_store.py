"""The workspace database, the same tests on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import sqlalchemy as sa

from smm_eval import store
from smm_eval.db import current_revision, head_revision, make_engine, open_database, upgrade_schema
from smm_eval.errors import InputError
from smm_eval.ratings import read_candidates, read_wide_ratings
from smm_eval.recruiting import evaluate, vacancy_from_role
from smm_eval.schemas import CandidateInput, ScorecardInput

from ..conftest import ROOT

SAMPLES = ROOT / "data" / "samples"


def import_sample(db, framework, roles, title="SMM manager", role="smm_manager"):
    table = read_wide_ratings((SAMPLES / "interview_ratings.csv").read_bytes(), "ratings.csv", framework.competency_ids)
    candidates = read_candidates((SAMPLES / "candidates.csv").read_bytes(), "candidates.csv")
    with db.transaction() as session:
        return store.import_ratings(session, table, title, role, framework, roles, candidates=candidates)


def test_migrations_from_empty_to_head(database_url):
    engine = make_engine(database_url)
    assert current_revision(engine) is None
    upgrade_schema(engine)
    assert current_revision(engine) == head_revision() == "0004"
    tables = set(sa.inspect(engine).get_table_names())
    assert {"vacancies", "candidates", "applications", "scorecards", "scorecard_items", "self_assessments"} <= tables
    upgrade_schema(engine)  # idempotent
    engine.dispose()


def test_upgrade_from_previous_revision_keeps_data(database_url, framework, roles):
    engine = make_engine(database_url)
    upgrade_schema(engine, "0001")
    assert "self_assessments" not in sa.inspect(engine).get_table_names()
    db = open_database(database_url, upgrade=False)
    with db.transaction() as session:
        store.create_vacancy(session, vacancy_from_role("Old vacancy", roles["smm_editor"]), framework, roles)
    upgrade_schema(engine)
    assert current_revision(engine) == "0004"
    with db.transaction() as session:
        assert [v.title for v in store.list_vacancies(session)] == ["Old vacancy"]
        store.save_self_assessment(session, "Ana", "smm_editor", {"copywriting": 3})
    db.dispose()
    engine.dispose()


def test_import_creates_vacancy_candidates_scorecards_and_keeps_self_apart(database, framework, roles):
    summary = import_sample(database, framework, roles)
    assert (summary.candidates_created, summary.scorecards, summary.self_assessments) == (4, 8, 1)
    with database.transaction() as session:
        vacancy = store.find_vacancy(session, "SMM manager")
        apps = store.applications_frame(session, vacancy.id)
        assert list(apps["name"]) == ["Ana Morales", "Lucía Fernández", "Борис Петров", "Marco Rossi"]
        assert list(apps["code"]) == ["C0001", "C0002", "C0003", "C0004"]
        assert apps.set_index("name").at["Ana Morales", "expected_salary"] == 65000
        ratings = store.ratings_for_vacancy(session, vacancy.id)
        assert set(ratings["rater"]) == {"lead", "hr"}  # the self rows are not scorecards
        selfs = store.latest_self_assessments(session, apps["candidate_id"])
        assert list(selfs) == [apps.set_index("name").at["Ana Morales", "candidate_id"]]


def test_import_is_all_or_nothing(database, framework, roles):
    import_sample(database, framework, roles)
    with database.transaction() as session:
        before = store.checksum(session)
    extra = b"person,rater,copywriting\nNew Person,lead,3\nAna Morales,lead,2\n"
    table = read_wide_ratings(extra, "more.csv", framework.competency_ids)
    clash = "'Ana Morales' already has a scorecard by rater 'lead'"
    with pytest.raises(InputError, match=clash), database.transaction() as session:
        store.import_ratings(session, table, "SMM manager", None, framework, roles)
    with database.transaction() as session:
        assert store.checksum(session) == before
        assert store.find_vacancy(session, "SMM manager") is not None
        names = session.scalars(sa.select(store.Candidate.name)).all()
        assert "New Person" not in names


def test_concurrent_vacancy_edit_is_refused(database, framework, roles):
    with database.transaction() as session:
        vacancy = store.create_vacancy(session, vacancy_from_role("Editor", roles["smm_editor"]), framework, roles)
        vacancy_id, version = vacancy.id, vacancy.version
    first = store.spec_of(vacancy).model_copy(update={"budget_max": 80000})
    second = store.spec_of(vacancy).model_copy(update={"status": "closed"})
    with database.transaction() as session:
        store.update_vacancy(session, vacancy_id, version, first, framework, roles)
    with pytest.raises(store.ConflictError, match="changed by someone else"), database.transaction() as session:
        store.update_vacancy(session, vacancy_id, version, second, framework, roles)
    with database.transaction() as session:
        saved = store.get_vacancy(session, vacancy_id)
        assert (saved.budget_max, saved.status, saved.version) == (80000, "open", 2)


def test_concurrent_scorecard_edit_is_refused(database, framework, roles):
    with database.transaction() as session:
        vacancy = store.create_vacancy(session, vacancy_from_role("Analyst", roles["smm_analyst"]), framework, roles)
        candidate = store.add_candidate(session, CandidateInput(name="Ana"), vacancy.id)
        card = ScorecardInput(
            candidate_id=candidate.id, vacancy_id=vacancy.id, rater="Irina", levels={"copywriting": 2}
        )
        saved = store.save_scorecard(session, card, framework, None)
        version = saved.version
    with pytest.raises(store.ConflictError, match="already has a scorecard"), database.transaction() as session:
        store.save_scorecard(session, card, framework, None)
    with database.transaction() as session:
        store.save_scorecard(session, card.model_copy(update={"levels": {"copywriting": 3}}), framework, version)
    with pytest.raises(store.ConflictError), database.transaction() as session:
        store.save_scorecard(session, card.model_copy(update={"levels": {"copywriting": 4}}), framework, version)
    with database.transaction() as session:
        items = store.scorecards_frame(session, vacancy.id)
        assert items["level"].tolist() == [3]
        assert items["version"].tolist() == [2]


def test_backup_restores_into_an_empty_database_with_nothing_lost(database, framework, roles, tmp_path, request):
    import_sample(database, framework, roles)
    with database.transaction() as session:
        vacancy = store.find_vacancy(session, "SMM manager")
        store.save_self_assessment(session, "Walk-in", None, {"seo_basics": 2})
        card = ScorecardInput(
            candidate_id=1, vacancy_id=vacancy.id, rater="Pavel", levels={"copywriting": 4},
            evidence={"copywriting": "Wrote the launch posts <b>alone</b>"}, qualities=["creativity"],
            red_flags=["offensive_humour"], recommendation="yes", notes="Strong writer",
        )  # fmt: skip
        store.save_scorecard(session, card, framework, None)
        document = store.backup(session, head_revision())
        original = store.checksum(session)
    # Restore on the same backend: on PostgreSQL this also checks that id sequences follow the rows.
    if database.url.startswith("sqlite"):
        restored_db = open_database(f"sqlite:///{tmp_path / 'restored.sqlite'}")
    else:
        restored_db = open_database(request.getfixturevalue("postgres_server").new_database())
    with restored_db.transaction() as session:
        counts = store.restore(session, json.loads(json.dumps(document)))
    assert counts["scorecards"] == 9 and counts["self_assessments"] == 2
    with restored_db.transaction() as session:
        assert store.checksum(session) == original
        again = store.backup(session, head_revision())
    assert again["tables"] == document["tables"]
    with pytest.raises(InputError, match="not empty"), restored_db.transaction() as session:
        store.restore(session, document)
    # New rows after a restore get fresh ids (sequences follow the restored rows).
    with restored_db.transaction() as session:
        candidate = store.add_candidate(session, CandidateInput(name="After restore"))
        assert candidate.id == 5 and candidate.code == "C0005"
    restored_db.dispose()


def test_broken_backup_is_refused(database):
    for document, fragment in [
        ({"format": "other"}, "not an SMM Eval backup"),
        ({"format": "smm-eval-backup", "version": 1, "tables": {"vacancies": [{"id": 1}]}}, "exactly the columns"),
        ({"format": "smm-eval-backup", "version": 1, "tables": {"bogus": []}}, "unknown tables"),
    ]:
        with pytest.raises(InputError, match=fragment), database.transaction() as session:
            store.restore(session, document)
    with database.transaction() as session:
        assert store.is_empty(session)


def test_evaluation_ranks_with_knockouts_and_agreement(database, framework, roles):
    import_sample(database, framework, roles)
    with database.transaction() as session:
        vacancy = store.find_vacancy(session, "SMM manager")
        spec = store.spec_of(vacancy).model_copy(update={"knockouts": {"kpi_setting": 3}, "budget_max": 70000})
        ratings = store.ratings_for_vacancy(session, vacancy.id)
        apps = store.applications_frame(session, vacancy.id)
    evaluation = evaluate(ratings, apps, spec, framework)
    ranking = evaluation.ranking
    # Lucía (kpi 4/4) passes the knock-out; Ana's raters give kpi 3 and 2 (mean 2.5): she fails it.
    assert list(ranking["name"]) == ["Lucía Fernández", "Ana Morales", "Борис Петров", "Marco Rossi"]
    assert ranking["all_passed"].tolist() == [True, False, False, False]
    assert ranking.set_index("name").at["Lucía Fernández", "budget"] == "above"
    assert ranking.set_index("name").at["Ana Morales", "budget"] == "within"
    assert evaluation.agreement is not None and evaluation.agreement["raters"] == ["hr", "lead"]
    assert evaluation.agreement["band"] in {"poor", "moderate", "good", "excellent"}


def run_cli(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SMM_EVAL_DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "smm_eval", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_cli_rank_is_byte_identical_on_sqlite_and_postgres(postgres_server, tmp_path):
    outputs = []
    for url in (f"sqlite:///{tmp_path / 'a.sqlite'}", postgres_server.new_database()):
        imported = run_cli(
            url, "import", str(SAMPLES / "interview_ratings.csv"), "--candidates", str(SAMPLES / "candidates.csv"),
            "--vacancy", "SMM manager", "--role", "smm_manager",
        )  # fmt: skip
        assert imported.returncode == 0, imported.stderr
        csv_out = run_cli(url, "rank", "--vacancy", "SMM manager")
        json_out = run_cli(url, "rank", "--vacancy", "SMM manager", "--json")
        assert csv_out.returncode == 0 and json_out.returncode == 0
        outputs.append((csv_out.stdout, json_out.stdout))
    assert outputs[0] == outputs[1]
    ranked = json.loads(outputs[0][1])
    assert [c["candidate"] for c in ranked["candidates"]][:2] == ["Lucía Fernández", "Ana Morales"]
    assert ranked["icc"]["raters"] == ["hr", "lead"]


def test_cli_import_bad_rows_writes_nothing_and_exits_2(database_url, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("person,rater,copywriting\nAna,lead,3\nBob,lead,7\n", encoding="utf-8")
    result = run_cli(database_url, "import", str(bad), "--vacancy", "X", "--role", "smm_manager")
    assert result.returncode == 2
    assert f"{bad}, line 3, column 3 (copywriting): level '7' is outside 0..4" in result.stderr
    db = open_database(database_url)
    with db.transaction() as session:
        assert store.is_empty(session)
    db.dispose()


def test_cli_backup_and_restore_round_trip(database_url, tmp_path, postgres_server):
    assert (
        run_cli(
            database_url, "import", str(SAMPLES / "interview_ratings.csv"), "--vacancy", "V", "--role", "smm_manager"
        ).returncode
        == 0
    )
    out = tmp_path / "backup.json"
    assert run_cli(database_url, "backup", str(out)).returncode == 0
    target = postgres_server.new_database()
    restored = run_cli(target, "restore", str(out))
    assert restored.returncode == 0, restored.stderr
    assert "8 scorecards" in restored.stdout
    again = run_cli(target, "restore", str(out))
    assert again.returncode == 2 and "not empty" in again.stderr
    assert run_cli(database_url, "rank", "--vacancy", "V").stdout == run_cli(target, "rank", "--vacancy", "V").stdout


def test_cli_rank_unknown_vacancy_and_missing_role(database_url):
    result = run_cli(database_url, "rank", "--vacancy", "Nope")
    assert result.returncode == 2 and "no vacancy titled 'Nope'" in result.stderr
    result = run_cli(database_url, "import", str(SAMPLES / "interview_ratings.csv"), "--vacancy", "New")
    assert result.returncode == 2 and "give a role to create it" in result.stderr


def test_bad_database_url_is_explained(tmp_path):
    result = run_cli("mysql://x@y/z", "rank", "--vacancy", "V")
    assert result.returncode == 2 and "supported: sqlite, postgresql+psycopg" in result.stderr


def test_salary_dataset_and_model_are_kept_and_backed_up(database, roles, tmp_path):
    from benchmarks.generators import generate_observations
    from smm_eval.salary import SalaryQuery, fit_salary_model

    observations = generate_observations({("middle", "moscow"): 100000, ("junior", "moscow"): 70000}, per_cell=80)
    model = fit_salary_model(observations, tuple(roles))
    with database.transaction() as session:
        saved = store.save_salary_dataset(session, "October market", observations, model)
        dataset_id = saved.id
    with database.transaction() as session:
        (listed,) = store.list_salary_datasets(session)
        assert (listed.name, listed.rows, listed.currency) == ("October market", 160, "RUB")
        loaded = store.salary_model(session, dataset_id)
        document = store.backup(session, head_revision())
    query = SalaryQuery("middle", "moscow", "office")
    assert loaded.estimate(query).quantiles == model.estimate(query).quantiles
    assert len(document["tables"]["salary_observations"]) == 160
    restored = open_database(f"sqlite:///{tmp_path / 'restored.sqlite'}")
    with restored.transaction() as session:
        store.restore(session, json.loads(json.dumps(document)))
        assert store.salary_model(session, dataset_id).estimate(query).p50 == model.estimate(query).p50
    restored.dispose()


def test_team_import_keeps_members_roles_and_dated_ratings(database, framework, roles):
    from smm_eval.team import read_team

    data = read_team((SAMPLES / "team.csv").read_bytes(), "team.csv", framework, roles)
    with database.transaction() as session:
        team_row = store.import_team(session, "Content team", data.roles, data.ratings)
        team_id = team_row.id
    with database.transaction() as session:
        members, ratings = store.team_data(session, team_id)
        before = store.checksum(session)
    assert members == {
        "Anna": "smm_manager",
        "Boris": "smm_analyst",
        "Carmen": "smm_editor",
        "Dmitri": "ads_specialist",
    }
    assert len(ratings) == 250 and set(ratings["kind"]) == {"self", "manager"}
    assert ratings.loc[ratings["person"] == "Anna", "date"].nunique() == 2
    with pytest.raises(InputError, match="exist already"), database.transaction() as session:
        store.import_team(session, "Content team", data.roles, data.ratings)
    with database.transaction() as session:
        assert store.checksum(session) == before
