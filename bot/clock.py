"""Where "now" comes from. Domain code never reads the clock; services are handed one."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that stays where it is put (for tests and `tandem tick --now`)."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self.at = at

    def now(self) -> datetime:
        return self.at


class Ticker(Protocol):
    """Seconds for pacing and waiting (monotonic, not a date), and the ways to wait for them.

    The outbox's pacer and work queue take one from the composition root, so tests can run
    Slack's pace in virtual time instead of waiting it out. Waits name the instant they
    wait for, so that two threads waiting for the same instant move a virtual clock once.
    """

    def monotonic(self) -> float: ...

    def sleep_until(self, instant: float) -> None: ...

    def wait_until(self, condition: threading.Condition, instant: float) -> None:
        """Wait on `condition` (held by the caller) for a notification or until `instant`."""
        ...


class SystemTicker:
    def monotonic(self) -> float:
        return time.monotonic()

    def sleep_until(self, instant: float) -> None:
        time.sleep(max(0.0, instant - time.monotonic()))

    def wait_until(self, condition: threading.Condition, instant: float) -> None:
        condition.wait(max(0.0, instant - time.monotonic()))


class VirtualTicker:
    """Time that passes only when someone waits for it: waiting until an instant moves the
    clock there at once. With one thread waiting on it (one sending thread), every instant
    it reports is exactly the one the pacer chose."""

    def __init__(self, start: float = 1000.0) -> None:
        self._lock = threading.Lock()
        self._now = start

    def monotonic(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._now += max(seconds, 0.0)

    def sleep_until(self, instant: float) -> None:
        with self._lock:
            self._now = max(self._now, instant)

    def wait_until(self, condition: threading.Condition, instant: float) -> None:
        self.sleep_until(instant)
