"""What a pass records in job_runs: each periodic sweep that ran, before the outbox starts
(which may take minutes), and the pass itself once it is over."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from bot.context import Tandem
from bot.scheduler.sweeps import OUTBOX, Sweep, last_run
from bot.scheduler.tick import LAST_PASS, run_pass
from tests.support.checkins import CREATED

DAILY = "members"  # the daily refresh of members: due in a fresh program


def _with_outbox(tandem: Tandem, outbox: Sweep) -> Tandem:
    wired = tuple(outbox if s.name == OUTBOX else s for s in tandem.wiring.sweeps)
    return replace(tandem, wiring=replace(tandem.wiring, sweeps=wired))


def test_periodic_sweeps_are_recorded_before_the_outbox_runs(tandem: Tandem) -> None:
    seen: dict[str, datetime | None] = {}

    def outbox(tandem: Tandem, now: datetime) -> list[str]:
        seen["daily"] = last_run(tandem, DAILY)
        seen["pass"] = last_run(tandem, LAST_PASS)
        return []

    run_pass(_with_outbox(tandem, Sweep(OUTBOX, outbox)), CREATED)
    # Another worker's pass meanwhile would not run the daily sweep again.
    assert seen == {"daily": CREATED, "pass": None}
    assert last_run(tandem, LAST_PASS) == CREATED


def test_a_failing_sweep_leaves_those_that_ran_recorded_but_not_the_pass(
    tandem: Tandem,
) -> None:
    def outbox(tandem: Tandem, now: datetime) -> list[str]:
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        run_pass(_with_outbox(tandem, Sweep(OUTBOX, outbox)), CREATED)
    assert last_run(tandem, DAILY) == CREATED
    assert last_run(tandem, LAST_PASS) is None
