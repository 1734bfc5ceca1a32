"""what Tandem remembers of Slack: events handled once, and refused tokens

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "handled_events",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ref", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_handled_events")),
    )
    with op.batch_alter_table("handled_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_handled_events_received_at"), ["received_at"], unique=False
        )
    with op.batch_alter_table("checkins", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("dm_revision", sa.Integer(), nullable=False, server_default="0")
        )
    op.create_table(
        "workspace_health",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("token_error", sa.String(length=64), nullable=True),
        sa.Column("token_error_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("working_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("team_id", name=op.f("pk_workspace_health")),
    )


def downgrade() -> None:
    op.drop_table("workspace_health")
    with op.batch_alter_table("checkins", schema=None) as batch_op:
        batch_op.drop_column("dm_revision")
    with op.batch_alter_table("handled_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handled_events_received_at"))
    op.drop_table("handled_events")
