"""Planning deliveries and sending the ones that are due.

A delivery is planned once per logical message (its unique key makes planning idempotent),
claimed atomically by one worker, sent, and marked sent with Slack's ts. Anything that fell
due more than MISSED_AFTER ago and was never sent is recorded as missed rather than sent late.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, Result, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.context import Tandem
from bot.delivery.kinds import kind_of
from bot.models import Delivery
from bot.slack.gateway import SlackFailure

log = logging.getLogger(__name__)

MISSED_AFTER = timedelta(hours=12)
MAX_ATTEMPTS = 5
BATCH = 200


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    retrying: int = 0
    missed: int = 0
    errors: list[str] = field(default_factory=list)


def _insert(session: Session) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT DO NOTHING."""
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


def _rowcount(result: Result[Any]) -> int:
    return int(cast(CursorResult[Any], result).rowcount)


def plan(
    session: Session,
    *,
    key: str,
    team_id: str,
    kind: str,
    recipient: str,
    due_at: datetime,
    now: datetime,
    payload: dict[str, Any] | None = None,
) -> bool:
    """Plan a delivery unless one with this key exists; True if it was planned now."""
    insert = _insert(session)
    statement = (
        insert(Delivery)
        .values(
            key=key,
            team_id=team_id,
            kind=kind,
            recipient=recipient,
            payload=payload or {},
            due_at=due_at,
            state="planned",
            attempts=0,
            created_at=now,
        )
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(Delivery.id)
    )
    return session.execute(statement).first() is not None


def skip(session: Session, key: str, reason: str) -> bool:
    """Cancel a planned delivery (e.g. a reminder after the check-in was answered)."""
    result = session.execute(
        update(Delivery)
        .where(Delivery.key == key, Delivery.state == "planned")
        .values(state="skipped", error=reason)
    )
    return bool(_rowcount(result))


def _mark_missed(session: Session, now: datetime) -> int:
    result = session.execute(
        update(Delivery)
        .where(Delivery.state == "planned", Delivery.due_at < now - MISSED_AFTER)
        .values(state="missed", error="fell due more than 12 hours before it could be sent")
    )
    return _rowcount(result)


def _claim(session: Session, now: datetime, worker_id: str, limit: int) -> list[int]:
    due = (
        select(Delivery.id)
        .where(Delivery.state == "planned", Delivery.due_at <= now)
        .order_by(Delivery.due_at, Delivery.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    result = session.execute(
        update(Delivery)
        .where(Delivery.id.in_(due.scalar_subquery()), Delivery.state == "planned")
        .values(
            state="claimed",
            claimed_by=worker_id,
            claimed_at=now,
            attempts=Delivery.attempts + 1,
        )
        .returning(Delivery.id)
    )
    return [row[0] for row in result]


def _send_one(tandem: Tandem, delivery_id: int, now: datetime, report: DeliveryReport) -> None:
    with tandem.sessions.begin() as session:
        delivery = session.get(Delivery, delivery_id)
        if delivery is None or delivery.state != "claimed":
            return
        kind = kind_of(delivery.kind)
        try:
            posted = kind.send(tandem, delivery)
        except SlackFailure as failure:
            delivery.error = failure.error
            if failure.permanent or delivery.attempts >= MAX_ATTEMPTS:
                delivery.state = "failed"
                report.failed += 1
                report.errors.append(f"{delivery.key}: {failure.error}")
                log.warning("delivery %s failed: %s", delivery.key, failure.error)
            else:
                delivery.state = "planned"  # picked up again by the next pass
                delivery.claimed_by = None
                report.retrying += 1
            return
        delivery.state = "sent"
        delivery.sent_at = now
        delivery.error = None
        if posted is not None:
            delivery.ts = posted.ts
            delivery.channel_id = posted.channel
        if kind.after_sent is not None:
            kind.after_sent(session, delivery, posted)
        report.sent += 1


def deliver_due(tandem: Tandem, now: datetime) -> DeliveryReport:
    """Send everything due at `now` that no other worker has claimed."""
    report = DeliveryReport()
    with tandem.sessions.begin() as session:
        report.missed = _mark_missed(session, now)
    while True:
        with tandem.sessions.begin() as session:
            claimed = _claim(session, now, tandem.worker_id, BATCH)
        for delivery_id in claimed:
            _send_one(tandem, delivery_id, now, report)
        if len(claimed) < BATCH:
            return report
