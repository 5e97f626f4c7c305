"""A candidate's data through its life: everything held about one candidate as one document, erasure
(down to a tombstone that keeps only the code), and anonymisation of candidates nobody touched for a
while (the retention rule).

What "held about a candidate" means here, table by table: the `candidates` row (name, contact,
source, notes, expected pay), their `applications` with the dated `stage_changes`, the
`scorecards` of them with their levels and evidence, the raters' unsubmitted
`scorecard_drafts`, and the `self_assessments` attached to them or labelled with their name (by
`smm_eval.names.name_key`).

Erasure leaves a tombstone: the `candidates` row with its id and code, its name set to the code and
every other field emptied. The code then stays taken (codes are never reused: `next_codes` follows
the highest), so an audit entry that names the code can never be read as a later candidate's
(design choice). Functions take a session; the caller owns the transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, delete, func, select, text, update
from sqlalchemy.orm import Session

from smm_eval.jsonvalues import json_value
from smm_eval.names import name_key
from smm_eval.storage.audit import record
from smm_eval.storage.levels import decode_levels
from smm_eval.storage.locking import as_utc, now
from smm_eval.storage.models import (
    Application,
    Candidate,
    Invitation,
    Scorecard,
    ScorecardDraft,
    SelfAssessmentRecord,
    StageChangeRecord,
    Vacancy,
)
from smm_eval.storage.versions import candidate_vacancies, touch_vacancies

CANDIDATE_FORMAT = "smm-eval-candidate"
CANDIDATE_FORMAT_VERSION = 1
FREE_TEXT_FIELDS = ("contact", "notes", "evidence", "label")  # free text that may identify a person


def find_candidate(session: Session, wanted: str) -> Candidate | None:
    """The candidate whose code is `wanted` (any case), else whose name is by `names.name_key`; None if none."""
    text = wanted.strip()
    by_code = session.scalar(select(Candidate).where(func.upper(Candidate.code) == text.upper()))
    if by_code is not None:
        return by_code
    key = name_key(text)
    return next((c for c in session.scalars(select(Candidate).order_by(Candidate.id)) if name_key(c.name) == key), None)


def is_tombstone(candidate: Candidate) -> bool:
    """Whether the row is what erasure or anonymisation leaves: the name is the code, no contact or notes."""
    return candidate.name == candidate.code and not candidate.contact and not candidate.notes


def _own_self_assessments(session: Session, candidate: Candidate) -> list[SelfAssessmentRecord]:
    """Self-assessments attached to the candidate, and unattached ones labelled with their name."""
    key = name_key(candidate.name)
    rows = session.scalars(
        select(SelfAssessmentRecord).order_by(SelfAssessmentRecord.saved_at, SelfAssessmentRecord.id)
    )
    return [r for r in rows if r.candidate_id == candidate.id or (r.candidate_id is None and name_key(r.label) == key)]


def _at(moment: datetime | None) -> Any:
    return None if moment is None else json_value(as_utc(moment))


def _scorecards(session: Session, candidate_id: int, vacancy_id: int, blind: bool) -> list[dict[str, Any]]:
    cards = list(
        session.scalars(
            select(Scorecard)
            .where(Scorecard.candidate_id == candidate_id, Scorecard.vacancy_id == vacancy_id)
            .order_by(Scorecard.rater)
        )
    )
    out = []
    for card in cards:
        evidence = card.evidence or {}
        out.append(
            {
                "rater": card.rater, "recommendation": card.recommendation, "qualities": list(card.qualities),
                "red_flags": list(card.red_flags), "submitted_at": _at(card.submitted_at),
                "notes": None if blind else card.notes,
                "items": [
                    {"competency": c, "level": lv, "evidence": None if blind else evidence.get(c, "")}
                    for c, lv in decode_levels(card.levels).items()
                ],
            }
        )  # fmt: skip
    return out


def _applications(session: Session, candidate_id: int, blind: bool) -> list[dict[str, Any]]:
    rows = session.execute(
        select(Application, Vacancy.title)
        .join(Vacancy, Vacancy.id == Application.vacancy_id)
        .where(Application.candidate_id == candidate_id)
        .order_by(Application.created_at, Application.id)
    ).all()
    out = []
    for application, title in rows:
        moves = session.scalars(
            select(StageChangeRecord)
            .where(StageChangeRecord.application_id == application.id)
            .order_by(StageChangeRecord.changed_at, StageChangeRecord.id)
        )
        drafts = session.scalars(
            select(ScorecardDraft).where(
                ScorecardDraft.candidate_id == candidate_id, ScorecardDraft.vacancy_id == application.vacancy_id
            )
        )
        out.append(
            {
                "vacancy": title, "stage": application.stage, "applied_at": _at(application.created_at),
                "stage_history": [
                    {"from_stage": m.from_stage, "to_stage": m.to_stage, "changed_at": _at(m.changed_at)} for m in moves
                ],
                "scorecards": _scorecards(session, candidate_id, application.vacancy_id, blind),
                "drafts": [] if blind else [
                    {"rater": d.rater, "saved_at": _at(d.saved_at), "content": d.content} for d in drafts
                ],
            }
        )  # fmt: skip
    return out


def candidate_document(session: Session, candidate: Candidate, blind: bool = False) -> dict[str, Any]:
    """Everything the workspace holds about one candidate, as a JSON-ready document.

    Parameters
    ----------
    candidate : Candidate
        The candidate (`find_candidate`).
    blind : bool
        Blind mode: the name, contact, notes, evidence, scorecard notes, drafts and the
        self-assessments' labels are left out (null); the candidate is known by code.

    Returns
    -------
    dict
        {"format": CANDIDATE_FORMAT, "version", "exported_at", "blind", "candidate": {...},
        "applications": [{vacancy, stage, applied_at, stage_history, scorecards (with items),
        drafts}], "self_assessments": [...]}; times UTC ISO 8601 (docs/formats.md).
    """
    hidden = blind
    person = {
        "code": candidate.code, "name": None if hidden else candidate.name,
        "contact": None if hidden else candidate.contact, "source": candidate.source,
        "notes": None if hidden else candidate.notes, "expected_salary": candidate.expected_salary,
        "expected_currency": candidate.expected_currency, "expected_gross_net": candidate.expected_gross_net,
        "created_at": _at(candidate.created_at),
    }  # fmt: skip
    selfs = [
        {
            "label": None if hidden else r.label,
            "role": r.role_id,
            "answers": dict(r.answers),
            "saved_at": _at(r.saved_at),
        }
        for r in _own_self_assessments(session, candidate)
    ]
    return {
        "format": CANDIDATE_FORMAT,
        "version": CANDIDATE_FORMAT_VERSION,
        "exported_at": json_value(now()),
        "blind": blind,
        "candidate": person,
        "applications": _applications(session, candidate.id, blind),
        "self_assessments": selfs,
        "invitations": _invitations(session, candidate.id),
    }


def _invitations(session: Session, candidate_id: int) -> list[dict[str, Any]]:
    """The candidate's invitation links with their consent record (never a token: only its hash is
    stored, and the hash is left out too)."""
    rows = session.scalars(
        select(Invitation).where(Invitation.candidate_id == candidate_id).order_by(Invitation.created_at, Invitation.id)
    )
    return [
        {
            "vacancy_id": r.vacancy_id, "created_by": r.created_by, "created_at": _at(r.created_at),
            "expires_at": _at(r.expires_at), "used_at": _at(r.used_at), "revoked_at": _at(r.revoked_at),
            "consent_text_version": r.consent_text_version, "consented_at": _at(r.consented_at),
        }
        for r in rows
    ]  # fmt: skip


def erase_candidate(session: Session, candidate: Candidate) -> dict[str, int]:
    """Erase what is held about a candidate, leaving the tombstone (id and code only).

    Deletes the candidate's scorecards (with their levels and evidence), drafts, self-assessments
    (`_own_self_assessments`), invitation links (an open link must not write to the tombstone;
    their consent records go with the data they covered) and applications (their stage changes
    cascade); then empties the row:
    name = code, contact, source and notes "", expected salary None.

    Returns
    -------
    dict
        Rows removed per table (no personal data: what an audit entry of the erasure may hold).
    """
    counts: dict[str, int] = {}
    # Before the applications go: the event recorded below can no longer find their vacancies.
    touch_vacancies(session, candidate_vacancies(session, candidate.id))
    apps = list(session.scalars(select(Application.id).where(Application.candidate_id == candidate.id)))
    counts["stage_changes"] = int(
        session.scalar(select(func.count()).where(StageChangeRecord.application_id.in_(apps))) or 0
    )
    levels = session.scalars(select(Scorecard.levels).where(Scorecard.candidate_id == candidate.id))
    # The levels held (rows of `scorecard_items` before revision 0014: the count keeps its name).
    counts["scorecard_items"] = sum(len(decode_levels(text)) for text in levels)
    counts["scorecards"] = _deleted(session, delete(Scorecard).where(Scorecard.candidate_id == candidate.id))
    counts["scorecard_drafts"] = _deleted(
        session, delete(ScorecardDraft).where(ScorecardDraft.candidate_id == candidate.id)
    )
    own = [r.id for r in _own_self_assessments(session, candidate)]
    counts["self_assessments"] = _deleted(session, delete(SelfAssessmentRecord).where(SelfAssessmentRecord.id.in_(own)))
    counts["invitations"] = _deleted(session, delete(Invitation).where(Invitation.candidate_id == candidate.id))
    session.execute(delete(StageChangeRecord).where(StageChangeRecord.application_id.in_(apps)))
    counts["applications"] = _deleted(session, delete(Application).where(Application.id.in_(apps)))
    _empty_row(session, candidate, keep_scores_fields=False)
    # The trail keeps the erasure with the code and the rows removed, never a name (storage.audit).
    record(session, "candidate", candidate.id, "erase", None, {"code": candidate.code, **counts})
    return counts


def flush_erased_pages(session: Session) -> None:
    """After an erasure has committed: on SQLite, copy the write-ahead log into the database file
    and truncate it (`PRAGMA wal_checkpoint(TRUNCATE)`), so the log no longer holds the old page
    images with the erased rows (secure_delete has zeroed them in the new ones). Best effort: a
    reader holding an old snapshot keeps the log until the next checkpoint. On PostgreSQL the dead
    row versions stay in the table file until VACUUM reclaims their space (autovacuum does)."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))


