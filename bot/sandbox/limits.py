"""Slack's rate limits and random server faults, as the fake Slack can model them (off unless
asked for).

`RateLimits`: chat.postMessage about 1 message a second per conversation with a small burst,
a workspace-wide ceiling for chat.postMessage, and per-method tiers: Tier 2 (20+ a minute),
Tier 3 (50+) and Tier 4 (100+), each method in the tier its page names ("Rate Limits" of
https://docs.slack.dev/reference/methods/<method>, read in slack-ruby/slack-api-ref's
docs.slack.dev/methods/<method>.json, field "rate_limits"; the tiers are described at
https://docs.slack.dev/apis/web-api/rate-limits). A call over a limit is answered HTTP 429
with `Retry-After` (whole seconds, at least 1) and is not counted against the limit. The
limits run on the fake's clock (the tests' virtual ticker when one is given).
`RandomFaults`: with a seed, a share of calls answered HTTP 500 `internal_error` (which Slack
says may have been carried out in part), a share answered 503 `service_unavailable` ("The
service is temporarily unavailable", with no such warning; errors of
https://docs.slack.dev/reference/methods/chat.postMessage) and a share answered 429, before
any limit is consulted; none of them is carried out.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

# Calls a minute, and the burst Slack tolerates ("occasional bursts"): about 0.4 minute's worth.
TIER_2, TIER_3, TIER_4 = (20 / 60, 8.0), (50 / 60, 20.0), (100 / 60, 40.0)
METHOD_TIERS = {
    "conversations.archive": TIER_2,
    "conversations.create": TIER_2,
    "pins.add": TIER_2,
    "users.list": TIER_2,
    "chat.update": TIER_3,
    "conversations.history": TIER_3,
    "conversations.info": TIER_3,
    "conversations.invite": TIER_3,
    "conversations.join": TIER_3,
    "conversations.open": TIER_3,
    "reactions.add": TIER_3,
    "users.lookupByEmail": TIER_3,
    "chat.postEphemeral": TIER_4,
    "conversations.members": TIER_4,
    "users.info": TIER_4,
    "views.open": TIER_4,
    "views.publish": TIER_4,
    "views.push": TIER_4,
    "views.update": TIER_4,
}


def _tiers() -> dict[str, tuple[float, float]]:
    return dict(METHOD_TIERS)


@dataclass(frozen=True)
class RateLimits:
    conversation_rate: float = 1.0  # chat.postMessage per second in one conversation
    conversation_burst: float = 4.0
    post_ceiling: float = 200.0  # chat.postMessage per second in the workspace
    post_ceiling_burst: float = 200.0
    tiers: dict[str, tuple[float, float]] = field(default_factory=_tiers)  # rate/s, burst


@dataclass(frozen=True)
class RandomFaults:
    seed: int = 1
    server_errors: float = 0.05  # share of calls answered 500 internal_error
    rate_limits: float = 0.002  # share of calls answered 429
    retry_after: int = 1
    unavailable: float = 0.0  # share of calls answered 503 service_unavailable


class _Bucket:
    def __init__(self, rate: float, burst: float, now: float) -> None:
        self.rate, self.burst, self.tokens, self.stamp = rate, burst, burst, now

    def take(self, now: float) -> float:
        """Take a token and return 0, or return the seconds until one is free."""
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate


class Limiter:
    """Decides, per call, whether Slack would refuse it; callers hold the fake's lock."""

    def __init__(
        self,
        limits: RateLimits | None,
        faults: RandomFaults | None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.limits, self.faults = limits, faults
        self.clock = clock or time.monotonic
        self.random = random.Random(faults.seed if faults else 0)
        now = self.clock()
        self.methods: dict[str, _Bucket] = {}
        if limits is not None:
            self.methods = {m: _Bucket(r, b, now) for m, (r, b) in limits.tiers.items()}
            self.methods["chat.postMessage"] = _Bucket(
                limits.post_ceiling, limits.post_ceiling_burst, now
            )
        self.conversations: dict[str, _Bucket] = {}

    def refusal(self, method: str, conversation: str | None) -> tuple[int, int] | None:
        """(HTTP status, Retry-After) if this call is refused, else None."""
        if self.faults is not None and method != "auth.test":
            draw = self.random.random()
            if draw < self.faults.server_errors:
                return 500, 0
            if draw < self.faults.server_errors + self.faults.rate_limits:
                return 429, self.faults.retry_after
            if draw < self.faults.server_errors + self.faults.rate_limits + self.faults.unavailable:
                return 503, 0
        if self.limits is None:
            return None
        now = self.clock()
        buckets = [self.methods[method]] if method in self.methods else []
        if method == "chat.postMessage" and conversation:
            bucket = self.conversations.get(conversation)
            if bucket is None:
                bucket = _Bucket(self.limits.conversation_rate, self.limits.conversation_burst, now)
                self.conversations[conversation] = bucket
            buckets.insert(0, bucket)
        for index, bucket in enumerate(buckets):
            wait = bucket.take(now)
            if wait > 0:
                for taken in buckets[:index]:  # a refused call uses up nothing
                    taken.tokens += 1
                return 429, max(1, math.ceil(wait))
        return None
