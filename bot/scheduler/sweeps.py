"""The sweeps one scheduler pass runs, in order: planners first, then the outbox.

A sweep is a function (tandem, now) -> list of report lines. Features add theirs to SWEEPS;
`every` makes a sweep run at most that often (its last run is kept in job_runs), so a
daily job also runs from `tandem tick` and survives restarts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from bot.context import Tandem
from bot.delivery.outbox import deliver_due
from bot.models import JobRun

SweepFn = Callable[[Tandem, datetime], list[str]]


@dataclass(frozen=True)
class Sweep:
    name: str
    run: SweepFn
    every: timedelta | None = None


def deliveries(tandem: Tandem, now: datetime) -> list[str]:
    report = deliver_due(tandem, now)
    lines = [
        f"deliveries: {report.sent} sent, {report.failed} failed, "
        f"{report.retrying} to retry, {report.missed} missed"
    ]
    lines += [f"  failed: {error}" for error in report.errors]
    return lines


SWEEPS: list[Sweep] = []


def all_sweeps() -> list[Sweep]:
    """Feature sweeps in registration order, then the outbox."""
    return [*SWEEPS, Sweep("deliveries", deliveries)]


def is_due(tandem: Tandem, sweep: Sweep, now: datetime) -> bool:
    if sweep.every is None:
        return True
    with tandem.sessions() as session:
        last = session.scalar(select(JobRun.last_run_at).where(JobRun.name == sweep.name))
    return last is None or now - last >= sweep.every


def record_run(tandem: Tandem, sweep: Sweep, now: datetime) -> None:
    if sweep.every is None:
        return
    with tandem.sessions.begin() as session:
        run = session.get(JobRun, sweep.name)
        if run is None:
            session.add(JobRun(name=sweep.name, last_run_at=now))
        else:
            run.last_run_at = now
