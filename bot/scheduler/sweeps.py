"""The sweeps one scheduler pass runs, in order: planners first, then the outbox.

A sweep is a function (tandem, now) -> list of report lines. Features name theirs in
bot/features.py and the wiring puts the outbox last; `every` makes a sweep run at most that
often (its last run is kept in job_runs), so a daily job also runs from `tandem tick` and
survives restarts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.context import Tandem
from bot.delivery.outbox import deliver_due, due_deliveries
from bot.delivery.planning import dialect_insert
from bot.delivery.stream import Stream
from bot.models import JobRun

SweepFn = Callable[[Tandem, datetime], list[str]]
BacklogFn = Callable[[Tandem, datetime, int], int]


@dataclass(frozen=True)
class Sweep:
    name: str
    run: SweepFn
    every: timedelta | None = None
    # A fan-out: the delivery kinds this sweep plans that nothing later in a pass cancels,
    # and how many it has to plan (counted up to a limit). With STREAM_AFTER or more, the
    # outbox sends them while this sweep and the rest of the planners run (stream.py).
    streams: tuple[str, ...] = ()
    backlog: BacklogFn | None = None


# A fan-out this large starts sending while it is planned.
STREAM_AFTER = 500


# A pass stops claiming deliveries after this long, so that a fan-out paced by Slack's
# limits (an hour for 20,000 DMs at 5 a second) does not keep the planners waiting; the
# scheduler loop then starts the next pass at once.
DELIVERY_BUDGET = timedelta(minutes=2)
MORE_DUE = "deliveries: more are due; the next pass goes on with them"


def deliveries(tandem: Tandem, now: datetime, stream: Stream | None = None) -> list[str]:
    report = deliver_due(tandem, now, budget=DELIVERY_BUDGET.total_seconds(), stream=stream)
    lines = [
        f"deliveries: {report.sent} sent, {report.failed} failed, "
        f"{report.retrying} to retry, {report.missed} missed"
    ]
    extra = [
        (report.reconciled, "found already posted (after a crash or a timeout)"),
        (report.taken_over, "taken over from a worker that died"),
        (report.rate_limited, "answers 429 waited out"),
        (report.paused_pairs, "pairs paused (a member left the workspace)"),
        (report.uninstalled, "skipped (Tandem was uninstalled from their workspace)"),
        (report.skipped, "not sent: the recipient has left the workspace"),
    ]
    lines += [f"  {count} {what}" for count, what in extra if count]
    lines += [f"  failed: {error}" for error in report.errors]
    if report.token_error:
        lines.append(
            f"  stopped: Slack refused the bot token ({report.token_error}); "
            "every row stays planned until it works again"
        )
    if report.cut_short:
        lines.append(MORE_DUE)
    return lines


OUTBOX = "deliveries"


def outbox_sweep() -> Sweep:
    """The outbox's sweep, which every pass runs after the features' planners."""
    return Sweep(OUTBOX, deliveries)


def streams(tandem: Tandem, sweep: Sweep, now: datetime) -> bool:
    """Whether this sweep has a fan-out to plan, or planned already and not sent (a worker
    that died mid fan-out, restarted), that the outbox should send meanwhile: else the
    prompts would wait for every planner of the pass."""
    if not sweep.streams:
        return False
    waiting = due_deliveries(tandem, now, sweep.streams, STREAM_AFTER)
    if waiting >= STREAM_AFTER or sweep.backlog is None:
        return waiting >= STREAM_AFTER
    return waiting + sweep.backlog(tandem, now, STREAM_AFTER - waiting) >= STREAM_AFTER


def last_run(tandem: Tandem, name: str) -> datetime | None:
    """When the job `name` last recorded a run (see mark_runs_in), if ever."""
    with tandem.sessions() as session:
        return last_run_in(session, name)


def last_run_in(session: Session, name: str) -> datetime | None:
    return session.scalar(select(JobRun.last_run_at).where(JobRun.name == name))


def mark_run_in(session: Session, name: str, now: datetime) -> None:
    mark_runs_in(session, [name], now)


def mark_runs_in(session: Session, names: list[str], now: datetime) -> None:
    """Record that the jobs `names` ran as of `now`, in one statement."""
    # An upsert: two workers that ran the same periodic sweep at once both record it.
    rows = [{"name": name, "last_run_at": now} for name in names]
    statement = dialect_insert(session)(JobRun).values(rows)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["name"], set_={"last_run_at": statement.excluded.last_run_at}
        )
    )


def last_runs(tandem: Tandem, sweeps: list[Sweep]) -> dict[str, datetime]:
    """When each of the sweeps that run `every` so often last ran (one query a pass)."""
    names = [sweep.name for sweep in sweeps if sweep.every is not None]
    if not names:
        return {}
    with tandem.sessions() as session:
        rows = session.execute(
            select(JobRun.name, JobRun.last_run_at).where(JobRun.name.in_(names))
        ).all()
    return {name: at for name, at in rows}


def is_due(sweep: Sweep, now: datetime, last_runs: dict[str, datetime]) -> bool:
    if sweep.every is None:
        return True
    last = last_runs.get(sweep.name)
    return last is None or now - last >= sweep.every
