"""APScheduler wiring: a pass at every whole minute in a background thread.

Everything Tandem plans falls due at a whole minute (a check-in at 10:00 in someone's time
zone), so passes run at second :00: a prompt leaves when it falls due, not up to a minute
later. A pass that runs long (a large fan-out) coalesces the minutes it covered.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler

from bot.context import Tandem
from bot.scheduler.sweeps import MORE_DUE
from bot.scheduler.tick import run_pass

log = logging.getLogger(__name__)
INTERVAL_SECONDS = 60


def _sweep(tandem: Tandem) -> None:
    while True:
        lines = run_pass(tandem, tandem.clock.now())
        for line in lines:
            log.info("%s", line)
        if MORE_DUE not in lines:  # a long fan-out goes on with the next pass at once
            return


def next_whole_minute(now: datetime) -> datetime:
    """The first instant after `now` whose seconds are zero."""
    return now.replace(second=0, microsecond=0) + timedelta(minutes=1)


def build_scheduler(tandem: Tandem) -> BaseScheduler:
    """A background scheduler running a pass at start and at every whole minute after it;
    the caller starts it."""
    scheduler = BackgroundScheduler(timezone="UTC")
    now = tandem.clock.now()
    scheduler.add_job(
        _sweep,
        "interval",
        seconds=INTERVAL_SECONDS,
        start_date=next_whole_minute(now),  # the following passes fall on second :00
        args=[tandem],
        id="sweep",
        max_instances=1,
        coalesce=True,
        next_run_time=now,  # a first pass right at start catches up
    )
    return scheduler
