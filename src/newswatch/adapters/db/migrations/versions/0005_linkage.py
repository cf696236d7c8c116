"""Linking by evidence: events are blocked without their country (another acting country is
evidence against one event, no longer a wall between candidates); a merged event's row stays
and names the event it became; analysts' merge and split decisions are kept.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 23:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_block")
        batch_op.create_index("ix_events_block", ["family", "scope", "dated", "anchor"])
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("merged_into", sa.Integer(), nullable=True))
    op.create_table(
        "link_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_key", sa.String(length=64), nullable=False),
        sa.Column("family", sa.String(length=16), nullable=False),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("verdict", sa.String(length=8), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_decisions")),
    )
    with op.batch_alter_table("link_decisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_link_decisions_article_key"), ["article_key"], unique=False
        )


def downgrade() -> None:
    op.drop_table("link_decisions")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_column("merged_into")
        batch_op.drop_index("ix_events_block")
        batch_op.create_index("ix_events_block", ["family", "country", "scope", "dated", "anchor"])
