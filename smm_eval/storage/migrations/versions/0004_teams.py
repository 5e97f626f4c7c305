"""Teams: members with a target role, and their dated self and manager ratings.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "teams",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "team_members",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id", ondelete="CASCADE"), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role_id", sa.String(64), nullable=False),
        sa.UniqueConstraint("team_id", "name"),
    )
    op.create_table(
        "team_ratings",
        sa.Column("member_id", sa.Integer, sa.ForeignKey("team_members.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("rater", sa.String(100), primary_key=True),
        sa.Column("assessed_on", sa.Date, primary_key=True),
        sa.Column("competency", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("level", sa.Integer, nullable=False),
        sa.CheckConstraint("level >= 0 AND level <= 4", name="ck_team_ratings_level"),
    )


def downgrade() -> None:
    for table in ("team_ratings", "team_members", "teams"):
        op.drop_table(table)
