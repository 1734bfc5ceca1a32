"""Reading the fake Slack's rate limits in tests: the limits themselves are in
bot/sandbox/limits.py, shared with `tandem demo`."""

from __future__ import annotations

from typing import Any

from bot.sandbox.limits import Limiter, RandomFaults, RateLimits

__all__ = ["Limiter", "RandomFaults", "RateLimits", "timeline"]


def timeline(calls: list[Any]) -> list[float]:
    """Each call's instant on the fake's clock, in seconds after the first call (rounded to
    the millisecond). The fake's clock is the tests' virtual ticker, so this is the schedule
    the pacer chose, not wall time that passed."""
    if not calls:
        return []
    first = calls[0].at
    return [round(call.at - first, 3) for call in calls]
