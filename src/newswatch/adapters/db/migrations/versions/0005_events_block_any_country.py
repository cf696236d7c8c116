"""Events are blocked without their country: another acting country is evidence against one
event (the receiving country's outlets name their own), no longer a wall between candidates.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 23:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_block")
        batch_op.create_index("ix_events_block", ["family", "scope", "dated", "anchor"])


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_block")
        batch_op.create_index("ix_events_block", ["family", "country", "scope", "dated", "anchor"])
