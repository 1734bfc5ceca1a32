"""Installing Tandem in a workspace by OAuth: Bolt's flow at /slack/install and
/slack/oauth_redirect, with slack-sdk's SQLAlchemy stores in our database.

The state of an install in progress is kept by slack-sdk's SQLAlchemyOAuthStateStore and
signed with SLACK_STATE_SECRET, so a state that was not issued by this deployment is refused
before the database is asked. Requests are authorized from the installation cache
(bot/slack/installations.py): no `auth.test` per request.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.authorize import Authorize
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk.oauth.state_store import OAuthStateStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

from bot.models.installations import OAUTH_STATES
from bot.settings import Settings
from bot.slack.installations import Installations, NotInstalled
from bot.slack.manifest import INSTALL_PATH, REDIRECT_PATH, bot_scopes

log = logging.getLogger(__name__)

STATE_SECONDS = 600  # an install has ten minutes from /slack/install to the redirect


class SignedStateStore(OAuthStateStore):
    """slack-sdk's SQLAlchemy state store, each state signed with SLACK_STATE_SECRET."""

    def __init__(self, inner: SQLAlchemyOAuthStateStore, secret: str) -> None:
        self.inner = inner
        self.secret = secret.encode()

    @property
    def logger(self) -> logging.Logger:
        return log

    def _signature(self, state: str) -> str:
        return hmac.new(self.secret, state.encode(), hashlib.sha256).hexdigest()[:32]

    def issue(self, *args: Any, **kwargs: Any) -> str:
        state = self.inner.issue(*args, **kwargs)
        return f"{state}.{self._signature(state)}"

    def consume(self, state: str) -> bool:
        raw, _, signature = state.rpartition(".")
        if not raw or not hmac.compare_digest(signature, self._signature(raw)):
            log.warning("refused an OAuth state this deployment did not issue")
            return False
        return bool(self.inner.consume(raw))


class CachedAuthorize(Authorize):
    """Bolt's authorization from the installation cache: the stored bot, no auth.test."""

    def __init__(self, installations: Installations) -> None:
        self.installations = installations

    def __call__(
        self,
        *,
        context: BoltContext,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None,
        **_actor: Any,
    ) -> AuthorizeResult | None:
        try:
            bot = self.installations.bot(team_id or "")
        except NotInstalled:
            log.warning("a request from workspace %s, where Tandem is not installed", team_id)
            return None
        return AuthorizeResult(
            enterprise_id=bot.enterprise_id,
            team_id=bot.team_id,
            bot_user_id=bot.bot_user_id,
            bot_id=bot.bot_id,
            bot_token=bot.bot_token,
            bot_scopes=bot.bot_scopes,
        )


def oauth_settings(
    settings: Settings, installations: Installations, on_installed: Callable[[str], None]
) -> OAuthSettings:
    """Bolt's OAuth flow for Tandem; `on_installed(team_id)` runs after each install."""

    def success(args: SuccessArgs) -> BoltResponse:
        team_id = str(args.installation.team_id or "")
        installations.forget(team_id)
        on_installed(team_id)
        return args.default.success(args)

    def failure(args: FailureArgs) -> BoltResponse:
        log.warning("an install did not complete: %s", args.reason)
        return args.default.failure(args)

    states = SQLAlchemyOAuthStateStore(
        expiration_seconds=STATE_SECONDS,
        engine=installations.store.engine,
        table_name=OAUTH_STATES,
    )
    return OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        scopes=bot_scopes(),
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        install_page_rendering_enabled=False,  # /slack/install goes straight to Slack
        installation_store=installations.store,
        installation_store_bot_only=True,
        state_store=SignedStateStore(states, str(settings.slack_state_secret)),
        state_expiration_seconds=STATE_SECONDS,
        callback_options=CallbackOptions(success=success, failure=failure),
    )
