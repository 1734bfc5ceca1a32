"""One pass of all scheduled work as of an instant (what `tandem tick` and the loop run)."""

from __future__ import annotations

import logging
from datetime import datetime

from bot.context import Tandem
from bot.scheduler.sweeps import is_due, mark_run, record_run

log = logging.getLogger(__name__)

LAST_PASS = "pass"  # the job_runs row of the last pass, for /healthz


def run_pass(tandem: Tandem, now: datetime) -> list[str]:
    """Run every due sweep; return what each did, one line or more per sweep."""
    lines: list[str] = []
    for sweep in tandem.wiring.sweeps:
        if not is_due(tandem, sweep, now):
            continue
        lines += sweep.run(tandem, now)
        record_run(tandem, sweep, now)
    mark_run(tandem, LAST_PASS, now)
    return lines
