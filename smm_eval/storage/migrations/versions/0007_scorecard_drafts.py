"""Scorecard drafts: what a rater chose and typed on a scorecard before submitting it, per
(candidate, vacancy, rater), so a page switch, a reload or another device keeps the work.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scorecard_drafts",
        sa.Column("candidate_id", sa.Integer, sa.ForeignKey("candidates.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("vacancy_id", sa.Integer, sa.ForeignKey("vacancies.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("rater", sa.String(100), primary_key=True),
        sa.Column("content", sa.JSON, nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("scorecard_drafts")
