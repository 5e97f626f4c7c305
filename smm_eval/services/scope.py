"""Record-level rules of a team workspace: which vacancies, candidates and teams an actor may reach,
and who signs a scorecard. The role grants (`smm_eval.access.GRANTS`) say what kind of action an
actor may take; these rules say on which records, and every service applies them the same way.

- **admin** (and the personal user and the command line, who act as admins): every record.
- **recruiter**: the vacancies they own (the ones they created in a team workspace) and those
  nobody owns (created in personal mode, from the command line, by an admin, or restored from a
  backup); the candidates of those vacancies.
- **interviewer**: only the (candidate, vacancy) pairs a recruiter or admin assigned them to; the
  vacancies listed for them are the ones with such an assignment. They see the other raters'
  scorecards of a candidate only once they submitted their own (`others_visible_to`).
- **team lead**: only the teams an admin made them lead of (and those they create by importing).

A record outside one's scope behaves as if it did not exist (`storage.NotFoundError`, the same
"no longer exists" the pages already show for a deleted record), so its existence does not leak; an
action the role does not grant at all is refused with `AccessDeniedError` (`access.denied`). Both
are design choices after OWASP's access-control guidance (deny by default; prefer "not found" for
records the user may not know about: OWASP ASVS 4.0.3, V4.1.1, V4.2.1).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from smm_eval import storage
from smm_eval.access import Action, Actor, Role, actor_of, require
from smm_eval.storage import NotFoundError

if TYPE_CHECKING:  # services never import SQLAlchemy itself; the session comes from the handle
    from sqlalchemy.orm import Session

    from smm_eval.services.handle import Transactions

__all__ = [
    "NotFoundError",
    "candidate_scope",
    "draft_key",
    "in_scope",
    "others_visible_to",
    "rater_user_id",
    "require_application",
    "require_candidate",
    "require_candidate_anywhere",
    "require_team",
    "require_vacancy",
    "signed_rater",
    "team_scope",
    "vacancy_scope",
]


def _everything(actor: Actor) -> bool:
    return actor.role is Role.ADMIN


def vacancy_scope(session: Session, actor: Actor) -> set[int] | None:
    """The vacancy ids the actor may reach; None means every vacancy (admins).

    Recruiters: owned and unowned; interviewers: those with an assignment; others: none.
    """
    if _everything(actor):
        return None
    if actor.role is Role.RECRUITER and actor.user_id is not None:
        return storage.owned_vacancy_ids(session, actor.user_id)
    if actor.role is Role.INTERVIEWER and actor.user_id is not None:
        return {v for v, _ in storage.assigned_applications(session, actor.user_id)}
    return set()


def require_vacancy(session: Session, actor: Actor, vacancy_id: int) -> None:
    """Refuse a vacancy outside the actor's scope as if it did not exist.

    Raises
    ------
    NotFoundError
        The vacancy is not the actor's to reach (or does not exist).
    """
    scope = vacancy_scope(session, actor)
    if scope is not None and vacancy_id not in scope:
        raise NotFoundError(f"vacancy {vacancy_id} does not exist")


def candidate_scope(session: Session, actor: Actor, vacancy_id: int) -> set[int] | None:
    """The candidate ids of a vacancy the actor may reach; None means all of its candidates
    (admins, and recruiters on a vacancy of theirs). Interviewers: the ones assigned to them."""
    require_vacancy(session, actor, vacancy_id)
    if actor.role is Role.INTERVIEWER and actor.user_id is not None:
        return {c for v, c in storage.assigned_applications(session, actor.user_id) if v == vacancy_id}
    return None


def require_candidate(session: Session, actor: Actor, vacancy_id: int, candidate_id: int) -> None:
    """Refuse a candidate (for a vacancy) outside the actor's scope as if it did not exist.

    Raises
    ------
    NotFoundError
        The candidate is not the actor's to reach for this vacancy.
    """
    scope = candidate_scope(session, actor, vacancy_id)
    if scope is not None and candidate_id not in scope:
        raise NotFoundError(f"candidate {candidate_id} has no application to vacancy {vacancy_id}")


def require_candidate_anywhere(session: Session, actor: Actor, candidate_id: int) -> None:
    """Refuse a candidate none of whose applications is in the actor's scope, as if it did not exist.

    Raises
    ------
    NotFoundError
        No application of the candidate is the actor's to reach.
    """
    if _everything(actor):  # admins reach every candidate, also one with no application left
        return
    for vacancy_id in storage.vacancies_of(session, candidate_id):
        try:
            require_candidate(session, actor, vacancy_id, candidate_id)
            return
        except NotFoundError:
            continue
    raise NotFoundError(f"candidate {candidate_id} does not exist")


def require_application(session: Session, actor: Actor, application_id: int) -> None:
    """Refuse an application outside the actor's scope as if it did not exist.

    Raises
    ------
    NotFoundError
        The application does not exist or is not the actor's to reach.
    """
    vacancy_id, candidate_id = storage.application_vacancy(session, application_id)
    require_candidate(session, actor, vacancy_id, candidate_id)


@contextmanager
def in_scope(
    db: Transactions,
    action: Action,
    *,
    vacancy_id: int | None = None,
    candidate_id: int | None = None,
    team_id: int | None = None,
) -> Iterator[tuple[Session, Actor]]:
    """The preamble of a service acting on one record: the actor's role must grant `action`, then,
    in the transaction the service goes on in, the record must be in the actor's scope.

    `with in_scope(db, Action.MANAGE_CANDIDATES, vacancy_id=v) as (session, actor): ...` checks the
    role (before the transaction opens), then the record named: a vacancy (`require_vacancy`), a
    candidate for a vacancy (`require_candidate`), a candidate for any of their vacancies (only
    `candidate_id`: `require_candidate_anywhere`) or a team (`require_team`); none named, the role
    alone. It yields the open session and the acting actor; the transaction commits when the block
    ends and rolls back when it raises.

    Raises
    ------
    AccessDeniedError
        The actor's role does not grant `action` (`access.denied`).
    NotFoundError
        The record is outside the actor's scope (or does not exist).
    TypeError
        A team named together with a vacancy or candidate (a caller's mistake).
    """
    if team_id is not None and (vacancy_id is not None or candidate_id is not None):
        raise TypeError("in_scope names a team, or a vacancy and candidate, not both")
    actor = actor_of(db)
    require(actor, action)
    with db.transaction() as session:
        if team_id is not None:
            require_team(session, actor, team_id)
        elif candidate_id is not None and vacancy_id is not None:
            require_candidate(session, actor, vacancy_id, candidate_id)
        elif candidate_id is not None:
            require_candidate_anywhere(session, actor, candidate_id)
        elif vacancy_id is not None:
            require_vacancy(session, actor, vacancy_id)
        yield session, actor


def team_scope(session: Session, actor: Actor) -> set[int] | None:
    """The team ids the actor may reach; None means every team (admins). Team leads: the teams
    they lead; others: none."""
    if _everything(actor):
        return None
    if actor.role is Role.TEAM_LEAD and actor.user_id is not None:
        return storage.led_team_ids(session, actor.user_id)
    return set()


def require_team(session: Session, actor: Actor, team_id: int) -> None:
    """Refuse a team outside the actor's scope as if it did not exist.

    Raises
    ------
    NotFoundError
        The team is not the actor's to reach.
    """
    scope = team_scope(session, actor)
    if scope is not None and team_id not in scope:
        raise NotFoundError(f"team {team_id} does not exist")


def rater_user_id(actor: Actor) -> int | None:
    """The user a scorecard is signed with: the signed-in user, None in personal mode and the CLI."""
    return actor.user_id if actor.kind == "user" else None


def signed_rater(actor: Actor, typed: str) -> str:
    """The rater name a scorecard carries: the signed-in user's name in a team workspace (a typed
    name is ignored, so nobody can submit or read as a colleague), else the name typed (personal
    mode, the command line), surrounding spaces removed."""
    return actor.name.strip() if rater_user_id(actor) is not None else typed.strip()


def draft_key(actor: Actor, typed: str) -> str:
    """The key a scorecard draft is kept under: the signed-in user (`#user<id>`, never a name two
    users could share), else the typed rater name."""
    user = rater_user_id(actor)
    return f"#user{user}" if user is not None else typed.strip()


def others_visible_to(
    session: Session, actor: Actor, vacancy_id: int, candidate_id: int, submitted_by_name: bool
) -> bool:
    """Whether the actor may see the other raters' scorecards of a candidate.

    Signed-in users who may rank the vacancy (admins, recruiters) see them: the ranking shows
    them anyway. Everyone else signed in (interviewers) sees them once they submitted their own
    scorecard, found by their user id, never by a name. In personal mode and on the command line
    `submitted_by_name` decides (the typed rater has a scorecard), as before team workspaces.
    """
    user = rater_user_id(actor)
    if user is None:
        return submitted_by_name
    if actor.may(Action.VIEW_RANKING):
        return True
    return storage.submitted_by_user(session, vacancy_id, candidate_id, user)
