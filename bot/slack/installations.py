"""Tandem installed in many workspaces by OAuth: each workspace's bot token comes from
slack-sdk's SQLAlchemy installation store, in our database.

A token is looked up once per workspace and kept by this process (and Bolt's authorization
reads the same cache), so a request costs no `auth.test` and no query for its token. The
cache is dropped for a workspace when Slack refuses its token, when it is uninstalled, and
when it is installed again.
"""

from __future__ import annotations

import threading

from slack_sdk.oauth.installation_store import Bot
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from sqlalchemy import Engine

from bot.models.installations import BOTS, INSTALLATIONS
from bot.settings import Settings
from bot.slack.client import make_client
from bot.slack.gateway import SlackGateway


class NotInstalled(LookupError):
    """Tandem has no installation (no bot token) in this workspace."""


class Installations:
    """The Workspaces of an OAuth deployment: a gateway per installed workspace."""

    def __init__(self, settings: Settings, engine: Engine) -> None:
        self.settings = settings
        self.store = SQLAlchemyInstallationStore(
            client_id=str(settings.slack_client_id),
            engine=engine,
            bots_table_name=BOTS,
            installations_table_name=INSTALLATIONS,
        )
        self._lock = threading.Lock()
        self._bots: dict[str, Bot] = {}
        self._gateways: dict[str, SlackGateway] = {}
        self.lookups = 0  # store queries made (the cache keeps this to one per workspace)

    def bot(self, team_id: str) -> Bot:
        with self._lock:
            found = self._bots.get(team_id)
        if found is not None:
            return found
        self.lookups += 1
        found = self.store.find_bot(enterprise_id=None, team_id=team_id)
        if found is None or not found.bot_token:
            raise NotInstalled(team_id)
        with self._lock:
            self._bots[team_id] = found
        return found

    def gateway(self, team_id: str) -> SlackGateway:
        with self._lock:
            gateway = self._gateways.get(team_id)
        if gateway is None:
            client = make_client(self.settings, token=self.token(team_id))
            gateway = SlackGateway(client)
            with self._lock:
                self._gateways[team_id] = gateway
        return gateway

    def token(self, team_id: str) -> str:
        """The workspace's bot token, or "" (Slack answers not_authed) if not installed."""
        try:
            return str(self.bot(team_id).bot_token)
        except NotInstalled:
            return ""

    def forget(self, team_id: str) -> None:
        with self._lock:
            self._bots.pop(team_id, None)
            self._gateways.pop(team_id, None)

    def remove(self, team_id: str) -> None:
        self.store.delete_bot(enterprise_id=None, team_id=team_id)
        self.store.delete_installation(enterprise_id=None, team_id=team_id)
        self.forget(team_id)
