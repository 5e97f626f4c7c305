"""A scorecard holds its levels (issue 17, item 1): `scorecards.levels`, one character per
competency in a fixed order ('0'..'4', '-' not answered), and `scorecards.evidence`, the non-empty
evidence texts as JSON; `scorecard_items` (one row per competency) is copied into them and dropped.
The downgrade rebuilds `scorecard_items` from them.

Plain ADD COLUMN / DROP COLUMN, not Alembic's batch mode: on SQLite batch mode recreates
`scorecards`, and dropping the old table would CASCADE-delete its children (see 0010).

The competency order is written out here as it stood at this revision (a migration never reads
the app's code, which may have moved on): `smm_eval.storage.levels.STORED_COMPETENCIES` must
begin with it.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

ORDER = (
    "brand_strategy", "competitive_analysis", "consumer_insights", "audience_segmentation", "audience_dialogue",
    "project_planning", "team_tasking", "documentation", "negotiation", "kpi_setting", "platform_knowledge",
    "community_setup", "trend_tracking", "ad_setup", "community_management", "seo_basics", "campaign_costing",
    "channel_selection", "engagement_metrics", "tool_effectiveness", "campaign_analysis", "copywriting",
    "recurring_activities", "visual_content", "content_planning",
)  # fmt: skip
POSITION = {c: i for i, c in enumerate(ORDER)}
BATCH = 5_000


def upgrade() -> None:
    op.add_column("scorecards", sa.Column("levels", sa.String(64), nullable=False, server_default="-" * len(ORDER)))
    op.add_column("scorecards", sa.Column("evidence", sa.JSON, nullable=False, server_default="{}"))
    connection = op.get_bind()
    items = connection.execute(
        sa.text("SELECT scorecard_id, competency, level, evidence FROM scorecard_items ORDER BY scorecard_id")
    )
    cards: dict[int, tuple[list[str], dict[str, str]]] = {}
    for card_id, competency, level, evidence in items:
        levels, texts = cards.setdefault(card_id, (["-"] * len(ORDER), {}))
        levels[POSITION[competency]] = str(level)
        if evidence:
            texts[competency] = evidence
    rows = [
        {"id": card_id, "levels": "".join(levels), "evidence": json.dumps(texts)}
        for card_id, (levels, texts) in cards.items()
    ]
    statement = sa.text("UPDATE scorecards SET levels = :levels, evidence = :evidence WHERE id = :id")
    for start in range(0, len(rows), BATCH):
        connection.execute(statement, rows[start : start + BATCH])
    op.drop_table("scorecard_items")


def downgrade() -> None:
    op.create_table(
        "scorecard_items",
        sa.Column("scorecard_id", sa.Integer, sa.ForeignKey("scorecards.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("competency", sa.String(64), primary_key=True),
        sa.Column("level", sa.Integer, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.CheckConstraint("level >= 0 AND level <= 4", name="ck_scorecard_items_level"),
    )
    connection = op.get_bind()
    rows = []
    for card_id, levels, evidence in connection.execute(sa.text("SELECT id, levels, evidence FROM scorecards")):
        texts = json.loads(evidence) if isinstance(evidence, str) else (evidence or {})
        rows += [
            {"scorecard_id": card_id, "competency": c, "level": int(levels[i]), "evidence": texts.get(c, "")}
            for i, c in enumerate(ORDER)
            if i < len(levels) and levels[i] != "-"
        ]
    statement = sa.text(
        "INSERT INTO scorecard_items (scorecard_id, competency, level, evidence)"
        " VALUES (:scorecard_id, :competency, :level, :evidence)"
    )
    for start in range(0, len(rows), BATCH):
        connection.execute(statement, rows[start : start + BATCH])
    op.drop_column("scorecards", "evidence")
    op.drop_column("scorecards", "levels")
