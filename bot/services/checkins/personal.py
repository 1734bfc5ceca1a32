"""The check-ins part of a person's data: their own check-ins, pulses and reflections.

Only rows with their member ID: a partner's check-in in the same pair is the partner's.
Forgetting someone clears their reflection texts and goal progress notes, and keeps each
row's state, pulse and dates, so the program's counts of answered check-ins stay right.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.models import CheckIn
from bot.personal import Person, PersonalData, row_values

COLUMNS = (
    "pair_id",
    "role",
    "period",
    "question_id",
    "due_at",
    "state",
    "sent_at",
    "answered_at",
    "pulse",
    "reflection",
    "goal_progress",
    "shared",
)


def export(session: Session, person: Person) -> Mapping[str, Any]:
    if person.member_id is None:
        return {"checkins": []}
    rows = session.scalars(
        select(CheckIn)
        .where(CheckIn.team_id == person.team_id, CheckIn.member_id == person.member_id)
        .order_by(CheckIn.due_at, CheckIn.id)
    )
    return {"checkins": [row_values(row, *COLUMNS) for row in rows]}


def erase(session: Session, person: Person, now: datetime) -> None:
    if person.member_id is None:
        return
    session.execute(
        update(CheckIn)
        .where(CheckIn.team_id == person.team_id, CheckIn.member_id == person.member_id)
        .values(reflection=None, goal_progress={})
    )


PERSONAL = PersonalData(
    tables={"checkins": "exported; reflections cleared, answered counts and pulses kept"},
    export=export,
    erase=erase,
)
