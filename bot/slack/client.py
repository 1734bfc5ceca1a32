"""The one place Slack Web API clients are made, so every client uses SLACK_API_URL."""

from __future__ import annotations

import random

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.http_retry.jitter import Jitter

from bot.settings import Settings
from bot.slack.keepalive import KeepAliveWebClient


class _ShortJitter(Jitter):
    def recalculate(self, duration: float) -> float:
        return duration + random.uniform(0, 0.1)


# Someone is waiting for most of these calls (a click's DM update, a modal): a 5xx is tried
# again after 0.1 s, then 0.2 s (each plus up to 0.1 s), not after the SDK's default of
# 0.5 s x 2^n plus up to a whole second of jitter, which made one click in twenty take
# 0.5 to 1.5 s when Slack answered 500. A 429 still waits out Slack's Retry-After.
SOON = BackoffRetryIntervalCalculator(backoff_factor=0.1, jitter=_ShortJitter())


def make_client(
    settings: Settings, *, token: str | None = None, timeout: int = 15, tokenless: bool = False
) -> WebClient:
    """A WebClient for the bot token (or `token`, a workspace's installed one; or none, for
    OAuth's own calls) that retries connection errors, 5xx and 429s briefly."""
    return WebClient(
        token=None if tokenless else token or settings.require_bot_token(),
        base_url=settings.slack_api_url,
        timeout=timeout,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=2),
            ServerErrorRetryHandler(max_retry_count=2, interval_calculator=SOON),
        ],
    )


def make_delivery_client(settings: Settings, *, token: str, timeout: int = 10) -> WebClient:
    """A WebClient with no retry handlers and kept-alive connections, for the outbox.

    The outbox owns its retries: it waits out 429s once for every sending thread, counts
    every call it makes, and must not repeat a post whose answer was lost (it checks the
    conversation first).
    """
    return KeepAliveWebClient(
        token=token,
        base_url=settings.slack_api_url,
        timeout=timeout,
        retry_handlers=[],
    )
