"""Invitation links: a recruiter invites one candidate to a self-assessment for one vacancy, or a
team lead one team member to rate themselves. Only the token's HMAC-SHA256 is kept (never the
token); each link expires, is used once and may be revoked; the invitee's consent (the version of
the text they agreed to, and when) is recorded with it.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),  # candidate | team_member
        sa.Column("candidate_id", sa.Integer, sa.ForeignKey("candidates.id", ondelete="CASCADE"), nullable=True),
        sa.Column("vacancy_id", sa.Integer, sa.ForeignKey("vacancies.id", ondelete="CASCADE"), nullable=True),
        sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id", ondelete="CASCADE"), nullable=True),
        sa.Column("member_id", sa.Integer, sa.ForeignKey("team_members.id", ondelete="CASCADE"), nullable=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_by_user", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("consent_text_version", sa.String(32), nullable=True),
        sa.Column("consented_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "(kind = 'candidate' AND candidate_id IS NOT NULL AND vacancy_id IS NOT NULL)"
            " OR (kind = 'team_member' AND team_id IS NOT NULL AND member_id IS NOT NULL)",
            name="ck_invitations_subject",
        ),
    )
    op.create_index("ix_invitations_candidate_id", "invitations", ["candidate_id"])
    op.create_index("ix_invitations_member_id", "invitations", ["member_id"])


def downgrade() -> None:
    op.drop_index("ix_invitations_member_id", "invitations")
    op.drop_index("ix_invitations_candidate_id", "invitations")
    op.drop_table("invitations")
