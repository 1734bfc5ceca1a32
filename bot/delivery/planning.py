"""Planning a delivery (idempotently, by its key) and cancelling one that is still planned."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Result, Table, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.domain.states import DeliveryState
from bot.models import Delivery

_delivery_table = cast(Table, Delivery.__table__)


def dialect_insert(session: Session) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT DO NOTHING."""
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


def rowcount(result: Result[Any]) -> int:
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
    insert = dialect_insert(session)
    statement = (
        insert(Delivery)
        .values(
            key=key,
            team_id=team_id,
            kind=kind,
            recipient=recipient,
            payload=payload or {},
            due_at=due_at,
            state=DeliveryState.PLANNED,
            attempts=0,
            uncertain=False,
            created_at=now,
        )
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(Delivery.id)
    )
    return session.execute(statement).first() is not None


@dataclass(frozen=True)
class Planned:
    """One delivery to plan (see `plan`)."""

    key: str
    team_id: str
    kind: str
    recipient: str
    due_at: datetime
    payload: dict[str, Any]


def plan_many(session: Session, deliveries: list[Planned], now: datetime) -> int:
    """Plan many deliveries in one statement (batched by the driver), each unless one with
    its key exists, as `plan` does one by one; how many were planned now."""
    if not deliveries:
        return 0
    statement = (
        dialect_insert(session)(_delivery_table)
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(_delivery_table.c.id)
    )
    result = session.execute(
        statement,
        [
            {
                "key": d.key,
                "team_id": d.team_id,
                "kind": d.kind,
                "recipient": d.recipient,
                "payload": d.payload,
                "due_at": d.due_at,
                "state": DeliveryState.PLANNED,
                "attempts": 0,
                "uncertain": False,
                "created_at": now,
            }
            for d in deliveries
        ],
    )
    return len(result.all())


def skip(session: Session, key: str, reason: str) -> bool:
    """Cancel a planned delivery (e.g. a reminder after the check-in was answered)."""
    result = session.execute(
        update(Delivery)
        .where(Delivery.key == key, Delivery.state == DeliveryState.PLANNED)
        .values(state=DeliveryState.SKIPPED, error=reason)
    )
    return bool(rowcount(result))


def skip_many(session: Session, keys: list[str], reason: str) -> int:
    """`skip` for many keys in one statement; how many were cancelled."""
    if not keys:
        return 0
    result = session.execute(
        update(Delivery)
        .where(Delivery.key.in_(keys), Delivery.state == DeliveryState.PLANNED)
        .values(state=DeliveryState.SKIPPED, error=reason)
    )
    return rowcount(result)
