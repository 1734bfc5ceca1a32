"""The outbox's own door to Slack: paced, without hidden retries, failures sorted by cause.

Senders are handed a Tandem whose `slack` is a DeliveryGateway. It waits for the Pacer
before every call, and on a 429 records Retry-After for every thread before raising. It
never retries by itself: the pool decides what to do with a failure, so that every call is
counted and a post whose answer was lost is checked in Slack before it is sent again.
"""

from __future__ import annotations

from dataclasses import replace
from enum import Enum
from typing import Any

from slack_sdk import WebClient

from bot.context import Tandem
from bot.delivery.health import TOKEN_ERRORS
from bot.delivery.pacing import POST, Pacer
from bot.slack.client import make_delivery_client
from bot.slack.gateway import SlackFailure, SlackGateway

REQUEST_TIMEOUT = 10  # seconds; a post with no answer by then may still have been carried out
# Worth trying again, as Slack's docs advise.
TRANSIENT_ERRORS = frozenset(
    {"internal_error", "fatal_error", "service_unavailable", "request_timeout"}
)
# Slack documents these as "it's possible some aspect of the operation succeeded before the
# error was raised" (https://api.slack.com/methods/chat.postMessage#errors): a post answered
# so may be in the conversation, like one whose answer never came.
MAYBE_CARRIED_OUT = frozenset({"internal_error", "fatal_error"})
# ... while these say the service did not take the call: tried again without a look first.
NOT_CARRIED_OUT = frozenset({"service_unavailable"})
# `ratelimited` is the HTTP 429 answer; `rate_limited` is chat.postMessage's own code for
# posting too fast (https://api.slack.com/methods/chat.postMessage#errors).
RATE_LIMIT_ERRORS = frozenset({"ratelimited", "rate_limited"})


# What to do about each token-level refusal (one log line says it).
TOKEN_ADVICE = {
    "invalid_auth": "check SLACK_BOT_TOKEN (the Bot User OAuth Token on the app's OAuth page)",
    "not_authed": "set SLACK_BOT_TOKEN",
    "account_inactive": "the token's bot or workspace was deactivated; reinstall the app",
    "token_revoked": "the app was uninstalled or its token revoked; reinstall it",
    "token_expired": "the token expired; reinstall the app or refresh the token",
    "team_access_not_granted": "the app is not installed in this workspace; install it",
    "missing_scope": "the app lacks a permission; reinstall it from manifest.yml",
    "not_allowed_token_type": "use the bot token (xoxb-...) as SLACK_BOT_TOKEN",
}


class Cause(Enum):
    RATE_LIMITED = "rate_limited"  # wait Retry-After; not an attempt
    TRANSIENT = "transient"  # 5xx or the connection: try again after a backoff
    TOKEN = "token"  # the token itself is refused: stop the pass, keep every row
    PERMANENT = "permanent"  # trying again cannot help


def cause_of(failure: SlackFailure) -> Cause:
    if failure.status == 429 or failure.error in RATE_LIMIT_ERRORS:
        return Cause.RATE_LIMITED
    if failure.error in TOKEN_ERRORS:
        return Cause.TOKEN
    if (
        failure.error.startswith("connection_error")
        or (failure.status or 0) >= 500
        or failure.error in TRANSIENT_ERRORS
    ):
        return Cause.TRANSIENT
    return Cause.PERMANENT


def maybe_carried_out(failure: SlackFailure) -> bool:
    """The call may have taken effect although it failed: look before doing it again."""
    if failure.uncertain or failure.error in MAYBE_CARRIED_OUT:
        return True
    return (failure.status or 0) >= 500 and failure.error not in NOT_CARRIED_OUT


class DeliveryGateway(SlackGateway):
    """A SlackGateway whose every call is paced by a Pacer shared across threads."""

    def __init__(self, client: WebClient, pacer: Pacer) -> None:
        super().__init__(client)
        self.pacer = pacer

    def _call(self, method: str, **kwargs: Any) -> dict[str, Any]:
        conversation = kwargs.get("channel") if method == POST else None
        self.pacer.acquire(method, conversation)
        try:
            return super()._call(method, **kwargs)
        except SlackFailure as failure:
            if cause_of(failure) is Cause.RATE_LIMITED:
                self.pacer.rate_limited(method, conversation, failure.retry_after or 1.0)
            elif (failure.status or 0) >= 500:
                self.pacer.refund(method, conversation)
            raise


class PacedWorkspaces:
    """The outbox's view of the workspaces: per team, a DeliveryGateway with its own Pacer,
    made once and kept on the Tandem it was made for."""

    def __init__(self, tandem: Tandem) -> None:
        self.tandem = tandem

    def gateway(self, team_id: str) -> DeliveryGateway:
        tandem = self.tandem
        with tandem.paced_lock:
            gateway = tandem.paced_gateways.get(team_id)
            if gateway is None:
                settings = tandem.settings
                client = make_delivery_client(
                    settings, token=tandem.workspaces.token(team_id), timeout=REQUEST_TIMEOUT
                )
                pacer = Pacer(
                    settings.slack_posts_per_second,
                    history_per_minute=settings.slack_history_per_minute,
                    ticker=tandem.ticker,
                )
                gateway = DeliveryGateway(client, pacer)
                tandem.paced_gateways[team_id] = gateway
        return gateway

    def token(self, team_id: str) -> str:
        return self.tandem.workspaces.token(team_id)

    def forget(self, team_id: str) -> None:
        self.tandem.workspaces.forget(team_id)

    def remove(self, team_id: str) -> None:
        self.tandem.workspaces.remove(team_id)

    def pacer(self, team_id: str) -> Pacer:
        return self.gateway(team_id).pacer


def delivery_tandem(tandem: Tandem) -> tuple[Tandem, PacedWorkspaces]:
    """`tandem` as senders see it: `slack_for(team)` is that workspace's paced gateway.

    A gateway and its Pacer outlive a pass, so a Retry-After that ends after the pass is
    still honoured by the next one.
    """
    paced = PacedWorkspaces(tandem)
    return replace(tandem, workspaces=paced), paced
