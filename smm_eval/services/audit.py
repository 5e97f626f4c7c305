"""The audit trail for admins: list its events (filtered, newest first, a page at a time) and
export them as CSV. Only actors whose role grants `Action.VIEW_AUDIT` (admins) may; the events are
written by the storage layer (`smm_eval.storage.audit.record`), never here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from smm_eval import storage
from smm_eval.access import Action, actor_of, require
from smm_eval.files.csv_out import csv_bytes
from smm_eval.services.handle import Transactions
from smm_eval.storage.audit import ACTIONS, ENTITIES, WITHHELD, EventFilter

__all__ = [
    "ACTIONS",
    "COLUMNS",
    "ENTITIES",
    "WITHHELD",
    "AuditPage",
    "EventFilter",
    "actor_names",
    "change_lines",
    "export_events",
    "list_events",
]

COLUMNS = [
    "id", "at", "actor_user_id", "actor_name", "actor_kind", "entity", "entity_id", "action", "old_values", "new_values"
]  # fmt: skip
"""The columns of the events frame and of the CSV export (docs/formats.md, "Audit trail export")."""

MAX_PAGE = 500  # the most events one page lists (design choice: a page the browser renders at once)


@dataclass(frozen=True)
class AuditPage:
    """One page of the trail: `events` (the COLUMNS; `at` an aware UTC timestamp, the values
    dicts or None) newest first, and `total`, how many events match the filter."""

    events: pd.DataFrame
    total: int


def _frame(rows: list[Any]) -> pd.DataFrame:
    records = [{c: getattr(r, c) for c in COLUMNS} for r in rows]
    frame = pd.DataFrame.from_records(records, columns=COLUMNS)
    frame["at"] = pd.to_datetime(frame["at"], utc=True)
    for column in ("actor_user_id", "entity_id"):
        frame[column] = frame[column].astype("Int64")
    return frame


def list_events(db: Transactions, chosen: EventFilter | None = None, limit: int = 50, offset: int = 0) -> AuditPage:
    """The events matching `chosen`, newest first: `limit` of them (1..MAX_PAGE) after `offset`.

    Raises
    ------
    AccessDeniedError
        The actor's role does not grant `audit.view` (admins only).
    """
    require(actor_of(db), Action.VIEW_AUDIT)
    with db.transaction() as session:
        rows, total = storage.list_events(session, chosen, min(max(limit, 1), MAX_PAGE), max(offset, 0))
        return AuditPage(_frame(rows), total)


def actor_names(db: Transactions) -> list[str]:
    """Everyone the trail names as having acted, sorted (the "who" filter). Admins only, as above."""
    require(actor_of(db), Action.VIEW_AUDIT)
    with db.transaction() as session:
        return storage.actor_names(session)


def export_events(db: Transactions, chosen: EventFilter | None = None) -> bytes:
    """Every event matching `chosen` (all by default) as CSV, oldest first, through the project's
    formula-guarded writer (`files.csv_out.csv_bytes`, UTF-8 with a byte-order mark).

    Columns are COLUMNS; `at` is ISO 8601 in UTC; `old_values` and `new_values` are JSON objects
    (keys sorted; empty when none). Admins only.

    Raises
    ------
    AccessDeniedError
        The actor's role does not grant `audit.view`.
    """
    require(actor_of(db), Action.VIEW_AUDIT)
    with db.transaction() as session:
        rows, _total = storage.list_events(session, chosen)
    frame = _frame(list(reversed(rows)))
    frame["at"] = [t.isoformat() for t in frame["at"]]
    for column in ("old_values", "new_values"):
        frame[column] = [_json(v) for v in frame[column]]
    return csv_bytes(frame)


def _json(values: dict[str, Any] | None) -> str:
    return "" if values is None else json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def change_lines(
    old: dict[str, Any] | None,
    new: dict[str, Any] | None,
    withheld: str = WITHHELD,
    label: Callable[[str], str] | None = None,
) -> list[str]:
    """The change readably, one line per field, `field: old → new` (`field: new` for a create,
    `field: old → ∅` for a delete); withheld values shown as `withheld`, texts as they are, no value as "—",
    other values as compact JSON. `label` names a field as the reader's language does (the pages pass
    the catalogue's `audit.field.*`); without it the stored key is shown (the CSV export, the CLI).

    >>> change_lines({"stage": "screen"}, {"stage": "offer"})
    ['stage: screen → offer']
    >>> change_lines(None, {"budget_max": 120000}, label=lambda f: f.replace("_", " "))
    ['budget max: 120000']
    """
    before, after = old or {}, new or {}
    name = label or (lambda field: field)

    def shown(value: Any) -> str:
        if value == WITHHELD:
            return withheld
        if value is None:
            return "—"
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)

    lines = []
    for field in dict.fromkeys([*before, *after]):
        if field in before and field in after:
            lines.append(f"{name(field)}: {shown(before[field])} → {shown(after[field])}")
        elif field in after:
            lines.append(f"{name(field)}: {shown(after[field])}")
        else:
            lines.append(f"{name(field)}: {shown(before[field])} → ∅")
    return lines
