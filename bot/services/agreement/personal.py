"""The agreement part of a person's data: the agreement fields they wrote, and the goals of
their pairs (the mentee's goals, which both partners see).

Forgetting someone empties the agreement parts they submitted and, where they are the
mentee, their goals' texts. The agreement already posted in the pair channel is a Slack
message that stays in the channel's history.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.models import AgreementPart, Goal, Pair
from bot.personal import Person, PersonalData, pair_ids, row_values

GOAL_COLUMNS = ("pair_id", "position", "text", "success", "progress", "created_at", "done_at")


def _their_parts(person: Person) -> Any:
    return (AgreementPart.submitted_by == person.user_id) & AgreementPart.pair_id.in_(
        select(Pair.id).where(Pair.team_id == person.team_id)
    )


def export(session: Session, person: Person) -> Mapping[str, Any]:
    parts = session.scalars(select(AgreementPart).where(_their_parts(person)))
    goals = session.scalars(
        select(Goal).where(Goal.pair_id.in_(pair_ids(person))).order_by(Goal.pair_id, Goal.position)
    )
    return {
        "agreement_parts": [
            row_values(p, "pair_id", "role", "data", "submitted_at") for p in parts
        ],
        "goals": [row_values(g, *GOAL_COLUMNS) for g in goals],
    }


def erase(session: Session, person: Person, now: datetime) -> None:
    session.execute(
        update(AgreementPart)
        .where(_their_parts(person))
        .values(data={})
        .execution_options(synchronize_session=False)
    )
    if person.member_id is not None:
        session.execute(
            update(Goal)
            .where(Goal.pair_id.in_(pair_ids(person, as_mentee=True)))
            .values(text="", success=None)
            .execution_options(synchronize_session=False)
        )


PERSONAL = PersonalData(
    tables={
        "agreement_parts": "exported; the parts they wrote are emptied",
        "goals": "exported; a mentee's goal texts are emptied",
    },
    export=export,
    erase=erase,
)
