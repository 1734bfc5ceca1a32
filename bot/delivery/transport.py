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
from bot.delivery.pacing import POST, Pacer
from bot.slack.client import make_delivery_client
from bot.slack.gateway import SlackFailure, SlackGateway

REQUEST_TIMEOUT = 10  # seconds; a post with no answer by then may still have been carried out
# Answered with HTTP 200 but worth trying again, as Slack's docs advise.
TRANSIENT_ERRORS = frozenset({"internal_error", "fatal_error", "service_unavailable"})


class Cause(Enum):
    RATE_LIMITED = "rate_limited"  # wait Retry-After; not an attempt
    TRANSIENT = "transient"  # 5xx or the connection: try again after a backoff
    PERMANENT = "permanent"  # trying again cannot help


def cause_of(failure: SlackFailure) -> Cause:
    if failure.status == 429 or failure.error == "ratelimited":
        return Cause.RATE_LIMITED
    if (
        failure.error.startswith("connection_error")
        or (failure.status or 0) >= 500
        or failure.error in TRANSIENT_ERRORS
    ):
        return Cause.TRANSIENT
    return Cause.PERMANENT


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


def delivery_tandem(tandem: Tandem) -> Tandem:
    """`tandem` with the outbox's gateway: one Pacer per workspace token for as long as
    `tandem` lives, paced by its ticker.

    The Pacer outlives a pass, so a Retry-After that ends after the pass is still honoured
    by the next one.
    """
    settings = tandem.settings
    token = settings.require_bot_token()
    with tandem.paced_lock:
        gateway = tandem.paced_gateways.get(token)
        if gateway is None:
            gateway = DeliveryGateway(
                make_delivery_client(settings, timeout=REQUEST_TIMEOUT),
                Pacer(settings.slack_posts_per_second, ticker=tandem.ticker),
            )
            tandem.paced_gateways[token] = gateway
    return replace(tandem, slack=gateway)
