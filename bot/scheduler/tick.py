"""One pass of all scheduled work as of an instant (what `tandem tick` and the loop run)."""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from bot.context import Tandem
from bot.delivery.stream import Stream
from bot.scheduler.sweeps import (
    OUTBOX,
    Sweep,
    deliveries,
    is_due,
    last_runs,
    mark_runs_in,
    streams,
)

log = logging.getLogger(__name__)

LAST_PASS = "pass"  # the job_runs row of the last pass, for /healthz


def run_pass(tandem: Tandem, now: datetime) -> list[str]:
    """Run every due sweep; return what each did, one line or more per sweep.

    The outbox runs last, except in a large fan-out: then it starts as the fan-out's planner
    does, and sends its prompts while the planners go on (bot/delivery/stream.py)."""
    lines: list[str] = []
    sweeps = list(tandem.wiring.sweeps)
    last = last_runs(tandem, sweeps)
    ran: list[str] = []  # the periodic sweeps that ran, then this pass: recorded together
    try:
        _run_sweeps(tandem, now, sweeps, last, ran, lines)
        ran.append(LAST_PASS)
    finally:
        _record(tandem, ran, now)  # also when a sweep failed: those that ran are not rerun
    return lines


def _record(tandem: Tandem, ran: list[str], now: datetime) -> None:
    """Record the runs in `ran` (one statement), and forget them."""
    if ran:
        with tandem.sessions.begin() as session:
            mark_runs_in(session, ran, now)
        ran.clear()


def _run_sweeps(
    tandem: Tandem,
    now: datetime,
    sweeps: list[Sweep],
    last: dict[str, datetime],
    ran: list[str],
    lines: list[str],
) -> None:
    sending: _Sending | None = None
    try:
        for sweep in sweeps:
            if not is_due(sweep, now, last):
                continue
            if sweep.name == OUTBOX:
                # The outbox may take minutes: the sweeps before it are recorded first, so
                # that another worker's pass meanwhile does not run them again.
                _record(tandem, ran, now)
            if sweep.name == OUTBOX and sending is not None:
                lines += sending.finish()
                sending = None
            else:
                if sending is None and streams(tandem, sweep, now):
                    sending = _Sending(tandem, now, sweep.streams)
                lines += sweep.run(tandem, now)
            if sweep.every is not None:
                ran.append(sweep.name)
    finally:
        if sending is not None:  # a planner failed: the outbox still finishes its work
            sending.finish()


class _Sending:
    """The outbox of this pass, in a thread of its own while planners run."""

    def __init__(self, tandem: Tandem, now: datetime, kinds: tuple[str, ...]) -> None:
        self.stream = Stream(kinds)
        self.lines: list[str] = []
        self.error: BaseException | None = None
        self.thread = threading.Thread(
            target=self._run, args=(tandem, now), name="outbox", daemon=True
        )
        self.thread.start()

    def _run(self, tandem: Tandem, now: datetime) -> None:
        try:
            self.lines = deliveries(tandem, now, self.stream)
        except BaseException as error:  # handed to the pass's thread in finish()
            self.error = error

    def finish(self) -> list[str]:
        """The planners are done: send everything due, then report."""
        self.stream.planned()
        self.thread.join()
        if self.error is not None:
            raise self.error
        return self.lines
