"""Candidates' expected salary carries its currency and whether it is gross or net (issue 14).

Existing rows get RUB and gross: until now every amount was taken as roubles before tax.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("candidates") as batch:
        batch.add_column(sa.Column("expected_currency", sa.String(3), nullable=False, server_default="RUB"))
        batch.add_column(sa.Column("expected_gross_net", sa.String(5), nullable=False, server_default="gross"))


def downgrade() -> None:
    with op.batch_alter_table("candidates") as batch:
        batch.drop_column("expected_gross_net")
        batch.drop_column("expected_currency")
