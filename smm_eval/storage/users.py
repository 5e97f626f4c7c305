"""Users of a team workspace: matched at sign-in, added and given roles by admins.

A user is identified by the OpenID Connect issuer and subject of their first sign-in. An admin may
add someone by e-mail before they ever sign in; their first sign-in with that (verified) e-mail
claims the row. Updates are versioned like every edited record (smm_eval.storage.locking).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from smm_eval.access import Actor, Identity, Role
from smm_eval.storage.audit import changes, record, record_changes
from smm_eval.storage.locking import NotFoundError, as_utc, check_updated, now
from smm_eval.storage.models import User


@dataclass(frozen=True)
class UserRecord:
    """A user as services see it: `role` None means no role given yet; `signed_in` whether they
    have ever signed in (False for a user an admin added by e-mail)."""

    id: int
    email: str
    name: str
    role: Role | None
    active: bool
    version: int
    signed_in: bool
    last_sign_in_at: datetime | None


def _record(row: User) -> UserRecord:
    return UserRecord(
        id=row.id,
        email=row.email,
        name=row.name,
        role=Role(row.role) if row.role else None,
        active=row.active,
        version=row.version,
        signed_in=row.subject is not None,
        last_sign_in_at=as_utc(row.last_sign_in_at) if row.last_sign_in_at else None,
    )


def sign_in_user(session: Session, identity: Identity, admin_emails: Collection[str] = ()) -> UserRecord:
    """The user signing in as `identity`, created or claimed on their first sign-in.

    Order: the row with this issuer and subject; else a row an admin added with this e-mail that
    nobody has claimed (only when the provider says the e-mail is verified); else a new user, an
    admin when their verified e-mail is in `admin_emails` (lower case), otherwise without a role.
    The name and e-mail are refreshed from the provider at each sign-in. An e-mail the provider
    does not call verified is never stored: anyone can type any address at some providers, and a
    stored one would look like the owner's and keep the admin from adding the real owner.
    """
    email = identity.email.strip().lower() if identity.email_verified else ""
    stamp = now()
    row = session.scalars(
        select(User).where(User.issuer == identity.issuer, User.subject == identity.subject)
    ).one_or_none()
    claimed = False
    if row is None and email:  # verified (unverified ones are "" above)
        row = session.scalars(
            select(User).where(func.lower(User.email) == email, User.subject.is_(None)).order_by(User.id).limit(1)
        ).one_or_none()
        claimed = row is not None
    before = _audited(row) if row is not None else None  # before the claim: not signed in yet
    if row is not None and claimed:
        row.issuer, row.subject = identity.issuer, identity.subject
    if row is None:
        admin = bool(email) and email in admin_emails
        row = User(
            issuer=identity.issuer,
            subject=identity.subject,
            email=email,
            name=identity.name.strip()[:200] or email or identity.subject[:200],  # a name to show
            role=Role.ADMIN.value if admin else None,
            active=True,
            version=1,
            created_at=stamp,
        )
        session.add(row)
    else:
        row.email = email or row.email
        row.name = identity.name.strip()[:200] or row.name
    row.last_sign_in_at = stamp
    session.flush()
    _audit_sign_in(session, row, before, claimed)
    return _record(row)


def _audited(row: User) -> dict[str, object]:
    """A user's fields as the audit trail compares them (sign-in times are not changes)."""
    signed_in = row.subject is not None
    return {"email": row.email, "name": row.name, "role": row.role, "active": row.active, "signed_in": signed_in}


def _audit_sign_in(session: Session, row: User, before: dict[str, object] | None, claimed: bool) -> None:
    """Record a first sign-in (a new user, or a claimed row) and a changed name or e-mail, as done by
    the user themselves; an ordinary sign-in changes nothing and is not recorded."""
    old, new = changes(before or {}, _audited(row))
    if before is None or claimed or new:
        who = Actor(row.id, row.name, Role(row.role) if row.role else None, "user")
        record(session, "user", row.id, "create" if before is None else "update", old or None, new, actor=who)


def add_user(session: Session, email: str, name: str, role: Role | None) -> UserRecord:
    """Add a user by e-mail before their first sign-in (an admin's action; `email` validated by the
    service). Their first verified sign-in with that e-mail claims the row."""
    row = User(email=email.strip().lower(), name=name.strip() or email.strip().lower(),
               role=role.value if role else None, active=True, version=1, created_at=now())  # fmt: skip
    session.add(row)
    session.flush()
    record(session, "user", row.id, "create", None, _audited(row))
    return _record(row)


def find_user(session: Session, user_id: int) -> UserRecord:
    """One user. Raises NotFoundError when there is no such user."""
    row = session.get(User, user_id)
    if row is None:
        raise NotFoundError(f"there is no user {user_id}")
    return _record(row)


def list_users(session: Session) -> list[UserRecord]:
    """Every user, by name then e-mail."""
    return [_record(r) for r in session.scalars(select(User).order_by(User.name, User.email, User.id))]


def email_taken(session: Session, email: str) -> bool:
    """Whether a user with this e-mail (any case) exists."""
    found = session.scalar(select(func.count()).select_from(User).where(func.lower(User.email) == email.lower()))
    return bool(found)


def count_admins(session: Session) -> int:
    """How many active users hold the admin role."""
    query = select(func.count()).select_from(User).where(User.role == Role.ADMIN.value, User.active.is_(True))
    return int(session.scalar(query) or 0)


def update_user(session: Session, user_id: int, version: int, role: Role | None, active: bool) -> UserRecord:
    """Set a user's role and whether they may sign in, from the version the admin saw.

    Raises
    ------
    NotFoundError, ConflictError
        The user is gone, or someone changed them since `version` (smm_eval.storage.locking).
    """
    stored = session.get(User, user_id, populate_existing=True)
    before = {"role": stored.role, "active": stored.active} if stored is not None else {}
    result = session.execute(
        update(User)
        .where(User.id == user_id, User.version == version)
        .values(role=role.value if role else None, active=active, version=version + 1)
    )
    check_updated(session, result, User, user_id, "user")
    record_changes(session, "user", user_id, before, {"role": role.value if role else None, "active": active})
    return find_user(session, user_id)
