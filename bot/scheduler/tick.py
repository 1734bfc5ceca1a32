"""One pass of all scheduled work as of an instant (what `tandem tick` and the loop run)."""

from __future__ import annotations

import logging
from datetime import datetime

from bot.context import Tandem
from bot.scheduler.sweeps import all_sweeps, is_due, record_run
from bot.services import catalog  # noqa: F401  (registers sweeps and delivery kinds)

log = logging.getLogger(__name__)


def run_pass(tandem: Tandem, now: datetime) -> list[str]:
    """Run every due sweep; return what each did, one line or more per sweep."""
    lines: list[str] = []
    for sweep in all_sweeps():
        if not is_due(tandem, sweep, now):
            continue
        lines += sweep.run(tandem, now)
        record_run(tandem, sweep, now)
    return lines
