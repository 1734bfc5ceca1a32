"""The Pacer: per-conversation pace, method tiers, and Retry-After shared by all threads."""

from bot.delivery.pacing import POST, Pacer


class Clock:
    def __init__(self) -> None:
        self.at = 1000.0

    def __call__(self) -> float:
        return self.at


def test_a_conversation_gets_a_burst_of_three_then_one_a_second() -> None:
    clock = Clock()
    pacer = Pacer(100, clock=clock)
    for _ in range(3):
        assert pacer.wait(POST, "D1") == 0
        pacer.acquire(POST, "D1")
    assert pacer.wait(POST, "D1") == 1.0
    assert pacer.wait(POST, "D2") == 0  # other conversations are not held up
    clock.at += 0.5
    assert pacer.wait(POST, "D1") == 0.5


def test_the_workspace_ceiling_holds_across_conversations() -> None:
    clock = Clock()
    pacer = Pacer(20, clock=clock)  # bursts of 10, then 20 a second
    for n in range(10):
        pacer.acquire(POST, f"D{n}")
    assert pacer.wait(POST, "D99") == 1 / 20


def test_tier_3_methods_are_paced_per_minute() -> None:
    clock = Clock()
    pacer = Pacer(100, clock=clock)
    for _ in range(10):
        pacer.acquire("conversations.open")
    assert round(pacer.wait("conversations.open"), 2) == 1.2  # 50 a minute
    assert pacer.wait("users.info") == 0


def test_retry_after_for_one_conversation_or_for_the_workspace() -> None:
    clock = Clock()
    pacer = Pacer(100, clock=clock)
    pacer.rate_limited(POST, "D1", 2)
    assert pacer.wait(POST, "D1") == 2
    assert pacer.wait(POST, "D2") == 0
    pacer.rate_limited("conversations.history", None, 30)
    assert pacer.wait("conversations.history") == 30
    # 429s for three conversations within a second: the workspace limit, everyone waits.
    pacer.rate_limited(POST, "D2", 2)
    pacer.rate_limited(POST, "D3", 2)
    assert pacer.wait(POST, "D4") == 2
    clock.at += 2
    assert pacer.wait(POST, "D4") == 0


def test_a_call_slack_failed_with_a_5xx_is_given_back() -> None:
    clock = Clock()
    pacer = Pacer(100, clock=clock)
    for _ in range(3):
        pacer.acquire(POST, "D1")
    pacer.refund(POST, "D1")
    assert pacer.wait(POST, "D1") == 0
