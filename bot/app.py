"""The app factory: the one way a Bolt app is built."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any, cast

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.bootstrap import build_tandem
from bot.context import OneWorkspace, Tandem
from bot.listeners import register_listeners
from bot.services.workspaces.removal import workspace_installed
from bot.settings import Settings
from bot.slack.client import make_client
from bot.slack.installations import Installations
from bot.slack.oauth import CachedAuthorize, oauth_settings

log = logging.getLogger(__name__)


def create_app(
    settings: Settings,
    client: WebClient | None = None,
    *,
    tandem: Tandem | None = None,
    socket_mode: bool = False,
    listener_executor: Executor | None = None,
) -> App:
    """Build the Bolt app with every listener registered and Tandem in each request's context.

    Over Socket Mode requests arrive on Slack's own connection and are not signed, so no
    signing secret is needed (Bolt skips the check for them). `listener_executor` runs the
    listeners after the ack (Bolt's own thread pool unless given; the sandbox counts its work)."""
    tandem = tandem or build_tandem(settings, client=client)
    secret = (settings.slack_signing_secret or "") if socket_mode else None
    app = App(
        signing_secret=secret if secret is not None else settings.require_signing_secret(),
        token_verification_enabled=False,  # the CLI checks the token once, with a clear message
        logger=logging.getLogger("bot.bolt"),
        **_authorization(tandem),
        listener_executor=listener_executor,
    )

    @app.middleware
    def provide_tandem(context: BoltContext, next: Callable[[], Any]) -> Any:
        context["tandem"] = tandem
        return next()

    @app.error
    def on_error(error: Exception, body: dict[str, Any], respond: Any = None) -> None:
        log.exception("listener failed: %s", type(error).__name__, exc_info=error)
        if respond is not None and body.get("response_url"):
            respond(text=tandem.composer.render("error.j2"), response_type="ephemeral")

    register_listeners(app)
    return app


def _authorization(tandem: Tandem) -> dict[str, Any]:
    """One workspace: Bolt's client is the configured one. Many: OAuth installs, and each
    request authorized from the installation cache."""
    workspaces = tandem.workspaces
    if not isinstance(workspaces, Installations):
        return {"client": cast(OneWorkspace, workspaces).client}

    def installed(team_id: str) -> None:
        workspace_installed(tandem, team_id=team_id, now=tandem.clock.now())

    return {
        "client": make_client(tandem.settings, tokenless=True),  # oauth.v2.access and auth.test
        "oauth_settings": oauth_settings(tandem.settings, workspaces, installed),
        "authorize": CachedAuthorize(workspaces),
    }
