"""Invitation links as stored: who is invited (a candidate for a vacancy, or a team member), the
token's keyed hash (never the token), who created it and when, when it expires, is used or revoked,
and the consent given with it.

Functions take a session; the caller owns the transaction. `claim_invitation` is the one write
that uses a link: a single `UPDATE ... WHERE used_at IS NULL AND revoked_at IS NULL AND expires_at
> now`, so of two submissions at once exactly one matches a row (PostgreSQL re-checks the condition
on the locked row under READ COMMITTED; SQLite lets one writer at a time in).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from smm_eval.storage.audit import record
from smm_eval.storage.locking import NotFoundError, as_utc
from smm_eval.storage.models import Candidate, Invitation, Team, TeamMember, Vacancy

Status = Literal["open", "used", "expired", "revoked"]
Kind = Literal["candidate", "team_member"]


@dataclass(frozen=True)
class InvitationRecord:
    """One invitation as services see it (times aware, UTC). For `kind` "candidate",
    `candidate_id` and `vacancy_id` are set; for "team_member", `team_id` and `member_id`."""

    id: int
    kind: Kind
    candidate_id: int | None
    vacancy_id: int | None
    team_id: int | None
    member_id: int | None
    created_by: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None
    revoked_at: datetime | None
    consent_text_version: str | None
    consented_at: datetime | None

    def status(self, at: datetime) -> Status:
        """open, used, revoked or expired at time `at` (UTC); used and revoked win over expired."""
        if self.used_at is not None:
            return "used"
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if self.expires_at <= at else "open"


def _optional(value: datetime | None) -> datetime | None:
    return as_utc(value) if value is not None else None


def _record(row: Invitation) -> InvitationRecord:
    kind: Kind = "candidate" if row.kind == "candidate" else "team_member"
    return InvitationRecord(
        id=row.id, kind=kind, candidate_id=row.candidate_id, vacancy_id=row.vacancy_id, team_id=row.team_id,
        member_id=row.member_id, created_by=row.created_by, created_at=as_utc(row.created_at),
        expires_at=as_utc(row.expires_at), used_at=_optional(row.used_at), revoked_at=_optional(row.revoked_at),
        consent_text_version=row.consent_text_version, consented_at=_optional(row.consented_at),
    )  # fmt: skip


def add_invitation(
    session: Session,
    token_hash: str,
    subject: tuple[Kind, int, int],
    created_by: tuple[str, int | None],
    created_at: datetime,
    expires_at: datetime,
) -> InvitationRecord:
    """Store a new invitation.

    Parameters
    ----------
    token_hash
        HMAC-SHA256 of the token, 64 hex characters (`smm_eval.tokens.token_hash`).
    subject
        ("candidate", candidate id, vacancy id) or ("team_member", team id, member id).
    created_by
        The actor's name and user id (None for the personal user and the command line).
    """
    kind, first, second = subject
    row = Invitation(
        kind=kind, token_hash=token_hash, created_by=created_by[0][:200], created_by_user=created_by[1],
        created_at=created_at, expires_at=expires_at,
    )  # fmt: skip
    if kind == "candidate":
        row.candidate_id, row.vacancy_id = first, second
    else:
        row.team_id, row.member_id = first, second
    session.add(row)
    session.flush()
    created = _record(row)
    record(session, "invitation", row.id, "create", None, {
        "kind": kind, "candidate_id": row.candidate_id, "vacancy_id": row.vacancy_id, "team_id": row.team_id,
        "member_id": row.member_id, "expires_at": expires_at,
    })  # fmt: skip
    return created


def invitation_by_hash(session: Session, token_hash: str) -> InvitationRecord | None:
    """The invitation whose token has this hash; None when there is none."""
    row = session.scalar(select(Invitation).where(Invitation.token_hash == token_hash))
    return _record(row) if row is not None else None


def stored_hash(session: Session, invitation_id: int) -> str:
    """The token hash stored for an invitation (for the constant-time check); NotFoundError when gone."""
    value = session.scalar(select(Invitation.token_hash).where(Invitation.id == invitation_id))
    if value is None:
        raise NotFoundError(f"invitation {invitation_id} no longer exists")
    return value


def list_invitations(
    session: Session, *, candidate_id: int | None = None, vacancy_id: int | None = None, team_id: int | None = None
) -> list[InvitationRecord]:
    """The invitations matching every filter given, newest first (ties by id, newest first)."""
    query = select(Invitation)
    if candidate_id is not None:
        query = query.where(Invitation.candidate_id == candidate_id)
    if vacancy_id is not None:
        query = query.where(Invitation.vacancy_id == vacancy_id)
    if team_id is not None:
        query = query.where(Invitation.team_id == team_id)
    rows = session.scalars(query.order_by(Invitation.created_at.desc(), Invitation.id.desc()))
    return [_record(r) for r in rows]


def get_invitation(session: Session, invitation_id: int) -> InvitationRecord:
    """One invitation; NotFoundError when it no longer exists."""
    row = session.get(Invitation, invitation_id)
    if row is None:
        raise NotFoundError(f"invitation {invitation_id} no longer exists")
    return _record(row)


def revoke_invitation(session: Session, invitation_id: int, at: datetime) -> bool:
    """Revoke an invitation not yet used nor revoked; False when it was already either."""
    result = session.execute(
        update(Invitation)
        .where(Invitation.id == invitation_id, Invitation.used_at.is_(None), Invitation.revoked_at.is_(None))
        .values(revoked_at=at)
    )
    revoked = bool(getattr(result, "rowcount", 0))
    if revoked:
        record(session, "invitation", invitation_id, "revoke", {"revoked_at": None}, {"revoked_at": at})
    return revoked


def claim_invitation(
    session: Session, token_hash: str, at: datetime, consent_version: str, consented_at: datetime
) -> int | None:
    """Use the open invitation with this token hash, recording the consent; its id, or None when no
    open invitation has this hash (unknown, used, revoked or expired at `at`)."""
    result = session.execute(
        update(Invitation)
        .where(
            Invitation.token_hash == token_hash,
            Invitation.used_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > at,
        )
        .values(used_at=at, consent_text_version=consent_version, consented_at=consented_at)
        .returning(Invitation.id)
    )
    claimed = result.scalar_one_or_none()
    if claimed is not None:  # the invitee acts through the link (services.invitations.INVITEE)
        record(session, "invitation", claimed, "use", {"used_at": None},
               {"used_at": at, "consent_text_version": consent_version, "consented_at": consented_at})  # fmt: skip
    return claimed


@dataclass(frozen=True)
class Subject:
    """Who an invitation is for, as the invitation page and its submission need it: `title` the
    vacancy's title or the team's name, `role_id` the vacancy's or the member's role, `label` the
    candidate's code or the member's name (what the stored result is filed under)."""

    title: str
    role_id: str
    label: str


def subject_of(session: Session, record: InvitationRecord) -> Subject:
    """The vacancy and candidate, or team and member, of an invitation.

    Raises
    ------
    NotFoundError
        The candidate, vacancy, team or member no longer exists (the invitation goes with them on
        deletion, ON DELETE CASCADE, so only a race meets this).
    """
    if record.kind == "candidate":
        vacancy = session.get(Vacancy, record.vacancy_id) if record.vacancy_id is not None else None
        candidate = session.get(Candidate, record.candidate_id) if record.candidate_id is not None else None
        if vacancy is not None and candidate is not None:
            return Subject(vacancy.title, vacancy.role_id, candidate.code)
    else:
        team = session.get(Team, record.team_id) if record.team_id is not None else None
        member = session.get(TeamMember, record.member_id) if record.member_id is not None else None
        if team is not None and member is not None:
            return Subject(team.name, member.role_id, member.name)
    raise NotFoundError(f"the subject of invitation {record.id} no longer exists")
