"""Who may see which records in a team workspace: interviewers assigned to applications, team
leads of teams, and the scope queries the services' record rules run on (`services.scope`).

Functions take a session; the caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import delete, insert, or_, select
from sqlalchemy.orm import Session

from smm_eval.storage.audit import record
from smm_eval.storage.locking import NotFoundError, now
from smm_eval.storage.models import Application, Assignment, Scorecard, TeamLead, User, Vacancy


def assigned_interviewers(session: Session, vacancy_id: int) -> dict[int, tuple[int, ...]]:
    """Candidate id -> the user ids assigned to interview them for the vacancy (ascending)."""
    rows = session.execute(
        select(Application.candidate_id, Assignment.user_id)
        .join(Assignment, Assignment.application_id == Application.id)
        .where(Application.vacancy_id == vacancy_id)
        .order_by(Application.candidate_id, Assignment.user_id)
    ).all()
    out: dict[int, list[int]] = {}
    for candidate_id, user_id in rows:
        out.setdefault(int(candidate_id), []).append(int(user_id))
    return {c: tuple(u) for c, u in out.items()}


def set_assignments(session: Session, application_id: int, user_ids: Collection[int]) -> None:
    """Make `user_ids` exactly the interviewers assigned to the application.

    Raises
    ------
    NotFoundError
        The application or one of the users does not exist.
    """
    if session.get(Application, application_id) is None:
        raise NotFoundError(f"application {application_id} does not exist")
    known = set(session.scalars(select(User.id).where(User.id.in_(list(user_ids)))))
    if known != set(user_ids):
        raise NotFoundError(f"users {sorted(set(user_ids) - known)} do not exist")
    before = set(session.scalars(select(Assignment.user_id).where(Assignment.application_id == application_id)))
    wanted = set(user_ids)
    for user_id in sorted(wanted - before):
        record(session, "assignment", application_id, "assign", None, {"user_id": user_id})
    for user_id in sorted(before - wanted):
        record(session, "assignment", application_id, "unassign", {"user_id": user_id}, None)
    session.execute(delete(Assignment).where(Assignment.application_id == application_id))
    if user_ids:
        stamp = now()
        rows = [{"application_id": application_id, "user_id": u, "created_at": stamp} for u in sorted(user_ids)]
        session.execute(insert(Assignment), rows)


def assigned_applications(session: Session, user_id: int) -> set[tuple[int, int]]:
    """The (vacancy id, candidate id) pairs the user is assigned to interview."""
    rows = session.execute(
        select(Application.vacancy_id, Application.candidate_id)
        .join(Assignment, Assignment.application_id == Application.id)
        .where(Assignment.user_id == user_id)
    ).all()
    return {(int(v), int(c)) for v, c in rows}


def owned_vacancy_ids(session: Session, user_id: int) -> set[int]:
    """The vacancies a recruiter may work on: those they own and those nobody owns."""
    query = select(Vacancy.id).where(or_(Vacancy.owner_id == user_id, Vacancy.owner_id.is_(None)))
    return set(session.scalars(query))


def set_owner(session: Session, vacancy_id: int, user_id: int | None) -> None:
    """Record who owns a vacancy (its creator in a team workspace)."""
    vacancy = session.get(Vacancy, vacancy_id)
    if vacancy is None:
        raise NotFoundError(f"vacancy {vacancy_id} does not exist")
    if vacancy.owner_id != user_id:
        record(session, "vacancy", vacancy_id, "update", {"owner_id": vacancy.owner_id}, {"owner_id": user_id})
    vacancy.owner_id = user_id
    session.flush()


def led_team_ids(session: Session, user_id: int) -> set[int]:
    """The teams the user leads."""
    return set(session.scalars(select(TeamLead.team_id).where(TeamLead.user_id == user_id)))


def team_leads(session: Session) -> dict[int, tuple[int, ...]]:
    """Team id -> the user ids leading it (ascending)."""
    out: dict[int, list[int]] = {}
    for team_id, user_id in session.execute(select(TeamLead.team_id, TeamLead.user_id).order_by(TeamLead.user_id)):
        out.setdefault(int(team_id), []).append(int(user_id))
    return {t: tuple(u) for t, u in out.items()}


def set_team_leads(session: Session, team_id: int, user_ids: Collection[int]) -> None:
    """Make `user_ids` exactly the leads of the team (the team must exist: foreign keys)."""
    before = sorted(session.scalars(select(TeamLead.user_id).where(TeamLead.team_id == team_id)))
    if before != sorted(user_ids):
        record(session, "team", team_id, "update", {"leads": before}, {"leads": sorted(user_ids)})
    session.execute(delete(TeamLead).where(TeamLead.team_id == team_id))
    if user_ids:
        session.execute(insert(TeamLead), [{"team_id": team_id, "user_id": u} for u in sorted(user_ids)])
    session.flush()


def submitted_by_user(session: Session, vacancy_id: int, candidate_id: int, user_id: int) -> bool:
    """Whether the user has submitted a scorecard of the candidate for the vacancy."""
    found = session.scalar(
        select(Scorecard.id).where(
            Scorecard.vacancy_id == vacancy_id,
            Scorecard.candidate_id == candidate_id,
            Scorecard.rater_user_id == user_id,
        )
    )
    return found is not None


def application_vacancy(session: Session, application_id: int) -> tuple[int, int]:
    """The (vacancy id, candidate id) of an application.

    Raises
    ------
    NotFoundError
        No application has this id.
    """
    application = session.get(Application, application_id)
    if application is None:
        raise NotFoundError(f"application {application_id} does not exist")
    return application.vacancy_id, application.candidate_id
