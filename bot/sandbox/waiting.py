"""Waiting for a condition, never for a duration: a loaded machine only makes it take longer.

Listeners finish their work after Slack's ack and processes take their time to start, so a
test waits until what it expects is there, with a limit generous enough for a busy machine
(the limit only decides how long a failing test takes to say so).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

PATIENCE = 60.0  # seconds; a test that passes never waits this long


def wait_until(
    probe: Callable[[], T],
    done: Callable[[T], bool] = bool,
    *,
    timeout: float = PATIENCE,
    what: str = "the condition",
) -> T:
    """Call `probe` until `done(result)` holds and return that result; fail after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        result = probe()
        if done(result):
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}; last saw {result!r}")
        time.sleep(0.02)
