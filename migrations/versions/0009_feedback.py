"""feedback rounds, nudges, the receiver's reception and reflection, self-assessments

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "feedback_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=32), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opens_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["pair_id"], ["pairs.id"], name=op.f("fk_feedback_rounds_pair_id_pairs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_rounds")),
        sa.UniqueConstraint("pair_id", "period", name=op.f("uq_feedback_rounds_pair_id_period")),
    )
    with op.batch_alter_table("feedback_rounds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_rounds_pair_id"), ["pair_id"])
        batch_op.create_index(
            batch_op.f("ix_feedback_rounds_state_closes_at"), ["state", "closes_at"]
        )
    op.create_table(
        "feedback_nudges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("remind_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_feedback_nudges_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["pair_id"], ["pairs.id"], name=op.f("fk_feedback_nudges_pair_id_pairs")
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["feedback_rounds.id"],
            name=op.f("fk_feedback_nudges_round_id_feedback_rounds"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_nudges")),
        sa.UniqueConstraint("round_id", "member_id", name=op.f("uq_feedback_nudges_round_id_member_id")),
    )
    with op.batch_alter_table("feedback_nudges", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_nudges_state_due_at"), ["state", "due_at"])
        batch_op.create_index(
            batch_op.f("ix_feedback_nudges_state_remind_at"), ["state", "remind_at"]
        )
    op.create_table(
        "goal_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("assessed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["goals.id"], name=op.f("fk_goal_assessments_goal_id_goals")
        ),
        sa.ForeignKeyConstraint(
            ["pair_id"], ["pairs.id"], name=op.f("fk_goal_assessments_pair_id_pairs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal_assessments")),
        sa.UniqueConstraint("goal_id", "month", name=op.f("uq_goal_assessments_goal_id_month")),
    )
    with op.batch_alter_table("goal_assessments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_goal_assessments_pair_id"), ["pair_id"])
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.add_column(sa.Column("next_step", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("round_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("state", sa.String(length=16), nullable=False, server_default="queued")
        )
        batch_op.add_column(sa.Column("view_id", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("channel_id", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("message_ts", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("reception", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("received_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("reflection", sa.Text(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_feedback_round_id_feedback_rounds"),
            "feedback_rounds",
            ["round_id"],
            ["id"],
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_feedback_from_member_id_view_id"), ["from_member_id", "view_id"]
        )
        batch_op.create_index(batch_op.f("ix_feedback_round_id"), ["round_id"])
    with op.batch_alter_table("program_settings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("feedback_every_rounds", sa.Integer(), nullable=False, server_default="2")
        )


def downgrade() -> None:
    with op.batch_alter_table("program_settings", schema=None) as batch_op:
        batch_op.drop_column("feedback_every_rounds")
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_round_id"))
        batch_op.drop_constraint(batch_op.f("uq_feedback_from_member_id_view_id"), type_="unique")
        batch_op.drop_constraint(
            batch_op.f("fk_feedback_round_id_feedback_rounds"), type_="foreignkey"
        )
        for column in (
            "reflection",
            "received_at",
            "reception",
            "message_ts",
            "channel_id",
            "delivered_at",
            "view_id",
            "state",
            "round_id",
            "next_step",
        ):
            batch_op.drop_column(column)
    op.drop_table("goal_assessments")
    op.drop_table("feedback_nudges")
    op.drop_table("feedback_rounds")
