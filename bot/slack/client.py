"""The one place Slack Web API clients are made, so every client uses SLACK_API_URL."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.settings import Settings
from bot.slack.keepalive import KeepAliveWebClient


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
            ServerErrorRetryHandler(max_retry_count=2),
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
