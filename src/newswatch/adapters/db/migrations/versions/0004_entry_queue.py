"""The entry queue: feed entries waiting to be read survive an interrupted pass; an alert's
claim names the process that made it, so a dead process's claims are free at once; marks
record when the last monitor pass completed (a stalled monitor is reported).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 18:40:00
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("feed_url", sa.Text(), nullable=True),
        sa.Column(
            "item",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_try", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("gave_up", sa.Boolean(), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entries")),
        sa.UniqueConstraint("key", name=op.f("uq_entries_key")),
    )
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_entries_next_try"), ["next_try"], unique=False)
    with op.batch_alter_table("alert_deliveries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner", sa.String(length=200), nullable=True))
    # Articles: identity by a fixed-length key, URL index by hash (any URL length on PostgreSQL)
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("canonical_key", sa.String(length=64), nullable=True))
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, canonical_url FROM articles")).all()
    for row_id, url in rows:
        key = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()
        bind.execute(sa.text("UPDATE articles SET canonical_key = :k WHERE id = :i"),
                     {"k": key, "i": row_id})  # fmt: skip
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.alter_column("canonical_key", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(
            batch_op.f("uq_articles_canonical_key"), ["canonical_key"]
        )
        batch_op.drop_constraint(batch_op.f("uq_articles_canonical_url"), type_="unique")
        batch_op.drop_index(batch_op.f("ix_articles_url"))
        batch_op.create_index("ix_articles_url", ["url"], unique=False, postgresql_using="hash")
    op.create_table(
        "marks",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_marks")),
    )


def downgrade() -> None:
    op.drop_table("marks")
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_index("ix_articles_url", postgresql_using="hash")
        batch_op.create_index(batch_op.f("ix_articles_url"), ["url"], unique=False)
        batch_op.create_unique_constraint(
            batch_op.f("uq_articles_canonical_url"), ["canonical_url"]
        )
        batch_op.drop_constraint(batch_op.f("uq_articles_canonical_key"), type_="unique")
        batch_op.drop_column("canonical_key")
    with op.batch_alter_table("alert_deliveries", schema=None) as batch_op:
        batch_op.drop_column("owner")
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entries_next_try"))
    op.drop_table("entries")
