"""Who is acting, and what each role may do: the one place the product's permissions are written.

Two modes (see `smm_eval.settings.Settings.mode`):

- *personal* (the default with SQLite): nobody signs in; the single user on their own machine acts
  as `PERSONAL`, who may do everything.
- *team* (required with PostgreSQL): every visitor signs in (OpenID Connect through Streamlit's
  `st.login`) and acts as an `Actor` built from their row in the workspace's `users` table, with
  the one role an admin gave them. The command line acts as `COMMAND_LINE`, an admin, on the
  workspace it is given (whoever can run it can read the database file or URL anyway).

Every service checks the actor of the database handle it is given (`actor_of(db)`, set by
`Database.acting_as` or the pages' handle), not only the page, so a crafted URL or a direct call
cannot do more than the role allows. Record-level rules (an interviewer sees only the candidates
assigned to them, a team lead only their teams, a recruiter the rankings of their vacancies) are
applied by the services on top of the grants below.

The grants follow the division of work in structured hiring (Bohnet 2016, *What Works*; Google
re:Work "Use structured interviewing"): recruiters own vacancies and candidates, interviewers
score independently and see colleagues' scorecards only after submitting their own, and people
data is administered by a few. The exact table is a design choice written here and in
docs/access.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

from smm_eval.errors import Problem


class Role(StrEnum):
    """A role in a team workspace; a user holds one (an admin may do everything)."""

    ADMIN = "admin"
    RECRUITER = "recruiter"
    INTERVIEWER = "interviewer"
    TEAM_LEAD = "team_lead"


class Action(StrEnum):
    """What a service may be asked to do; `GRANTS` says which roles may."""

    MANAGE_USERS = "users.manage"  # users, roles, assignments of team leads
    RESTORE = "workspace.restore"  # restore a backup into the workspace
    BACKUP = "workspace.backup"  # download everything (a full backup)
    RETENTION = "workspace.retention"  # retention setting, anonymising, erasing a candidate
    VIEW_AUDIT = "audit.view"  # read and export the audit trail
    MANAGE_VACANCIES = "vacancies.manage"  # create and edit vacancies
    MANAGE_CANDIDATES = "candidates.manage"  # add, import, attach, move stages, assign interviewers
    VIEW_RANKING = "vacancies.rank"  # the ranking, compare and market positions of a vacancy
    VIEW_CANDIDATES = "candidates.view"  # a candidate's page (interviewers: assigned ones only)
    SUBMIT_SCORECARD = "scorecards.submit"  # one's own scorecard (interviewers: assigned ones only)
    INVITE_CANDIDATES = "invitations.candidates"  # a self-assessment link for one candidate
    VIEW_TEAMS = "teams.view"  # a team's matrix and plan (team leads: their teams only)
    MANAGE_TEAMS = "teams.manage"  # import and edit team ratings, invite members
    MANAGE_SALARY_DATA = "salary_data.manage"  # upload, rename and delete shared salary datasets


_EVERYONE = frozenset(Role)
GRANTS: dict[Action, frozenset[Role]] = {
    Action.MANAGE_USERS: frozenset({Role.ADMIN}),
    Action.RESTORE: frozenset({Role.ADMIN}),
    Action.BACKUP: frozenset({Role.ADMIN}),
    Action.RETENTION: frozenset({Role.ADMIN}),
    Action.VIEW_AUDIT: frozenset({Role.ADMIN}),
    Action.MANAGE_VACANCIES: frozenset({Role.ADMIN, Role.RECRUITER}),
    Action.MANAGE_CANDIDATES: frozenset({Role.ADMIN, Role.RECRUITER}),
    Action.VIEW_RANKING: frozenset({Role.ADMIN, Role.RECRUITER}),
    Action.VIEW_CANDIDATES: frozenset({Role.ADMIN, Role.RECRUITER, Role.INTERVIEWER}),
    Action.SUBMIT_SCORECARD: frozenset({Role.ADMIN, Role.RECRUITER, Role.INTERVIEWER}),
    Action.INVITE_CANDIDATES: frozenset({Role.ADMIN, Role.RECRUITER}),
    Action.VIEW_TEAMS: frozenset({Role.ADMIN, Role.TEAM_LEAD}),
    Action.MANAGE_TEAMS: frozenset({Role.ADMIN, Role.TEAM_LEAD}),
    Action.MANAGE_SALARY_DATA: frozenset({Role.ADMIN, Role.RECRUITER}),
}
"""Action -> the roles granted it. Signed-in users without a role may use only the personal tools
(self-assessment, results, salary estimate, scoring a file of their own)."""


@dataclass(frozen=True)
class Identity:
    """A signed-in person as the OpenID Connect provider names them (ID-token claims `iss`, `sub`,
    `email`, `name`; OpenID Connect Core 1.0 §2 and §5.1). `issuer` + `subject` identify them; the
    e-mail is only shown and used to match users an admin added before their first sign-in."""

    issuer: str
    subject: str
    email: str = ""
    name: str = ""
    email_verified: bool = False


@dataclass(frozen=True)
class Actor:
    """Who performs a service call.

    `user_id` is the row in `users` (None for the personal user and the command line); `name` is
    shown in the audit trail and signs scorecards; `role` is None for a signed-in user an admin has
    not given a role yet; `kind` tells the personal user, the command line, signed-in users and
    the holder of an invitation link apart.
    """

    user_id: int | None
    name: str
    role: Role | None
    kind: Literal["personal", "cli", "user", "invitation"] = "user"

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    def may(self, action: Action) -> bool:
        """Whether the role grants `action` (record-level rules are the services' business)."""
        return self.role is not None and self.role in GRANTS[action]


PERSONAL = Actor(None, "", Role.ADMIN, "personal")
"""The single user of a personal workspace: no account, may do everything."""

COMMAND_LINE = Actor(None, "command line", Role.ADMIN, "cli")
"""The command line: an admin on the workspace it is given (documented in docs/access.md)."""


class AccessDeniedError(PermissionError):
    """The actor's role does not allow the action (or the record is not theirs).

    `problem` carries the catalogue code `access.denied` (or a more specific `access.*`) and the
    action, so pages say it in the user's language; the CLI never meets it (it acts as admin).
    """

    def __init__(self, actor: Actor, action: Action | str, code: str = "access.denied", **params: Any) -> None:
        self.actor, self.action = actor, str(action)
        role = actor.role.value if actor.role else "none"
        message = f"the role '{role}' may not do '{self.action}'"
        self.problem = Problem("access", message, code=code, params={"action": self.action, "role": role, **params})
        super().__init__(message)


def require(actor: Actor, action: Action) -> None:
    """Refuse unless the actor's role grants `action`.

    Raises
    ------
    AccessDeniedError
        The role (or the lack of one) does not grant it.
    """
    if not actor.may(action):
        raise AccessDeniedError(actor, action)


def actor_of(db: object) -> Actor:
    """The actor a database handle acts for (`Database.actor`, the pages' handle's `actor`).

    Raises
    ------
    TypeError
        The handle names no actor: every handle must say who acts (no silent admin).
    """
    actor = getattr(db, "actor", None)
    if not isinstance(actor, Actor):
        raise TypeError(f"{type(db).__name__} names no actor: give it one (Database.acting_as)")
    return actor
