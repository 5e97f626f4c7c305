"""People of a team workspace: who a signed-in visitor acts as, and the admin's user management.

`actor_for` turns the identity Streamlit's `st.login` gives (OpenID Connect claims) into the
`Actor` every service checks (`smm_eval.access`). Admins list users, add them by e-mail before
their first sign-in, give and change roles, and stop someone signing in; the last active admin
cannot be demoted or stopped (the workspace would have nobody to give out roles). Admins also say
who leads which team (`team_leads`, `set_team_leads`): a team lead sees only those teams.
"""

from __future__ import annotations

import re

from smm_eval.access import AccessDeniedError, Action, Actor, Identity, Role, actor_of, require
from smm_eval.errors import InputError, Problem
from smm_eval.services.handle import Transactions
from smm_eval.settings import get_settings
from smm_eval.storage import set_team_leads as _set_team_leads
from smm_eval.storage import team_leads as _team_leads
from smm_eval.storage.users import UserRecord, count_admins, email_taken, find_user, sign_in_user, update_user
from smm_eval.storage.users import add_user as _add_user
from smm_eval.storage.users import list_users as _list_users

__all__ = ["UserRecord", "actor_for", "add_user", "list_users", "set_team_leads", "team_leads", "update_user_access"]

# A pragmatic e-mail shape (one @, a dot in the domain, no spaces); deliverability is the provider's
# business (RFC 5321 §4.5.3.1 limits the address to 254 characters in practice, 320 stored).
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def actor_for(db: Transactions, identity: Identity) -> Actor:
    """The actor a signed-in visitor acts as, creating or claiming their user on first sign-in.

    Raises
    ------
    AccessDeniedError
        `access.inactive`: an admin stopped this user signing in.
    """
    with db.transaction() as session:
        user = sign_in_user(session, identity, get_settings().admin_emails)
    actor = Actor(user.id, user.name, user.role if user.active else None, "user")
    if not user.active:
        raise AccessDeniedError(actor, "sign_in", code="access.inactive")
    return actor


def list_users(db: Transactions) -> list[UserRecord]:
    """Every user of the workspace (admins only). Raises AccessDeniedError for other roles."""
    require(actor_of(db), Action.MANAGE_USERS)
    with db.transaction() as session:
        return _list_users(session)


def add_user(db: Transactions, email: str, name: str, role: Role | None) -> UserRecord:
    """Add someone by e-mail with a role before their first sign-in (admins only).

    Raises
    ------
    AccessDeniedError
        The actor is not an admin.
    InputError
        The e-mail is not an address (`people.email`), longer than 320 characters, or already a
        user's (`people.email_taken`); the name is longer than 200 characters (`people.name_long`).
    """
    require(actor_of(db), Action.MANAGE_USERS)
    email, name = email.strip().lower(), name.strip()
    problems = []
    if not _EMAIL.match(email) or len(email) > 320:
        problems.append(Problem("user", "is not an e-mail address", column_name="email", code="people.email"))
    if len(name) > 200:
        problems.append(Problem("user", "is longer than 200 characters", column_name="name", code="people.name_long"))
    with db.transaction() as session:
        if not problems and email_taken(session, email):
            problems.append(
                Problem("user", f"{email} is already a user", column_name="email", code="people.email_taken",
                        params={"email": email})
            )  # fmt: skip
        if problems:
            raise InputError(problems)
        return _add_user(session, email, name, role)


def update_user_access(db: Transactions, user_id: int, version: int, role: Role | None, active: bool) -> UserRecord:
    """Change a user's role and whether they may sign in (admins only), from the version shown.

    Raises
    ------
    AccessDeniedError
        The actor is not an admin, or the change would leave no active admin (`access.last_admin`).
    NotFoundError, ConflictError
        The user is gone, or changed by someone else since `version`.
    """
    actor = actor_of(db)
    require(actor, Action.MANAGE_USERS)
    with db.transaction() as session:
        before = find_user(session, user_id)
        losing_admin = before.role is Role.ADMIN and before.active and (role is not Role.ADMIN or not active)
        if losing_admin and count_admins(session) <= 1:
            raise AccessDeniedError(actor, Action.MANAGE_USERS, code="access.last_admin")
        return update_user(session, user_id, version, role, active)


def team_leads(db: Transactions) -> dict[int, tuple[int, ...]]:
    """Team id -> the user ids leading it (admins only). Raises AccessDeniedError for other roles."""
    require(actor_of(db), Action.MANAGE_USERS)
    with db.transaction() as session:
        return _team_leads(session)


def set_team_leads(db: Transactions, team_id: int, user_ids: list[int]) -> None:
    """Make `user_ids` exactly the leads of the team (admins only; an empty list leaves it to admins).

    Raises
    ------
    AccessDeniedError
        The actor is not an admin.
    NotFoundError
        The team no longer exists.
    InputError
        A user who is not an active team lead (`people.not_team_lead`).
    """
    from smm_eval.storage import NotFoundError, list_teams

    require(actor_of(db), Action.MANAGE_USERS)
    with db.transaction() as session:
        if team_id not in {t.id for t in list_teams(session)}:
            raise NotFoundError(f"team {team_id} does not exist")
        eligible = {u.id for u in _list_users(session) if u.active and u.role is Role.TEAM_LEAD}
        refused = sorted(set(user_ids) - eligible)
        if refused:
            message = f"users {refused} are not active team leads"
            params = {"users": ", ".join(map(str, refused))}
            raise InputError([Problem("team", message, code="people.not_team_lead", params=params)])
        _set_team_leads(session, team_id, user_ids)
