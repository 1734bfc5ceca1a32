"""Installs in more workspaces: Slack's authorize page (a person approves the install) and
oauth.v2.access, which exchanges the code for that workspace's bot token.

Shapes and rules from https://docs.slack.dev/reference/methods/oauth.v2.access and
https://docs.slack.dev/authentication/installing-with-oauth:
- the authorize URL (https://slack.com/oauth/v2/authorize) carries client_id, scope (comma
  separated bot scopes), optionally redirect_uri, and state, which Slack hands back unchanged
  with the code on the redirect;
- oauth.v2.access takes client_id and client_secret (HTTP Basic, or as arguments), the
  code, and redirect_uri when the authorize URL had one (it must match); a code works once.
  Errors: invalid_client_id, bad_client_secret, invalid_code, bad_redirect_uri;
- the answer: {"ok": true, "access_token": "xoxb-...", "token_type": "bot", "scope":
  "commands,...", "bot_user_id": "U...", "app_id": "A...", "team": {"name", "id"},
  "enterprise": null, "authed_user": {"id": "U..."}, "is_enterprise_install": false}.
  It has no bot_id: Bolt asks auth.test with the new token for it.
"""

from __future__ import annotations

import itertools
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

from bot.sandbox.model import SlackError

APP_ID = "A0TANDEM"
AUTHORIZE_URL = "https://slack.com/oauth/v2/authorize"


@dataclass(frozen=True)
class Install:
    team_id: str
    team_name: str
    installer: str
    bot_user: str
    bot_id: str
    scopes: str
    redirect_uri: str | None


class OAuthMethods:
    """Mixed into FakeSlack: `configure_app`, `approve_install` and oauth.v2.access."""

    scopes: frozenset[str]
    installed: dict[str, Install]  # bot token -> its workspace
    codes: dict[str, Install]
    revoked_tokens: set[str]
    client: tuple[str, str] | None  # (client_id, client_secret) of the app
    _serial = itertools.count(2)

    def configure_app(self, client_id: str, client_secret: str) -> None:
        self.client = (client_id, client_secret)

    def approve_install(self, authorize_url: str, *, team_id: str, installer: str) -> str:
        """A person in `team_id` approves the install on Slack's page: returns the code
        Slack adds to the redirect (with the state, which the caller passes on)."""
        parts = urlsplit(authorize_url)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        assert f"{parts.scheme}://{parts.netloc}{parts.path}" == AUTHORIZE_URL, authorize_url
        assert self.client is not None and query.get("client_id") == self.client[0], query
        asked = set(query.get("scope", "").split(","))
        assert asked <= self.scopes, f"scopes the app does not have: {asked - self.scopes}"
        assert query.get("state"), "Slack hands the state back: an install without one is a bug"
        n = next(self._serial)
        install = Install(
            team_id=team_id,
            team_name=f"Workspace {team_id}",
            installer=installer,
            bot_user=f"UBOT{n:04d}",
            bot_id=f"BBOT{n:04d}",
            scopes=query.get("scope", ""),
            redirect_uri=query.get("redirect_uri"),
        )
        code = f"{n}.{secrets.token_hex(8)}"
        self.codes[code] = install
        return code

    def oauth_v2_access(self, args: dict[str, Any]) -> dict[str, Any]:
        if self.client is None or args.get("client_id") != self.client[0]:
            raise SlackError("invalid_client_id")
        if args.get("client_secret") != self.client[1]:
            raise SlackError("bad_client_secret")
        install = self.codes.pop(str(args.get("code", "")), None)
        if install is None:
            raise SlackError("invalid_code")
        if install.redirect_uri is not None and args.get("redirect_uri") != install.redirect_uri:
            raise SlackError("bad_redirect_uri")
        token = f"xoxb-{install.team_id}-{secrets.token_hex(6)}"
        self.installed[token] = install
        return {
            "access_token": token,
            "token_type": "bot",
            "scope": install.scopes,
            "bot_user_id": install.bot_user,
            "app_id": APP_ID,
            "team": {"name": install.team_name, "id": install.team_id},
            "enterprise": None,
            "authed_user": {"id": install.installer},
            "is_enterprise_install": False,
        }

    def uninstall(self, team_id: str) -> None:
        """Tandem removed from `team_id`: its tokens answer token_revoked from now on."""
        for token, install in self.installed.items():
            if install.team_id == team_id:
                self.revoked_tokens.add(token)

    def install_of(self, token: str | None) -> Install | None:
        return self.installed.get(token or "")
