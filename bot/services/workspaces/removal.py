"""Tandem removed from a workspace: its tokens are deleted and nothing more is sent there.

Slack sends `app_uninstalled` and `tokens_revoked` in no fixed order, and an app is
uninstalled only once its last token is revoked
(https://docs.slack.dev/reference/events/app_uninstalled). Either one ends the bot's
token, so both lead here; the second finds nothing left to do. Pairs, check-ins and what
people wrote are kept: installed again, Tandem goes on from what is planned after that.
"""

from __future__ import annotations

import logging
from datetime import datetime

from bot.context import Tandem
from bot.delivery.health import UNINSTALLED, skip_uninstalled, token_refused, token_works

log = logging.getLogger(__name__)


def workspace_removed(tandem: Tandem, *, team_id: str, now: datetime) -> int:
    """Forget the workspace's tokens and skip every planned delivery to it; returns how many."""
    tandem.workspaces.remove(team_id)
    token_refused(tandem, team_id, UNINSTALLED, now)
    with tandem.sessions.begin() as session:
        skipped = skip_uninstalled(tandem, session)
    log.info("Tandem was removed from workspace %s: %d planned messages skipped", team_id, skipped)
    return skipped


def bot_tokens_revoked(tandem: Tandem, *, team_id: str, bot_users: list[str], now: datetime) -> int:
    """`tokens_revoked` names user IDs per kind of token; only a bot token stops Tandem."""
    if not bot_users:
        return 0
    return workspace_removed(tandem, team_id=team_id, now=now)


def workspace_installed(tandem: Tandem, *, team_id: str, now: datetime) -> None:
    """Installed (again): deliveries to the workspace go out from now on."""
    tandem.workspaces.forget(team_id)
    token_works(tandem, [team_id], now)
    log.info("Tandem was installed in workspace %s", team_id)
