"""Schema migrations on open: from empty to head, and from an older revision with data kept.
The same tests on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import json
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
    assert {"vacancies", "candidates", "applications", "scorecards", "self_assessments"} <= tables
    assert "scorecard_items" not in tables  # revision 0014: a scorecard holds its levels
    upgrade_schema(engine)  # idempotent
    engine.dispose()


def test_upgrade_from_previous_revision_keeps_data(database_url, framework, roles):
    engine = make_engine(database_url)
    upgrade_schema(engine, "0001")
    assert "self_assessments" not in sa.inspect(engine).get_table_names()
    db = open_database(database_url, upgrade=False)
    # Written as the code of revision 0001 wrote it: a plain row with that revision's columns (the
    # ORM model has columns added since, e.g. owner_id, and today's code also appends an audit
    # event, to a table revision 0001 does not have).
    spec = vacancy_from_role("Old vacancy", roles["smm_editor"]).model_dump()
    with engine.begin() as connection:
        vacancies = sa.table("vacancies", *(sa.column(c) for c in [*spec, "version", "created_at", "updated_at"]))
        stamp = datetime(2026, 11, 1, tzinfo=UTC)
        row = {k: json.dumps(v) if isinstance(v, dict) else v for k, v in spec.items()}
        connection.execute(sa.insert(vacancies).values(**row, version=1, created_at=stamp, updated_at=stamp))
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


def test_0010_adds_owners_and_signed_raters_without_losing_applications_or_scorecards(database_url):
    # A copy-and-move of `vacancies` on SQLite would drop the old table, and with foreign keys on
    # that deletes its applications and their scorecards (ON DELETE CASCADE): 1 of each must stay.
    engine = make_engine(database_url)
    upgrade_schema(engine, "0009")
    stamp = {"now": datetime(2026, 11, 1, tzinfo=UTC)}
    with engine.begin() as connection:
        for statement in (
            "INSERT INTO vacancies (title, role_id, block_weights, competency_weights, targets, knockouts, currency,"
            " status, version, created_at, updated_at) VALUES ('V', 'smm_editor', '{}', '{}', '{}', '{}', 'RUB',"
            " 'open', 1, :now, :now)",
            "INSERT INTO candidates (code, name, contact, source, notes, version, created_at)"
            " VALUES ('C0001', 'Ana', '', '', '', 1, :now)",
            "INSERT INTO applications (candidate_id, vacancy_id, stage, version, created_at)"
            " VALUES (1, 1, 'new', 1, :now)",
            "INSERT INTO scorecards (candidate_id, vacancy_id, rater, qualities, red_flags, notes, version,"
            " submitted_at) VALUES (1, 1, 'Bo', '[]', '[]', '', 1, :now)",
        ):
            connection.execute(sa.text(statement), stamp)
    upgrade_schema(engine, "0010")
    with engine.connect() as connection:
        counts = [
            connection.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar()  # noqa: S608 (fixed names)
            for t in ("applications", "scorecards")
        ]
        owner = connection.execute(sa.text("SELECT owner_id FROM vacancies")).scalar()
        rater = connection.execute(sa.text("SELECT rater_user_id FROM scorecards")).scalar()
    assert (counts, owner, rater) == ([1, 1], None, None)
    assert {"assignments", "team_leads"} <= set(sa.inspect(engine).get_table_names())
    engine.dispose()
