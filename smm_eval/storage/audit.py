"""The audit trail: every change to the workspace appended, in the same transaction, as who did
what to which record, with the changed fields' old and new values.

`record` is the one way in. It reads the actor from the session (`session.info["actor"]`, set by
`Database.transaction`) and refuses to write without one: no anonymous changes. The storage write
paths call it (vacancies, candidates, applications and their stages, scorecards, self-assessments,
teams, users, salary datasets, restores); bulk imports record one event per import with counts,
not one per rating. Scorecard drafts are not audited: they are one rater's private work in
progress, saved at every keystroke, read by nobody else and without effect on any result; the
submitted scorecard is recorded. Each event also moves on the data version of the vacancies and
teams the change concerns (`storage.versions.touch_for`), so pages' caches see every change.

Append-only: nothing here (or anywhere in the product) updates or deletes an audit row, and the
database refuses it too (triggers of migration 0011). Values are JSON-safe (dates and times as ISO
8601, sets as sorted lists). Identifying free text about candidates (names, contact, notes,
evidence, self-assessment labels, expected salaries) is never copied into the trail: the field is
recorded as changed with the value `WITHHELD`, so erasing a candidate (GDPR art. 17) needs no change
to the append-only trail, and the trail keeps no more personal data than it needs (GDPR art.
5(1)(c), data minimisation). Which fields are withheld is a design choice written in
`PERSONAL_FIELDS` and docs/access.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, insert, select
from sqlalchemy.orm import Session

from smm_eval.access import Actor
from smm_eval.jsonvalues import json_value
from smm_eval.storage.locking import now
from smm_eval.storage.models import AuditEvent, table_of
from smm_eval.storage.versions import touch_for

ENTITIES = (
    "vacancy",
    "candidate",
    "application",
    "scorecard",
    "self_assessment",
    "ratings",  # a ratings file or a vacancy's exports imported into a vacancy (entity_id: the vacancy)
    "team",
    "user",
    "invitation",
    "assignment",
    "salary_dataset",
    "workspace",  # restores (entity_id None)
)
"""What an audit event may be about (the page's entity filter lists these, in this order)."""

ACTIONS = (
    "create",
    "update",
    "stage",
    "submit",
    "delete",
    "import",
    "restore",
    "erase",
    "anonymise",
    "assign",
    "unassign",
    "revoke",
    "use",
)
"""What an audit event may record."""

WITHHELD = "<withheld>"
"""The value recorded for a personal field that changed (see `PERSONAL_FIELDS`)."""

PERSONAL_FIELDS: dict[str, frozenset[str]] = {
    "candidate": frozenset({"name", "contact", "notes", "expected_salary"}),
    "scorecard": frozenset({"notes", "evidence"}),
    "self_assessment": frozenset({"label"}),
    "invitation": frozenset({"email", "token"}),
}
"""Entity -> the fields whose values the trail withholds (design choice; see the module text)."""


class AnonymousChangeError(RuntimeError):
    """A change was attempted in a session that names no actor (a programming error: every
    transaction comes from `Database.transaction`, which names one)."""


def safe(value: Any) -> Any:
    """A value as JSON holds it, nested containers included: times and dates as ISO 8601 text
    (`smm_eval.jsonvalues.json_value`), tuples as lists, sets as sorted lists, mapping keys as text."""
    if isinstance(value, Mapping):
        return {str(k): safe(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((safe(v) for v in value), key=str)
    if isinstance(value, list | tuple):
        return [safe(v) for v in value]
    return json_value(value)


def changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fields that differ between two states, as (old values, new values), JSON-safe.

    A field in only one of them counts as changed (its other value is absent, not None).

    >>> changes({"title": "A", "status": "open"}, {"title": "B", "status": "open"})
    ({'title': 'A'}, {'title': 'B'})
    """
    before, after = safe(dict(old)), safe(dict(new))
    keys = [k for k in dict.fromkeys([*before, *after]) if before.get(k, ...) != after.get(k, ...)]
    return {k: before[k] for k in keys if k in before}, {k: after[k] for k in keys if k in after}


def _withhold(entity: str, values: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if values is None:
        return None
    personal = PERSONAL_FIELDS.get(entity, frozenset())
    return {k: WITHHELD if k in personal and v not in (None, "", {}, []) else v for k, v in safe(values).items()}


def acting(session: Session) -> Actor:
    """The actor the session's transaction acts for (`Database.transaction` sets it).

    Raises
    ------
    AnonymousChangeError
        The session names no actor.
    """
    actor = session.info.get("actor")
    if not isinstance(actor, Actor):
        raise AnonymousChangeError("this change names no actor; open the transaction through Database.transaction")
    return actor


def record(
    session: Session,
    entity: str,
    entity_id: int | None,
    action: str,
    old: Mapping[str, Any] | None = None,
    new: Mapping[str, Any] | None = None,
    *,
    actor: Actor | None = None,
) -> None:
    """Append one audit event in the session's transaction (committed or rolled back with the change).

    Parameters
    ----------
    entity, entity_id
        What changed: one of `ENTITIES` and its id (None for a restore of the workspace).
    action
        One of `ACTIONS`.
    old, new
        The changed fields' values before and after (`changes` computes them from two states);
        None for "none" (a create has no old values, a delete no new ones). Fields of
        `PERSONAL_FIELDS` are written as `WITHHELD`; everything is made JSON-safe (`safe`).
    actor
        Who acted, when not the session's actor (a user's own first sign-in, before they are one).

    Raises
    ------
    AnonymousChangeError
        No actor given and the session names none.
    ValueError
        `entity` or `action` is not a known one (a programming error).
    """
    if entity not in ENTITIES or action not in ACTIONS:
        raise ValueError(f"unknown audit entity or action: {entity!r}, {action!r}")
    who = actor or acting(session)
    row = {
        "at": now(),
        "actor_user_id": who.user_id,
        "actor_name": who.name,
        "actor_kind": who.kind,
        "entity": entity,
        "entity_id": entity_id,
        "action": action,
        "old_values": _withhold(entity, old),
        "new_values": _withhold(entity, new),
    }
    session.execute(insert(table_of(AuditEvent)), [row])
    touch_for(session, entity, entity_id)  # the pages' caches see the change (storage.versions)


def record_changes(
    session: Session, entity: str, entity_id: int, before: Mapping[str, Any], after: Mapping[str, Any]
) -> None:
    """Record an `update` of the fields that differ between `before` and `after` (`changes`);
    nothing when none does (saving a record unchanged is no change). Raises as `record`."""
    old, new = changes(before, after)
    if old or new:
        record(session, entity, entity_id, "update", old, new)


@dataclass(frozen=True)
class EventFilter:
    """Which events to list: all of one entity, by one actor name, from `since` to `until` (UTC
    dates, both included); None means no restriction."""

    entity: str | None = None
    actor_name: str | None = None
    since: date | None = None
    until: date | None = None


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _filtered(query: Select[Any], chosen: EventFilter) -> Select[Any]:
    if chosen.entity:
        query = query.where(AuditEvent.entity == chosen.entity)
    if chosen.actor_name is not None:
        query = query.where(AuditEvent.actor_name == chosen.actor_name)
    if chosen.since is not None:
        query = query.where(AuditEvent.at >= _midnight(chosen.since))
    if chosen.until is not None:
        query = query.where(AuditEvent.at < _midnight(chosen.until + timedelta(days=1)))
    return query


def list_events(
    session: Session, chosen: EventFilter | None = None, limit: int | None = None, offset: int = 0
) -> tuple[list[AuditEvent], int]:
    """The events that match, newest first (ties: latest appended first), and how many match.

    Parameters
    ----------
    limit, offset
        One page of the list: at most `limit` events (None: all) after skipping `offset`.
    """
    chosen = chosen or EventFilter()
    total = session.scalar(_filtered(select(func.count()).select_from(AuditEvent), chosen)) or 0
    query = _filtered(select(AuditEvent), chosen).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query.offset(offset))), int(total)


def actor_names(session: Session) -> list[str]:
    """Every actor name the trail holds, sorted (the page's "who" filter)."""
    return sorted(session.scalars(select(AuditEvent.actor_name).distinct()))
