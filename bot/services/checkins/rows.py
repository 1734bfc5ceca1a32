"""Set-based writes of check-in rows: claiming due rows and inserting planned ones."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.domain.schedule import Cadence, Slot
from bot.domain.states import CheckInState
from bot.models import CheckIn


def is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def claim_ids(
    session: Session, model: Any, pick: Select[Any], guard: ColumnElement[bool], **values: Any
) -> list[int]:
    """Set `values` on the rows `pick` selects, atomically; return what RETURNING gives.

    One UPDATE ... RETURNING of the rows `pick` selects: on PostgreSQL with FOR UPDATE SKIP
    LOCKED, so concurrent passes skip each other's rows; on SQLite the statement takes the
    write lock first, so two processes never claim the same row.
    """
    if is_postgres(session):
        # A materialised CTE runs the locking SELECT exactly once. As `id IN (subquery)`
        # PostgreSQL may run it again per row, and with SKIP LOCKED each run can return
        # other rows, so `pick`'s LIMIT would not hold (a batch of 500 claimed more, and the
        # planner, seeing a batch that was not full, left the rest for the next pass).
        locked = pick.with_for_update(skip_locked=True).cte("picked").prefix_with("MATERIALIZED")
        chosen = model.id == locked.c.id
    else:
        chosen = model.id.in_(pick.scalar_subquery())
    statement = (
        update(model)
        .where(chosen, guard)
        .values(**values)
        .returning(model.id)
        .execution_options(synchronize_session=False)
    )
    return list(session.scalars(statement))


def planned_row(
    *,
    team_id: str,
    pair_id: int,
    member_id: int,
    role: str,
    slot: Slot,
    cadence: Cadence,
    tz: str,
) -> dict[str, Any]:
    return {
        "team_id": team_id,
        "pair_id": pair_id,
        "member_id": member_id,
        "role": role,
        "period": slot.period.isoformat(),
        "question_id": "",
        "question_round": 0,
        "due_at": slot.due_at,
        "schedule": cadence.signature(tz),
        "state": CheckInState.PLANNED,
        "goal_progress": {},
        "shared": False,
    }


def insert_planned(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert planned check-ins in batches; a period that already has a row is kept."""
    if not rows:
        return
    insert = postgresql.insert if is_postgres(session) else sqlite.insert
    statement = insert(CheckIn).on_conflict_do_nothing(
        index_elements=["pair_id", "member_id", "period"]
    )
    # A list of parameter sets: one cached statement, sent in multi-row batches.
    session.execute(statement, rows)


def move(checkin: CheckIn, slot: Slot, cadence: Cadence, tz: str) -> None:
    """Point a not-yet-sent check-in at another slot (a pause, a change of cadence)."""
    checkin.period = slot.period.isoformat()
    checkin.due_at = slot.due_at
    checkin.schedule = cadence.signature(tz)
