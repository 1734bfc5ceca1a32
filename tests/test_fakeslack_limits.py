"""The fake Slack's model of Slack's rate limits and random faults (used by the benchmarks)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from bot.clock import VirtualTicker
from bot.sandbox import FakeSlack
from tests.support.slacklimits import RandomFaults, RateLimits


def _post(fake: FakeSlack, channel: str) -> tuple[int, dict]:
    return fake.handle("chat.postMessage", {"channel": channel, "text": "hi"}, fake.token)


@contextmanager
def _fake(**options: Any) -> Iterator[FakeSlack]:
    """A fake called directly, without serving HTTP, on a clock that stands still."""
    fake = FakeSlack(ticker=VirtualTicker(), **options)
    try:
        yield fake
    finally:
        fake.server.server_close()


def test_one_conversation_gets_a_burst_then_429_with_retry_after() -> None:
    with _fake(limits=RateLimits()) as fake:
        fake.add_user("UANNA0001", "anna")
        statuses = [_post(fake, "UANNA0001")[0] for _ in range(5)]
        assert statuses == [200, 200, 200, 200, 429]
        status, body = _post(fake, fake.dm_with("UANNA0001"))  # the same DM by channel ID
        assert (status, body["error"], body["retry_after"]) == (429, "ratelimited", 1)


def test_the_workspace_ceiling_and_method_tiers() -> None:
    with _fake(limits=RateLimits(post_ceiling=5, post_ceiling_burst=5)) as fake:
        users = [f"UPERSON{n:03d}" for n in range(8)]
        for user in users:
            fake.add_user(user, user.lower())
        assert [_post(fake, user)[0] for user in users[:6]] == [200] * 5 + [429]
        opens = [
            fake.handle("conversations.open", {"users": users[0]}, fake.token)[0] for _ in range(21)
        ]
        assert opens == [200] * 20 + [429]  # Tier 3: a burst of 20, then 50 a minute


def test_random_faults_follow_their_seed() -> None:
    def statuses(seed: int) -> list[int]:
        with _fake(random_faults=RandomFaults(seed=seed, rate_limits=0.01)) as fake:
            fake.add_user("UANNA0001", "anna")
            return [_post(fake, "UANNA0001")[0] for _ in range(2000)]

    first = statuses(3)
    assert first == statuses(3)
    assert 60 <= first.count(500) <= 140  # about 5%
    assert 5 <= first.count(429) <= 40  # about 1%
