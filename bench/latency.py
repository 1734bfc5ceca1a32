"""Latency through `tandem serve`, side by side with a Bolt app that only acks.

Requests are signed as Slack signs them and sent one at a time, alternating between the
two apps, so both see the same machine load. For `/mentor status` two times are taken:
until Slack got its HTTP answer (the ack), and until the reply reached Slack's
response_url (what the owner waits for).
"""

from __future__ import annotations

import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from bench.infra import Fake, tandem, wait_until
from tests.support.driver import Response, SlackDriver


@dataclass
class Latency:
    label: str
    samples: list[float]  # seconds

    def quantiles(self) -> tuple[float, float, float]:
        """p50, p95 and p99 in milliseconds (0 without samples)."""
        if len(self.samples) < 2:
            return (self.samples[0] * 1000,) * 3 if self.samples else (0.0, 0.0, 0.0)
        cuts = statistics.quantiles(self.samples, n=100, method="inclusive")
        return cuts[49] * 1000, cuts[94] * 1000, cuts[98] * 1000


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _timed(send: Callable[[], Response]) -> float:
    start = time.perf_counter()
    response = send()
    elapsed = time.perf_counter() - start
    if response.status != 200:
        raise RuntimeError(f"the app answered {response.status}: {response.body[:200]}")
    return elapsed


Click = Callable[[SlackDriver, int], Response]


class _Driver(SlackDriver):
    """Gives every request its own response_url, to match replies to requests."""

    last_path = ""
    last_ts = ""

    def block_action(self, user: str, action_id: str, **options: Any) -> Response:
        self.last_ts = str(options.get("message_ts"))
        return super().block_action(user, action_id, **options)

    def response_url(self) -> str:
        self.last_path = f"/response/{uuid.uuid4().hex}"
        return f"{self.fake.url}{self.last_path}"


def measure(
    env: dict[str, str], fake: Fake, owner: str, click: Click, rounds: int
) -> list[Latency]:
    """`click(driver, n)` sends the n-th button click (to either app)."""
    ports = _free_port(), _free_port()
    served = tandem(env, "serve", "--port", str(ports[0]))
    minimal = subprocess.Popen(
        [sys.executable, "-m", "bench.minimal_app", "--port", str(ports[1])],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(lambda: _listening(ports[0]) and _listening(ports[1]), 60)
        secret = env["SLACK_SIGNING_SECRET"]
        drivers = [_Driver(f"http://127.0.0.1:{p}", secret, cast(Any, fake)) for p in ports]
        for driver in drivers:  # warm up: imports, first connections, caches
            for n in range(10):
                _timed(lambda d=driver: d.command(owner, "status"))
                _timed(lambda d=driver, n=n: click(d, n))
        fake.admin("reset")
        acks: list[list[float]] = [[], []]
        clicks: list[list[float]] = [[], []]
        sent_at: dict[str, float] = {}
        clicked_at: dict[str, float] = {}
        for n in range(rounds):
            for which, driver in enumerate(drivers):
                before = time.time()
                acks[which].append(_timed(lambda d=driver: d.command(owner, "status")))
                if which == 0:
                    sent_at[driver.last_path] = before
                before = time.time()
                clicks[which].append(_timed(lambda d=driver, n=n: click(d, 100 + n)))
                if which == 0:
                    clicked_at[driver.last_ts] = before
        time.sleep(2)  # the last replies and DM updates
        stats = fake.admin("stats")
    finally:
        for process in (served, minimal):
            process.terminate()
            process.wait(timeout=30)
    replies = [stats["replies"][p] - at for p, at in sent_at.items() if p in stats["replies"]]
    updates = [stats["updates"][t] - at for t, at in clicked_at.items() if t in stats["updates"]]
    return [
        Latency("/mentor status, ack", acks[0]),
        Latency(f"/mentor status, reply ({len(replies)} of {rounds} arrived)", replies),
        Latency("minimal app, command ack", acks[1]),
        Latency("check-in click, ack", clicks[0]),
        Latency(f"check-in click, DM updated ({len(updates)} of {rounds})", updates),
        Latency("minimal app, click", clicks[1]),
    ]
