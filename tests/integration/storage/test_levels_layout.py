"""Revision 0014 keeps every read the same (issue 17, item 1): a workspace written by the code of
revision 0013 (one `scorecard_items` row per competency), carried through the migration, reads
exactly as that code read it; its backup is byte-identical; a backup of the old layout restores;
the downgrade gives the old rows back. The outputs of the old code were recorded by
golden/reads_0013.py run on revision 0013's code (commit a725ebf). SQLite and PostgreSQL."""

from __future__ import annotations

import copy
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command

from smm_eval import storage
from smm_eval.errors import InputError
from smm_eval.storage import make_engine, open_database, upgrade_schema
from smm_eval.storage.backup import TABLES
from smm_eval.storage.engine import _alembic_config

from ._samples import import_sample
from .golden.reads_0013 import backup_text, reads

RECORDED = json.loads((Path(__file__).parent / "golden" / "workspace_0013.json").read_text(encoding="utf-8"))
DOCUMENT = json.loads(RECORDED["backup"])


def _stored(value: Any, kind: Any) -> Any:
    """A backup value as the old code stored it (times and dates back from ISO text)."""
    if value is not None and isinstance(kind, sa.DateTime):
        return datetime.fromisoformat(value)
    if value is not None and isinstance(kind, sa.Date):
        return date.fromisoformat(value)
    return value


def _write_old_layout(engine: sa.Engine) -> None:
    """The recorded workspace's rows written into a revision-0013 schema, table by table."""
    upgrade_schema(engine, "0013")
    tables = sa.MetaData()
    tables.reflect(engine)
    with engine.begin() as connection:
        parents_first = [(t.name, DOCUMENT["tables"][t.name]) for t in TABLES]
        for name, rows in [*parents_first, ("audit_events", DOCUMENT["audit"])]:
            table = tables.tables[name]
            if rows:
                values = [{k: _stored(v, table.c[k].type) for k, v in row.items()} for row in rows]
                connection.execute(sa.insert(table), values)


def _old_rows(engine: sa.Engine, name: str, order: list[str]) -> list[dict[str, Any]]:
    with engine.connect() as connection:
        rows = connection.execute(sa.text(f"SELECT * FROM {name} ORDER BY {', '.join(order)}")).mappings().all()  # noqa: S608
    return [dict(row) for row in rows]


def test_every_read_of_an_old_workspace_is_unchanged_after_the_migration(database_url, framework):
    engine = make_engine(database_url)
    _write_old_layout(engine)
    upgrade_schema(engine)
    db = open_database(database_url, upgrade=False)
    got = reads(db, framework)
    for name, text in RECORDED["reads"].items():
        assert got[name] == text, name
    # Byte-identical backup: the same tables (scorecard_items included) and audit trail.
    assert backup_text(db) == RECORDED["backup"]
    with db.transaction() as session:
        levels = dict(session.execute(sa.select(storage.Scorecard.id, storage.Scorecard.levels)).all())
        evidence = session.scalar(
            sa.select(storage.Scorecard.evidence).where(
                storage.Scorecard.rater == "Lena Ortiz", storage.Scorecard.candidate_id == 1
            )
        )
    # Card 9 (Lena Ortiz of C0001), 1-based positions: brand_strategy (1) 3, ad_setup (14) 2, seo_basics (16) 0,
    # copywriting (22) 4, the other 21 of 25 not answered; evidence only where some was written.
    assert levels[9] == "3" + "-" * 12 + "2" + "-" + "0" + "-" * 5 + "4" + "---"
    assert evidence == {"ad_setup": "Ran one test campaign", "copywriting": "Wrote the launch thread; ñandú «quoted»"}
    db.dispose()
    engine.dispose()


def test_the_downgrade_gives_the_old_rows_back(database_url):
    engine = make_engine(database_url)
    _write_old_layout(engine)
    old_items = _old_rows(engine, "scorecard_items", ["scorecard_id", "competency"])
    old_cards = _old_rows(engine, "scorecards", ["id"])
    upgrade_schema(engine)
    assert "scorecard_items" not in sa.inspect(engine).get_table_names()
    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0013")
    assert _old_rows(engine, "scorecard_items", ["scorecard_id", "competency"]) == old_items
    assert _old_rows(engine, "scorecards", ["id"]) == old_cards
    assert len(old_items) == 206  # 8 imported cards x 25 competencies + Lena Ortiz's 4 + 2
    engine.dispose()


def test_a_backup_of_the_old_layout_restores_and_backs_up_the_same(database):
    with database.transaction() as session:
        counts = storage.restore(session, DOCUMENT, "old.json")
    # 8 imported cards + Lena Ortiz's two; 206 items: see the downgrade test.
    assert (counts["scorecards"], counts["scorecard_items"]) == (10, 206)
    again = json.loads(backup_text(database))
    assert again["tables"] == DOCUMENT["tables"]


def _levels_by_card(document: dict[str, Any]) -> dict[tuple[int, str], dict[str, int]]:
    raters = {row["id"]: (row["candidate_id"], row["rater"]) for row in document["tables"]["scorecards"]}
    out: dict[tuple[int, str], dict[str, int]] = {}
    for item in document["tables"]["scorecard_items"]:
        out.setdefault(raters[item["scorecard_id"]], {})[item["competency"]] = item["level"]
    return out


def test_the_import_stores_the_levels_the_old_import_stored(database, framework, roles):
    import_sample(database, framework, roles)
    with database.transaction() as session:
        now = storage.backup(session, "")
    old = {card: levels for card, levels in _levels_by_card(DOCUMENT).items() if card[1] != "Lena Ortiz"}
    assert len(old) == 8 and _levels_by_card(now) == old


def test_a_backup_giving_one_competency_twice_is_refused(database):
    bad = copy.deepcopy(DOCUMENT)
    bad["tables"]["scorecard_items"].append(dict(bad["tables"]["scorecard_items"][0], level=0))
    with pytest.raises(InputError) as caught, database.transaction() as session:
        storage.restore(session, bad, "bad.json")
    assert [p.code for p in caught.value.problems] == ["files.backup_contradicts"]
    with database.transaction() as session:
        assert storage.is_empty(session)
