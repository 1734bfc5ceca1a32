"""APScheduler wiring: a sweep every minute in a background thread."""

from __future__ import annotations

import logging

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


def build_scheduler(tandem: Tandem) -> BaseScheduler:
    """A background scheduler running a pass every minute; the caller starts it."""
    scheduler = BackgroundScheduler(timezone="UTC")
    scheduler.add_job(
        _sweep,
        "interval",
        seconds=INTERVAL_SECONDS,
        args=[tandem],
        id="sweep",
        max_instances=1,
        coalesce=True,
        next_run_time=tandem.clock.now(),  # a first pass right at start catches up
    )
    return scheduler
