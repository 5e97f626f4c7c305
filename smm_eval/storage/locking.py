"""Optimistic locking of the workspace: the two refusals an edit can meet, and the check behind them.

Every table people edit carries `version`. An update names the version it started from
(`WHERE id = ? AND version = ?`); when no row matched, `refuse_missing_or_conflict` tells a record
that is gone (NotFoundError) from one somebody saved in between (ConflictError). Nothing is ever
overwritten silently. Also the one clock every record is stamped with (`now`, UTC, whole seconds).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, NoReturn

from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from smm_eval.storage.models import Base


class ConflictError(Exception):
    """Someone else saved this record after it was opened; the save was refused."""


class NotFoundError(LookupError):
    """The record does not exist (any more)."""


def now() -> datetime:
    """The current time in UTC, to the second: the stamp of every saved record."""
    return datetime.now(UTC).replace(microsecond=0)


def as_utc(value: datetime) -> datetime:
    """A stored time as an aware UTC datetime (SQLite returns naive ones; they were written in UTC)."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def refuse_missing_or_conflict(session: Session, model: type[Base], record_id: int, what: str) -> NoReturn:
    """Explain why a versioned update matched no row.

    Raises
    ------
    NotFoundError
        The record with `record_id` no longer exists.
    ConflictError
        It exists, so its version moved on: somebody saved in between.
    """
    if session.get(model, record_id) is None:
        raise NotFoundError(f"the {what} no longer exists")
    raise ConflictError(
        f"this {what} was changed by someone else after you opened it; your changes were not saved. "
        "Reload to see the current version, then apply your changes again."
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
