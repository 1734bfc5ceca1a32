"""APScheduler wiring: a pass at every whole minute in a background thread.

Everything Tandem plans falls due at a whole minute (a check-in at 10:00 in someone's time
zone), so passes run at second :00: a prompt leaves when it falls due, not up to a minute
later. A pass that runs long (a large fan-out) coalesces the minutes it covered.
"""

from __future__ import annotations

import logging

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.cron import CronTrigger

from bot.context import Tandem
from bot.scheduler.sweeps import MORE_DUE
from bot.scheduler.tick import run_pass

log = logging.getLogger(__name__)


def _sweep(tandem: Tandem) -> None:
    while True:
        lines = run_pass(tandem, tandem.clock.now())
        for line in lines:
            log.info("%s", line)
        if MORE_DUE not in lines:  # a long fan-out goes on with the next pass at once
            return


def build_scheduler(tandem: Tandem) -> BaseScheduler:
    """A background scheduler running a pass at start and at every whole minute after it;
    the caller starts it."""
    scheduler = BackgroundScheduler(timezone="UTC")
    now = tandem.clock.now()
    # A cron trigger, not an interval: an interval counts from the pass before (the one at
    # start, at any second), a cron trigger from the clock, so every later pass is at :00.
    scheduler.add_job(
        _sweep,
        CronTrigger(second=0, timezone="UTC"),
        args=[tandem],
        id="sweep",
        max_instances=1,
        coalesce=True,
        next_run_time=now,  # a first pass right at start catches up
    )
    return scheduler
