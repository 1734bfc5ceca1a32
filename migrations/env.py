"""Alembic environment: the engine comes from Tandem (bot.db.schema) or DATABASE_URL."""

from __future__ import annotations

import os

from alembic import context

from bot.db.engine import make_engine
from bot.models import Base, UTCDateTime
from bot.settings import normalize_database_url

config = context.config
target_metadata = Base.metadata


def _engine():  # type: ignore[no-untyped-def]
    engine = config.attributes.get("engine")
    if engine is not None:
        return engine
    url = os.environ.get("DATABASE_URL") or "sqlite:///tandem.db"
    return make_engine(normalize_database_url(url))


def render_item(type_: str, obj: object, autogen_context: object) -> str | bool:
    """Render our UTC column type as a plain DateTime so revisions never import bot code."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations_offline() -> None:
    context.configure(
        url=str(_engine().url),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    with _engine().connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,  # SQLite needs batch mode to alter tables
            compare_type=True,
            render_item=render_item,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
