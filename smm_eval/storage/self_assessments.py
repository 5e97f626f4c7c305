"""Self-assessments saved from the job seeker's page (or kept apart from an imported ratings file),
optionally linked to a candidate; and the latest one of each candidate, shown beside the
interviewers' ratings, never averaged in.

Functions take a session; the caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from smm_eval.errors import InputError, Problem
from smm_eval.limits import batches
from smm_eval.storage.audit import record
from smm_eval.storage.locking import NotFoundError, as_utc, now
from smm_eval.storage.models import SelfAssessmentRecord
from smm_eval.vocabulary import MAX_PERSON_NAME


def save_self_assessment(
    session: Session, label: str, role_id: str | None, answers: Mapping[str, int], candidate_id: int | None = None
) -> SelfAssessmentRecord:
    """Save one self-assessment: a label (the person's name), the role it was taken for, and the
    answers (competency id -> level 0..4).

    Raises
    ------
    InputError
        The label is empty or longer than vocabulary.MAX_PERSON_NAME characters.
    """
    label = label.strip()
    if not label or len(label) > MAX_PERSON_NAME:
        message = f"the name must be 1 to {MAX_PERSON_NAME} characters"
        params = {"longest": MAX_PERSON_NAME}
        raise InputError([Problem("self-assessment", message, code="self_assessment.name_length", params=params)])
    record = SelfAssessmentRecord(
        candidate_id=candidate_id, label=label, role_id=role_id, answers=dict(answers), saved_at=now()
    )
    session.add(record)
    session.flush()
    _audit(session, record, "create")
    return record


def _audit(session: Session, saved: SelfAssessmentRecord, action: str) -> None:
    """The audit event of a self-assessment saved or deleted (its label, a name, is withheld)."""
    values: dict[str, Any] = {"candidate_id": saved.candidate_id, "label": saved.label, "role_id": saved.role_id}
    values["answers"] = saved.answers
    if action == "create":
        record(session, "self_assessment", saved.id, action, None, values)
    else:
        record(session, "self_assessment", saved.id, action, values, None)


def latest_self_assessments(session: Session, candidate_ids: Iterable[int]) -> dict[int, SelfAssessmentRecord]:
    """The newest self-assessment of each of these candidates that has one (candidate id -> record)."""
    ids = [int(i) for i in candidate_ids]
    records: list[SelfAssessmentRecord] = []
    for part in batches(ids):  # drivers cap the parameters of one statement (smm_eval.limits)
        records += session.scalars(select(SelfAssessmentRecord).where(SelfAssessmentRecord.candidate_id.in_(part)))
    records.sort(key=lambda r: (as_utc(r.saved_at), r.id))
    return {r.candidate_id: r for r in records if r.candidate_id is not None}


def list_self_assessments(session: Session) -> list[SelfAssessmentRecord]:
    """Every stored self-assessment, newest first (ties by id, newest first)."""
    return list(
        session.scalars(
            select(SelfAssessmentRecord).order_by(SelfAssessmentRecord.saved_at.desc(), SelfAssessmentRecord.id.desc())
        )
    )


def get_self_assessment(session: Session, record_id: int) -> SelfAssessmentRecord:
    """One stored self-assessment; NotFoundError when it no longer exists (deleted meanwhile)."""
    record = session.get(SelfAssessmentRecord, record_id)
    if record is None:
        raise NotFoundError(f"self-assessment {record_id} no longer exists")
    return record


def delete_self_assessment(session: Session, record_id: int) -> None:
    """Delete one stored self-assessment; NotFoundError when it no longer exists."""
    stored = get_self_assessment(session, record_id)
    _audit(session, stored, "delete")
    session.delete(stored)
    session.flush()
