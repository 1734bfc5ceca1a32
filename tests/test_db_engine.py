"""Every connection is set up for its database when it is opened."""

from sqlalchemy import Engine, text


def test_each_connection_is_set_up_for_its_database(engine: Engine) -> None:
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            # Plans made for each execution's values, not one generic plan (bot/db/engine.py).
            assert conn.scalar(text("SHOW plan_cache_mode")) == "force_custom_plan"
        else:
            assert conn.scalar(text("PRAGMA foreign_keys")) == 1
            assert conn.scalar(text("PRAGMA journal_mode")) == "wal"
            assert conn.scalar(text("PRAGMA busy_timeout")) == 30000
