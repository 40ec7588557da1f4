"""The therapist directory and callback requests.

Revision ID: 0002_therapists_and_callbacks
Revises: 0001_intake_summaries
Create Date: 2024-06-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_therapists_and_callbacks"
down_revision = "0001_intake_summaries"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "therapists",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("bio", sa.Text(), nullable=False),
        sa.Column("licence_number", sa.String(64), nullable=False),
        sa.Column("licensing_body", sa.String(120), nullable=False),
        sa.Column("years_practice", sa.Integer(), nullable=False),
        sa.Column("styles", sa.JSON(), nullable=False),
        sa.Column("fibro_years", sa.Integer(), nullable=False),
        sa.Column("pressure_min", sa.Integer(), nullable=False),
        sa.Column("pressure_max", sa.Integer(), nullable=False),
        sa.Column("hot_cold_packs", sa.Boolean(), nullable=False),
        sa.Column("sessions", sa.JSON(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("gender", sa.String(16), nullable=False),
        sa.Column("locations", sa.JSON(), nullable=False),
        sa.Column("step_free_access", sa.Boolean(), nullable=False),
        sa.Column("adjustable_table", sa.Boolean(), nullable=False),
        sa.Column("availability", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("licensing_body", "licence_number", name="uq_therapists_licence"),
        sa.CheckConstraint(
            "pressure_min >= 1 AND pressure_min <= pressure_max AND pressure_max <= 10",
            name="ck_therapists_pressure_range",
        ),
        sa.CheckConstraint("years_practice >= 0 AND fibro_years >= 0", name="ck_therapists_years"),
    )
    op.create_table(
        "callback_requests",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column(
            "intake_summary_id",
            sa.Integer(),
            sa.ForeignKey(
                "intake_summaries.id",
                ondelete="SET NULL",
                name="fk_callback_requests_intake_summary",
            ),
            nullable=True,
        ),
        sa.Column(
            "therapist_id",
            sa.Integer(),
            sa.ForeignKey(
                "therapists.id", ondelete="SET NULL", name="fk_callback_requests_therapist"
            ),
            nullable=True,
        ),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("phone", sa.String(32), nullable=True),
        sa.Column("email", sa.String(254), nullable=True),
        sa.Column("preferred_times", sa.Text(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "phone IS NOT NULL OR email IS NOT NULL", name="ck_callback_requests_contact"
        ),
        sa.CheckConstraint(
            "status IN ('new', 'contacted', 'closed')", name="ck_callback_requests_status"
        ),
    )
    op.create_index(
        "ix_callback_requests_conversation_id", "callback_requests", ["conversation_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_callback_requests_conversation_id", table_name="callback_requests")
    op.drop_table("callback_requests")
    op.drop_table("therapists")
