"""Backup and restore of the whole workspace as one JSON-ready document, an emptiness check, and a
checksum of every row (equal checksums mean unchanged data).

The document holds every row of every table in TABLES_IN_ORDER (parents before children), values
made JSON-ready by `smm_eval.jsonvalues.json_value` (times as UTC ISO 8601, dates ISO, bytes as
base64). `restore` checks the whole document before writing anything: its shape here, then every row
like the app's own input (`smm_eval.storage.backup_checks`: types and sizes, the same models as
the forms and imports, closed lists, references), reporting every problem at once by table, row
and field. It loads a document only into an empty database; on PostgreSQL it moves the id
sequences past the restored rows.

The audit trail (`audit_events`, storage.audit) travels beside the tables, under `audit`: its
events in the order they were appended, without their ids. It is history about the data, not
the data: `checksum` and `is_empty` leave it out (a workspace whose only rows are its history is
empty), and `restore` appends the backup's events after the ones the workspace holds (with new
ids), then one `restore` event of its own. Backups written before revision 0011 have no `audit`.

Backups written before schema revision 0006 carry `salary_datasets.model`, a pickled model: that
field is dropped unread (never decoded, never unpickled) and the dataset's model is refitted from
its observations when it is first loaded. Columns added since (`fitted`, `digest`, `gross`) are
restored as empty when an older backup lacks them. Links to the workspace's users (a vacancy's
owner, a scorecard's signed-in rater: `USER_LINKS`) are left out of every backup and restored empty;
so are the data versions the pages' caches are keyed on (`storage.versions`), which a restore sets anew.

The document's shape did not change with revision 0014, which moved a scorecard's levels and
evidence into its own row (`storage.levels`): a backup still carries them as `scorecard_items`, one
row per answered competency (scorecard_id, competency, level, evidence), ordered by scorecard and
competency id, and `scorecards` rows without `levels` and `evidence`. `TABLES` are the document's
tables (that shape); `STORED` the database's.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from smm_eval.errors import InputError, Problem
from smm_eval.framework import Framework, RoleProfile, load_framework, load_roles
from smm_eval.jsonvalues import json_value
from smm_eval.storage.audit import record
from smm_eval.storage.backup_checks import row_problems
from smm_eval.storage.levels import encode_levels, levels_long
from smm_eval.storage.locking import now
from smm_eval.storage.models import TABLES_IN_ORDER, AuditEvent, table_of

BACKUP_FORMAT = "smm-eval-backup"
BACKUP_VERSION = 1
STORED: tuple[Table, ...] = tuple(table_of(model) for model in TABLES_IN_ORDER)
# Columns the database holds that the document carries elsewhere (revision 0014: as scorecard_items).
STORED_ONLY: dict[str, frozenset[str]] = {"scorecards": frozenset({"levels", "evidence"})}
ITEMS = "scorecard_items"
_DOCUMENT = MetaData()


def _document_table(table: Table) -> Table:
    hidden = STORED_ONLY.get(table.name, frozenset())
    columns = [
        Column(c.name, c.type, primary_key=c.primary_key, nullable=c.nullable) for c in table.c if c.name not in hidden
    ]
    return Table(table.name, _DOCUMENT, *columns)


_SCORECARD_ITEMS = Table(
    ITEMS,
    _DOCUMENT,
    Column("scorecard_id", Integer, primary_key=True),
    Column("competency", String(64), primary_key=True),
    Column("level", Integer, nullable=False),
    Column("evidence", Text, nullable=False),
)
TABLES: tuple[Table, ...] = tuple(
    t
    for table in STORED
    for t in ((_document_table(table), _SCORECARD_ITEMS) if table.name == "scorecards" else (_document_table(table),))
)
_BY_NAME = {table.name: table for table in STORED}
AUDIT = table_of(AuditEvent)
# Fields of older schemas, dropped unread: the pickled salary model (revisions before 0006).
DROPPED_FIELDS: dict[str, frozenset[str]] = {"salary_datasets": frozenset({"model"})}
# Fields added since backup version 1, with the value a row of an older backup gets: None for the
# nullable ones; a candidate's expected salary was roubles before tax until revision 0005.
ADDED_FIELDS: dict[str, dict[str, Any]] = {
    "salary_datasets": {"fitted": None, "digest": None, "version": 1},  # version: revision 0013
    "salary_observations": {"gross": None},
    "candidates": {"expected_currency": "RUB", "expected_gross_net": "gross"},
    "scorecards": {"rater_user_id": None},
    "teams": {"version": 1, "data_version": 0},  # version: revision 0013
    "vacancies": {"owner_id": None, "data_version": 0},
}
# Links to the workspace's users (revision 0010): users, their assignments and team leads are the
# accounts of one workspace, not its data, so a backup leaves them out and a restore leaves them
# empty (the vacancy is everyone's, the scorecard keeps its rater's name).
USER_LINKS: dict[str, frozenset[str]] = {
    "vacancies": frozenset({"owner_id"}),
    "scorecards": frozenset({"rater_user_id"}),
}
# The data versions the pages' caches are keyed on (revision 0015, storage.versions): not data, so
# left out of backups (and checksums) too; a restore sets them anew (its event moves every one).
LEFT_OUT: dict[str, frozenset[str]] = {
    "vacancies": USER_LINKS["vacancies"] | {"data_version"},
    "scorecards": USER_LINKS["scorecards"],
    "teams": frozenset({"data_version"}),
}


def backup(session: Session, schema_revision: str) -> dict[str, Any]:
    """Every row of every table, in a JSON-ready document that `restore` reads back.

    Returns
    -------
    dict
        {"format", "version", "schema_revision", "created_at", "tables": {table name: [row, ...]},
        "audit": [event, ...]}, rows ordered by primary key, events as appended (without ids).
    """
    tables = {}
    for table in TABLES:
        if table.name == ITEMS:
            tables[ITEMS] = _item_rows(session)
            continue
        stored = _BY_NAME[table.name]
        keys = [stored.c[c.name] for c in stored.primary_key.columns]
        rows = session.execute(select(*(stored.c[c.name] for c in table.c)).order_by(*keys)).mappings().all()
        links = LEFT_OUT.get(table.name, frozenset())
        tables[table.name] = [{k: json_value(v) for k, v in row.items() if k not in links} for row in rows]
    events = session.execute(select(AUDIT).order_by(AUDIT.c.id)).mappings().all()
    return {
        "format": BACKUP_FORMAT,
        "version": BACKUP_VERSION,
        "schema_revision": schema_revision,
        "created_at": now().isoformat(),
        "tables": tables,
        "audit": [{k: json_value(v) for k, v in event.items() if k != "id"} for event in events],
    }


def _item_rows(session: Session) -> list[dict[str, Any]]:
    """The scorecards' levels as the document's `scorecard_items` rows, by scorecard id and competency id."""
    stored = _BY_NAME["scorecards"]
    cards = session.execute(select(stored.c.id, stored.c.levels, stored.c.evidence).order_by(stored.c.id)).all()
    rows, competency, level = levels_long([card.levels for card in cards])
    return [
        {"scorecard_id": cards[r].id, "competency": c, "level": lv, "evidence": (cards[r].evidence or {}).get(c, "")}
        for r, c, lv in zip(rows.tolist(), competency.tolist(), level.tolist(), strict=True)
    ]


def _fold_items(source: str, prepared: dict[str, list[dict[str, Any]]]) -> list[Problem]:
    """Move the document's `scorecard_items` into their scorecards' `levels` and `evidence` (in
    place); a competency given twice for one scorecard is a problem (the primary key of the items)."""
    cards: dict[Any, tuple[dict[str, int], dict[str, str]]] = {}
    problems = []
    for i, item in enumerate(prepared.pop(ITEMS, [])):
        levels, evidence = cards.setdefault(item["scorecard_id"], ({}, {}))
        if item["competency"] in levels:
            message = f"rows contradict each other: scorecard_items.{i} repeats a competency of its scorecard"
            where = f"tables.{ITEMS}.{i}.competency"
            problems.append(Problem(source, message, column_name=where, code="files.backup_contradicts"))
        levels[item["competency"]] = item["level"]
        if item["evidence"]:
            evidence[item["competency"]] = item["evidence"]
    for row in prepared.get("scorecards", []):
        levels, evidence = cards.get(row["id"], ({}, {}))
        row["levels"], row["evidence"] = encode_levels(levels), dict(sorted(evidence.items()))
    return problems


def is_empty(session: Session) -> bool:
    """Whether no table holds a row."""
    return all(session.scalar(select(func.count()).select_from(table)) == 0 for table in STORED)


def _tables_of(document: Any, source: str) -> Mapping[str, Any]:
    """The document's `tables` mapping, after checking its format and version."""
    if not isinstance(document, Mapping) or document.get("format") != BACKUP_FORMAT:
        message = f"is not an SMM Eval backup (its 'format' must be '{BACKUP_FORMAT}')"
        raise InputError([Problem(source, message, code="files.not_backup", params={"format": BACKUP_FORMAT})])
    if document.get("version") != BACKUP_VERSION:
        message = "unsupported backup version"
        raise InputError([Problem(source, message, column_name="version", code="files.backup_version")])
    tables = document.get("tables")
    if not isinstance(tables, Mapping):
        raise InputError(
            [Problem(source, "has no 'tables' mapping", column_name="tables", code="files.backup_no_tables")]
        )
    return tables


