"""The scheduler loop runs a pass at start, then at every whole minute (second :00)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any, cast

from bot.clock import FixedClock
from bot.scheduler.loop import build_scheduler


def test_passes_fall_on_whole_minutes_after_the_first_one_at_start() -> None:
    started = datetime(2026, 3, 2, 8, 59, 37, 412000, tzinfo=UTC)
    tandem = cast(Any, SimpleNamespace(clock=FixedClock(started)))
    job = build_scheduler(tandem).get_job("sweep")
    assert job.next_run_time == started  # the pass at start, right away, to catch up
    # Each later pass as APScheduler computes it: from the pass before and the time now.
    runs = [started]
    for finished_after in (timedelta(seconds=3), timedelta(seconds=1), timedelta(seconds=2)):
        runs.append(job.trigger.get_next_fire_time(runs[-1], runs[-1] + finished_after))
    assert [f"{t:%H:%M:%S.%f}" for t in runs] == [
        "08:59:37.412000",
        "09:00:00.000000",
        "09:01:00.000000",
        "09:02:00.000000",
    ]
