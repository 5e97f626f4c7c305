"""Schema migrations on open: from empty to head, and from an older revision with data kept.
The same tests on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from smm_eval import storage
from smm_eval.recruiting import vacancy_from_role
from smm_eval.storage import current_revision, head_revision, make_engine, open_database, upgrade_schema

# The newest migration file's number: the migrations form one line, 0001, 0002, ... (no branches).
NEWEST = max(p.name[:4] for p in (Path(storage.__file__).parent / "migrations" / "versions").glob("[0-9]*.py"))


def test_migrations_from_empty_to_head(database_url):
    engine = make_engine(database_url)
    assert current_revision(engine) is None
    upgrade_schema(engine)
    assert current_revision(engine) == head_revision() == NEWEST
    tables = set(sa.inspect(engine).get_table_names())
    assert {"vacancies", "candidates", "applications", "scorecards", "scorecard_items", "self_assessments"} <= tables
    upgrade_schema(engine)  # idempotent
    engine.dispose()


def test_upgrade_from_previous_revision_keeps_data(database_url, framework, roles):
    engine = make_engine(database_url)
    upgrade_schema(engine, "0001")
    assert "self_assessments" not in sa.inspect(engine).get_table_names()
    # The old schema is written as the code of its time wrote it: a plain row (today's code also
    # appends an audit event, to a table that revision 0001 does not have).
    spec = vacancy_from_role("Old vacancy", roles["smm_editor"])
    stamp = datetime(2026, 1, 5, tzinfo=UTC)
    with engine.begin() as connection:
        row = {**spec.model_dump(), "version": 1, "created_at": stamp, "updated_at": stamp}
        connection.execute(sa.insert(storage.Vacancy.__table__), [row])
    db = open_database(database_url, upgrade=False)
    upgrade_schema(engine)
    assert current_revision(engine) == NEWEST
    with db.transaction() as session:
        assert [v.title for v in storage.list_vacancies(session)] == ["Old vacancy"]
        storage.save_self_assessment(session, "Ana", "smm_editor", {"copywriting": 3})
    db.dispose()
    engine.dispose()


def test_candidates_stored_before_0005_are_roubles_before_tax(database_url):
    engine = make_engine(database_url)
    upgrade_schema(engine, "0004")
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO candidates (code, name, contact, source, notes, expected_salary, version, created_at) "
                "VALUES ('C0001', 'Ana', '', '', '', 60000, 1, :now)"
            ),
            {"now": datetime(2026, 11, 1, tzinfo=UTC)},
        )
    upgrade_schema(engine)
    with engine.connect() as connection:
        row = connection.execute(
            sa.text("SELECT expected_salary, expected_currency, expected_gross_net FROM candidates")
        ).one()
    assert tuple(row) == (60000, "RUB", "gross")
    engine.dispose()