def _from_json(value: Any, kind: Any) -> Any:
    """A stored value back from its JSON form (ISO times and dates, base64 bytes); ValueError if bad."""
    if value is None:
        return None
    if isinstance(kind, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    if isinstance(kind, LargeBinary):
        return base64.b64decode(value, validate=True)
    return value


def _prepare_rows(
    table: Table, rows: Any, source: str, problems: list[Problem], place: str = "", skip: str = ""
) -> list[dict[str, Any]] | None:
    """The rows of one table ready to insert; problems are appended to `problems` (None: not a list).
    `place` is where the rows are in the document (`tables.<name>` unless given: `audit`); `skip`
    names a column the rows do not carry (the audit events' `id`)."""
    place = place or f"tables.{table.name}"
    if not isinstance(rows, list):
        where = place
        problems.append(Problem(source, "must be a list of rows", column_name=where, code="files.backup_not_rows"))
        return None
    columns = {c.name: c for c in table.columns if c.name != skip}
    dropped, added = DROPPED_FIELDS.get(table.name, frozenset()), ADDED_FIELDS.get(table.name, {})
    converted = []
    for i, row in enumerate(rows):
        where = f"{place}.{i}"
        if isinstance(row, Mapping):
            row = {k: v for k, v in row.items() if k not in dropped} | {k: v for k, v in added.items() if k not in row}
        if not isinstance(row, Mapping) or set(row) != set(columns):
            message = f"row must have exactly the columns {sorted(columns)}"
            params = {"columns": ", ".join(sorted(columns))}
            problems.append(Problem(source, message, column_name=where, code="files.backup_row_columns", params=params))
            continue
        out = {}
        for name, value in row.items():
            kind = columns[name].type
            try:
                out[name] = _from_json(value, kind)
            except (TypeError, ValueError, binascii.Error):
                message = f"'{name}' is not a valid {kind.__class__.__name__}"
                params = {"name": name, "kind": kind.__class__.__name__}
                problems.append(Problem(source, message, column_name=where, code="files.backup_value", params=params))
                out[name] = value
        converted.append(out)
    return converted


def _follow_sequences(session: Session) -> None:
    """On PostgreSQL, move each id sequence past the restored rows, so new rows get fresh ids."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in STORED:
        if "id" in table.c:
            session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # noqa: S608 (fixed names)
                    f"COALESCE((SELECT MAX(id) FROM {table.name}), 1), "
                    f"(SELECT MAX(id) FROM {table.name}) IS NOT NULL)"
                )
            )


def restore(
    session: Session,
    document: Mapping[str, Any],
    source: str = "backup",
    framework: Framework | None = None,
    roles: Mapping[str, RoleProfile] | None = None,
) -> dict[str, int]:
    """Load a backup into an empty database; returns the number of rows restored per table.

    Parameters
    ----------
    session
        The caller's transaction; nothing is written unless every check passes.
    document
        The backup as `backup` wrote it (parsed JSON).
    source
        The backup's name in problems.
    framework, roles
        What the rows must name (competency ids, qualities, red flags, roles); by default
        `data/framework.yaml` and `data/roles.yaml`.

    The backup's audit events (if any) are appended after the workspace's own, then one event
    (entity `workspace`, action `restore`) names the source and the counts restored.

    Raises
    ------
    InputError
        The document is not a backup of this version, a table or row is malformed, a table is
        unknown, a row fails the checks of `backup_checks.row_problems` (every problem at once,
        by table, row and field), the database is not empty, or the rows contradict each other
        (keys, uniqueness); nothing is written then.
    """
    tables = _tables_of(document, source)
    if not is_empty(session):
        message = "the database is not empty; restore only into an empty database"
        raise InputError([Problem(source, message, code="files.backup_not_empty")])
    problems: list[Problem] = []
    prepared: dict[str, list[dict[str, Any]]] = {}
    for table in TABLES:
        rows = _prepare_rows(table, tables.get(table.name, []), source, problems)
        if rows is not None:
            prepared[table.name] = rows
    events = _prepare_rows(AUDIT, document.get("audit", []), source, problems, place="audit", skip="id")
    unknown = sorted(set(tables) - {table.name for table in TABLES})
    if unknown:
        params = {"tables": ", ".join(unknown)}
        problems.append(
            Problem(
                source, f"unknown tables {unknown}", column_name="tables", code="files.backup_tables", params=params
            )
        )
    if not problems:
        framework = framework or load_framework()
        roles = roles if roles is not None else load_roles()
        problems = row_problems(TABLES, prepared, framework, roles, source)
    if problems:
        raise InputError(problems)
    counts = {name: len(rows) for name, rows in prepared.items()}
    problems = _fold_items(source, prepared)
    if problems:
        raise InputError(problems)
    try:
        for table in STORED:
            if prepared[table.name]:
                session.execute(insert(table), prepared[table.name])
        if events:
            session.execute(insert(AUDIT), events)
        session.flush()
    except (IntegrityError, DataError) as exc:  # a value the checks above let through: still refused
        problem = Problem(source, f"rows contradict each other: {exc.orig}", code="files.backup_contradicts")
        raise InputError([problem]) from exc
    _follow_sequences(session)
    record(session, "workspace", None, "restore", None, {"source": source, **counts, "audit_events": len(events or [])})
    return counts


def checksum(session: Session) -> str:
    """A SHA-256 hex digest of every row of every table: equal digests mean unchanged data."""
    document = backup(session, "")
    document.pop("created_at")
    document.pop("audit")  # history about the data, not the data (see the module text)
    return hashlib.sha256(json.dumps(document, sort_keys=True, default=str).encode()).hexdigest()
