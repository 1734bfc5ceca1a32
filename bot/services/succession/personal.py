"""The succession part of a person's data: the knowledge they logged as handed over, their
own readiness ratings, the target role and areas of their pairs, and an area list they saved
as an owner.

Forgetting someone empties the texts of the handovers they logged and, where they are the
mentee, their pairs' target role; their ratings stay as numbers (a partner's comparison of a
round already revealed refers to them), like pulses.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.models.succession import (
    AreaList,
    Handover,
    ReadinessRating,
    ReadinessRound,
    SuccessionPlan,
)
from bot.personal import Person, PersonalData, pair_ids, plain, row_values


def export(session: Session, person: Person) -> Mapping[str, Any]:
    areas = session.get(AreaList, person.team_id)
    saved = areas.updated_at if areas and areas.updated_by == person.user_id else None
    part: dict[str, Any] = {"area_list_saved_by_you_at": plain(saved)}
    if person.member_id is None:
        return part | {"handovers": [], "readiness_ratings": [], "succession_plans": []}
    handovers = session.scalars(
        select(Handover)
        .where(Handover.team_id == person.team_id, Handover.member_id == person.member_id)
        .order_by(Handover.id)
    )
    ratings = session.execute(
        select(ReadinessRating, ReadinessRound.month, ReadinessRound.pair_id)
        .join(ReadinessRound, ReadinessRound.id == ReadinessRating.round_id)
        .where(ReadinessRating.member_id == person.member_id)
        .order_by(ReadinessRating.id)
    )
    plans = session.scalars(
        select(SuccessionPlan).where(SuccessionPlan.pair_id.in_(pair_ids(person)))
    )
    return part | {
        "handovers": [
            row_values(h, "pair_id", "area", "how", "shared", "created_at") for h in handovers
        ],
        "readiness_ratings": [
            row_values(r, "role", "ratings", "submitted_at") | {"pair_id": pair, "month": month}
            for r, month, pair in ratings
        ],
        "succession_plans": [
            row_values(p, "pair_id", "target_role", "areas", "updated_at") for p in plans
        ],
    }


def erase(session: Session, person: Person, now: datetime) -> None:
    if person.member_id is None:
        return
    session.execute(
        update(Handover)
        .where(Handover.team_id == person.team_id, Handover.member_id == person.member_id)
        .values(shared="")
    )
    session.execute(
        update(SuccessionPlan)
        .where(SuccessionPlan.pair_id.in_(pair_ids(person, as_mentee=True)))
        .values(target_role="")
        .execution_options(synchronize_session=False)
    )


PERSONAL = PersonalData(
    tables={
        "handovers": "exported; texts they logged emptied",
        "readiness_ratings": "their own exported; kept as numbers",
        "succession_plans": "exported; a mentee's target role emptied",
        "succession_area_lists": "who saved it last exported; kept",
    },
    export=export,
    erase=erase,
)
