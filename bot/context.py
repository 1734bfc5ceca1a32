"""The composition root: one Tandem object holds everything a service needs."""

from __future__ import annotations

import os
import socket
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from slack_sdk import WebClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import Clock, SystemClock, SystemTicker, Ticker
from bot.composer import Composer
from bot.db.engine import make_engine, make_sessions
from bot.settings import Settings
from bot.slack.client import make_client
from bot.slack.gateway import SlackGateway

if TYPE_CHECKING:
    from bot.delivery.transport import DeliveryGateway


@dataclass
class Tandem:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    slack: SlackGateway
    composer: Composer
    clock: Clock
    ticker: Ticker = field(default_factory=SystemTicker)  # seconds for pacing and waiting
    # The outbox's paced gateways, one per workspace token, kept as long as this Tandem so
    # that a Retry-After that ends after a pass is still honoured by the next one.
    paced_gateways: dict[str, DeliveryGateway] = field(default_factory=dict)
    paced_lock: threading.Lock = field(default_factory=threading.Lock)
    worker_id: str = field(default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}")


def build_tandem(
    settings: Settings,
    *,
    client: WebClient | None = None,
    clock: Clock | None = None,
    ticker: Ticker | None = None,
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
        ticker=ticker or SystemTicker(),
    )
