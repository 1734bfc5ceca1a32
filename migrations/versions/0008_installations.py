"""installations in many workspaces: slack-sdk's installation, bot and OAuth-state tables

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.models.base import NAMING_CONVENTION
from bot.models.installations import build_tables

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The stores' own table builders, so the tables are exactly what the stores query.
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    for table in build_tables(metadata):
        table.create(op.get_bind())


def downgrade() -> None:
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    for table in reversed(build_tables(metadata)):
        table.drop(op.get_bind())
