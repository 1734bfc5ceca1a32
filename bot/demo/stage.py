"""The stage: the real bot, a database and the sandbox Slack, all in this process.

The sandbox lives on 127.0.0.1, so proxy variables from the environment are set aside while
the demo plays (slack_sdk would send even local requests through them) and put back after.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

from bot.bootstrap import build_tandem
from bot.clock import FixedClock, VirtualTicker
from bot.db import schema
from bot.db.engine import make_engine
from bot.demo.cast import Cast
from bot.sandbox import BOT_USER, FakeSlack
from bot.sandbox.app import RunningApp, run_in_thread
from bot.settings import Settings, normalize_database_url

PROXY_VARIABLES = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY")
TOKEN = "xoxb-demo-sandbox-token"  # known only to the sandbox; it is not a Slack token
SECRET = "demo-sandbox-signing-secret"


@dataclass
class Stage:
    app: RunningApp
    clock: FixedClock
    cast: Cast
    shoutout_channel: str


def _fast(engine: Engine) -> None:
    """A throwaway SQLite file needs no fsync on every commit (the demo makes thousands)."""

    @event.listens_for(engine, "connect")
    def _no_sync(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.close()


@contextmanager
def _without_proxies() -> Iterator[None]:
    saved = {name: os.environ.pop(name) for name in PROXY_VARIABLES if name in os.environ}
    try:
        yield
    finally:
        os.environ.update(saved)


@contextmanager
def _quiet_logs() -> Iterator[None]:
    """The transcript is the output: the bot's routine log lines would only interleave."""
    loggers = [logging.getLogger(name) for name in ("bot", "alembic", "matplotlib")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _people(fake: FakeSlack, cast: Cast) -> None:
    for person in cast.people:
        user = fake.add_user(person.id, person.name, tz=person.tz)
        user["real_name"] = user["profile"]["real_name"] = person.real_name
        user["profile"]["title"] = person.title
        user["profile"]["display_name"] = person.real_name.split()[0]


@contextmanager
def stage(cast: Cast, database_url: str | None = None) -> Iterator[Stage]:
    """Everything running; torn down (and a temporary database removed) on leaving."""
    with tempfile.TemporaryDirectory(prefix="tandem-demo-") as folder, _without_proxies():
        url = normalize_database_url(database_url or f"sqlite:///{Path(folder) / 'demo.db'}")
        engine = make_engine(url)
        if database_url is None:
            _fast(engine)
        ticker = VirtualTicker()
        fake = FakeSlack(token=TOKEN, ticker=ticker).start()
        app: RunningApp | None = None
        try:
            with _quiet_logs():
                schema.upgrade(engine)
            _people(fake, cast)
            shoutouts = fake.add_channel(cast.shoutout_channel, members=(cast.owner.id,))
            settings = Settings(
                database_url=url,
                slack_api_url=fake.api_url,
                slack_bot_token=TOKEN,
                slack_signing_secret=SECRET,
                owners=(cast.owner.id,),
                timezone=cast.owner.tz,
                slack_posts_per_second=1000,
            )
            clock = FixedClock(cast.start)
            tandem = build_tandem(settings, engine=engine, clock=clock, ticker=ticker)
            app = run_in_thread(tandem, fake)
            with _quiet_logs():
                yield Stage(app, clock, cast, shoutouts)
        finally:
            if app is not None:
                app.stop()
            fake.stop()
            engine.dispose()


__all__ = ["BOT_USER", "Stage", "stage"]
