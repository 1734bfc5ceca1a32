"""Fan-out: every prompt of a large program due at once, sent by `tandem scheduler` workers.

Counts come from the fake Slack (what reached it) and the database (what Tandem recorded):
duplicates are keys posted more than once, lost are keys never posted.
"""

from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from bench.infra import LOGS, Fake, log, peak_rss_mb, stop_all, tandem, tandem_env, wait_until
from bot.db.engine import make_engine
from bot.models import Delivery

FINAL = ("sent", "failed", "skipped", "missed")


@dataclass
class Fanout:
    expected: int
    delivered: int
    duplicates: int
    lost: int
    calls: int  # every Web API call but auth.test
    calls_answered: int  # ... not counting those answered 429 or 5xx
    rate_limited: int
    server_errors: int
    history_calls: int
    send_seconds: float  # first post to last post, as the fake saw them
    total_seconds: float  # workers started to every row final
    peak_rss_mb: float  # the largest worker
    failed_rows: int
    by_method: dict[str, int]  # calls of the sending (all answers), by method
    others: int  # posts of other kinds (not counted as the fan-out's calls)

    def methods(self) -> str:
        return ", ".join(f"{m} {n:,}" for m, n in sorted(self.by_method.items()))

    @property
    def ratio(self) -> float:
        return self.calls_answered / max(1, self.delivered)

    @property
    def raw_ratio(self) -> float:
        return self.calls / max(1, self.delivered)


def count_rows(engine: Any, kind: str, since: datetime, states: tuple[str, ...]) -> int:
    """How many of this fan-out's rows are in one of these states."""
    with engine.connect() as conn:
        found = conn.scalar(
            select(func.count()).where(
                Delivery.kind == kind, Delivery.created_at >= since, Delivery.state.in_(states)
            )
        )
    return int(found or 0)


def run_fanout(
    database_url: str,
    fake: Fake,
    *,
    expected_keys: set[str],
    kind: str,
    since: datetime,
    workers: int,
    pace: float,
    threads: int,
    kill_at: float | None = None,
    timeout: float = 600,
) -> Fanout:
    """Start `workers` schedulers (each pacing at pace/workers posts a second); with
    `kill_at`, kill -9 one of them once that share is final and start a replacement."""
    fake.admin("reset")
    engine = make_engine(database_url)
    env = tandem_env(
        database_url,
        fake,
        TANDEM_SLACK_POSTS_PER_SECOND=str(pace / workers),
        TANDEM_DELIVERY_THREADS=str(threads),
        LOG_LEVEL=os.environ.get("BENCH_LOG_LEVEL", "INFO"),  # each row's attempts, if it fails
    )
    started = time.monotonic()
    processes = [tandem(env, "scheduler") for _ in range(workers)]
    peak = 0.0
    killed = False

    def done() -> bool:
        nonlocal peak, killed
        for process in processes:
            peak = max(peak, peak_rss_mb(process.pid))
        final = count_rows(engine, kind, since, FINAL)
        if kill_at is not None and not killed and final >= kill_at * len(expected_keys):
            victim = processes.pop(0)
            os.kill(victim.pid, signal.SIGKILL)
            victim.wait()
            processes.append(tandem(env, "scheduler"))
            killed = True
        return final >= len(expected_keys)

    try:
        wait_until(done, timeout, step=0.5)  # counting 20,000 rows costs the database
        total_seconds = time.monotonic() - started
    finally:
        for process in processes:
            peak = max(peak, peak_rss_mb(process.pid))
        stop_all(processes)
    failed_rows = count_rows(engine, kind, since, ("failed",))
    explain_failed(engine, kind, since)
    engine.dispose()
    stats = fake.admin("stats")
    return summarize(stats, expected_keys, total_seconds, peak, failed_rows, kind)


def explain_failed(engine: Any, kind: str, since: datetime) -> None:
    """On stderr: each failed row of this fan-out, its reason, and what the workers logged
    about it (its attempts, at INFO)."""
    with engine.connect() as conn:
        failed = conn.execute(
            select(Delivery.key, Delivery.error).where(
                Delivery.kind == kind, Delivery.created_at >= since, Delivery.state == "failed"
            )
        ).all()
    for key, error in failed:
        log(f"  failed: {key}: {error}")
        for path in sorted(LOGS.glob("scheduler-*.log")):
            for line in path.read_text(errors="replace").splitlines():
                if key in line:
                    log(f"    {path.name}: {line}")


# Calls that are not the fan-out's: the clicks' DM updates (scenario 1) and replies.
NOT_SENDING = ("auth.test", "response_url", "response_url:replace", "chat.update")


def summarize(
    stats: dict[str, Any],
    expected: set[str],
    total_seconds: float,
    peak: float,
    failed: int,
    kind: str,
) -> Fanout:
    """The fan-out's figures; posts of other kinds that followed it (the self-assessments of
    a month's first check-in) are not counted as its calls."""
    posted: dict[str, int] = stats["posted"]
    delivered = sum(1 for key in expected if posted.get(key))
    others = sum(n for k, (_, _, n) in stats["posts_by_kind"].items() if k != kind)
    calls = answered = -others
    limited = errors = 0
    by_method: dict[str, int] = {}
    for method, by_status in stats["calls"].items():
        if method in NOT_SENDING:
            continue
        by_method[method] = sum(by_status.values())
        for status, count in by_status.items():
            calls += count
            if status == "429":
                limited += count
            elif status.startswith("5"):
                errors += count
            else:
                answered += count
    history = sum(stats["calls"].get("conversations.history", {}).values())
    return Fanout(
        expected=len(expected),
        delivered=delivered,
        duplicates=sum(count - 1 for key, count in posted.items() if key in expected),
        lost=len(expected) - delivered,
        calls=calls,
        calls_answered=answered,
        rate_limited=limited,
        server_errors=errors,
        history_calls=history,
        send_seconds=(stats["last_post_at"] or 0) - (stats["first_post_at"] or 0),
        total_seconds=total_seconds,
        peak_rss_mb=peak,
        failed_rows=failed,
        by_method=by_method,
        others=others,
    )
