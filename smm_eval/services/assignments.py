"""Interviewers assigned to candidates: recruiters and admins choose who interviews a candidate for
a vacancy, and an interviewer then sees and scores only those candidates (`services.scope`).

Each function checks the actor's role (`candidates.manage`) and the vacancy's scope first.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from smm_eval import storage
from smm_eval.access import Action, Role, actor_of, require
from smm_eval.errors import InputError, Problem
from smm_eval.services import scope
from smm_eval.services.handle import Transactions
from smm_eval.storage.users import list_users

__all__ = ["assign_interviewers", "assignments", "interviewer_choices"]


def interviewer_choices(db: Transactions) -> dict[int, str]:
    """The users who may be assigned as interviewers: active users with the interviewer role,
    user id -> name, by name. AccessDeniedError for a role without `candidates.manage`."""
    require(actor_of(db), Action.MANAGE_CANDIDATES)
    with db.transaction() as session:
        return {u.id: u.name for u in list_users(session) if u.active and u.role is Role.INTERVIEWER}


def assignments(db: Transactions, vacancy_id: int) -> Mapping[int, tuple[int, ...]]:
    """Candidate id -> the user ids assigned to interview them for the vacancy.

    Raises AccessDeniedError for a role without `candidates.manage`, NotFoundError for a vacancy
    outside the actor's scope.
    """
    with scope.in_scope(db, Action.MANAGE_CANDIDATES, vacancy_id=vacancy_id) as (session, _actor):
        return storage.assigned_interviewers(session, vacancy_id)


def assign_interviewers(db: Transactions, vacancy_id: int, candidate_id: int, user_ids: Collection[int]) -> None:
    """Make `user_ids` exactly the interviewers of the candidate for the vacancy (an empty
    collection unassigns everyone).

    Raises
    ------
    AccessDeniedError
        A role without `candidates.manage`.
    NotFoundError
        The candidate has no application to the vacancy, or it is outside the actor's scope.
    InputError
        A user who is not an active interviewer (`assignments.not_interviewer`).
    """
    with scope.in_scope(db, Action.MANAGE_CANDIDATES, vacancy_id=vacancy_id) as (session, _actor):
        wanted = {int(u) for u in user_ids}
        application = storage.application_of(session, candidate_id, vacancy_id)
        eligible = {u.id for u in list_users(session) if u.active and u.role is Role.INTERVIEWER}
        refused = sorted(wanted - eligible)
        if refused:
            message = f"users {refused} are not active interviewers"
            params = {"users": ", ".join(map(str, refused))}
            raise InputError([Problem("assignment", message, code="assignments.not_interviewer", params=params)])
        storage.set_assignments(session, application.id, wanted)
