"""Check-in clicks during a fan-out, at a steady rate (open loop).

One click every 1/rate seconds, whatever the earlier ones are doing: each is sent from its
own thread, so a slow answer does not delay the next click (up to MAX_IN_FLIGHT clicks
waiting at once; a tick beyond that is counted, not sent). A click is the third
pulse button of a check-in DM of the fan-out that was already sent, each DM clicked once.
Two times are taken per click: until `tandem serve` answered (the ack), and until the fake
Slack received the DM's update (chat.update of that message, or the click's response_url
replacing it), which is when the person sees their answer saved.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from bench.infra import Fake
from bench.latency import Latency
from bot.sandbox.driver import SlackDriver

MAX_IN_FLIGHT = 500
Buttons = Callable[[int, int], list[tuple[int, dict[str, Any]]]]  # (after id, limit)


class _Fake:
    """What the driver needs of the fake Slack, without a call to it while the click is
    timed: the click's response_url is asked for beforehand, and a pulse click opens no
    view, so its trigger_id goes unused."""

    def __init__(self, url: str, response_url: str) -> None:
        self.url, self.response_url = url, response_url

    def issue_trigger(self) -> str:
        number = uuid.uuid4().int % 10**9
        return f"{number}.{7_000_000_000 + number}.{uuid.uuid4().hex[:8]}"

    def response_url_for(self, channel: str, message_ts: str) -> str:
        return self.response_url


@dataclass
class Click:
    ts: str
    sent_at: float = 0.0  # epoch seconds, as the fake stamps its calls
    ack: float | None = None  # seconds until the HTTP answer
    status: int | None = None


@dataclass
class Clicks:
    """The clicks sent, and when each DM showed the saved answer."""

    clicks: list[Click]
    missed_ticks: int  # ticks with no sent DM left to click
    overflow: int  # ticks not sent: MAX_IN_FLIGHT clicks were waiting for answers
    updated: dict[str, float] = field(default_factory=dict)  # ts -> seconds after the click
    attempts: dict[str, list[str]] = field(default_factory=dict)  # ts -> statuses of updates

    @property
    def acks(self) -> list[float]:
        return [c.ack for c in self.clicks if c.ack is not None]

    @property
    def failed(self) -> int:
        return sum(1 for c in self.clicks if c.status != 200)

    def update_statuses(self) -> Counter[str]:
        """How Slack answered the DM updates of these clicks (chat.update), by HTTP status."""
        return Counter(status for c in self.clicks for status in self.attempts.get(c.ts, []))

    def slow(self, limit: float) -> Counter[str]:
        """Why the DM of each click slower than `limit` (or never updated) was late."""
        reasons: Counter[str] = Counter()
        for click in self.clicks:
            took = self.updated.get(click.ts)
            if took is not None and took < limit:
                continue
            statuses = self.attempts.get(click.ts, [])
            if took is None:
                reasons["never updated" if statuses else "no update sent"] += 1
            elif "429" in statuses:
                reasons["after a 429"] += 1
            elif any(s.startswith("5") for s in statuses):
                reasons["after a 5xx"] += 1
            else:
                reasons["at the first attempt"] += 1
        return reasons


def quantiles(samples: list[float]) -> tuple[float, float, float]:
    """p50, p95 and p99 in milliseconds (0 without samples)."""
    return Latency("", samples).quantiles()


class Clicker:
    def __init__(
        self,
        app_url: str,
        secret: str,
        fake: Fake,
        buttons: Buttons,
        *,
        rate: float = 10.0,
    ) -> None:
        self.app_url, self.secret, self.fake = app_url, secret, fake
        self.buttons, self.interval = buttons, 1 / rate
        self.in_flight: list[threading.Thread] = []
        self.overflow = 0
        self.ready: deque[dict[str, Any]] = deque()
        self.clicks: list[Click] = []
        self.missed = 0
        self.stopping = threading.Event()
        self.threads = [
            threading.Thread(target=self._feed, daemon=True),
            threading.Thread(target=self._tick, daemon=True),
        ]

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def stop(self) -> tuple[list[Click], int, int]:
        """Stop clicking and wait for the answers of the clicks sent (each request gives up
        after 30 s)."""
        self.stopping.set()
        for thread in self.threads + self.in_flight:
            thread.join()
        return self.clicks, self.missed, self.overflow

    def _feed(self) -> None:
        after = 0
        while not self.stopping.is_set():
            if len(self.ready) < 50:
                found = self.buttons(after, 100)
                for delivery_id, button in found:
                    after = max(after, delivery_id)
                    self.ready.append(button)
            self.stopping.wait(0.3)

    def _tick(self) -> None:
        start = time.monotonic()
        n = 0
        while not self.stopping.is_set():
            n += 1
            pause = start + n * self.interval - time.monotonic()
            if pause > 0 and self.stopping.wait(pause):
                return
            try:
                button = self.ready.popleft()
            except IndexError:
                self.missed += 1
                continue
            self.in_flight = [t for t in self.in_flight if t.is_alive()]
            if len(self.in_flight) >= MAX_IN_FLIGHT:
                self.overflow += 1
                self.ready.appendleft(button)
                continue
            click = Click(ts=str(button["message_ts"]))
            self.clicks.append(click)
            thread = threading.Thread(target=self._send, args=(click, button))
            thread.start()
            self.in_flight.append(thread)

    def _send(self, click: Click, button: dict[str, Any]) -> None:
        url = self.fake.response_url_for(str(button["channel"]), click.ts)
        fake = cast(Any, _Fake(self.fake.url, url))
        driver = SlackDriver(self.app_url, self.secret, fake)
        click.sent_at = time.time()
        started = time.perf_counter()
        try:
            response = driver.block_action(**button)
            click.status = response.status
        except OSError:
            click.status = 0
        click.ack = time.perf_counter() - started


def results(clicks: list[Click], missed: int, overflow: int, stats: dict[str, Any]) -> Clicks:
    """Match the clicks with the fake Slack's record of updates and response_url posts."""
    found = Clicks(clicks, missed, overflow)
    updates: dict[str, float] = stats["updates"]
    attempts: dict[str, list[str]] = stats.get("update_attempts", {})
    for click in clicks:
        if click.ts in updates:
            found.updated[click.ts] = updates[click.ts] - click.sent_at
        found.attempts[click.ts] = attempts.get(click.ts, [])
    return found
