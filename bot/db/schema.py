"""Alembic migrations run from code: upgrade, and the start-up schema check."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from bot.paths import migrations_dir


class SchemaOutOfDate(Exception):
    """The database schema is older than this version of Tandem."""


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.attributes["engine"] = engine
    return config


# Features add their migrations side by side (each revising the same earlier one), so the
# history may have several heads; the schema is up to date when the database is at all of
# them. Several revisions are shown joined by "+".


def _joined(revisions: tuple[str, ...] | list[str]) -> str | None:
    return "+".join(sorted(revisions)) or None


def head_revision(engine: Engine) -> str | None:
    return _joined(ScriptDirectory.from_config(alembic_config(engine)).get_heads())


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return _joined(MigrationContext.configure(conn).get_current_heads())


def upgrade(engine: Engine) -> tuple[str | None, str | None]:
    """Bring the database to the newest revisions; return (before, after)."""
    before = current_revision(engine)
    command.upgrade(alembic_config(engine), "heads")
    return before, current_revision(engine)


def ensure_schema(engine: Engine) -> None:
    """SQLite is migrated automatically; any other database must already be up to date."""
    if engine.dialect.name == "sqlite":
        upgrade(engine)
        return
    current, head = current_revision(engine), head_revision(engine)
    if current != head:
        raise SchemaOutOfDate(
            f"The database schema is at revision {current or 'none'} but this Tandem needs "
            f"{head}: run `tandem migrate` first."
        )
