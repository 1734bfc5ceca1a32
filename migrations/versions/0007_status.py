"""program status: the owners' weekly digest can be turned off; status snapshots

Revision ID: 0007
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "status_snapshots",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("team_id", name=op.f("pk_status_snapshots")),
    )
    with op.batch_alter_table("program_settings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("digest_enabled", sa.Boolean(), nullable=False, server_default=sa.true())
        )


def downgrade() -> None:
    with op.batch_alter_table("program_settings", schema=None) as batch_op:
        batch_op.drop_column("digest_enabled")
    op.drop_table("status_snapshots")
