"""tips: each pair's next tip slot, how often a pair has had a tip, the tip day and time,
when a check-in's pulse was given

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "tip_plans",
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=32), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("schedule", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["pair_id"], ["pairs.id"], name=op.f("fk_tip_plans_pair_id_pairs")
        ),
        sa.PrimaryKeyConstraint("pair_id", name=op.f("pk_tip_plans")),
    )
    with op.batch_alter_table("tip_plans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tip_plans_due_at"), ["due_at"], unique=False)
    with op.batch_alter_table("tips_sent", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rounds", sa.Integer(), nullable=False, server_default="1"))
    with op.batch_alter_table("checkins", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pulse_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_checkins_pulse_at"), ["pulse_at"], unique=False)
    with op.batch_alter_table("program_settings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("tips_weekday", sa.Integer(), nullable=False, server_default="3")
        )
        batch_op.add_column(
            sa.Column("tips_time", sa.String(length=5), nullable=False, server_default="10:00")
        )


def downgrade() -> None:
    with op.batch_alter_table("program_settings", schema=None) as batch_op:
        batch_op.drop_column("tips_time")
        batch_op.drop_column("tips_weekday")
    with op.batch_alter_table("checkins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checkins_pulse_at"))
        batch_op.drop_column("pulse_at")
    with op.batch_alter_table("tips_sent", schema=None) as batch_op:
        batch_op.drop_column("rounds")
    with op.batch_alter_table("tip_plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tip_plans_due_at"))
    op.drop_table("tip_plans")
