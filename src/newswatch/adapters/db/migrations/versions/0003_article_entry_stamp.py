"""Articles remember the feed entry stamp they were read under (edited articles are read again).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 07:30:38.198960
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("entry_stamp", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_column("entry_stamp")
