"""The composition root: builds the Tandem context with real or given parts.

The CLI, the app factory, the benchmarks and the tests all build Tandem here. The features
come from the one list in bot/features.py unless a caller passes its own wiring.
"""

from __future__ import annotations

from slack_sdk import WebClient
from sqlalchemy import Engine

from bot.clock import Clock, SystemClock, SystemTicker, Ticker
from bot.composer import Composer
from bot.context import OneWorkspace, Tandem, Workspaces
from bot.db.engine import make_engine, make_sessions
from bot.features import wiring as feature_wiring
from bot.settings import Settings
from bot.slack.client import make_client
from bot.slack.installations import Installations
from bot.wiring import Wiring


def build_tandem(
    settings: Settings,
    *,
    client: WebClient | None = None,
    clock: Clock | None = None,
    ticker: Ticker | None = None,
    engine: Engine | None = None,
    workspaces: Workspaces | None = None,
    wiring: Wiring | None = None,
) -> Tandem:
    engine = engine or make_engine(settings.database_url)
    if workspaces is None:
        workspaces = (
            Installations(settings, engine)
            if settings.oauth and client is None
            else OneWorkspace(client or make_client(settings))
        )
    return Tandem(
        settings=settings,
        engine=engine,
        sessions=make_sessions(engine),
        workspaces=workspaces,
        composer=Composer(override=settings.prompts_dir),
        clock=clock or SystemClock(),
        wiring=wiring or feature_wiring(),
        ticker=ticker or SystemTicker(),
    )
