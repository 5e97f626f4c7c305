"""Candidates and their applications: add a candidate (with the next free code), attach one to a
vacancy, and move an application through the hiring stages (optimistically locked).

Codes (`C0001`, ...) are what blind mode shows instead of names; they are never reused while the
candidate exists. Functions take a session; the caller owns the transaction.
"""

from __future__ import annotations

import re

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from smm_eval.errors import InputError, Problem
from smm_eval.names import name_key
from smm_eval.schemas import CandidateInput
from smm_eval.storage.audit import record
from smm_eval.storage.locking import NotFoundError, check_updated, now
from smm_eval.storage.models import Application, Candidate, StageChangeRecord
from smm_eval.vocabulary import STAGES

FIRST_STAGE = STAGES[0]


def next_codes(session: Session, count: int) -> list[str]:
    """The next `count` free candidate codes, following the highest `C<number>` in use."""
    numbers = [int(m.group(1)) for c in session.scalars(select(Candidate.code)) if (m := re.fullmatch(r"C(\d+)", c))]
    start = max(numbers, default=0) + 1
    return [f"C{n:04d}" for n in range(start, start + count)]


def add_candidate(session: Session, data: CandidateInput, vacancy_id: int | None = None) -> Candidate:
    """Save a new candidate with the next code, attached to `vacancy_id` when given.

    Raises
    ------
    InputError
        A candidate with this name exists already, names compared by `smm_eval.names.name_key`
        as the imports compare them (`  ana   MORALES ` is the stored `Ana Morales`); the problem
        (`candidate.name_taken`) names the stored candidate as first written.
    """
    taken = candidate_named(session, data.name)
    if taken is not None:
        message = f"a candidate named '{taken}' exists already"
        raise InputError(
            [Problem(f"candidate '{data.name}'", message, code="candidate.name_taken", params={"name": taken})]
        )
    candidate = Candidate(**data.model_dump(), code=next_codes(session, 1)[0], version=1, created_at=now())
    session.add(candidate)
    session.flush()
    record(session, "candidate", candidate.id, "create", None, {"code": candidate.code, **data.model_dump()})
    if vacancy_id is not None:
        attach(session, candidate.id, vacancy_id)
    return candidate


def candidate_named(session: Session, name: str) -> str | None:
    """The stored name of the candidate who is `name` by `smm_eval.names.name_key`, None if none is.

    The exact name is looked up first; otherwise the stored names are read once and matched by
    key (the oldest candidate wins where a key is stored twice).
    """
    if session.scalar(select(Candidate.id).where(Candidate.name == name)) is not None:
        return name
    key = name_key(name)
    stored = session.scalars(select(Candidate.name).order_by(Candidate.id))
    return next((n for n in stored if name_key(n) == key), None)


def attach(session: Session, candidate_id: int, vacancy_id: int, stage: str = FIRST_STAGE) -> Application:
    """The candidate's application to the vacancy, created at `stage` when there is none yet."""
    existing = session.scalar(
        select(Application).where(Application.candidate_id == candidate_id, Application.vacancy_id == vacancy_id)
    )
    if existing is not None:
        return existing
    at = now()
    application = Application(candidate_id=candidate_id, vacancy_id=vacancy_id, stage=stage, version=1, created_at=at)
    session.add(application)
    session.flush()
    session.add(StageChangeRecord(application_id=application.id, from_stage=None, to_stage=stage, changed_at=at))
    new = {"candidate_id": candidate_id, "vacancy_id": vacancy_id, "stage": stage}
    record(session, "application", application.id, "create", None, new)
    return application


def set_stage(session: Session, application_id: int, expected_version: int, stage: str) -> None:
    """Move an application, edited from `expected_version`, to `stage` (one of vocabulary.STAGES).

    Raises
    ------
    InputError
        `stage` is not a known stage.
    ConflictError
        Someone changed the application after `expected_version`.
    NotFoundError
        The application no longer exists.
    """
    if stage not in STAGES:
        message = f"unknown stage '{stage}'; expected one of {list(STAGES)}"
        raise InputError([Problem("stage", message, code="candidate.unknown_stage", params={"stage": stage})])
    before = session.scalar(
        select(Application.stage).where(Application.id == application_id, Application.version == expected_version)
    )
    result = session.execute(
        update(Application)
        .where(Application.id == application_id, Application.version == expected_version)
        .values(stage=stage, version=Application.version + 1)
        .execution_options(synchronize_session=False)
    )
    check_updated(session, result, Application, application_id, "application")
    if before != stage:  # saving the same stage again is no move
        move = StageChangeRecord(application_id=application_id, from_stage=before, to_stage=stage, changed_at=now())
        session.add(move)
        record(session, "application", application_id, "stage", {"stage": before}, {"stage": stage})


def stage_history(session: Session, application_id: int) -> list[StageChangeRecord]:
    """The application's recorded moves between stages, oldest first (the attach is the first, with
    `from_stage` None, for applications attached since revision 0008)."""
    rows = session.scalars(
        select(StageChangeRecord)
        .where(StageChangeRecord.application_id == application_id)
        .order_by(StageChangeRecord.changed_at, StageChangeRecord.id)
    )
    return list(rows)


def application_of(session: Session, candidate_id: int, vacancy_id: int) -> Application:
    """The candidate's application to the vacancy; NotFoundError when there is none."""
    application = session.scalar(
        select(Application).where(Application.candidate_id == candidate_id, Application.vacancy_id == vacancy_id)
    )
    if application is None:
        raise NotFoundError(f"candidate {candidate_id} has no application to vacancy {vacancy_id}")
    return application


def vacancies_of(session: Session, candidate_id: int) -> list[int]:
    """The ids of the vacancies a candidate applied to, oldest application first."""
    return list(
        session.scalars(
            select(Application.vacancy_id)
            .where(Application.candidate_id == candidate_id)
            .order_by(Application.created_at, Application.id)
        )
    )
