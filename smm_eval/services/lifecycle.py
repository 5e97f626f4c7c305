"""A candidate's data lifecycle: export everything held about one candidate, erase a candidate, and the
retention rule that anonymises candidates nobody touched for N months.

One function per action of the candidate page, the candidates page's data section and the
`candidate export`, `candidate erase` and `retention apply` commands; each is one transaction.
Exporting one candidate is `Action.MANAGE_CANDIDATES`; erasing and retention are
`Action.RETENTION` (admins). Erasure and anonymisation append their audit events in the same
transaction (`storage.lifecycle`: code and rows removed, never a name) and return a summary
without personal data (`Erasure.audit_details`, `RetentionReport.audit_details`) for messages.
"""

from __future__ import annotations

import calendar
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from smm_eval.access import Action, actor_of, require
from smm_eval.errors import InputError, Problem
from smm_eval.services import scope
from smm_eval.services.handle import Transactions
from smm_eval.storage import NotFoundError, lifecycle
from smm_eval.storage.candidates import vacancies_of
from smm_eval.storage.locking import now

ERASED_EVENT = "candidate.erased"
ANONYMISED_EVENT = "candidates.anonymised"


def _unknown(wanted: str) -> InputError:
    message = f"no candidate has the code or name '{wanted}'"
    return InputError([Problem("candidate", message, code="lifecycle.unknown_candidate", params={"wanted": wanted})])


def export_candidate(db: Transactions, wanted: str, blind: bool = False) -> dict[str, Any]:
    """Everything held about one candidate, as the JSON-ready document of docs/formats.md.

    Parameters
    ----------
    wanted : str
        The candidate's code (any case) or name (matched by `smm_eval.names.name_key`).
    blind : bool
        Blind mode: name, contact, notes, evidence, drafts and self-assessment labels left out (null).

    Raises
    ------
    InputError
        No candidate has that code or name (`lifecycle.unknown_candidate`).
    AccessDeniedError
        The actor may not manage candidates.
    """
    actor = actor_of(db)
    require(actor, Action.MANAGE_CANDIDATES)
    with db.transaction() as session:
        candidate = lifecycle.find_candidate(session, wanted)
        if candidate is None:
            raise _unknown(wanted)
        try:  # a recruiter exports the candidates of their vacancies only (services.scope)
            scope.require_candidate_anywhere(session, actor, candidate.id)
        except NotFoundError:
            raise _unknown(wanted) from None
        return lifecycle.candidate_document(session, candidate, blind)


def export_candidate_json(db: Transactions, wanted: str, blind: bool = False) -> str:
    """`export_candidate` as indented UTF-8 JSON text (what the download and the command write)."""
    return json.dumps(export_candidate(db, wanted, blind), ensure_ascii=False, indent=1)


@dataclass(frozen=True)
class Erasure:
    """An erased candidate: id and code (the tombstone's), rows removed per table, when (UTC)."""

    candidate_id: int
    code: str
    removed: Mapping[str, int]
    at: datetime

    def audit_details(self) -> dict[str, Any]:
        """The audit entry's content: event, candidate id and code, row counts; no personal data."""
        return {
            "event": ERASED_EVENT,
            "candidate_id": self.candidate_id,
            "code": self.code,
            "removed": dict(self.removed),
        }


def erase_candidate(db: Transactions, code: str) -> Erasure:
    """Erase a candidate, named by code only (a name could match the wrong person), leaving the tombstone.

    Scorecards, drafts, self-assessments, applications and stage history are deleted; name,
    contact, source, notes and expected pay emptied (`storage.lifecycle.erase_candidate`).
    Rankings no longer include them: every ranking is computed from the stored rows.

    Raises
    ------
    InputError
        No candidate has that code, or it was erased already (`lifecycle.unknown_candidate`,
        `lifecycle.already_erased`).
    AccessDeniedError
        The actor is not an admin (`Action.RETENTION`).
    """
    require(actor_of(db), Action.RETENTION)
    with db.transaction() as session:
        candidate = lifecycle.find_candidate(session, code)
        if candidate is None or candidate.code.upper() != code.strip().upper():
            raise _unknown(code)
        if lifecycle.is_tombstone(candidate) and not vacancies_of(session, candidate.id):
            message = f"candidate {candidate.code} was erased already"
            raise InputError(
                [Problem("candidate", message, code="lifecycle.already_erased", params={"code": candidate.code})]
            )
        removed = lifecycle.erase_candidate(session, candidate)
    with db.transaction() as session:  # after the commit: nothing of the erased rows left in the log
        lifecycle.flush_erased_pages(session)
    return Erasure(candidate.id, candidate.code, removed, now())


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier, the day clamped to the month's last.

    >>> months_before(datetime(2026, 3, 31, 12, tzinfo=UTC), 1).isoformat()
    '2026-02-28T12:00:00+00:00'
    """
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


@dataclass(frozen=True)
class Untouched:
    """A candidate the retention rule anonymises: id, code, name (before), last activity (UTC)."""

    candidate_id: int
    code: str
    name: str
    last_touched: datetime


@dataclass(frozen=True)
class RetentionReport:
    """The retention rule's run: the cutoff (UTC; untouched since before it), who, and whether it applied."""

    months: int
    cutoff: datetime
    candidates: tuple[Untouched, ...]
    applied: bool

    def audit_details(self) -> dict[str, Any]:
        """The audit entry's content: event, months, cutoff and the codes anonymised; no names."""
        codes = [c.code for c in self.candidates]
        return {"event": ANONYMISED_EVENT, "months": self.months, "cutoff": self.cutoff.isoformat(), "codes": codes}


def apply_retention(
    db: Transactions, months: int, dry_run: bool = False, today: datetime | None = None
) -> RetentionReport:
    """Anonymise every candidate not touched for `months` months (or only list them: `dry_run`).

    Touched means added, moved between stages, scored, drafted or self-assessed
    (`storage.lifecycle.last_touched`). Anonymising keeps the scores for statistics and removes
    name, contact, notes, evidence and drafts (`storage.lifecycle.anonymise_candidate`).

    Parameters
    ----------
    months : int
        The retention period, at least 1 (`SMM_EVAL_RETENTION_MONTHS`).
    today : datetime, optional
        The clock (aware; default now, UTC): tests fix it.

    Raises
    ------
    InputError
        `months` below 1 (`lifecycle.bad_months`).
    AccessDeniedError
        The actor is not an admin (`Action.RETENTION`).
    """
    require(actor_of(db), Action.RETENTION)
    if months < 1:
        message = f"the retention period must be at least 1 month, not {months}"
        raise InputError([Problem("retention", message, code="lifecycle.bad_months", params={"months": months})])
    cutoff = months_before((today or now()).astimezone(UTC), months)
    with db.transaction() as session:
        found = lifecycle.untouched_candidates(session, cutoff)
        listed = tuple(Untouched(c.id, c.code, c.name, moment) for c, moment in found)
        if not dry_run:
            for candidate, _ in found:
                lifecycle.anonymise_candidate(session, candidate)
    return RetentionReport(months, cutoff, listed, applied=not dry_run)
