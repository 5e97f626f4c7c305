"""Salary datasets and teams carry a version (optimistic locking): a rename or delete of a dataset,
or an import into a team, names the version the user saw, and one made from an older version is
refused (issue 18, finding 1).

A plain ADD COLUMN with a server default, not Alembic's batch mode: on SQLite batch mode recreates
the table, and dropping the old `salary_datasets` (or `teams`) would CASCADE-delete every stored
observation (or member and rating).

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("salary_datasets", sa.Column("version", sa.Integer, nullable=False, server_default="1"))
    op.add_column("teams", sa.Column("version", sa.Integer, nullable=False, server_default="1"))


def downgrade() -> None:
    op.drop_column("teams", "version")
    op.drop_column("salary_datasets", "version")
