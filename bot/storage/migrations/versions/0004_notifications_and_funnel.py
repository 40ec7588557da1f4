"""The e-mail outbox of new callback requests and the funnel report's counts.

Revision ID: 0004_notifications_and_funnel
Revises: 0003_staff_console
Create Date: 2024-06-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_notifications_and_funnel"
down_revision = "0003_staff_console"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notification_outbox",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "callback_request_id",
            sa.Integer(),
            sa.ForeignKey(
                "callback_requests.id",
                ondelete="CASCADE",
                name="fk_notification_outbox_callback",
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.String(120), nullable=True),
    )
    op.create_index(
        "ix_notification_outbox_callback_request_id",
        "notification_outbox",
        ["callback_request_id"],
    )
    op.create_index(
        "ix_notification_outbox_next_attempt_at", "notification_outbox", ["next_attempt_at"]
    )
    op.create_table(
        "funnel_counts",
        sa.Column("week", sa.String(8), primary_key=True),
        sa.Column("metric", sa.String(64), primary_key=True),
        sa.Column("count", sa.Integer(), nullable=False),
    )
    op.create_table(
        "funnel_progress",
        sa.Column("conversation_key", sa.String(64), primary_key=True),
        sa.Column("week", sa.String(8), nullable=False),
        sa.Column("reached", sa.JSON(), nullable=False),
        sa.Column("open_question", sa.String(64), nullable=True),
        sa.Column("submitting", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_funnel_progress_updated_at", "funnel_progress", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_funnel_progress_updated_at", table_name="funnel_progress")
    op.drop_table("funnel_progress")
    op.drop_table("funnel_counts")
    op.drop_index("ix_notification_outbox_next_attempt_at", table_name="notification_outbox")
    op.drop_index("ix_notification_outbox_callback_request_id", table_name="notification_outbox")
    op.drop_table("notification_outbox")
