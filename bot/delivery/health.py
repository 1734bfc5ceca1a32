"""A workspace whose bot token Slack refuses: remembered until the token works again.

A token-level refusal (a revoked or invalid token, a missing scope) is not about the row
being sent: every other row of that workspace would be refused the same way. Its rows stop
at once for the pass (other workspaces go on), every
row stays planned, and the refusal is kept here for `/healthz` and for one clear log line.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.context import Tandem
from bot.delivery.planning import rowcount
from bot.domain.states import DeliveryState
from bot.models import Delivery
from bot.models.slack_state import WorkspaceHealth

# Slack's codes for a token that cannot be used at all, whatever the call or its arguments.
# account_inactive on a post means the token's own user or workspace is gone, not the
# recipient (https://api.slack.com/methods/chat.postMessage#errors).
TOKEN_ERRORS = frozenset(
    {
        "account_inactive",
        "invalid_auth",
        "not_authed",
        "token_revoked",
        "token_expired",
        "team_access_not_granted",
        "missing_scope",
        "not_allowed_token_type",
    }
)


# Kept as the workspace's token error from app_uninstalled (or the bot's tokens_revoked)
# until Tandem is installed there again: nothing is sent to that workspace meanwhile.
UNINSTALLED = "app_uninstalled"


def token_refused(tandem: Tandem, team_id: str, error: str, now: datetime) -> None:
    with tandem.sessions.begin() as session:
        row = session.get(WorkspaceHealth, team_id) or WorkspaceHealth(team_id=team_id)
        row.token_error, row.token_error_at = error, now
        session.add(row)
    # A token cached by this process may be the stale one: the next look-up reads it again.
    tandem.workspaces.forget(team_id)
    with tandem.paced_lock:
        tandem.paced_gateways.pop(team_id, None)


def skip_uninstalled(tandem: Tandem, session: Session) -> int:
    """Planned rows of workspaces Tandem was uninstalled from are skipped, never sent."""
    reason = tandem.composer.data("delivery/errors.toml")[UNINSTALLED]
    uninstalled = select(WorkspaceHealth.team_id).where(WorkspaceHealth.token_error == UNINSTALLED)
    result = session.execute(
        update(Delivery)
        .where(Delivery.state == DeliveryState.PLANNED, Delivery.team_id.in_(uninstalled))
        .values(state=DeliveryState.SKIPPED, error=reason)
    )
    return rowcount(result)


def token_works(tandem: Tandem, team_ids: Iterable[str], now: datetime) -> None:
    """Calls with these workspaces' tokens went through: forget their refusals."""
    teams = sorted(set(team_ids))
    if not teams:
        return
    with tandem.sessions.begin() as session:
        for row in session.scalars(
            select(WorkspaceHealth).where(
                WorkspaceHealth.team_id.in_(teams), WorkspaceHealth.token_error.is_not(None)
            )
        ):
            row.token_error, row.working_at = None, now


def refused_tokens(tandem: Tandem) -> dict[str, dict[str, str]]:
    """Each workspace whose token Slack refuses: the error and since when (for /healthz)."""
    with tandem.sessions() as session:
        rows = session.scalars(
            select(WorkspaceHealth).where(WorkspaceHealth.token_error.is_not(None))
        ).all()
    return {
        row.team_id: {
            "token_error": str(row.token_error),
            "since": row.token_error_at.isoformat() if row.token_error_at else "",
        }
        for row in rows
    }
