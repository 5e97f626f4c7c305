"""Scorecard drafts: one rater's unsubmitted scorecard of one candidate for one vacancy, stored as
JSON (`content`) until the rater submits (`services.candidates.save_scorecard` removes it in the
same transaction) or discards it.

Functions take a session; the caller owns the transaction. The content's shape is the service's
(`smm_eval.services.drafts`); storage keeps it as given.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from smm_eval.storage.locking import now
from smm_eval.storage.models import ScorecardDraft


def _find(session: Session, vacancy_id: int, candidate_id: int, rater: str) -> ScorecardDraft | None:
    return session.execute(
        select(ScorecardDraft).where(
            ScorecardDraft.vacancy_id == vacancy_id,
            ScorecardDraft.candidate_id == candidate_id,
            ScorecardDraft.rater == rater,
        )
    ).scalar_one_or_none()


def save_draft(session: Session, vacancy_id: int, candidate_id: int, rater: str, content: dict[str, Any]) -> datetime:
    """Store (or replace) the rater's draft of the candidate for the vacancy; returns when it was saved (UTC).

    Raises
    ------
    sqlalchemy.exc.IntegrityError
        The candidate or the vacancy does not exist (foreign keys).
    """
    saved_at = now()
    draft = _find(session, vacancy_id, candidate_id, rater)
    if draft is None:
        session.add(
            ScorecardDraft(
                vacancy_id=vacancy_id, candidate_id=candidate_id, rater=rater, content=content, saved_at=saved_at
            )
        )
    else:
        draft.content, draft.saved_at = content, saved_at
    session.flush()
    return saved_at


def find_draft(
    session: Session, vacancy_id: int, candidate_id: int, rater: str
) -> tuple[dict[str, Any], datetime] | None:
    """The stored draft's content and when it was saved, or None."""
    draft = _find(session, vacancy_id, candidate_id, rater)
    return None if draft is None else (dict(draft.content), draft.saved_at)


def delete_draft(session: Session, vacancy_id: int, candidate_id: int, rater: str) -> bool:
    """Remove the draft; True when there was one."""
    result = session.execute(
        delete(ScorecardDraft).where(
            ScorecardDraft.vacancy_id == vacancy_id,
            ScorecardDraft.candidate_id == candidate_id,
            ScorecardDraft.rater == rater,
        )
    )
    return bool(getattr(result, "rowcount", 0))
