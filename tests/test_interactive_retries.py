"""Calls someone waits for (a click's DM update, a modal) try a Slack 5xx again soon."""

from __future__ import annotations

from slack_sdk.http_retry.builtin_handlers import ServerErrorRetryHandler

from bot.sandbox import FakeSlack
from bot.settings import Settings
from bot.slack.client import SOON, make_client
from bot.slack.gateway import SlackGateway


def test_a_server_error_is_tried_again_within_a_few_tenths_of_a_second() -> None:
    for _ in range(200):
        assert 0.1 <= SOON.calculate_sleep_duration(0) <= 0.2
        assert 0.2 <= SOON.calculate_sleep_duration(1) <= 0.3


def test_the_interactive_client_retries_server_errors_soon(settings: Settings) -> None:
    client = make_client(settings)
    handlers = [h for h in client.retry_handlers if isinstance(h, ServerErrorRetryHandler)]
    assert [(h.max_retry_count, h.interval_calculator) for h in handlers] == [(2, SOON)]


def test_a_500_then_ok_reaches_the_person(settings: Settings, fake_slack: FakeSlack) -> None:
    fake_slack.add_user("UANA00001", "ana")
    fake_slack.fail("chat.postMessage", "internal_error", status=500)
    posted = SlackGateway(make_client(settings)).post_message("UANA00001", "hello")
    assert [c.status for c in fake_slack.calls_to("chat.postMessage")] == [500, 200]
    assert posted.ts
