"""Stage history: every move of an application between hiring stages, with its time, appended as
it happens (the candidate's page lists them). Moves made before this revision were not recorded.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stage_changes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("application_id", sa.Integer, sa.ForeignKey("applications.id", ondelete="CASCADE"), nullable=False),
        sa.Column("from_stage", sa.String(16), nullable=True),
        sa.Column("to_stage", sa.String(16), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_stage_changes_application_id", "stage_changes", ["application_id"])


def downgrade() -> None:
    op.drop_index("ix_stage_changes_application_id", "stage_changes")
    op.drop_table("stage_changes")
