"""Invitation links: a recruiter invites a candidate to a self-assessment for one vacancy, a team
lead invites a team member to rate themselves; the invitee opens the link without an account.

A link is `<base>/?invite=<token>`: the token is random (`smm_eval.tokens.new_token`), shown once
when the link is created and stored only as HMAC-SHA256 under the server's secret
(`server_secret`). A link expires (DEFAULT_DAYS after it is made unless said otherwise), works
once and can be revoked. Opening it tells only the vacancy's title (or team's name) and the role
to rate against; a wrong, used, expired or revoked link is refused with its own message that
names nobody. The submitted answers are stored on that candidate as a self-assessment (kept apart
and shown beside the interviewers', never averaged in: `services.candidate_file`) or as the
member's self-ratings of that day (`team_ratings`, rater "self"); the invitation is marked used
with the consent in the same transaction, by one conditional UPDATE, so a second submission (from
another tab, at the same moment) is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from smm_eval.access import Action, Actor, actor_of, require
from smm_eval.errors import InputError, Problem
from smm_eval.files.secret_key import read_or_create_key
from smm_eval.framework import Framework
from smm_eval.services import scope
from smm_eval.services.handle import Transactions
from smm_eval.settings import get_settings
from smm_eval.storage import NotFoundError, application_of, get_vacancy, now, save_self_assessment
from smm_eval.storage.invitations import (
    InvitationRecord,
    Kind,
    Status,
    add_invitation,
    claim_invitation,
    get_invitation,
    invitation_by_hash,
    list_invitations,
    subject_of,
)
from smm_eval.storage.invitations import revoke_invitation as _revoke
from smm_eval.storage.teams import add_self_ratings, member_names, team_member
from smm_eval.tokens import looks_like_token, new_token, same_hash, token_hash

__all__ = [
    "CONSENT_VERSION",
    "DEFAULT_DAYS",
    "INVITEE",
    "Consent",
    "CreatedInvitation",
    "InvitationRecord",
    "InvitationRefusedError",
    "InvitationView",
    "ListedInvitation",
    "Status",
    "create_candidate_invitation",
    "create_member_invitation",
    "invitation_link",
    "list_candidate_invitations",
    "list_team_invitations",
    "members_to_invite",
    "open_invitation",
    "revoke_invitation",
    "server_secret",
    "submit_invitation",
]

DEFAULT_DAYS = 14
"""Days a link stays open unless the inviter says otherwise (the issue's default; design choice)."""
MAX_DAYS = 90
"""The longest a link may stay open (design choice: an invitation is for a hiring round, not a year)."""
CONSENT_VERSION = "2026-11-30.2"
"""The version of the consent text (`invite.consent_text` in data/messages/): change it with the
text, so each recorded consent says which wording the invitee agreed to."""
INVITEE = Actor(None, "invitation link", None, "invitation")
"""Who acts for a visitor with an invitation link: no user, no role (only the link's own services
accept it)."""

_NO_HASH = "0" * 64  # compared against when no row matches, so an unknown token takes the same steps


@dataclass(frozen=True)
class CreatedInvitation:
    """A new invitation and its link; the token in `link` is shown now and never again."""

    record: InvitationRecord
    link: str


@dataclass(frozen=True)
class ListedInvitation:
    """An invitation with its status at the time it was listed (open, used, expired, revoked)."""

    record: InvitationRecord
    status: Status


@dataclass(frozen=True)
class InvitationView:
    """What an open link shows: `title` the vacancy's title or the team's name, `role_id` the role
    the self-assessment is taken for, `expires_at` (UTC). Nothing about the person."""

    kind: Kind
    title: str
    role_id: str
    expires_at: datetime


@dataclass(frozen=True)
class Consent:
    """The invitee's consent: `given`, the `language` of the text they read, and when (UTC)."""

    given: bool
    language: str
    at: datetime

    @property
    def version(self) -> str:
        """What is recorded: the text's version and language, e.g. "2026-11-30/es"."""
        return f"{CONSENT_VERSION}/{self.language}"


class InvitationRefusedError(InputError):
    """A link that cannot be used: `status` "unknown", "used", "expired" or "revoked" (codes
    `invitations.unknown`, `.used`, `.expired`, `.revoked`), each with its own message and none
    naming the person invited."""

    def __init__(self, status: str) -> None:
        self.status = status
        messages = {
            "unknown": "this invitation link is not valid: check that it was copied whole",
            "used": "this invitation link has been used already: each link works once",
            "expired": "this invitation link has expired: ask the person who sent it for a new one",
            "revoked": "this invitation link was withdrawn by the person who sent it",
        }
        super().__init__([Problem("invitation", messages[status], code=f"invitations.{status}")])


def server_secret() -> bytes:
    """The key invitation tokens are hashed with: `SMM_EVAL_SECRET_KEY` (UTF-8) when set, otherwise
    the key file `SMM_EVAL_SECRET_KEY_FILE`, generated on first use (`files.secret_key`).

    Raises
    ------
    ConfigurationError
        The key file cannot be read or created (`config.secret_file`).
    """
    settings = get_settings()
    if settings.secret_key is not None:
        return settings.secret_key.get_secret_value().encode("utf-8")
    return read_or_create_key(settings.secret_key_file)


def invitation_link(base_url: str, token: str) -> str:
    """The link an invitee opens: the app's address with `?invite=<token>`.

    >>> invitation_link("https://smm.example.org/app/", "abc")
    'https://smm.example.org/app/?invite=abc'
    """
    return f"{base_url.rstrip('/')}/?invite={token}"


def _expiry(days: int, at: datetime) -> datetime:
    if not 1 <= days <= MAX_DAYS:
        message = f"a link must stay open for 1 to {MAX_DAYS} days"
        raise InputError([Problem("invitation", message, code="invitations.days", params={"longest": MAX_DAYS})])
    return at + timedelta(days=days)


def _create(
    db: Transactions, action: Action, subject: tuple[Kind, int, int], base_url: str, days: int, at: datetime
) -> CreatedInvitation:
    """What both create functions do, in one transaction: the role grants `action`, the subject
    (candidate, vacancy) or (team, member) is in the actor's scope (a recruiter invites the
    candidates of their vacancies only, a team lead the members of their teams only), then the
    link's token, expiry and hash are made and the invitation stored."""
    kind, first, second = subject
    if kind == "candidate":
        scoped = scope.in_scope(db, action, vacancy_id=second, candidate_id=first)
    else:
        scoped = scope.in_scope(db, action, team_id=first)
    with scoped as (session, actor):
        token = new_token()
        expires, hashed = _expiry(days, at), token_hash(server_secret(), token)
        if kind == "candidate":
            get_vacancy(session, second)
            application_of(session, first, second)
        elif team_member(session, first, second) is None:
            raise NotFoundError(f"team {first} has no member {second}")
        record = add_invitation(session, hashed, subject, (actor.name or "—", actor.user_id), at, expires)
    return CreatedInvitation(record, invitation_link(base_url, token))


def create_candidate_invitation(
    db: Transactions,
    candidate_id: int,
    vacancy_id: int,
    base_url: str,
    days: int = DEFAULT_DAYS,
    at: datetime | None = None,
) -> CreatedInvitation:
    """Invite a candidate to a self-assessment for a vacancy they applied to (recruiters and admins).

    Parameters
    ----------
    base_url
        The app's address (the `SMM_EVAL_BASE_URL` setting, or the one the inviter's browser uses).
    days
        How long the link stays open, 1 to MAX_DAYS days (default DEFAULT_DAYS).
    at
        The time of creation (UTC; now when None): tests give a fixed clock.

    Raises
    ------
    AccessDeniedError
        The actor's role does not grant `Action.INVITE_CANDIDATES`.
    InputError
        `invitations.days`: days outside 1..MAX_DAYS.
    NotFoundError
        The candidate has no application to the vacancy (or either is gone, or it is outside the
        actor's scope: `services.scope`).
    """
    subject: tuple[Kind, int, int] = ("candidate", candidate_id, vacancy_id)
    return _create(db, Action.INVITE_CANDIDATES, subject, base_url, days, at or now())


def create_member_invitation(
    db: Transactions, team_id: int, member_id: int, base_url: str, days: int = DEFAULT_DAYS, at: datetime | None = None
) -> CreatedInvitation:
    """Invite a team member to rate themselves (team leads and admins); parameters and errors as
    `create_candidate_invitation`, but AccessDeniedError without `Action.MANAGE_TEAMS` and
    NotFoundError when the member is not in that team (or either is gone, or the team is outside
    the actor's scope)."""
    subject: tuple[Kind, int, int] = ("team_member", team_id, member_id)
    return _create(db, Action.MANAGE_TEAMS, subject, base_url, days, at or now())


def list_candidate_invitations(
    db: Transactions, candidate_id: int, vacancy_id: int | None = None, at: datetime | None = None
) -> list[ListedInvitation]:
    """A candidate's invitations (for one vacancy when given), newest first, with their status at
    `at` (now when None). Raises AccessDeniedError without `Action.INVITE_CANDIDATES`."""
    scoped = scope.in_scope(db, Action.INVITE_CANDIDATES, vacancy_id=vacancy_id, candidate_id=candidate_id)
    with scoped as (session, _actor):
        records = list_invitations(session, candidate_id=candidate_id, vacancy_id=vacancy_id)
    moment = at or now()
    return [ListedInvitation(r, r.status(moment)) for r in records]


def list_team_invitations(db: Transactions, team_id: int, at: datetime | None = None) -> list[ListedInvitation]:
    """A team's invitations, newest first, with their status at `at` (now when None). Raises
    AccessDeniedError without `Action.MANAGE_TEAMS`."""
    with scope.in_scope(db, Action.MANAGE_TEAMS, team_id=team_id) as (session, _actor):
        records = list_invitations(session, team_id=team_id)
    moment = at or now()
    return [ListedInvitation(r, r.status(moment)) for r in records]


def members_to_invite(db: Transactions, team_id: int) -> dict[int, str]:
    """A team's members (id -> name, by name) for the team lead to invite. Raises AccessDeniedError
    without `Action.MANAGE_TEAMS`."""
    with scope.in_scope(db, Action.MANAGE_TEAMS, team_id=team_id) as (session, _actor):
        return member_names(session, team_id)


def revoke_invitation(db: Transactions, invitation_id: int, at: datetime | None = None) -> bool:
    """Withdraw a link; False when it was used or revoked already (nothing changes then).

    Raises
    ------
    AccessDeniedError
        A candidate's link without `Action.INVITE_CANDIDATES`, a member's without `Action.MANAGE_TEAMS`.
    NotFoundError
        No such invitation, or one outside the actor's scope (another recruiter's vacancy, another
        lead's team: `services.scope`).
    """
    actor = actor_of(db)
    with db.transaction() as session:
        record = get_invitation(session, invitation_id)
        require(actor, Action.INVITE_CANDIDATES if record.kind == "candidate" else Action.MANAGE_TEAMS)
        if record.kind == "candidate" and record.candidate_id is not None and record.vacancy_id is not None:
            scope.require_candidate(session, actor, record.vacancy_id, record.candidate_id)
        elif record.team_id is not None:
            scope.require_team(session, actor, record.team_id)
        return _revoke(session, invitation_id, at or now())


def _hash_of(token: str) -> str:
    """The token's hash; InvitationRefusedError("unknown") for a text that cannot be a token."""
    token = token.strip()
    if not looks_like_token(token):
        raise InvitationRefusedError("unknown")
    return token_hash(server_secret(), token)


def _refusal(record: InvitationRecord | None, stored: str, hashed: str, at: datetime) -> InvitationRefusedError | None:
    """Why a link cannot be used at `at`, or None when it is open. The hashes are compared in
    constant time whether or not a row was found (`tokens.same_hash`)."""
    if not same_hash(stored, hashed) or record is None:
        return InvitationRefusedError("unknown")
    status = record.status(at)
    return None if status == "open" else InvitationRefusedError(status)


def open_invitation(db: Transactions, token: str, at: datetime | None = None) -> InvitationView:
    """What a visitor with this token may see: the vacancy's title (or team's name) and the role.

    Raises
    ------
    InvitationRefusedError
        Unknown (or malformed), used, expired or revoked, each with its own code.
    """
    hashed, moment = _hash_of(token), at or now()
    with db.transaction() as session:
        record = invitation_by_hash(session, hashed)
        refused = _refusal(record, hashed if record is not None else _NO_HASH, hashed, moment)
        if refused is not None or record is None:
            raise refused or InvitationRefusedError("unknown")
        subject = subject_of(session, record)
    return InvitationView(record.kind, subject.title, subject.role_id, record.expires_at)


def _checked_answers(consent: Consent, answers: Mapping[str, int], framework: Framework) -> dict[str, int]:
    """The answers as competency id -> level, or InputError naming each bad one (and a missing consent)."""
    problems = []
    if not consent.given:
        problems.append(
            Problem("invitation", "consent is needed before answers are stored", code="invitations.no_consent")
        )
    levels = {s.level for s in framework.scale}
    for competency, level in answers.items():
        if competency not in framework.competencies or level not in levels:
            message = f"'{competency}' = {level} is not a competency and level of the model"
            params = {"competency": competency, "level": level}
            problems.append(Problem("invitation", message, code="invitations.answer", params=params))
    if not answers:
        problems.append(Problem("invitation", "answer at least one competency", code="invitations.no_answers"))
    if problems:
        raise InputError(problems)
    return {str(c): int(v) for c, v in answers.items()}


def submit_invitation(
    db: Transactions,
    token: str,
    consent: Consent,
    answers: Mapping[str, int],
    framework: Framework,
    at: datetime | None = None,
) -> int:
    """Store the invitee's answers and use up the link, in one transaction; returns how many answers.

    Parameters
    ----------
    answers
        Competency id -> level 0..4 (skipped competencies left out; at least one answer).
    consent
        The consent the invitee gave on the link's page (recorded with the invitation).

    Raises
    ------
    InvitationRefusedError
        Unknown, used (also by a submission a moment earlier), expired or revoked.
    InputError
        No consent (`invitations.no_consent`), no answers, an unknown competency or level
        (`invitations.answer`); a member's self-ratings of that day exist already (`team.ratings_exist`).
    """
    clean = _checked_answers(consent, answers, framework)
    hashed, moment = _hash_of(token), at or now()
    with db.transaction() as session:
        claimed = claim_invitation(session, hashed, moment, consent.version, consent.at)
        if claimed is None:  # nothing open matched: say why, in the same snapshot
            record = invitation_by_hash(session, hashed)
            raise _refusal(record, hashed if record else _NO_HASH, hashed, moment) or InvitationRefusedError("used")
        record = get_invitation(session, claimed)
        subject = subject_of(session, record)
        if record.kind == "candidate":
            save_self_assessment(session, subject.label, subject.role_id, clean, candidate_id=record.candidate_id)
        else:
            add_self_ratings(session, int(record.member_id or 0), clean, moment.date())
    return len(clean)
