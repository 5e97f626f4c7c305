"""The command line on a real database: import, rank, backup and restore, on SQLite and PostgreSQL.
The same tests on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import json

from smm_eval import storage
from smm_eval.storage import open_database

from ._samples import SAMPLES, run_cli


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
    assert ranked["agreement"]["raters"] == ["hr", "lead"]
    assert ranked["agreement"]["single"] == {
        "form": "ICC(2,1)", "estimate": None, "low": None, "high": None, "band": "undefined",
        "n_targets": 4, "n_raters": 1, "gate": "too_few_candidates",
    }  # fmt: skip


def test_cli_import_bad_rows_writes_nothing_and_exits_2(database_url, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("person,rater,copywriting\nAna,lead,3\nBob,lead,7\n", encoding="utf-8")
    result = run_cli(database_url, "import", str(bad), "--vacancy", "X", "--role", "smm_manager")
    assert result.returncode == 2
    assert f"{bad}, line 3, column 3 (copywriting): level '7' is outside 0..4" in result.stderr
    db = open_database(database_url)
    with db.transaction() as session:
        assert storage.is_empty(session)
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
