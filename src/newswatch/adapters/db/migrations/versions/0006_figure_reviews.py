"""Analysts' reviews of figures: confirm, reject or correct, kept across re-extraction; and
the index the web view's events table reads newest first.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 06:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "figure_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_key", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("verdict", sa.String(length=8), nullable=False),
        sa.Column(
            "changes",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_figure_reviews")),
    )
    with op.batch_alter_table("figure_reviews", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_figure_reviews_article_key"), ["article_key"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_figure_reviews_decided_at"), ["decided_at"], unique=False
        )

    op.create_index("ix_events_day", "events", [sa.text("coalesce(anchor, first_published)"), "id"])


def downgrade() -> None:
    op.drop_index("ix_events_day", table_name="events")
    op.drop_table("figure_reviews")
