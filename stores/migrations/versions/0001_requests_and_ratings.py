"""Requests (meeting, desk, call-back) and answer ratings.

Revision ID: 0001
Revises:
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "klyngebot_requests",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("conversation_id", sa.String(128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("cluster_id", sa.String(64)),
        sa.Column("office", sa.String(100)),
        sa.Column("wanted_at", sa.DateTime(timezone=True)),
        sa.Column("wanted_day", sa.String(10)),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(254)),
        sa.Column("phone", sa.String(40)),
        sa.Column("company", sa.String(200)),
        sa.Column("topic", sa.Text),
        sa.Column("consent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(16), nullable=False, server_default="open"),
        sa.Column("staff_id", sa.String(64)),
        sa.Column("updated_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_klyngebot_requests_conversation_id", "klyngebot_requests", ["conversation_id"])
    op.create_index("ix_klyngebot_requests_created_at", "klyngebot_requests", ["created_at"])
    op.create_table(
        "klyngebot_ratings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("conversation_id", sa.String(128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rating", sa.Integer, nullable=False),
        sa.Column("answer", sa.Text),
    )
    op.create_index("ix_klyngebot_ratings_conversation_id", "klyngebot_ratings", ["conversation_id"])
    op.create_index("ix_klyngebot_ratings_created_at", "klyngebot_ratings", ["created_at"])


def downgrade() -> None:
    op.drop_table("klyngebot_ratings")
    op.drop_table("klyngebot_requests")
