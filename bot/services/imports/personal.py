"""The imports part of a person's data: the imports of pairs they started as an owner.

Forgetting keeps them: an import is the program's record of how its pairs were made (its
rows name people by user ID, as the pairs do).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import PairImport
from bot.personal import Person, PersonalData, row_values

COLUMNS = ("id", "source", "state", "total_rows", "pair_count", "created_at", "finished_at")


def export(session: Session, person: Person) -> Mapping[str, Any]:
    rows = session.scalars(
        select(PairImport)
        .where(PairImport.team_id == person.team_id)
        .where(
            (PairImport.requested_by == person.user_id) | (PairImport.notify_user == person.user_id)
        )
        .order_by(PairImport.id)
    )
    return {"imports_started": [row_values(row, *COLUMNS) for row in rows]}


def erase(session: Session, person: Person, now: datetime) -> None:
    """Nothing: see the module's docstring."""


PERSONAL = PersonalData(
    tables={"pair_imports": "exported; kept as the program's record of its pairs"},
    export=export,
    erase=erase,
)
