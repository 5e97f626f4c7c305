"""Database tables of the workspace: vacancies, candidates, applications, scorecards, self-assessments,
salary datasets and teams. SQLAlchemy 2 declarative models; the schema itself is created and changed
only by the Alembic migrations in smm_eval/storage/migrations. Column lengths here are schema facts;
the limits forms and files are checked against live in smm_eval.vocabulary.

Every table that people edit carries `version`: an update names the version it started from and
is refused when somebody saved in between (see smm_eval.storage.locking).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    type_annotation_map = {  # noqa: RUF012 (SQLAlchemy's declarative configuration)
        dict[str, Any]: JSON,
        list[str]: JSON,
        datetime: DateTime(timezone=True),
    }


class Vacancy(Base):
    __tablename__ = "vacancies"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200), unique=True)
    role_id: Mapped[str] = mapped_column(String(64))
    block_weights: Mapped[dict[str, Any]]
    competency_weights: Mapped[dict[str, Any]]
    targets: Mapped[dict[str, Any]]
    knockouts: Mapped[dict[str, Any]]  # competency id -> minimum level
    budget_min: Mapped[int | None]
    budget_max: Mapped[int | None]
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    # The recruiter who created it in a team workspace (migration 0010); None: everyone's (created
    # in personal mode, from the command line, by an admin, or restored from a backup).
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    # Moves on with every change to what the pages read for the vacancy (migration 0015,
    # smm_eval.storage.versions): the pages' caches are keyed on it. Not data: left out of backups.
    data_version: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


class Candidate(Base):
    __tablename__ = "candidates"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)  # shown instead of the name in blind mode
    name: Mapped[str] = mapped_column(String(200), unique=True)
    contact: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(100))
    notes: Mapped[str] = mapped_column(Text)
    expected_salary: Mapped[int | None]
    # The expected salary's currency and tax basis (migration 0005: RUB and gross for older rows).
    expected_currency: Mapped[str] = mapped_column(String(3), server_default="RUB")
    expected_gross_net: Mapped[str] = mapped_column(String(5), server_default="gross")
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]


class Application(Base):
    """A candidate attached to a vacancy, with the hiring stage."""

    __tablename__ = "applications"
    __table_args__ = (UniqueConstraint("candidate_id", "vacancy_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancies.id", ondelete="CASCADE"))
    stage: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]


class StageChangeRecord(Base):
    """One move of an application between hiring stages, appended when it happens: `from_stage` is
    None for the attach itself. Applications attached before revision 0008 have no rows for the
    moves made before it (the history starts there)."""

    __tablename__ = "stage_changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    from_stage: Mapped[str | None] = mapped_column(String(16))
    to_stage: Mapped[str] = mapped_column(String(16))
    changed_at: Mapped[datetime]


class Scorecard(Base):
    """One rater's structured assessment of one candidate for one vacancy."""

    __tablename__ = "scorecards"
    __table_args__ = (UniqueConstraint("candidate_id", "vacancy_id", "rater"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancies.id", ondelete="CASCADE"))
    rater: Mapped[str] = mapped_column(String(100))
    recommendation: Mapped[str | None] = mapped_column(String(16))
    qualities: Mapped[list[str]]
    red_flags: Mapped[list[str]]
    notes: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)
    submitted_at: Mapped[datetime]
    # The signed-in user who submitted it (migration 0010); None in personal mode and for imports,
    # whose rater is the free-text `rater`.
    rater_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    # The levels (migration 0014; before it, one `scorecard_items` row per competency): one
    # character per competency in `storage.levels.STORED_COMPETENCIES` order, '0'..'4' or '-' (not
    # answered); `evidence` only the non-empty texts, {competency id: text}.
    levels: Mapped[str] = mapped_column(String(64))
    evidence: Mapped[dict[str, Any]]


class ScorecardDraft(Base):
    """A rater's scorecard of a candidate before it is submitted: whatever was chosen and typed so
    far (`content`: levels, evidence, qualities, red flags, recommendation, notes), kept until the
    rater submits or discards it. Not part of backups: work in progress, not a record."""

    __tablename__ = "scorecard_drafts"
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"), primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancies.id", ondelete="CASCADE"), primary_key=True)
    rater: Mapped[str] = mapped_column(String(100), primary_key=True)
    content: Mapped[dict[str, Any]]
    saved_at: Mapped[datetime]


class SelfAssessmentRecord(Base):
    """A self-assessment saved from the job seeker's page, optionally linked to a candidate."""

    __tablename__ = "self_assessments"
    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int | None] = mapped_column(ForeignKey("candidates.id", ondelete="SET NULL"))
    label: Mapped[str] = mapped_column(String(200))
    role_id: Mapped[str | None] = mapped_column(String(64))
    answers: Mapped[dict[str, Any]]
    saved_at: Mapped[datetime]


class SalaryDataset(Base):
    """Salary observations a user uploaded, with the quantile model fitted on them.

    `fitted` is the model as JSON (`smm_eval.salary.persisted`), None until it is (re)fitted;
    `digest` the SHA-256 of the uploaded file, so the same file is not fitted twice; `version` moves
    on with each rename (optimistic locking, migration 0013).
    """

    __tablename__ = "salary_datasets"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    currency: Mapped[str] = mapped_column(String(3))
    rows: Mapped[int] = mapped_column(Integer)
    metrics: Mapped[dict[str, Any]]
    fitted: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    digest: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # renames (migration 0013)


