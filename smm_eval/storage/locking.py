"""Optimistic locking of the workspace: the two refusals an edit can meet, and the check behind them.

Every table people edit carries `version`. An update names the version it started from
(`WHERE id = ? AND version = ?`); when no row matched, `refuse_missing_or_conflict` tells a record
that is gone (NotFoundError) from one somebody saved in between (ConflictError). Nothing is ever
overwritten silently. A refusal names who saved in between and when (`ConflictError.who`/`.when`),
read from the newest audit event of the record (`last_change`), so the user knows whose work their
save would have replaced (issue 18, finding 1). Also the one clock every record is stamped with
(`now`, UTC, whole seconds).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, NoReturn

from sqlalchemy import select
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from smm_eval.errors import Problem
from smm_eval.storage.models import AuditEvent, Base

AUDITED_AS = {
    "vacancies": "vacancy",
    "candidates": "candidate",
    "applications": "application",
    "scorecards": "scorecard",
    "salary_datasets": "salary_dataset",
    "teams": "team",
    "users": "user",
}
"""Table -> the `storage.audit` entity its changes are recorded under (who saved in between)."""


class ConflictError(Exception):
    """Someone else saved this record after it was opened; the save was refused.

    Attributes
    ----------
    who : str or None
        The name of whoever saved the record last (the newest audit event's `actor_name`); None
        when the trail holds no event for it.
    when : datetime or None
        When they saved it (UTC, aware); None with `who`.
    """

    def __init__(self, message: str, who: str | None = None, when: datetime | None = None) -> None:
        super().__init__(message)
        self.who = who
        self.when = as_utc(when) if when is not None else None

    @property
    def problem(self) -> Problem:
        """The refusal for the pages: `locking.changed` (params who, when: the UTC datetime, which
        `Messages.problem` writes in the user's language) or `locking.changed_unknown` when nobody is known."""
        if self.who is None or self.when is None:
            return Problem("save", str(self), code="locking.changed_unknown")
        params: dict[str, object] = {"who": self.who, "when": self.when}
        return Problem("save", str(self), code="locking.changed", params=params)


class NotFoundError(LookupError):
    """The record does not exist (any more)."""


def now() -> datetime:
    """The current time in UTC, to the second: the stamp of every saved record."""
    return datetime.now(UTC).replace(microsecond=0)


def as_utc(value: datetime) -> datetime:
    """A stored time as an aware UTC datetime (SQLite returns naive ones; they were written in UTC)."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def last_change(session: Session, entity: str, entity_id: int) -> tuple[str | None, datetime | None]:
    """Who changed a record last and when, from the audit trail (its newest event), else (None, None).

    The personal user has no name (`access.PERSONAL`): their events give (None, when).

    Parameters
    ----------
    entity, entity_id
        The record as the trail names it (`storage.audit.ENTITIES`, e.g. "scorecard", 12).
    """
    row = session.execute(
        select(AuditEvent.actor_name, AuditEvent.at)
        .where(AuditEvent.entity == entity, AuditEvent.entity_id == entity_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(1)
    ).first()
    return (None, None) if row is None else (str(row.actor_name) or None, as_utc(row.at))


def conflict(session: Session, entity: str, entity_id: int, message: str) -> ConflictError:
    """A `ConflictError` with `message`, naming who saved the record last and when (`last_change`)."""
    who, when = last_change(session, entity, entity_id)
    return ConflictError(message, who, when)


def refuse_missing_or_conflict(session: Session, model: type[Base], record_id: int, what: str) -> NoReturn:
    """Explain why a versioned update matched no row.

    Raises
    ------
    NotFoundError
        The record with `record_id` no longer exists.
    ConflictError
        It exists, so its version moved on: somebody saved in between (named with `who`/`when`
        when the table is audited, `AUDITED_AS`).
    """
    if session.get(model, record_id) is None:
        raise NotFoundError(f"the {what} no longer exists")
    entity = AUDITED_AS.get(model.__tablename__)
    who, when = last_change(session, entity, record_id) if entity else (None, None)
    by = f" by {who} at {when:%Y-%m-%d %H:%M} UTC" if who and when else " by someone else"
    raise ConflictError(
        f"this {what} was changed{by} after you opened it; your changes were not saved. "
        "Reload to see the current version, then apply your changes again.",
        who,
        when,
    )


def check_updated(session: Session, result: Any, model: type[Base], record_id: int, what: str) -> None:
    """Accept a versioned UPDATE that changed exactly one row; otherwise refuse it.

    Parameters
    ----------
    result
        What `session.execute(update(...))` returned (a `CursorResult`).

    Raises
    ------
    NotFoundError, ConflictError
        See `refuse_missing_or_conflict`.
    """
    if not isinstance(result, CursorResult) or result.rowcount != 1:
        refuse_missing_or_conflict(session, model, record_id, what)
