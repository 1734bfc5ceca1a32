"""The composition root: one Tandem object holds everything a service needs."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass, field

from slack_sdk import WebClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import Clock, SystemClock
from bot.composer import Composer
from bot.db.engine import make_engine, make_sessions
from bot.settings import Settings
from bot.slack.client import make_client
from bot.slack.gateway import SlackGateway


@dataclass
class Tandem:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    slack: SlackGateway
    composer: Composer
    clock: Clock
    worker_id: str = field(default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}")


def build_tandem(
    settings: Settings,
    *,
    client: WebClient | None = None,
    clock: Clock | None = None,
    engine: Engine | None = None,
) -> Tandem:
    engine = engine or make_engine(settings.database_url)
    return Tandem(
        settings=settings,
        engine=engine,
        sessions=make_sessions(engine),
        slack=SlackGateway(client or make_client(settings)),
        composer=Composer(),
        clock=clock or SystemClock(),
    )
