"""The scheduler loop runs a pass at start, then at every whole minute (second :00)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any, cast

from bot.clock import FixedClock
from bot.scheduler.loop import build_scheduler, next_whole_minute


def test_passes_fall_on_whole_minutes_after_the_first_one_at_start() -> None:
    started = datetime(2026, 3, 2, 8, 59, 37, 412000, tzinfo=UTC)
    tandem = cast(Any, SimpleNamespace(clock=FixedClock(started)))
    scheduler = build_scheduler(tandem)
    job = scheduler.get_job("sweep")
    trigger = job.trigger
    first = trigger.get_next_fire_time(None, started)
    assert first == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    following = [first]
    for _ in range(3):
        following.append(trigger.get_next_fire_time(following[-1], following[-1]))
    assert [f"{t:%H:%M:%S.%f}" for t in following] == [
        "09:00:00.000000",
        "09:01:00.000000",
        "09:02:00.000000",
        "09:03:00.000000",
    ]
    # ... and the pass at start, right away, to catch up.
    assert job.next_run_time == started


def test_the_next_whole_minute_is_strictly_later() -> None:
    on_the_minute = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert next_whole_minute(on_the_minute) == on_the_minute + timedelta(minutes=1)
    assert next_whole_minute(on_the_minute + timedelta(seconds=59.9)) == on_the_minute + timedelta(
        minutes=1
    )
