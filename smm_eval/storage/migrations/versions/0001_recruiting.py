"""Recruiting: vacancies, candidates, applications, scorecards and their items.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "vacancies",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(200), nullable=False, unique=True),
        sa.Column("role_id", sa.String(64), nullable=False),
        sa.Column("block_weights", sa.JSON, nullable=False),
        sa.Column("competency_weights", sa.JSON, nullable=False),
        sa.Column("targets", sa.JSON, nullable=False),
        sa.Column("knockouts", sa.JSON, nullable=False),
        sa.Column("budget_min", sa.Integer),
        sa.Column("budget_max", sa.Integer),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_table(
        "candidates",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(16), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("contact", sa.String(200), nullable=False),
        sa.Column("source", sa.String(100), nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("expected_salary", sa.Integer),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "applications",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("candidate_id", sa.Integer, sa.ForeignKey("candidates.id", ondelete="CASCADE"), nullable=False),
        sa.Column("vacancy_id", sa.Integer, sa.ForeignKey("vacancies.id", ondelete="CASCADE"), nullable=False),
        sa.Column("stage", sa.String(16), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.UniqueConstraint("candidate_id", "vacancy_id"),
    )
    op.create_table(
        "scorecards",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("candidate_id", sa.Integer, sa.ForeignKey("candidates.id", ondelete="CASCADE"), nullable=False),
        sa.Column("vacancy_id", sa.Integer, sa.ForeignKey("vacancies.id", ondelete="CASCADE"), nullable=False),
        sa.Column("rater", sa.String(100), nullable=False),
        sa.Column("recommendation", sa.String(16)),
        sa.Column("qualities", sa.JSON, nullable=False),
        sa.Column("red_flags", sa.JSON, nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("submitted_at", TS, nullable=False),
        sa.UniqueConstraint("candidate_id", "vacancy_id", "rater"),
    )
    op.create_index("ix_scorecards_vacancy", "scorecards", ["vacancy_id"])
    op.create_table(
        "scorecard_items",
        sa.Column("scorecard_id", sa.Integer, sa.ForeignKey("scorecards.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("competency", sa.String(64), primary_key=True),
        sa.Column("level", sa.Integer, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.CheckConstraint("level >= 0 AND level <= 4", name="ck_scorecard_items_level"),
    )


def downgrade() -> None:
    for table in ("scorecard_items", "scorecards", "applications", "candidates", "vacancies"):
        op.drop_table(table)