def _deleted(session: Session, statement: Any) -> int:
    result = session.execute(statement.execution_options(synchronize_session=False))
    return int(result.rowcount or 0) if isinstance(result, CursorResult) else 0


def _empty_row(session: Session, candidate: Candidate, keep_scores_fields: bool) -> None:
    """Name -> code, contact and notes emptied; source and expected pay kept only when anonymising."""
    values: dict[str, Any] = {"name": candidate.code, "contact": "", "notes": "", "version": Candidate.version + 1}
    if not keep_scores_fields:
        values |= {"source": "", "expected_salary": None}
    session.execute(
        update(Candidate)
        .where(Candidate.id == candidate.id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    session.expire(candidate)


def last_touched(session: Session) -> dict[int, datetime]:
    """Each candidate's latest activity (UTC): added, a stage move, a scorecard, a draft or a self-assessment.

    A candidate's edit has no time of its own in the schema; the row's `created_at` and the dated
    records around it are what is known (design choice: retention counts from these).
    """
    latest = {c.id: as_utc(c.created_at) for c in session.scalars(select(Candidate))}
    sources = [
        select(Application.candidate_id, func.max(StageChangeRecord.changed_at))
        .join(StageChangeRecord, StageChangeRecord.application_id == Application.id)
        .group_by(Application.candidate_id),
        select(Scorecard.candidate_id, func.max(Scorecard.submitted_at)).group_by(Scorecard.candidate_id),
        select(ScorecardDraft.candidate_id, func.max(ScorecardDraft.saved_at)).group_by(ScorecardDraft.candidate_id),
        select(SelfAssessmentRecord.candidate_id, func.max(SelfAssessmentRecord.saved_at))
        .where(SelfAssessmentRecord.candidate_id.is_not(None))
        .group_by(SelfAssessmentRecord.candidate_id),
    ]
    for query in sources:
        for candidate_id, moment in session.execute(query).all():
            if candidate_id in latest and moment is not None:
                latest[candidate_id] = max(latest[candidate_id], as_utc(moment))
    return latest


def untouched_candidates(session: Session, cutoff: datetime) -> list[tuple[Candidate, datetime]]:
    """Candidates last touched before `cutoff` (aware UTC) and not yet anonymised, by code, with that time."""
    touched = last_touched(session)
    rows = session.scalars(select(Candidate).order_by(Candidate.code))
    return [(c, touched[c.id]) for c in rows if touched[c.id] < cutoff and not is_tombstone(c)]


def anonymise_candidate(session: Session, candidate: Candidate) -> None:
    """Remove what identifies a candidate and keep the scores for statistics.

    Name -> code, contact and notes emptied; every scorecard's evidence and notes emptied; drafts
    deleted (they hold typed text); self-assessments attached or labelled with the name relabelled
    with the code and attached. Kept: applications, stages and their dates, levels, recommendations,
    qualities, red flags, source and expected pay (numbers and closed lists, design choice).
    """
    for own in _own_self_assessments(session, candidate):
        own.label, own.candidate_id = candidate.code, candidate.id
    session.execute(
        update(Scorecard)
        .where(Scorecard.candidate_id == candidate.id)
        .values(notes="", evidence={}, version=Scorecard.version + 1)
        .execution_options(synchronize_session=False)
    )
    session.execute(delete(ScorecardDraft).where(ScorecardDraft.candidate_id == candidate.id))
    session.flush()
    _empty_row(session, candidate, keep_scores_fields=True)
    record(session, "candidate", candidate.id, "anonymise", None, {"code": candidate.code})
