"""Shared fixtures: databases (SQLite, and PostgreSQL when configured), fake Slack, the app."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from bot.bootstrap import build_tandem
from bot.clock import FixedClock, VirtualTicker
from bot.context import Tandem
from bot.db import schema
from bot.db.engine import make_engine
from bot.sandbox import FakeSlack
from bot.settings import Settings, normalize_database_url
from tests.support.constants import BOT_TOKEN, OWNER, SIGNING_SECRET
from tests.support.runner import RunningApp, run_in_thread

PG_URL = os.environ.get("TANDEM_TEST_DATABASE_URL", "").strip()

BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


def _with_search_path(url: str, schema_name: str) -> str:
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options=-csearch_path%3D{schema_name}"


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: a SQLite file, or a fresh PostgreSQL schema dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{(tmp_path / 'tandem.db').as_posix()}"
        return
    base = normalize_database_url(PG_URL)
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{name}"'))
    try:
        yield _with_search_path(base, name)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
        admin.dispose()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A migrated database."""
    engine = make_engine(database_url)
    schema.upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def ticker() -> VirtualTicker:
    """Virtual seconds for the outbox's pace and the fake's clock: no test waits them out."""
    return VirtualTicker()


@pytest.fixture
def fake_slack(ticker: VirtualTicker) -> Iterator[FakeSlack]:
    fake = FakeSlack(token=BOT_TOKEN, ticker=ticker).start()
    fake.add_user(OWNER, "olive", tz="Europe/Berlin")
    yield fake
    fake.stop()


@pytest.fixture
def settings(database_url: str, fake_slack: FakeSlack) -> Settings:
    return Settings(
        database_url=database_url,
        slack_api_url=fake_slack.api_url,
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        owners=(OWNER,),
        timezone="UTC",
        slack_posts_per_second=1000,  # tests that pace the workspace set their own
    )


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2027, 1, 4, 9, 0, tzinfo=UTC))


@pytest.fixture
def tandem(settings: Settings, engine: Engine, clock: FixedClock, ticker: VirtualTicker) -> Tandem:
    return build_tandem(settings, engine=engine, clock=clock, ticker=ticker)


@pytest.fixture
def app(tandem: Tandem, fake_slack: FakeSlack) -> Iterator[RunningApp]:
    """The real app on a real port; drive it with `app.driver`, read `app.fake`."""
    running = run_in_thread(tandem, fake_slack)
    yield running
    running.stop()
