"""Pacing the outbox's Slack calls, so that Slack seldom has to answer 429.

Slack allows chat.postMessage about one message per second per conversation (short bursts
are fine) and, across the workspace, up to a ceiling; other methods have per-method tiers
(Tier 2: 20+/min, Tier 3: 50+/min, Tier 4: 100+/min). One Pacer per workspace token keeps a
token bucket for each, shared by every sending thread, and remembers every Retry-After Slack
sent, so that no thread calls again before it has passed.
"""

from __future__ import annotations

import threading
from collections import deque

from bot.clock import SystemTicker, Ticker

TIER_PER_MINUTE = {2: 20, 3: 50, 4: 100}
# The burst a tier's bucket holds: 0.4 minute's worth (Tier 3: 20 calls). Slack allows
# "occasional bursts" in Tier 2, "sporadic bursts are welcome" in Tier 3 and "generous
# burst behavior" in Tier 4 (https://docs.slack.dev/apis/web-api/rate-limits), without
# figures; the fake Slack (bot/sandbox/limits.py) models the same.
BURST_MINUTES = 0.4
METHOD_TIERS = {
    "chat.update": 3,
    "chat.postEphemeral": 4,
    "conversations.create": 2,
    "conversations.history": 3,
    "conversations.info": 3,
    "conversations.invite": 3,
    "conversations.join": 3,
    "conversations.members": 4,
    "conversations.open": 3,
    "pins.add": 2,
    "reactions.add": 3,
    "users.info": 4,
    "users.list": 2,
    "users.lookupByEmail": 3,
    "views.publish": 4,
}
POST = "chat.postMessage"
HISTORY = "conversations.history"
CONVERSATION_RATE = 1.0  # messages per second in one conversation
CONVERSATION_BURST = 3
# 429s for this many different conversations within a second mean the workspace ceiling was
# reached rather than one busy conversation: then every post waits.
WORKSPACE_SIGNAL = 3
_PRUNE_ABOVE = 4096
_ROUNDING = 1e-9


class Bucket:
    """A token bucket: `rate` tokens a second, holding at most `burst`."""

    __slots__ = ("burst", "rate", "stamp", "tokens")

    def __init__(self, rate: float, burst: float, now: float) -> None:
        self.rate, self.burst, self.tokens, self.stamp = rate, burst, burst, now

    def wait(self, now: float) -> float:
        """Seconds until a token is free (0 if one is free now)."""
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        # A shortfall within rounding error is no shortfall: a wait of 1e-17 s cannot move
        # a clock forward, and whoever waits for it would find it still owed.
        return 0.0 if self.tokens >= 1 - _ROUNDING else (1 - self.tokens) / self.rate


def _tier_bucket(per_minute: float, now: float) -> Bucket:
    return Bucket(per_minute / 60, max(1.0, per_minute * BURST_MINUTES), now)


class Pacer:
    """Shared pacing state for one Slack workspace (thread-safe)."""

    def __init__(
        self,
        posts_per_second: float,
        *,
        history_per_minute: float | None = None,
        ticker: Ticker | None = None,
    ) -> None:
        self.ticker = ticker or SystemTicker()
        self.clock = self.ticker.monotonic
        self.lock = threading.Lock()
        now = self.clock()
        self.methods = {
            method: _tier_bucket(TIER_PER_MINUTE[tier], now)
            for method, tier in METHOD_TIERS.items()
        }
        self.methods[POST] = Bucket(posts_per_second, max(10.0, posts_per_second / 2), now)
        if history_per_minute is not None:
            self.methods[HISTORY] = _tier_bucket(history_per_minute, now)
        self.conversations: dict[str, Bucket] = {}
        self.cooldowns: dict[str, float] = {}  # "m:<method>" or "c:<conversation>" -> until
        self.recent_429s: deque[tuple[float, str]] = deque()
        self._prepaid = threading.local()  # .method: this thread's call counted by `take`

    def _buckets(self, method: str, conversation: str | None, now: float) -> list[Bucket]:
        buckets = [self.methods[method]] if method in self.methods else []
        if method == POST and conversation:
            bucket = self.conversations.get(conversation)
            if bucket is None:
                if len(self.conversations) > _PRUNE_ABOVE:
                    self._prune(now)
                bucket = Bucket(CONVERSATION_RATE, CONVERSATION_BURST, now)
                self.conversations[conversation] = bucket
            buckets.append(bucket)
        return buckets

    def _prune(self, now: float) -> None:
        # A full bucket is the same as a new one: forget it.
        idle = [
            c for c, b in self.conversations.items() if b.wait(now) == 0 and b.tokens >= b.burst
        ]
        for conversation in idle:
            del self.conversations[conversation]

    def _wait(self, method: str, conversation: str | None, now: float) -> float:
        waits = [self.cooldowns.get(f"m:{method}", now) - now]
        if conversation:
            waits.append(self.cooldowns.get(f"c:{conversation}", now) - now)
        waits += [bucket.wait(now) for bucket in self._buckets(method, conversation, now)]
        return max(0.0, *waits)

    def wait(self, method: str, conversation: str | None = None) -> float:
        """Seconds before `method` may be called (for `conversation`); takes nothing."""
        with self.lock:
            return self._wait(method, conversation, self.clock())

    def take(self, method: str) -> float:
        """Count the calling thread's next call of `method` now if it is allowed (0), else
        return the seconds until it is (nothing counted). That call then waits for nothing;
        `settle` gives the count back if it was not made."""
        with self.lock:
            now = self.clock()
            delay = self._wait(method, None, now)
            if delay > 0:
                return delay
            for bucket in self._buckets(method, None, now):
                bucket.tokens -= 1
            self._prepaid.method = method
            return 0.0

    def settle(self) -> None:
        """The calling thread is done with what `take` counted: if the call was not made,
        it used up nothing."""
        method = getattr(self._prepaid, "method", None)
        if method is not None:
            self._prepaid.method = None
            self.refund(method)

    def acquire(self, method: str, conversation: str | None = None) -> None:
        """Block until the call is allowed, then count it (counted already after `take`)."""
        if method == getattr(self._prepaid, "method", None):
            self._prepaid.method = None
            return
        while True:
            with self.lock:
                now = self.clock()
                delay = self._wait(method, conversation, now)
                if delay <= 0:
                    for bucket in self._buckets(method, conversation, now):
                        bucket.tokens -= 1
                    return
            self.ticker.sleep_until(now + min(delay, 1.0))

    def refund(self, method: str, conversation: str | None = None) -> None:
        """Slack failed the call (5xx) without carrying it out: it used up nothing."""
        with self.lock:
            for bucket in self._buckets(method, conversation, self.clock()):
                bucket.tokens = min(bucket.burst, bucket.tokens + 1)

    def rate_limited(self, method: str, conversation: str | None, retry_after: float) -> None:
        """Slack answered 429: nobody calls again before Retry-After has passed."""
        with self.lock:
            now = self.clock()
            until = now + max(retry_after, 0.0)
            scope = f"c:{conversation}" if method == POST and conversation else f"m:{method}"
            self.cooldowns[scope] = max(self.cooldowns.get(scope, now), until)
            if not scope.startswith("c:"):
                return
            self.recent_429s.append((now, conversation or ""))
            while self.recent_429s and self.recent_429s[0][0] < now - 1.0:
                self.recent_429s.popleft()
            if len({c for _, c in self.recent_429s}) >= WORKSPACE_SIGNAL:
                key = f"m:{method}"
                self.cooldowns[key] = max(self.cooldowns.get(key, now), until)
            self.cooldowns = {k: v for k, v in self.cooldowns.items() if v > now}