class SalaryObservation(Base):
    __tablename__ = "salary_observations"
    id: Mapped[int] = mapped_column(primary_key=True)
    dataset_id: Mapped[int] = mapped_column(ForeignKey("salary_datasets.id", ondelete="CASCADE"))
    salary_from: Mapped[float | None] = mapped_column(Float)
    salary_to: Mapped[float | None] = mapped_column(Float)
    currency: Mapped[str] = mapped_column(String(3))
    region: Mapped[str] = mapped_column(String(32))
    level: Mapped[str] = mapped_column(String(16))
    work_format: Mapped[str] = mapped_column(String(16))
    role: Mapped[str] = mapped_column(String(64))
    date: Mapped[date] = mapped_column(Date)
    experience_years: Mapped[float | None] = mapped_column(Float)
    gross: Mapped[bool | None] = mapped_column(Boolean, nullable=True)  # None: not stated


class Team(Base):
    """A named team; `version` moves on with each import into it (optimistic locking, migration 0013)."""

    __tablename__ = "teams"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    data_version: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")  # as Vacancy's


class TeamMember(Base):
    __tablename__ = "team_members"
    __table_args__ = (UniqueConstraint("team_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    role_id: Mapped[str] = mapped_column(String(64))


class TeamRating(Base):
    """One rating of a team member: by whom (self or a manager), when, which competency."""

    __tablename__ = "team_ratings"
    member_id: Mapped[int] = mapped_column(ForeignKey("team_members.id", ondelete="CASCADE"), primary_key=True)
    rater: Mapped[str] = mapped_column(String(100), primary_key=True)
    assessed_on: Mapped[date] = mapped_column(Date, primary_key=True)
    competency: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    level: Mapped[int] = mapped_column(Integer)


class User(Base):
    """A person of a team workspace (migration 0009). `issuer` + `subject` are the OpenID Connect
    identity, None for a user an admin added by e-mail who has not signed in yet; `role` is one of
    `smm_eval.access.Role` or None (no role given yet); `active` False stops them signing in."""

    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("issuer", "subject", name="uq_users_issuer_subject"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    issuer: Mapped[str | None] = mapped_column(String(300))
    subject: Mapped[str | None] = mapped_column(String(255))
    email: Mapped[str] = mapped_column(String(320), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean)
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]
    last_sign_in_at: Mapped[datetime | None]


class Invitation(Base):
    """An invitation link (migration 0012): for a candidate and vacancy (`kind` "candidate") or a
    team member (`kind` "team_member"). `token_hash` is the HMAC-SHA256 of the token in hex (the
    token itself is never stored); `created_by` the actor's name, `created_by_user` their user row
    (None for the personal user and the command line); times in UTC; `consent_text_version` and
    `consented_at` are set when the invitee submits, having consented."""

    __tablename__ = "invitations"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    candidate_id: Mapped[int | None] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    vacancy_id: Mapped[int | None] = mapped_column(ForeignKey("vacancies.id", ondelete="CASCADE"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("team_members.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[str] = mapped_column(String(200))
    created_by_user: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    consent_text_version: Mapped[str | None] = mapped_column(String(32))
    consented_at: Mapped[datetime | None]


class Assignment(Base):
    """An interviewer assigned to one application (a candidate for a vacancy), migration 0010: the
    interviewer sees and scores that candidate for that vacancy only."""

    __tablename__ = "assignments"
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at: Mapped[datetime]


class TeamLead(Base):
    """A team lead of one team (migration 0010): they see and manage that team only."""

    __tablename__ = "team_leads"
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)


class AuditEvent(Base):
    """One change, appended in the transaction that made it (migration 0011, `storage.audit`):
    who (`actor_*`, copied from the acting `Actor`, so renaming a user never rewrites history),
    when (UTC), which record (`entity`, `entity_id`; no foreign key), what (`action`) and the
    changed fields' old and new values as JSON. Triggers refuse UPDATE and DELETE of its rows."""

    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor_user_id: Mapped[int | None]
    actor_name: Mapped[str] = mapped_column(String(200))
    actor_kind: Mapped[str] = mapped_column(String(16))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int | None]
    action: Mapped[str] = mapped_column(String(16))
    old_values: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    new_values: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


TABLES_IN_ORDER = (
    Vacancy,
    Candidate,
    Application,
    StageChangeRecord,
    Scorecard,
    SelfAssessmentRecord,
    SalaryDataset,
    SalaryObservation,
    Team,
    TeamMember,
    TeamRating,
)


def table_of(model: type[Base]) -> Table:
    """The `Table` of a model class (typed, unlike `model.__table__`)."""
    return Base.metadata.tables[model.__tablename__]


def column_length(model: type[Base], column: str) -> int:
    """The declared length of a String column: the most characters the database keeps in it."""
    kind = table_of(model).c[column].type
    if not isinstance(kind, String) or kind.length is None:
        raise TypeError(f"{model.__tablename__}.{column} is not a String column with a length")
    return kind.length
