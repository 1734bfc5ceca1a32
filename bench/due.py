"""Scenario 1: the whole fan-out from the instant it falls due, with clicks arriving.

`tandem serve --no-scheduler` and one `tandem scheduler` worker are started and waited for
(serve listening, the worker's start-up pass recorded). The fan-out's check-ins are then
made due at the next whole UTC minute T at least a few seconds away, the instant the
worker's passes run at. From T are measured: the first post, planning done (no check-in of
the fan-out left un-queued, polled in the database) and the last post (check-in DMs only,
as the fake Slack stamped them: the self-assessments that follow a month's first check-in
go out after them). Meanwhile a clicker clicks check-in DMs of the fan-out that were sent, 10 a
second, through `tandem serve`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bench.clicker import Clicker, Clicks, results
from bench.fanout import FINAL, Fanout, count_rows, summarize
from bench.infra import (
    Fake,
    log,
    peak_rss_mb,
    stop_all,
    tandem,
    tandem_env,
    tree_peak_rss_mb,
    wait_until,
)
from bench.latency import _free_port, _listening
from bench.program import Program
from bench.seed import OWNER
from bot.db.engine import make_engine
from bot.models import JobRun
from bot.sandbox.driver import SlackDriver
from bot.sandbox.limits import METHOD_TIERS
from bot.scheduler.tick import LAST_PASS

MARGIN = timedelta(seconds=5)  # the due instant is at least this far from the start
LOOKUP_TIER = METHOD_TIERS["conversations.history"]  # (calls a second, burst)


@dataclass
class DueFanout:
    run: Fanout
    due_at: datetime
    first_post: float  # seconds after the due instant
    planned: float  # seconds after the due instant when nothing was left to queue
    last_post: float
    clicks: Clicks
    serve_rss_mb: float
    worker_rss_mb: float
    clicks_per_second: float
    doubted: int = 0  # prompts whose post was answered 500: each is looked up before a resend

    def bound(self, ceiling: float) -> float:
        """The least time the posts allow: a burst of one second, then R/s."""
        return max(0.0, self.run.delivered - ceiling) / ceiling

    def lookup_bound(self) -> float:
        """The least time the look-ups the faults forced allow: conversations.history at
        Slack's Tier 3 as the fake models it (a burst, then 50 a minute), one per prompt
        whose post was answered 500, each before that prompt is sent again."""
        rate, burst = LOOKUP_TIER
        return max(0.0, self.doubted - burst) / rate

    @property
    def send_seconds(self) -> float:
        return self.last_post - self.first_post


def next_minute(now: datetime) -> datetime:
    """The next whole UTC minute at least MARGIN after `now`."""
    at = (now + MARGIN).replace(second=0, microsecond=0)
    return at if at >= now + MARGIN else at + timedelta(minutes=1)


def run_due_fanout(
    url: str,
    fake: Fake,
    program: Program,
    *,
    pairs: int,
    pace: float,
    threads: int,
    clicks_per_second: float,
    timeout: float = 600,
) -> DueFanout:
    engine = make_engine(url)
    env = tandem_env(
        url,
        fake,
        TANDEM_SLACK_POSTS_PER_SECOND=str(pace),
        TANDEM_DELIVERY_THREADS=str(threads),
    )
    port = _free_port()
    started = datetime.now(UTC)
    serve = tandem(env, "serve", "--no-scheduler", "--port", str(port))
    worker = tandem(env, "scheduler")
    peaks = [0.0, 0.0]

    def watch() -> None:
        peaks[0] = max(peaks[0], tree_peak_rss_mb(serve.pid))
        peaks[1] = max(peaks[1], peak_rss_mb(worker.pid))

    def ready() -> bool:
        watch()
        with engine.connect() as conn:
            passed = conn.scalar(select(JobRun.last_run_at).where(JobRun.name == LAST_PASS))
        return _listening(port) and passed is not None and passed >= started

    try:
        wait_until(ready, 180)
        log("  serve and the worker are ready")
        app_url = f"http://127.0.0.1:{port}"
        warm = SlackDriver(app_url, env["SLACK_SIGNING_SECRET"], fake)  # type: ignore[arg-type]
        for _ in range(5):  # imports, first connections
            warm.command(OWNER, "status")
        fake.admin("reset")  # counts and limits start afresh for the fan-out
        due_at = next_minute(datetime.now(UTC))
        keys = program.due(pairs, at=due_at)
        clicker = Clicker(
            app_url,
            env["SLACK_SIGNING_SECRET"],
            fake,
            lambda after, limit: program.sent_buttons(program.since, after, limit),
            rate=clicks_per_second,
        )
        log(f"  {len(keys)} check-ins due at {due_at:%H:%M:%S}")
        time.sleep(max(0.0, due_at.timestamp() - time.time()))
        clicker.start()
        planned: list[float] = []

        def done() -> bool:
            watch()
            if not planned and program.planned_left() == 0:
                planned.append(time.time() - due_at.timestamp())
                log(f"  every check-in queued, {planned[0]:.1f} s after the due instant")
            return count_rows(engine, program.kind, program.since, FINAL) >= len(keys)

        wait_until(done, timeout, 0.2)
        log("  every check-in sent")
        clicks, missed, overflow = clicker.stop()
        log(f"  {len(clicks)} clicks answered")
        time.sleep(2)  # the last DM updates
        watch()
    finally:
        stop_all([serve, worker])
    failed_rows = count_rows(engine, program.kind, program.since, ("failed",))
    engine.dispose()
    stats = fake.admin("stats")
    t = due_at.timestamp()
    first, last, _ = stats["posts_by_kind"].get(program.kind, [t, t, 0])
    run = summarize(stats, keys, last - t, peaks[1], failed_rows, program.kind)
    return DueFanout(
        run=run,
        due_at=due_at,
        first_post=first - t,
        planned=planned[0] if planned else float("nan"),
        last_post=last - t,
        clicks=results(clicks, missed, overflow, stats),
        serve_rss_mb=peaks[0],
        worker_rss_mb=peaks[1],
        clicks_per_second=clicks_per_second,
        doubted=int(stats.get("doubted_by_kind", {}).get(program.kind, 0)),
    )
