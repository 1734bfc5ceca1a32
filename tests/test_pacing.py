"""The Pacer: per-conversation pace, method tiers, and Retry-After shared by all threads."""

from bot.clock import VirtualTicker
from bot.delivery.pacing import POST, Pacer


def test_a_conversation_gets_a_burst_of_three_then_one_a_second() -> None:
    clock = VirtualTicker()
    pacer = Pacer(100, ticker=clock)
    for _ in range(3):
        assert pacer.wait(POST, "D1") == 0
        pacer.acquire(POST, "D1")
    assert pacer.wait(POST, "D1") == 1.0
    assert pacer.wait(POST, "D2") == 0  # other conversations are not held up
    clock.advance(0.5)
    assert pacer.wait(POST, "D1") == 0.5


def test_the_workspace_ceiling_holds_across_conversations() -> None:
    clock = VirtualTicker()
    pacer = Pacer(20, ticker=clock)  # bursts of 10, then 20 a second
    for n in range(10):
        pacer.acquire(POST, f"D{n}")
    assert pacer.wait(POST, "D99") == 1 / 20


def test_tier_3_methods_are_paced_per_minute() -> None:
    clock = VirtualTicker()
    pacer = Pacer(100, ticker=clock)
    for _ in range(20):  # a burst of 0.4 minute's worth
        pacer.acquire("conversations.open")
    assert round(pacer.wait("conversations.open"), 2) == 1.2  # then 50 a minute
    assert pacer.wait("users.info") == 0


def test_retry_after_for_one_conversation_or_for_the_workspace() -> None:
    clock = VirtualTicker()
    pacer = Pacer(100, ticker=clock)
    pacer.rate_limited(POST, "D1", 2)
    assert pacer.wait(POST, "D1") == 2
    assert pacer.wait(POST, "D2") == 0
    pacer.rate_limited("conversations.history", None, 30)
    assert pacer.wait("conversations.history") == 30
    # 429s for three conversations within a second: the workspace limit, everyone waits.
    pacer.rate_limited(POST, "D2", 2)
    pacer.rate_limited(POST, "D3", 2)
    assert pacer.wait(POST, "D4") == 2
    clock.advance(2)
    assert pacer.wait(POST, "D4") == 0


def test_a_call_slack_failed_with_a_5xx_is_given_back() -> None:
    clock = VirtualTicker()
    pacer = Pacer(100, ticker=clock)
    for _ in range(3):
        pacer.acquire(POST, "D1")
    pacer.refund(POST, "D1")
    assert pacer.wait(POST, "D1") == 0


def test_acquire_waits_on_its_ticker_until_the_call_is_allowed() -> None:
    ticker = VirtualTicker(start=0)
    pacer = Pacer(100, ticker=ticker)
    granted = []
    for _ in range(5):
        pacer.acquire(POST, "D1")
        granted.append(ticker.monotonic())
    assert granted == [0, 0, 0, 1, 2]  # a burst of three, then one a second (virtual s)
    pacer.rate_limited(POST, "D1", 2.5)
    pacer.acquire(POST, "D1")
    assert ticker.monotonic() == 4.5  # Retry-After outlasts the pace


def test_history_look_ups_keep_the_configured_pace() -> None:
    """Commercially distributed apps outside the Marketplace may read history once a minute
    (TANDEM_SLACK_HISTORY_PER_MINUTE=1)."""
    ticker = VirtualTicker(start=0)
    pacer = Pacer(100, history_per_minute=1, ticker=ticker)
    pacer.acquire("conversations.history")
    assert round(pacer.wait("conversations.history")) == 60
    assert Pacer(100, history_per_minute=50, ticker=ticker).wait("conversations.history") == 0
