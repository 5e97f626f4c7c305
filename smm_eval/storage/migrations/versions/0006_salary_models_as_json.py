"""Salary models stored as JSON, never as a pickle; the file digest of a dataset; gross/net of an observation.

The `model` column held a pickled model, which a restored backup could fill with code. It is
dropped unread: no stored blob is ever unpickled. `fitted` (JSON, `smm_eval.salary.persisted`)
replaces it; it is empty for the datasets of older workspaces, whose model is refitted from
their stored observations the first time it is loaded (`storage.salary_model`), then stored.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # No batch (copy-and-move) mode on SQLite: dropping the old salary_datasets table would cascade
    # to its observations. SQLite has had ALTER TABLE ... DROP COLUMN since 3.35 (2021).
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE salary_datasets DROP COLUMN model")
    else:
        op.drop_column("salary_datasets", "model")
    op.add_column("salary_datasets", sa.Column("fitted", sa.JSON, nullable=True))
    op.add_column("salary_datasets", sa.Column("digest", sa.String(64), nullable=True))
    op.add_column("salary_observations", sa.Column("gross", sa.Boolean, nullable=True))


def downgrade() -> None:
    added = (("salary_observations", "gross"), ("salary_datasets", "digest"), ("salary_datasets", "fitted"))
    for table, column in added:
        if op.get_bind().dialect.name == "sqlite":
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        else:
            op.drop_column(table, column)
    # The models are not turned back into pickles: an empty blob, refitted by no one.
    op.add_column("salary_datasets", sa.Column("model", sa.LargeBinary, nullable=False, server_default=b""))
