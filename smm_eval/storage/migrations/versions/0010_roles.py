"""Roles on records: the owner of a vacancy, the signed-in rater of a scorecard, interviewers
assigned to applications, and team leads of teams (issue 16, item 3).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _add_user_reference(table: str, column: str) -> None:
    """Add a nullable column referencing users (ON DELETE SET NULL) without copying the table.

    On SQLite a batch (copy-and-move) would drop the old table, and with foreign keys on that
    deletes every application and scorecard through ON DELETE CASCADE; SQLite's own ADD COLUMN
    takes the reference inline instead.
    """
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"ALTER TABLE {table} ADD COLUMN {column} INTEGER REFERENCES users (id) ON DELETE SET NULL")
        return
    op.add_column(table, sa.Column(column, sa.Integer, nullable=True))
    op.create_foreign_key(f"fk_{table}_{column}", table, "users", [column], ["id"], ondelete="SET NULL")


def upgrade() -> None:
    _add_user_reference("vacancies", "owner_id")
    _add_user_reference("scorecards", "rater_user_id")
    op.create_table(
        "assignments",
        sa.Column("application_id", sa.Integer, sa.ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_assignments_user_id", "assignments", ["user_id"])
    op.create_table(
        "team_leads",
        sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    )
    op.create_index("ix_team_leads_user_id", "team_leads", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_team_leads_user_id", "team_leads")
    op.drop_table("team_leads")
    op.drop_index("ix_assignments_user_id", "assignments")
    op.drop_table("assignments")
    for table, column in (("scorecards", "rater_user_id"), ("vacancies", "owner_id")):
        if op.get_bind().dialect.name != "sqlite":
            op.drop_constraint(f"fk_{table}_{column}", table, type_="foreignkey")
        op.drop_column(table, column)  # SQLite 3.35+: ALTER TABLE DROP COLUMN, no copy
