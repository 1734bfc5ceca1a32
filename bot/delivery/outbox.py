"""The outbox: plan deliveries, and send the ones that are due, each exactly once.

A delivery is planned once per logical message (its unique key makes planning idempotent),
claimed by one pass of one worker, sent, and marked sent with Slack's ts. Anything that
fell due more than MISSED_AFTER ago and was never sent is recorded as missed rather than
sent late. How claims survive crashes is in claims.py, how sending works in sending.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.context import Tandem
from bot.delivery.claims import Lease, take_over_abandoned
from bot.delivery.health import skip_uninstalled, token_refused, token_works
from bot.delivery.planning import plan, rowcount, skip
from bot.delivery.report import DeliveryReport
from bot.delivery.sending import MAX_ATTEMPTS, Run
from bot.delivery.stream import Stream
from bot.domain.states import DeliveryState
from bot.models import Delivery

__all__ = ["MAX_ATTEMPTS", "MISSED_AFTER", "DeliveryReport", "deliver_due", "plan", "skip"]

MISSED_AFTER = timedelta(hours=12)


def _mark_missed(session: Session, now: datetime, lasting: list[str]) -> int:
    result = session.execute(
        update(Delivery)
        .where(Delivery.state == DeliveryState.PLANNED, Delivery.due_at < now - MISSED_AFTER)
        .where(Delivery.kind.not_in(lasting))
        .values(
            state=DeliveryState.MISSED, error="fell due more than 12 hours before it could be sent"
        )
    )
    return rowcount(result)


def due_deliveries(tandem: Tandem, now: datetime, kinds: Sequence[str], limit: int) -> int:
    """How many rows of these kinds are due and not claimed yet, counted up to `limit`."""
    with tandem.sessions() as session:
        due = (
            select(Delivery.id)
            .where(
                Delivery.state == DeliveryState.PLANNED,
                Delivery.due_at <= now,
                Delivery.kind.in_(kinds),
            )
            .limit(limit)
            .subquery()
        )
        return int(session.scalar(select(func.count()).select_from(due)) or 0)


def deliver_due(
    tandem: Tandem, now: datetime, *, budget: float | None = None, stream: Stream | None = None
) -> DeliveryReport:
    """Send everything due at `now` that no other worker has claimed.

    Rows left claimed by a worker that died are taken over first. With `budget` (seconds),
    no new rows are claimed once it is spent; the rest waits for the next pass. With
    `stream`, this starts while planners still run (see stream.py).
    """
    report = DeliveryReport()
    with tandem.sessions.begin() as session:
        report.missed = _mark_missed(session, now, tandem.wiring.outbox.lasting())
        report.uninstalled = skip_uninstalled(tandem, session)
    with Lease(tandem) as lease:
        report.taken_over = take_over_abandoned(tandem, lease, now)
        Run(tandem, now, lease, report, stream).execute(budget)
    for team, error in report.refused.items():
        token_refused(tandem, team, error, now)
    token_works(tandem, report.working_teams, now)
    return report
