"""Intake summaries.

Revision ID: 0001_intake_summaries
Revises:
Create Date: 2024-06-01

Databases made before migrations existed (by `create_all`) already have this
table; it is then adopted as it is.
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_intake_summaries"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    if sa.inspect(op.get_bind()).has_table("intake_summaries"):
        return
    op.create_table(
        "intake_summaries",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("recommended_style", sa.String(32), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index(
        "ix_intake_summaries_conversation_id", "intake_summaries", ["conversation_id"], unique=True
    )


def downgrade() -> None:
    op.drop_index("ix_intake_summaries_conversation_id", table_name="intake_summaries")
    op.drop_table("intake_summaries")
