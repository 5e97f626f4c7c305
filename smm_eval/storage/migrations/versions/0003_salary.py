"""Salary observations uploaded by users and the quantile models fitted on them.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "salary_datasets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("rows", sa.Integer, nullable=False),
        sa.Column("metrics", sa.JSON, nullable=False),
        sa.Column("model", sa.LargeBinary, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "salary_observations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("dataset_id", sa.Integer, sa.ForeignKey("salary_datasets.id", ondelete="CASCADE"), nullable=False),
        sa.Column("salary_from", sa.Float),
        sa.Column("salary_to", sa.Float),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("region", sa.String(32), nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("work_format", sa.String(16), nullable=False),
        sa.Column("role", sa.String(64), nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("experience_years", sa.Float),
    )
    op.create_index("ix_salary_observations_dataset", "salary_observations", ["dataset_id"])


def downgrade() -> None:
    op.drop_table("salary_observations")
    op.drop_table("salary_datasets")
