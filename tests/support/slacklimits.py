"""Slack's rate limits and random server faults, as the fake Slack can model them (off unless
asked for).

`RateLimits`: chat.postMessage about 1 message a second per conversation with a small burst,
a workspace-wide ceiling for chat.postMessage, and per-method tiers (Tier 3 for
conversations.open and conversations.history, Tier 4 for users.info). A call over a limit
is answered HTTP 429 with `Retry-After` (whole seconds, at least 1) and is not counted
against the limit. `RandomFaults`: with a seed, a share of calls answered HTTP 500 and a
share answered 429, before any limit is consulted.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


def _tiers() -> dict[str, tuple[float, float]]:
    tier3, tier4 = (50 / 60, 20.0), (100 / 60, 40.0)
    return {
        "conversations.open": tier3,
        "conversations.history": tier3,
        "users.lookupByEmail": tier3,
        "users.info": tier4,
    }


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
    server_errors: float = 0.05  # share of calls answered 500
    rate_limits: float = 0.002  # share of calls answered 429
    retry_after: int = 1


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


def timeline(calls: list[Any]) -> list[float]:
    """Each call's instant on the fake's clock, in seconds after the first call (rounded to
    the millisecond). The fake's clock is the tests' virtual ticker, so this is the schedule
    the pacer chose, not wall time that passed."""
    if not calls:
        return []
    first = calls[0].at
    return [round(call.at - first, 3) for call in calls]
