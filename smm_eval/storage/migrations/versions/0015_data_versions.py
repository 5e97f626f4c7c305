"""Vacancies and teams carry a data version: a number that moves on in the same transaction as
every change to what the pages read for them (issue 17, item 4; `smm_eval.storage.versions`).
Pages key their caches on it, so a rerun with nothing changed reads one number instead of every
scorecard.

A plain ADD COLUMN with a server default, not Alembic's batch mode: on SQLite batch mode recreates
the table, and dropping the old `vacancies` (or `teams`) would CASCADE-delete every application,
scorecard, member and rating.

Revision ID: 0015
Revises: 0013
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("vacancies", sa.Column("data_version", sa.BigInteger, nullable=False, server_default="0"))
    op.add_column("teams", sa.Column("data_version", sa.BigInteger, nullable=False, server_default="0"))


def downgrade() -> None:
    op.drop_column("teams", "data_version")
    op.drop_column("vacancies", "data_version")
