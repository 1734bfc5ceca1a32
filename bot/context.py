"""The context every service is handed: one Tandem object holds what a service needs.

It is built only by the composition root (bot/bootstrap.py). Services never build their
own database engine, Slack client or clock; they ask the context, so that tests and the
outbox can hand them fakes, a fixed clock or a paced gateway.
"""

from __future__ import annotations

import os
import socket
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from slack_sdk import WebClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import Clock, SystemTicker, Ticker
from bot.composer import Composer
from bot.settings import Settings
from bot.slack.gateway import SlackGateway

if TYPE_CHECKING:
    from bot.delivery.transport import DeliveryGateway
    from bot.wiring import Wiring


class Workspaces(Protocol):
    """The Slack gateway of each workspace (team) Tandem is installed in."""

    def gateway(self, team_id: str) -> SlackGateway: ...

    def token(self, team_id: str) -> str: ...

    def forget(self, team_id: str) -> None:
        """Drop what is cached for `team_id`: its token is refused or was removed."""

    def remove(self, team_id: str) -> None:
        """Tandem was uninstalled from `team_id`: delete its tokens."""


class OneWorkspace:
    """Tandem installed in one workspace with SLACK_BOT_TOKEN: every team gets its gateway."""

    def __init__(self, client: WebClient) -> None:
        self.client = client
        self._gateway = SlackGateway(client)

    def gateway(self, team_id: str) -> SlackGateway:
        return self._gateway

    def token(self, team_id: str) -> str:
        return str(self.client.token or "")

    def forget(self, team_id: str) -> None:
        pass  # SLACK_BOT_TOKEN is read once; a new one needs a restart

    def remove(self, team_id: str) -> None:
        pass  # the owner removes SLACK_BOT_TOKEN from the environment


@dataclass
class Tandem:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    workspaces: Workspaces
    composer: Composer
    clock: Clock
    wiring: Wiring  # every feature's commands, sweeps and delivery kinds (bot/features.py)
    ticker: Ticker = field(default_factory=SystemTicker)  # seconds for pacing and waiting
    # The outbox's paced gateways, one per workspace, kept as long as this Tandem so that a
    # Retry-After that ends after a pass is still honoured by the next one.
    paced_gateways: dict[str, DeliveryGateway] = field(default_factory=dict)
    paced_lock: threading.Lock = field(default_factory=threading.Lock)
    worker_id: str = field(default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}")

    def slack_for(self, team_id: str) -> SlackGateway:
        """The gateway to the Slack workspace `team_id` (of the request or the row)."""
        return self.workspaces.gateway(team_id)
