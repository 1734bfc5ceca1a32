"""The Alembic revisions and the ORM models describe the same schema, on every backend."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from bot.db import schema
from bot.db.engine import make_engine
from bot.models import Base


def test_migrations_and_models_agree(engine: Engine) -> None:
    with engine.connect() as conn:
        differences = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
        )
    assert differences == []


def test_migrate_is_idempotent(engine: Engine) -> None:
    head = schema.head_revision(engine)
    assert schema.upgrade(engine) == (head, head)
    tables = set(inspect(engine).get_table_names())
    assert {"members", "pairs", "checkins", "deliveries", "audit_log"} <= tables


def test_sqlite_is_migrated_automatically(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{tmp_path / 'auto.db'}")
    schema.ensure_schema(engine)
    assert schema.current_revision(engine) == schema.head_revision(engine)


def test_postgres_refuses_an_out_of_date_schema(database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only")
    engine = make_engine(database_url)
    with pytest.raises(schema.SchemaOutOfDate, match="run `tandem migrate`"):
        schema.ensure_schema(engine)
    schema.upgrade(engine)
    schema.ensure_schema(engine)  # up to date now: no error
    engine.dispose()
